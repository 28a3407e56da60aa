"""The term-sheet loader's messages, in process: a small bad term sheet → the exact one-line message
(file, line, field, what is wrong, what is accepted), every expected line typed by hand.

Fast on purpose: mutation testing (scripts/mutation-test termsheet) reruns these for every mutant,
so nothing here starts a process, builds a document or reads more than a few kilobytes.
"""
from __future__ import annotations

import datetime as dt
import errno
import os
import re
import socket
import stat
import types
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import pytest
import yaml
from pydantic import AfterValidator, Field

from assembler import termsheet
from assembler.errors import ClauseError, TermSheetError
from assembler.termsheet import extension, source
from assembler.termsheet.messages import _unsaid, accepts, field_info, known_keys, model_of
from assembler.termsheet.schema import (Address, Charter, Deal, Model, Notices, RegisteredOffice, ShareClass,
                                        visible_controls)

from .conftest import ROOT

BAD = ROOT / "tests" / "fixtures" / "bad"
AMENDED = ROOT / "tests" / "fixtures" / "amended-deal.yaml"

# The least a charter-only term sheet can say; each case below changes one thing in it.
MINIMAL = """\
company:
  name: Larkspur Inc.
  entity_type: corporation
  jurisdiction: Delaware
charter:
  name: Larkspur Inc.
  signed_on: 2020-01-02
  registered_office:
    address:
      lines: [1 Main Street]
      city: Dover
      state: Delaware
      postal_code: "19901"
      county: Kent
    agent: Agent Co.
  capital:
    total_shares: 1000
    par_value: 0.001
    classes:
      - name: common stock
        shares: 1000
  incorporator:
    name: Ann Lee
    address:
      lines: [2 Oak Road]
      city: Dover
      state: Delaware
      postal_code: "19901"
"""
AGREEMENT = AMENDED.read_text()  # a whole agreement, with two amendments (lines as in the file)

OTHER_INVESTORS = """\
other_investors:
- name: Crestview Fund
  notices:
    address: {lines: [1 Elm St], city: Boston, state: Massachusetts, postal_code: '02110'}
- name: Harbor Lane
  id: %s
  assignment: {assignor: %s, date: 2001-03-01, securities: 10 shares}
  notices:
    address: {lines: [2 Elm St], city: Boston, state: Massachusetts, postal_code: '02110'}
"""


def changed(base: str, old: str, new: str) -> str:
    assert base.count(old) == 1, old
    return base.replace(old, new)


def refusal(text: str | bytes, name: str = "t.yaml", **kwargs) -> str:
    """The one line a term sheet's text is refused with, read and validated in process."""
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(TermSheetError) as caught:
        data, lines = termsheet.parse(raw, name)
        termsheet.validate(data, lines, name, **kwargs)
    return caught.value.one_line()


def test_the_minimal_and_the_agreement_term_sheets_are_valid():
    deal = termsheet.validate(*termsheet.parse(MINIMAL.encode(), "t.yaml"), "t.yaml")
    assert deal.charter.capital.total_shares == 1000 and deal.agreement is None
    deal = termsheet.validate(*termsheet.parse(AGREEMENT.encode(), "t.yaml"), "t.yaml")
    assert deal.registration.short_form == "S-3" and len(deal.agreement.amendments) == 2


# --- our facts: what pydantic refuses, said as one line ----------------------------------------

CHARTER_CASES = {
    "missing text": (
        ("  name: Larkspur Inc.\n  entity_type", "  entity_type"),
        "t.yaml:2: field 'company.name': is required but missing (expected text of at most 2000 characters)"),
    "missing text with a description": (
        ("      county: Kent\n", ""),
        "t.yaml:10: field 'charter.registered_office.address.county': is required but missing "
        "(expected text of at most 2000 characters; The county of the registered office, e.g. 'Kent')"),
    "missing field of a nested mapping": (
        ("    agent: Agent Co.\n", ""),
        "t.yaml:9: field 'charter.registered_office.agent': is required but missing "
        "(expected text of at most 2000 characters)"),
    "missing mapping": (
        ("  incorporator:\n    name: Ann Lee\n    address:\n      lines: [2 Oak Road]\n      city: Dover\n"
         "      state: Delaware\n      postal_code: \"19901\"\n", ""),
        "t.yaml:6: field 'charter.incorporator': is required but missing (expected a mapping with address, name)"),
    "zero count": (
        ("total_shares: 1000", "total_shares: 0"),
        "t.yaml:17: field 'charter.capital.total_shares': input should be greater than 0; got 0 "
        "(expected a whole number at most 999,999,999,999,999)"),
    "text for a count": (
        ("total_shares: 1000", "total_shares: many"),
        "t.yaml:17: field 'charter.capital.total_shares': input should be a valid integer, unable to parse "
        "string as an integer; got 'many' (expected a whole number greater than 0 and at most "
        "999,999,999,999,999)"),
    "too many decimal places": (
        ("par_value: 0.001", "par_value: 0.0000001"),
        "t.yaml:18: field 'charter.capital.par_value': decimal input should have no more than 6 decimal places; "
        "got 1e-07 (expected a number greater than 0 and at most 1,000,000,000,000 with at most 6 decimal "
        "places; Par value of each share; give no_par: true instead for shares without par value.)"),
    "negative amount": (
        ("par_value: 0.001", "par_value: -1"),
        "t.yaml:18: field 'charter.capital.par_value': input should be greater than 0; got -1 (expected a "
        "number at most 1,000,000,000,000 with at most 6 decimal places; Par value of each share; give "
        "no_par: true instead for shares without par value.)"),
    "date before the earliest": (
        ("signed_on: 2020-01-02", "signed_on: 1700-01-01"),
        "t.yaml:7: field 'charter.signed_on': input should be greater than or equal to 1800-01-01; "
        "got datetime.date(1700, 1, 1) (expected a date like 2024-03-05 from 1800-01-01 to 2199-12-31)"),
    "text for a date": (
        ("signed_on: 2020-01-02", "signed_on: soon"),
        "t.yaml:7: field 'charter.signed_on': input should be a valid date or datetime, input is too short; "
        "got 'soon' (expected a date like 2024-03-05 from 1800-01-01 to 2199-12-31)"),
    "text too long, shown cut": (
        ("agent: Agent Co.", "agent: " + "x" * 2001),
        "t.yaml:15: field 'charter.registered_office.agent': string should have at most 2000 characters; "
        "got '" + "x" * 56 + "... (expected text of at most 2000 characters)"),
    "number for text": (
        ("agent: Agent Co.", "agent: 12"),
        "t.yaml:15: field 'charter.registered_office.agent': input should be a valid string; got 12 "
        "(expected text of at most 2000 characters)"),
    "mapping for text": (
        ("  incorporator:", "  existence: {a: 1}\n  incorporator:"),
        "t.yaml:22: field 'charter.existence': input should be a valid string; got dict "
        "(expected text of at most 2000 characters)"),
    "long text": (
        ("  incorporator:", "  purpose: 5\n  incorporator:"),
        "t.yaml:22: field 'charter.purpose': input should be a valid string; got 5 (expected text of at most "
        "100,000 characters; Left out: any lawful act or activity (DGCL 102(a)(3)))"),
    "empty list": (
        ("      lines: [1 Main Street]", "      lines: []"),
        "t.yaml:10: field 'charter.registered_office.address.lines': list should have at least 1 item after "
        "validation, not 0; got list (expected a list, each item text of at most 2000 characters; Street lines, e.g. "
        "['1 Main Street', 'Suite 100'].)"),
    "text for a switch": (
        ("  incorporator:", "  provisions: {compromise: maybe}\n  incorporator:"),
        "t.yaml:22: field 'charter.provisions.compromise': input should be a valid boolean, unable to "
        "interpret input; got 'maybe' (expected true or false; Compromise or arrangement with creditors "
        "(DGCL 102(b)(2)))"),
    "one of a few words": (
        ("  incorporator:", "  amendments: [{date: 2021-01-01, adoption: vote, signer: {name: a, title: b}, "
                            "changes: {name: X}}]\n  incorporator:"),
        "t.yaml:22: field 'charter.amendments[0].adoption': input should be 'before_payment', "
        "'stockholders_meeting' or 'written_consent'; got 'vote' (before_payment: DGCL 241; "
        "stockholders_meeting: 242 with a meeting under 222; written_consent: 242 with consent under 228)"),
    "misspelt key": (
        ("  capital:", "  capitol:"),
        "t.yaml:17: field 'charter.capitol': is not a known field (did you mean 'capital'?)"),
    "misspelt top-level key": (
        ("company:", "compnay:"),
        "t.yaml:2: field 'compnay': is not a known field (did you mean 'company'?)"),
    "unknown key, nothing near": (
        ("  capital:", "  zzz: 1\n  capital:"),
        "t.yaml:16: field 'charter.zzz': is not a known field (known fields here: amendments, capital, "
        "existence, filed, first_stock_payment, incorporator, name, provisions, purpose, registered_office, "
        "signed_on)"),
    "rule across fields": (
        ("        shares: 1000", "        shares: 900"),
        "t.yaml:17: field 'charter.capital': classes add up to 900 (900 common stock), not the total_shares "
        "of 1,000"),
    "amendment before incorporation": (
        ("  incorporator:", "  amendments: [{date: 2019-01-01, adoption: written_consent, signer: {name: a, "
                            "title: b}, changes: {name: X}}]\n  incorporator:"),
        "t.yaml:22: field 'charter.amendments[0].date': is 2019-01-01, before the certificate of "
        "incorporation was signed (2020-01-02)"),
    "amendments out of date order": (
        ("  incorporator:", "  amendments:\n"
         "  - {date: 2020-03-01, adoption: written_consent, signer: {name: a, title: b}, changes: {name: X}}\n"
         "  - {date: 2020-02-01, adoption: written_consent, signer: {name: a, title: b}, changes: {name: Y}}\n"
         "  incorporator:"),
        "t.yaml:24: field 'charter.amendments[1].date': is 2020-02-01, before the amendment above it "
        "(2020-03-01) (list amendments in date order)"),
    "a DGCL 241 amendment on the day stock was paid for": (
        ("  incorporator:", "  first_stock_payment: 2020-03-01\n  amendments:\n"
         "  - {date: 2020-03-01, adoption: before_payment, adopted_by: directors, signer: {name: a, title: b}, "
         "changes: {name: X}}\n  incorporator:"),
        "t.yaml:24: field 'charter.amendments[0].adoption': is before_payment (DGCL 241), but this amendment "
        "(2020-03-01) is on or after the day stock was first paid for (2020-03-01) (after payment use "
        "stockholders_meeting or written_consent (DGCL 242))"),
}

