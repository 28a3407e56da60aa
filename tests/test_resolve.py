"""resolve on small trees made by hand: numbers in every style, references in every form, the
index of terms and blanks, footnote numbers, and each refusal's exact message."""
from __future__ import annotations

import pytest

from assembler import resolve
from assembler.errors import BrokenReferenceError, ClauseError
from assembler.tree import Blank, Def, Document, Note, Paragraph, Ref, Section, Signature, Text


@pytest.mark.parametrize("n, expected", [(1, "a"), (2, "b"), (25, "y"), (26, "z"), (27, "aa"), (28, "bb"),
                                         (52, "zz"), (53, "aaa"), (78, "zzz"), (79, "aaaa")])
def test_letters_double_after_z(n, expected):
    assert resolve.letters(n) == expected


@pytest.mark.parametrize("n, expected", [(1, "i"), (2, "ii"), (3, "iii"), (4, "iv"), (5, "v"), (9, "ix"),
                                         (10, "x"), (14, "xiv"), (19, "xix"), (40, "xl"), (49, "xlix"),
                                         (90, "xc"), (400, "cd"), (944, "cmxliv"), (1999, "mcmxcix")])
def test_roman(n, expected):
    assert resolve.roman(n) == expected


def _section(id_, *children, title=None):
    return Section(id=id_, title=title, children=list(children), clause=f"clauses/{id_}.xml.j2")


def _tree(numbering=("decimal", "lower-letter", "lower-roman", "upper-letter")):
    """Two articles; the first has (a) with (i) and (ii), (i) with (A); references in each form."""
    refs = [Ref("one.a.ii"), Ref("one.a.ii", form="number"), Ref("one.a.ii", form="local"), Ref("two")]
    return Document(name="doc", title="Doc", numbering=list(numbering), origins=["parts/preamble", "", ""], blocks=[
        Paragraph([Text("Intro "), Def("Agreement"), Text(" "), Blank("investor.name"), Note([Text("first")])]),
        _section("one", _section("one.a",
                                 _section("one.a.i", _section("one.a.i.A", Paragraph([Text("deep")]))),
                                 _section("one.a.ii", Paragraph([Def("Term"), Note([Text("second")])]))),
                 Paragraph([Text("See "), refs[0], Text(", "), refs[1], Text(", "), refs[2], Text(", "), refs[3]])),
        _section("two", Paragraph([Blank("securities.shares")]), Signature(None, [Text("Name")], [Text("Title")])),
    ])


def test_numbers_labels_and_levels_in_every_style():
    document = resolve.resolve(_tree())
    got = {id_: (s.level, s.label, s.number) for id_, s in document.sections.items()}
    assert got == {"one": (1, "1.", "1"), "one.a": (2, "(a)", "1(a)"), "one.a.i": (3, "(i)", "1(a)(i)"),
                   "one.a.i.A": (4, "(A)", "1(a)(i)(A)"), "one.a.ii": (3, "(ii)", "1(a)(ii)"),
                   "two": (1, "2.", "2")}


def test_charter_numbering_by_ordinal_words():
    document = resolve.resolve(Document(name="c", title="C", numbering=["ordinal-word", "decimal"], blocks=[
        _section(f"a{n}", _section(f"a{n}.p", Paragraph([Text("x")]))) for n in range(1, 13)]))
    assert [document.sections[f"a{n}"].label for n in (1, 2, 11, 12)] == ["FIRST:", "SECOND:", "ELEVENTH:",
                                                                          "TWELFTH:"]
    assert document.sections["a12"].number == "TWELFTH" and document.sections["a12.p"].number == "TWELFTH1"
    assert document.sections["a12.p"].label == "1."


def test_reference_forms():
    document = resolve.resolve(_tree())
    refs = [item for item in document.blocks[1].children[1].inlines if isinstance(item, Ref)]
    assert [r.text for r in refs] == ["Section 1(a)(ii)", "1(a)(ii)", "(ii)", "Section 2"]


def test_footnotes_numbered_from_one_in_reading_order_and_signatures_take_the_conformed_flag():
    tree = _tree()
    tree.conformed = True
    document = resolve.resolve(tree)
    notes = [tree.blocks[0].inlines[-1], tree.blocks[1].children[0].children[1].children[0].inlines[-1]]
    assert [n.number for n in notes] == [1, 2]
    assert document.blocks[2].children[1].conformed is True
    assert resolve.resolve(_tree()).blocks[2].children[1].conformed is False


def test_terms_and_blanks_are_indexed_by_where_they_are():
    document = resolve.resolve(_tree())
    assert document.definitions == {"Agreement": "preamble", "Term": "Section 1(a)(ii)"}
    assert document.blanks == [("investor.name", "preamble"), ("securities.shares", "Section 2")]


def test_a_term_defined_twice_is_indexed_where_it_is_first_defined():
    tree = _tree()
    tree.blocks[2].children.insert(0, Paragraph([Def("Agreement")]))
    assert resolve.resolve(tree).definitions["Agreement"] == "preamble"


