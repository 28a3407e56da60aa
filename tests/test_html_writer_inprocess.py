"""The HTML writer (writers/html.py) on trees built by hand, against markup typed out by hand: each
block's element and classes, sections as list items, pages kept together, a redline's marks and
every value escaped. In process, for mutation testing (scripts/mutation-test html); the page as
WeasyPrint and Chromium draw it is checked in tests/test_pdf_writer.py and tests/test_pdf_layout.py."""
from __future__ import annotations

from assembler.tree import (AddressBlock, AddressLine, Blank, Def, Del, Document, Ins, Legend, Note, PageBreak,
                            Paragraph, Ref, Section, Signature, Text, Title)
from assembler.writers import html

B, I, U = frozenset("b"), frozenset("i"), frozenset("u")
FOOTER = '<div class="page-footer"><div class="page-number"></div></div>'


def T(words, marks=frozenset()):
    return Text(words, marks)


def P(*inlines, **kw):
    return Paragraph([T(i) if isinstance(i, str) else i for i in inlines], **kw)


def S(id, label, level, *children, title=None, **kw):
    return Section(id=id, title=title, children=list(children), level=level, label=label,
                   number=label.strip("."), **kw)


def doc(*blocks, style="heading", **kw) -> Document:
    return Document(name="d", title=kw.pop("title", "T"), blocks=list(blocks), numbering=[], article_style=style,
                    **kw)


def body(*blocks, style="heading", **kw) -> list[str]:
    """The lines of the page's body after the footer."""
    page = html.page(doc(*blocks, style=style, **kw), css="CSS")
    inside = page.split("<body>\n", 1)[1].rsplit("\n</body></html>\n", 1)[0].split("\n")
    assert inside[0] == FOOTER
    return inside[1:]


def test_the_page_around_the_body():
    page = html.page(doc(P("x"), title="Terms & <Conditions>"), css="p{}")
    assert page == ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                    "<title>Terms &amp; &lt;Conditions&gt;</title><style>p{}</style></head>\n<body>\n"
                    f'{FOOTER}\n<p class="body">x</p>\n</body></html>\n')
    assert html.render(doc(P("é"))) == html.page(doc(P("é"))).encode("utf-8")
    assert "@page" in html.page(doc(P("x")))  # print.css, read from the templates
    draft = html.page(doc(P("x"), draft=True), css="")
    assert '<style>\n@page { @top-right { content: "DRAFT"; font-weight: bold; } }\n</style>' in draft
    assert "DRAFT" not in html.page(doc(P("x")), css="")


def test_the_footer_text_and_a_redlines_footer():
    def footer(**kw):
        return html.page(doc(P("x"), **kw), css="").split("<body>\n")[1].split("\n")[0]

    assert footer(footer="HF#1 & v2") == ('<div class="page-footer"><div class="footer-text">HF#1 &amp; v2</div>'
                                          '<div class="page-number"></div></div>')
    assert footer(footer="F", revision=("A", "2024-01-01")) == (
        '<div class="page-footer"><div class="footer-text">REDLINE F</div><div class="page-number"></div></div>')
    assert footer(revision=("A", "2024-01-01")) == (
        '<div class="page-footer"><div class="footer-text">REDLINE</div><div class="page-number"></div></div>')


def test_paragraph_classes():
    assert body(P("a", align="center"), P("b", flush=True), P("c", quote=True), P("d", keep=True),
                P("to read as follows: ")) == [
        '<p class="body center">a</p>', '<p class="body flush">b</p>', '<p class="body quote">c</p>',
        '<p class="body keep">d</p>', '<p class="body keep">to read as follows: </p>']
    assert body(P("a", align="center", flush=True, quote=True, keep=True)) == [
        '<p class="body center flush quote keep">a</p>']


