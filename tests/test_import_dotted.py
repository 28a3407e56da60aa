"""Precedents numbered in dotted decimals ("1.1", "1.1.1", "Section 1.01"), imported as libraries.

Two precedents written here with python-docx: a UK-style share purchase agreement with its numbers
typed ("1.", "1.1", "1.1.1") and clause references ("clause 2.3", "clauses 1.2.1 and 1.2.2"), and a
US-style investment agreement numbered by a Word multi-level list ("%1.", "%1.%2" in two digits,
"(%3)") with "Section 2.03(b)" references; each also as LibreOffice re-saves it, its numbers typed.
Each must build back to its own text (the project's scorer, 0.99 or better), pass lint, and have
every typed reference to one of its sections as a <ref>.
"""
from __future__ import annotations

import re
import subprocess
import zipfile
from html import unescape
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from . import fidelity
from .conftest import need, run_cli
from .test_import import _add_runs, build_text, fidelity_of, fill, typed_and_unlinked

# -- the typed precedent: "1.", "1.1", "1.1.1", clause references ----------------------------------
SPA = [
    ("title", "Share Purchase Agreement"),
    ("p", 'This Share Purchase Agreement (this "Agreement") is made on [insert date] between [Seller] '
          '(the "Seller") and [Buyer] (the "Buyer").'),
    ("p", "1. Definitions and Interpretation"),
    ("p", '1.1 In this Agreement, "Completion" means completion of the sale under clause 3.'),
    ("p", "1.2 A reference to a clause is to a clause of this Agreement, and:"),
    ("p", "1.2.1 headings do not affect its meaning; and"),
    ("p", "1.2.2 the singular includes the plural."),
    ("p", "2. Sale and Purchase"),
    ("p", '2.1 The Seller shall sell and the Buyer shall buy the Shares for $[●] (the "Price").'),
    ("p", "2.2 The Buyer shall pay the Price on Completion, less any amount clause 2.3 deducts."),
    ("p", "2.3 The Price is reduced by any claim the Buyer notifies within [___] days after Completion."),
    ("p", "3. Completion"),
    ("p", "3.1 Completion takes place on [Completion Date] at the offices of the Buyer."),
    ("p", "3.2 The rules in clauses 1.2.1 and 1.2.2 apply to this clause 3.2, and Clause 2.1 ends at Completion."),
    ("p", "4. General"),
    ("p", "4.1 This Agreement is governed by the laws of England, and clause 9.9 of the Framework Agreement "
          "does not apply to it."),
    ("p", "4.2 Notices are given as clause 7.4 provides."),
    ("p", "IN WITNESS WHEREOF, the parties have signed this Agreement on the date first written above."),
    ("p", "[SELLER]"),
    ("p", "By: ______________________________"),
    ("p", "Name: [Seller Signatory]"),
    ("p", "Title: Director"),
]
SPA_VALUES = {
    "[insert date]": ("April 3, 2025", "2025-04-03"),
    "[Seller]": ("Northgate Holdings Limited", "Northgate Holdings Limited"),
    "[SELLER]": ("NORTHGATE HOLDINGS LIMITED", "Northgate Holdings Limited"),
    "[Buyer]": ("Larchmont Capital LLP", "Larchmont Capital LLP"),
    "$[●]": ("$4,750,000", 4750000),
    "[___] days": ("sixty (60) days", 60),
    "[Completion Date]": ("May 1, 2025", "2025-05-01"),
    "[Seller Signatory]": ("Imogen Hale", "Imogen Hale"),
}

