"""`assembler library import`: a Word precedent becomes a draft library that builds right away.

The precedents are made here: the agreement assembler writes, with its values replaced by bracketed
placeholders (python-docx); the same re-saved by LibreOffice with its numbering typed and its fields
unlinked; the charter; and a mutual NDA written for these tests. Each is imported, its skeleton filled
with the precedent's own values, and the build compared word for word with the precedent's text
(tests/fidelity.py, the project's scorer).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from . import fidelity
from .conftest import EXAMPLE, ROOT, SECOND, need, run_cli

# The agreement of the second deal: each value as the document writes it → the placeholder put in
# its place → the value as a term sheet gives it.
AGREEMENT_VALUES = [
    ("BRIGHTWATER ROBOTICS CORP.", "[COMPANY NAME]", "Brightwater Robotics Corp."),
    ("Brightwater Robotics Corp.", "[Company Name]", "Brightwater Robotics Corp."),
    ("HARBORVIEW OPPORTUNITY FUND, L.P.", "[INVESTOR NAME]", "Harborview Opportunity Fund, L.P."),
    ("Harborview Opportunity Fund, L.P.", "[Investor Name]", "Harborview Opportunity Fund, L.P."),
    ("March 5, 2024", "[insert date]", "2024-03-05"),
    ("March 8, 2024", "[Closing Date]", "2024-03-08"),
    ("forty-five (45) days", "[___] days", 45),
    ("$2,500,000", "$[●]", 2500000),
    ("400 Innovation Way, Suite 210, Reno, Nevada 89501", "[Company Address]",
     {"lines": ["400 Innovation Way", "Suite 210"], "city": "Reno", "state": "Nevada", "postal_code": "89501"}),
    ("Dana K. Whitfield", "[Company Officer]", "Dana K. Whitfield"),
    ("Granite Peak", "[Placement Agent]", "Granite Peak"),
    ("Cayman Islands", "[Investor Jurisdiction]", "Cayman Islands"),
]

CHARTER_VALUES = [
    ("THE AUXER GROUP, INC.", "[CORPORATION NAME]", "THE AUXER GROUP, INC."),
    ("Eugene Chiaramonte", "[Incorporator]", "Eugene Chiaramonte"),
    ("25,000,000", "[authorized shares]", 25000000),
]


def _paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def with_placeholders(source: Path, target: Path, values: list[tuple]) -> None:
    """The document with each value replaced by its placeholder, run by run (python-docx)."""
    document = Document(str(source))
    for paragraph in _paragraphs(document):
        for run in paragraph.runs:
            text = run.text
            for shown, placeholder, _ in values:
                text = text.replace(shown, placeholder)
            if text != run.text:
                run.text = text
    document.save(str(target))


def typed_and_unlinked(source: Path, target: Path, folder: Path) -> None:
    """The document as a re-save leaves it: Word's list numbers typed into the text, REF fields
    replaced by the text they showed, then the file opened and saved again by LibreOffice."""
    from assembler.importer.reading import read

    labels = [p.runs[0].text if p.label else None for p in read(source).paragraphs]
    document = Document(str(source))
    body = list(document.element.body.iter(qn("w:p")))
    for p, label in zip(body, labels):
        numpr = p.find(qn("w:pPr") + "/" + qn("w:numPr"))
        if numpr is not None:
            numpr.getparent().remove(numpr)
        if label:
            first = p.find(qn("w:r"))
            run = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{label}</w:t></w:r>')
            (first.addprevious(run) if first is not None else p.append(run))
    for p in body:  # unlink fields: drop the field characters and codes, keep what they showed
        for run in list(p.iter(qn("w:r"))):
            if run.find(qn("w:fldChar")) is not None or run.find(qn("w:instrText")) is not None:
                run.getparent().remove(run)
    typed = folder / "typed.docx"
    document.save(str(typed))
    need("soffice")
    out = folder / "resaved"
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(typed)],
                   check=True, capture_output=True, timeout=300)
    shutil.move(str(out / "typed.docx"), str(target))


def fill(library: Path, values: dict, target: Path) -> dict:
    """The skeleton, each null fact given the precedent's own value: found by the placeholder the
    report says the fact stands for."""
    report = json.loads((library / "import-report.json").read_text())
    sheet = yaml.safe_load((library / "termsheet.skeleton.yaml").read_text())
    facts = sheet[report["key"]]
    for fact in report["facts"]:
        if facts.get(fact["name"]) is None:
            known = [values[p] for p in fact["placeholders"] if p in values]
            assert known, f"no value for {fact['name']} ({fact['placeholders']})"
            facts[fact["name"]] = known[0]
    target.write_text(yaml.safe_dump(sheet, sort_keys=False, allow_unicode=True))
    return report


def build_text(sheet: Path, library: Path, out: Path) -> str:
    done = run_cli("build", str(sheet), "--library", str(library), "--out", str(out), "--format", "txt,docx")
    assert done.returncode == 0, done.stderr
    texts = list(out.glob("*.txt"))
    assert len(texts) == 1, texts
    return texts[0].read_text(encoding="utf-8")


def fidelity_of(generated: str, reference: str) -> tuple[float, list]:
    return fidelity.score(fidelity.words(generated), fidelity.words(reference))


# -- a precedent of another kind: a mutual NDA, as a firm might keep it -----------------------------
# Markup for the runs: **bold**, ==highlighted==, {tag|text} a content control, <<comment|text>> a
# commented passage. "#" starts a typed number's paragraph; "|" separates table cells.
NDA = [
    ("title", "Mutual Non-Disclosure Agreement"),
    ("p", 'This Mutual Non-Disclosure Agreement (this "Agreement") is entered into as of [insert date] '
          '(the "Effective Date") by and between [Company], a [State] corporation (the "Company"), and '
          '[Counterparty], with its principal office at [Counterparty Address] (the "Counterparty").'),
    ("p", "1. **Definitions.** "
          '"Confidential Information" means any information a party (the "Discloser") discloses to the other '
          '(the "Recipient") in connection with the Purpose, whether before or after the Effective Date.'),
    ("p", '2. **Purpose.** The parties wish to evaluate a possible transaction (the "Purpose") and shall use '
          "Confidential Information only for the Purpose."),
    ("p", "3. **Obligations of the Recipient.**"),
    ("p", "(a) The Recipient shall hold the Confidential Information in confidence and shall not disclose it "
          "to any third party, except as Section 3(b) allows."),
    ("p", "(b) The Recipient may disclose Confidential Information to its employees who need to know it for the "
          "Purpose. [The Recipient may also disclose Confidential Information to its Affiliates that need to "
          "know it, if they are bound by terms no less protective than these.]"),
    ("p", "(c) The Recipient shall notify the Discloser within [___] days after it learns of any unauthorized "
          "use or disclosure of Confidential Information."),
    ("p", "4. **Term.** This Agreement continues for [●] ([●]) years from the Effective Date. The obligations "
          "under Sections 2 and 3 survive for thirty (30) days after its end, and for forty-five (45) days as to "
          "trade secrets."),
    ("p", "5. **Return of Materials.** Within ten (10) business days after the Discloser asks, the Recipient "
          "shall return or destroy all Confidential Information, as this Section 5 and Section 3(a) require. "
          "<<Optional: keep only if the Counterparty is a competitor|The Recipient shall not solicit the "
          "Discloser's employees for twelve (12) months.>>"),
    ("p", "6. **Fees.** Each party bears its own costs; a breaching party shall pay the other One Thousand "
          "Dollars ($1,000) for each day of breach, and the Discloser's costs up to $[●]."),
    ("p", "7. **Notices.** Notices go to the addresses in the table below, or as Section 12 of the Purchase "
          "Agreement or Section 9 provides."),
    ("table", "Party|Address"),
    ("table", "The Company|[Company Address]"),
    ("p", "8. **Governing Law.** This Agreement is governed by the laws of the State of ==New York==."),
    ("p", "IN WITNESS WHEREOF, the parties have signed this Agreement as of the Effective Date."),
    ("p", "[COMPANY]"),
    ("p", "By: ______________________________"),
    ("p", "Name: [Company Signatory]"),
    ("p", "Title: [Company Signatory Title]"),
    ("p", "[COUNTERPARTY]"),
    ("p", "By: ______________________________"),
    ("p", "Name: {counterparty_signatory|Jane Roe}"),
    ("p", "Title: Chief Executive Officer"),
]

# placeholder → (as the signed copy reads, as the term sheet gives it)
NDA_VALUES = {
    "[insert date]": ("June 2, 2025", "2025-06-02"),
    "[Company]": ("Lumen Harbor Inc.", "Lumen Harbor Inc."),
    "[COMPANY]": ("LUMEN HARBOR INC.", "Lumen Harbor Inc."),
    "[State]": ("Delaware", "Delaware"),
    "[Counterparty]": ("Quillon Analytics LLC", "Quillon Analytics LLC"),
    "[COUNTERPARTY]": ("QUILLON ANALYTICS LLC", "Quillon Analytics LLC"),
    "[Counterparty Address]": ("77 Mercer Street, Hoboken, New Jersey 07030",
                               {"lines": ["77 Mercer Street"], "city": "Hoboken", "state": "New Jersey",
                                "postal_code": "07030"}),
    "[Company Address]": ("5 Pier Lane, Newport, Rhode Island 02840",
                          {"lines": ["5 Pier Lane"], "city": "Newport", "state": "Rhode Island", "postal_code": "02840"}),
    "[___] days": ("five (5) days", 5),
    "[●] ([●]) years": ("two (2) years", 2),
    "$[●]": ("$25,000", 25000),
    "[Company Signatory]": ("Ada Brook", "Ada Brook"),
    "[Company Signatory Title]": ("President", "President"),
}

_RUNS = re.compile(r"\*\*(?P<b>.+?)\*\*|==(?P<h>.+?)==|\{(?P<tag>\w+)\|(?P<cc>.+?)\}|<<(?P<note>[^|]+)\|(?P<c>.+?)>>")


def _add_runs(document, paragraph, text: str) -> None:
    pos = 0
    for m in _RUNS.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos:m.start()])
        if m.group("b"):
            paragraph.add_run(m.group("b")).bold = True
        elif m.group("h"):
            paragraph.add_run(m.group("h")).font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif m.group("cc"):
            paragraph._p.append(parse_xml(
                f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Counterparty signatory"/>'
                f'<w:tag w:val="{m.group("tag")}"/></w:sdtPr><w:sdtContent><w:r><w:t>{m.group("cc")}</w:t></w:r>'
                f'</w:sdtContent></w:sdt>'))
        else:
            run = paragraph.add_run(m.group("c"))
            document.add_comment([run], text=m.group("note"), author="Knowledge Lawyer")
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def write_nda(path: Path) -> None:
    """The NDA precedent, written with python-docx: typed numbers, bold run-in headings, bracketed
    blanks, a highlighted value, a content control, an optional passage in brackets and one marked
    optional by a comment, a table, and two signature blocks."""
    document = Document()
    rows = []
    for kind, text in NDA:
        if kind == "table":
            rows.append(text.split("|"))
            continue
        if rows:
            table = document.add_table(rows=len(rows), cols=2)
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
            rows = []
        if kind == "title":
            document.add_paragraph(text, style="Title")
        else:
            _add_runs(document, document.add_paragraph(), text)
    for paragraph in document.paragraphs:  # the firm's own fonts, which the house style replaces
        for run in paragraph.runs:
            run.font.name, run.font.size = "Comic Sans MS", 152400
    document.save(str(path))


def nda_text() -> str:
    """The NDA as signed: its placeholders given their values, the markup of the runs gone."""
    lines = []
    for kind, text in NDA:
        text = _RUNS.sub(lambda m: m.group("b") or m.group("h") or m.group("cc") or m.group("c"), text)
        for placeholder, (shown, _) in sorted(NDA_VALUES.items(), key=lambda item: -len(item[0])):
            text = text.replace(placeholder, shown)
        lines.append(text.replace("|", " "))
    return "\n".join(lines)


# -- the round trip, measured on four precedents ---------------------------------------------------

@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    """Each precedent, with the text it must come back as and the values its placeholders stand for."""
    folder = tmp_path_factory.mktemp("precedents")
    agreement, charter = folder / "agreement", folder / "charter"
    for sheet, out in ((SECOND, agreement), (EXAMPLE, charter)):
        done = run_cli("build", str(sheet), "--out", str(out), "--format", "docx,txt")
        assert done.returncode == 0, done.stderr
    with_placeholders(agreement / "registration-rights-agreement.docx", folder / "rra.docx", AGREEMENT_VALUES)
    (folder / "lo").mkdir()
    typed_and_unlinked(folder / "rra.docx", folder / "rra-resaved.docx", folder / "lo")
    with_placeholders(charter / "certificate-of-incorporation.docx", folder / "charter.docx", CHARTER_VALUES)
    write_nda(folder / "nda.docx")
    joinder = ROOT / "examples" / "joinder"
    done = run_cli("build", str(joinder / "termsheet.yaml"), "--library", str(joinder / "library"), "--out",
                   str(folder / "joinder"), "--format", "docx,txt")
    assert done.returncode == 0, done.stderr
    rra_text = (agreement / "registration-rights-agreement.txt").read_text(encoding="utf-8")
    agreement_values = {placeholder: value for _, placeholder, value in AGREEMENT_VALUES}
    return {
        "agreement": (folder / "rra.docx", rra_text, agreement_values),
        "agreement re-saved by LibreOffice": (folder / "rra-resaved.docx", rra_text, agreement_values),
        "charter": (folder / "charter.docx", (charter / "certificate-of-incorporation.txt").read_text(),
                    {placeholder: value for _, placeholder, value in CHARTER_VALUES}),
        "nda": (folder / "nda.docx", nda_text(), {k: v[1] for k, v in NDA_VALUES.items()}),
        # as assembler writes them, values and all: no placeholder, so no fact to fill
        **{name: (path.with_suffix(".docx"), path.read_text(encoding="utf-8"), {}) for name, path in (
            ("joinder", folder / "joinder" / "joinder-agreement.txt"),
            ("certificate of amendment", charter / "certificate-of-amendment-1-1997-08-28.txt"),
            ("certificate of amendment by an officer", charter / "certificate-of-amendment-2-1999-03-19.txt"))},
    }


def typed_references(text: str) -> list[str]:
    """The references typed in a document's text to its own sections, counted independently of the
    importer: "Section 7(b)", each number of "Sections 2 and 3", "Article ELEVENTH"; not a statute's
    section ("Section 145 of the Delaware General Corporation Law", "Section 13 … under the Exchange Act")."""
    text = " ".join(text.split())
    number = r"(?:\d+(?: ?\([a-z]+\))*|[A-Z]{4,}TH|FIRST|SECOND|THIRD)"
    found = []
    for m in re.finditer(rf"\b(?:Sections?|Articles?) ({number}(?:(?:,| and| or) {number})*)", text):
        if re.match(r" (of (the )?[A-Z]|under)", text[m.end():]):
            continue
        found += re.findall(number, m.group(1))
    return found


# typed references in each precedent that name no section of it, as the precedent has them
NAMING_NOTHING = {"agreement": [], "agreement re-saved by LibreOffice": [], "charter": [], "nda": ["Section 9"],
                  "joinder": [], "certificate of amendment": ["Article FOURTH"],  # the charter's article
                  "certificate of amendment by an officer": []}


@pytest.mark.parametrize("which", ["agreement", "agreement re-saved by LibreOffice", "charter", "nda", "joinder",
                                   "certificate of amendment", "certificate of amendment by an officer"])
def test_the_imported_library_builds_the_precedent_again(which, made, tmp_path):
    precedent, reference, values = made[which]
    library = tmp_path / "library"
    done = run_cli("library", "import", str(precedent), "--out", str(library))
    assert done.returncode == 0, done.stderr
    report = fill(library, values, tmp_path / "deal.yaml")
    built = build_text(tmp_path / "deal.yaml", library, tmp_path / "built")
    ratio, differences = fidelity_of(built, reference)
    print(f"fidelity {which}: {ratio:.4f}")
    assert ratio >= 0.99, [str(d) for d in differences[:5]]
    linted = run_cli("lint", "--library", str(library))
    assert linted.returncode == 0 and "0 error(s)" in linted.stdout + linted.stderr, linted.stdout + linted.stderr
    # every typed reference to one of its sections is a <ref>; those naming none are listed
    markup = "".join(p.read_text() for p in library.rglob("*.xml.j2"))
    unresolved = [u["text"] for u in report["references"]["unresolved"]]
    assert unresolved == NAMING_NOTHING[which]
    mentioned = typed_references(nda_text() if which == "nda" else reference)
    assert markup.count("<ref ") == len(mentioned) - len(unresolved)


def test_the_charter_keeps_its_articles_as_words_and_its_sections_as_numbers(made, tmp_path):
    precedent, _, _ = made["charter"]
    done = run_cli("library", "import", str(precedent), "--out", str(tmp_path / "lib"))
    assert done.returncode == 0, done.stderr
    assembly = yaml.safe_load(next((tmp_path / "lib" / "assemblies").glob("*.yaml")).read_text())
    assert assembly["numbering"] == ["ordinal-word", "decimal"]
    assert assembly["article_style"] == "centered"
    assert assembly["title"] == "Certificate of Incorporation"
    assert len(assembly["clauses"]) == 1 + 12 + 1  # the opening, FIRST to TWELFTH, the signature
    signature = (tmp_path / "lib" / assembly["clauses"][-1]).with_suffix(".xml.j2").read_text()
    assert '<signature form="line"><name>{{' in signature and "<title>Incorporator</title>" in signature
    assert assembly["makes"]["conformed"] == "true"  # signed "/s/ Eugene Chiaramonte" as the precedent is


# -- what the import recognises, on the NDA ---------------------------------------------------------

@pytest.fixture(scope="module")
def nda(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("nda")
    write_nda(folder / "nda.docx")
    done = run_cli("library", "import", str(folder / "nda.docx"), "--out", str(folder / "lib"), "--name", "mutual-nda")
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout and "termsheet.skeleton.yaml" in done.stdout
    return folder / "lib", json.loads((folder / "lib" / "import-report.json").read_text())


def _facts(report: dict) -> dict:
    return {fact["name"]: fact for fact in report["facts"]}


def _clauses(library: Path) -> str:
    return "\n".join(p.read_text() for p in sorted((library / "mutual_nda").glob("*.xml.j2")))


def test_bracketed_blanks_become_typed_facts_named_from_their_words_or_surroundings(nda):
    library, report = nda
    facts = _facts(report)
    assert report["key"] == "mutual_nda"
    assert facts["date"]["kind"] == "date" and facts["date"]["placeholders"] == ["[insert date]"]
    # the same placeholder twice is one fact, in capitals where the precedent has capitals
    assert facts["company"]["placeholders"] == ["[Company]", "[COMPANY]"] and facts["company"]["kind"] == "string"
    assert len(facts["company"]["places"]) == 2
    assert facts["counterparty_address"]["kind"] == "address"  # our Address model, written inline
    assert "{{ mutual_nda.counterparty_address | address_inline | blank('mutual_nda.counterparty_address') }}" \
        in _clauses(library)
    schema = yaml.safe_load((library / "facts.schema.yaml").read_text())["properties"]["mutual_nda"]["properties"]
    assert schema["counterparty_address"]["anyOf"] == [{"$ref": "#/$defs/Address"}, {"type": "null"}]
    days = next(f for f in facts.values() if f["placeholders"] == ["[___] days"])
    assert (days["kind"], days["unit"], days["value"]) == ("count", "day", None)
    assert "notify_discloser" in days["name"]  # named from the words before the blank
    years = next(f for f in facts.values() if f["placeholders"] == ["[●] ([●]) years"])
    assert (years["kind"], years["unit"]) == ("count", "year")
    money = next(f for f in facts.values() if f["placeholders"] == ["$[●]"])
    assert money["kind"] == "money" and "costs" in money["name"]
    clauses = _clauses(library)
    assert "{{ mutual_nda.date | long_date | blank('mutual_nda.date') }}" in clauses
    assert f"{{{{ mutual_nda.{days['name']} | count('day') | blank('mutual_nda.{days['name']}') }}}}" in clauses
    assert "{{ mutual_nda.company | upper }}" in clauses
    assert "[" not in re.sub(r"\{[{%].*?[}%]\}", "", clauses.split("<signature>")[0])  # no blank left as typed


def test_highlighted_text_and_content_controls_become_facts_holding_the_precedents_value(nda):
    _, report = nda
    facts = _facts(report)
    control = facts["counterparty_signatory"]
    assert control["value"] == "Jane Roe" and "content control" in control["places"][0]
    highlighted = next(f for f in facts.values() if f["placeholders"] == ["New York"])
    assert highlighted["value"] == "New York" and "highlighted" in highlighted["places"][0]
    assert highlighted["name"] != "new_york"  # named from where it stands, not from the value


def test_words_and_figures_become_one_fact_written_by_the_house_style(nda):
    library, report = nda
    facts = _facts(report)
    thirty = next(f for f in facts.values() if f["placeholders"] == ["thirty (30) days"])
    assert (thirty["kind"], thirty["unit"], thirty["value"]) == ("count", "day", 30)
    business = next(f for f in facts.values() if f["placeholders"] == ["ten (10) business days"])
    assert (business["unit"], business["value"]) == ("business day", 10)
    fee = next(f for f in facts.values() if f["placeholders"] == ["One Thousand Dollars ($1,000)"])
    assert (fee["kind"], fee["value"]) == ("money_words", 1000)
    assert f"mutual_nda.{fee['name']} | money_words" in _clauses(library)
    assert "thirty (30)" not in _clauses(library)


def test_words_and_figures_that_disagree_are_a_finding_and_stay_as_typed(tmp_path):
    document = Document()
    document.add_paragraph("Board Consent", style="Title")
    document.add_paragraph('1. The Company shall call the meeting (the "Meeting") within forty-five (30) days, '
                           'on notice of ten (10) days. The Meeting (the "Meeting") may be adjourned.')
    document.save(str(tmp_path / "consent.docx"))
    done = run_cli("library", "import", str(tmp_path / "consent.docx"), "--out", str(tmp_path / "lib"))
    assert done.returncode == 0, done.stderr
    assert "1 finding(s)" in done.stdout
    report = json.loads((tmp_path / "lib" / "import-report.json").read_text())
    assert [f["rule"] for f in report["findings"]] == ["words-figures"]
    assert "«forty-five (30)»" in report["findings"][0]["message"] and report["findings"][0]["place"] == "Section 1"
    assert [f["placeholders"] for f in report["facts"]] == [["ten (10) days"]]
    assert "«forty-five (30)»: the words and the figure disagree" in (tmp_path / "lib" / "import-report.txt").read_text()
    clause = next((tmp_path / "lib" / "board_consent").glob("company_*.xml.j2")).read_text()
    assert "within forty-five (30) days" in clause
    assert clause.count("<def>Meeting</def>") == 1  # a term defined twice is defined once, where it first is


def test_optional_text_is_a_switch_included_by_default(nda, tmp_path):
    library, report = nda
    switches = {f["name"]: f for f in report["facts"] if f["kind"] == "switch"}
    bracketed = next(f for f in switches.values() if f["placeholders"][0].startswith("[The Recipient may also"))
    commented = next(f for f in switches.values() if "comment" in f["places"][0])
    assert bracketed["value"] is True and commented["value"] is True
    assert set(switches) == {bracketed["name"], commented["name"]}
    schema = yaml.safe_load((library / "facts.schema.yaml").read_text())
    assert schema["properties"]["mutual_nda"]["properties"][bracketed["name"]] == {
        "type": "boolean", "default": True, "description": schema["properties"]["mutual_nda"]["properties"][
            bracketed["name"]]["description"]}
    values = {k: v[1] for k, v in NDA_VALUES.items()}
    fill(library, values, tmp_path / "with.yaml")
    with_both = " ".join(build_text(tmp_path / "with.yaml", library, tmp_path / "a").split())
    assert "disclose Confidential Information to its Affiliates" in with_both
    assert "shall not solicit the Discloser's employees" in with_both
    sheet = yaml.safe_load((tmp_path / "with.yaml").read_text())
    sheet["mutual_nda"][bracketed["name"]] = False
    sheet["mutual_nda"][commented["name"]] = False
    (tmp_path / "without.yaml").write_text(yaml.safe_dump(sheet, allow_unicode=True))
    without = " ".join(build_text(tmp_path / "without.yaml", library, tmp_path / "b").split())
    assert "Affiliates" not in without and "solicit" not in without
    assert "employees who need to know it for the Purpose." in without  # the rest of (b) stays


def test_typed_references_become_refs_and_follow_a_renumbering(nda, tmp_path):
    library, report = nda
    clauses = _clauses(library)
    assert report["references"]["unresolved"] == [{"place": "Section 7", "text": "Section 9"}]
    assert "except as <ref to=\"mutual_nda.obligations_recipient.recipient_may_disclose\"/> allows" in clauses
    assert ('Sections <ref to="mutual_nda.purpose" form="number"/> and '
            '<ref to="mutual_nda.obligations_recipient" form="number"/> survive') in clauses
    assert 'as this <ref to="mutual_nda.return_materials"/> and' in clauses
    assert "Section 12 of the Purchase Agreement" in clauses  # another document's section stays typed
    # a section dropped by hand: the references after it renumber
    (library / "mutual_nda" / "purpose.xml.j2").write_text("")
    clause = library / "mutual_nda" / "term.xml.j2"
    clause.write_text(clause.read_text().replace('Sections <ref to="mutual_nda.purpose" form="number"/> and ', "Section "))
    fill(library, {k: v[1] for k, v in NDA_VALUES.items()}, tmp_path / "deal.yaml")
    text = " ".join(build_text(tmp_path / "deal.yaml", library, tmp_path / "out").split())
    assert "except as Section 2(b) allows" in text and "as this Section 4 and Section 2(a) require" in text


def test_definitions_become_defs_that_lint_checks(nda, tmp_path):
    library, report = nda
    fill(library, {k: v[1] for k, v in NDA_VALUES.items()}, tmp_path / "deal.yaml")
    checked = run_cli("check", str(tmp_path / "deal.yaml"), "--library", str(library))
    said = " ".join((checked.stdout + checked.stderr).split())
    assert 'defines "Counterparty" but never uses it' in said  # the precedent's own loose end
    assert 'uses "Purchase Agreement" like a defined term, but nothing defines it' in said
    assert 'uses "Confidential Information"' not in said and "0 error(s)" in said
    assert {"Agreement", "Effective Date", "Company", "Counterparty", "Confidential Information", "Discloser",
            "Recipient", "Purpose"} <= set(report["definitions"])
    clauses = _clauses(library)
    assert '"<def>Confidential Information</def>" means' in clauses
    assert '(the "<def>Recipient</def>")' in clauses
    assert clauses.count("<def>Recipient</def>") == 1


def test_signature_blocks_become_signature_markup_in_the_house_style(nda, tmp_path):
    library, _ = nda
    signature = (library / "mutual_nda" / "signature.xml.j2").read_text()
    assert signature.count("<signature>") == 2
    assert ("<signature><entity>{% if mutual_nda.company is none %}{{ mutual_nda.company | blank('mutual_nda.company')"
            " }}{% else %}{{ mutual_nda.company | upper }}{% endif %}</entity><name>{{ mutual_nda.company_signatory"
            " | blank('mutual_nda.company_signatory') }}</name>") in signature
    assert "<title>Chief Executive Officer</title>" in signature
    fill(library, {k: v[1] for k, v in NDA_VALUES.items()}, tmp_path / "deal.yaml")
    build_text(tmp_path / "deal.yaml", library, tmp_path / "out")
    docx = next((tmp_path / "out").glob("*.docx"))
    body = Document(str(docx)).element.xml
    assert "Comic Sans" not in body  # the precedent's fonts give way to the house style
    styles = {p.style.name for p in Document(str(docx)).paragraphs}
    assert "Signature" in styles


def test_the_skeleton_lists_each_fact_with_where_it_appears(nda):
    library, report = nda
    skeleton = (library / "termsheet.skeleton.yaml").read_text()
    lines = skeleton.splitlines()
    for fact in report["facts"]:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"  {fact['name']}:"))
        assert lines[at - 1].startswith("  # "), fact["name"]
    assert '  # the opening: «…ement") is entered into as of [insert date] (the "Effective Date") by and…»' in lines
    data = yaml.safe_load(skeleton)
    assert data["mutual_nda"]["counterparty_signatory"] == "Jane Roe"  # the precedent's own value
    assert data["mutual_nda"]["date"] is None


def test_the_report_lists_what_was_not_mapped_with_its_place(tmp_path):
    from .wordml import dele, ins, p, package, r
    body = (p(r("Side Letter")) + p(r("1. The Company agrees to pay "), ins("promptly "), r("the fee."), dele("Old words."))
            + '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell text</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
            + p('<w:r><w:drawing/></w:r>', r("See the logo."))
            + p('<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>Boxed words</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>',
                r("2. A second section.")))
    (tmp_path / "side.docx").write_bytes(package(body))
    done = run_cli("library", "import", str(tmp_path / "side.docx"), "--out", str(tmp_path / "lib"))
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "lib" / "import-report.json").read_text())
    kinds = [u["kind"] for u in report["not_mapped"]]
    assert kinds.count("tracked change") == 2 and "table" in kinds and "image" in kinds and "text box" in kinds
    changes = [u for u in report["not_mapped"] if u["kind"] == "tracked change"]
    assert all("Ann" in u["detail"] and "paragraph 2" in u["place"] for u in changes)
    assert any("«promptly»" in u["detail"] and "kept" in u["detail"] for u in changes)
    assert any("«Old words.»" in u["detail"] and "left out" in u["detail"] for u in changes)
    box = next(u for u in report["not_mapped"] if u["kind"] == "text box")
    assert "Boxed words" in box["detail"]
    text = (tmp_path / "lib" / "import-report.txt").read_text()
    assert "table after paragraph 2" in text and "Not mapped" in text


def test_an_existing_library_is_not_replaced_without_force(nda, tmp_path):
    library, _ = nda
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "mine.txt").write_text("keep me")
    done = run_cli("library", "import", str(library.parent / "nda.docx"), "--out", str(tmp_path / "lib"))
    assert done.returncode == 2 and "already exists" in done.stderr and "--force" in done.stderr
    assert (tmp_path / "lib" / "mine.txt").read_text() == "keep me"
    done = run_cli("library", "import", str(library.parent / "nda.docx"), "--out", str(tmp_path / "lib"), "--force")
    assert done.returncode == 0 and not (tmp_path / "lib" / "mine.txt").exists()


def test_the_walkthroughs_refinement_does_what_docs_import_md_says(tmp_path):
    """docs/import.md, step 4: the commands it gives, run as its runner runs them, make the opening
    choose its article; the precedent's own "a Delaware corporation" still reads the same."""
    from .test_docs_examples import _commands, _run, blocks

    step = next(b for b in blocks(ROOT / "docs" / "import.md") if b.lang == "sh" and "nda-ohio" in b.text)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for command in _commands(step):
        done = _run(command, tmp_path)
        assert done.returncode == 0, (command, done.stderr)
    built = " ".join((tmp_path / "nda-ohio" / "mutual-nda.txt").read_text().split())
    assert "Lumen Harbor Inc., an Ohio corporation (the \"Company\")" in built
    assert "Ohio" in (tmp_path / "examples" / "precedents" / "mutual-nda-deal.yaml").read_text()