def test_title_legend_and_page_breaks():
    assert body(Title([T("Agreement")]), PageBreak(), Title([T("Schedule")]), PageBreak(), P("x"), P("y"),
                PageBreak(), Legend([T("Remainder of page intentionally blank. Next page is signature page.")])) == [
        '<h1 class="title">Agreement</h1>', '<h1 class="title pagebreak">Schedule</h1>',
        '<p class="body pagebreak">x</p>', '<p class="body">y</p>',
        '<p class="legend pagebreak">[REMAINDER OF PAGE INTENTIONALLY BLANK.<br>NEXT PAGE IS SIGNATURE PAGE.]</p>']
    assert body(Legend([T("One <b>. Two &.")])) == ['<p class="legend">[ONE &lt;B&gt;.<br>TWO &amp;.]</p>']


def test_address_blocks_and_what_leads_into_them():
    to = AddressBlock([AddressLine([T("Ostrander & Vale")]), AddressLine([T("H. K.")], "Attention")])
    assert body(to) == ['<div class="address level-0">', "<div>Ostrander &amp; Vale</div>",
                        '<div><span class="contact-label">Attention:</span>H. K.</div>', "</div>"]
    # A paragraph leading into an address: the two on one page.
    assert body(P("with a copy to:"), to) == [
        '<div class="keep-whole"><p class="body keep">with a copy to:</p>', '<div class="address level-0">',
        "<div>Ostrander &amp; Vale</div>", '<div><span class="contact-label">Attention:</span>H. K.</div>',
        "</div></div>"]
    # An address whose last line ends in a colon leads into the next address.
    lead = AddressBlock([AddressLine([T("Company")]), AddressLine([T("with a copy to: ")])])
    assert body(lead, to) == [
        '<div class="keep-whole"><div class="address level-0">', "<div>Company</div>", "<div>with a copy to: </div>",
        "</div>", '<div class="address level-0">', "<div>Ostrander &amp; Vale</div>",
        '<div><span class="contact-label">Attention:</span>H. K.</div>', "</div></div>"]
    assert body(lead) == ['<div class="address level-0">', "<div>Company</div>", "<div>with a copy to: </div>",
                          "</div>"]
    assert body(to, to)[3] == "</div>"  # an address not ending in a colon leads into nothing
    assert body(AddressBlock([]), to)[:2] == ['<div class="address level-0">', "</div>"]
    assert body(PageBreak(), to)[0] == '<div class="address level-0 pagebreak">'


def test_articles_and_sections_as_lists():
    article = S("rr.def", "1.", 1, P("Words."), S("rr.def.a", "(a)", 2, P("Sub."), title="Terms"),
                S("rr.def.b", "(b)", 2, P("Two.")), P("After."), title="Definitions & Terms")
    assert body(article) == [
        '<section><h2 class="article heading" id="rr.def"><span class="label">1.</span> Definitions &amp; Terms</h2>',
        '<p class="level-1">Words.</p>',
        '<ol class="sections">',
        '<li><p class="level-2" id="rr.def.a"><span class="label">(a)</span><span class="runin">Terms.</span> Sub.</p>',
        "</li>",
        '<li><p class="level-2" id="rr.def.b"><span class="label">(b)</span>Two.</p>',
        "</li>",
        "</ol>",
        '<p class="level-1">After.</p>',
        "</section>"]
    assert body(S("a", "FIRST:", 1, P("x")), style="centered")[0] == (
        '<section><h2 class="article centered" id="a"><span class="label">FIRST:</span></h2>')
    assert body(PageBreak(), S("a", "1.", 1, P("x")))[0] == (
        '<section><h2 class="article heading pagebreak" id="a"><span class="label">1.</span></h2>')
    assert body(S("a", "1.", 1, P("x"), title="Run"), S("b", "2.", 1), style="run-in") == [
        '<ol class="sections">',
        '<li><p class="level-1" id="a"><span class="label">1.</span><span class="runin">Run.</span> x</p>', "</li>",
        '<li><p class="level-1" id="b"><span class="label">2.</span></p>', "</li>", "</ol>"]
    assert body(PageBreak(), S("b", "(b)", 2, P("x")))[1] == (
        '<li><p class="level-2 pagebreak" id="b"><span class="label">(b)</span>x</p>')


