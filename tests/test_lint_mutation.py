"""Every lint rule in process, against findings written out by hand: rule, document, place,
excerpt, message, file and line, each exactly. Documents are built block by block and term
sheets are a few lines of YAML, so each test is quick (mutation testing runs them once a mutant)
and each expected finding is read off the input, not computed by the code under test."""
from __future__ import annotations

import locale
from pathlib import Path

import pytest

from assembler import lint
from assembler.errors import TermSheetError
from assembler.library import Library
from assembler.lint import clauses
from assembler.lint.finding import Finding
from assembler.lint.rules import (broken_ref, capital_sum, doubled, duplicate_definition, inconsistent_fact,
                                  missing_glyph, preferred_authority, template_leftover, undefined_term,
                                  unfilled_blank, unused_definition, words_numerals_mismatch)
from assembler.termsheet import TermSheet, source
from assembler.tree import (AddressBlock, AddressLine, Blank, Def, Document, Legend, Note, Paragraph, Ref, Section,
                            Signature, Text, Title)

from .conftest import ROOT


def _document(*blocks, name="d", title="Deal", origins=(), numbering=("decimal",), sections=None, footer=None,
              cited=()) -> Document:
    return Document(name=name, title=title, blocks=list(blocks), numbering=list(numbering), origins=list(origins),
                    sections=sections or {}, footer=footer, cited_terms=list(cited))


def _section(number: str, *children, id_=None) -> Section:
    return Section(id_ or f"s{number}", None, list(children), number=number, label=f"({number})")


def _p(*items) -> Paragraph:
    return Paragraph([Text(item) if isinstance(item, str) else item for item in items])


