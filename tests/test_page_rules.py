"""Issue 23: the page rules, measured on the PDF of every document kind (tests/page_kinds.py), one
test a rule, one parameter a kind. The measuring is tests/pdf_geometry.py's, engine-neutral, so the
same rules can be run on a DOCX as LibreOffice lays it out.

Bounds: the house sets flush left (ragged right), never hyphenated (templates/print.css): a
line of running text ends short of the measure only where the next line's first unbreakable
stretch would not have fitted, within 2 pt (rule 1; and a paragraph set justified against the
house style reaches its right edge within 2 pt); a page's body has at least 4 lines unless it is
the last or a signature page (rule 4); the running foot is at least 12 pt under the body and the
page number within 1 pt of one place on every page (rule 6); rule 7's bound is twice the normal
word space, 6 pt, on every line of running text, and no word is hyphenated by the layout (a
hyphenated word reads back from the page as two: justified and hyphenated, the agreement had 33
lines over the bound and scored 0.9888 against its seed, read with pdftotext).
"""
from __future__ import annotations

import re

import pytest

from . import pdf_geometry as geometry
from .page_kinds import build_all, kinds

KINDS = kinds()


@pytest.fixture(scope="session")
def page_kinds(tmp_path_factory):
    return build_all(tmp_path_factory.mktemp("page-kinds"), ("pdf",))


def _pdf(page_kinds, kind):
    return str(page_kinds[kind]["pdf"])


def _none(violations):
    assert not violations, "\n".join(map(str, violations[:8]))


@pytest.mark.parametrize("kind", KINDS)
def test_rule_1_no_line_ends_short_of_the_measure_without_cause(page_kinds, kind):
    _none(geometry.early_breaks(_pdf(page_kinds, kind)) + geometry.short_lines(_pdf(page_kinds, kind)))


@pytest.mark.parametrize("kind", KINDS)
def test_rule_2_a_run_in_label_is_never_alone(page_kinds, kind):
    _none(geometry.lonely_labels(_pdf(page_kinds, kind)))


@pytest.mark.parametrize("kind", KINDS)
def test_rule_3_a_footnote_is_on_its_calls_page(page_kinds, kind):
    _none(geometry.footnotes_apart(_pdf(page_kinds, kind)))


@pytest.mark.parametrize("kind", KINDS)
def test_rule_4_no_page_holds_only_a_legend_or_a_few_lines(page_kinds, kind):
    _none(geometry.sparse_pages(_pdf(page_kinds, kind)))


@pytest.mark.parametrize("kind", KINDS)
def test_rule_5_no_block_split_and_no_lead_in_ends_a_page(page_kinds, kind):
    _none(geometry.split_blocks(_pdf(page_kinds, kind)) + geometry.parted_signatures(_pdf(page_kinds, kind)))


def test_rule_5_finds_signing_words_parted_from_their_signatures(tmp_path):
    """A page that ends on "IN WITNESS WHEREOF …" (or a letter's close) with the signatures on the
    next is found; the same words kept with their first signature are not."""
    from assembler.writers import pdf

    filler = "<p>The Company shall give each Investor notice of the filing.</p>" * 40
    signing = {"testimonium": "<p>IN WITNESS WHEREOF, the parties have signed this Agreement.</p>",
               "close": "<p>Very truly yours,</p>", "signed on": "<p>Signed on July 31, 1997</p>"}
    for name, words in signing.items():
        found = {}
        for apart in (True, False):
            style = " style='break-before: page'" if apart else ""
            signature = f"<p{style}>By: ____________________</p>"
            path = tmp_path / f"{name}-{apart}.pdf"
            path.write_bytes(pdf.from_html(f"<html lang='en'><body>{filler}{words}{signature}"
                                           "<p>Name: Pat Lee</p></body></html>", name, None, house_style=True))
            found[apart] = geometry.parted_signatures(path)
        assert [v.detail for v in found[True]] == ["signing words parted from the signatures"], name
        assert found[False] == [], name


@pytest.mark.parametrize("kind", KINDS)
def test_rule_6_the_foot_clears_the_body_and_the_number_stays_put(page_kinds, kind):
    _none(geometry.crowded_feet(_pdf(page_kinds, kind)))