AGREEMENT_CASES = {
    "a part the agreement needs": (
        ("placement_agent:\n  name: Perrin, Holden & Davenport Capital Corp.\n  short_name: PHD\n", ""),
        "t.yaml:2: field 'placement_agent': is required for the agreement but missing "
        "(expected a mapping with name, short_name)"),
    "a company field the agreement needs": (
        ("  principal_office:\n    lines:\n    - 12 Andrews Drive\n    city: West Paterson\n"
         "    state: New Jersey\n    postal_code: '07424'\n", ""),
        "t.yaml:29: field 'company.principal_office': is required for the agreement but missing "
        "(expected a mapping with care_of, city, lines, postal_code, state)"),
    "unknown calendar": (
        ("  footer:", "  business_day_calendar: Narnia\n  footer:"),
        "t.yaml:6: field 'agreement.business_day_calendar': is not a holiday calendar: \"no country or "
        "market 'Narnia'\" (expected a country code such as US, a country and subdivision such as US-NY, or "
        "a market such as NYSE)"),
    "address changes out of order": (
        ("  signatory: {}\ninvestor:",
         "  address_changes:\n  - {date: 2002-01-01, address: {lines: [a], city: b, state: c, postal_code: d}}\n"
         "  - {date: 2001-01-01, address: {lines: [a], city: b, state: c, postal_code: d}}\n"
         "  signatory: {}\ninvestor:"),
        "t.yaml:60: field 'company.address_changes': are not in date order (list them oldest first)"),
    "the investor's address changes out of order": (
        ("  signatory: {}\nsecurities:",
         "  address_changes:\n  - {date: 2002-01-01, address: {lines: [a], city: b, state: c, postal_code: d}}\n"
         "  - {date: 2001-01-01, address: {lines: [a], city: b, state: c, postal_code: d}}\n"
         "  signatory: {}\nsecurities:"),
        "t.yaml:85: field 'investor.address_changes': are not in date order (list them oldest first)"),
    "amendments out of order": (
        ("  - date: 2001-09-10", "  - date: 2001-05-10"),
        "t.yaml:3: field 'agreement': Amendment No. 2 is dated 2001-05-10, before Amendment No. 1 (2001-06-01)"),
    "amendment before the agreement": (
        ("  - date: 2001-06-01", "  - date: 2000-06-01"),
        "t.yaml:3: field 'agreement': Amendment No. 1 is dated 2000-06-01, before the agreement (2001-01-16)"),
    "not a majority": (
        ("      percent_of_registrable_securities: 62.5", "      percent_of_registrable_securities: 50"),
        "t.yaml:10: field 'agreement.amendments[0].approval': Investors holding 50% of the Registrable "
        "Securities are not a majority-in-interest (Section 9 needs more than 50%)"),
    "a bound said in the message is not said again in the hint": (
        ("      percent_of_registrable_securities: 62.5", "      percent_of_registrable_securities: 150"),
        "t.yaml:12: field 'agreement.amendments[0].approval.percent_of_registrable_securities': input should "
        "be less than or equal to 100; got 150 (expected a number greater than 0)"),
    "the lower bound neither": (
        ("  interest_rate_percent: 8", "  interest_rate_percent: 0"),
        "t.yaml:88: field 'securities.debenture.interest_rate_percent': input should be greater than 0; got 0 "
        "(expected a number at most 100)"),
    "an amendment changing the agreement's date": (
        ("      registration.effectiveness_deadline_days: 150\n      investor.notices.attention: Jane Q. Doe\n",
         "      agreement.date: 2001-01-01\n"),
        "t.yaml:8: field 'agreement.amendments[0]': cannot change 'agreement.date' by amendment"),
    "piggyback without its days": (
        ("    notice_days: 20\n    response_days: 10\n", ""),
        "t.yaml:104: field 'registration.piggyback': turns piggyback registration on but gives no notice_days "
        "or response_days; give the day counts, or enabled: false"),
    "effective before filed": (
        ("  effectiveness_deadline_days: 120", "  effectiveness_deadline_days: 20"),
        "t.yaml:95: field 'registration': effectiveness_deadline_days (20) is before filing_deadline_days (30); "
        "a statement cannot be declared effective before it is filed"),
    "a fraction for a count": (
        ("  counterparts: 2", "  counterparts: 2.5"),
        "t.yaml:5: field 'agreement.counterparts': input should be a valid integer, got a number with a "
        "fractional part; got 2.5 (expected a whole number greater than 0 and at most 100,000)"),
}


@pytest.mark.parametrize("case", CHARTER_CASES, ids=str)
def test_a_charter_term_sheet_is_refused_with_its_exact_line(case):
    (old, new), expected = CHARTER_CASES[case]
    assert refusal(changed(MINIMAL, old, new)) == expected


@pytest.mark.parametrize("case", AGREEMENT_CASES, ids=str)
def test_an_agreement_term_sheet_is_refused_with_its_exact_line(case):
    (old, new), expected = AGREEMENT_CASES[case]
    assert refusal(changed(AGREEMENT, old, new)) == expected


@pytest.mark.parametrize("ids, expected", [
    (("company", "initial-investor"),
     "t.yaml:125: field 'other_investors[1].id': 'company' is reserved (give another id; company, "
     "initial-investor, all-investors name groups on the command line)"),
    (("crestview-fund", "initial-investor"),
     "t.yaml:125: field 'other_investors[1].id': 'crestview-fund' is the id of another investor too "
     "(give each investor its own id)"),
    (("harbor", "nobody"),
     "t.yaml:126: field 'other_investors[1].assignment.assignor': names 'nobody', who is not an investor here "
     "(known: initial-investor, crestview-fund, harbor)"),
])
def test_investor_ids_are_checked_across_the_term_sheet(ids, expected):
    assert refusal(AGREEMENT + OTHER_INVESTORS % ids) == expected


def test_another_investors_address_changes_are_in_date_order_too():
    text = AGREEMENT + (
        "other_investors:\n- name: Crestview Fund, L.P.\n  notices:\n"
        "    address: {lines: [1 Elm St], city: Boston, state: Massachusetts, postal_code: '02110'}\n"
        "  address_changes:\n  - {date: 2002-01-01, address: {lines: [a], city: b, state: c, postal_code: d}}\n"
        "  - {date: 2001-01-01, address: {lines: [a], city: b, state: c, postal_code: d}}\n")
    assert refusal(text) == ("t.yaml:125: field 'other_investors[0].address_changes': are not in date order "
                             "(list them oldest first)")


def test_an_amendment_may_share_its_day_with_the_certificate_or_the_one_before_it():
    text = changed(MINIMAL, "  incorporator:", "  first_stock_payment: 2020-03-02\n  amendments:\n"
                   "  - {date: 2020-01-02, adoption: written_consent, signer: {name: a, title: b}, "
                   "changes: {name: X}}\n"
                   "  - {date: 2020-01-02, adoption: written_consent, signer: {name: a, title: b}, "
                   "changes: {name: Y}}\n"
                   "  - {date: 2020-03-01, adoption: before_payment, adopted_by: directors, signer: {name: a, "
                   "title: b}, changes: {name: Z}}\n  incorporator:")
    deal = termsheet.validate(*termsheet.parse(text.encode(), "t.yaml"), "t.yaml")
    assert [a.changes.name for a in deal.charter.amendments] == ["X", "Y", "Z"]


def test_values_are_written_as_the_clauses_word_them():
    text = changed(changed(AGREEMENT, "forum_city: City of New York", "forum_city: Springfield"),
                   "short_form: S-3", "short_form: form  S-1")
    text += ("other_investors:\n- name: Crestview Fund, L.P.\n  notices:\n"
             "    address: {lines: [1 Elm St], city: Boston, state: Massachusetts, postal_code: '02110'}\n")
    deal = termsheet.validate(*termsheet.parse(text.encode(), "t.yaml"), "t.yaml")
    assert deal.governing_law.forum_city == "City of Springfield"
    assert deal.registration.short_form == "S-1"
    assert deal.other_investors[0].key == "crestview-fund-l-p"
    for city in ("City of New York", "Borough of Manhattan", "county of Kent", "Town of Cary"):
        text = changed(AGREEMENT, "forum_city: City of New York", f"forum_city: {city}")
        assert termsheet.validate(*termsheet.parse(text.encode(), "t.yaml"), "t.yaml").governing_law.forum_city \
            == city


def test_control_characters_are_shown_as_their_pictures():
    assert visible_controls("a\x7fb\x1f\x00\t\n\r\ufffe\uffff\ufdd0 \x80") == \
        "a\u2421b\u241f\u2400\t\n\r\ufffd\ufffd\ufffd \x80"


def test_an_assignor_may_be_an_investor_listed_before_it():
    text = AGREEMENT + OTHER_INVESTORS % ("harbor", "crestview-fund")
    deal = termsheet.validate(*termsheet.parse(text.encode(), "t.yaml"), "t.yaml")
    assert [i.key for i in deal.other_investors] == ["crestview-fund", "harbor"]


def test_a_gap_without_a_line_of_its_own_is_put_on_the_agreements_line():
    data, lines = termsheet.parse(AGREEMENT.encode(), "t.yaml")
    del data["placement_agent"]
    lines = {key: line for key, line in lines.items() if key}  # no line for the top level
    with pytest.raises(TermSheetError) as caught:
        termsheet.validate(data, lines, "t.yaml")
    assert caught.value.one_line() == ("t.yaml:3: field 'placement_agent': is required for the agreement but "
                                       "missing (expected a mapping with name, short_name)")


