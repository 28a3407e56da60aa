"""A firm's library, with no Python: its own documents (assemblies), facts (a schema file),
overrides by section id, and --library on every command. The words are checked against
hand-written expectations, in every format as a reader gets them."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assembler import api, charter, termsheet
from assembler.errors import AssemblerError, TermSheetError
from assembler.library import Library

from .conftest import EXAMPLE, ROOT, docx_texts, flat, load_yaml, pdf_text, run_cli, write_sheet

JOINDER = ROOT / "examples" / "joinder"
JOINDER_SHEET = JOINDER / "termsheet.yaml"
JOINDER_LIBRARY = JOINDER / "library"
OVERRIDE_LIBRARY = ROOT / "examples" / "firm-override" / "library"

# The joinder as a reader reads it, written out by hand from the term sheet's facts.
JOINDER_WORDS = [
    'This Joinder Agreement (this "Joinder") is made as of February 20, 2024 by Saltmarsh Growth Fund, LLC, '
    'a Connecticut limited liability company (the "New Investor"), for the benefit of Lanternfish '
    'Biosciences, Inc., a Delaware corporation (the "Company"), and the Investors under the Registration '
    "Rights Agreement dated September 12, 2023 by and between the Company and Meridian Crest Partners II, "
    'L.P. (as amended from time to time, the "Agreement").',
    "the New Investor has acquired 150,000 Debenture Shares from Meridian Crest Partners II, L.P.",
    "Section 8 of the Agreement requires, as a condition of that assignment",
    "agrees to be bound by all of its provisions, and to have all of its rights, as an \"Investor\" under "
    "the Agreement",
    "Notices to the New Investor under the Agreement shall be given in the manner Section 11(c) of the "
    "Agreement provides, to:",
    "Saltmarsh Growth Fund, LLC", "240 Harbor Street", "Suite 12", "Stamford, Connecticut 06902",
    "Theodore Ablett", "203.555.0262", "with a copy to:", "Ward Quillan LLP", "New Haven, Connecticut 06510",
    "Mina Castellanos",
    "the notice of the New Investor's name and address that Section 8 of the Agreement requires, as to "
    "the securities named in Section 2.",
    "This Joinder is governed by the laws of the State of Delaware, and Section 11(e) of the Agreement "
    "applies to it",
    "IN WITNESS WHEREOF, the New Investor has signed this Joinder",
    "SALTMARSH GROWTH FUND, LLC", "Managing Member",
    "Accepted and agreed as of the date first written above:",
    "LANTERNFISH BIOSCIENCES, INC.", "Ruth Okonkwo-Sato", "President and Chief Executive Officer",
]


@pytest.fixture(scope="module")
def joinder_build(tmp_path_factory):
    """The joinder example built as README says, from the command line."""
    out = tmp_path_factory.mktemp("joinder")
    done = run_cli("build", str(JOINDER_SHEET), "--library", str(JOINDER_LIBRARY), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def _texts(out: Path, stem: str) -> dict[str, str]:
    docx = docx_texts([out / f"{stem}.docx"], out / "lo")[out / f"{stem}.docx"]
    return {"txt": flat((out / f"{stem}.txt").read_text()), "docx": flat(docx),
            "pdf": flat(pdf_text(out / f"{stem}.pdf"))}


def test_the_joinder_example_builds_from_the_command_line_with_no_python(joinder_build):
    assert not list(JOINDER_LIBRARY.rglob("*.py"))
    for fmt in ("docx", "pdf", "txt"):
        assert (joinder_build / f"joinder-agreement.{fmt}").is_file()
        assert (joinder_build / f"registration-rights-agreement.{fmt}").is_file()


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_the_joinder_says_what_a_joinder_says(joinder_build, fmt):
    text = _texts(joinder_build, "joinder-agreement")[fmt]
    assert text.upper().startswith("JOINDER AGREEMENT ")  # DOCX capitals are the title style's
    for words in JOINDER_WORDS:
        assert flat(words) in text, (fmt, words)
    # Signature blocks: one for the joining investor, one for the Company, in that order.
    assert text.index("SALTMARSH GROWTH FUND, LLC By:") < text.index("LANTERNFISH BIOSCIENCES, INC. By:")


def test_the_joinders_numbers_are_the_agreements_own(tmp_path):
    """Without Rule 144 the agreement's articles renumber, and the joinder's references follow."""
    data = load_yaml(JOINDER_SHEET)
    data["rule_144"] = {"enabled": False}
    sheet = write_sheet(tmp_path, data)
    done = run_cli("build", str(sheet), "--library", str(JOINDER_LIBRARY), "--format", "txt",
                   "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    text = flat((tmp_path / "out" / "joinder-agreement.txt").read_text())
    assert "Section 7 of the Agreement requires" in text
    assert "in the manner Section 10(c) of the Agreement provides" in text
    assert "Section 10(e) of the Agreement applies" in text
    agreement = flat((tmp_path / "out" / "registration-rights-agreement.txt").read_text())
    assert "7. ASSIGNMENT" in agreement and "10. MISCELLANEOUS" in agreement


def test_assembler_toml_beside_the_term_sheet_names_the_library(tmp_path):
    done = run_cli("build", str(JOINDER_SHEET), "--format", "txt", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "joinder-agreement.txt").is_file()


def test_the_environment_names_the_library(tmp_path):
    sheet = tmp_path / "termsheet.yaml"
    shutil.copy(JOINDER_SHEET, sheet)  # no assembler.toml here
    plain = run_cli("build", str(sheet), "--format", "txt", "--out", str(tmp_path / "a"))
    assert plain.returncode == 2
    assert "field 'joinder': is not a known field" in plain.stderr
    env = {**os.environ, "ASSEMBLER_LIBRARY": str(JOINDER_LIBRARY)}
    done = subprocess.run([sys.executable, "-m", "assembler", "build", str(sheet), "--format", "txt", "--out",
                           str(tmp_path / "b")], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "b" / "joinder-agreement.txt").is_file()


def test_the_same_library_builds_a_term_sheet_with_no_joinder(tmp_path):
    done = run_cli("build", str(EXAMPLE), "--library", str(JOINDER_LIBRARY), "--format", "txt",
                   "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "joinder-agreement.txt").exists()
    assert (tmp_path / "registration-rights-agreement.txt").is_file()


# --- facts ------------------------------------------------------------------------------------

def _refused(tmp_path, data, library=JOINDER_LIBRARY) -> str:
    sheet = write_sheet(tmp_path, data)
    with pytest.raises(TermSheetError) as caught:
        termsheet.load(sheet, [library] if library else None)
    message = caught.value.one_line()
    assert message.startswith(f"{sheet}:") and "\n" not in message
    return message


def test_a_library_fact_misspelt_is_refused_with_its_line_and_a_suggestion(tmp_path):
    data = load_yaml(JOINDER_SHEET)
    data["joinder"]["investor"]["nmae"] = data["joinder"]["investor"].pop("name")
    message = _refused(tmp_path, data)
    assert "field 'joinder.investor.nmae': is not a known field (did you mean 'name'?)" in message
    line = int(message.split(":")[1])
    assert (tmp_path / "termsheet.yaml").read_text().splitlines()[line - 1].strip().startswith("nmae:")


def test_a_library_fact_of_the_wrong_kind_says_what_is_accepted(tmp_path):
    data = load_yaml(JOINDER_SHEET)
    data["joinder"]["date"] = "next Tuesday"
    message = _refused(tmp_path, data)
    assert "field 'joinder.date'" in message and "is not a 'date'" in message and "2024-03-05" in message


def test_a_library_fact_reusing_our_model_is_checked_as_ours(tmp_path):
    data = load_yaml(JOINDER_SHEET)
    del data["joinder"]["investor"]["notices"]["address"]["city"]
    message = _refused(tmp_path, data)
    assert "joinder.investor.notices.address" in message and "city" in message


def test_a_misspelt_top_level_key_is_offered_the_librarys_name(tmp_path):
    data = load_yaml(JOINDER_SHEET)
    data["joindr"] = data.pop("joinder")
    assert "field 'joindr': is not a known field (did you mean 'joinder'?)" in _refused(tmp_path, data)


def test_our_own_facts_stay_strict_with_a_library(tmp_path):
    data = load_yaml(JOINDER_SHEET)
    data["registration"]["filing_dedline_days"] = data["registration"].pop("filing_deadline_days")
    message = _refused(tmp_path, data)
    assert "field 'registration.filing_dedline_days': is not a known field (did you mean " \
           "'filing_deadline_days'?)" in message


def test_a_library_may_not_redeclare_our_facts(tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "facts.schema.yaml").write_text("type: object\nproperties:\n  company: {type: string}\n")
    with pytest.raises(AssemblerError) as caught:
        termsheet.load(EXAMPLE, [library])
    assert "declares 'company', which is one of assembler's own facts" in caught.value.one_line()


def test_schema_prints_ours_and_the_librarys_facts():
    done = run_cli("schema", "--library", str(JOINDER_LIBRARY))
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    assert {"company", "agreement", "charter", "joinder"} <= set(schema["properties"])
    assert schema["properties"]["joinder"]["properties"]["investor"]["properties"]["notices"]["$ref"] == \
        "#/$defs/Notices"
    assert "Notices" in schema["$defs"]
    assert "joinder" not in termsheet.json_schema()["properties"]  # no library, as the web form asks


def test_library_facts_reach_the_clauses_as_ours_do():
    sheet = termsheet.load(JOINDER_SHEET, [JOINDER_LIBRARY])
    context = sheet.context()
    assert context["joinder"]["investor"]["notices"]["address"]["care_of"] is None  # filled, as ours
    assert context["company"]["name"] == "Lanternfish Biosciences, Inc."
    assert termsheet.load(EXAMPLE, [JOINDER_LIBRARY]).context()["joinder"] is None


# --- documents are data -----------------------------------------------------------------------

def test_the_registry_makes_the_documents_the_assemblies_declare():
    sheet = api.load_termsheet(EXAMPLE)
    names = [job.name for job in api.jobs(sheet, dt.date(1998, 1, 1))]
    assert names == ["registration-rights-agreement", "certificate-of-incorporation",
                     "certificate-of-amendment-1-1997-08-28", "certificate-of-amendment-2-1999-03-19",
                     "certificate-of-incorporation-as-amended-through-1998-01-01"]
    assert not hasattr(api, "DEFAULT_DOCUMENT") and not hasattr(charter, "jobs") and not hasattr(charter, "_holds")


def test_a_library_assembly_is_listed_with_ours():
    sheet = termsheet.load(JOINDER_SHEET, [JOINDER_LIBRARY])
    names = [job.name for job in api.jobs(sheet, library=Library([JOINDER_LIBRARY]))]
    assert names == ["registration-rights-agreement", "joinder-agreement"]


def test_a_bad_assembly_is_one_line_naming_its_file(tmp_path):
    library = tmp_path / "lib"
    (library / "assemblies").mkdir(parents=True)
    (library / "assemblies" / "note.yaml").write_text("name: note\ntitle: Note\nnumbering: [decimal]\n"
                                                       "clauses: [x/y]\nmakes: {when: agreement, nmae: n}\n")
    done = run_cli("build", str(EXAMPLE), "--library", str(library), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "note.yaml: field 'makes.nmae': is not a key of makes" in done.stderr
    assert not (tmp_path / "out").exists()


# --- overrides by section id ------------------------------------------------------------------

def test_the_firm_override_changes_section_11e_and_nothing_else(tmp_path):
    ours = run_cli("build", str(EXAMPLE), "--format", "txt", "--document", "registration-rights-agreement",
                   "--out", str(tmp_path / "ours"))
    firm = run_cli("build", str(EXAMPLE), "--library", str(OVERRIDE_LIBRARY), "--format", "txt",
                   "--document", "registration-rights-agreement", "--out", str(tmp_path / "firm"))
    assert ours.returncode == 0 and firm.returncode == 0, firm.stderr
    before = (tmp_path / "ours" / "registration-rights-agreement.txt").read_text().split("\n\n")
    after = (tmp_path / "firm" / "registration-rights-agreement.txt").read_text().split("\n\n")
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 1
    old, new = map(flat, changed[0])
    assert old.startswith("(e) This Agreement shall be governed by") and new.startswith(old)
    assert new.endswith("Each of the parties hereby irrevocably waives all right to trial by jury in any action, "
                        "proceeding or counterclaim arising out of or relating to this Agreement.")


def _override(tmp_path, text: str) -> Path:
    library = tmp_path / "lib"
    library.mkdir(exist_ok=True)
    (library / "overrides.yaml").write_text(text)
    return library


def test_a_section_deleted_or_added_by_id_renumbers_the_rest(tmp_path):
    library = _override(tmp_path, """registration-rights-agreement:
  delete: [rr.miscellaneous.holders]
  insert_after:
    rr.miscellaneous.counterparts: |
      <section id="firm.waiver" title="Jury Waiver"><p>Each party waives trial by jury under the laws of
      {{ governing_law.state }}; see <ref to="rr.miscellaneous.notices"/>.</p></section>
