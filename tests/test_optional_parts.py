"""Switching optional parts off: their text goes, later numbers and every reference follow."""
from __future__ import annotations

import pytest

from assembler import api

from .conftest import Built, variant, write_sheet


def _text(tmp_path, changes) -> str:
    sheet = api.load_termsheet(write_sheet(tmp_path, variant(changes)))
    return " ".join(api.render(api.assemble(sheet), "txt").decode().split())


def test_piggyback_off_drops_2c_and_its_references(tmp_path):
    on = _text(tmp_path, {})
    off = _text(tmp_path, {"registration.piggyback.enabled": False})
    assert "(c) (i) If the Company proposes to register" in on
    assert "If the Company proposes to register" not in off
    assert "Maximum Offering Size" not in off and "Third-Party Sellers" not in off
    assert "Section 2(c)" not in off
    assert "3. OBLIGATIONS OF THE COMPANY" in off
    # "Public Offering" is used only in 2(c): its definition goes too, and the later ones move up.
    assert "Public Offering" not in off
    assert '(viii) "Registrable Securities" means' in off and '(ix) "Registrable Securities"' in on


def test_nasd_clause_off_drops_3r_and_mends_the_list(tmp_path):
    on = _text(tmp_path, {})
    off = _text(tmp_path, {"company_obligations.nasd_qualified_independent_underwriter": False})
    assert "Qualified Independent Underwriter" in on and "Qualified Independent Underwriter" not in off
    assert "NASD Rules" not in off
    assert "(q) In connection with any underwritten offering, deliver" in off
    assert "required by the managers, if any. 4. OBLIGATIONS OF THE INVESTORS" in off
    assert "secondary underwritten offerings; and (q)" in off


@pytest.fixture(scope="module")
def without_rule_144(tmp_path_factory):
    folder = tmp_path_factory.mktemp("no144")
    return Built(write_sheet(folder, variant({"rule_144.enabled": False})), folder / "out")


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_rule_144_off_renumbers_later_articles_and_references(example_build, without_rule_144, fmt):
    before, after = example_build.text(fmt), without_rule_144.text(fmt)
    heading = str.upper if fmt in ("txt", "pdf") else str.title
    assert heading("7. Rule 144") in before and heading("7. Rule 144") not in after
    assert heading("7. Assignment") in after and heading("8. Assignment") in before
    assert heading("10. Miscellaneous") in after
    pairs = [  # (with Rule 144, without): every reference to an article after it moves down by one
        ("in accordance with Section 8 hereof", "in accordance with Section 7 hereof"),
        ("effected in accordance with this Section 9", "effected in accordance with this Section 8"),
        ("notice given pursuant to this Section 11(c)", "notice given pursuant to this Section 10(c)"),
        ("Subject to the requirements of Section 8 hereof", "Subject to the requirements of Section 7 hereof"),
    ]
    for old, new in pairs:
        assert old in before and new in after and old not in after, (fmt, old)
    # References to sections before Rule 144 do not move.
    assert "described in Section 3(e) or 3(f)" in after