def test_a_broken_reference_stops_the_build_with_file_and_what_to_do():
    tree = _tree()
    tree.blocks[2].children.append(Paragraph([Ref("gone", clause="clauses/two.xml.j2")]))
    with pytest.raises(BrokenReferenceError) as caught:
        resolve.resolve(tree)
    assert caught.value.one_line() == ("clauses/two.xml.j2: refers to section 'gone', which is not in this document "
                                       "(switch that section on in the term sheet, or drop the reference)")


def test_not_strict_a_broken_reference_says_what_is_missing_and_the_rest_still_resolve():
    tree = _tree()
    run = [Ref("gone"), Text(" and "), Ref("two")]
    tree.blocks[2].children.append(Paragraph(run))
    resolve.resolve(tree, strict=False)
    assert [run[0].text, run[2].text] == ["[missing: gone]", "Section 2"]


def test_an_unknown_numbering_style_names_the_document_and_the_known_styles():
    with pytest.raises(ClauseError) as caught:
        resolve.resolve(_tree(numbering=("decimal", "greek")))
    assert caught.value.one_line() == ("field 'doc': names an unknown numbering style 'greek' (known: decimal, "
                                       "lower-letter, lower-roman, upper-letter, ordinal-word, decimal-dotted, "
                                       "decimal-zero-dotted, section-dotted, section-zero-dotted)")


def test_sections_nested_deeper_than_the_numbering_name_the_clause():
    with pytest.raises(ClauseError) as caught:
        resolve.resolve(_tree(numbering=("decimal", "lower-letter")))
    assert caught.value.one_line() == ("clauses/one.a.i.xml.j2: nests section 'one.a.i' 3 levels deep; the "
                                       "numbering style has 2 levels")


def test_a_section_id_used_twice_names_both_clauses():
    tree = _tree()
    twin = _section("one.a", Paragraph([Text("again")]))
    twin.clause = "clauses/elsewhere.xml.j2"
    tree.blocks[2].children.append(twin)
    with pytest.raises(ClauseError) as caught:
        resolve.resolve(tree)
    assert caught.value.one_line() == ("clauses/elsewhere.xml.j2: uses the section id 'one.a' twice "
                                       "(also in clauses/one.a.xml.j2)")


def test_resolving_again_renumbers_from_scratch():
    tree = resolve.resolve(_tree())
    del tree.blocks[1]
    tree.origins = ["parts/preamble", ""]
    resolve.resolve(tree, strict=False)
    assert tree.sections["two"].number == "1" and "one" not in tree.sections


def test_filling_references_alone_is_strict_as_letters_use_it():
    """letters.py fills a letter's references against the agreement's sections: a broken one must stop it."""
    document = resolve.resolve(_tree())
    document.blocks.append(Paragraph([Ref("gone")]))
    with pytest.raises(BrokenReferenceError):
        resolve.fill_references(document)


def test_a_reference_to_another_documents_section_becomes_plain_text_with_its_number_there():
    """An amendment instrument cites the agreement's sections: no link, no field, the number there."""
    agreement = resolve.resolve(_tree())
    cites = [Ref("one.a.ii", marks=frozenset({"b"})), Text(" and "), Ref("two", form="number"), Text(" and "),
             Ref("own")]
    instrument = Document(name="i", title="I", numbering=["decimal"], blocks=[
        Paragraph(cites), _section("own", Paragraph([Text("x")])), _section("two", Paragraph([Text("y")]))])
    resolve.resolve(instrument, cited=agreement.sections)
    first, _, second, _, own = instrument.blocks[0].inlines
    assert first == Text("Section 1(a)(ii)", frozenset({"b"}))
    # A section of its own by the same id wins: the reference stays a reference, to its own number.
    assert isinstance(second, Ref) and second.text == "2" and isinstance(own, Ref) and own.text == "Section 1"


@pytest.mark.parametrize("numbering, expected", [
    # Dotted styles: the number is the parent's, a dot, then its own; a section- style puts the
    # word before it in the label; a zero- style pads its own part to two digits.
    (("decimal-zero-dotted", "section-dotted", "lower-roman", "upper-letter"),
     {"one": ("01", "01"), "one.a": ("Section 01.1", "01.1"), "one.a.i": ("(i)", "01.1(i)"),
      "one.a.i.A": ("(A)", "01.1(i)(A)"), "one.a.ii": ("(ii)", "01.1(ii)"), "two": ("02", "02")}),
    (("section-zero-dotted", "decimal-dotted", "decimal-zero-dotted", "decimal-dotted"),
     {"one": ("Section 01", "01"), "one.a": ("01.1", "01.1"), "one.a.i": ("01.1.01", "01.1.01"),
      "one.a.i.A": ("01.1.01.1", "01.1.01.1"), "one.a.ii": ("01.1.02", "01.1.02"), "two": ("Section 02", "02")}),
])
def test_dotted_numbering_labels_and_numbers(numbering, expected):
    tree = resolve.resolve(_tree(numbering=numbering))
    assert {id_: (s.label, s.number) for id_, s in tree.sections.items()} == expected
    assert [tree.sections[id_].level for id_ in ("one", "one.a", "one.a.i", "one.a.i.A", "two")] == [1, 2, 3, 4, 1]
