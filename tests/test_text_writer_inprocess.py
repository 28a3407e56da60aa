"""The plain-text writer (writers/text.py) on trees built by hand, against lines typed out by hand:
where each kind of block goes, how far in, how wide, and how a redline marks what changed. In
process, for mutation testing (scripts/mutation-test text); the writers' files of real documents
are read in tests/test_outputs.py and tests/test_agreement_outputs.py."""
from __future__ import annotations

from assembler.tree import (AddressBlock, AddressLine, Del, Document, Ins, Legend, Note, PageBreak, Paragraph,
                            Section, Signature, Text, Title)
from assembler.writers import text

WORDS16 = " ".join(["word"] * 16)  # 79 characters: one more than a line holds


def T(words):
    return Text(words)


def P(words, **kw):
    return Paragraph([T(words)], **kw)


def S(id, label, level, *children, title=None, **kw):
    return Section(id=id, title=title, children=list(children), level=level, label=label,
                   number=label.strip("."), **kw)


def lines(*blocks, style="heading", **kw) -> list[str]:
    document = Document(name="d", title="", blocks=list(blocks), numbering=[], article_style=style, **kw)
    out = text.render(document)
    assert out.endswith(b"\n") and not out.endswith(b"\n\n")
    return out.decode("utf-8").split("\n")[:-1]


def test_title_and_paragraphs():
    assert lines(Title([T("Registration Rights Agreement")]), P("One."), P("Two.")) == [
        " " * 24 + "REGISTRATION RIGHTS AGREEMENT", "", "One.", "", "Two."]


def test_a_paragraph_wraps_at_seventy_eight_columns():
    assert lines(P(WORDS16)) == [" ".join(["word"] * 15), "word"]
    assert lines(P("x" * 80)) == ["x" * 78, "xx"]  # a word longer than a line is broken
    assert lines(P("well-known " * 7 + "end")) == ["well-known " * 6 + "well-known", "end"]
    assert lines(P("")) == [""]
    assert lines(P(""), P("After.")) == ["", "", "After."]


def test_centered_quoted_and_legend():
    assert lines(P("Centered words", align="center")) == [" " * 32 + "Centered words"]
    long = " ".join(["word"] * 13)  # 64 characters: the most a centered line holds
    assert lines(P(long + " more", align="center")) == [" " * 7 + long, " " * 37 + "more"]
    quoted = lines(P(WORDS16, quote=True))
    assert quoted == ["    " + " ".join(["word"] * 14), "    word word"]
    assert lines(Legend([T("Remainder of page intentionally left blank. Next page is signature page.")])) == [
        " " * 17 + "[REMAINDER OF PAGE INTENTIONALLY LEFT BLANK.", " " * 24 + "NEXT PAGE IS SIGNATURE PAGE.]"]
    assert text.legend_lines("one. two") == ["[ONE.", "TWO.]"]
    # A firm's legend of one sentence keeps both brackets (it lost the first, in every format, before).
    assert text.legend_lines("Signature page follows.") == ["[SIGNATURE PAGE FOLLOWS.]"]


def test_address_block_and_page_break():
    block = AddressBlock([AddressLine([T("Tidewater Partners LLC")]), AddressLine([T("Owen Ridley")], "Attention"),
                          AddressLine([T("207.555.0133")], "Telephone")])
    assert lines(block, PageBreak(), P("After.")) == [
        "    Tidewater Partners LLC", "    Attention:  Owen Ridley", "    Telephone:  207.555.0133", "", "\f",
        "After."]


def test_articles_sections_and_their_indents():
    document = [S("a", "1.", 1,
                  P("The article's words."),
                  S("a.x", "(a)", 2, P("Defined words."), S("a.x.i", "(i)", 3, P(WORDS16)), P("More of (a)."),
                    title="Defined Terms"),
                  title="Definitions")]
    assert lines(*document) == [
        "1. DEFINITIONS", "",
        "The article's words.", "",
        "    (a) DEFINED TERMS. Defined words.", "",
        "        (i) " + " ".join(["word"] * 13), "        word word word", "",
        "    More of (a)."]
    assert lines(*document, style="centered")[0] == " " * 32 + "1. DEFINITIONS"
    assert lines(S("b", "2.", 1, P("Runs in."), title="Term."), style="run-in") == ["2. TERM. Runs in."]
    assert lines(S("c", "3.", 1, P("Heading only.")), style="heading") == ["3.", "", "Heading only."]