@pytest.mark.parametrize("kind", KINDS)
def test_rule_7_no_word_space_is_over_twice_the_normal(page_kinds, kind):
    _none(geometry.loose_lines(_pdf(page_kinds, kind)))


@pytest.mark.parametrize("kind", KINDS)
def test_rule_7_no_word_is_hyphenated_by_the_layout(page_kinds, kind):
    _none(geometry.layout_hyphens(_pdf(page_kinds, kind)))


def test_rule_1_and_7_catch_what_they_are_for(tmp_path):
    """The rules find a line broken in mid-sentence, a justified line's gaping spaces and a
    hyphenated word, on pages made to have them (each of these the house once printed)."""
    from assembler.writers import pdf

    sentence = ("The Company shall give each Investor written notice of the filing of a Registration "
                "Statement at least thirty days before it is filed with the Commission. ")
    pages = {"broken": f"<p>{sentence[:90]}<br>{sentence[90:] * 3}</p>",
             "justified": "<p style='text-align: justify'>" + "registrable supplementary " * 6
                          + "Registration&#160;Statement&#160;No.&#160;333-12345-01 " + sentence * 3 + "</p>",
             "hyphenated": "<p style='hyphens: auto' lang='en'>" + "notwithstanding indemnification " * 40 + "</p>"}
    found = {}
    for name, body in pages.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf.from_html(f"<html lang='en'><body>{body}</body></html>", name, None,
                                       house_style=True))
        found[name] = (geometry.early_breaks(path), geometry.loose_lines(path), geometry.layout_hyphens(path))
    assert found["broken"][0] and not found["broken"][1], found["broken"]
    assert found["justified"][1], found["justified"]
    assert found["hyphenated"][2], found["hyphenated"]


# -- the findings, one test each ------------------------------------------------------------------

def test_finding_1_section_2c_runs_its_first_item_in(page_kinds):
    """"(c) (i) If the Company …" on one line, as the seed has it, in the PDF and the text."""
    from .conftest import pdf_text
    for kind in ("agreement", "several-investor agreement", "conformed copy"):
        text = pdf_text(page_kinds[kind]["pdf"])
        assert "(c) (i) If the Company proposes to register" in " ".join(text.split()), kind
        _none(geometry.lonely_labels(_pdf(page_kinds, kind)) + geometry.early_breaks(_pdf(page_kinds, kind)))


def test_finding_1_the_text_writer_runs_it_in_too(tmp_path):
    from assembler import api

    from .conftest import EXAMPLE
    text = api.render(api.assemble(api.load_termsheet(EXAMPLE)), "txt").decode()
    assert "\n    (c) (i) If the Company proposes to register any of its warrants, Common\n" in text
    assert "\n    (c)\n" not in text


def test_finding_2_the_conformed_copys_footnote_is_on_its_page(page_kinds):
    _none(geometry.footnotes_apart(_pdf(page_kinds, "conformed copy")))


def test_finding_3_the_legend_is_never_alone(page_kinds):
    _none(geometry.sparse_pages(_pdf(page_kinds, "several-investor agreement")))


def test_finding_5_the_page_number_is_at_one_place(page_kinds):
    for kind in ("charter", "conformed charter", "joinder"):
        _none(geometry.crowded_feet(_pdf(page_kinds, kind)))


def test_finding_6_a_restatements_lead_in_keeps_with_its_quotation(page_kinds):
    _none(geometry.split_blocks(_pdf(page_kinds, "amendment instrument")))


