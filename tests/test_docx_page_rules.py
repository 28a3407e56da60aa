"""Page rules on every kind of DOCX as LibreOffice lays it out (which is how a recipient sees it),
measured from the pages LibreOffice prints (pdfplumber), and the DOCX's indents against the PDF's.

Each DOCX paragraph is found on the printed pages by its opening words, in reading order, so a rule
can ask where a given paragraph (an address line, a heading, a lead-in) fell.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from . import document_kinds

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
KINDS = ["agreement", "several-investor agreement", "charter", "conformed charter", "certificate of amendment",
         "certificate of amendment before payment", "instrument", "conformed copy", "amendment redline", "redline",
         "firm override", "joinder joinder-agreement", "joinder registration-rights-agreement",
         *(f"letter {kind}" for kind in ("comments", "effectiveness", "piggyback", "requested-information",
                                         "misstatement", "stop-order", "resumption", "assignment",
                                         "address-change"))]
# Paragraph styles whose consecutive paragraphs are one block that must stand on one page.
BLOCK_STYLES = {"Address", "LetterCopy", "LetterQuotedAddress", "LetterAddress"}
SIGNATURE_STYLES = {"Signature", "LetterSignature", "LetterSignatory"}
HEADING_STYLES = {"ArticleHeading", "DocumentTitle", "LetterSubject"}
FOOTER_GAP = 12  # pt, at least, between a page's last body line and its footer


@pytest.fixture(scope="module")
def kinds(tmp_path_factory):
    out = tmp_path_factory.mktemp("docx-kinds")
    built = document_kinds.build(out)
    laid = document_kinds.libreoffice_layouts(built, out / "lo")
    assert set(KINDS) <= set(built), set(KINDS) - set(built)
    return {kind: {**files, "lo": laid[kind]} for kind, files in built.items()}


# -- the DOCX's paragraphs --------------------------------------------------------------------------

@dataclass
class Para:
    style: str
    text: str
    numbered: bool
    centered: bool
    keep: bool


def _words(text: str) -> list[str]:
    return text.replace("\u2060", "").replace("\u00a0", " ").split()


def _centered_styles(archive: zipfile.ZipFile) -> set[str]:
    styles = etree.fromstring(archive.read("word/styles.xml"))
    return {s.get(f"{{{W}}}styleId") for s in styles.iter(f"{{{W}}}style")
            if s.find("w:pPr/w:jc", NS) is not None and s.find("w:pPr/w:jc", NS).get(f"{{{W}}}val") == "center"}


def paragraphs(docx: Path) -> list[Para]:
    """The body's paragraphs as LibreOffice shows them with changes shown: deleted words too."""
    archive = zipfile.ZipFile(docx)
    root = etree.fromstring(archive.read("word/document.xml"))
    centered = _centered_styles(archive)
    found = []
    for p in root.iter(f"{{{W}}}p"):
        if any(a.tag == f"{{{W}}}footnote" for a in p.iterancestors()):
            continue
        text = "".join(n.text or "" if n.tag != f"{{{W}}}tab" else " "
                       for n in p.iter(f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}tab")
                       if not any(a.tag == f"{{{W}}}instrText" for a in n.iterancestors()))
        style = p.find("w:pPr/w:pStyle", NS)
        style = style.get(f"{{{W}}}val") if style is not None else "Normal"
        jc = p.find("w:pPr/w:jc", NS)
        found.append(Para(style, " ".join(_words(text)), p.find("w:pPr/w:numPr", NS) is not None,
                          jc.get(f"{{{W}}}val") == "center" if jc is not None else style in centered,
                          p.find("w:pPr/w:keepNext", NS) is not None))
    return found


def footer_texts(docx: Path) -> set[str]:
    archive = zipfile.ZipFile(docx)
    texts = set()
    for name in archive.namelist():
        if re.fullmatch(r"word/(footer|header)\d*\.xml", name):
            root = etree.fromstring(archive.read(name))
            for p in root.iter(f"{{{W}}}p"):
                text = " ".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t")).split())
                if text and "{{" not in text:
                    texts.add(text)
    return texts


# -- the printed pages -------------------------------------------------------------------------------

@dataclass
class Line:
    page: int
    top: float
    bottom: float
    x0: float
    words: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.words)


