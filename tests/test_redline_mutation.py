"""The redline's merge on trees built by hand, against trees typed out by hand: words replaced,
added and taken out (their marks, defined terms, blanks, footnotes and references kept as nodes),
blocks paired by kind and place, sections by id (renumbered, inserted, deleted whole), address
lines and signatures, the legend and what the merged document is called. In process, so mutation
testing (scripts/mutation-test redline) sees each one; tests/test_redline.py reads the writers'
files of a real redline through LibreOffice, poppler and Chromium."""
from __future__ import annotations

import pytest

from assembler.redline import AUTHOR, legend, redline, version_name, words
from assembler.tree import (AddressBlock, AddressLine, Blank, Def, Del, Document, Ins, Note, Paragraph, Ref,
                            Section, Signature, Text, Title)

B = frozenset({"b"})
I = frozenset({"i"})


def T(text, marks=frozenset()):
    return Text(text, marks)


@pytest.mark.parametrize("old, new, expected", [
    # A word replaced: the deletion before the insertion, the spaces kept with the words.
    ([T("the Company shall pay")], [T("the Company must pay")],
     [T("the Company "), Del([T("shall ")]), Ins([T("must ")]), T("pay")]),
    # Words added at the end and at the start.
    # The space the old version lacked goes in with the words, so rejecting gives "sixty days" whole.
    ([T("sixty days")], [T("sixty days or fewer")], [T("sixty days"), Ins([T(" or fewer")])]),
    ([T("days")], [T("ninety days")], [Ins([T("ninety ")]), T("days")]),
    # Words taken out.
    ([T("within sixty (60) days")], [T("within days")], [T("within "), Del([T("sixty (60) ")]), T("days")]),
    ([T("all of it")], [], [Del([T("all of it")])]),
    ([], [T("new words")], [Ins([T("new words")])]),
    # Nothing changed: the same runs, neighbours of one mark joined, keeping their mark.
    ([T("same "), T("words")], [T("same "), T("words")], [T("same words")]),
    ([T("Registrable Securities", B)], [T("Registrable Securities", B)], [T("Registrable Securities", B)]),
    # Marks go with each word: a bold word stays bold inside the insertion.
    ([T("the "), T("Shares", B)], [T("the "), T("Common ", B), T("Shares", B)],
     [T("the "), Ins([T("Common ", B)]), T("Shares", B)]),
    # A word that only changes its marks is not marked (the redline tracks words, not formatting):
    # it reads as the new version has it.
    ([T("Closing")], [T("Closing", B)], [T("Closing", B)]),
    # Spaces alone are not words: more or fewer of them change nothing.
    ([T("two  spaces")], [T("two spaces")], [T("two spaces")]),
    ([T(" lead")], [T("  lead")], [T("  lead")]),
])
def test_words(old, new, expected):
    assert words(old, new) == expected


def test_defined_terms_blanks_and_notes_are_words_of_their_own():
    term, other = Def("Company"), Def("Issuer")
    blank = Blank("investor.name")
    note = Note([T("Amended by Amendment No. 1.")])
    assert words([T("the "), term, T(" and "), blank], [T("the "), other, T(" and "), blank]) == \
        [T("the "), Del([term]), Ins([other]), T(" and "), blank]
    assert words([T("the "), Blank("a")], [T("the "), Blank("b")]) == [T("the "), Del([Blank("a")]), Ins([Blank("b")])]
    assert words([T("text"), note], [T("text"), note]) == [T("text"), note]
    assert words([T("text")], [T("text"), note]) == [T("text"), Ins([note])]
    changed = Note([T("Amended by Amendment No. 2.")])
    assert words([T("text"), note], [T("text"), changed]) == [T("text"), Del([note]), Ins([changed])]
    # Terms compared by their words, not as the same object.
    assert words([Def("Company")], [Def("Company", B)]) == [Def("Company", B)]


def test_a_reference_is_compared_by_the_words_it_resolved_to():
    old = [T("under "), Ref("rr.rule_144", text="Section 8", marks=I)]
    new = [T("under "), Ref("rr.rule_144", text="Section 7", marks=I)]
    assert words(old, new) == [T("under "), T("Section ", I), Del([T("8", I)]), Ins([T("7", I)])]
    assert words([Ref("x", text=None)], [T("a")]) == [Ins([T("a")])]


def section(id, label, *children, title=None):
    return Section(id=id, title=title, children=list(children), label=label, number=label.strip("."))


