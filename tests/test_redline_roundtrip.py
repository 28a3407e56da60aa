"""Word redlines reviewed in LibreOffice, for every kind of change: words, whole paragraphs and whole
articles inserted, deleted and both; renumbered sections; a rewritten address block. Accepting every
change gives the new version and rejecting every change the old one, word for word and number for
number, as LibreOffice reads the two versions built as ordinary DOCX files. As the redline is shown
(changes visible), each renumbered item shows its old number struck and its new one inserted.
"""
from __future__ import annotations

import re
import shutil

import pytest

from assembler import api

from .conftest import EXAMPLE, docx_texts, flat, libreoffice_review, variant, write_sheet

NEW_ADDRESS = {  # the Company's notice address rewritten: a line added, one changed, one gone
    "company.notices.address.lines": ["12 Andrews Drive", "Suite 300"],
    "company.principal_office.lines": ["12 Andrews Drive", "Suite 300"],
    "company.notices.attention": "Dana Whitcombe",
    "company.notices.telephone": None,
}
# name: (the old version's changes to the example, the new version's, what the shown redline says)
SCENARIOS = {
    "an article deleted, words and an address line changed": (
        {}, {"rule_144.enabled": False, "registration.effectiveness_deadline_days": 150,
             "investor.notices.attention": "Jane Q. Doe"},
        ["7. Rule 144 With a view", "8. 7. Assignment", "9. 8. Amendment and Waiver", "11. 10. Miscellaneous",
         "Attention: Nelson Braff"]),
    "an article inserted": (
        {"rule_144.enabled": False}, {},
        ["7. Rule 144 With a view", "7. 8. Assignment", "8. 9. Amendment and Waiver", "10. 11. Miscellaneous",
         ]),
    "sub-items and a definition deleted, words cut": (
        {}, {"registration.piggyback.enabled": False, "company_obligations.nasd_qualified_independent_underwriter":
             False},
        ['(viii) "Public Offering" means', '(ix) (viii) "Registrable Securities" means',
         '(xi) (x) "Restricted Security" means']),
    "sub-items and a definition inserted, words added": (
        {"registration.piggyback.enabled": False, "company_obligations.nasd_qualified_independent_underwriter":
         False}, {},
        ['(viii) "Public Offering" means', '(viii) (ix) "Registrable Securities" means',
         '(x) (xi) "Restricted Security" means']),
    "paragraphs in and out at once, an address block rewritten": (
        {"registration.piggyback.enabled": False},
        {"company_obligations.nasd_qualified_independent_underwriter": False, **NEW_ADDRESS},
        ['(viii) "Public Offering" means', "The Auxer Group, Inc. 12 Andrews Drive Suite 300 West Paterson",
         "Attention: Ronald M. Shaver"]),
}
WORD_JOINER = "\u2060"  # holds a reference's fields together in the clean DOCX; no part of its words
BRACKETED = re.compile(r"\[\(?[0-9ivxlc]{1,6}[.)]\]")  # LibreOffice's way of showing a live number changed


@pytest.fixture(scope="module", params=list(SCENARIOS))
def reviewed(request, tmp_path_factory):
    """For one scenario: the redline as LibreOffice shows it, accepted and rejected; and the two
    versions built as ordinary DOCX files, as LibreOffice reads them."""
    old_changes, new_changes, _ = SCENARIOS[request.param]
    folder = tmp_path_factory.mktemp("roundtrip")
    sheets = {which: write_sheet(folder, variant(changes), f"{which}.yaml")
              for which, changes in (("old", old_changes), ("new", new_changes))}
    redline = api.redline(sheets["old"], sheets["new"], folder / "redline", ("docx",))[0]
    read = folder / "read"
    read.mkdir()
    files = {"shown": read / "shown.docx"}
    shutil.copy(redline, files["shown"])
    for which, sheet in sheets.items():
        api.build(sheet, ("docx",), folder / which, only=("registration-rights-agreement",))
        files[which] = read / f"{which}.docx"
        shutil.copy(folder / which / "registration-rights-agreement.docx", files[which])
    texts = docx_texts(list(files.values()), read / "lo")
    review = folder / "review"
    review.mkdir()
    return {"name": request.param, "docx": redline,
            **{which: texts[path] for which, path in files.items()},
            "accept": libreoffice_review(redline, "accept", review),
            "reject": libreoffice_review(redline, "reject", review)}


def _lines(text: str) -> list[str]:
    """Paragraph by paragraph, spacing folded and word joiners dropped, without the redline's legend."""
    return [line for line in (" ".join(l.replace(WORD_JOINER, "").split()) for l in text.splitlines())
            if line and not line.startswith("Redline of")]


def _first_difference(got: list[str], want: list[str]) -> str:
    for i, (a, b) in enumerate(zip(got, want)):
        if a != b:
            at = next(j for j, (x, y) in enumerate(zip(a + "\0", b + "\0")) if x != y)
            return f"paragraph {i}: got «…{a[max(0, at - 60):at + 60]}» want «…{b[max(0, at - 60):at + 60]}»"
    return f"{len(got)} paragraphs against {len(want)}: «{(got[len(want):] or want[len(got):])[0][:120]}»"


def test_accepting_every_change_in_libreoffice_gives_the_new_version(reviewed):
    got, want = _lines(reviewed["accept"]), _lines(reviewed["new"])
    assert got == want, f"{reviewed['name']}: {_first_difference(got, want)}"


def test_rejecting_every_change_in_libreoffice_gives_the_old_version(reviewed):
    got, want = _lines(reviewed["reject"]), _lines(reviewed["old"])
    assert got == want, f"{reviewed['name']}: {_first_difference(got, want)}"


def test_the_shown_redline_gives_each_item_its_new_number_and_its_old_one_where_it_changed(reviewed):
    shown = flat(reviewed["shown"])
    for phrase in SCENARIOS[reviewed["name"]][2]:
        assert phrase in shown, f"{reviewed['name']}: the redline does not show «{phrase}»"
    assert not BRACKETED.search(shown), BRACKETED.search(shown).group(0)


def test_the_versions_differ_as_the_scenario_says(reviewed):
    """The scenario is what it claims (a test of nothing would pass the others)."""
    assert _lines(reviewed["old"]) != _lines(reviewed["new"])
    assert len(_lines(reviewed["shown"])) >= max(len(_lines(reviewed["old"])), len(_lines(reviewed["new"])))