# -- the Word-list precedent: "1.", "1.01", "(a)" from numbering.xml, "Section 1.01" references ----------
# (level, text); level None: a paragraph outside the list
INVESTMENT = [
    (None, "Investment Agreement"),
    (None, 'This Investment Agreement (this "Agreement") is dated [insert date] and is between [Company], a '
           '[State] corporation (the "Company"), and [Investor] (the "Investor").'),
    (0, "Definitions"),
    (1, '**Defined Terms.** "Shares" means the shares of common stock the Company issues under Section 2.01.'),
    (1, "**Interpretation.** A reference to a Section is to a Section of this Agreement, and Sections 2.01 and "
        "2.02 are read together."),
    (0, "Purchase and Sale"),
    (1, '**Purchase.** The Investor shall buy, and the Company shall issue, the Shares for $[●] '
        '(the "Purchase Price").'),
    (1, "**Closing.** The closing takes place on [Closing Date], subject to Section 2.03(b)."),
    (1, "**Conditions.** The Investor's obligation to close is subject to these conditions:"),
    (2, "the representations in Section 3.01 are true; and"),
    (2, "no order of any court bars the sale for [___] days."),
    (0, "Representations"),
    (1, "**Of the Company.** The Company is duly organized and in good standing, and this Section 3.01 "
        "survives the closing."),
    (1, "**Of the Investor.** The Investor is an accredited investor, as Section 5.02 requires."),
    (1, "**Securities Law.** Nothing in this Section 3.03 limits Section 4(a)(2) of the Securities Act."),
    (None, "IN WITNESS WHEREOF, the parties have signed this Agreement as of the date first written above."),
    (None, "[COMPANY]"),
    (None, "By: ______________________________"),
    (None, "Name: [Company Signatory]"),
    (None, "Title: Chief Executive Officer"),
]
INVESTMENT_VALUES = {
    "[insert date]": ("September 9, 2025", "2025-09-09"),
    "[Company]": ("Veridian Tide Inc.", "Veridian Tide Inc."),
    "[COMPANY]": ("VERIDIAN TIDE INC.", "Veridian Tide Inc."),
    "[State]": ("Delaware", "Delaware"),
    "[Investor]": ("Ostrava Growth Partners LP", "Ostrava Growth Partners LP"),
    "$[●]": ("$12,000,000", 12000000),
    "[Closing Date]": ("October 1, 2025", "2025-10-01"),
    "[___] days": ("ninety (90) days", 90),
    "[Company Signatory]": ("Rafael Mendes", "Rafael Mendes"),
}

# numbering.xml's list for the investment agreement: "1.", then "1.01" (two digits), then "(a)"
LIST = (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="41"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalZero"/><w:lvlText w:val="%1.%2"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>'
        '</w:abstractNum>')


def write_spa(path: Path) -> None:
    document = Document()
    for kind, text in SPA:
        if kind == "title":
            document.add_paragraph(text, style="Title")
        else:
            document.add_paragraph(text)
    document.save(str(path))


SPA_LIST = (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="42"><w:multiLevelType w:val="multilevel"/>'
            + "".join(f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                      f'<w:lvlText w:val="{text}"/></w:lvl>' for k, text in enumerate(("%1.", "%1.%2", "%1.%2.%3")))
            + '</w:abstractNum>')


def write_spa_as_list(path: Path) -> None:
    """The same agreement, its numbers given by a Word list ("%1.", "%1.%2", "%1.%2.%3") and not typed."""
    document = Document()
    _add_list(document, SPA_LIST, 42)
    for kind, text in SPA:
        typed = re.match(r"^(\d+(?:\.\d+)*)\.? ", text)
        if kind == "title" or not typed:
            document.add_paragraph(text, style="Title" if kind == "title" else None)
            continue
        paragraph = document.add_paragraph(text[typed.end():])
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{typed.group(1).count(".")}"/><w:numId w:val="42"/></w:numPr>'))
    document.save(str(path))


def _add_list(document, abstract_xml: str, num_id: int) -> None:
    numbering = document.part.numbering_part.element
    first_num = numbering.find(parse_xml(f'<w:num {nsdecls("w")}/>').tag)
    abstract = parse_xml(abstract_xml)
    first_num.addprevious(abstract) if first_num is not None else numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/>'
                               '</w:num>'))