def P(*inlines, **kw):
    return Paragraph(list(inlines), **kw)


def doc(*blocks, date="2024-03-05"):
    return Document(name="agreement", title="Agreement", blocks=list(blocks), numbering=["decimal"], date=date)


def test_sections_pair_by_id_and_a_renumbered_one_keeps_its_old_label():
    old = doc(Title([T("AGREEMENT")]),
              section("a", "1.", P(T("First."))),
              section("gone", "2.", P(T("Rule 144."))),
              section("c", "3.", P(T("Assignment."))))
    new = doc(Title([T("AGREEMENT")]),
              section("a", "1.", P(T("First words."))),
              section("c", "2.", P(T("Assignment."))),
              section("added", "3.", P(T("Lock-up.")), P(T("Second paragraph."))))
    merged = redline(old, new, "LEGEND", date="2024-05-01")
    assert merged.blocks[:2] == [Title([T("AGREEMENT")]), Paragraph([T("LEGEND", I)], align="center")]
    assert len(merged.blocks) == 6
    first = merged.blocks[2]
    assert first.id == "a" and first.old_label is None and first.change is None
    assert first.children == [P(Del([T("First.")]), Ins([T("First words.")]))]
    deleted = merged.blocks[3]
    assert (deleted.id, deleted.change, deleted.label) == ("gone", "delete", "2.")
    assert deleted.children == [P(Del([T("Rule 144.")]), change="delete")]
    moved = merged.blocks[4]
    assert (moved.id, moved.label, moved.old_label, moved.change) == ("c", "2.", "3.", None)
    assert moved.children == [P(T("Assignment."))]
    added = merged.blocks[5]
    assert (added.id, added.change) == ("added", "insert")
    assert added.children == [P(Ins([T("Lock-up.")]), change="insert"),
                              P(Ins([T("Second paragraph.")]), change="insert")]
    # The deleted section is not among the document's sections; the others are, nested ones too.
    assert list(merged.sections) == ["a", "c", "added"]
    assert merged.revision == (AUTHOR, "2024-05-01") and AUTHOR == "assembler"
    assert merged.date == "2024-05-01"
    assert (merged.name, merged.title) == ("agreement-redline", "Agreement (redline)")
    # The versions themselves are left as they were.
    assert old.blocks[1].children == [P(T("First."))] and new.blocks[2].old_label is None


def test_nested_sections_are_indexed_and_the_date_defaults_to_the_new_versions():
    inner = section("outer.inner", "(a)", P(T("Inner.")))
    old = doc(section("outer", "1.", P(T("Outer.")), inner), date="2001-01-16")
    new = doc(section("outer", "1.", P(T("Outer.")), section("outer.inner", "(a)", P(T("Inner text.")))),
              date="2001-06-01")
    merged = redline(old, new, "L")
    assert list(merged.sections) == ["outer", "outer.inner"]
    assert merged.sections["outer.inner"].children[0].inlines == [Del([T("Inner.")]), Ins([T("Inner text.")])]
    assert merged.revision == ("assembler", "2001-06-01") and merged.date == "2001-06-01"
    # No title: no legend is placed.
    assert not any(isinstance(b, Paragraph) and b.inlines == [T("L", I)] for b in merged.blocks)
    undated = redline(doc(P(T("a")), date=None), doc(P(T("a")), date=None), "L")
    assert undated.revision == ("assembler", "2000-01-01") and undated.date is None


def test_blocks_other_than_sections_pair_by_kind_and_place():
    old = doc(P(T("one")), P(T("two")), AddressBlock([AddressLine([T("12 Andrews Drive")])]))
    new = doc(P(T("one")), AddressBlock([AddressLine([T("12 Andrews Drive")])]))
    merged = redline(old, new, "L").blocks
    assert merged == [P(T("one")), P(Del([T("two")]), change="delete"),
                      AddressBlock([AddressLine([T("12 Andrews Drive")])])]
    # A paragraph replaced by one of another kind comes and goes whole.
    merged = redline(doc(P(T("x"))), doc(Title([T("x")])), "L").blocks
    assert merged == [P(Del([T("x")]), change="delete"), Title([Ins([T("x")])], change="insert"),
                      Paragraph([T("L", I)], align="center")]
    # Two paragraphs where there was one and a title: the paragraphs pair by place.
    merged = redline(doc(P(T("a")), P(T("b"))), doc(P(T("a")), P(T("c")), P(T("d"))), "L").blocks
    assert merged == [P(T("a")), P(Del([T("b")]), Ins([T("c")])), P(Ins([T("d")]), change="insert")]