def test_finding_7_a_redlines_marks_end_with_their_words(page_kinds):
    """Strike-through and underline stop at the last letter, never under the space after it; a
    struck comma sits against its word; every page says it is a redline."""
    import pdfplumber

    from .conftest import pdf_pages
    for kind in ("agreement redline", "amendment redline"):
        path = page_kinds[kind]["pdf"]
        overruns = []
        with pdfplumber.open(str(path)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                words = page.extract_words(x_tolerance=1.5)
                marks = [line for line in page.lines if tuple(line.get("stroking_color") or ()) != (0,)
                         and abs(line["top"] - line["bottom"]) < 1.5 and line["top"] < page.height - 80]
                for mark in marks:
                    level = [w for w in words if w["top"] - 2 <= mark["top"] <= w["bottom"] + 3]
                    # A mark ends on a letter of some word, never in the space after one.
                    if level and not any(w["x0"] - 0.5 <= mark["x1"] <= w["x1"] + 0.5 for w in level):
                        overruns.append((number, round(mark["x1"], 1), [w["text"] for w in level][:6]))
        assert marks is not None and not overruns, (kind, overruns[:5])
        pages = pdf_pages(path)
        assert pages and all("REDLINE" in page for page in pages), kind
        assert not re.search(r"\w ,", " ".join(" ".join(pages).split())), kind


def test_finding_7_the_html_keeps_spaces_outside_the_marks():
    from assembler.tree import Del, Ins, Text
    from assembler.writers.html import inline
    assert inline([Text("dated "), Del([Text("January 16, ")]), Ins([Text("February 1, ")]), Text("2001")]) \
        == "dated <del>January 16,</del> <ins>February 1,</ins> 2001"
    assert inline([Text("Section 3 "), Del([Text(", but not later")]), Text(".")]) \
        == "Section 3<del>, but not later</del>."


LETTERS = [kind for kind in KINDS if kind.startswith("letter ")]


@pytest.mark.parametrize("kind", LETTERS)
def test_finding_4_a_letters_pages_line_up(page_kinds, kind):
    """The continuation heading starts at the text's margin and stands clear of the top edge; the
    Re: line's first line starts where the lines under it do."""
    pages = geometry.laid_out(_pdf(page_kinds, kind))
    margin = min(line.x0 for page in pages for line in page.body if line.size >= 11.5)
    assert abs(margin - 72) < 1, margin
    for page in pages[1:]:
        heading = (page.head or page.body)[0]
        assert abs(heading.x0 - margin) < 1 and heading.top > 0.5 * 72, (page.number, heading.x0, heading.top)
    for page in pages:
        re_line = [line for line in page.body if line.text.startswith("Re:")]
        if re_line:
            after = page.body[page.body.index(re_line[0]) + 1]
            assert abs(re_line[0].words[1][1] - after.x0) < 1, (re_line[0].text, after.text)


def test_finding_4_the_copy_block_is_not_alone_and_has_no_numbers(page_kinds):
    from .conftest import pdf_pages
    for kind in LETTERS:
        pages = pdf_pages(page_kinds[kind]["pdf"])
        for page in pages:
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            body = [line for line in lines if not line.startswith(("Page ",))]
            if "With a copy to:" in page:
                at = page.index("With a copy to:")
                assert "Telecopier" not in page[at:] and "Telephone" not in page[at:], kind
                assert len(body) > 12, (kind, body[:6])  # more on its page than the heading and the block


def test_finding_8_an_underlined_title_is_set_at_its_natural_spacing(page_kinds):
    """A run-in title's underline is never stretched across a justified line's gaps: the spaces
    between its words are the normal space."""
    import pdfplumber
    path = page_kinds["agreement"]["pdf"]
    titles = 0
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            marks = geometry._strokes(page)
            words = page.extract_words(x_tolerance=1.5, extra_attrs=["fontname"])
            lines = {}
            for word in words:
                lines.setdefault(round(word["bottom"]), []).append(word)
            for row in lines.values():
                bold = [w for w in sorted(row, key=lambda w: w["x0"]) if "Bold" in w["fontname"] and
                        geometry.underlined(geometry.Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]),
                                            marks)]
                if len(bold) > 2:
                    titles += 1
                    gaps = [b["x0"] - a["x1"] for a, b in zip(bold, bold[1:])]
                    assert max(gaps) < geometry.SPACE + 0.6, (number, [w["text"] for w in bold], gaps)
    assert titles >= 5