# --- the same messages for a model of our own making: every kind of bound and hint --------------

def _refuse(value):
    raise ValueError("is not allowed here")


class Inner(Model):
    n: int


class Box(Model):
    small: Annotated[int, Field(lt=5)] = 1
    window: Annotated[int, Field(ge=1, lt=10)] = 1
    big: Annotated[int, Field(ge=10_000, le=20_000)] = 10_000
    low: Annotated[int, Field(le=9_999)] = 1
    edge: Annotated[int, Field(gt=0, le=10_000)] = 1
    floor: Annotated[int, Field(ge=3)] = 3
    price: Annotated[Decimal, Field(gt=Decimal("12345"), decimal_places=2)] | None = None
    code: Annotated[str, Field(pattern="^[a-z]+$")] = "a"
    odd: Annotated[int, AfterValidator(_refuse)] = 0
    nums: Annotated[list[int], AfterValidator(_refuse)] = []
    kind: Literal["a", "b"] = "a"
    inner: Inner | None = None
    inners: list[Inner] = []
    flag: bool | None = Field(None, description="A switch")
    ratio: float = 1.0


BOX_CASES = [
    ("small: 5", "t.yaml:1: field 'small': input should be less than 5; got 5 (expected a whole number less than 5)"),
    ("window: 0", "t.yaml:1: field 'window': input should be greater than or equal to 1; got 0 "
                  "(expected a whole number from 1 and less than 10)"),
    ("big: 9999", "t.yaml:1: field 'big': input should be greater than or equal to 10000; got 9999 "
                  "(expected a whole number from 10,000 to 20,000)"),
    ("low: 10000", "t.yaml:1: field 'low': input should be less than or equal to 9999; got 10000 "
                   "(expected a whole number)"),
    ("edge: 10001", "t.yaml:1: field 'edge': input should be less than or equal to 10000; got 10001 "
                    "(expected a whole number greater than 0 and at most 10,000)"),
    ("floor: 2", "t.yaml:1: field 'floor': input should be greater than or equal to 3; got 2 "
                 "(expected a whole number from 3)"),
    ("price: 12345", "t.yaml:1: field 'price': input should be greater than 12345; got 12345 "
                     "(expected a number with at most 2 decimal places)"),
    ("price: 12346.123", "t.yaml:1: field 'price': decimal input should have no more than 2 decimal places; "
                         "got 12346.123 (expected a number greater than 12345 with at most 2 decimal places)"),
    ("code: " + "X" * 58, "t.yaml:1: field 'code': string should match pattern '^[a-z]+$'; got '" + "X" * 58
     + "' (expected text)"),
    ("code: " + "X" * 59, "t.yaml:1: field 'code': string should match pattern '^[a-z]+$'; got '" + "X" * 56
     + "... (expected text)"),
    ("odd: 3", "t.yaml:1: field 'odd': is not allowed here; got 3 (expected a whole number)"),
    ("nums: [1, 2]", "t.yaml:1: field 'nums': is not allowed here"),
    ("kind: c", "t.yaml:1: field 'kind': input should be 'a' or 'b'; got 'c'"),
    ("inner: 3", "t.yaml:1: field 'inner': input should be a valid dictionary or instance of Inner; got 3 "
                 "(expected a mapping with n)"),
    ("inner: {m: 1}", "t.yaml:1: field 'inner.m': is not a known field (known fields here: n)"),
    ("inner: {}", "t.yaml:1: field 'inner.n': is required but missing (expected a whole number)"),
    ("inners: [{n: x}]", "t.yaml:1: field 'inners[0].n': input should be a valid integer, unable to parse string "
                         "as an integer; got 'x' (expected a whole number)"),
    ("flag: maybe", "t.yaml:1: field 'flag': input should be a valid boolean, unable to interpret input; "
                    "got 'maybe' (expected true or false; A switch)"),
    ("ratio: x", "t.yaml:1: field 'ratio': input should be a valid number, unable to parse string as a number; "
                 "got 'x'"),
    ("zzz: 1", "t.yaml:1: field 'zzz': is not a known field (known fields here: big, code, edge, flag, floor, "
               "inner, inners, kind, low, nums, odd, price, ratio, small, window)"),
]


@pytest.mark.parametrize("text, expected", BOX_CASES, ids=[case[0][:16] for case in BOX_CASES])
def test_every_kind_of_bound_and_hint_is_worded(text, expected):
    assert refusal("\n\n" + text + "\n", model=Box) == expected.replace("t.yaml:1", "t.yaml:3")


def test_a_model_other_than_the_deal_is_validated_without_the_deals_own_checks():
    box = termsheet.validate({"small": 2, "inner": {"n": 1}}, {}, "t.yaml", model=Box)
    assert isinstance(box, Box) and box.small == 2 and box.inner.n == 1


def test_an_unknown_key_is_preferred_to_the_missing_one_it_leaves():
    assert refusal("inner: {m: 1}\nsmall: 9\n", model=Box) == \
        "t.yaml:1: field 'inner.m': is not a known field (known fields here: n)"
    assert refusal("small: 9\ninner: {m: 1}\n", model=Box) == \
        "t.yaml:2: field 'inner.m': is not a known field (known fields here: n)"
    assert refusal("small: 9\nwindow: 0\n", model=Box) == \
        "t.yaml:1: field 'small': input should be less than 5; got 9 (expected a whole number less than 5)"


def test_a_misspelt_top_level_key_may_mean_a_librarys_fact_but_a_nested_one_may_not():
    facts = extension.Facts({"joinder": {"type": "object"}}, (), {}, ())
    text = changed(MINIMAL, "company:", "joindr: {}\ncompany:")
    assert refusal(text, facts=facts) == "t.yaml:1: field 'joindr': is not a known field (did you mean 'joinder'?)"
    text = changed(MINIMAL, "  jurisdiction: Delaware\n", "  jurisdiction: Delaware\n  joindr: 1\n")
    assert refusal(text, facts=facts) == (
        "t.yaml:5: field 'company.joindr': is not a known field (known fields here: address_changes, "
        "entity_type, jurisdiction, name, notices, principal_office, signatory)")
    # the library's own fact is set aside for the library's schema, not refused as unknown
    deal = termsheet.validate(*termsheet.parse(("joinder: 1\n" + MINIMAL).encode(), "t.yaml"), "t.yaml",
                              facts=facts)
    assert deal.company.name == "Larkspur Inc."


def test_unsaid_takes_out_the_bound_the_message_states_and_only_it():
    assert _unsaid("expected a whole number greater than 0 and at most 5", "input should be greater than 0") == \
        "expected a whole number at most 5"
    assert _unsaid("expected a whole number greater than 0 and at most 5",
                   "input should be less than or equal to 5") == "expected a whole number greater than 0"
    assert _unsaid("expected x greater than 0 and at most 5 and more", "input should be at most 5") == \
        "expected x greater than 0 more"
    assert _unsaid("expected x greater than 0 and at most 5", "input should be at most 6") == \
        "expected x greater than 0 and at most 5"
    assert _unsaid("expected x greater than 1", "input should be greater than 1.5") == "expected x greater than 1"
    assert _unsaid("expected x greater than 0, greater than 0", "input should be greater than 0") == \
        "expected x, greater than 0"
    assert _unsaid(None, "input should be greater than 0") is None
    assert _unsaid("", "input should be greater than 0") == ""
    assert _unsaid("expected x greater than 0", "input should be a number") == "expected x greater than 0"


def test_accepts_names_the_type_its_bounds_and_its_description():
    assert accepts(Deal, ("charter", "capital", "par_value")) == (
        "expected a number greater than 0 and at most 1,000,000,000,000 with at most 6 decimal places; Par value "
        "of each share; give no_par: true instead for shares without par value.")
    assert accepts(Deal, ("charter", "capital", "classes", 0, "shares")) == \
        "expected a whole number greater than 0 and at most 999,999,999,999,999"
    assert accepts(Deal, ("charter", "filed")) == ("expected true or false; The certificate was signed and filed: "
                                                  "print it as a conformed copy ('/s/ Name') rather than with a "
                                                  "line to sign")
    assert accepts(Deal, ("charter", "registered_office")) == "expected a mapping with address, agent"
    # One item of a list is described as the item; the list itself as a list of them.
    assert accepts(Deal, ("charter", "amendments", 0)) == \
        "expected a mapping with adopted_by, adoption, changes, date, filed, meeting, schedule, signer"
    assert accepts(Deal, ("charter", "capital", "classes")) == "expected a list, each item a mapping with name, shares"
    assert accepts(Deal, ("charter", "capital", "classes", 1)) == "expected a mapping with name, shares"
    assert accepts(Deal, ("charter", "amendments")) == \
        "expected a list, each item a mapping with adopted_by, adoption, changes, date, filed, meeting, schedule, signer"
    assert accepts(Deal, ("charter", "amendments", 0, "adopted_by")) == "For before_payment: who adopted it"
    assert accepts(Deal, ("charter", "amendments", 0, "meeting")) is None
    assert accepts(Deal, ("charter", "nonsense")) is None
    assert accepts(Box, ("ratio",)) is None


def test_field_info_follows_nested_models_and_skips_list_indexes():
    assert field_info(Deal, ("charter", "capital", "classes", 3, "name")) is ShareClass.model_fields["name"]
    assert field_info(Deal, ("charter", "registered_office")) is Charter.model_fields["registered_office"]
    assert field_info(Deal, ()) is None
    assert field_info(Deal, ("charter", "name", "more")) is None
    assert field_info(Deal, ("nonsense",)) is None


def test_model_of_finds_the_model_inside_an_annotation():
    assert model_of(RegisteredOffice) is RegisteredOffice
    assert model_of(RegisteredOffice | None) is RegisteredOffice
    assert model_of(list[Address]) is Address
    assert model_of(dict[str, int]) is None
    assert model_of(int) is None
    assert model_of(None) is None


