"""A matter's own library in the workbench (issues 25 and 27): clause text accepted from the other
side's draft joins the matter's layer with the new version, and every build of that matter (the
documents page, downloads, amendments, notices, compare, the form's preview) goes over the firm's
library plus that layer, as ``--library LAYER`` gives it to the CLI, byte for byte. Another matter,
and the versions before, are untouched; rejected clause text writes nothing. A version downloads
with its libraries as a ZIP that ``assembler build`` reproduces."""
from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import zipfile

import pytest
import yaml
from starlette.testclient import TestClient

from assembler.web.app import create_app

from ..conftest import EXAMPLE
from ..reconcile_corpus import Ours
from .formdata import fields
from .test_roundtrip_pages import changes_of, decide, text_of, their_draft, upload

CLI = [sys.executable, "-m", "assembler"]
RRA = "registration-rights-agreement"
THEIRS = "shall use its commercially reasonable efforts"     # efforts-reworded (tests/reconcile_corpus.py)
OURS = "shall use its best efforts"
REJECTED = "as the context may reasonably require"          # pronouns-reworded, rejected below


@pytest.fixture(scope="module")
def ours():
    return Ours(EXAMPLE)


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(tmp_path / "ws"), base_url="http://127.0.0.1") as client:
        client.csrf = re.search(r'name="_csrf" value="([^"]+)"', client.get("/").text).group(1)
        client.workspace = tmp_path / "ws"
        client.matter = new_matter(client)
        client.other = new_matter(client)
        yield client


def new_matter(client) -> int:
    made = client.post("/matters", data={"_csrf": client.csrf, "source": "example"}, follow_redirects=False)
    return int(re.search(r"/matters/(\d+)", made.headers["location"]).group(1))


def words(data: bytes | str) -> str:
    return " ".join((data.decode("utf-8") if isinstance(data, bytes) else data).split())


def accept_efforts(client, ours, matter: int | None = None) -> str:
    """Their draft with two wording changes: best efforts reworded (accepted) and the pronouns
    clause reworded (rejected). Returns the page the save led to."""
    client.matter, saved_matter = matter or client.matter, client.matter
    location = upload(client, their_draft(ours, ("efforts-reworded", "pronouns-reworded"))).headers["location"]
    page = client.get(location).text
    legends = list(changes_of(page))
    assert len(legends) == 2 and all("Clause text" in legend for legend in legends), legends
    data = {"_csrf": client.csrf, "action": "save"}
    for legend, text in changes_of(page).items():
        number = legend.split(":")[0].split()[-1]
        data[f"decision-{number}"] = "accept" if "commercially reasonable" in text else "reject"
    saved = client.post(location, data=data, follow_redirects=False)
    client.matter = saved_matter
    assert saved.status_code == 303, saved.text
    return saved.headers["location"]


def document(client, matter: int, number: int, fmt: str, name: str = RRA) -> bytes:
    got = client.get(f"/matters/{matter}/versions/{number}/documents/{name}.{fmt}")
    assert got.status_code == 200, got.text
    return got.content


