"""termsheet.messages.for_lawyer in process: each kind of problem said to a lawyer at the form's
field, as its exact words (typed by hand), for mutation testing (scripts/mutation-test termsheet).
The web tests check these words on the pages, in other processes."""
from __future__ import annotations

import copy

import pytest
import yaml

from assembler import termsheet
from assembler.termsheet import Deal, messages

from .conftest import EXAMPLE, ROOT

DATA = yaml.safe_load(EXAMPLE.read_text())


def said(part: str, key: str, value, title: str) -> list[str]:
    data = copy.deepcopy(DATA)
    if value is KeyError:
        del data[part][key]
    else:
        data[part][key] = value
    return [messages.for_lawyer(problem, title, Deal) for problem in termsheet.problems(data)]


@pytest.mark.parametrize("part, key, value, title, expected", [
    ("registration", "filing_deadline_days", -3, "Filing deadline (days)",
     "Filing deadline: enter a whole number of days more than 0 and no more than 100,000, such as 30"),
    ("registration", "filing_deadline_days", "soon", "Filing deadline (days)",
     "Filing deadline: enter a whole number of days, such as 30"),
    ("registration", "filing_deadline_days", KeyError, "Filing deadline (days)",
     "Filing deadline: enter a whole number of days, such as 30"),
    ("registration", "comment_notice_hours", 10**9, "Notice of comments (hours)",
     "Notice of comments: enter a whole number of hours more than 0 and no more than 100,000, such as 24"),
    ("agreement", "date", "2026-02-30", "Date of the agreement", "Date of the agreement: 2026 has no 30 February"),
    ("agreement", "date", "2026-13-01", "Date of the agreement",
     "Date of the agreement: there is no month 13: enter the month as a number from 1 to 12"),
    ("agreement", "date", "next week", "Date of the agreement",
     "Date of the agreement: enter a real date, such as 1 March 2027"),
    ("company", "name", "", "The company's name", "The company's name: this is needed"),
    ("company", "name", "x" * 2001, "The company's name", "The company's name: write at most 2,000 characters"),
    ("company", "bogus", "1", "Bogus", "Bogus: this term sheet has no such fact"),
])
def test_each_problem_in_a_lawyers_words(part, key, value, title, expected):
    assert said(part, key, value, title) == [expected]


@pytest.mark.parametrize("given, expected", [
    ("2024-02-29", ""), ("2023-02-29", "2023 has no 29 February"), ("2024-04-31", "2024 has no 31 April"),
    ("2024-01-00", "2024 has no 0 January"), ("2024-00-10", "there is no month 0: enter the month as a number "
                                                            "from 1 to 12"),
    ("2024-12-31", ""), ("2024-1-5", ""), (None, ""), ("29 February 2023", ""),
])
def test_an_impossible_date_in_words(given, expected):
    assert messages.impossible_date(given) == expected


@pytest.mark.parametrize("title, expected", [("Filing deadline (days)", ("Filing deadline", "days")),
                                             ("Notice (business days)", ("Notice", "business days")),
                                             ("The company", ("The company", "")),
                                             ("Rule 144 (a) (b)", ("Rule 144 (a)", "b"))])
def test_a_title_and_its_unit(title, expected):
    assert messages.split_unit(title) == expected


LATER = ("Later notice addresses", "New notice addresses this investor has given, earliest first.")


def test_each_fields_wording_falls_back_to_its_parent_models_and_goes_into_the_schema():
    from assembler.termsheet import wording

    assert wording.wording("Deal", "rule_144") == (
        "Rule 144", "Whether the agreement carries the company's Rule 144 undertakings.")
    # OtherInvestor words its own name, and takes the rest from Investor.
    assert wording.wording("OtherInvestor", "name") == ("Investor's name", "The investor's full legal name.")
    assert wording.wording("OtherInvestor", "address_changes") == LATER
    assert wording.wording("OtherInvestor", "no_such_field") is None
    assert wording.item("OtherInvestor", "address_changes") == "Address change"
    assert wording.item("Deal", "other_investors") == "Investor"
    assert wording.item("Deal", "company") is None
    schema = {"properties": {"rule_144": {"description": "a programmer's words"}, "unworded": {"type": "string"}},
              "$defs": {"OtherInvestor": {"description": "a docstring",
                                          "properties": {"name": {}, "address_changes": {}}},
                        "Other": {"description": "a docstring", "properties": {}}}}
    assert wording.apply(schema) is schema
    assert schema == {
        "properties": {"rule_144": {"title": "Rule 144", "description": "Whether the agreement carries the "
                                    "company's Rule 144 undertakings."},
                       "unworded": {"type": "string"}},
        "$defs": {"OtherInvestor": {"description": "An investor besides the initial investor.",
                                    "properties": {"name": {"title": "Investor's name",
                                                            "description": "The investor's full legal name."},
                                                   "address_changes": {"title": LATER[0], "description": LATER[1],
                                                                       "x-item-title": "Address change"}}},
                  "Other": {"properties": {}}}}


