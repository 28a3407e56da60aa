"""A second deal: every new value in every format, and nothing of Auxer left anywhere."""
from __future__ import annotations

import re

import pytest

from .conftest import ROOT

FORMATS = ["txt", "docx", "pdf"]

NEW_VALUES = [
    "Brightwater Robotics Corp., a Nevada corporation",
    "400 Innovation Way, Suite 210, Reno, Nevada 89501",
    "Harborview Opportunity Fund, L.P., a Cayman Islands limited partnership",
    "Registration Rights Agreement dated March 5, 2024",
    "\"Closing Date\" means March 8, 2024",
    "1,250,000 shares", "par value $0.0001 per share", "a 10% Convertible Debenture",
    "principal amount of $2,500,000", "Note Purchase Agreement",
    "Twenty-Five Cents ($0.25)",
    "not later than forty-five (45) days after the Closing Date",
    "no event later than ninety (90) days after the Closing Date",
    "thirty-six (36) hours after it receives comments",
    "three (3) business days after receipt of such indication",
    "seventy-two (72) hours of the Commission's receipt",
    "to Granite Peak or investors introduced to the Company by Granite Peak",
    "within twelve (12) hours of such declaration",
    "Form S-1",
    "at least fifteen (15) days prior", "within twelve (12) days after the receipt of notice",
    "a period of three (3) years", "within four (4) business days after a registration statement",
    "not later than six (6) months after", "At least nine (9) days prior",
    "at least four (4) business days prior", "laws of the State of Delaware",
    "any part of the City of Wilmington or the state courts of the State of Delaware sitting in the City of Wilmington",
    "executed in three (3) counterparts", "all of which shall constitute",
    "Dana K. Whitfield", "775.555.0142", "775.555.0199", "Calder Lyle & Moss LLP", "1201 Orange Street",
    "Priya Raman", "Marcus Oyelaran", "88 Pier Road", "Greenwich, Connecticut 06830", "Ostrander Vale LLP",
    "Boston, Massachusetts 02109", "Helen Kowalczyk", "617.555.0121",
    "BRIGHTWATER ROBOTICS CORP.", "HARBORVIEW OPPORTUNITY FUND, L.P.", "Chief Executive Officer",
    "Managing Member",
]

# Facts of the example deal, which must not leak into another deal's documents.
AUXER = [
    "Auxer", "Andrews", "Paterson", "New Jersey", "New York", "07424", "Shaver", "973.890", "Anslow",
    "Jaclin", "Freehold", "Perrin", "PHD", "Hanover", "Braff", "Herrick", "Kishner", "HFNY2", "2001",
    "January 16", "thirty (30)", "one hundred and twenty (120)", "five (5) years", "twenty-four (24)",
    "forty-eight (48)", "twenty (20) days", "ten (10) days", "seven (7) days", "8%", "$0.001 ", "One Cent",
    "two (2)", "Securities Purchase Agreement", "S-3",
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_new_value_appears(second_build, fmt):
    text = second_build.text(fmt)
    missing = [value for value in NEW_VALUES if value not in text]
    assert not missing, f"{fmt} lacks {missing}"


def test_pdf_footer_is_the_new_deals(second_build):
    assert second_build.text("pdf").count("BRW-RRA-2024 v3") >= 15


@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_of_the_example_deal_remains(second_build, fmt):
    text = second_build.text(fmt)
    found = [fact for fact in AUXER if re.search(re.escape(fact), text, re.I if fact.isalpha() else 0)]
    assert not found, f"{fmt} still says {found}"


def test_no_blank_left_when_every_fact_is_given(second_build):
    assert second_build.result.blanks == []


def test_no_example_fact_is_typed_into_clauses_or_code():
    # Numbers in words are searched too: a clause must compute them from the term sheet.
    facts = [f for f in AUXER if f not in ("two (2)",)] + ["thirty", "one hundred and twenty"]
    offenders = []
    for folder in ("clauses", "templates", "src"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".j2", ".yaml", ".py", ".css"):
                continue
            # The firm's standard positions (New York law, Form S-3, …) are the firm's, not a deal's:
            # the interview shows each pre-filled and marked "standard", for the lawyer to keep or
            # change. They reach a document only through a term sheet that keeps them.
            if path.name == "standard-positions.yaml":
                continue
            text = re.sub(r"\{#.*?#\}", "", path.read_text(), flags=re.S)   # Jinja comments
            if path.suffix != ".j2":
                text = re.sub(r"(?m)#.*$", "", text)                          # comments
                text = re.sub(r'"""(.*?)"""', "", text, flags=re.S)           # docstrings
            text = text.replace("examples/auxer-2001", "")                    # the example's path
            for fact in facts:
                if re.search(rf"\b{re.escape(fact)}", text, re.I if fact.isalpha() else 0):
                    offenders.append(f"{path.relative_to(ROOT)}: {fact}")
    assert not offenders
