"""Property: any valid values build, and every value is in the text as it was given."""
from __future__ import annotations

import datetime as dt
import re
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assembler import api, lint

from .conftest import SECOND, flat, pdf_text, variant, write_sheet
from .test_number_words import counted, day_of, dollars_and_cents, long_date

# Letters and digits of any script, spaces, and the characters markup and templates care about.
# Parentheses are left out: "one (2)" in a name would rightly be a words-and-numerals error.
TEXT = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Nd", "Zs"), include_characters="&<>\"'{}%#.,-/;:!?$*"),
    min_size=1, max_size=40,
).map(lambda s: " ".join(s.split())).filter(bool)
# A value begins with a letter or digit, and ends with one or a period ("Holdings, Inc."): one that
# ends in "," or ";" beside the clause's own comma is rightly a `doubled` error, not a valid value.
TEXT = TEXT.filter(lambda s: s[0].isalnum() and (s[-1].isalnum() or s[-1] == "."))

TEXT_FIELDS = ["company.name", "company.jurisdiction", "company.entity_type", "company.notices.attention",
               "company.notices.telephone", "investor.name", "investor.notices.attention",
               "investor.notices.address.city", "placement_agent.short_name", "governing_law.state",
               "governing_law.forum_city", "securities.purchase_agreement_title"]
DAYS = st.integers(min_value=1, max_value=400)


@st.composite
def term_sheets(draw):
    values = {field: draw(TEXT) for field in TEXT_FIELDS}
    filing = draw(DAYS)
    counts = {"registration.filing_deadline_days": filing,
              "registration.effectiveness_deadline_days": filing + draw(st.integers(0, 200)),
              "registration.piggyback.response_days": draw(DAYS),
              "agreement.counterparts": draw(st.integers(1, 12))}
    return values, counts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(term_sheets())
def test_any_valid_values_build_and_appear_in_the_text(case):
    values, counts = case
    with tempfile.TemporaryDirectory() as folder:
        sheet = write_sheet(Path(folder), variant({**values, **counts}, base=SECOND))
        # draft: two random values may look like one fact spelt two ways, which check rightly flags.
        result = api.build(sheet, ("txt",), Path(folder) / "out", draft=True)
        errors = {f.rule for f in lint.errors(result.findings)}
        assert errors <= {"inconsistent-fact", "doubled"}, errors
        # A random value may also meet a clause's own word ("a" for a jurisdiction after "a"): check
        # rightly calls that doubled, and only where a value's own word is one of the two.
        words = {word.lower() for value in values.values() for word in re.findall(r"[A-Za-z]+", value)}
        for finding in result.findings:
            if finding.rule == "doubled":
                twice = re.search(r"prints '(.+)' twice", finding.message).group(1)
                assert set(re.findall(r"[a-z]+", twice.lower())) <= words, finding.one_line()
        text = flat((Path(folder) / "out" / "registration-rights-agreement.txt").read_text())
    for field, value in values.items():
        assert value in text, (field, value)
    for field, n in counts.items():
        assert f"({n})" in text, (field, n)


# -- every switch, every format, words by the hand-typed rules ---------------------------------

COUNTED = {  # term-sheet field → the unit the agreement counts it in
    "registration.filing_deadline_days": "day",
    "registration.comment_notice_hours": "hour",
    "registration.acceleration_request_business_days": "business day",
    "registration.acceleration_window_hours": "hour",
    "registration.registration_period_years": "year",
    "registration.piggyback.notice_days": "day",
    "company_obligations.transfer_agent_delivery_business_days": "business day",
    "company_obligations.earnings_statement_months": "month",
    "investor_obligations.requested_information_notice_days": "day",
    "agreement.counterparts": "counterpart",
}
IN_PIGGYBACK = {"registration.piggyback.notice_days"}
PROVISIONS = ["compromise", "management", "director_liability", "indemnification", "amendment",
              "section_203_opt_out"]
ARTICLES = ["FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH",
            "ELEVENTH", "TWELFTH"]
# A phrase each switch's part holds, and nothing else does.
PARTS = {"registration.piggyback.enabled": "If the Company proposes to register",
         "company_obligations.nasd_qualified_independent_underwriter": "Qualified Independent Underwriter",
         "rule_144.enabled": "comply with the provisions of paragraph (c) (1) of Rule 144"}


@st.composite
def deals(draw):
    counts = {field: draw(st.integers(1, 3000)) for field in COUNTED}
    counts["registration.effectiveness_deadline_days"] = counts["registration.filing_deadline_days"]
    switches = {field: draw(st.booleans()) for field in PARTS}
    provisions = {name: draw(st.booleans()) for name in PROVISIONS}
    price = Decimal(draw(st.integers(1, 99_999))) / 100
    date = draw(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
    amended = draw(st.dates(dt.date(1997, 8, 29), dt.date(2099, 12, 31)))
    return counts, switches, provisions, price, date, amended


def _docx_words(path: Path) -> str:
    from docx import Document as open_docx
    return flat("\n".join(p.text for p in open_docx(str(path)).paragraphs))


# Where a PDF's page ends inside a phrase: the footer text, the page number, the next page's DRAFT.
PAGE_TURN = re.compile(r" ?HFNY2: #520846 v2/05466-0001 / 01/16/2001 \d+(?: DRAFT)?( |$)")


def _reads(folder: Path, name: str) -> dict[str, str]:
    return {"txt": flat((folder / f"{name}.txt").read_text()), "docx": _docx_words(folder / f"{name}.docx"),
            "pdf": PAGE_TURN.sub(r"\1", flat(pdf_text(folder / f"{name}.pdf")))}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deals())
def test_every_switch_in_every_format_says_the_numbers_and_dates_as_the_table_does(case):
    counts, switches, provisions, price, date, amended = case
    changes = {**counts, **switches, "securities.conversion_price": str(price), "agreement.date": date.isoformat(),
               "agreement.closing_date": date.isoformat()}
    data = variant(changes)
    data["charter"]["provisions"] = provisions
    data["charter"]["amendments"][1]["date"] = amended.isoformat()
    with tempfile.TemporaryDirectory() as folder:
        sheet = write_sheet(Path(folder), data)
        out = Path(folder) / "out"
        api.build(sheet, ("txt", "docx", "pdf"), out, draft=True)
        agreement = _reads(out, "registration-rights-agreement")
        charter = _reads(out, "certificate-of-incorporation")
        amendment = _reads(out, f"certificate-of-amendment-2-{amended.isoformat()}")
    for fmt in ("txt", "docx", "pdf"):
        text = agreement[fmt]
        for field, unit in COUNTED.items():
            if field in IN_PIGGYBACK and not switches["registration.piggyback.enabled"]:
                continue  # its section is out; PARTS checks that it went
            assert counted(counts[field], unit) in text, (fmt, field, counted(counts[field], unit))
        assert dollars_and_cents(price) in text, (fmt, dollars_and_cents(price))
        assert f"dated {long_date(date)}" in text, fmt
        for field, phrase in PARTS.items():
            assert (phrase in text) == switches[field], (fmt, field)
        assert f"this {day_of(amended)}" in amendment[fmt], (fmt, day_of(amended))
        if fmt == "docx":
            continue  # Word's list numbering draws the ordinals: test_charter reads them through LibreOffice
        # The charter's articles run FIRST, SECOND, … with no gap, however many are switched off.
        headings = re.findall(r"(?<![\w\"])([A-Z]{4,}):", charter[fmt])
        assert headings == ARTICLES[:6 + sum(provisions.values())], (fmt, headings)