def test_the_example_precedent_is_the_one_the_tests_write(tmp_path):
    """examples/precedents/mutual-nda.docx, which the walkthrough imports, is the NDA these tests make."""
    from assembler.importer.reading import read

    write_nda(tmp_path / "nda.docx")
    assert [p.text for p in read(ROOT / "examples" / "precedents" / "mutual-nda.docx").paragraphs] == \
        [p.text for p in read(tmp_path / "nda.docx").paragraphs]


def test_word_list_levels_give_the_nesting_even_where_two_levels_number_alike(tmp_path):
    """A list whose first and second levels are both "1.", "2.": Word's level says which is which."""
    from .wordml import W_NS, p, package, r
    numbering = (f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="1">'
                 '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num></w:numbering>')

    def item(level: int, text: str) -> str:
        return p(r(text), ppr=f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="4"/></w:numPr>')

    body = (p(r("Services Agreement"), ppr='<w:jc w:val="center"/>') + item(0, "Services") + item(1, "The Supplier "
            "shall perform the services.") + item(1, "The Customer shall pay for them.") + item(0, "Term")
            + item(1, "This Agreement lasts a year."))
    (tmp_path / "services.docx").write_bytes(package(body, numbering=numbering))
    done = run_cli("library", "import", str(tmp_path / "services.docx"), "--out", str(tmp_path / "lib"))
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "lib" / "import-report.json").read_text())
    assert [(s["id"], s["title"]) for s in report["sections"]] == [
        ("services_agreement.services", "Services"),
        ("services_agreement.services.supplier_perform_services", None),
        ("services_agreement.services.customer_pay_them", None),
        ("services_agreement.term", "Term"),
        ("services_agreement.term.agreement_lasts_year", None)]
    assert report["numbering"] == ["decimal", "decimal"]


