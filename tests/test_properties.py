"""Property: any valid values build, and every value is in the text as it was given."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assembler import api, lint

from .conftest import SECOND, flat, variant, write_sheet

# Letters and digits of any script, spaces, and the characters markup and templates care about.
# Parentheses are left out: "one (2)" in a name would rightly be a words-and-numerals error.
TEXT = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Nd", "Zs"), include_characters="&<>\"'{}%#.,-/;:!?$*"),
    min_size=1, max_size=40,
).map(lambda s: " ".join(s.split())).filter(bool)

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
        assert errors <= {"inconsistent-fact"}, errors
        text = flat((Path(folder) / "out" / "registration-rights-agreement.txt").read_text())
    for field, value in values.items():
        assert value in text, (field, value)
    for field, n in counts.items():
        assert f"({n})" in text, (field, n)