def printed(pdf: Path) -> list[list[Line]]:
    import pdfplumber

    pages = []
    with pdfplumber.open(str(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            rows: list[list[dict]] = []
            for w in sorted(page.extract_words(x_tolerance=1.5), key=lambda w: w["top"]):
                if rows and abs(rows[-1][0]["top"] - w["top"]) < 3:
                    rows[-1].append(w)
                else:
                    rows.append([w])
            lines = []
            for row in rows:
                row.sort(key=lambda w: w["x0"])
                words = [piece for w in row for piece in _words(w["text"])]
                if words:
                    lines.append(Line(number, min(w["top"] for w in row), max(w["bottom"] for w in row),
                                      row[0]["x0"], words))
            pages.append(lines)
    return pages


def furniture(page: list[Line], footers: set[str]) -> list[Line]:
    """The footer's lines (the page number, the document number) and a continuation header's."""
    def is_furniture(line: Line) -> bool:
        if 100 < line.top < 700:  # (a letter's continuation header names the addressee, as its address does)
            return False
        return (line.text in footers or re.fullmatch(r"(Page )?\d+", line.text) is not None
                or any(line.text.startswith(f) for f in footers if len(f) > 12))
    return [line for line in page if is_furniture(line)]


LABEL = re.compile(r"^(\(?[0-9ivxlcA-Za-z]{1,6}[.)]|[A-Z]+:)$")


def _key(words: list[str]) -> str:
    return re.sub(r"\W", "", "".join(words)).lower()


def _opens(line: Line, words: list[str]) -> bool:
    """The line begins the paragraph of these words (after a list label the DOCX does not hold as
    text, or a redline's struck and inserted labels); punctuation and spacing aside."""
    want = _key(words[:4])
    for skip in range(0, 3):
        have = _key(line.words[skip:])
        # (a short paragraph, a name in a signature block, may wrap before its fourth word)
        if have.startswith(want) or (len(words) <= 6 and len(line.words) - skip >= 2 and want.startswith(have)):
            return True
        if skip < len(line.words) and not LABEL.match(line.words[skip]):
            break
    return False


def placed(paras: list[Para], pages: list[list[Line]], footers: set[str]) -> list[tuple[Para, Line, Line | None]]:
    """Each non-empty paragraph with its first printed line and the line after it when that line
    continues it; found in reading order."""
    body = [line for page in pages for line in page if line not in furniture(page, footers)]
    found, at = [], 0
    wanted = [p for p in paras if p.text]
    for i, para in enumerate(wanted):
        words = _words(para.text)
        for j in range(at, min(at + 150, len(body))):
            if _opens(body[j], words):
                nxt = body[j + 1] if j + 1 < len(body) else None
                following = wanted[i + 1] if i + 1 < len(wanted) else None
                if nxt is not None and (nxt.page != body[j].page or len(body[j].words) >= len(words)
                                        or (following and _opens(nxt, _words(following.text)))):
                    nxt = None
                found.append((para, body[j], nxt))
                at = j + 1
                break
    return found


# -- the rules ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_the_footer_stands_clear_of_the_body_and_the_page_number_keeps_its_place(kinds, kind):
    """Rule 6: at least 12 pt between a page's last body line and its footer, on every page; the page
    number at one place on every page."""
    footers = footer_texts(kinds[kind]["docx"])
    pages = printed(kinds[kind]["lo"])
    numbers, tight = set(), []
    for number, page in enumerate(pages, 1):
        foot = furniture(page, footers)
        body = [line for line in page if line not in foot and line.top > 100]  # a continuation header is above
        page_number = [line for line in foot if re.fullmatch(r"\d+", line.text)]
        assert page_number, f"page {number} has no page number"
        numbers.add((round(page_number[-1].top), round((page_number[-1].x0 + 0) / 10)))
        low = [line for line in foot if line.top > page[-1].top - 40]
        if body and low:
            gap = min(line.top for line in low) - max(line.bottom for line in body)
            if gap < FOOTER_GAP:
                tight.append((number, round(gap, 1), body[-1].text[:40]))
    assert not tight, f"{kind}: footer too close under the body: {tight}"
    assert len({y for y, _ in numbers}) == 1, f"{kind}: page number at {numbers}"


@pytest.mark.parametrize("kind", KINDS)
def test_a_run_in_label_is_never_alone_on_its_line(kinds, kind):
    """Rule 2: no line of the body is a label alone ("(c)" stood on its own line over "(i) If the
    Company", where the PDF runs them together)."""
    from . import pdf_geometry

    lonely = pdf_geometry.lonely_labels(kinds[kind]["lo"])
    assert not lonely, "\n".join(map(str, lonely[:8]))


AGREEMENTS = ["agreement", "several-investor agreement", "conformed copy", "firm override", "amendment redline",
              "redline"]


@pytest.mark.parametrize("kind", AGREEMENTS)
def test_a_section_with_no_words_of_its_own_runs_into_its_first_sub_section(kinds, kind):
    """Finding 1 in the DOCX: "(c) (i) If the Company …" on one line, as the seed sets it, and the
    next sub-section still numbered "(ii)" by Word's list (the redlines: by their typed labels)."""
    from .conftest import pdf_text

    lines = [" ".join(_words(line)) for line in pdf_text(kinds[kind]["lo"]).splitlines()]
    assert any(line.startswith("(c) (i) If the Company proposes") for line in lines), \
        [line for line in lines if "If the Company proposes" in line]
    assert any(line.startswith("(ii) If a registration pursuant to this Section 2(c)") for line in lines), \
        [line for line in lines if "If a registration pursuant" in line]


def _blocks(paras: list[Para]) -> list[list[Para]]:
    """Runs of paragraphs that must share a page: an address block with the lead-in before it, a
    "with a copy to:" with its address, a signature block up to its "Title:" line."""
    blocks, current = [], []
    for para in paras:
        if not para.text and para.style not in SIGNATURE_STYLES:
            continue
        joins = (para.style in BLOCK_STYLES and current and (current[-1].style in BLOCK_STYLES
                                                              or current[-1].text.endswith(":")))
        signs = para.style in SIGNATURE_STYLES and current and current[-1].style in SIGNATURE_STYLES \
            and not current[-1].text.startswith("Title:")
        if joins or signs:
            current.append(para)
        else:
            if len([p for p in current if p.text]) > 1:
                blocks.append(current)
            current = [para]
    if len([p for p in current if p.text]) > 1:
        blocks.append(current)
    return [[p for p in block if p.text] for block in blocks]


@pytest.mark.parametrize("kind", KINDS)
def test_no_address_notice_copy_or_signature_block_is_split(kinds, kind):
    """Rule 5: each block's lines on one page (the agreement's notices, the conformed copy's
    investor address, the instrument's "with a copy to:", a letter's copy block)."""
    paras = paragraphs(kinds[kind]["docx"])
    where = {id(para): line.page for para, line, _ in
             placed(paras, printed(kinds[kind]["lo"]), footer_texts(kinds[kind]["docx"]))}
    split = []
    for block in _blocks(paras):
        pages = [where.get(id(p)) for p in block]
        missing = [p.text for p in block if id(p) not in where]
        assert not missing, f"{kind}: not found on the pages: {missing[:3]}"
        if len(set(pages)) > 1:
            split.append([(p.text[:30], page) for p, page in zip(block, pages)])
    assert not split, f"{kind}: blocks split across pages: {split}"


@pytest.mark.parametrize("kind", KINDS)
def test_no_page_ends_with_a_heading_or_a_lead_in(kinds, kind):
    """Rule 5: a heading, or a line leading into what follows (ending in a colon), is never a page's
    last body line."""
    docx = kinds[kind]["docx"]
    paras = paragraphs(docx)
    pages = printed(kinds[kind]["lo"])
    footers = footer_texts(docx)
    found = placed(paras, pages, footers)
    last = {}
    for para, line, _ in found:
        last[line.page] = (para, line)
    bad = []
    for page, (para, line) in last.items():
        if page == len(pages):
            continue
        lines = [l for l in pages[page - 1] if l not in furniture(pages[page - 1], footers)]
        if lines and lines[-1] is not line:
            continue  # the page ends inside a longer paragraph
        if para.style in HEADING_STYLES or para.text.endswith(":"):
            bad.append((page, para.text[:50]))
    assert not bad, f"{kind}: pages ending with a heading or lead-in: {bad}"


INDENT_TOLERANCE = 2  # pt


@pytest.mark.parametrize("kind", KINDS)
def test_each_paragraph_is_indented_as_in_the_pdf(kinds, kind):
    """Rule 8: the same paragraph starts at the same place in the DOCX (LibreOffice) and the PDF
    (WeasyPrint), and its later lines too, within 2 pt: definitions and sub-items, addresses,
    quotations, signatures."""
    docx = kinds[kind]["docx"]
    paras = [p for p in paragraphs(docx) if not p.centered]
    footers = footer_texts(docx)
    in_word = {id(p): (first, nxt) for p, first, nxt in placed(paras, printed(kinds[kind]["lo"]), footers)}
    in_pdf = {id(p): (first, nxt) for p, first, nxt in placed(paras, printed(kinds[kind]["pdf"]), footers)}
    compared, off = 0, []
    for para in paras:
        if id(para) not in in_word or id(para) not in in_pdf:
            continue
        (w1, w2), (p1, p2) = in_word[id(para)], in_pdf[id(para)]
        compared += 1
        if abs(w1.x0 - p1.x0) > INDENT_TOLERANCE:
            off.append(("first line", para.style, para.text[:40], round(w1.x0 - 72, 1), round(p1.x0 - 72, 1)))
        elif w2 is not None and p2 is not None and w2.words[0] == p2.words[0] \
                and abs(w2.x0 - p2.x0) > INDENT_TOLERANCE:  # (lines broken alike: a blank is no word in the PDF)
            off.append(("next lines", para.style, para.text[:40], round(w2.x0 - 72, 1), round(p2.x0 - 72, 1)))
    assert compared >= min(5, len([p for p in paras if p.text])) // 2, f"{kind}: only {compared} paragraphs found"
    assert not off, f"{kind}: {len(off)} of {compared} paragraphs indented otherwise (DOCX pt, PDF pt): {off[:8]}"


CITED = re.compile(r"\d+(?:\([a-z]+\))+$")  # "2(c)" at a line's end, with no stop after it
LEVEL = re.compile(r"^\([a-z]+\)")


@pytest.mark.parametrize("kind", KINDS)
def test_no_cross_reference_is_broken_across_lines(kinds, kind):
    """Finding 13: "Section" is never a line's last word, and "2(c)" never ends a line whose next
    line, in the same paragraph, goes on "(i)" (the piggyback letter's Re: line broke there)."""
    footers = footer_texts(kinds[kind]["docx"])
    broken = []
    for page in printed(kinds[kind]["lo"]):
        body = [line for line in page if line not in furniture(page, footers)]
        for line, after in zip(body, body[1:]):
            same_paragraph = after.top - line.top < 17
            if line.words[-1] in ("Section", "Sections") and same_paragraph:
                broken.append(f"{line.text[-30:]} / {after.text[:20]}")
            elif CITED.search(line.words[-1]) and LEVEL.match(after.words[0]) and same_paragraph:
                broken.append(f"{line.text[-30:]} / {after.text[:20]}")
    assert not broken, f"{kind}: {broken}"


SIGNATURE_RULE = 2.4 * 72  # pt: the PDF's line to sign on is 2.5 in


def test_a_conformed_signature_stands_on_a_signature_rule(kinds):
    """Finding 12: "/s/ Name" in the conformed charter is written on a rule as long as the PDF's line
    to sign on, the name and all (only "/s/ " was underlined, and no rule drawn)."""
    from . import pdf_geometry

    for page in pdf_geometry.pages(kinds["conformed charter"]["lo"]):
        signed = [w for w in page.words if w.text == "/s/"]
        if not signed:
            continue
        start = signed[0]
        under = sorted((r for r in page.rules if start.bottom - 2 <= r.y <= start.bottom + 4), key=lambda r: r.x0)
        end = start.x0 if under and abs(under[0].x0 - start.x0) < 2 else None
        for r in under:  # pieces drawn end to end (the words' underline, then the tab's) are one rule
            if end is not None and r.x0 <= end + 1:
                end = max(end, r.x1)
        assert end is not None and end - start.x0 >= SIGNATURE_RULE, [(r.x0, r.x1, r.y) for r in page.rules]
        line = [w for w in page.words if abs(w.top - start.top) < 2 and w.x0 >= start.x0]
        assert [w.text for w in line] == ["/s/", "Eugene", "Chiaramonte"]
        assert all(pdf_geometry.underlined(w, page.rules) for w in line)
        return
    pytest.fail("no conformed signature found")


# -- every page rule on LibreOffice's pages, measured as on our PDFs (tests/pdf_geometry.py) ------

@pytest.mark.parametrize("kind", KINDS)
def test_every_page_rule_holds_on_libreoffices_pages(kinds, kind):
    """The PDF's rules, by the same functions, on the DOCX as LibreOffice lays it out: flush left,
    a line ends short only where the next word would not fit (rule 1; set justified, LibreOffice
    stretched 68 of the agreement's lines past rule 7's 6 pt, to 10.9 pt); no label alone (rule 2);
    each footnote on its call's page (rule 3: Word's raised mark read as the note's); no sparse
    page (4); no block split and no lead-in ending a page, a redline's struck one included (5); the
    foot clear of the body and the page number in one place (6); no word hyphenated by the layout."""
    from . import pdf_geometry
    path = str(kinds[kind]["lo"])
    found = {name: rule(path) for name, rule in pdf_geometry.RULES.items()}
    found = {name: list(map(str, violations[:4])) for name, violations in found.items() if violations}
    assert not found, found