def test_a_section_run_into_its_first_sub_section_and_one_leading_into_an_address():
    joined = S("c", "(c)", 2, S("c.i", "(i)", 3, P("If."), P("Then.")))
    assert body(joined) == [
        '<ol class="sections">',
        '<li><p class="level-2" id="c"><span class="label">(c)</span><span class="label" id="c.i">(i)</span>If.</p>',
        '<p class="level-2">Then.</p>', "</li>", "</ol>"]  # as the text writer sets it
    address = AddressBlock([AddressLine([T("Company")])])
    notices = S("n", "(c)", 2, P("to:"), address)
    assert body(notices) == [
        '<ol class="sections">',
        '<li><div class="keep-whole"><p class="level-2 keep" id="n"><span class="label">(c)</span>to:</p>',
        '<div class="address level-2">', "<div>Company</div>", "</div></div>", "</li>", "</ol>"]
    assert body(S("n", "(c)", 2, P("to"), P("x")))[1] == '<li><p class="level-2" id="n"><span class="label">(c)</span>to</p>'


def test_a_redlines_sections():
    assert body(S("a", "8.", 1, P("x"), title="Rule 144", change="delete"))[0] == (
        '<section><h2 class="article heading" id="a"><span class="label"><del>8.</del></span> '
        "<del>Rule 144</del></h2>")
    assert body(S("a", "(b)", 2, P("x"), title="New", change="insert"))[1] == (
        '<li><p class="level-2" id="a"><span class="label"><ins>(b)</ins></span>'
        '<span class="runin"><ins>New.</ins></span> x</p>')
    assert body(S("a", "(b)", 2, P("x"), old_label="(c)"))[1] == (
        '<li><p class="level-2" id="a"><span class="label"><del>(c)</del> <ins>(b)</ins></span>x</p>')
    assert body(S("a", "(b)", 2, P("x"), old_label="(c)", change="insert"))[1] == (
        '<li><p class="level-2" id="a"><span class="label"><ins>(b)</ins></span>x</p>')


def test_inlines():
    assert html.inline([T("a < b & \"c\"")]) == "a &lt; b &amp; &quot;c&quot;"
    assert html.inline([Def("Company & Co", B)]) == '<strong><span class="def">Company &amp; Co</span></strong>'
    assert html.inline([Ref("rr.x&y", text="Section 2(a)")]) == '<a href="#rr.x&amp;y">Section 2(a)</a>'
    assert html.inline([Ref("rr.x")]) == '<a href="#rr.x"></a>'
    assert html.inline([Blank("company.name")]) == '<span class="blank"></span>'
    assert html.inline([Note([T("Amended.", I)], number=1)]) == '<span class="footnote"><em>Amended.</em></span>'
    assert html.inline([T("all", B | I | U)]) == "<u><em><strong>all</strong></em></u>"
    assert html.inline(["not a node"]) == ""


def test_a_redlines_words():
    assert html.inline([T("the "), Del([T("old ")]), Ins([T("new ")]), T("words")]) == (
        "the <del>old</del> <ins>new</ins> words")
    # The old and the new number apart, when the deleted words end without a space.
    assert html.inline([T("Section "), Del([T("9")]), Ins([T("8")])]) == "Section <del>9</del> <ins>8</ins>"
    assert html.inline([T("Section "), Ins([T("8")]), Del([T("9")])]) == "Section <ins>8</ins><del>9</del>"
    # A struck or added comma sits against its word.
    assert html.inline([T("days "), Ins([T(", or fewer")])]) == "days<ins>, or fewer</ins>"
    assert html.inline([T("days "), Del([T(". ")])]) == "days<del>.</del> "
    assert html.inline([T("days "), Ins([T("or fewer")])]) == "days <ins>or fewer</ins>"
    assert html.inline([Ins([T(", first")])]) == "<ins>, first</ins>"
    # The spaces ending an insertion go outside it, however many runs hold them.
    assert html.inline([Ins([T("new", B), T(" "), T(" ")])]) == "<ins><strong>new</strong></ins> "
    assert html.inline([Ins([T("two words ", I)])]) == "<ins><em>two words</em></ins> "
    assert html.inline([Ins([Def("Term"), T(" ")])]) == '<ins><span class="def">Term</span></ins> '
    assert html.inline([Ins([T("x")], B)]) == "<strong><ins>x</ins></strong>"