def test_known_keys_are_those_of_the_model_at_the_place():
    assert known_keys(Notices, ()) == ["address", "attention", "copy_to", "telecopier", "telephone"]
    assert known_keys(Deal, ("charter", "registered_office")) == ["address", "agent"]
    assert known_keys(Deal, ("charter", "name")) == []
    assert known_keys(Deal, ("nonsense",)) == []


# --- the text: what is refused before any field is looked at ------------------------------------

SOURCE_CASES = [
    (b"", "t.yaml", "t.yaml:1: field '(top level)': is empty (expected a mapping such as 'company: {name: ...}')"),
    (b"  \n\t\n", "t.yaml",
     "t.yaml:1: field '(top level)': is empty (expected a mapping such as 'company: {name: ...}')"),
    (b"# only a comment\n", "t.yaml",
     "t.yaml:1: field '(top level)': is empty (expected a mapping such as 'company: {name: ...}')"),
    (b"a: 1\nb: \x00\n", "t.yaml", "t.yaml:2: field '(top level)': is a binary file, not YAML or JSON text"),
    (b"\x00a: 1\n", "t.yaml", "t.yaml:1: field '(top level)': is a binary file, not YAML or JSON text"),
    (b"a: 1\nb: 2\nc: \xff\n", "t.yaml",
     "t.yaml:3: field '(top level)': is not UTF-8 text (byte 13) (save the file as UTF-8)"),
    (b"- 1\n- 2\n", "t.yaml", "t.yaml:1: field '(top level)': holds a list, not a mapping of fields"),
    (b"just text\n", "t.yaml", "t.yaml:1: field '(top level)': holds a str, not a mapping of fields"),
    (b"[1, 2]", "T.JSON", "T.JSON:1: field '(top level)': holds a list, not a mapping of fields"),
    (b"a: &x 1\nb:\n  c: *x\n", "t.yaml",
     "t.yaml:3: field 'b.c': uses a YAML alias (*name); write the value out in full"),
    (b"a:\n  b: [1,\n", "t.yaml", "t.yaml:2: field 'a.b': is not valid YAML: did not find expected node content"),
    (b"a:\n  b: 1\n c: 2\n", "t.yaml", "t.yaml:3: field 'a.c': is not valid YAML: did not find expected key"),
    (b"a:\n  b: 'x\n", "t.yaml", "t.yaml:2: field 'a.b': is not valid YAML: found unexpected end of stream"),
    (b"a: 1\nb:\n  c: \x07\n", "t.yaml", "t.yaml:3: field 'b.c': is not valid YAML: unacceptable character "
                                     "#x0007: control characters are not allowed"),
    (b"\x1ba: 1\n", "t.yaml", "t.yaml:1: field '(top level)': is not valid YAML: unacceptable character #x001b: "
                           "control characters are not allowed"),
    (b"a: 1\na: 2\n", "t.yaml", "t.yaml:2: field 'a': sets 'a' twice"),
    (b"a:\n  b: 1\n  b: 2\n", "t.yaml", "t.yaml:3: field 'a.b': sets 'b' twice"),
    (b"a: 1\n? [a, b]\n: 1\n", "t.yaml", "t.yaml:2: field '(top level)': has a key that is not plain text"),
    (b"a:\n  2020-02-30: 1\n", "t.yaml",
     "t.yaml:2: field 'a': has a key that cannot be read (day is out of range for month)"),
    (b"a:\n  b: 2020-02-30\n", "t.yaml",
     "t.yaml:2: field 'a.b': has a value that cannot be read (day is out of range for month)"),
    (b"a:\n  b:\n  - !!int x\n", "t.yaml",
     "t.yaml:3: field 'a.b[0]': has a value that cannot be read (invalid literal for int() with base 10: 'x')"),
    (b"a: !!python/object:os.system x\n", "t.yaml",
     "t.yaml:1: field 'a': has a value that cannot be read (could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/object:os.system' in \"<unicode string>\", line 1, column 4)"),
    (b'{\n  "a": 1,\n  "a": 2\n}', "t.json", "t.json:3: field 'a': sets 'a' twice"),
    (b'{\n  "a": {\n    "b": 1,\n}\n}', "t.json",
     "t.json:4: field 'a.b': is not valid JSON: Expecting property name enclosed in double quotes"),
    (b'{"a": [1, 2, {"b": 1,\n "b": 2}]}', "t.json", "t.json:2: field 'a[2].b': sets 'b' twice"),
    (b'[' * 5000 + b']' * 5000, "t.json", "t.json:1: field '(top level)': nests deeper than 40 levels"),
    (b'{"a":\n' * 45 + b'1' + b'}' * 45, "t.json",
     "t.json:42: field '" + ".".join(["a"] * 41) + "': nests deeper than 40 levels"),
    (b'{"a":' + b'[' * 41 + b']' * 41 + b'}', "t.json", "t.json:1: field '" + "a" + "[0]" * 40
     + "': nests deeper than 40 levels"),
    (b"a:\n" + b"".join(b"  " * i + b"k%d:\n" % i for i in range(1, 45)) + b"  " * 45 + b"x: 1\n", "t.yaml",
     "t.yaml:42: field 'a." + ".".join(f"k{i}" for i in range(1, 41)) + "': nests deeper than 40 levels"),
]


@pytest.mark.parametrize("raw, name, expected", SOURCE_CASES, ids=lambda v: None)
def test_unreadable_text_is_refused_with_its_line_and_field(raw, name, expected):
    with pytest.raises(TermSheetError) as caught:
        termsheet.parse(raw, name)
    assert caught.value.one_line() == expected


def test_the_node_tree_is_refused_an_alias_even_past_the_event_check():
    """An alias is refused where it stands by the parse events; the tree builder refuses the anchored
    node met twice as well, should a composed tree ever reach it another way."""
    node = yaml.compose("a: &x [1]\nb:\n  c: *x\n", Loader=yaml.SafeLoader)
    with pytest.raises(TermSheetError) as caught:
        source._construct(node, (), {}, "t.yaml", set())
    assert caught.value.one_line() == "t.yaml:1: field 'b.c': uses a YAML alias (*name); write the value out in full"
    lines: dict = {}
    assert source._construct(yaml.compose("a: [1, {b: x}]\n"), (), lines, "t.yaml", set()) == {"a": [1, {"b": "x"}]}
    assert lines == {(): 1, ("a",): 1, ("a", 0): 1, ("a", 1): 1, ("a", 1, "b"): 1}


def test_forty_levels_are_allowed_in_yaml_and_json():
    yaml_text = b"a:\n" + b"".join(b"  " * i + b"k%d:\n" % i for i in range(1, 39)) + b"  " * 39 + b"x: 1\n"
    data, lines = termsheet.parse(yaml_text, "t.yaml")
    assert lines[("a",) + tuple(f"k{i}" for i in range(1, 39)) + ("x",)] == 40
    data, lines = termsheet.parse(b'{"a":' + b'[' * 39 + b']' * 39 + b'}', "t.json")
    assert lines[("a",) + (0,) * 38] == 1


def test_a_byte_order_mark_is_not_part_of_the_first_key():
    data, lines = termsheet.parse(b"\xef\xbb\xbfcompany: 1\n", "t.yaml")
    assert data == {"company": 1} and lines == {(): 1, ("company",): 1}


def test_text_past_the_limit_is_refused_unread():
    raw = b"a: 1\n" + b"#" * (source.MAX_BYTES - 5)
    assert termsheet.parse(raw, "t.yaml")[0] == {"a": 1}  # exactly at the limit
    with pytest.raises(TermSheetError) as caught:
        termsheet.parse(raw + b"#", "t.yaml")
    assert caught.value.one_line() == \
        "t.yaml:1: field '(top level)': is 2,000,001 bytes; a term sheet may be at most 2,000,000"


def test_a_name_ending_in_json_is_read_as_json_and_any_other_as_yaml():
    # JSON's own rules: a surrogate pair escape is one character; YAML's: the same text is a YAML mapping
    assert termsheet.parse(b'{"a": "\\ud83d\\ude00"}', "t.Json")[0] == {"a": "\U0001F600"}
    assert termsheet.parse(b"a: true\n", "t.yml")[0] == {"a": True}
    with pytest.raises(TermSheetError) as caught:
        termsheet.parse(b"a: yes\n", "t.json")
    assert caught.value.one_line() == "t.json:1: field 'a': is not valid JSON: Expecting value"


def test_json_lines_are_where_each_field_starts():
    text = ('{\n "a": 1,\n "b": {\n  "c": [\n   10,\n   {"d": true},\n   [],\n   {}\n  ],\n'
            '  "s": "x,y:{z}[w]\\" q"\n },\n "e\\"f": "x",\n "g": [\n  [1,\n   2],\n  [3]\n ]\n}')
    assert source.json_lines(text, "t.json") == {
        (): 1, ("a",): 2, ("b",): 3, ("b", "c"): 4, ("b", "c", 0): 5, ("b", "c", 1): 6, ("b", "c", 1, "d"): 6,
        ("b", "c", 2): 7, ("b", "c", 3): 8, ("b", "s"): 10, ('e"f',): 12, ("g",): 13, ("g", 0): 14,
        ("g", 0, 0): 14, ("g", 0, 1): 15, ("g", 1): 16, ("g", 1, 0): 16}


def test_a_json_term_sheet_is_refused_on_the_line_of_its_field():
    text = ('{\n "company": {\n  "name": "Larkspur Inc.",\n  "entity_type": "corporation",\n'
            '  "jurisdiction": "Delaware",\n  "signatory": {\n   "name": 5\n  }\n }\n}')
    assert refusal(text, "t.json") == ("t.json:7: field 'company.signatory.name': input should be a valid string; "
                                       "got 5 (expected text of at most 2000 characters)")