def write_investment(path: Path) -> None:
    document = Document()
    _add_list(document, LIST, 41)
    for level, text in INVESTMENT:
        if level is None and text == INVESTMENT[0][1]:
            document.add_paragraph(text, style="Title")
            continue
        paragraph = document.add_paragraph()
        _add_runs(document, paragraph, text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="41"/></w:numPr>'))
    document.save(str(path))


def signed(lines: list[str], values: dict) -> str:
    out = []
    for text in lines:
        text = text.replace("**", "")
        for placeholder, (shown, _) in sorted(values.items(), key=lambda item: -len(item[0])):
            text = text.replace(placeholder, shown)
        out.append(text)
    return "\n".join(out)


def spa_text() -> str:
    return signed([text for _, text in SPA], SPA_VALUES)


INVESTMENT_LABELS = ["", "", "1.", "1.01", "1.02", "2.", "2.01", "2.02", "2.03", "(a)", "(b)", "3.", "3.01", "3.02",
                     "3.03", "", "", "", "", ""]


def investment_text(word: str = "") -> str:
    """As Word shows it: the list's numbers, written out here by hand; ``word`` before each dotted one."""
    labels = [word + label if "." in label[:-1] else label for label in INVESTMENT_LABELS]
    return signed([f"{label} {text}".strip() for label, (_, text) in zip(labels, INVESTMENT)], INVESTMENT_VALUES)


def write_investment_typed(path: Path) -> None:
    """The investment agreement with its numbers typed, "Section 1.01" before each section's heading."""
    document = Document()
    for label, (level, text) in zip(INVESTMENT_LABELS, INVESTMENT):
        if text == INVESTMENT[0][1]:
            document.add_paragraph(text, style="Title")
            continue
        _add_runs(document, document.add_paragraph(), f"{'Section ' if level == 1 else ''}{label} {text}".strip())
    document.save(str(path))


DOTTED_NUMBER = r"\d+(?:\.\d+)*(?:\([a-z0-9]+\))*"


def typed_references(text: str) -> list[str]:
    """The references typed in the text, counted apart from the importer: each number of "Section 2.03(b)",
    "Sections 2.01 and 2.02", "clause 2.3", "clauses 1.2.1 and 1.2.2"; not another document's
    ("Section 4(a)(2) of the Securities Act", "clause 9.9 of the Framework Agreement")."""
    text = " ".join(re.sub(r"(?m)^(?:Section )?\d+(?:\.\d+)+\.? ", "", text).split())  # labels are no references
    found = []
    for m in re.finditer(rf"\b(?:[Ss]ections?|[Cc]lauses?) ({DOTTED_NUMBER}(?:(?:,| and| or) {DOTTED_NUMBER})*)",
                         text):
        if re.match(r" (of (the )?[A-Z]|under)", text[m.end():]):
            continue
        found += re.findall(DOTTED_NUMBER, m.group(1))
    return found


# what each precedent's typed references that name none of its sections read
NAMING_NOTHING = {"spa": ["clause 7.4"], "investment": ["Section 5.02"]}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("dotted")
    write_spa(folder / "spa.docx")
    write_investment(folder / "investment.docx")
    write_spa_as_list(folder / "spa-list.docx")
    write_investment_typed(folder / "investment-typed.docx")
    for name in ("spa", "investment"):
        (folder / f"lo-{name}").mkdir()
        typed_and_unlinked(folder / f"{name}.docx", folder / f"{name}-resaved.docx", folder / f"lo-{name}")
    spa_values = {k: v[1] for k, v in SPA_VALUES.items()}
    investment_values = {k: v[1] for k, v in INVESTMENT_VALUES.items()}
    return {
        "spa": (folder / "spa.docx", spa_text(), spa_values),
        "spa re-saved by LibreOffice": (folder / "spa-resaved.docx", spa_text(), spa_values),
        "spa as a Word list": (folder / "spa-list.docx", spa_text(), spa_values),
        "investment": (folder / "investment.docx", investment_text(), investment_values),
        "investment typed as Section 1.01": (folder / "investment-typed.docx", investment_text("Section "),
                                             investment_values),
        "investment re-saved by LibreOffice": (folder / "investment-resaved.docx", investment_text(),
                                               investment_values),
    }


def _import_and_build(made, which, tmp_path) -> tuple[Path, dict, str, str]:
    precedent, reference, values = made[which]
    library = tmp_path / "library"
    done = run_cli("library", "import", str(precedent), "--out", str(library))
    assert done.returncode == 0, done.stderr
    report = fill(library, values, tmp_path / "deal.yaml")
    built = build_text(tmp_path / "deal.yaml", library, tmp_path / "built")
    return library, report, built, reference


@pytest.mark.parametrize("which", ["spa", "spa re-saved by LibreOffice", "spa as a Word list", "investment", "investment typed as Section 1.01",
                                   "investment re-saved by LibreOffice"])
def test_a_dotted_precedent_imports_and_builds_back_to_its_own_text(which, made, tmp_path):
    library, report, built, reference = _import_and_build(made, which, tmp_path)
    ratio, differences = fidelity_of(built, reference)
    print(f"fidelity {which}: {ratio:.4f}")
    assert ratio >= 0.99, [str(d) for d in differences[:5]]
    linted = run_cli("lint", "--library", str(library))
    assert linted.returncode == 0 and "0 error(s)" in linted.stdout + linted.stderr, linted.stdout + linted.stderr
    markup = "".join(p.read_text() for p in library.rglob("*.xml.j2"))
    unresolved = [u["text"] for u in report["references"]["unresolved"]]
    assert unresolved == NAMING_NOTHING[which.split()[0]]
    assert markup.count("<ref ") == len(typed_references(reference)) - len(unresolved)
    assert not re.search(r"\b(?:[Ss]ections?|[Cc]lauses?) \d+\.\d", re.sub(r"<[^>]+>", "", markup).replace(
        "clause 9.9 of", "").replace("clause 7.4", "").replace("Section 5.02", "")), "a typed dotted reference left as text"


@pytest.mark.parametrize("which", ["spa", "spa as a Word list"])
def test_the_agreement_keeps_its_three_dotted_levels_typed_or_listed(which, made, tmp_path):
    library, report, built, _ = _import_and_build(made, which, tmp_path)
    assembly = yaml.safe_load(next((library / "assemblies").glob("*.yaml")).read_text())
    assert assembly["numbering"] == ["decimal", "decimal-dotted", "decimal-dotted"]
    text = " ".join(built.split())
    assert "1.2.1 headings do not affect its meaning; and" in text
    assert "3.2 The rules in clauses 1.2.1 and 1.2.2 apply to this clause 3.2, and Clause 2.1 ends at Completion." \
        in text
    assert "2.2 The Buyer shall pay the Price on Completion, less any amount clause 2.3 deducts." in text


def test_the_word_list_precedent_keeps_two_digit_sections_and_their_references(made, tmp_path):
    library, report, built, _ = _import_and_build(made, "investment", tmp_path)
    assembly = yaml.safe_load(next((library / "assemblies").glob("*.yaml")).read_text())
    assert assembly["numbering"] == ["decimal", "decimal-zero-dotted", "lower-letter"]
    text = " ".join(built.split())
    assert "2.02 CLOSING. The closing takes place on October 1, 2025, subject to Section 2.03(b)." in text
    assert "(a) the representations in Section 3.01 are true; and" in text


def test_word_shows_the_dotted_numbers_live_and_the_pdf_prints_them(made, tmp_path):
    """The DOCX numbers by Word's list ("%1.%2"), and its references are fields; LibreOffice reads
    it back with the same numbers; the PDF prints them."""
    library, _, _, reference = _import_and_build(made, "investment", tmp_path)
    out = tmp_path / "formats"
    done = run_cli("build", str(tmp_path / "deal.yaml"), "--library", str(library), "--out", str(out),
                   "--format", "docx,pdf,html")
    assert done.returncode == 0, done.stderr
    docx = next(out.glob("*.docx"))
    with zipfile.ZipFile(docx) as z:
        numbering = z.read("word/numbering.xml").decode()
        body = z.read("word/document.xml").decode()
    assert re.search(r'w:numFmt w:val="decimalZero"/>.{0,80}w:lvlText w:val="%1\.%2"', numbering)
    assert "1.01" not in re.sub(r"<w:instrText[^>]*>.*?</w:instrText>", "", body).split("Defined Terms")[0]
    # "Section 2.03(b)": a field to 2.03, which Word shows whole ("\n" of "%1.%2"), then one to (b); no
    # field to Section 2 before it, or Word would show "22.03(b)" once it updates the fields
    closing = next(p for p in re.findall(r"<w:p[ >].*?</w:p>", body) if "subject to" in p)
    fields = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>.*?<w:t[^>]*>([^<]*)</w:t>", closing)
    assert [shown for _, shown in fields] == ["2.03", "(b)"]
    assert all(code.strip().startswith("REF ") and "\\n" in code for code, _ in fields)
    need("soffice")
    ratio, differences = fidelity.fidelity(docx, _write(tmp_path / "reference.txt", reference))
    print(f"fidelity investment, DOCX through LibreOffice: {ratio:.4f}")
    assert ratio >= 0.99, [str(d) for d in differences[:5]]
    # LibreOffice printing the DOCX updates its fields: the numbers are Word's own, not the cached text
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "printed"), str(docx)], check=True, capture_output=True,
                   timeout=300)
    from_word = " ".join(fidelity.read(next((tmp_path / "printed").glob("*.pdf"))).split())
    for said in ("issues under Section 2.01.", "Sections 2.01 and 2.02 are read", "subject to Section 2.03(b).",
                 "(a) the representations in Section 3.01 are", "this Section 3.01 survives",
                 "3.02 Of the Investor.", "this Section 3.03 limits"):
        assert said in from_word, said
    pdf = next(out.glob("*.pdf"))
    printed = " ".join(fidelity.read(pdf).split())
    assert "2.02 Closing. The closing takes place on October 1, 2025, subject to Section 2.03(b)." in printed
    html = " ".join(unescape(re.sub(r"<[^>]+>", "", next(out.glob("*.html")).read_text())).split())
    assert "1.02 Interpretation." in html and "Sections 2.01 and 2.02" in html


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("typed, style, value, depth, rest", [
    ("1.1 The Seller shall sell.", "decimal-dotted", 1, 2, "The Seller shall sell."),
    ("1.2.3 headings do not count", "decimal-dotted", 3, 3, "headings do not count"),
    ("2.03 Closing.", "decimal-zero-dotted", 3, 2, "Closing."),
    ("Section 1.01. Definitions.", "section-zero-dotted", 1, 2, "Definitions."),
    ("SECTION 4.10", "section-dotted", 10, 2, ""),
    ("Clause 4.10 The Buyer", "decimal-dotted", 10, 2, "The Buyer"),
    ("3.2", "decimal-dotted", 2, 2, ""),
])
def test_a_typed_dotted_number_gives_its_own_value_and_its_depth(typed, style, value, depth, rest):
    from assembler.importer.outline import read_number

    number = read_number(typed, [])
    assert (number.style, number.value, number.depth, typed[number.length:]) == (style, value, depth, rest)