def test_address_lines_pair_by_label():
    old = AddressBlock([AddressLine([T("12 Andrews Drive")]), AddressLine([T("Jane Roe")], "Attention"),
                        AddressLine([T("973.555.0100")], "Telecopier")])
    new = AddressBlock([AddressLine([T("14 Andrews Drive")]), AddressLine([T("Jane Q. Doe")], "Attention"),
                        AddressLine([T("973.555.0100")], "Telecopier")])
    assert redline(doc(old), doc(new), "L").blocks[0].lines == [
        AddressLine([Del([T("12 ")]), Ins([T("14 ")]), T("Andrews Drive")]),
        AddressLine([T("Jane "), Del([T("Roe")]), Ins([T("Q. Doe")])], "Attention"),
        AddressLine([T("973.555.0100")], "Telecopier")]
    # Lines added after the last one, and lines taken out.
    longer = AddressBlock([*old.lines, AddressLine([T("617.555.0121")], "Telephone")])
    assert redline(doc(old), doc(longer), "L").blocks[0].lines == [
        *old.lines, AddressLine([Ins([T("617.555.0121")])], "Telephone", change="insert")]
    assert redline(doc(longer), doc(old), "L").blocks[0].lines == [
        *old.lines, AddressLine([Del([T("617.555.0121")])], "Telephone", change="delete")]
    # A line taken out between two that stay.
    shorter = AddressBlock([old.lines[0], old.lines[2]])
    assert redline(doc(old), doc(shorter), "L").blocks[0].lines == [
        old.lines[0], AddressLine([Del([T("Jane Roe")])], "Attention", change="delete"), old.lines[2]]
    # A whole address block that comes, or an empty line that goes.
    whole = redline(doc(), doc(new), "L").blocks[0]
    assert whole.lines[1] == AddressLine([Ins([T("Jane Q. Doe")])], "Attention", change="insert")
    assert redline(doc(AddressBlock([AddressLine([])])), doc(), "L").blocks[0].lines == \
        [AddressLine([], None, change="delete")]


def test_a_line_whose_label_changes_goes_and_comes_whole():
    old = AddressBlock([AddressLine([T("973.555.0100")], "Telecopier")])
    new = AddressBlock([AddressLine([T("973.555.0101")], "Telephone")])
    assert redline(doc(old), doc(new), "L").blocks[0].lines == [
        AddressLine([Del([T("973.555.0100")])], "Telecopier", change="delete"),
        AddressLine([Ins([T("973.555.0101")])], "Telephone", change="insert")]


def test_signatures_mark_the_name_the_title_and_the_entity():
    old = Signature([T("THE AUXER GROUP, INC.")], [T("Eugene Chiaramonte")], [T("President")])
    new = Signature([T("THE AUXER GROUP, INC.")], [T("Eugene Chiaramonte")], [T("Chief Executive Officer")])
    merged = redline(doc(old), doc(new), "L").blocks[0]
    assert merged == Signature([T("THE AUXER GROUP, INC.")], [T("Eugene Chiaramonte")],
                               [Del([T("President")]), Ins([T("Chief Executive Officer")])])
    renamed = Signature([T("AUXER, INC.")], [T("Eugene Chiaramonte")], [T("President")])
    assert redline(doc(old), doc(renamed), "L").blocks[0].entity == \
        [Del([T("THE AUXER GROUP, ")]), Ins([T("AUXER, ")]), T("INC.")]
    # An entity only one side has is left as the new side has it.
    person = Signature(None, [T("Jane Doe")], [T("")])
    assert redline(doc(person), doc(Signature([T("FUND")], [T("Jane Doe")], [T("")])), "L").blocks[0].entity == \
        [T("FUND")]
    assert redline(doc(Signature([T("FUND")], [T("Jane Doe")], [T("")])), doc(person), "L").blocks[0].entity is None
    # Signatures that come or go whole.
    gone = redline(doc(old), doc(), "L").blocks[0]
    assert gone == Signature([Del([T("THE AUXER GROUP, INC.")])], [Del([T("Eugene Chiaramonte")])],
                             [Del([T("President")])], change="delete")
    came = redline(doc(), doc(person), "L").blocks[0]
    assert came == Signature(None, [Ins([T("Jane Doe")])], [Ins([T("")])], change="insert")