def test_field_at_reads_the_keys_and_indentation_above_a_line():
    text = "a:\n  b:\n    c: 1\n  d: [1,\n  - e: 2\n    'f': 3\n\"g\": x\nh.i-j: 1\n   # comment\n"
    assert [source.field_at(text, line) for line in range(1, 10)] == [
        "a", "a.b", "a.b.c", "a.d", "a.e", "a.e.f", "g", "h.i-j", "h.i-j"]
    assert source.field_at("", 1) == "(top level)"
    assert source.field_at("- x\n", 1) == "(top level)"
    assert source.field_at("a:\n  b: 1\nc: 2\n", 2) == "a.b"


def test_dotted_and_line_for():
    assert source.dotted(()) == "(top level)"
    assert source.dotted(("a", 0, "b", 12)) == "a[0].b[12]"
    assert source.dotted((0, "a")) == "[0].a"
    lines = {(): 1, ("a",): 2, ("a", 0): 3}
    assert source.line_for(lines, ("a", 0, "b", "c")) == 3
    assert source.line_for(lines, ("z",)) == 1
    assert source.line_for(lines, ()) == 1
    assert source.line_for({("a",): 2}, ("z",)) is None


def test_set_path_changes_a_field_the_term_sheet_has_and_no_other():
    data = {"a": {"b": 1}, "c": 2}
    source.set_path(data, "a.b", 5, "t.yaml", 9)
    source.set_path(data, "a.new", 6, "t.yaml", 9)  # the last part may be new: validation judges it
    source.set_path(data, "c", 7, "t.yaml", 9)
    assert data == {"a": {"b": 5, "new": 6}, "c": 7}
    for path in ("z.b", "c.d", "a.b.c"):
        with pytest.raises(TermSheetError) as caught:
            source.set_path(data, path, 1, "t.yaml", 9)
        assert caught.value.one_line() == \
            f"t.yaml:9: field '{path}': changes '{path}', which is not a field of this term sheet"


def test_set_path_reaches_into_a_section_left_out_at_its_defaults():
    # A form that saves rule_144 at its default leaves the section out; an amendment may still turn it off.
    data = {"c": 2}
    known = {"rule_144": {"enabled": True, "deep": {"x": 1}}, "c": 2, "n": None}
    source.set_path(data, "rule_144.enabled", False, "t.yaml", 9, known)
    source.set_path(data, "rule_144.deep.x", 3, "t.yaml", 9, known)
    assert data == {"c": 2, "rule_144": {"enabled": False, "deep": {"x": 3}}}
    for path in ("z.b", "n.b", "rule_144.zz.b", "c.d"):
        with pytest.raises(TermSheetError) as caught:
            source.set_path(data, path, 1, "t.yaml", 9, known)
        assert caught.value.one_line() == \
            f"t.yaml:9: field '{path}': changes '{path}', which is not a field of this term sheet"


def test_an_amendment_turns_off_a_section_the_term_sheet_leaves_at_its_defaults(tmp_path):
    # amended-deal.yaml's second amendment turns Rule 144 off; the same deal saved without the
    # rule_144 section (it is at its default) must amend the same way.
    text = AMENDED.read_text()
    assert "rule_144:\n  enabled: true\n" in text
    sheet_path = tmp_path / "deal.yaml"
    sheet_path.write_text(text.replace("rule_144:\n  enabled: true\n", ""))
    sheet = termsheet.load(sheet_path)
    assert "rule_144" not in sheet.data and sheet.deal.rule_144.enabled is True
    assert sheet.amended(2).deal.rule_144.enabled is False
    assert sheet.amended(1).deal.rule_144.enabled is True


# --- the file ----------------------------------------------------------------------------------

def _read_refusal(path) -> str:
    with pytest.raises(TermSheetError) as caught:
        termsheet.load(path)
    return caught.value.one_line()


def test_only_a_regular_file_is_read(tmp_path):
    missing = tmp_path / "none.yaml"
    assert _read_refusal(missing) == f"{missing}: file not found (give the path of a .yaml or .json term sheet)"
    assert _read_refusal(tmp_path) == (f"{tmp_path}: is a folder, not a term-sheet file (give the path of a .yaml "
                                       "or .json term sheet)")
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    assert _read_refusal(pipe) == (f"{pipe}: is a named pipe (FIFO), not a term-sheet file (give the path of a "
                                   ".yaml or .json term sheet)")
    assert _read_refusal("/dev/null") == ("/dev/null: is a character device, not a term-sheet file (give the path "
                                          "of a .yaml or .json term sheet)")
    (tmp_path / "file").write_text("a: 1\n")
    under = tmp_path / "file" / "t.yaml"
    assert _read_refusal(under) == (f"{under}: cannot be read: Not a directory (give the path of a readable "
                                    ".yaml or .json term sheet)")


def test_a_socket_is_refused_unread(tmp_path):
    path = tmp_path / "s.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert _read_refusal(path) == (f"{path}: cannot be read: No such device or address (give the path of a "
                                       "readable .yaml or .json term sheet)")
    finally:
        server.close()


def test_a_file_at_the_limit_is_read_whole_and_one_past_it_is_refused(tmp_path):
    path = tmp_path / "t.yaml"
    text = MINIMAL.rstrip("\n")  # ends in a closing quote: a byte short would be an unclosed string
    path.write_text("#" * (source.MAX_BYTES - len(text) - 1) + "\n" + text)
    assert path.stat().st_size == source.MAX_BYTES
    assert termsheet.load(path).deal.charter.incorporator.address.postal_code == "19901"
    path.write_text("#" * (source.MAX_BYTES - len(text)) + "\n" + text)
    assert _read_refusal(path) == \
        f"{path}:1: field '(top level)': is 2,000,001 bytes; a term sheet may be at most 2,000,000"


def test_a_file_that_grows_after_the_check_is_read_one_byte_past_the_limit_at_most(tmp_path, monkeypatch):
    path = tmp_path / "t.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (source.MAX_BYTES + 100))
    real = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: types.SimpleNamespace(st_mode=real(fd).st_mode, st_size=10))
    assert len(source.read(path)) == source.MAX_BYTES + 1
    small = tmp_path / "small.yaml"
    small.write_bytes(b"a: 1\n")
    assert source.read(small) == b"a: 1\n"


def _short_reads(monkeypatch, most: int) -> None:
    """os.read may hand back fewer bytes than asked for; here never more than ``most`` at a time."""
    real = os.read
    monkeypatch.setattr(os, "read", lambda fd, size: real(fd, min(size, most)))


def test_a_file_read_in_pieces_is_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "t.yaml"
    path.write_text(MINIMAL)
    _short_reads(monkeypatch, 7)
    assert source.read(path) == MINIMAL.encode()


def test_a_file_growing_while_read_in_pieces_stops_one_byte_past_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "t.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (source.MAX_BYTES + 100))
    real = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: types.SimpleNamespace(st_mode=real(fd).st_mode, st_size=10))
    _short_reads(monkeypatch, 500_000)  # four pieces make exactly the limit: one more byte is asked for
    assert len(source.read(path)) == source.MAX_BYTES + 1


def test_a_kind_of_file_without_a_name_is_still_refused(tmp_path, monkeypatch):
    path = tmp_path / "t.yaml"
    path.write_text(MINIMAL)
    monkeypatch.setattr(os, "fstat", lambda fd: types.SimpleNamespace(st_mode=stat.S_IFLNK, st_size=10))
    assert _read_refusal(path) == (f"{path}: is not a regular file, not a term-sheet file (give the path of a "
                                   ".yaml or .json term sheet)")


def test_a_file_that_fails_while_read_is_one_line(tmp_path, monkeypatch):
    path = tmp_path / "t.yaml"
    path.write_text(MINIMAL)

    def failing(fd, size):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "read", failing)
    assert _read_refusal(path) == f"{path}: cannot be read: Input/output error"


