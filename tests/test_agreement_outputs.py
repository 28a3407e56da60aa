"""The example agreement in every format: fidelity to the seed, and Word/PDF done properly."""
from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from docx import Document as open_docx

from . import fidelity
from .conftest import SEED_RRA, need

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_fidelity_to_the_seed_is_at_least_099(example_build, fmt):
    need({"txt": "ls", "docx": "soffice", "pdf": "pdftotext"}[fmt])
    ratio, differences = fidelity.fidelity(example_build.paths[fmt], SEED_RRA)
    assert ratio >= 0.99, f"{fmt} fidelity {ratio:.4f}; biggest differences: {differences[:3]}"


def test_text_has_numbers_headings_and_resolved_references(example_build):
    text = example_build.text("txt")
    for expected in ["1. DEFINITIONS", "2. REGISTRATION", "(a) FILING AND EFFECTIVENESS OF REGISTRATION STATEMENT.",
                     "(c) (i) If the Company proposes", "(ii) If a registration pursuant to this Section 2(c)",
                     "proration provisions of this Section 2(c)(ii)", "in accordance with Section 8 hereof",
                     "for this Section 3(d)", "described in Section 3(e) or 3(f)", "provided in Section 6 hereof",
                     "liable under this Section 6(b)", "subsection (a) or (b) above", "this Section 6(d)",
                     "pursuant to this Section 11(c)", "11. MISCELLANEOUS", "thirty (30) days",
                     "one hundred and twenty (120) days", "One Cent ($0.01)", "8% Convertible Debenture",
                     "Registration Rights Agreement dated January 16, 2001"]:
        assert expected in text, expected


def test_open_blanks_are_listed(example_build):
    names = {name for name, _ in example_build.result.blanks}
    assert {"investor.name", "securities.bridge_loan_shares",
            "securities.debenture.principal_amount"} <= names


# -- DOCX --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def docx_parts(example_build):
    with zipfile.ZipFile(example_build.paths["docx"]) as z:
        return {name: z.read(name).decode("utf-8") for name in z.namelist() if name.endswith(".xml")}


def test_docx_numbering_is_words_own_multilevel_list(docx_parts, example_build):
    numbering = docx_parts["word/numbering.xml"]
    for fmt, text in [("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)"),
                      ("upperLetter", "(%4)")]:
        assert re.search(rf'<w:numFmt w:val="{fmt}"/>.*?<w:lvlText w:val="{re.escape(text)}"/>',
                         numbering, re.S), fmt
    doc = open_docx(example_build.paths["docx"])
    numbered = [p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    sections = example_build.result.documents[0].sections
    # Word draws every label but 2(c)(i)'s, typed after its parent's number: "(c) (i) If the Company"
    # (a paragraph has one list number, and the seed runs the two into one line).
    run_in = [s for s in sections.values() if s.number == "2(c)(i)"]
    assert len(run_in) == 1 and len(sections) == 75 and len(numbered) == 74
    parent = numbered[[s.number for s in sections.values() if s not in run_in].index("2(c)")]
    assert parent.text.startswith("(i) If the Company"), parent.text[:40]
    for paragraph, section in zip(numbered, [s for s in sections.values() if s not in run_in]):
        assert not paragraph.text.startswith(section.label + " "), paragraph.text[:40]
        level = int(paragraph._p.pPr.numPr.ilvl.val)
        assert level == section.level - 1


def test_docx_references_are_bookmarks_and_ref_fields_with_right_cached_text(docx_parts):
    body = docx_parts["word/document.xml"]
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', body))
    refs = re.findall(r"<w:instrText[^>]*> REF (\S+) \\n \\h </w:instrText>.*?"
                      r'<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>([^<]+)</w:t>', body, re.S)
    assert len(refs) >= 40
    assert {r[0] for r in refs} <= bookmarks
    # One field per level: "Section 2(c)(ii)" is fields cached as "2", "(c)", "(ii)".
    cached = "".join(r[1] if r[1].startswith("(") else " " + r[1] for r in refs)
    for expected in [" 8", " 2(a)", " 2(c)(ii)", " 3(d)", " 3(e)", " 3(f)", " 6(b)", " 6(d)", " 11(c)"]:
        assert expected in cached, expected


def test_libreoffice_recomputes_references_to_the_same_numbers(example_build, tmp_path):
    need("soffice")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(example_build.paths["docx"])],
                   check=True, capture_output=True, timeout=180)
    laid_out = " ".join(_pages(tmp_path / "registration-rights-agreement.pdf"))
    laid_out = " ".join(laid_out.split())
    for expected in ["this Section 2(c)(ii),", "Section 3(e) or 3(f)", "this Section 6(b)", "Section 8 hereof",
                     "subsection (a) or (b) above", "this Section 11(c)."]:
        assert expected in laid_out, expected
    assert not re.search(r"Section \d+\.\(", laid_out)


def test_docx_footer_has_text_and_page_field(docx_parts):
    footers = [v for k, v in docx_parts.items() if k.startswith("word/footer")]
    assert any("HFNY2: #520846 v2/05466-0001 / 01/16/2001" in f and " PAGE " in f for f in footers)


def test_docx_signature_page_starts_a_new_page_after_the_legend(example_build):
    doc = open_docx(example_build.paths["docx"])
    texts = [p.text for p in doc.paragraphs]
    legend = next(i for i, t in enumerate(texts) if t.upper().startswith("[REMAINDER OF PAGE"))
    following = doc.paragraphs[legend + 1]
    assert following.text.startswith("IN WITNESS WHEREOF")
    assert following.paragraph_format.page_break_before


def test_docx_uses_house_styles(example_build):
    doc = open_docx(example_build.paths["docx"])
    used = {p.style.name for p in doc.paragraphs}
    assert {"Document Title", "Article Heading", "Clause", "Address", "Signature", "Legend"} <= used


def test_docx_opens_in_libreoffice_with_numbers(example_build):
    text = example_build.text("docx")
    for expected in ["1. Definitions", "(a) Filing and Effectiveness of Registration Statement.",
                     "(xii) \"Securities Act\"", "(r) In the event that any broker-dealer",
                     "pursuant to this Section 11(c)", "11. Miscellaneous"]:
        assert expected in text, expected


# -- PDF ---------------------------------------------------------------------------------------

def _pages(path):
    need("pdftotext")
    raw = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return raw.decode().split("\f")[:-1]


def test_pdf_is_letter_size_with_footer_and_page_number_on_every_page(example_build):
    need("pdfinfo")
    info = subprocess.run(["pdfinfo", str(example_build.paths["pdf"])], capture_output=True, text=True).stdout
    assert "612 x 792 pts (letter)" in info
    pages = _pages(example_build.paths["pdf"])
    assert len(pages) >= 15
    for number, page in enumerate(pages, 1):
        lines = [l.strip() for l in page.strip().splitlines() if l.strip()]
        assert lines[-2] == "HFNY2: #520846 v2/05466-0001 / 01/16/2001"
        assert lines[-1] == str(number)


def test_pdf_signature_page_is_its_own_page(example_build):
    pages = _pages(example_build.paths["pdf"])
    signature = next(i for i, p in enumerate(pages) if "IN WITNESS WHEREOF" in p)
    assert "NEXT PAGE IS SIGNATURE PAGE" in pages[signature - 1]
    assert "REMAINDER OF PAGE" not in pages[signature]
    assert "THE AUXER GROUP, INC." in pages[signature]