""")
    document = api.assemble(termsheet.load(EXAMPLE), library=Library([library]))
    sections = document.sections
    assert "rr.miscellaneous.holders" not in sections
    assert sections["rr.miscellaneous.notices"].number == "11(b)"  # was 11(c)
    assert sections["rr.miscellaneous.counterparts"].number == "11(l)"  # was 11(m)
    assert sections["firm.waiver"].number == "11(m)"
    text = flat(api.render(document, "txt").decode())
    assert "(m) JURY WAIVER. Each party waives trial by jury under the laws of New York; see Section 11(b)." in text


def test_an_override_of_a_section_that_is_not_there_is_one_line(tmp_path):
    library = _override(tmp_path, "registration-rights-agreement:\n  delete: [rr.nowhere]\n")
    done = run_cli("build", str(EXAMPLE), "--library", str(library), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "overrides.yaml:2: field 'rr.nowhere': delete names section 'rr.nowhere', which is not in the " \
           "Registration Rights Agreement" in done.stderr
    library = _override(tmp_path, "registraton-rights-agreement:\n  delete: [rr.assignment]\n")
    done = run_cli("build", str(EXAMPLE), "--library", str(library), "--out", str(tmp_path / "out"))
    assert "field 'registraton-rights-agreement': is not a document assembly" in done.stderr


# --- every command takes the library ----------------------------------------------------------

def test_lint_treats_the_librarys_assemblies_as_roots_and_its_facts_as_fields(tmp_path):
    done = run_cli("lint", "--library", str(JOINDER_LIBRARY))
    assert done.returncode == 0, done.stdout + done.stderr
    library = tmp_path / "lib"
    shutil.copytree(JOINDER_LIBRARY, library)
    clause = library / "joinder" / "terms.xml.j2"
    clause.write_text(clause.read_text().replace("joinder.investor.jurisdiction", "joinder.investor.jurisdicton"))
    (library / "joinder" / "orphan.xml.j2").write_text("<p>{{ company.name }}</p>")
    found = json.loads(run_cli("lint", "--library", str(library), "--json").stdout)
    rules = {(f["rule"], f["excerpt"] or f["document"]) for f in found}
    assert ("unknown-variable", "joinder.investor.jurisdicton") in rules
    assert ("unreachable-clause", "joinder/orphan") in rules
    assert len(found) == 2


@pytest.mark.parametrize("command", [
    ["check", str(JOINDER_SHEET)],
    ["redline", str(JOINDER_SHEET), str(JOINDER_SHEET), "--document", "joinder-agreement", "--format", "txt"],
    ["notice", str(JOINDER_SHEET), "--kind", "effectiveness", "--to", "initial-investor", "--date", "2023-12-01",
     "--format", "txt"],
    ["batch", str(JOINDER), "--format", "txt", "--jobs", "1"],
    ["build", str(JOINDER_SHEET), "--format", "txt"],
])
def test_every_command_takes_the_library(tmp_path, command):
    done = run_cli(*command, "--library", str(JOINDER_LIBRARY), "--out", str(tmp_path / "out")) \
        if command[0] != "check" else run_cli(*command, "--library", str(JOINDER_LIBRARY))
    assert done.returncode == 0, done.stdout + done.stderr
    if command[0] == "redline":
        assert (tmp_path / "out" / "joinder-agreement-redline.txt").is_file()
    if command[0] == "batch":
        assert (tmp_path / "out" / "termsheet" / "joinder-agreement.txt").is_file()


def test_lint_checks_a_librarys_overrides(tmp_path):
    library = _override(tmp_path, """registration-rights-agreement:
  replace:
    rr.miscellaneous.governing_law: "<p>{{ governing_law.stat }}; see <ref to='rr.nope'/>.</p>"
  delete: [rr.nothing]