def sign(**kw):
    return Signature(**{"entity": [T("Tidewater & Co")], "name": [T("Owen Ridley")], "title": [T("Manager")], **kw})


def test_signatures():
    line = '<span class="sigline"></span>'
    assert body(sign()) == [
        f'<div class="signature"><div class="entity">Tidewater &amp; Co</div><div>By: {line}</div>'
        '<div class="caption">Name: Owen Ridley</div><div class="caption">Title: Manager</div></div>']
    assert body(sign(conformed=True, entity=None)) == [
        f'<div class="signature"><div class="entity">{line}</div>'
        '<div>By: <span class="sigline conformed">/s/ Owen Ridley</span></div>'
        '<div class="caption">Name: Owen Ridley</div><div class="caption">Title: Manager</div></div>']
    assert body(PageBreak(), sign(form="line", entity=None)) == [
        f'<div class="signature pagebreak"><div>{line}</div><div>Owen Ridley, Manager</div></div>']
    assert body(sign(form="line", conformed=True)) == [
        '<div class="signature"><div><span class="sigline conformed">/s/ Owen Ridley</span></div>'
        "<div>Owen Ridley, Manager</div></div>"]
    assert body(sign(form="officer")) == [
        f'<div class="signature"><div>By: {line}</div><div class="caption">Authorized Officer</div>'
        '<div class="caption">Name: Owen Ridley</div><div class="caption small">Print or Type</div>'
        '<div class="caption">Title: Manager</div></div>']


def test_a_drafts_mark_is_added_to_the_style_sheet_given():
    assert '<style>p{}\n@page { @top-right { content: "DRAFT"; font-weight: bold; } }\n</style>' in \
        html.page(doc(P("x"), draft=True), css="p{}")


def test_an_address_of_three_lines_leads_by_its_last():
    to = AddressBlock([AddressLine([T("Counsel")])])
    lead = AddressBlock([AddressLine([T("Company")]), AddressLine([T("Street")]), AddressLine([T("with a copy to:")])])
    assert body(lead, to)[0] == '<div class="keep-whole"><div class="address level-0">'
    middle = AddressBlock([AddressLine([T("Company")]), AddressLine([T("to:")]), AddressLine([T("Street")])])
    assert body(middle, to)[0] == '<div class="address level-0">'


def test_a_legend_of_several_runs():
    assert body(Legend([T("One. "), T("Two."), Def("Term")])) == ['<p class="legend">[ONE.<br>TWO.]</p>']


def test_inlines_edge_cases():
    # Only a comma, a period, a semicolon, a colon or a parenthesis sits against the word before.
    assert html.inline([T("the "), Ins([T("Xerox")])]) == "the <ins>Xerox</ins>"
    assert html.inline([T("the "), Ins([T("; and")])]) == "the<ins>; and</ins>"
    assert html.inline([T("the "), Ins([T(") and")])]) == "the<ins>) and</ins>"
    # Without a space at its end, an insertion is kept as it is, whatever other white space it ends in.
    assert html.inline([Ins([T("x\t")])]) == "<ins>x\t</ins>"
    # Something that is no inline is skipped, and what follows it is not.
    assert html.inline([T("a"), "not a node", T("b")]) == "ab"