def _sheet(tmp_path: Path, text: str, name: str = "deal.yaml") -> TermSheet:
    """A term sheet's data and line numbers as read from ``text``, without validating it as a deal
    (the term-sheet rules read only its data, path and lines)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    data, lines = source.parse(path.read_bytes(), str(path))
    return TermSheet(None, path, path.read_bytes(), lines, data)


# -- the registry and the shape of a finding -----------------------------------------------------

def test_every_rule_is_registered_with_its_severity():
    assert {name: rule.SEVERITY for name, rule in lint.RULES.items()} == {
        "inconsistent-fact": "error", "preferred-authority": "warning", "missing-glyph": "error",
        "broken-ref": "error", "duplicate-definition": "error", "unused-definition": "warning",
        "words-numerals-mismatch": "error", "unfilled-blank": "warning", "capital-sum": "error",
        "doubled": "error", "template-leftover": "error", "undefined-term": "warning",
        "unknown-variable": "error", "unreachable-clause": "error", "unresolvable-ref": "error"}


def test_a_finding_as_a_dict_and_as_one_line():
    finding = Finding("unfilled-blank", "rra", "preamble", "the __________", "leaves x blank", "deal.yaml", 3)
    assert finding.as_dict() == {"severity": "warning", "rule": "unfilled-blank", "document": "rra",
                                 "place": "preamble", "excerpt": "the __________", "message": "leaves x blank",
                                 "file": "deal.yaml", "line": 3}
    assert finding.one_line() == "deal.yaml:3: warning unfilled-blank rra preamble: leaves x blank «the __________»"
    # What came from the input is shown escaped, so a finding stays one line.
    odd = Finding("doubled", "d", "Section 1", "a\nb", "prints 'x\x1by' twice in a row")
    assert odd.one_line() == "error doubled d Section 1: prints 'x\\x1by' twice in a row «a\\nb»"


# -- places --------------------------------------------------------------------------------------

def test_places_name_sections_and_top_level_blocks_by_their_clause():
    inner = _section("2(a)", _p("inner"))
    document = _document(_p("head"), _section("2", _p("body"), inner), _p("tail"), _p("loose"),
                         origins=["registration_rights/preamble", "", "registration_rights/signature_page"],
                         footer="Page")
    assert [(where, block.inlines[0].text) for where, block in lint.places(document)] == [
        ("preamble", "head"), ("Section 2", "body"), ("Section 2(a)", "inner"), ("signature page", "tail"),
        ("document", "loose")]
    from assembler.lint.places import texts
    assert list(texts(document)) == [("preamble", "head"), ("Section 2", "body"), ("Section 2(a)", "inner"),
                                     ("signature page", "tail"), ("document", "loose"), ("footer", "Page")]


def test_an_article_paragraph_label_loses_its_period_and_a_document_without_footer_has_none():
    article = Section("a", None, [Section("p", None, [_p("x")], label="2.", number="FIRST2")],
                      number="FIRST", label="FIRST:")
    document = _document(article, numbering=["ordinal-word", "decimal"])
    from assembler.lint.places import texts
    assert list(texts(document)) == [("Article FIRST, paragraph 2", "x")]
    # A decimal document whose sections are not articles, even with "ordinal-word" further down.
    assert [w for w, _ in lint.places(_document(article, numbering=["decimal", "ordinal-word"]))] == ["Section FIRST2"]


def test_strings_pass_everything_down_through_lists():
    from assembler.lint.places import strings
    data = {"deals": [{"amendments": "restated", "name": "kept"}], "changes": {"name": "restated too"}, "n": 1}
    assert list(strings(data)) == [(("deals", 0, "name"), "kept")]
    assert list(strings(data, everything=True)) == [(("deals", 0, "amendments"), "restated"),
                                                    (("deals", 0, "name"), "kept"),
                                                    (("changes", "name"), "restated too")]


# -- document rules ------------------------------------------------------------------------------

def test_broken_ref_names_the_target_the_place_and_the_clause_file():
    long_text = "Costs are borne as said in " + "x" * 70 + " "
    document = _document(
        _section("2", _p("See ", Ref("s1", text="Section 1"), " and ", Ref("s9", clause="firm/costs", text="Section 9"),
                         ".")),
        _section("3", _p(long_text, Ref("gone"))),
        sections={"s1": _section("1")})
    assert broken_ref.check(document) == [
        Finding("broken-ref", "d", "Section 2", "See Section 1 and Section 9.",
                "refers to section 's9', which is not in this document", file="firm/costs"),
        Finding("broken-ref", "d", "Section 3", (long_text + "[gone]")[:80],
                "refers to section 'gone', which is not in this document")]


CAPITAL = ("The total number of shares of all classes of stock which the Corporation shall have authority "
           "to issue is 10,000,000.")


def test_capital_sum_adds_the_classes_right_after_the_total():
    document = _document(
        _section("FOURTH", _p(CAPITAL), _p("  8,000,000 of such shares shall be shares of Common Stock."),
                 _p("1,000,000 OF SUCH SHARES SHALL BE SHARES OF Preferred Stock."), _p("Other words."),
                 _p("1,000,000 of such shares shall be shares of Founder Stock.")),
        numbering=["decimal"])
    assert capital_sum.check(document) == [
        Finding("capital-sum", "d", "Section FOURTH",
                CAPITAL,
                "the classes add up to 9,000,000 (8,000,000 Common Stock + 1,000,000 Preferred Stock), not the "
                "total of 10,000,000")]


def test_capital_sum_is_quiet_when_the_classes_add_up_or_none_follow():
    adds_up = _document(_p(CAPITAL.upper().replace("ALL CLASSES OF ", "")),
                        _p("10,000,000 of such shares shall be shares of Common Stock."))
    assert capital_sum.check(adds_up) == []
    assert capital_sum.check(_document(_p(CAPITAL), _p("No classes here."))) == []
    short = _document(_p("The total number of shares of stock which the Corporation shall have authority to issue "
                         "is 2,000."), _p("1,500 of such shares shall be shares of Common Stock."))
    assert capital_sum.check(short) == [
        Finding("capital-sum", "d", "document",
                "The total number of shares of stock which the Corporation shall have authority to issue is 2,000.",
                "the classes add up to 1,500 (1,500 Common Stock), not the total of 2,000")]


def _doubled(text, values=()):
    return [(f.place, f.excerpt, f.message) for f in doubled.check(_document(_p(text)), list(values))]


@pytest.mark.parametrize("text, values, expected", [
    ("Filed on Form Form S-1 today.", (), [("document", "Filed on Form Form S-1 today.", "prints 'Form Form' twice in a row")]),
    ("the The end", (), [("document", "the The end", "prints 'the The' twice in a row")]),
    ("Acme Inc.. Then", ("Acme Inc.",), [("document", "Acme Inc.. Then", "prints '..' twice in a row")]),
    ("a, , b; ;c: :d", (), [("document", "a, , b; ;c: :d", "prints ', ,' twice in a row"),
                            ("document", "a, , b; ;c: :d", "prints '; ;' twice in a row"),
                            ("document", "a, , b; ;c: :d", "prints ': :' twice in a row")]),
    ("end. . Next", (), [("document", "end. . Next", "prints '. .' twice in a row")]),
    ("Wait... and by by-laws, zero zero one, that that, had had.", (), []),
    ("Rock Rock Capital agrees.", ("Rock  Rock\nCapital",), []),          # wholly inside a value, at the start
    ("Signed: ROCK ROCK CAPITAL", ("Rock Rock Capital",), []),             # printed in capitals
    ("for Big Rock Rock.", ("Big Rock Rock",), []),                        # the value ends where the doubling does
    ("to Rock Rock here", ("Rock Rock",), []),                             # the value is the doubling
    ("to Rock Rock here", ("ock Rock here", "Rock Roc", "", " "), [
        ("document", "to Rock Rock here", "prints 'Rock Rock' twice in a row")]),  # values that fall short
])
def test_doubled(text, values, expected):
    assert _doubled(text, values) == expected


def test_doubled_excerpt_is_cut_forty_characters_either_side():
    text = "a" * 45 + " the the " + "b" * 45
    assert _doubled(text) == [("document", "…" + "a" * 39 + " the the " + "b" * 39 + "…",
                               "prints 'the the' twice in a row")]


def test_duplicate_definition_points_at_the_first():
    document = _document(_section("1(a)", _p('The "', Def("Commission"), '" means the SEC.')),
                         _section("5", _p('The "', Def("Commission"), '" again.')),
                         _section("6", _p('And "', Def("Commission"), '" thrice, "', Def("Holder"), '".')))
    assert duplicate_definition.check(document) == [
        Finding("duplicate-definition", "d", "Section 5", "Commission",
                'defines "Commission" again; it is defined in Section 1(a)'),
        Finding("duplicate-definition", "d", "Section 6", "Commission",
                'defines "Commission" again; it is defined in Section 1(a)')]


def test_unused_definition_counts_plurals_and_possessives_but_not_longer_words():
    document = _document(
        _section("1", _p('"', Def("Holder"), '", "', Def("Registration"), '", "', Def("Registration Statement"),
                         '", "', Def("Escrow Amount"), '", "', Def("Party"), '" and "', Def("Agent"), '".')),
        _section("2", _p("Each Registration Statement binds the Holders and the Holder's heirs; a Holdership, "
                         "Escrow Amount-based sums, the Parties and Agents")),
        _section("3", _p("the Party")), footer="Agent")
    assert unused_definition.check(document) == [
        Finding("unused-definition", "d", "Section 1", "Registration", 'defines "Registration" but never uses it'),
        Finding("unused-definition", "d", "Section 1", "Escrow Amount",
                'defines "Escrow Amount" but never uses it')]
    assert unused_definition.check(_document(_p("no terms"))) == []


def test_unused_definition_a_single_use_is_enough_and_a_plural_at_a_runs_end_counts():
    document = _document(_p('"', Def("Note"), '"'), _p("the Notes"), _p("the Holders'"), _p('"', Def("Holder"), '"'))
    assert unused_definition.check(document) == []


def test_unfilled_blank_excerpt_and_message():
    document = _document(_p("The Investor, ", Blank("investor.name"), ", agrees."),
                         _section("4", _p("x" * 60, Blank("agreement.date"), "y" * 50)),
                         Signature(None, [Blank("investor.signatory.name")], [Text("Title")]),
                         origins=["registration_rights/preamble"])
    assert unfilled_blank.check(document) == [
        Finding("unfilled-blank", "d", "preamble", "The Investor, __________, agrees.",
                "leaves investor.name blank; give it in the term sheet"),
        Finding("unfilled-blank", "d", "Section 4", "…" + "x" * 40 + "_" * 10 + "y" * 40 + "…",
                "leaves agreement.date blank; give it in the term sheet"),
        Finding("unfilled-blank", "d", "document", "__________",
                "leaves investor.signatory.name blank; give it in the term sheet")]


@pytest.mark.parametrize("text, expected", [
    ("Questions go to None.", ["None"]),
    ("None of the Holders", []),
    ("Dear {{ name }}, {% if x %}{# note #}", ["{{", "}}", "{%", "%}", "{#"]),
    ("an undefined value, not undefinedness", ["undefined"]),
    ("Nonesuch and Noneof", []),
])
def test_template_leftover(text, expected):
    found = template_leftover.check(_document(_p(text)))
    assert [f.message for f in found] == [f"prints '{e}', which is template syntax or a missing value"
                                          for e in expected]
    assert all((f.rule, f.document, f.place, f.excerpt) == ("template-leftover", "d", "document", text)
               for f in found)


def test_template_leftover_leaves_a_value_as_printed_and_shows_the_text_round_a_leftover():
    value = 'Curly  {{ Braces }} & "None" Corp.'
    document = _document(_p('Curly {{ Braces }} & "None" Corp. agrees.'),
                         _p('CURLY {{ BRACES }} & "NONE" CORP. ends None'))
    assert template_leftover.check(document, [value, "plain"]) == [
        Finding("template-leftover", "d", "document", 'CURLY {{ BRACES }} & "NONE" CORP. ends None',
                "prints 'None', which is template syntax or a missing value")]