def said_at(path: tuple, value, title: str) -> list[str]:
    data = copy.deepcopy(DATA)
    where = data
    for key in path[:-1]:
        where = where[key]
    where[path[-1]] = value
    return [messages.for_lawyer(problem, title, Deal) for problem in termsheet.problems(data)]


@pytest.mark.parametrize("path, value, title, expected", [
    # An optional amount (Amount | None): its bounds are read through the union.
    (("securities", "debenture", "principal_amount"), -5, "Principal amount ($)",
     "Principal amount: enter an amount in dollars more than 0 and no more than 1,000,000,000,000, such as 1.25"),
    (("securities", "debenture", "principal_amount"), "lots", "Principal amount ($)",
     "Principal amount: enter an amount in dollars, such as 1.25"),
    (("securities", "debenture", "interest_rate_percent"), 150, "Interest rate (%)",
     "Interest rate: enter a percentage more than 0 and no more than 100, such as 75"),
    (("securities", "conversion_price"), 0, "Conversion price",
     "Conversion price: enter a number more than 0 and no more than 1,000,000,000,000, such as 1.25"),
    (("agreement", "counterparts"), 0, "Counterparts",
     "Counterparts: enter a whole number more than 0 and no more than 100,000, such as 1,000"),
    (("agreement", "date"), "1700-01-01", "Date of the agreement",
     "Date of the agreement: enter a date from 1 January 1800 to 31 December 2199"),
])
def test_bounds_and_units_in_a_lawyers_words(path, value, title, expected):
    assert said_at(path, value, title) == [expected]


def test_a_short_name_out_of_pattern_and_a_part_left_out():
    assert said_at(("other_investors",), [{"name": "A", "id": "Bad Id"}], "Short name for letters") == [
        "Short name for letters: this is needed",
        "Short name for letters: use only lower-case letters, digits and hyphens, such as first-capital"]


@pytest.mark.parametrize("given", ["2024-03-01", "2024-01-01", "2023-02-28"])
def test_the_first_and_last_days_of_a_month_are_real(given):
    assert messages.impossible_date(given) == ""


P = messages.Problem


@pytest.mark.parametrize("problem, title, expected", [
    # A rule's own words, rewritten by plain (which names fields as the form does).
    (P(("other_investors",), "rule", "investor.name is needed"), "Other investors",
     "Other investors: the investor's name is needed"),
    (P(("adoption",), "literal_error", "Input should be 'a' or 'b'"), "Adopted", "Adopted: choose one of the options"),
    # A date's kind says it is a date even where the field is read as text.
    (P(("company", "name"), "date_from_datetime_parsing", "day value is outside", "2026-02-30"), "Name",
     "Name: 2026 has no 30 February"),
    # Anything else: the library's words, without pydantic's "Value error, ", from a small letter.
    (P(("company", "name"), "value_error", "Value error, Holds a control character U+0007"), "Name",
     "Name: holds a control character U+0007"),
    # A whole number titled in dollars is not "of $".
    (P(("agreement", "counterparts"), "greater_than", "Input should be greater than 0", 0), "Counterparts ($)",
     "Counterparts: enter a whole number more than 0 and no more than 100,000, such as 1.25"),
])
def test_kinds_of_problem_said_directly(problem, title, expected):
    plain = lambda text: text.replace("investor.name", "the investor's name")  # noqa: E731
    assert messages.for_lawyer(problem, title, Deal, plain) == expected


def test_days_and_numbers_left_out_or_not_numbers():
    assert messages._day(None) == ""
    assert messages._number("n/a") == "n/a"
    assert messages._number(1234567) == "1,234,567"


def test_a_schema_without_definitions_or_properties_is_left_as_it_is():
    from assembler.termsheet import wording

    assert wording.apply({}) == {}
    assert wording.apply({"$defs": {"Other": {}}}) == {"$defs": {"Other": {}}}
    # A list of the deal's own is titled by its items.
    assert wording.apply({"properties": {"other_investors": {}}}) == {"properties": {"other_investors": {
        "title": "Other investors", "description": "Investors besides the initial investor: those who also sign, "
        "and those who later took registration rights by assignment.", "x-item-title": "Investor"}}}


def test_a_rule_on_a_date_field_is_said_in_its_own_words_not_as_a_bad_date():
    """A charter amendment dated before the certificate: the field is a date, but nothing is wrong with
    the date as a date, so the lawyer is told the rule, not to 'enter a real date'."""
    data = yaml.safe_load((ROOT / "tests" / "fixtures" / "second-charter.yaml").read_text())
    data["charter"]["amendments"][0]["date"] = "1990-01-01"
    assert [messages.for_lawyer(problem, "Date of the amendment", Deal) for problem in termsheet.problems(data)] == [
        "Date of the amendment: is 1990-01-01, before the certificate of incorporation was signed (2015-02-10)"]
