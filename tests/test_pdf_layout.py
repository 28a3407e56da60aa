"""Print-grade layout, measured on every kind of PDF: what poppler and pdfplumber report of the
words, the drawn rules and the pages."""
from __future__ import annotations

import re
import subprocess

import pytest

from . import pdf_geometry
from .conftest import PDF_KINDS, need

DELETION_RED = (0.690196, 0.0, 0.12549)  # a redline strikes its deletions through, on purpose


def _pages(path) -> list[str]:
    need("pdftotext")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


def _rules(page) -> list[tuple[float, float, float]]:
    """Every horizontal edge drawn on the page (x0, x1, y): lines, and the edges of filled
    rectangles (WeasyPrint draws borders and underlines as either)."""
    found = []
    for line in page.lines:
        if abs(line["top"] - line["bottom"]) < 1 and tuple(line.get("stroking_color") or ()) != DELETION_RED:
            found.append((line["x0"], line["x1"], line["top"]))
    for edge in page.edges:
        if edge["orientation"] == "h" and edge.get("object_type") != "line":
            found.append((edge["x0"], edge["x1"], edge["top"]))
    return found


@pytest.mark.parametrize("kind", PDF_KINDS)
def test_no_drawn_rule_crosses_a_word(pdf_kinds, kind):
    """A footnote's rule, a blank, a signature line: each under or above words, never through
    them (the conformed charter's footnote rule once ran through the incorporator's name)."""
    import pdfplumber

    crossings = []
    with pdfplumber.open(pdf_kinds[kind]) as document:
        for number, page in enumerate(document.pages, start=1):
            words = page.extract_words()
            for x0, x1, y in _rules(page):
                for word in words:
                    height = word["bottom"] - word["top"]
                    inside = word["top"] + 0.25 * height < y < word["bottom"] - 0.3 * height
                    if inside and x0 < word["x1"] - 1 and word["x0"] + 1 < x1:
                        crossings.append((number, word["text"], round(y, 1)))
    assert not crossings, crossings[:5]


@pytest.mark.parametrize("kind", PDF_KINDS)
def test_every_page_has_its_number_at_the_foot(pdf_kinds, kind):
    import pdfplumber

    pages = _pages(pdf_kinds[kind])
    assert pages
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[-1] == str(number), (kind, number, lines[-3:])
    with pdfplumber.open(pdf_kinds[kind]) as document:
        for number, page in enumerate(document.pages, start=1):
            words = page.extract_words()
            foot = max(words, key=lambda w: w["bottom"])
            assert foot["text"] == str(number) and foot["top"] > 0.9 * page.height  # the lowest word


def test_the_footer_text_lies_below_the_body_on_every_page(pdf_kinds):
    import pdfplumber

    with pdfplumber.open(pdf_kinds["agreement"]) as document:
        for number, page in enumerate(document.pages, start=1):
            words = page.extract_words()
            footer = [w for w in words if w["text"].startswith("HFNY2:")]
            assert len(footer) == 1, number
            line = [w for w in words if abs(w["top"] - footer[0]["top"]) < 1]  # the footer's own line
            below = [w for w in words if w["top"] > footer[0]["bottom"]]
            assert [w["text"] for w in below] == [str(number)]
            body = [w for w in words if w not in line and w not in below]
            assert body and max(w["bottom"] for w in body) < footer[0]["top"] - 4, number


def _heading_lines(text: str) -> list[int]:
    lines = text.splitlines()
    return [i for i, line in enumerate(lines) if re.fullmatch(r"\s*\d+\.\s+[A-Z][A-Z ,;'-]+", line)]


@pytest.mark.parametrize("kind", ["agreement", "conformed copy", "amendment instrument"])
def test_a_heading_keeps_with_two_lines_after_it(pdf_kinds, kind):
    for number, text in enumerate(_pages(pdf_kinds[kind]), start=1):
        lines = text.splitlines()
        for at in _heading_lines(text):
            after = [line for line in lines[at + 1:] if line.strip()]
            assert len(after) >= 2 + 2, (kind, number, lines[at].strip())  # two of text, footer, number