@pytest.mark.parametrize("typed", ["1. Definitions", "2.5% of the Shares", "1.1a", "Section 4(a)(2) of the Act"])
def test_what_is_no_dotted_number_stays_as_it_was(typed):
    from assembler.importer.outline import read_number

    number = read_number(typed, [])
    assert number is None or number.depth == 0


def test_a_built_document_numbers_dotted_levels_in_text_and_word(tmp_path):
    """The numbering styles themselves, on a document of the seed library's kind: the text writer's
    labels and Word's level texts, "%1.%2.%3" under a decimal first level."""
    from assembler.resolve import resolve
    from assembler.tree import Document, Paragraph, Section, Text
    from assembler.writers.docx import _dotted_text

    def section(sid, *children):
        return Section(id=sid, title=None, children=[Paragraph([Text(sid)]), *children])

    document = Document(name="d", title="D", numbering=["decimal", "decimal-dotted", "decimal-zero-dotted"],
                        blocks=[section("a", section("a1"), section("a2", section("a2x"), section("a2y")))])
    resolve(document)
    assert {sid: (s.label, s.number) for sid, s in document.sections.items()} == {
        "a": ("1.", "1"), "a1": ("1.1", "1.1"), "a2": ("1.2", "1.2"), "a2x": ("1.2.01", "1.2.01"),
        "a2y": ("1.2.02", "1.2.02")}
    assert [_dotted_text(document.numbering, level) for level in (1, 2)] == ["%1.%2", "%1.%2.%3"]
    worded = Document(name="w", title="W", numbering=["decimal", "section-zero-dotted"],
                      blocks=[section("a", section("a1"), section("a2"))])
    resolve(worded)
    assert [(s.label, s.number) for s in worded.sections.values()] == [
        ("1.", "1"), ("Section 1.01", "1.01"), ("Section 1.02", "1.02")]
    assert _dotted_text(worded.numbering, 1) == "Section %1.%2"