""")
    found = json.loads(run_cli("lint", "--library", str(library), "--json").stdout)
    assert sorted((f["rule"], f["excerpt"]) for f in found) == [
        ("unknown-variable", "governing_law.stat"), ("unresolvable-ref", "<ref to='rr.nope'"),
        ("unresolvable-ref", "rr.nothing")]
    assert all(f["file"] == str(library / "overrides.yaml") for f in found)


def test_amend_builds_on_the_firms_form(tmp_path):
    """The firm's Section 11(e) is in the conformed copy, and amendments apply on top of it."""
    done = run_cli("amend", str(ROOT / "tests" / "fixtures" / "amended-deal.yaml"), "--number", "1",
                   "--library", str(OVERRIDE_LIBRARY), "--format", "txt", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    conformed = flat((tmp_path / "registration-rights-agreement-conformed-through-amendment-1.txt").read_text())
    assert "hereby irrevocably waives all right to trial by jury" in conformed


def test_a_librarys_assembly_of_our_name_replaces_ours_whole(tmp_path):
    library = tmp_path / "lib"
    (library / "assemblies").mkdir(parents=True)
    ours = (ROOT / "templates" / "registration-rights-agreement.yaml").read_text()
    (library / "assemblies" / "registration-rights-agreement.yaml").write_text(
        ours.replace("  - clause: registration_rights/rule_144\n    when: rule_144.enabled\n", ""))
    document = api.assemble(termsheet.load(EXAMPLE), "registration-rights-agreement", Library([library]))
    assert "rr.rule_144" not in document.sections and document.sections["rr.assignment"].number == "7"


def test_a_bad_assembler_toml_is_one_line(tmp_path):
    sheet = tmp_path / "termsheet.yaml"
    shutil.copy(EXAMPLE, sheet)
    (tmp_path / "assembler.toml").write_text("library = [1, 2]\n")
    done = run_cli("build", str(sheet), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "assembler.toml: field 'library': gives library as something other than a folder" in done.stderr