@pytest.mark.parametrize("kind", ["agreement", "conformed copy"])
def test_no_page_is_left_half_empty_except_before_the_signature_page(pdf_kinds, kind):
    import pdfplumber

    with pdfplumber.open(pdf_kinds[kind]) as document:
        pages = document.pages
        for number, page in enumerate(pages[:-2], start=1):
            body = [w for w in page.extract_words() if w["top"] < 0.86 * page.height]
            lowest = max(w["bottom"] for w in body)
            assert lowest > 0.7 * page.height, (kind, number, round(lowest / page.height, 2))


def test_address_and_signature_blocks_are_never_split(pdf_kinds):
    """Each notice address (from its first line to its last) and each signature block (from the
    party's name to "Title:") is on one page, with the line that leads into it."""
    for kind in ("agreement", "amendment instrument", "conformed copy"):
        pages = [" ".join(text.split()) for text in _pages(pdf_kinds[kind])]
        whole = " ".join(pages)
        blocks = re.findall(r"((?:Company|Investor), to:|with a copy to:) (\S.*?Telephone: \S+)", whole)
        assert len(blocks) >= 3, kind
        for lead, block in blocks:
            assert any(f"{lead} {block}" in page for page in pages), (kind, block[:60])
        signatures = re.findall(r"By:.{0,60}? Name:.{0,60}? Title:", whole)
        assert signatures, kind
        for block in signatures:
            assert any(block in page for page in pages), (kind, block[:60])


def _body_lines(page) -> list[tuple[float, float, str]]:
    """The page's lines of body text, top to bottom, as (top, right edge, text): the words above
    the running footer, grouped by their top."""
    body = [w for w in page.words if w.bottom < 0.915 * page.height]
    rows: list[list] = []
    for word in sorted(body, key=lambda w: (round(w.top), w.x0)):
        if rows and abs(rows[-1][0] - word.top) < 2:
            rows[-1][1].append(word)
        else:
            rows.append([word.top, [word]])
    return [(top, max(w.x1 for w in words), " ".join(w.text for w in words)) for top, words in rows]


def _split_paragraphs(path) -> list[tuple[int, int, int]]:
    """Each paragraph that a page break splits, as (page, its lines before the break, its lines
    after). A paragraph goes on past a page's foot when the next page opens with a line that does
    not open a paragraph: no label ("(a)", "2.") and no first-line indent (set flush left, a
    paragraph's lines start where its second line does); its lines are 15 pt apart, paragraphs 27."""
    pages = [[(l.top, l.x1, l.text, l.x0) for l in laid.body if l.size >= 10.5]  # footnotes left out
             for laid in pdf_geometry.laid_out(str(path))]
    splits = []
    for number, (page, following) in enumerate(zip(pages, pages[1:]), start=1):
        if not page or len(following) < 2 or following[1][0] - following[0][0] > 20:
            continue
        first = following[0]
        if pdf_geometry.LABEL.match(first[2].split()[0]) or first[3] > following[1][3] + 1 \
                or page[-1][2].rstrip().endswith(":"):
            continue
        before = 1
        while before < len(page) and page[-before][0] - page[-before - 1][0] < 20:
            before += 1
        after = 1
        while after < len(following) and following[after][0] - following[after - 1][0] < 20:
            after += 1
        splits.append((number, before, after))
    return splits


@pytest.mark.parametrize("kind", PDF_KINDS)
def test_no_widow_or_orphan_at_a_page_break(pdf_kinds, kind):
    """At least two lines of a paragraph on each side of a page break (print.css's orphans and
    widows 2). With them set to 1 the agreement leaves single lines at five breaks."""
    splits = _split_paragraphs(pdf_kinds[kind])
    if kind == "agreement":
        assert len(splits) >= 8  # the measure sees the agreement's breaks inside paragraphs
    lonely = [split for split in splits if min(split[1:]) < 2]
    assert not lonely, (kind, lonely)