def test_word_numbers_three_dotted_levels_live_and_its_fields_read_them(made, tmp_path):
    """The typed precedent's library in Word: "%1.%2" and "%1.%2.%3", and its clause references,
    as LibreOffice prints the DOCX with its fields updated."""
    library, _, _, _ = _import_and_build(made, "spa", tmp_path)
    docx = next((tmp_path / "built").glob("*.docx"))
    with zipfile.ZipFile(docx) as z:
        numbering = z.read("word/numbering.xml").decode()
    assert re.search(r'w:ilvl="1".{0,200}w:lvlText w:val="%1\.%2"/>.{0,400}w:ilvl="2".{0,200}'
                     r'w:lvlText w:val="%1\.%2\.%3"/>', numbering)
    need("soffice")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "printed"), str(docx)], check=True, capture_output=True,
                   timeout=300)
    from_word = " ".join(fidelity.read(next((tmp_path / "printed").glob("*.pdf"))).split())
    for said in ("1.2.1 headings do not affect", "1.2.2 the singular", "sale under clause 3.",
                 "any amount clause 2.3 deducts", "The rules in clauses 1.2.1 and 1.2.2 apply to this clause 3.2, "
                 "and Clause 2.1 ends", "4.2 Notices are given as clause 7.4 provides."):
        assert said in from_word, said