def test_headings_word_styles_mark_are_sections_even_without_numbers(tmp_path):
    document = Document()
    document.add_paragraph("Consulting Agreement", style="Title")
    document.add_paragraph("The Consultant shall advise [Client Name] (the \"Client\").")
    document.add_paragraph("Services", style="Heading 1")
    document.add_paragraph("The Consultant shall provide the services within ten (10) days.")
    document.add_paragraph("Fees", style="Heading 1")
    document.add_paragraph("Payment", style="Heading 2")
    document.add_paragraph("The Client shall pay within thirty (30) days, as the Services section says.")
    document.save(str(tmp_path / "consulting.docx"))
    done = run_cli("library", "import", str(tmp_path / "consulting.docx"), "--out", str(tmp_path / "lib"))
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "lib" / "import-report.json").read_text())
    assert [(s["id"], s["number"], s["title"]) for s in report["sections"]] == [
        ("consulting_agreement.services", "1", "Services"), ("consulting_agreement.fees", "2", "Fees"),
        ("consulting_agreement.fees.payment", "2(a)", "Payment")]
    assembly = yaml.safe_load((tmp_path / "lib" / "assemblies" / "consulting-agreement.yaml").read_text())
    assert assembly["clauses"] == ["consulting_agreement/opening", "consulting_agreement/services",
                                   "consulting_agreement/fees", "consulting_agreement/signature"]