def test_accepted_clause_text_is_in_every_build_of_the_matter_and_in_no_other(client, ours, tmp_path):
    accept_efforts(client, ours)
    store = client.app.workbench.store
    layer = store.library(client.matter, 2)
    assert sorted(layer) == ["overrides.yaml"] and THEIRS in layer["overrides.yaml"].decode("utf-8")
    assert REJECTED not in layer["overrides.yaml"].decode("utf-8")       # the rejected wording: not kept
    # the documents page, version 2: their accepted words, our words where they were rejected
    text = words(document(client, client.matter, 2, "txt"))
    assert THEIRS in text and OURS not in text
    assert "as the context may require" in text and REJECTED not in text
    # version 1, and the other matter: the firm's words
    assert OURS in words(document(client, client.matter, 1, "txt"))
    assert OURS in words(document(client, client.other, 1, "txt")) and THEIRS not in words(
        document(client, client.other, 1, "txt"))
    assert store.library(client.other) == {}
    # the DOCX and PDF downloads are the CLI's, given the version's term sheet and the layer as --library
    sheet, layer_dir = tmp_path / "v2.yaml", tmp_path / "layer"
    sheet.write_text(client.get(f"/matters/{client.matter}/versions/2/termsheet.yaml").text, encoding="utf-8")
    for path, content in layer.items():
        (layer_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (layer_dir / path).write_bytes(content)
    subprocess.run(CLI + ["build", str(sheet), "--library", str(layer_dir), "--out", str(tmp_path / "cli")],
                   check=True, capture_output=True, timeout=600)
    for fmt in ("docx", "pdf", "txt"):
        assert document(client, client.matter, 2, fmt) == (tmp_path / "cli" / f"{RRA}.{fmt}").read_bytes(), fmt
    # the audit trail: the draft's SHA-256, the decisions, the override file written, by fingerprint
    audit = client.get(f"/matters/{client.matter}").text
    draft_sha = re.search(r"decisions on their draft [^<]*SHA-256 ([0-9a-f]{12})", audit)
    assert draft_sha and "accepted" in audit and "rejected" in audit
    assert "matter library (clause text): overrides.yaml" in audit
    assert "the matter&#39;s library is now overrides.yaml (clause text accepted from their draft" in audit
    record = next((client.workspace / "their-drafts").glob("*/decisions-v2.yaml")).read_text(encoding="utf-8")
    assert record.count(": accept") == 1 and record.count(": reject") == 1 and draft_sha.group(1) in record


def test_compare_the_forms_preview_amendments_and_notices_build_with_the_layer(client, ours, tmp_path):
    accept_efforts(client, ours)
    # compare: the redline of version 1 against 2 shows their wording coming in
    redline = client.get(f"/matters/{client.matter}/compare/1/2/{RRA}/redline.txt")
    assert redline.status_code == 200 and "commercially reasonable" in redline.text
    # the form's preview draws the latest version with the layer
    form = fields(client.get(f"/matters/{client.matter}/edit").text)
    shown = client.post(f"/matters/{client.matter}/preview", data={**form, "_csrf": client.csrf,
                                                                    "_document": RRA})
    key = re.search(rf"/matters/{client.matter}/drafts/([^\"/]+)\"", shown.text).group(1)
    frame = text_of(client.get(f"/matters/{client.matter}/drafts/{key}").text)
    assert THEIRS in frame and OURS not in frame
    other_form = fields(client.get(f"/matters/{client.other}/edit").text)
    shown = client.post(f"/matters/{client.other}/preview", data={**other_form, "_csrf": client.csrf,
                                                                  "_document": RRA})
    key = re.search(rf"/matters/{client.other}/drafts/([^\"/]+)\"", shown.text).group(1)
    assert OURS in text_of(client.get(f"/matters/{client.other}/drafts/{key}").text)
    # version 3 from the form, with an amendment: it keeps version 2's layer, and the conformed copy has it
    form = fields(client.post(f"/matters/{client.matter}/edit",
                              data={**form, "_csrf": client.csrf, "_op": "add:agreement.amendments"}).text)
    form.update({"agreement.amendments.0.date.day": "1", "agreement.amendments.0.date.month": "6",
                 "agreement.amendments.0.date.year": "2001",
                 "agreement.amendments.0.approval.investors.0": "Perrin, Holden & Davenport Capital Corp.",
                 "agreement.amendments.0.approval.percent_of_registrable_securities": "75",
                 "agreement.amendments.0.changes": "registration.effectiveness_deadline_days: 150"})
    saved = client.post(f"/matters/{client.matter}/versions", data={**form, "_csrf": client.csrf},
                        follow_redirects=False)
    assert saved.headers["location"] == f"/matters/{client.matter}?saved=3"
    conformed = client.get(f"/matters/{client.matter}/versions/3/amendments/1/{RRA}-conformed-through-amendment-1.txt")
    assert THEIRS in words(conformed.content) and OURS not in words(conformed.content)
    # notices of version 3: the CLI's letter with the layer, byte for byte
    sheet, layer_dir = tmp_path / "v3.yaml", tmp_path / "layer"
    sheet.write_text(client.get(f"/matters/{client.matter}/versions/3/termsheet.yaml").text, encoding="utf-8")
    for path, content in client.app.workbench.store.library(client.matter, 3).items():
        (layer_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (layer_dir / path).write_bytes(content)
    subprocess.run(CLI + ["amend", str(sheet), "--number", "1", "--library", str(layer_dir), "--out",
                          str(tmp_path / "amend"), "--format", "docx"], check=True, capture_output=True, timeout=600)
    got = client.get(f"/matters/{client.matter}/versions/3/amendments/1/{RRA}-conformed-through-amendment-1.docx")
    assert got.content == (tmp_path / "amend" / f"{RRA}-conformed-through-amendment-1.docx").read_bytes()
    subprocess.run(CLI + ["notice", str(sheet), "--kind", "effectiveness", "--to", "initial-investor", "--date",
                          "2001-05-14", "--library", str(layer_dir), "--out", str(tmp_path / "notice")],
                   check=True, capture_output=True, timeout=600)
    letter = sorted(p.name for p in (tmp_path / "notice").iterdir() if p.suffix == ".txt")[0]
    got = client.get(f"/matters/{client.matter}/versions/3/notices/{letter}?kind=effectiveness&to=initial-investor"
                     "&date=2001-05-14")
    assert got.content == (tmp_path / "notice" / letter).read_bytes()


def test_rejected_clause_text_writes_no_layer(client, ours):
    location = upload(client, their_draft(ours, ("efforts-reworded", "filing-days"))).headers["location"]
    saved = decide(client, location, client.get(location).text, {"A fact": "accept", "Clause text": "reject"})
    assert saved.headers["location"] == f"/matters/{client.matter}?saved=2"
    assert client.app.workbench.store.library(client.matter) == {}
    text = words(document(client, client.matter, 2, "txt"))
    assert OURS in text and "forty-five (45) days" in text


def test_a_second_draft_adds_to_the_layer_and_keeps_the_first(client, ours):
    accept_efforts(client, ours)
    stamped = document(client, client.matter, 2, "docx")
    draft = their_draft(ours, ("notice-copy-reworded",), stamped=stamped)
    location = upload(client, draft).headers["location"]
    page = client.get(location).text
    assert len(changes_of(page)) == 1, changes_of(page)  # the first draft's wording is ours now, not a change
    saved = decide(client, location, page, {"Clause text": "accept"})
    assert saved.status_code == 303, saved.text
    text = words(document(client, client.matter, 3, "txt"))
    assert THEIRS in text and "with a copy (which shall not constitute notice) to:" in text
    kept = yaml.safe_load(client.app.workbench.store.library(client.matter, 3)["overrides.yaml"])
    assert len(kept[RRA]["replace"]) == 2
    assert "with a copy (which shall not constitute notice)" not in words(document(client, client.matter, 2, "txt"))


def test_the_export_is_the_term_sheet_with_its_libraries_and_the_cli_builds_the_same(client, ours, tmp_path):
    accept_efforts(client, ours)
    got = client.get(f"/matters/{client.matter}/versions/2/with-library.zip")
    assert got.headers["content-disposition"] == \
        f'attachment; filename="matter-{client.matter}-version-2-with-library.zip"'
    folder = tmp_path / "export"
    with zipfile.ZipFile(io.BytesIO(got.content)) as archive:
        assert sorted(archive.namelist()) == ["assembler.toml", "matter-library/overrides.yaml", "termsheet.yaml"]
        archive.extractall(folder)
    assert 'library = ["matter-library"]' in (folder / "assembler.toml").read_text(encoding="utf-8")
    subprocess.run(CLI + ["build", "termsheet.yaml", "--out", "out"], cwd=folder, check=True, capture_output=True,
                   timeout=600)
    for fmt in ("docx", "pdf", "txt"):
        assert (folder / "out" / f"{RRA}.{fmt}").read_bytes() == document(client, client.matter, 2, fmt), fmt
    assert THEIRS in words((folder / "out" / f"{RRA}.txt").read_bytes())
    audit = client.get(f"/matters/{client.matter}").text
    assert hashlib.sha256(got.content).hexdigest() in audit


def test_with_a_firm_library_the_layer_goes_over_it_and_the_export_carries_both(tmp_path, ours):
    """The workbench started with the firm's library (``--library``): the matter's documents have the
    firm's wording and the matter's; the export holds both libraries, the matter's first."""
    from assembler.library import data_dir

    firm = tmp_path / "firm"
    (firm / "registration_rights").mkdir(parents=True)
    clause = (data_dir("clauses") / "registration_rights" / "miscellaneous.xml.j2").read_text(encoding="utf-8")
    assert clause.count("as the context may require") == 1
    (firm / "registration_rights" / "miscellaneous.xml.j2").write_text(
        clause.replace("as the context may require", "as the context may demand"), encoding="utf-8")
    with TestClient(create_app(tmp_path / "ws", library_dirs=(str(firm),)), base_url="http://127.0.0.1") as client:
        client.csrf = re.search(r'name="_csrf" value="([^"]+)"', client.get("/").text).group(1)
        client.matter = new_matter(client)
        stamped = document(client, client.matter, 1, "docx")
        assert "as the context may demand" in words(document(client, client.matter, 1, "txt"))
        location = upload(client, their_draft(ours, ("efforts-reworded",), stamped=stamped)).headers["location"]
        page = client.get(location).text
        assert len(changes_of(page)) == 1, changes_of(page)  # the firm's wording is ours, not their change
        assert decide(client, location, page, {"Clause text": "accept"}).status_code == 303
        text = words(document(client, client.matter, 2, "txt"))
        assert THEIRS in text and "as the context may demand" in text
        got = client.get(f"/matters/{client.matter}/versions/2/with-library.zip")
        folder = tmp_path / "export"
        with zipfile.ZipFile(io.BytesIO(got.content)) as archive:
            assert sorted(archive.namelist()) == [
                "assembler.toml", "firm-library/1-firm/registration_rights/miscellaneous.xml.j2",
                "matter-library/overrides.yaml", "termsheet.yaml"]
            archive.extractall(folder)
        assert 'library = ["matter-library", "firm-library/1-firm"]' in (folder / "assembler.toml").read_text()
        subprocess.run(CLI + ["build", "termsheet.yaml", "--out", "out"], cwd=folder, check=True,
                       capture_output=True, timeout=600)
        for fmt in ("docx", "pdf", "txt"):
            assert (folder / "out" / f"{RRA}.{fmt}").read_bytes() == document(client, client.matter, 2, fmt), fmt


def _with_new_section_after(docx: bytes, words_in: str, text: str) -> bytes:
    """Their clean copy: a new numbered paragraph after the one holding ``words_in``, made like it
    (its numbering), without our anchors."""
    from lxml import etree

    from ..reconcile_corpus import W, _parts, _zip

    parts = _parts(docx)
    root = etree.fromstring(parts["word/document.xml"])
    model = next(p for p in root.iter(f"{{{W}}}p") if words_in in "".join(p.itertext()))
    added = etree.Element(f"{{{W}}}p")
    added.append(etree.fromstring(etree.tostring(model.find(f"{{{W}}}pPr"))))
    run = etree.SubElement(added, f"{{{W}}}r")
    etree.SubElement(run, f"{{{W}}}t").text = text
    model.addnext(added)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _zip(parts)


def test_sections_added_by_two_drafts_both_stand_and_the_first_can_be_reworded(client, ours):
    """Reconcile calls the first new section of each draft matter.new_1: the layer keeps both, the
    second renumbered; and a later draft's wording of a section the layer added goes into it."""
    location = upload(client, their_draft(ours, ("jury-waiver-added",))).headers["location"]
    assert decide(client, location, client.get(location).text, {"A new section": "accept"}).status_code == 303
    v2 = document(client, client.matter, 2, "docx")
    draft = _with_new_section_after(v2, "waives trial by jury", "Specific Performance. Each party may seek "
                                    "specific performance of this Agreement.")
    location = upload(client, draft, "second.docx").headers["location"]
    page = client.get(location).text
    assert list(changes_of(page)) == ["Change 1: A new section, after Section 11(n)"], changes_of(page)
    assert decide(client, location, page, {"A new section": "accept"}).status_code == 303
    kept = client.app.workbench.store.library(client.matter, 3)["overrides.yaml"].decode("utf-8")
    assert 'id="matter.new_1"' in kept and 'id="matter.new_2"' in kept
    text = words(document(client, client.matter, 3, "txt"))
    assert "(n) WAIVER OF JURY TRIAL. Each party waives trial by jury" in text
    assert "(o) SPECIFIC PERFORMANCE. Each party may seek specific performance of this Agreement." in text
    # their wording of the section the layer added (a clean copy): into the insertion itself
    import docx as python_docx

    edited = python_docx.Document(io.BytesIO(document(client, client.matter, 3, "docx")))
    for run in (r for p in edited.paragraphs for r in p.runs if "waives trial by jury" in r.text):
        run.text = run.text.replace("waives trial by jury", "irrevocably waives trial by jury")
    out = io.BytesIO()
    edited.save(out)
    location = upload(client, out.getvalue(), "third.docx").headers["location"]
    page = client.get(location).text
    assert list(changes_of(page)) == ["Change 1: Clause text, Section 11(n)"], changes_of(page)
    assert decide(client, location, page, {"Clause text": "accept"}).status_code == 303
    text = words(document(client, client.matter, 4, "txt"))
    assert "Each party irrevocably waives trial by jury" in text and "(o) SPECIFIC PERFORMANCE." in text


def test_a_new_first_sub_section_accepted_stands_first_in_the_matters_documents(client, ours):
    """A section with no section of ours before it at its level goes before the one after it
    (overrides' insert_before), in the layer and in the documents page's text."""
    from ..reconcile_corpus import Edit, apply

    edit = Edit("first", "new", [("insert_first", "rr.miscellaneous.notices.company",
                                  "if to the Guarantor, to: Guarantor Holdings LLC")])
    location = upload(client, apply(ours, edit, "tracked")).headers["location"]
    page = client.get(location).text
    assert list(changes_of(page)) == ["Change 1: A new section, before Section 11(c)(i)"], changes_of(page)
    assert "They added a new section before Section 11(c)(i). Accepting adds it for this matter only." \
        in text_of(page)
    assert decide(client, location, page, {"A new section": "accept"}).status_code == 303
    assert "insert_before:" in client.app.workbench.store.library(client.matter)["overrides.yaml"].decode("utf-8")
    text = words(document(client, client.matter, 2, "txt"))
    assert "(i) if to the Guarantor, to: Guarantor Holdings LLC (ii) if to the Company, to:" in text
