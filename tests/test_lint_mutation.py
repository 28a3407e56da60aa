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
from assembler.tree import (AddressBlock, AddressLine, Blank, Def, Document, Legend, Paragraph, Ref, Section,
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
        "unknown-variable": "error", "unreachable-clause": "error", "unresolvable-ref": "error",
        "unguarded-ref": "warning"}


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
    found = doubled.check(_document(_p(text)), list(values))
    assert all((f.rule, f.document, f.file, f.line) == ("doubled", "d", None, None) for f in found)
    return [(f.place, f.excerpt, f.message) for f in found]


@pytest.mark.parametrize("text, values, expected", [
    ("Filed on Form Form S-1 today.", (), [
        ("document", "Filed on Form Form S-1 today.", "prints 'Form Form' twice in a row")]),
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
    ("Rock Rock Capital", ("Rock", "Rock Rock Capital"), []),              # a shorter value tried first
    ("Rock Rock, Rock Rock", ("Rock Rock",), []),                          # each doubling in a value of its own
    ("Big Rock Rock here, then Rock Rock.", ("Big Rock Rock",), [          # the value is elsewhere in the text
        ("document", "Big Rock Rock here, then Rock Rock.", "prints 'Rock Rock' twice in a row")]),
    ("zero zero and Form Form", (), [("document", "zero zero and Form Form", "prints 'Form Form' twice in a row")]),
    ("Acme Acme, and Form Form", ("Acme Acme",), [
        ("document", "Acme Acme, and Form Form", "prints 'Form Form' twice in a row")]),
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


def test_template_leftover_knows_a_value_in_capitals_longer_than_as_written():
    # "ß" is "SS" in capitals: the signature page's capitals are not the value matched without case.
    value = "Straße {{ Holdings"
    document = _document(_p("STRASSE {{ HOLDINGS"), _p("Straße {{ Holdings agrees."))
    assert template_leftover.check(document, [value]) == []


def test_undefined_term_finds_capitalised_runs_nothing_defines():
    terms = _p('"', Def("Holder"), '", "', Def("Escrow Agents"), '", "', Def("Paying Parties"), '", "',
               Def("Lien Note"), '", "', Def("Escrow Box"), '" and "', Def("Registration Statement"), '".')
    document = _document(
        _section("1", terms),
        _section("2", _p('The "Buyer" pays the Paying Agent, and the Paying Agent pays the Seller.'),
                 _p("Fees go to Nelson Braff under the Securities Act of the United States."),
                 _p("The Holder tells each Escrow Agent, the Paying Party, the Lien Notes and the Escrow Boxes."),
                 _p("Under the Joinder Agreement and the Purchase Agreement, a Registration Statement Amendment "
                    "is filed under the Registration Rights Agreement."),
                 _p('An 8% Convertible Debenture (the "Debenture") is issued; Each Holder signs.'),
                 _p("Each Holder: Each Holder! Each Holder? Each Holder (b) Each Holder (Each Holder"),
                 _p("with Each Holder"),
                 _p("a Lock-Up Period"), _p(Ref("s1", text="Section One"), " Two Words later")),
        Title([Text("Big Title Words")]), Legend([Text("Legend Text Here")]),
        AddressBlock([AddressLine([Text("Main Street Office")])]),
        Signature([Text("Rock Hill Capital")], [Text("Name Here")], [Text("Chief Officer")]),
        title="registration rights agreement", cited=["JOINDER AGREEMENT", "Purchase Agreement"])
    found = undefined_term.check(document, ["Nelson Braff", "Chief"])
    assert [(f.rule, f.document, f.place, f.excerpt, f.message) for f in found] == [
        ("undefined-term", "d", "Section 2", 'The "Buyer" pays the Paying Agent, and the Paying Agent pays the Seller.',
         'uses "Paying Agent" like a defined term, but nothing defines it'),
        ("undefined-term", "d", "Section 2", "with Each Holder",
         'uses "Each Holder" like a defined term, but nothing defines it'),
        ("undefined-term", "d", "Section 2", "a Lock-Up Period", 'uses "Lock-Up Period" like a defined term, but '
         "nothing defines it"),
        ("undefined-term", "d", "Section 2", "Section One Two Words later",
         'uses "Two Words" like a defined term, but nothing defines it')]


def test_undefined_term_is_quiet_in_a_document_that_defines_nothing():
    assert undefined_term.check(_document(_p("Paid to the Paying Agent."))) == []


def test_undefined_term_sentence_starts():
    document = _document(_p('"', Def("Holder"), '"'),
                         _p("Start. Each Holder; Each Holder: Each Holder! Each Holder? Each Holder (a) Each Holder "
                            "(Each Holder"))
    assert [f.excerpt for f in undefined_term.check(document)] == []
    mid = _document(_p('"', Def("Holder"), '"'), _p("to Each Holder"))
    assert [f.message for f in undefined_term.check(mid)] == [
        'uses "Each Holder" like a defined term, but nothing defines it']


@pytest.mark.parametrize("text, expected", [
    ("within thirty (31) days", [("within thirty (31) days", "says thirty in words but 31 in figures (thirty-one)")]),
    ("Thirty (31) days", [("Thirty (31) days", "says thirty in words but 31 in figures (thirty-one)")]),
    ("one hundred and twenty (121) days", [(
        "one hundred and twenty (121) days",
        "says one hundred and twenty in words but 121 in figures (one hundred and twenty-one)")]),
    ("Costs and ten (11) days", [("Costs and ten (11) days", "says ten in words but 11 in figures (eleven)")]),
    ("five million, two hundred thousand (5,200,001) shares", [(
        "five million, two hundred thousand (5,200,001) shares",
        "says five million, two hundred thousand in words but 5,200,001 in figures "
        "(five million, two hundred thousand and one)")]),
    ("ten (10), twenty-four (24), one thousand and one (1,001), (30) days, and (5), Section (a) ten", []),
    ("no figures here at all", []),
])
def test_words_numerals_mismatch(text, expected):
    found = words_numerals_mismatch.check(_document(_section("3", _p(text))))
    assert [(f.rule, f.document, f.place) for f in found] == [
        ("words-numerals-mismatch", "d", "Section 3")] * len(expected)
    assert [(f.excerpt, f.message) for f in found] == expected


@pytest.mark.parametrize("words, value", [
    (["one", "hundred", "and", "twenty"], 120), (["two", "thousand", "five"], 2005),
    (["one", "million", "two", "hundred", "thousand"], 1_200_000), (["hundred"], 100), (["thousand"], 1000),
    (["twenty-four"], 24), (["three", "hundred", "million"], 300_000_000), (["and"], 0), (["zero"], 0),
])
def test_words_value(words, value):
    assert words_numerals_mismatch.words_value(words) == value


# -- term-sheet rules ----------------------------------------------------------------------------

FACTS = """\
company:
  name: Nelson Braff Holdings
  address:
    lines: [12 Andrews Drive]
    city: Springfield
    state: Ohio
    postal_code: "45501"
  fund: Acme Growth Fund I
investor:
  name: Nelson Braf Holdings
  fund: Acme Growth Fund II
  notices:
    address:
      lines: [12 Andrews Lane]
      city: SPRINGFIELD
      state: Ohio
      postal_code: "45501"
  other:
    address:
      lines: [14 Andrews Lane]
      city: Springfield
      state: Ohio
      postal_code: "45501"
  elsewhere:
    address:
      lines: [12 Andrews Road]
      city: Dayton
      state: Ohio
      postal_code: "45501"
  signatory: Nelson Brff Holdings
  numbered:
    - {lines: ["12A Andrews Way"], city: Springfield, state: Ohio, postal_code: "45501"}
    - {lines: ["Andrews Way"], city: Springfield, state: Ohio, postal_code: "45501"}
agreement:
  amendments:
    - address:
        lines: [12 Andrews Court]
        city: Springfield
        state: Ohio
        postal_code: "45501"
      name: Nelson Brafff Holdings
"""


def test_inconsistent_fact_finds_a_street_and_names_written_two_ways(tmp_path):
    sheet = _sheet(tmp_path, FACTS)
    path = str(tmp_path / "deal.yaml")
    assert inconsistent_fact.check(sheet) == [
        Finding("inconsistent-fact", "term sheet", "investor.notices.address.lines", "12 Andrews Lane",
                "gives the street as '12 Andrews Lane', but company.address gives '12 Andrews Drive' for the same "
                "number, city and postal code", file=path, line=14),
        Finding("inconsistent-fact", "term sheet", "investor.name", "Nelson Braf Holdings",
                "reads 'Nelson Braf Holdings', but company.name reads 'Nelson Braff Holdings'", file=path, line=10),
        Finding("inconsistent-fact", "term sheet", "investor.signatory", "Nelson Brff Holdings",
                "reads 'Nelson Brff Holdings', but company.name reads 'Nelson Braff Holdings'", file=path, line=30)]
    assert lint.facts is inconsistent_fact.check


def test_inconsistent_fact_every_value_of_a_near_twin_is_named(tmp_path):
    sheet = _sheet(tmp_path, "a: Larkspur Analytics\nb: [Larkspur Analytic, Larkspur Analytic]\n"
                             "c: {lines: [9 Elm], city: X}\nd: {lines: [9 Elm], city: X}\n")
    path = str(tmp_path / "deal.yaml")
    assert inconsistent_fact.check(sheet) == [
        Finding("inconsistent-fact", "term sheet", "b[0]", "Larkspur Analytic",
                "reads 'Larkspur Analytic', but a reads 'Larkspur Analytics'", file=path, line=2),
        Finding("inconsistent-fact", "term sheet", "b[1]", "Larkspur Analytic",
                "reads 'Larkspur Analytic', but a reads 'Larkspur Analytics'", file=path, line=2)]


@pytest.mark.parametrize("text, expected", [
    ("Abcdefgh", True), ("Abcdefg", False), ("abcdef1234", True), ("abcde12345", False), ("12345678", False),
])
def test_name_like(text, expected):
    assert inconsistent_fact._name_like(text) is expected


@pytest.mark.parametrize("a, b, expected", [
    ("abcdefghij", "abcdefghix", True),      # a ratio of exactly 0.9
    ("abcdefghij", "abcdefghxy", False),
    ("abcdefghij", "abcdefghij", False),     # the same name
    ("abcdefgh", "abcdefghij", False),       # 8 of 10: long enough to compare, but a ratio under 0.9
    ("abcdefg", "abcdefghij", False),        # under 0.8 of the length
])
def test_near_twins(a, b, expected):
    assert inconsistent_fact._near_twins(a, b) is expected


def test_near_twins_length_bound():
    # 40 and 50 characters: 0.8 exactly, compared; the first 40 the same, a ratio of 80/90.
    assert not inconsistent_fact._near_twins("a" * 40, "a" * 50)
    assert inconsistent_fact._near_twins("ab" * 25, "ab" * 25 + "c" * 5)  # 100/105


def test_candidate_pairs_share_the_first_or_last_four_letters():
    keys = ["abcdxxxx", "abcdyyyy", "zzzzyyyy", "yyyyqqqq", "qqqqqqqq", "abcqqqqz"]
    assert list(inconsistent_fact._candidate_pairs(keys)) == [
        ("abcdxxxx", "abcdyyyy"), ("abcdyyyy", "zzzzyyyy"), ("yyyyqqqq", "qqqqqqqq")]
    assert inconsistent_fact._pairs_within([[0, 2, 3], [2, 3], [1]]) == [(0, 2), (0, 3), (2, 3)]


def test_without_numbers_and_normal():
    assert inconsistent_fact._without_numbers("acme fund ii 2001 civic z") == "acme fund z"
    assert inconsistent_fact._normal("Acme, Inc.  (Fund_2)") == "acme inc fund_2"


KOREAN = """\
company:
  name: "Kim 한국 Ltd"
  note: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx한yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
  many: "ㄱㄴㄷㄹㅁㅂ\ue000"
  fine: "Café – “quoted”"
agreement:
  amendments: [{name: "한"}]
"""


def test_missing_glyph_names_each_character_and_the_draft_way_out(tmp_path):
    sheet = _sheet(tmp_path, KOREAN)
    path = str(tmp_path / "deal.yaml")
    tail = (", which no font the PDF carries draws; spell it otherwise, or build with --draft to print each as "
            "its code, e.g. ")
    assert missing_glyph.check(sheet) == [
        Finding("missing-glyph", "term sheet", "company.name", "Kim 한국 Ltd",
                "has '한' (U+D55C, HANGUL SYLLABLE HAN), '국' (U+AD6D, HANGUL SYLLABLE GUG)" + tail + "[U+D55C]",
                file=path, line=2),
        Finding("missing-glyph", "term sheet", "company.note", "…" + "x" * 20 + "한" + "y" * 20 + "…",
                "has '한' (U+D55C, HANGUL SYLLABLE HAN)" + tail + "[U+D55C]", file=path, line=3),
        Finding("missing-glyph", "term sheet", "company.many", "ㄱㄴㄷㄹㅁㅂ\ue000",
                "has 'ㄱ' (U+3131, HANGUL LETTER KIYEOK), 'ㄴ' (U+3134, HANGUL LETTER NIEUN), "
                "'ㄷ' (U+3137, HANGUL LETTER TIKEUT), 'ㄹ' (U+3139, HANGUL LETTER RIEUL) and 3 more" + tail
                + "[U+3131]",
                file=path, line=4),
        Finding("missing-glyph", "term sheet", "agreement.amendments[0].name", "한",
                "has '한' (U+D55C, HANGUL SYLLABLE HAN)" + tail + "[U+D55C]", file=path, line=7)]


def test_missing_glyph_an_unnamed_character(tmp_path):
    sheet = _sheet(tmp_path, 'a: "x\\ue000"\n')
    assert [f.message for f in missing_glyph.check(sheet)] == [
        "has '\ue000' (U+E000, unnamed), which no font the PDF carries draws; spell it otherwise, or build with "
        "--draft to print each as its code, e.g. [U+E000]"]


def _charter_sheet(tmp_path, by=("board of directors",) * 3, extra=""):
    from assembler import termsheet
    lines = (ROOT / "tests" / "fixtures" / "second-charter.yaml").read_text().splitlines()
    for number, holder in zip((27, 55, 67), by):
        lines[number - 1] = lines[number - 1].replace("board of directors", holder)
    path = tmp_path / "charter.yaml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return termsheet.load(path)


def test_preferred_authority_warns_where_the_board_is_not_given_it(tmp_path):
    sheet = _charter_sheet(tmp_path, ("the stockholders", "the Board of Directors", "a committee"))
    path = str(tmp_path / "charter.yaml")
    message = ("gives blank-check authority over preferred stock to '{}', not the board of directors; DGCL 102(a)(4) "
               "and 151(g) give it to the board")
    warnings = preferred_authority.warnings(sheet)
    assert [(w.message, w.file, w.line, w.field, w.hint) for w in warnings] == [
        (message.format("the stockholders"), path, 27, "charter.capital.preferred_terms_by", None),
        (message.format("a committee"), path, 67, "charter.amendments[2].changes.capital.preferred_terms_by", None)]
    assert all(isinstance(w, TermSheetError) for w in warnings)
    assert [(w.message, w.line) for w in lint.sheet_warnings(sheet)] == [(w.message, w.line) for w in warnings]
    assert preferred_authority.check(sheet) == [
        Finding("preferred-authority", "term sheet", "charter.capital.preferred_terms_by", "",
                message.format("the stockholders"), file=path, line=27),
        Finding("preferred-authority", "term sheet", "charter.amendments[2].changes.capital.preferred_terms_by", "",
                message.format("a committee"), file=path, line=67)]


def test_preferred_authority_is_quiet_without_a_charter_or_with_the_board(tmp_path):
    from assembler import termsheet
    from .conftest import SECOND
    assert preferred_authority.warnings(termsheet.load(SECOND)) == []
    assert preferred_authority.warnings(_charter_sheet(tmp_path)) == []


# -- lint.check: the term-sheet rules once, then the document rules -------------------------------

def test_check_runs_the_pdf_rule_only_for_a_pdf_and_gives_documents_every_value(tmp_path):
    sheet = _charter_sheet(tmp_path, ("the stockholders",) * 3, extra="\n")
    sheet.data["charter"]["purpose"] = "to sell 한 things"
    path = str(tmp_path / "charter.yaml")
    document = _document(_p('"', Def("Holder"), '"'), _p("Signed by the Holder and by Tomasz Wren, with "
                                                      "Nelson Braff."), name="cert")
    authority = ("gives blank-check authority over preferred stock to 'the stockholders', not the board of "
                 "directors; DGCL 102(a)(4) and 151(g) give it to the board")
    term_sheet = [
        Finding("preferred-authority", "term sheet", "charter.capital.preferred_terms_by", "", authority, path, 27),
        Finding("preferred-authority", "term sheet", "charter.amendments[1].changes.capital.preferred_terms_by", "",
                authority, path, 55),
        Finding("preferred-authority", "term sheet", "charter.amendments[2].changes.capital.preferred_terms_by", "",
                authority, path, 67)]
    glyph = Finding("missing-glyph", "term sheet", "charter.purpose", "to sell 한 things",
                    "has '한' (U+D55C, HANGUL SYLLABLE HAN), which no font the PDF carries draws; spell it otherwise, "
                    "or build with --draft to print each as its code, e.g. [U+D55C]", path, 20)
    # "Tomasz Wren" is a value only in a charter amendment (restated, so no fact rule reads it), yet
    # still a name the document may print; "Nelson Braff" is no value at all.
    braff = Finding("undefined-term", "cert", "document", "…by the Holder and by Tomasz Wren, with Nelson Braff.",
                    'uses "Nelson Braff" like a defined term, but nothing defines it')
    assert lint.check(sheet, [document], pdf=False) == [*term_sheet, braff]
    assert lint.check(sheet, [document]) == [*term_sheet, glyph, braff]
    assert lint.check(sheet, []) == [*term_sheet, glyph]
    assert lint.check_document(document) == [
        Finding("undefined-term", "cert", "document", "Signed by the Holder and by Tomasz Wren, with Nelson Braff.",
                'uses "Tomasz Wren" like a defined term, but nothing defines it'), braff]
    assert lint.errors(lint.check(sheet, [document])) == [glyph]


# -- the library rules ---------------------------------------------------------------------------

FIELDS = ("agreement, charter, company, company_obligations, governing_law, house_style, investor, "
          "investor_obligations, other_investors, placement_agent, registration, rule_144, securities")

FIRM = {
    "facts.schema.yaml": """\
type: object
properties:
  side:
    type: object
    properties:
      enabled: {type: boolean}
      notices: {$ref: "#/$defs/Notices"}
      custom: {$ref: "#/$defs/Custom"}
      anything: {type: object}
      listed: {type: array, items: {type: string}}
      flag: true
      where: {$ref: "#/$defs/Address"}
$defs:
  Custom:
    type: object
    properties:
      size: {type: integer}
  Address:
    type: object
    properties:
      street: {type: string}
""",
    "assemblies/side-letter.yaml": """\
name: side-letter
title: Side Letter
numbering: [decimal]
footer: nofooter
date: nodate
makes:
  - when: nowhen and holder and side.enabled and as_of
    for_each: noforeach
    as: holder
    name: side-letter-{{ number }}
    conformed: noconformed
    context: charter
clauses:
  - firm/side_body
  - clause: firm/side_extra
    when: nopartwhen or side.enabld
""",
    # Reached by the side letter only: its item, its number and the charter's names are known.
    "firm/side_body.xml.j2": '<section id="side.body" title="Body"><p>{{ holder.name }} {{ number }} {{ ordinal }} '
                             "{{ side.notices.address.city }} {{ side.custom.size }} {{ side.anything.foo.bar }} "
                             "{{ side.listed.x }} {{ side.notices.adress }} {{ side.custom.sise }} {{ changed }} "
                             "{{ side.flag.x }} {{ side.where.street }} {{ side.custom.sise.more }}</p>\n"
                             "<p>Café, naïve.</p></section>\n",
    # Includes walked as a stack: b twice, a missing clause twice, one that does not parse.
    "firm/side_extra.xml.j2": '<section id="side.extra" title="Extra"><p>See <ref to="side.body"/> and '
                              '<ref to="firm.inserted"/>.</p>\n{% include "firm/absent.xml.j2" %}'
                              '{% include "firm/a.xml.j2" %}{% include "firm/broken.xml.j2" %}'
                              '{% include "firm/absent.xml.j2" %}{% include "firm/b.xml.j2" %}'
                              '{% include "firm/b.xml.j2" %}</section>\n',
    "firm/a.xml.j2": "\n<p>A</p>\n<p>as <ref to='rr.nowhere'/> says</p>\n",
    "firm/b.xml.j2": "<p>B – “quoted”</p>\n",
    "firm/broken.xml.j2": "<p>{% if %}</p>\n",
    "firm/orphan.xml.j2": "<p>Never used.</p>\n",
    "overrides.yaml": """\
registration-rights-agreement:
  replace:
    rr.miscellaneous.governing_law: |
      <p>Governed by {{ governing_law.state }} and {{ nolaw }} and {{ side.custom.sise }}, see <ref to="rr.gone"/>.</p>
  insert_after:
    rr.miscellaneous.counterparts: |
      <section id="firm.inserted" title="Inserted – ü"><p>{{ governing_law.stat }}</p></section>
  delete: [rr.miscellaneous.pronouns, rr.no_such]
agreement-amendment:
  replace:
    rr.no_where: "<p>{{ amendment.number }} {{ changed }} {{ holder }}</p>"
""",
}


@pytest.fixture
def firm(tmp_path) -> Path:
    folder = tmp_path / "firm"
    for name, text in FIRM.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _firm_findings(firm: Path) -> list[Finding]:
    """What lint finds in the firm's library, written out one by one."""
    body, extra, a, broken, orphan = (str(firm / "firm" / f"{n}.xml.j2")
                                      for n in ("side_body", "side_extra", "a", "broken", "orphan"))
    overrides = str(firm / "overrides.yaml")
    fields = FIELDS + ", side"

    def unknown(document, name, file=None, line=1):
        return Finding("unknown-variable", document, "line 1", name, f"uses '{name}', which is neither a term-sheet "
                       f"field nor given by the code (term-sheet fields: {fields})", file, line)

    def schema(document, path, file=None, line=1):
        return Finding("unknown-variable", document, "line 1", path,
                       f"uses '{path}', which the term-sheet schema does not have", file, line)

    assembly = "side-letter assembly"
    return [
        Finding("unknown-variable", broken, "line 1", "", "does not parse: Expected an expression, got 'end of "
                "statement block'", broken, 1),
        unknown(assembly, "nopartwhen"), schema(assembly, "side.enabld"),
        unknown(assembly, "nofooter"), unknown(assembly, "nodate"), unknown(assembly, "nowhen"),
        unknown(assembly, "noforeach"), unknown(assembly, "noconformed"),
        unknown("firm/side_body", "changed", body), schema("firm/side_body", "side.notices.adress", body),
        schema("firm/side_body", "side.custom.sise", body),
        unknown("agreement-amendment override of rr.no_where", "holder", overrides, None),
        unknown("registration-rights-agreement override of rr.miscellaneous.governing_law", "nolaw", overrides, None),
        schema("registration-rights-agreement override of rr.miscellaneous.governing_law", "side.custom.sise",
               overrides, None),
        schema("registration-rights-agreement override of rr.miscellaneous.counterparts", "governing_law.stat",
               overrides, None),
        Finding("unreachable-clause", "firm/absent", "clause", "",
                "is named by an assembly or an include but is not in the library"),
        Finding("unreachable-clause", "firm/orphan", "clause", "",
                "no assembly and no letter uses this clause, nor any clause they include", orphan),
        Finding("unresolvable-ref", "firm/a", "line 3", "<ref to='rr.nowhere'",
                "refers to 'rr.nowhere', which no clause defines in any configuration", a, 3),
        Finding("unresolvable-ref", "registration-rights-agreement", "override of rr.miscellaneous.governing_law",
                '<ref to="rr.gone"', "refers to 'rr.gone', which no clause defines", overrides),
        Finding("unresolvable-ref", "agreement-amendment", "override", "rr.no_where",
                "changes section 'rr.no_where', which no clause defines in any configuration", overrides),
        Finding("unresolvable-ref", "registration-rights-agreement", "override", "rr.no_such",
                "changes section 'rr.no_such', which no clause defines in any configuration", overrides),
    ]


def test_library_rules_over_a_firm_library_with_its_own_assembly_facts_and_overrides(firm):
    assert lint.check_library(Library([firm])) == _firm_findings(firm)


@pytest.fixture
def c_locale():
    """The C locale, whose default encoding is ASCII: what a bare read_text() would then decode with."""
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, before)


def test_library_rules_read_clauses_as_utf8_in_any_locale(firm, c_locale):
    assert lint.check_library(Library([firm])) == _firm_findings(firm)


def test_roots_are_every_assembly_then_the_letters(firm):
    found = clauses.roots(Library([firm]))
    assert [root.name for root in found] == [
        "side-letter", "agreement-amendment", "certificate-of-amendment-before-payment", "certificate-of-amendment",
        "certificate-of-incorporation", "registration-rights-agreement", "notice letters"]
    assert found[0] == clauses.Root(
        "side-letter", ["firm/side_body", "firm/side_extra"],
        ["nopartwhen or side.enabld", "nofooter", "nodate", "nowhen and holder and side.enabled and as_of",
         "noforeach", "noconformed"], ("ordinal", "amended", "document", "holder", "number"),
        conditions={"firm/side_extra": "nopartwhen or side.enabld"})
    assert found[1] == clauses.Root(
        "agreement-amendment", ["agreement_amendment/instrument"],
        ['"Amendment No. " ~ amendment.number ~ " to Registration Rights Agreement"', "amendment.date"],
        ("amendment", "changed", "agreement_section"))
    assert found[3] == clauses.Root(
        "certificate-of-amendment", ["amendment/stockholders"],
        ["amendment.date", "amendment.adoption != 'before_payment'", "charter.amendments if charter else []",
         "amendment.filed"], ("ordinal", "amended", "document", "amendment", "before", "number"))
    assert (found[4].expressions, found[4].extra) == (
        ["charter.provisions.compromise", "charter.provisions.management", "charter.provisions.director_liability",
         "charter.provisions.indemnification", "charter.provisions.amendment",
         "charter.provisions.section_203_opt_out", "charter.signed_on", "charter", "charter.filed",
         "charter and as_of", "True"], ("ordinal", "amended", "document"))
    assert found[-1] == clauses.Root(
        "notice letters", ["letters/comments", "letters/effectiveness", "letters/piggyback",
                           "letters/requested_information", "letters/misstatement", "letters/stop_order",
                           "letters/resumption", "letters/assignment", "letters/address_change"], [], ("letter",),
        assembly=False)
    assert [root.name for root in clauses.roots()] == [root.name for root in found[1:]]


def test_a_survey_keeps_the_librarys_facts_and_roots(firm):
    library = Library([firm])
    walked = clauses.survey(library)
    assert walked.library is library and list(walked.facts.properties) == ["side"]
    assert [root.name for root in walked.roots][:1] == ["side-letter"]
    assert [clause for clause in walked.reached if clause.startswith("firm/")] == [
        "firm/side_body", "firm/side_extra", "firm/b", "firm/broken", "firm/a"]
    assert [(root.name, override.path, section) for root, override, section in walked.overridden()] == [
        ("agreement-amendment", str(firm / "overrides.yaml"), "rr.no_where"),
        ("registration-rights-agreement", str(firm / "overrides.yaml"), "rr.miscellaneous.governing_law"),
        ("registration-rights-agreement", str(firm / "overrides.yaml"), "rr.miscellaneous.counterparts"),
        ("registration-rights-agreement", str(firm / "overrides.yaml"), "rr.miscellaneous.pronouns"),
        ("registration-rights-agreement", str(firm / "overrides.yaml"), "rr.no_such")]


def test_the_shipped_library_is_what_check_library_reads_by_default():
    assert lint.check_library() == []


def test_a_letter_given_under_a_section_no_clause_defines(monkeypatch):
    from assembler import letters
    monkeypatch.setitem(letters.KINDS, "odd", letters.Kind("odd", ("rr.assignment", "rr.odd"), "company", "investors"))
    monkeypatch.setattr(letters, "NOTICES_SECTION", "rr.notices_gone")
    kinds = ["comments", "effectiveness", "piggyback", "requested-information", "misstatement", "stop-order",
             "resumption", "assignment", "address-change"]
    clause = {kind: "letters/" + kind.replace("-", "_") for kind in kinds}
    gone = "the {} letter is given under '{}', which no clause defines"
    assert lint.check_library(Library()) == [
        Finding("unreachable-clause", "letters/odd", "clause", "",
                "is named by an assembly or an include but is not in the library"),
        *[Finding("unresolvable-ref", clause[kind], "letter kind", "rr.notices_gone",
                  gone.format(kind, "rr.notices_gone"))
          for kind in kinds],
        Finding("unresolvable-ref", "letters/odd", "letter kind", "rr.odd", gone.format("odd", "rr.odd")),
        Finding("unresolvable-ref", "letters/odd", "letter kind", "rr.notices_gone",
                gone.format("odd", "rr.notices_gone"))]


def test_a_missing_clause_two_clauses_include_is_reported_once(tmp_path):
    folder = tmp_path / "firm" / "registration_rights"
    folder.mkdir(parents=True)
    for name, section in (("expenses", "rr.expenses"), ("assignment", "rr.assignment")):
        (folder / f"{name}.xml.j2").write_text(f'<section id="{section}" title="T"><p>x</p>'
                                               '{% include "firm/gone.xml.j2" %}</section>\n')
    assert lint.check_library(Library([tmp_path / "firm"])) == [
        Finding("unreachable-clause", "firm/gone", "clause", "",
                "is named by an assembly or an include but is not in the library")]


# -- more of each rule's edges --------------------------------------------------------------------

def test_capital_sum_reads_past_text_before_the_total():
    document = _document(_p("Article FOURTH."), _p(CAPITAL),
                         _p("9,000,000 of such shares shall be shares of Common Stock."))
    assert [f.message for f in capital_sum.check(document)] == [
        "the classes add up to 9,000,000 (9,000,000 Common Stock), not the total of 10,000,000"]


def test_unused_definition_a_term_printed_only_inside_a_longer_word_is_unused():
    document = _document(_p("Sub", Def("Holder"), " and the Holders and Holder's"), _p("x", Def("Agent")))
    assert unused_definition.check(document) == [
        Finding("unused-definition", "d", "document", "Agent", 'defines "Agent" but never uses it')]


@pytest.mark.parametrize("text, expected", [
    ("twenty-four (25) hours", [
        ("twenty-four (25) hours", "says twenty-four in words but 25 in figures (twenty-five)")]),
    ("paid, and, ten (11) days", [("paid, and, ten (11) days", "says ten in words but 11 in figures (eleven)")]),
    ("within (30) days and thirty (31) days", [(
        "within (30) days and thirty (31) days", "says thirty in words but 31 in figures (thirty-one)")]),
    ("one million, two hundred thousand (1,200,000) shares", []),
])
def test_words_numerals_more(text, expected):
    document = _document(_p("No figures in this paragraph."), _p(text))
    assert [(f.excerpt, f.message) for f in words_numerals_mismatch.check(document)] == expected


def test_template_leftover_offsets_hold_where_a_value_is_masked():
    value = "Curly {{ Braces }} Corp."
    text = value + " " + "y" * 50 + " None"
    assert [f.excerpt for f in template_leftover.check(_document(_p(text)), [value])] == [
        "…" + "y" * 39 + " None"]


@pytest.mark.parametrize("value, named, more", [
    ("ㄱㄴㄷㄹ", 4, ""), ("ㄱㄴㄷㄹㅁ", 4, " and 1 more"), ("ㄱ", 1, ""),
])
def test_missing_glyph_names_four_and_counts_the_rest(tmp_path, value, named, more):
    sheet = _sheet(tmp_path, f'a: "{value}"\n')
    names = {"ㄱ": "'ㄱ' (U+3131, HANGUL LETTER KIYEOK)", "ㄴ": "'ㄴ' (U+3134, HANGUL LETTER NIEUN)",
             "ㄷ": "'ㄷ' (U+3137, HANGUL LETTER TIKEUT)", "ㄹ": "'ㄹ' (U+3139, HANGUL LETTER RIEUL)"}
    [finding] = missing_glyph.check(sheet)
    assert finding.message.startswith("has " + ", ".join(list(names.values())[:named]) + more + ", which no font")


def test_missing_glyph_excerpt_is_round_the_first_of_the_character(tmp_path):
    sheet = _sheet(tmp_path, 'a: "한' + "x" * 30 + '한"\n')
    assert [f.excerpt for f in missing_glyph.check(sheet)] == ["한" + "x" * 20 + "…"]


def test_undefined_term_more_sentence_starts_and_plurals():
    document = _document(
        Title([Text("The Big Title")]),
        _p('"', Def("Holder"), '", "', Def("Box"), '", "', Def("Escrow Agent"), '"'),
        _p("The Holders sign. The Boxes close. Each Securities Act filing is due."),
        _p("Paying Agent is due."),
        _p("The Holder pays the Fee Agent."))
    assert [(f.place, f.excerpt, f.message) for f in undefined_term.check(document)] == [
        ("document", "Paying Agent is due.", 'uses "Paying Agent" like a defined term, but nothing defines it'),
        ("document", "The Holder pays the Fee Agent.", 'uses "Fee Agent" like a defined term, but nothing defines it')]


def test_undefined_term_excerpt_is_of_the_printed_text():
    document = _document(_p("a" * 45 + ' "', Def("Holder"), '" ', Ref("s1", text="Section 1"),
                            " then Paying Agent pays " + "z" * 45))
    [finding] = undefined_term.check(document)
    assert finding.excerpt == "…" + "a" * 15 + ' "Holder" Section 1 then Paying Agent pays ' + "z" * 34 + "…"


def test_inconsistent_fact_edges(tmp_path):
    sheet = _sheet(tmp_path, """\
a: Andrews Drive Limited
b: Andrews Lane Limited
c: Larkspur Analytics
d: Larkspur Analytic
e: {lines: [12 Main Street, Suite 1], city: X, state: Y, postal_code: "1"}
f: {lines: [12 Main Road], city: X, state: Z, postal_code: "1"}
g: {lines: [12 Main Road], city: X, state: Y, postal_code: "2"}
h: [{lines: [12 Main Lane], city: X, state: Y, postal_code: "1"}]
i: {city: X}
j: {lines: [40 Elm Street]}
k: {lines: [40 Elm Road]}
""")
    path = str(tmp_path / "deal.yaml")
    assert inconsistent_fact.check(sheet) == [
        Finding("inconsistent-fact", "term sheet", "h[0].lines", "12 Main Lane", "gives the street as '12 Main Lane', "
                "but e gives '12 Main Street Suite 1' for the same number, city and postal code", path, 8),
        Finding("inconsistent-fact", "term sheet", "d", "Larkspur Analytic",
                "reads 'Larkspur Analytic', but c reads 'Larkspur Analytics'", path, 4)]


def test_near_twins_need_both_ratios():
    assert not inconsistent_fact._near_twins("nelson braff", "braff nelson")  # the same letters, another order


def test_candidate_pairs_of_keys_longer_than_eight():
    keys = ["abcdxxxxx", "abcdyyyyy", "zzzzzyyyy", "qqqqqxyyy"]
    assert list(inconsistent_fact._candidate_pairs(keys)) == [("abcdxxxxx", "abcdyyyyy"), ("abcdyyyyy", "zzzzzyyyy")]


def test_a_guard_is_only_is_defined_and_a_bad_path_is_reported_once_and_where_it_stops():
    found = clauses.variables(Library(), "{% if nickname is none %}{{ registration.piggyback.notise.more }}"
                              "{% endif %}\n{{ registration.piggyback.notise }}", "x", None, ())
    assert [(f.excerpt, f.place, f.line) for f in found] == [
        ("nickname", "line 1", 1), ("registration.piggyback.notise", "line 1", 1)]


def test_an_assembly_called_as_the_letters_are_has_its_overrides_read_once(tmp_path):
    folder = tmp_path / "firm"
    (folder / "assemblies").mkdir(parents=True)
    (folder / "assemblies" / "notice letters.yaml").write_text(
        "name: notice letters\ntitle: Notices\nnumbering: [decimal]\nclauses: [registration_rights/expenses]\n")
    (folder / "overrides.yaml").write_text("notice letters:\n  delete: [rr.not_here]\n")
    assert lint.check_library(Library([folder])) == [
        Finding("unresolvable-ref", "notice letters", "override", "rr.not_here",
                "changes section 'rr.not_here', which no clause defines in any configuration",
                str(folder / "overrides.yaml"))]


def test_a_cited_term_is_known_as_written_and_an_all_capitals_one_as_a_title():
    document = _document(_p('"', Def("Holder"), '"'),
                         _p("to the Holders Of Registrable Securities under the Joinder Agreement"),
                         cited=["Holders of Registrable Securities", "JOINDER AGREEMENT"])
    assert [f.message for f in undefined_term.check(document)] == [
        'uses "Holders Of Registrable Securities" like a defined term, but nothing defines it']


def test_a_reference_to_a_section_another_library_deletes_names_the_deleting_file(tmp_path):
    """The second library deletes a section; the first library's clause and its override text refer
    to it, and the first also changes it and a section nobody defines: each is told apart."""
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "registration_rights").mkdir(parents=True)
    second.mkdir()
    expenses = (ROOT / "clauses" / "registration_rights" / "expenses.xml.j2").read_text(encoding="utf-8")
    (first / "registration_rights" / "expenses.xml.j2").write_text(
        "\n" + expenses + '<p>As <ref to="rr.miscellaneous.headings"/> says.</p>\n', encoding="utf-8")
    (second / "overrides.yaml").write_text("registration-rights-agreement:\n  delete: [rr.miscellaneous.headings]\n")
    (first / "overrides.yaml").write_text(
        "registration-rights-agreement:\n  replace:\n"
        "    rr.miscellaneous.headings: <p>Headings.</p>\n"
        "    rr.no_such: <p>None.</p>\n"
        "    rr.miscellaneous.counterparts: <p>See <ref to='rr.miscellaneous.headings'/>.</p>\n")
    clause, changes, deletes = (str(first / "registration_rights" / "expenses.xml.j2"),
                                str(first / "overrides.yaml"), str(second / "overrides.yaml"))
    assert [f for f in lint.check_library(Library([first, second])) if f.rule == "unresolvable-ref"] == [
        Finding("unresolvable-ref", "registration_rights/expenses", "line 14", '<ref to="rr.miscellaneous.headings"',
                f"refers to 'rr.miscellaneous.headings', which {deletes} deletes", clause, 14),
        Finding("unresolvable-ref", "registration-rights-agreement", "override of rr.miscellaneous.counterparts",
                "<ref to='rr.miscellaneous.headings'",
                f"refers to 'rr.miscellaneous.headings', which {deletes} deletes", changes),
        Finding("unresolvable-ref", "registration-rights-agreement", "override", "rr.miscellaneous.headings",
                f"changes section 'rr.miscellaneous.headings', which {deletes} deletes", changes),
        Finding("unresolvable-ref", "registration-rights-agreement", "override", "rr.no_such",
                "changes section 'rr.no_such', which no clause defines in any configuration", changes),
    ]