def test_soft_hyphen_and_zwj_read_back_as_drawn(tmp_path):
    """Issue 23, point 4. A soft hyphen (U+00AD) is a hint where a word may break: unless the line
    breaks there it is not drawn, so pdftotext reads the word whole, without it. A ZWJ emoji
    sequence is drawn as its emoji one by one (the shipped Symbola has no joined glyphs) and the
    joiner, which draws nothing, is not read back. No visible character is lost; the two invisible
    format characters cannot be: WeasyPrint 70 writes no /ActualText that would carry them."""
    from assembler import api

    from .conftest import EXAMPLE, pdf_text, variant, write_sheet
    family = "\U0001F468\u200D\U0001F469\u200D\U0001F467"
    sheet = write_sheet(tmp_path, variant({"investor.name": f"Con\u00adtoso Fund {family} LLC"}))
    api.build(sheet, ("pdf",), tmp_path / "out", only=("registration-rights-agreement",))
    text = " ".join(pdf_text(tmp_path / "out" / "registration-rights-agreement.pdf").split())
    assert "Contoso Fund \U0001F468\U0001F469\U0001F467 LLC" in text
    assert "\u00ad" not in text and "\u200d" not in text


def test_finding_4_a_signer_not_named_gets_lines_for_name_and_title(tmp_path):
    """The example names no signer for the Company: "Name:" and "Title:" get a line to fill in, as
    "By:" does, in the PDF and the text (the Word letter reads the same layout)."""
    import datetime as dt

    from assembler import api

    from .conftest import EXAMPLE, pdf_text
    made = api.notice(EXAMPLE, "effectiveness", "initial-investor", dt.date(2001, 5, 14), tmp_path,
                      ("pdf", "txt"))
    for path in made.outputs:
        text = pdf_text(path) if path.suffix == ".pdf" else path.read_text()
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        at = next(i for i, line in enumerate(lines) if line.startswith("By:"))
        assert [line.split(" ", 1)[0] for line in lines[at:at + 3]] == ["By:", "Name:", "Title:"]
        assert all(line.endswith("_" * 20) for line in lines[at:at + 3]), lines[at:at + 3]


def test_finding_4_a_long_attention_line_hangs_under_its_text(tmp_path):
    import datetime as dt

    from assembler import api

    from .conftest import EXAMPLE, variant, write_sheet
    long = "Nelson Braff, General Counsel and Secretary, and the Head of Legal Operations for Registrations"
    sheet = write_sheet(tmp_path, variant({"investor.notices.attention": long}))
    made = api.notice(sheet, "effectiveness", "initial-investor", dt.date(2001, 5, 14), tmp_path / "out", ("pdf",))
    page = geometry.laid_out(str(made.outputs[0]))[0]
    at = next(i for i, line in enumerate(page.body) if line.text.startswith("Attention:"))
    label, following = page.body[at], page.body[at + 1]
    assert not following.text.startswith(("Re:", "VIA")), following.text  # the line did wrap
    assert abs(following.x0 - label.words[1][1]) < 6 and following.x0 > label.x0 + 36, (label.text, following.text)


def test_a_first_sub_section_is_run_in_only_where_nothing_comes_before_it():
    """layout.lead(join=True): "(c) (i) …" when (c) has no words and no title of its own; never
    when it has either, when the sub-section has a title, or when it is asked not to (DOCX)."""
    from assembler.layout import lead
    from assembler.tree import Paragraph, Section, Text

    def item(label, title=None, words="If the Company"):
        return Section(f"s{label}", title, [Paragraph([Text(words)])], level=3, label=label)

    bare = Section("c", None, [item("(i)"), item("(ii)")], level=2, label="(c)")
    opening = lead(bare, "heading", join=True)
    assert opening.joined.label == "(i)" and opening.first.inlines[0].text == "If the Company"
    assert [b.label for b in opening.rest] == ["(ii)"]
    assert lead(bare, "heading").joined is None and lead(bare, "heading").first is None
    worded = Section("c", None, [Paragraph([Text("Lead:")]), item("(i)")], level=2, label="(c)")
    assert lead(worded, "heading", join=True).joined is None
    titled = Section("c", "Piggyback", [item("(i)")], level=2, label="(c)")
    assert lead(titled, "heading", join=True).joined is None
    titled_item = Section("c", None, [item("(i)", title="Notice")], level=2, label="(c)")
    assert lead(titled_item, "heading", join=True).joined is None
