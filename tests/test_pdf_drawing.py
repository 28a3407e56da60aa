"""What the PDFs draw, read with pdfplumber: blanks as lines, signature lines, no rule through a
word, and the footer and page number below the body on every page.

Geometry only (tests/pdf_geometry.py), so the checks hold whichever engine sets the page.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from assembler import api

from .conftest import EXAMPLE, SECOND
from .pdf_geometry import Page, Rule, Word, crossing, pages, underlined

FOOTER = "HFNY2: #520846 v2/05466-0001 / 01/16/2001"   # the example's agreement.footer
SECOND_FOOTER = "BRW-RRA-2024 v3"                     # the second deal's


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("drawn")
    api.build(EXAMPLE, ("pdf", "txt"), out, as_of=__import__("datetime").date(1998, 1, 1))
    return out


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    out = tmp_path_factory.mktemp("drawn-second")
    api.build(SECOND, ("pdf",), out)
    return out


def blank_rules(page: Page) -> list[Rule]:
    """Rules with no word standing on them: lines to fill in (an underlined heading is not one)."""
    return [r for r in page.rules if r.width >= 30 and not any(underlined(w, [r]) for w in page.words)]


def word_before(page: Page, rule: Rule) -> Word | None:
    """The word a reader reads just before the rule: left of it on its line, or ending the line above."""
    same_line = [w for w in page.words if -3 <= rule.y - w.bottom <= 5 and w.x1 <= rule.x0 + 1]
    if same_line:
        return max(same_line, key=lambda w: w.x1)
    above = [w for w in page.words if w.bottom < rule.y - 5]
    if not above:
        return None
    top = max(round(w.top) for w in above)
    return max((w for w in above if round(w.top) == top), key=lambda w: w.x1)


def test_blanks_are_drawn_as_lines_where_the_text_has_them(example):
    """Each blank the text output prints as underscores is a drawn line in the PDF, after the
    same word."""
    text = " ".join((example / "registration-rights-agreement.txt").read_text().split())
    in_text = Counter()
    for match in re.finditer(r"_{5,}", text):
        before = [word for word in re.split(r"\s+|(?<=\$)", text[:match.start()]) if word and "_" not in word]
        in_text[before[-1]] += 1
    assert sum(in_text.values()) == 10  # name, shares and principal; two By, Name and Title; the Investor
    drawn = Counter()
    for page in pages(example / "registration-rights-agreement.pdf"):
        for rule in blank_rules(page):
            before = word_before(page, rule)
            drawn[before.text if before else None] += 1
    assert drawn == in_text


def test_signature_lines_are_drawn_after_by(example):
    """On the signature page: a line to sign after each "By:", long enough to sign on."""
    signature = next(p for p in pages(example / "registration-rights-agreement.pdf")
                     if any(w.text == "WITNESS" for w in p.words))
    by = [w for w in signature.words if w.text == "By:"]
    assert len(by) == 2  # the Company and the Initial Investor
    for word in by:
        lines = [r for r in blank_rules(signature) if abs(r.y - word.bottom) <= 5 and r.x0 >= word.x1 - 1]
        assert lines and max(r.width for r in lines) >= 144, word  # two inches at least


@pytest.mark.parametrize("name", [
    "registration-rights-agreement", "certificate-of-incorporation", "certificate-of-amendment-1-1997-08-28",
    "certificate-of-amendment-2-1999-03-19",
    # Found by this test under the ReportLab writer: the footnote's separator rule ran through the
    # incorporator's name. WeasyPrint sets footnotes below the body.
    "certificate-of-incorporation-as-amended-through-1998-01-01"])
def test_no_rule_crosses_a_word(example, name):
    for page in pages(example / f"{name}.pdf"):
        assert not [(w.text, round(r.y)) for w, r in crossing(page)], (name, page.number)


def _footer_and_number(page: Page, footer: str) -> tuple[list[Word], Word]:
    wanted = footer.split()
    runs = [page.words[i:i + len(wanted)] for i in range(len(page.words) - len(wanted) + 1)
            if [w.text for w in page.words[i:i + len(wanted)]] == wanted]
    assert len(runs) == 1, (page.number, "footer")
    numbers = [w for w in page.words if w.text == str(page.number)]
    assert numbers, (page.number, "page number")
    return runs[0], max(numbers, key=lambda w: w.top)


@pytest.mark.parametrize("build, footer", [("example", FOOTER), ("second", SECOND_FOOTER)])
def test_footer_and_page_number_lie_below_the_body_on_every_page(build, footer, request):
    folder = request.getfixturevalue(build)
    drawn = pages(folder / "registration-rights-agreement.pdf")
    assert len(drawn) >= 15
    for page in drawn:
        footer_words, number = _footer_and_number(page, footer)
        body = [w for w in page.words if w not in footer_words and w is not number]
        assert body, page.number
        lowest = max(w.bottom for w in body)
        footer_top = min(w.top for w in footer_words)
        assert lowest < footer_top, (page.number, [w.text for w in body if w.bottom >= footer_top])
        assert number.top >= footer_top, page.number          # the number under the footer, or beside it
        assert max(w.bottom for w in footer_words + [number]) <= page.height - 18  # not off the paper
