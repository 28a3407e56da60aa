"""Lint's parts checked in process against hand-written findings: the one-line shape, excerpts,
places, the term sheet's text values, and the library rules over a firm library with one of each
problem (a misspelt path, an unknown name, a guarded name, a clause that does not parse, an
include of a clause that does not exist, a reference to nowhere)."""
from __future__ import annotations

import importlib

import pytest

from assembler import lint
from assembler.library import Library
from assembler.lint.finding import Finding
from assembler.tree import Document, Note, Paragraph, Section, Text

where = importlib.import_module("assembler.lint.places")  # the package re-exports its function of that name

# -- the shape of a finding --------------------------------------------------------------------


@pytest.mark.parametrize("file, line, excerpt, expected", [
    ("deal.yaml", 12, "x y", "deal.yaml:12: error broken-ref doc Section 1: says so «x y»"),
    ("deal.yaml", None, "", "deal.yaml: error broken-ref doc Section 1: says so"),
    (None, None, "", "error broken-ref doc Section 1: says so"),
    (None, None, "x", "error broken-ref doc Section 1: says so «x»"),
])
def test_one_line(file, line, excerpt, expected):
    assert Finding("broken-ref", "doc", "Section 1", excerpt, "says so", file, line).one_line() == expected


def test_errors_are_the_findings_of_error_rules_only():
    error = Finding("broken-ref", "d", "p", "", "m")
    warning = Finding("unused-definition", "d", "p", "", "m")
    assert lint.errors([warning, error, warning]) == [error]
    assert error.as_dict()["severity"] == "error" and warning.as_dict()["severity"] == "warning"


DIGITS = "0123456789" * 10  # a hundred characters, each position readable


@pytest.mark.parametrize("start, end, expected", [
    (0, 3, "0123456789" * 4 + "012" + "…"),                   # at the start: no leading mark
    (50, 54, "…" + "0123456789" * 8 + "0123" + "…"),          # 10 to 94: marked both sides
    (95, 100, "…" + "56789" + "0123456789" * 4),             # at the end: no trailing mark
    (40, 41, "0123456789" * 8 + "0" + "…"),                   # exactly forty before: nothing cut there
])
def test_excerpt_is_forty_characters_either_side_marked_where_cut(start, end, expected):
    assert where.excerpt(DIGITS, start, end) == expected


def test_excerpt_folds_whitespace():
    assert where.excerpt("a\n\n  b\tc", 0, 1) == "a b c"


def _charter() -> Document:
    article = Section("a4", None, [Paragraph([Text("intro")]),
                                   Section("a4.p", None, [Paragraph([Text("para"), Note([Text("note")])])],
                                           level=2, label="3.", number="FOURTH3")],
                      level=1, label="FOURTH:", number="FOURTH")
    return Document(name="c", title="C", numbering=["ordinal-word", "decimal"], footer="FOOT",
                    origins=["charter/heading", ""], blocks=[Paragraph([Text("head")]), article])


def test_places_name_articles_and_their_paragraphs_and_texts_add_notes_and_the_footer():
    assert [(p, type(b).__name__) for p, b in where.places(_charter())] == [
        ("heading", "Paragraph"), ("Article FOURTH", "Paragraph"), ("Article FOURTH, paragraph 3", "Paragraph")]
    assert list(where.texts(_charter())) == [("heading", "head"), ("Article FOURTH", "intro"),
                                             ("Article FOURTH, paragraph 3", "para[0]"),
                                             ("Article FOURTH, paragraph 3", "note"), ("footer", "FOOT")]


def test_a_block_from_no_named_clause_is_in_the_document():
    document = Document(name="d", title="D", numbering=["decimal"], blocks=[Paragraph([Text("x")])])
    assert [p for p, _ in where.places(document)] == ["document"]


def test_strings_leave_out_restated_facts_unless_asked():
    data = {"company": {"name": "Acme", "lines": ["1 Main St"]}, "agreement": {"amendments": [{"x": "new"}]},
            "count": 3}
    assert list(where.strings(data)) == [(("company", "name"), "Acme"), (("company", "lines", 0), "1 Main St")]
    assert list(where.strings(data, everything=True))[-1] == (("agreement", "amendments", 0, "x"), "new")


# -- the library rules -------------------------------------------------------------------------

@pytest.fixture
def firm(tmp_path):
    folder = tmp_path / "firm" / "registration_rights"
    folder.mkdir(parents=True)
    (folder / "expenses.xml.j2").write_text(
        '<section id="rr.expenses" title="Expenses"><p>Within {{ registration.piggyback.notise_days }} days,\n'
        'to {{ nickname }}, {% if amendment is defined %}{{ amendment }}{% endif %} as <ref to="rr.nowhere"/> '
        'says.\n{% include "registration_rights/missing.xml.j2" %}</p></section>\n')
    (folder / "rule_144.xml.j2").write_text('<section id="rr.rule_144" title="Rule 144">\n<p>{% if %}</p></section>\n')
    return tmp_path / "firm"


def test_library_rules_find_each_problem_once_with_file_line_and_place(firm):
    expenses, rule_144 = firm / "registration_rights" / "expenses.xml.j2", firm / "registration_rights" / "rule_144.xml.j2"
    fields = ("agreement, charter, company, company_obligations, governing_law, house_style, investor, "
              "investor_obligations, other_investors, placement_agent, registration, rule_144, securities")
    expected = [
        Finding("unknown-variable", str(rule_144), "line 2", "",
                "does not parse: Expected an expression, got 'end of statement block'", str(rule_144), 2),
        Finding("unknown-variable", "registration_rights/expenses", "line 2", "nickname",
                f"uses 'nickname', which is neither a term-sheet field nor given by the code (term-sheet fields: "
                f"{fields})", str(expenses), 2),
        Finding("unknown-variable", "registration_rights/expenses", "line 1", "registration.piggyback.notise_days",
                "uses 'registration.piggyback.notise_days', which the term-sheet schema does not have",
                str(expenses), 1),
        Finding("unreachable-clause", "registration_rights/missing", "clause", "",
                "is named by an assembly or an include but is not in the library"),
        Finding("unresolvable-ref", "registration_rights/expenses", "line 2", '<ref to="rr.nowhere"',
                "refers to 'rr.nowhere', which no clause defines in any configuration", str(expenses), 2),
    ]
    assert lint.check_library(Library([firm])) == expected


def test_the_shipped_library_has_no_findings():
    assert lint.check_library(Library()) == []


def test_a_clause_no_document_reaches_is_reported(tmp_path):
    folder = tmp_path / "firm" / "registration_rights"
    folder.mkdir(parents=True)
    (folder / "orphan.xml.j2").write_text("<p>Never used.</p>\n")
    found = lint.check_library(Library([tmp_path / "firm"]))
    assert [(f.rule, f.document) for f in found] == [("unreachable-clause", "registration_rights/orphan")]


def test_paths_written_with_brackets_are_checked_as_with_dots():
    from assembler.lint.clauses import variables

    found = variables(Library(), '{{ registration["piggyback"].notise }} {{ registration.piggyback["notice_days"] }}',
                      "x", None, ())
    assert [(f.excerpt, f.place, f.file, f.line) for f in found] == [
        ("registration.piggyback.notise", "line 1", None, 1)]