def test_sections_labelled_section_1_01_keep_the_word_in_every_format(made, tmp_path):
    library, _, built, _ = _import_and_build(made, "investment typed as Section 1.01", tmp_path)
    assembly = yaml.safe_load(next((library / "assemblies").glob("*.yaml")).read_text())
    assert assembly["numbering"] == ["decimal", "section-zero-dotted", "lower-letter"]
    text = " ".join(built.split())
    assert "Section 2.02 CLOSING. The closing takes place on October 1, 2025, subject to Section 2.03(b)." in text
    docx = next((tmp_path / "built").glob("*.docx"))
    with zipfile.ZipFile(docx) as z:
        assert 'w:lvlText w:val="Section %1.%2"/>' in z.read("word/numbering.xml").decode()
    need("soffice")
    as_saved = " ".join(fidelity.read(docx).replace("\u2060", "").split())  # the fields as saved, not updated
    assert "subject to Section 2.03(b)." in as_saved and "Sections 2.01 and 2.02 are read" in as_saved
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "printed"), str(docx)], check=True, capture_output=True,
                   timeout=300)
    from_word = " ".join(fidelity.read(next((tmp_path / "printed").glob("*.pdf"))).split())
    assert "Sections 2.01 and 2.02 are read" in from_word
    assert "Section 2.02 Closing. The closing takes place on October 1, 2025, subject to Section 2.03(b)." in from_word
    assert "Section 3.01 Of the Company." in from_word and "(a) the representations in Section 3.01" in from_word


def test_a_sentence_that_starts_with_a_decimal_figure_is_no_section():
    """"2.5 million Shares …" reads like section 2.5. It opens one only where it continues the
    outline: its first pieces the open sections' numbers, its own the next at its level."""
    from assembler.importer.outline import outline
    from assembler.importer.reading import Para, Run

    typed = ["1. Definitions", "1.1 In this Agreement, words have their defined meanings.",
             "2. Sale and Purchase",
             "2.5 million of the Shares are sold first.",            # before 2.1: not the next at its level
             "2.1 The Seller shall sell the Shares.", "2.2 The Buyer shall pay the Price.",
             "2.5 million more are paid at Completion.",             # after 2.2: not the next
             "3. Completion",
             "2.3 per cent of the Price is retained.",               # in section 3: not its parent's number
             "3.1 Completion takes place at the Buyer's offices.", "3.2 Title passes at Completion."]
    result = outline([Para(i, [Run(text)]) for i, text in enumerate(typed, 1)], "spa")
    sections = [(s.level, s.value, [para.text[start:] for para, start in s.paragraphs])
                for s in result.all_sections()]
    assert sections == [
        (1, 1, []), (2, 1, ["In this Agreement, words have their defined meanings."]),
        (1, 2, ["2.5 million of the Shares are sold first."]),
        (2, 1, ["The Seller shall sell the Shares."]),
        (2, 2, ["The Buyer shall pay the Price.", "2.5 million more are paid at Completion."]),
        (1, 3, ["2.3 per cent of the Price is retained."]),
        (2, 1, ["Completion takes place at the Buyer's offices."]), (2, 2, ["Title passes at Completion."]),
    ]