def test_the_precedents_words_are_text_never_template_or_markup(tmp_path):
    """Braces, angle brackets and ampersands in a precedent come out literally; none is run."""
    document = Document()
    document.add_paragraph("Odd Characters Agreement", style="Title")
    document.add_paragraph('1. {{ 7*7 }} and {% if true %}x{% endif %} and {# c #} stay; A & B <Holdings> "Ltd" '
                           "is [Party Name].")
    document.save(str(tmp_path / "odd.docx"))
    done = run_cli("library", "import", str(tmp_path / "odd.docx"), "--out", str(tmp_path / "lib"))
    assert done.returncode == 0, done.stderr
    fill(tmp_path / "lib", {"[Party Name]": "{{ 6*7 }} <i>&amp;"}, tmp_path / "deal.yaml")
    # check calls braces in a document a template's leftover, rightly: a draft shows what was printed
    done = run_cli("build", str(tmp_path / "deal.yaml"), "--library", str(tmp_path / "lib"), "--out",
                   str(tmp_path / "out"), "--format", "txt", "--draft")
    assert done.returncode == 0, done.stderr
    text = " ".join(next((tmp_path / "out").glob("*.txt")).read_text().split())
    assert ('{{ 7*7 }} and {% if true %}x{% endif %} and {# c #} stay; A & B <Holdings> "Ltd" is {{ 6*7 }} '
            "<i>&amp;.") in text