def test_broken_ref_in_a_document_that_cites_another_says_it_looked_there_too():
    document = _document(_section("2", _p("See ", Ref("gone", text="Section 9"), ".")), cited=["Purchase Agreement"])
    assert broken_ref.check(document) == [
        Finding("broken-ref", "d", "Section 2", "See Section 9.", "refers to section 'gone', which is not in this "
                "document nor in the document it cites, as this term sheet makes them")]


def test_template_leftover_masks_the_longest_value_first_and_a_value_in_any_case():
    # "{{ y }}" masked first would break up "{{ x }} {{ y }}", leaving its "{{ x }}" to be reported.
    document = _document(_p("By {{ x }} {{ y }} only."), _p("Heading {{ Odd }} Ltd"))
    assert template_leftover.check(document, ["{{ y }}", "{{ x }} {{ y }}", "{{ odd }} ltd"]) == []


def test_undefined_term_a_statute_needs_its_word_and_its_year_and_the_run_is_read_on_past_it():
    document = _document(_section("1", _p('"', Def("Holder"), '" means a holder.')),
                         _section("2", _p("so the Widget Act of 1999 binds the Gadget Council."),
                                  _p("so the Widget Act governs."), _p("so the Sprocket Plan of 2001 ends.")))
    assert [(f.place, f.excerpt, f.message) for f in undefined_term.check(document)] == [
        ("Section 2", "so the Widget Act of 1999 binds the Gadget Council.",
         'uses "Gadget Council" like a defined term, but nothing defines it'),
        ("Section 2", "so the Widget Act governs.", 'uses "Widget Act" like a defined term, but nothing defines it'),
        ("Section 2", "so the Sprocket Plan of 2001 ends.",
         'uses "Sprocket Plan" like a defined term, but nothing defines it')]