def test_load_keeps_the_path_the_bytes_the_lines_and_the_data(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(MINIMAL)
    sheet = termsheet.load(str(path))
    assert sheet.path == path and sheet.raw == MINIMAL.encode() and sheet.version == 0
    assert sheet.data["charter"]["capital"]["total_shares"] == 1000
    assert sheet.lines[("charter", "capital", "par_value")] == 18
    assert sheet.line_of(("charter", "capital", "par_value")) == 18
    assert sheet.line_of(("charter", "capital", "no_par")) == 17
    assert sheet.extra == {} and sheet.facts is extension.NONE
    context = sheet.context()
    assert context["charter"]["capital"]["total_shares"] == 1000 and context["agreement"] is None
    assert termsheet.TermSheet(sheet.deal, path, b"", {}).data == {}


def test_warnings_are_looked_for_once(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(MINIMAL)
    sheet = termsheet.load(path)
    assert sheet.warnings == [] and sheet.warnings is sheet.warnings


def test_invisible_characters_are_shown_before_validation():
    data, lines = termsheet.parse(MINIMAL.encode(), "t.yaml")
    data["company"]["name"] = "Lark\x07spur\ud800"  # JSON's escapes can make a lone surrogate
    deal = termsheet.validate(data, lines, "t.yaml")
    assert deal.company.name == "Lark\u2407spur\ufffd"
    data = {"a": ["x\x1b", {"b": "\x00"}], "n": 5}
    assert termsheet._visible(data) == {"a": ["x\u241b", {"b": "\u2400"}], "n": 5}


# --- amendments applied to the term sheet --------------------------------------------------------

def _agreement(tmp_path, text=AGREEMENT):
    path = tmp_path / "t.yaml"
    path.write_text(text)
    return termsheet.load(path)


def test_amended_applies_each_amendments_changes_in_order(tmp_path):
    sheet = _agreement(tmp_path)
    one = sheet.amended(1)
    assert one.version == 1 and one.path == sheet.path and one.raw == sheet.raw and one.lines is sheet.lines
    assert one.deal.registration.effectiveness_deadline_days == 150
    assert one.deal.investor.notices.attention == "Jane Q. Doe" and one.deal.rule_144.enabled
    assert one.data["registration"]["effectiveness_deadline_days"] == 150
    two = sheet.amended(2)
    assert two.version == 2 and not two.deal.rule_144.enabled
    assert sheet.amended(0).deal.registration.effectiveness_deadline_days == 120
    assert sheet.deal.registration.effectiveness_deadline_days == 120  # the sheet itself stays as it was
    for count in (3, -1):
        with pytest.raises(TermSheetError) as caught:
            sheet.amended(count)
        assert caught.value.one_line() == (f"{sheet.path}: field 'agreement.amendments': has 2 agreement "
                                           f"amendment(s); there is no Amendment No. {count}")


def test_a_charter_only_sheet_has_no_agreement_amendments(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(MINIMAL)
    sheet = termsheet.load(path)
    assert sheet.amended(0).version == 0
    with pytest.raises(TermSheetError) as caught:
        sheet.amended(1)
    assert caught.value.one_line() == (f"{path}: field 'agreement.amendments': has 0 agreement amendment(s); "
                                       "there is no Amendment No. 1")


def test_an_amendment_changing_what_is_not_there_names_its_own_line(tmp_path):
    """Refused as the term sheet is read, not when Amendment No. 2's conformed copy is asked for."""
    with pytest.raises(TermSheetError) as caught:
        _agreement(tmp_path, changed(AGREEMENT, "      rule_144.enabled: false",
                                     "      rule_144.enabled: false\n      rule_144.colour.x: red"))
    assert caught.value.one_line() == (f"{tmp_path / 't.yaml'}:24: field 'rule_144.colour.x': changes "
                                       "'rule_144.colour.x', which is not a field of this term sheet")


@pytest.mark.parametrize("change, says", [
    ("      registration.nothing_here: 5", "field 'registration.nothing_here': as Amendment No. 2 changes it, "
                                           "is not a known field (known fields here: "),
    ("      registration.filing_deadline_days: soon", "field 'registration.filing_deadline_days': as Amendment "
                                                      "No. 2 changes it, input should be a valid integer"),
])
def test_a_value_an_amendment_gives_that_does_not_fit_is_named_at_the_amendments_line(tmp_path, change, says):
    with pytest.raises(TermSheetError) as caught:
        _agreement(tmp_path, changed(AGREEMENT, "      rule_144.enabled: false",
                                     "      rule_144.enabled: false\n" + change))
    assert caught.value.one_line().startswith(f"{tmp_path / 't.yaml'}:24: {says}"), caught.value.one_line()


def test_an_amended_value_is_validated_as_the_term_sheets_own(tmp_path):
    with pytest.raises(TermSheetError) as caught:
        _agreement(tmp_path, changed(AGREEMENT, "registration.effectiveness_deadline_days: 150",
                                     "registration.effectiveness_deadline_days: 10"))
    assert caught.value.one_line() == (
        f"{tmp_path / 't.yaml'}:14: field 'registration': as Amendment No. 1 changes it, effectiveness_deadline_days "
        "(10) is before filing_deadline_days (30); a statement cannot be declared effective before it is filed")


def test_an_amendment_sees_the_dates_as_text_and_keeps_them_dates(tmp_path):
    sheet = _agreement(tmp_path, changed(AGREEMENT, "      rule_144.enabled: false",
                                         "      rule_144.enabled: false\n      agreement.closing_date: 2001-02-01"))
    assert sheet.amended(2).deal.agreement.closing_date == dt.date(2001, 2, 1)
    assert sheet.amended(2).deal.agreement.date == dt.date(2001, 1, 16)


# --- a library's facts ---------------------------------------------------------------------------

FACTS = """\
type: object
properties:
  deal_code:
    type: string
    description: The firm's code for the deal
  closing:
    type: object
    additionalProperties: false
    required: [date]
    properties:
      date: {type: string, format: date}
      kind: {enum: [first, second]}
      note: {type: [string, "null"]}
      notices: {$ref: "#/$defs/Notices"}
      parts:
        type: array
        items:
          type: object
          properties:
            office: {$ref: "#/$defs/Address"}
      seen: {type: array}
  bare: {type: object, required: [id]}
  sealed: {type: object, additionalProperties: false}
required: [deal_code]
$defs:
  Code: {type: string}
"""


def _library(folder: Path, text: str = FACTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "facts.schema.yaml").write_text(text)
    return folder


def _with_facts(tmp_path, facts_text: str, library=None):
    path = tmp_path / "t.yaml"
    path.write_text(facts_text + MINIMAL)
    return termsheet.load(path, library if library is not None else [_library(tmp_path / "lib")])


def test_a_librarys_facts_reach_the_context_as_ours_do(tmp_path):
    sheet = _with_facts(tmp_path, "deal_code: X-1\n")
    assert sheet.extra == {"deal_code": "X-1", "closing": None, "bare": None, "sealed": None}
    assert sheet.context()["deal_code"] == "X-1" and sheet.context()["closing"] is None
    sheet = _with_facts(tmp_path, "deal_code: \"X\u2407\"\nclosing:\n  date: 2024-03-05\n  notices:\n"
                        "    address: {lines: [1 Elm St], city: Boston, state: MA, postal_code: '02110'}\n"
                        "  parts:\n  - office: {lines: [a], city: b, state: c, postal_code: d}\n  - {}\n"
                        "  seen: [2024-01-01, 3]\n")
    closing = sheet.extra["closing"]
    assert sheet.extra["deal_code"] == "X\u2407"
    # a date as a date; every field the schema declares present, None where left out, at every depth
    assert closing["date"] == dt.date(2024, 3, 5) and closing["seen"] == ["2024-01-01", 3]
    assert closing["kind"] is None and closing["note"] is None
    assert closing["notices"]["address"]["care_of"] is None and closing["notices"]["attention"] is None
    assert closing["notices"]["address"]["lines"] == ["1 Elm St"]
    assert closing["parts"] == [{"office": {"care_of": None, "lines": ["a"], "city": "b", "state": "c",
                                            "postal_code": "d"}}, {"office": None}]


def test_an_amended_sheet_keeps_the_librarys_facts(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(AGREEMENT + "deal_code: X-1\n")
    library = [_library(tmp_path / "lib")]
    sheet = termsheet.load(path, library)
    amended = sheet.amended(1)
    assert amended.facts is sheet.facts and amended.extra == {"deal_code": "X-1", "closing": None, "bare": None,
                                                             "sealed": None}
    assert amended.deal.registration.effectiveness_deadline_days == 150


def test_plain_turns_yaml_values_into_what_json_would_hold():
    assert extension._plain({"a": [dt.date(2024, 1, 2), dt.datetime(2024, 1, 2, 3, 4)], "b": "\x01", "c": 1.5}) == \
        {"a": ["2024-01-02", "2024-01-02T03:04:00"], "b": "\u2401", "c": 1.5}


def test_filled_leaves_what_is_not_our_model_as_it_is():
    schema = {"$ref": "#/$defs/Code"}
    assert extension._filled({"x": 1}, schema) == {"x": 1}
    assert extension._filled([{"x": 1}], {"items": True}) == [{"x": 1}]
    assert extension._filled({"a": {"b": 1}}, {"$ref": "other.json#/$defs/Notices", "properties": {}}) == \
        {"a": {"b": 1}}
    assert extension._filled({"lines": ["x"], "city": "c", "state": "s", "postal_code": "p"},
                             {"$ref": "#/$defs/Address"})["care_of"] is None
    assert extension._filled({"lines": ["x"]}, {"$ref": "#/$defs/visible_controls"}) == {"lines": ["x"]}
    assert extension._filled({"lines": ["x"]}, {"$ref": "Address"}) == {"lines": ["x"]}  # not a pointer to $defs


LIBRARY_CASES = {
    "a required fact": (
        "", "t.yaml:1: field 'deal_code': is required but missing (expected string; The firm's code for the deal)"),
    "a required field of a fact": (
        "deal_code: X\nclosing:\n  kind: first\n",
        "t.yaml:3: field 'closing.date': is required but missing (expected string; format date like 2024-03-05)"),
    "a misspelt field of a fact": (
        "deal_code: X\nclosing:\n  date: 2024-03-05\n  kinds: first\n",
        "t.yaml:4: field 'closing.kinds': is not a known field (did you mean 'kind'?)"),
    "an unknown field of a fact": (
        "deal_code: X\nclosing:\n  date: 2024-03-05\n  zzz: 1\n",
        "t.yaml:4: field 'closing.zzz': is not a known field (known fields here: date, kind, note, notices, parts, "
        "seen)"),
    "a word not in the list": (
        "deal_code: X\nclosing:\n  date: 2024-03-05\n  kind: third\n",
        "t.yaml:4: field 'closing.kind': 'third' is not one of ['first', 'second'] (one of first, second)"),
    "a value of neither type": (
        "deal_code: X\nclosing:\n  date: 2024-03-05\n  note: 5\n",
        "t.yaml:4: field 'closing.note': 5 is not of type 'string', 'null' (expected string or null)"),
    "a date that is not one": (
        "deal_code: X\nclosing:\n  date: soon\n",
        "t.yaml:3: field 'closing.date': 'soon' is not a 'date' (expected string; format date like 2024-03-05)"),
    "a fact of the wrong type": (
        "deal_code: [1]\n", "t.yaml:1: field 'deal_code': [1] is not of type 'string' (expected string; The "
                            "firm's code for the deal)"),
    "a required field of a fact with no properties": (
        "deal_code: X\nbare: {}\n", "t.yaml:2: field 'bare.id': is required but missing"),
    "any field of a fact that takes none": (
        "deal_code: X\nsealed: {a: 1}\n", "t.yaml:2: field 'sealed.a': is not a known field (known fields here: )"),
    "our model inside a fact": (
        "deal_code: X\nclosing:\n  date: 2024-03-05\n  notices: {address: {lines: [a]}}\n",
        "t.yaml:4: field 'closing.notices.address.city': is required but missing (expected string)"),
}


@pytest.mark.parametrize("case", LIBRARY_CASES, ids=str)
def test_a_librarys_fact_is_refused_as_ours_are(tmp_path, case):
    facts_text, expected = LIBRARY_CASES[case]
    with pytest.raises(TermSheetError) as caught:
        _with_facts(tmp_path, facts_text)
    assert caught.value.one_line() == expected.replace("t.yaml", str(tmp_path / "t.yaml"))


def test_described_says_what_a_schema_accepts():
    assert extension._described(None) is None
    assert extension._described({}) is None
    assert extension._described({"format": "email"}) == "format email"
    assert extension._described({"type": "integer", "enum": [1, 2], "description": "How many"}) == \
        "expected integer; one of 1, 2; How many"
    assert extension._described({"description": ""}) is None


def test_the_library_is_told_which_facts_files_it_read(tmp_path):
    folder = _library(tmp_path / "lib")
    noted = []
    library = types.SimpleNamespace(user_dirs=[folder], note=noted.append)
    facts = termsheet.library_facts(library)
    assert noted == [folder / "facts.schema.yaml"]
    assert facts.files == (str(folder / "facts.schema.yaml"),)
    assert set(termsheet.library_facts(str(folder)).properties) == {"deal_code", "closing", "bare", "sealed"}
    assert set(termsheet.library_facts(folder).properties) == {"deal_code", "closing", "bare", "sealed"}
    assert termsheet.library_facts([tmp_path]) is extension.NONE
    assert termsheet.library_facts(None) is extension.NONE


def test_two_libraries_add_their_facts_together(tmp_path):
    one = _library(tmp_path / "one")
    two = _library(tmp_path / "two", "type: object\nproperties:\n  region: {type: string}\nrequired: [region]\n"
                                     "$defs:\n  Region: {type: string}\n")
    facts = termsheet.library_facts([one, tmp_path / "none", two])
    assert list(facts.properties) == ["deal_code", "closing", "bare", "sealed", "region"]
    assert facts.required == ("deal_code", "region")
    assert set(facts.definitions) == {"Code", "Region"}
    schema = facts.schema()
    assert schema["type"] == "object" and schema["required"] == ["deal_code", "region"]
    assert schema["properties"] is facts.properties
    assert {"Notices", "Address", "Code", "Region"} <= set(schema["$defs"])
    sheet = _with_facts(tmp_path, "deal_code: X\nregion: North\n", [one, two])
    assert sheet.extra == {"deal_code": "X", "closing": None, "bare": None, "sealed": None, "region": "North"}


def test_json_schema_joins_ours_and_the_librarys(tmp_path):
    ours = termsheet.json_schema()
    assert "deal_code" not in ours["properties"] and ours["required"] == ["company"]
    assert ours["$defs"]["Registration"]["properties"]["filing_deadline_days"]["type"] == "integer"
    joined = termsheet.json_schema([_library(tmp_path / "lib")])
    assert {"company", "charter", "deal_code", "closing"} <= set(joined["properties"])
    assert joined["required"] == ["company", "deal_code"]
    assert joined["$defs"]["Code"] == {"type": "string"} and "Registration" in joined["$defs"]
    assert joined["properties"]["closing"]["properties"]["notices"] == {"$ref": "#/$defs/Notices"}


@pytest.mark.parametrize("text, expected", [
    ("type: object\nproperties:\n  company: {type: string}\n",
     "{file}: field 'properties.company': declares 'company', which is one of assembler's own facts "
     "(give a library fact a name of its own)"),
    ("- a\n", "{file}: is not a facts schema: expected a JSON Schema of a mapping, with properties "
              "(type: object, properties: {{your_fact: {{type: ...}}}})"),
    ("type: object\n", "{file}: is not a facts schema: expected a JSON Schema of a mapping, with properties "
                       "(type: object, properties: {{your_fact: {{type: ...}}}})"),
    ("type: object\nproperties:\n  a: {type: 5}\n", "{file}: field 'properties.a.type': is not a valid JSON Schema: "
                                                    "5 is not valid under any of the given schemas"),
    ("type: 5\nproperties: {}\n", "{file}: field 'type': is not a valid JSON Schema: "
                                  "5 is not valid under any of the given schemas"),
])
def test_a_bad_facts_schema_is_one_line_naming_its_file(tmp_path, text, expected):
    folder = _library(tmp_path / "lib", text)
    with pytest.raises(ClauseError) as caught:
        termsheet.library_facts([folder])
    assert caught.value.one_line() == expected.format(file=folder / "facts.schema.yaml")


def test_a_fact_two_libraries_declare_is_refused(tmp_path):
    one = _library(tmp_path / "one")
    two = _library(tmp_path / "two", "type: object\nproperties:\n  deal_code: {type: string}\n")
    with pytest.raises(ClauseError) as caught:
        termsheet.library_facts([one, two])
    assert caught.value.one_line() == (f"{two / 'facts.schema.yaml'}: field 'properties.deal_code': declares "
                                       "'deal_code', which another library declares too")


def test_a_changed_facts_schema_is_read_again(tmp_path):
    folder = _library(tmp_path / "lib")
    assert "deal_code" in termsheet.library_facts([folder]).properties
    path = folder / "facts.schema.yaml"
    path.write_text("type: object\nproperties:\n  other: {type: string}\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert list(termsheet.library_facts([folder]).properties) == ["other"]


# --- the bad term sheets of tests/fixtures/bad, in process ---------------------------------------

BAD_SHEETS = sorted(p for p in BAD.iterdir() if p.suffix in (".yaml", ".json"))


@pytest.mark.parametrize("path", BAD_SHEETS, ids=lambda p: p.stem)
def test_each_bad_term_sheet_is_refused_in_process(path):
    sidecar = path.with_suffix(".expect")
    text = sidecar.read_text() if sidecar.exists() else path.read_bytes().split(b"\n")[0].decode()
    field, words = text.removeprefix("# expect:").strip().split(" | ")
    message = _read_refusal(path)
    assert re.match(rf"{re.escape(str(path))}:\d+: field '{re.escape(field)}': ", message), message
    assert words in message


# --- each model's cross-field rule (schema.py's checks), refused and accepted at its edge -----------

AMENDMENT_ONE_APPROVAL = ("    approval:\n      investors:\n      - Harbor Lane Partners\n"
                          "      percent_of_registrable_securities: 62.5")
FIRST_CHANGES = ("    changes:\n      registration.effectiveness_deadline_days: 150\n"
                 "      investor.notices.attention: Jane Q. Doe\n")
CLASSES = "      - name: common stock\n        shares: 1000\n"


def _charter_amendment(fields: str) -> tuple[str, str]:
    return ("  incorporator:", f"  amendments:\n  - {{date: 2020-03-01, {fields}, signer: {{name: a, title: b}}"
                               "}\n  incorporator:")


RULE_CASES = {
    "no consent of the Company": (
        AGREEMENT, (AMENDMENT_ONE_APPROVAL, AMENDMENT_ONE_APPROVAL.replace("approval:\n", "approval:\n      company: false\n")),
        "t.yaml:10: field 'agreement.amendments[0].approval': an amendment needs the Company's written consent "
        "(Section 9)"),
    "an amendment changing nothing": (
        AGREEMENT, (FIRST_CHANGES, ""),
        "t.yaml:8: field 'agreement.amendments[0]': changes nothing; give changes (new values), clauses (new "
        "text) or add_after (new sections)"),
    "an amendment changing the charter": (
        AGREEMENT, ("      investor.notices.attention: Jane Q. Doe\n", "      charter.name: Other Inc.\n"),
        "t.yaml:8: field 'agreement.amendments[0]': cannot change 'charter.name' by amendment"),
    "an amendment changing the amendments": (
        AGREEMENT, ("      investor.notices.attention: Jane Q. Doe\n", "      agreement.amendments: []\n"),
        "t.yaml:8: field 'agreement.amendments[0]': cannot change 'agreement.amendments' by amendment"),
    "no par value": (
        MINIMAL, ("    par_value: 0.001\n", ""),
        "t.yaml:17: field 'charter.capital': gives no par value; set par_value, or no_par: true for shares "
        "without par value"),
    "par value and no par": (
        MINIMAL, ("    par_value: 0.001\n", "    par_value: 0.001\n    no_par: true\n"),
        "t.yaml:17: field 'charter.capital': sets both par_value and no_par: true; choose one"),
    "classes not adding up": (
        MINIMAL, (CLASSES, "      - name: common stock\n        shares: 600\n"
                           "      - name: preferred stock\n        shares: 300\n"),
        "t.yaml:17: field 'charter.capital': classes add up to 900 (600 common stock + 300 preferred stock), "
        "not the total_shares of 1,000"),
    "a charter amendment changing nothing": (
        MINIMAL, _charter_amendment("adoption: written_consent, changes: {}"),
        "t.yaml:23: field 'charter.amendments[0].changes': changes nothing; name at least one of name, "
        "registered_office, purpose, capital"),
    "a charter amendment naming an article with no value": (
        MINIMAL, _charter_amendment("adoption: written_consent, changes: {capital: null}"),
        "t.yaml:23: field 'charter.amendments[0].changes': names capital but gives it no value; give its new "
        "value, or leave capital out"),
    "DGCL 241 without who adopted it": (
        MINIMAL, _charter_amendment("adoption: before_payment, changes: {name: X}"),
        "t.yaml:23: field 'charter.amendments[0]': a before_payment (DGCL 241) amendment needs adopted_by: "
        "incorporator or directors"),
    "adopted_by after payment": (
        MINIMAL, _charter_amendment("adoption: written_consent, adopted_by: directors, changes: {name: X}"),
        "t.yaml:23: field 'charter.amendments[0]': adopted_by is only for before_payment amendments; after "
        "payment the board and the stockholders adopt it"),
    "a party who is also an assignee": (
        AGREEMENT + OTHER_INVESTORS % ("harbor", "crestview-fund"),
        ("  assignment: {assignor: crestview-fund", "  party: true\n  assignment: {assignor: crestview-fund"),
        "t.yaml:124: field 'other_investors[1]': is both a party to the Agreement (party: true) and an "
        "assignee (assignment); an Initial Investor holds its rights as a party, so give one or the other"),
}


@pytest.mark.parametrize("case", RULE_CASES, ids=str)
def test_each_cross_field_rule_is_refused_with_its_exact_line(case):
    base, (old, new), expected = RULE_CASES[case]
    assert refusal(changed(base, old, new)) == expected


def test_a_term_sheet_with_neither_agreement_nor_charter_is_refused():
    assert refusal(MINIMAL.split("charter:")[0]) == \
        "t.yaml:1: field '(top level)': holds neither an agreement nor a charter; nothing to build"


@pytest.mark.parametrize("old, new", [
    # just over half is a majority-in-interest
    ("      percent_of_registrable_securities: 62.5", "      percent_of_registrable_securities: 50.01"),
    # two amendments on one day
    ("  - date: 2001-09-10", "  - date: 2001-06-01"),
    # effective the day it is due to be filed
    ("  effectiveness_deadline_days: 120", "  effectiveness_deadline_days: 30"),
    # an amendment of new text alone
    ("    changes:\n      rule_144.enabled: false\n", ""),
    # ... or of new sections alone
    ("    changes:\n      rule_144.enabled: false\n    clauses:\n", "    add_after:\n"),
], ids=["50.01%", "same day", "effective when filed", "clauses alone", "add_after alone"])
def test_the_edges_the_rules_allow_are_accepted(old, new):
    deal = termsheet.validate(*termsheet.parse(changed(AGREEMENT, old, new).encode(), "t.yaml"), "t.yaml")
    assert len(deal.agreement.amendments) == 2


def test_a_required_library_fact_with_an_apostrophe_in_its_name_is_named_whole(tmp_path):
    library = _library(tmp_path / "lib", "properties:\n  \"holder's name\": {type: string, description: Who holds it}\n"
                                         "required: [\"holder's name\"]\n")
    with pytest.raises(TermSheetError) as caught:
        _with_facts(tmp_path, "", [library])
    assert caught.value.one_line() == (f"{tmp_path / 't.yaml'}:1: field 'holder's name': is required but missing "
                                       "(expected string; Who holds it)")


def test_a_key_a_pattern_allows_is_not_named_as_the_unknown_one(tmp_path):
    library = _library(tmp_path / "lib", "properties:\n  fees:\n    type: object\n"
                                         "    properties: {total: {type: integer}}\n"
                                         "    patternProperties: {'^x-': {type: string}}\n"
                                         "    additionalProperties: false\n")
    with pytest.raises(TermSheetError) as caught:
        _with_facts(tmp_path, "fees:\n  x-note: allowed\n  totl: 3\n", [library])
    assert caught.value.one_line() == (f"{tmp_path / 't.yaml'}:3: field 'fees.totl': is not a known field "
                                       "(did you mean 'total'?)")


# --- issue 28: what the workbench's form lists, an amendment's bad value, a library's own definitions ---

def test_problems_lists_what_the_agreement_lacks_then_the_rules_across_fields():
    """Every field right: the form lists the agreement's gaps, then each rule a party breaks, each
    with its own path, kind, words and hint."""
    data = yaml.safe_load(AGREEMENT)
    del data["investor"], data["company"]["notices"]
    data.update(yaml.safe_load(OTHER_INVESTORS % ("crestview-fund", "nobody")))
    assert [(p.loc, p.kind, p.message, p.hint) for p in termsheet.problems(data)] == [
        (("investor",), "missing", "is required for the agreement but missing", None),
        (("company", "notices"), "missing", "is required for the agreement but missing", None),
        (("other_investors", 1, "id"), "rule", "'crestview-fund' is the id of another investor too",
         "give each investor its own id"),
        (("other_investors", 1, "assignment", "assignor"), "rule", "names 'nobody', who is not an investor here",
         "known: initial-investor, crestview-fund"),  # each id once
    ]


@pytest.mark.parametrize("closing, expected", [
    ({"date": "2024-01-01", "parts": [{}, {"office": {"lines": ["a"]}}]},
     (("closing", "parts", 1, "office", "city"), "is required but missing", "expected string")),
    ({"date": "2024-01-01", "parts": [{}, {"office": 5}]},
     (("closing", "parts", 1, "office"), "5 is not of type 'object'", "expected object")),
])
def test_problems_names_a_librarys_fact_at_its_path_with_list_indexes_as_numbers(tmp_path, closing, expected):
    facts = termsheet.library_facts([_library(tmp_path / "lib")])
    data = {**yaml.safe_load(MINIMAL), "deal_code": "X-1", "closing": closing}
    assert [(p.loc, p.kind, p.message, p.hint) for p in termsheet.problems(data, facts)] == [(*expected[:1], "rule",
                                                                                             *expected[1:])]
    # a model other than the deal: no gaps or party rules of its own, the library's fact still listed
    from pydantic import BaseModel

    class Nothing(BaseModel):
        pass

    assert [(p.loc, p.message) for p in termsheet.problems(data, facts, Nothing)] == [expected[:2]]


def test_problems_lists_a_field_and_a_librarys_fact_together(tmp_path):
    facts = termsheet.library_facts([_library(tmp_path / "lib")])
    data = {**yaml.safe_load(MINIMAL), "closing": {"date": "2024-01-01"}}
    data["charter"]["capital"]["total_shares"] = "many"
    found = termsheet.problems(data, facts)
    assert [p.loc for p in found] == [("charter", "capital", "total_shares"), ("deal_code",)]
    assert (found[1].kind, found[1].message, found[1].hint) == (
        "rule", "is required but missing", "expected string; The firm's code for the deal")


@pytest.mark.parametrize("new, says", [
    # two values Amendment No. 2 changes break a rule over their group: named at the first it changes
    ("      registration.effectiveness_deadline_days: 10\n      registration.filing_deadline_days: 20\n"
     "      rule_144.enabled: false",
     ":23: field 'registration': as Amendment No. 2 changes it, effectiveness_deadline_days (10) is before "
     "filing_deadline_days (20); a statement cannot be declared effective before it is filed"),
    # a part of the group it gives, and an item of the list it gives
    ("      rule_144.enabled: false\n      investor.notices.address: {lines: [x]}",
     ":24: field 'investor.notices.address.city': as Amendment No. 2 changes it, is required but missing"),
    ("      rule_144.enabled: false\n      investor.notices.address.lines: [x, {a: b}]",
     ":24: field 'investor.notices.address.lines[1]': as Amendment No. 2 changes it, input should be a valid "
     "string; got dict"),
])
def test_an_amendments_bad_value_is_named_at_its_own_line_whatever_part_is_wrong(tmp_path, new, says):
    with pytest.raises(TermSheetError) as caught:
        _agreement(tmp_path, changed(AGREEMENT, "      rule_144.enabled: false", new))
    assert caught.value.one_line().startswith(f"{tmp_path / 't.yaml'}{says}"), caught.value.one_line()


def test_filled_follows_the_librarys_own_definitions_at_every_depth():
    definitions = {
        "Day": {"type": "string", "format": "date"},
        "Closing": {"type": "object", "properties": {
            "date": {"$ref": "#/$defs/Day"},
            "backstop": {"$ref": "#/$defs/Day", "default": "2024-12-31"},
            "steps": {"type": "array", "items": {"$ref": "#/$defs/Day"}},
            "note": {"type": "string"}}},
    }
    got = extension._filled({"date": "2024-03-05", "steps": ["2024-04-01"]}, {"$ref": "#/$defs/Closing"},
                            definitions)
    assert got == {"date": dt.date(2024, 3, 5), "backstop": dt.date(2024, 12, 31), "steps": [dt.date(2024, 4, 1)],
                   "note": None}


def test_a_rule_the_form_lists_is_said_as_the_cli_says_it_with_its_file_line_field_and_hint():
    text = AGREEMENT + OTHER_INVESTORS % ("crestview-fund", "crestview-fund")
    data, lines = source.parse(text.encode(), "deal.yaml")
    [rule] = termsheet.problems(data)
    said = termsheet.to_cli(rule, lines, "deal.yaml", Deal)
    first = len(AGREEMENT.splitlines())
    assert said.one_line() == (f"deal.yaml:{first + 6}: field 'other_investors[1].id': 'crestview-fund' is the id "
                               "of another investor too (give each investor its own id)")


def test_a_precedents_term_sheet_of_library_facts_alone_is_accepted_and_the_form_lists_nothing(tmp_path):
    """Bug (issue 28): load() accepted a term sheet holding a library's facts in place of an agreement
    or a charter, but the workbench's list of problems said it "holds neither an agreement nor a charter"."""
    facts = termsheet.library_facts([_library(tmp_path / "lib")])
    company = yaml.safe_load(MINIMAL)["company"]
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump({"company": company, "deal_code": "X-1"}))
    assert termsheet.load(path, [tmp_path / "lib"]).extra["deal_code"] == "X-1"
    assert termsheet.problems({"company": company, "deal_code": "X-1"}, facts) == []
    # without a fact of the library's, the term sheet still needs an agreement or a charter
    with pytest.raises(TermSheetError) as caught:
        path.write_text(yaml.safe_dump({"company": company}))
        termsheet.load(path, [tmp_path / "lib"])
    assert "holds neither an agreement nor a charter; nothing to build" in caught.value.one_line()
    assert [p.message for p in termsheet.problems({"company": company}, facts)] == [
        "Value error, holds neither an agreement nor a charter; nothing to build", "is required but missing"]


def test_a_fact_left_out_takes_its_default_through_the_librarys_own_definitions(tmp_path):
    """Bug (issue 28): a top-level fact left out, whose default is of a type the library defines
    ($ref into its own $defs), reached the clauses as the default's text, not as a date."""
    library = _library(tmp_path / "lib", "type: object\nproperties:\n"
                       "  window: {$ref: '#/$defs/Day', default: '2024-12-31'}\n  start: {$ref: '#/$defs/Day'}\n"
                       "$defs:\n  Day: {type: string, format: date}\n")
    path = tmp_path / "t.yaml"
    path.write_text(MINIMAL + "start: 2024-01-02\n")
    assert termsheet.load(path, [library]).extra == {"window": dt.date(2024, 12, 31), "start": dt.date(2024, 1, 2)}