def test_a_section_without_words_of_its_own():
    # Its first sub-section runs in after its label: "(c) (i) If …"
    joined = S("c", "(c)", 2, S("c.i", "(i)", 3, P("If the Company."), P("Then.")))
    assert lines(joined) == ["    (c) (i) If the Company.", "", "    Then."]
    # A title of its own: the label and title stand on their line.
    titled = S("d", "(d)", 2, S("d.i", "(i)", 3, P("Words.")), title="Piggyback")
    assert lines(titled) == ["    (d) PIGGYBACK.", "", "        (i) Words."]


def test_a_redline_marks_sections_that_come_go_or_are_renumbered():
    assert lines(S("a", "8.", 1, P("Gone."), title="Rule 144", change="delete")) == [
        "[-8. RULE 144-]", "", "Gone."]
    assert lines(S("a", "8.", 1, P("New."), change="insert")) == ["[+8.+]", "", "New."]
    assert lines(S("b", "(b)", 2, P("Words."), change="insert")) == ["    [+(b)+] Words."]
    assert lines(S("b", "(b)", 2, P("Words."), change="delete")) == ["    [-(b)-] Words."]
    assert lines(S("b", "(b)", 2, P("Words."), old_label="(c)")) == ["    [-(c)-] [+(b)+] Words."]
    assert lines(S("a", "7.", 1, P("Words."), old_label="8."), style="run-in") == ["[-8.-] [+7.+] Words."]
    assert lines(Paragraph([T("the "), Del([T("old ")]), Ins([T("new ")]), T("words")])) == [
        "the [-old-] [+new+] words"]


def test_footnotes_and_draft():
    body = Paragraph([T("Amended text."), Note([T("Amended by Amendment No. 2.")], number=1)])
    assert lines(body, draft=True) == [
        " " * 73 + "DRAFT", "", "Amended text.[1]", "", "", "_" * 20, "", "[1] Amended by Amendment No. 2."]
    assert lines(P("No notes.")) == ["No notes."]


def sign(**kw):
    return Signature(**{"entity": [T("Tidewater Partners LLC")], "name": [T("Owen Ridley")],
                        "title": [T("Manager")], **kw})


def test_signature_blocks():
    pad = " " * 30
    assert lines(sign()) == [pad + "Tidewater Partners LLC", "", pad + "By: " + "_" * 28,
                             pad + "    Name:  Owen Ridley", pad + "    Title: Manager"]
    assert lines(sign(conformed=True))[2] == pad + "By: /s/ Owen Ridley"
    assert lines(sign(entity=None))[0] == pad + "_" * 30
    assert lines(sign(title=[])) == [pad + "Tidewater Partners LLC", "", pad + "By: " + "_" * 28,
                                     pad + "    Name:  Owen Ridley", pad + "    Title:"]
    assert lines(sign(form="line", entity=None)) == [pad + "_" * 28, pad + "Owen Ridley, Manager"]
    assert lines(sign(form="line", entity=None, conformed=True)) == [pad + "/s/ Owen Ridley",
                                                                     pad + "Owen Ridley, Manager"]
    assert lines(sign(form="officer", entity=None)) == [
        pad + "By: " + "_" * 28, pad + "    Authorized Officer", pad + "    Name:  Owen Ridley",
        pad + "           Print or Type", pad + "    Title: Manager"]
    assert lines(sign(), P("After."))[-3:] == [pad + "    Title: Manager", "", "After."]


def test_a_hyphenated_word_is_never_broken_at_its_hyphen():
    assert lines(P("x" * 70 + " well-known")) == ["x" * 70, "well-known"]
    assert lines(P("x" * 66 + " well-known", quote=True)) == ["    " + "x" * 66, "    well-known"]


def test_a_centered_line_holds_sixty_four_characters():
    assert lines(P("x" * 59 + " abcd", align="center")) == [" " * 7 + "x" * 59 + " abcd"]
    assert lines(P("x" * 60 + " abcd", align="center")) == [" " * 9 + "x" * 60, " " * 37 + "abcd"]


def test_an_article_heading_after_other_blocks():
    assert lines(P("Before."), S("a", "1.", 1, P("Words."), title="Term")) == [
        "Before.", "", "1. TERM", "", "Words."]