def test_the_legend_and_the_names_of_versions():
    assert legend("the version dated January 16, 2001", "the version dated June 1, 2001") == (
        "Redline of the version dated June 1, 2001 against the version dated January 16, 2001: insertions "
        "are underlined, deletions struck through, each a tracked change")
    assert version_name(doc(date="2001-01-16"), "old.yaml") == "the version dated January 16, 2001"
    assert version_name(doc(date=None), "old.yaml") == "old.yaml"


def test_a_long_paragraph_marks_only_the_word_that_changed():
    """difflib's automatic junk heuristic (on for sequences of 200 items or more) would take the
    paragraph's frequent words as junk and mark most of it as replaced."""
    old = " ".join(f"w{i % 40}" for i in range(300))
    new = old.replace("w7 w8 w9", "w7 CHANGED w9", 1)
    at = old.index("w8 ")
    assert words([T(old)], [T(new)]) == [T(old[:at]), Del([T("w8 ")]), Ins([T("CHANGED ")]), T(old[at + 3:])]


def test_blocks_that_do_not_line_up_pair_by_kind_in_order():
    # The keys leave the old title against the new second title: same kind, so its words are compared.
    merged = redline(doc(P(T("a")), Title([T("x")])), doc(Title([T("y")]), P(T("a")), Title([T("x2")])), "L").blocks
    assert merged == [Title([Ins([T("y")])], change="insert"), Paragraph([T("L", I)], align="center"), P(T("a")),
                      Title([Del([T("x")]), Ins([T("x2")])])]
    # More on the old side than the new: the first pairs, the rest go.
    merged = redline(doc(P(T("a")), Title([T("x")]), P(T("b"))),
                     doc(Title([T("y")]), P(T("a")), Title([T("x2")])), "L").blocks
    assert merged[3:] == [Title([Del([T("x")]), Ins([T("x2")])]), P(Del([T("b")]), change="delete")]


def test_a_footnote_is_compared_by_its_words():
    note = Note([T("Amended by "), T("Amendment No. 1.")])
    same_words = Note([T("Amended by Amendment No. 1.")])
    assert words([T("x"), note], [T("x"), same_words]) == [T("x"), same_words]
    # A note holding a defined term compares without error.
    with_term = Note([T("as the "), Def("Company"), T(" says")])
    assert words([T("x"), with_term], [T("x"), with_term]) == [T("x"), with_term]


@pytest.mark.parametrize("old, new, expected", [
    # Unchanged, with words glued to a defined term: no space is deleted or inserted between them.
    ([T("the "), Def("Holder"), T("s agree. ")], [T("the "), Def("Holder"), T("s agree. ")],
     [T("the "), Def("Holder"), T("s agree. ")]),
    ([T("to the "), Def("Holder"), T("s ")], [T("to the "), Def("Holder"), T("s ")],
     [T("to the "), Def("Holder"), T("s ")]),
    # A space one version has after a word and the other not: deleted or inserted with the words
    # beside it, the word keeping its mark, so that rejecting or accepting gives each version.
    ([T("public "), T("offerings; ", B), T("and")], [T("public "), T("offerings;", B)],
     [T("public "), T("offerings;", B), Del([T(" and")])]),
    ([T("public "), T("offerings;", B)], [T("public "), T("offerings; ", B), T("and")],
     [T("public "), T("offerings;", B), Ins([T(" ", B), T("and")])]),
    # The space a run of its own (the marks change there).
    ([T("Rule", B), T(" 144")], [T("Rule", B), T("144")], [T("Rule", B), Del([T(" ")]), T("144")]),
    ([T("Rule", B), T("144")], [T("Rule", B), T(" 144")], [T("Rule", B), Ins([T(" ")]), T("144")]),
    # Words added after a blank that had none after it (this once failed: a blank has no text).
    ([T("at "), Blank("address"), T(".")], [T("at "), Blank("address"), T(" and "), Blank("fax"), T(".")],
     [T("at "), Blank("address"), Ins([T(" and "), Blank("fax")]), T(".")]),
    ([T("the "), Def("Holder"), T(".")], [T("the "), Def("Holder"), T(" and its affiliates.")],
     [T("the "), Def("Holder"), Ins([T(" ")]), Del([T(".")]), Ins([T("and its affiliates.")])]),
])
def test_a_space_after_a_word_in_one_version_only(old, new, expected):
    assert words(old, new) == expected
