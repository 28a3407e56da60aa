"""One document of every kind assembler writes, built in any formats, by kind: what the page rules
(tests/test_page_rules.py, and the DOCX-as-LibreOffice-lays-it-out checks) are measured on.

The kinds are those issue 23 names: the agreement (and with several Initial Investors, and with a
firm's override), the charter papers (the certificate, the conformed charter, a Certificate of
Amendment in each form: §241 before payment and §242 by the stockholders), an amendment's
instrument, conformed copy and redline, the redline of two term sheets, every notice letter kind,
and a firm library's Joinder Agreement.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .conftest import EXAMPLE, ROOT, SECOND, variant, write_sheet

AMENDED = ROOT / "tests" / "fixtures" / "amended-deal.yaml"
JOINDER = ROOT / "examples" / "joinder"
FIRM = ROOT / "examples" / "firm-override" / "library"

# The example signed by two Initial Investors; Tidewater is an Investor that is not a party.
SEVERAL = {
    "investor.name": "Harbor Lane Partners",
    "investor.signatory": {"name": "Pat Lee", "title": "Partner"},
    "other_investors": [
        {"name": "Crestview Fund", "party": True, "signatory": {"name": "Maria Ortiz", "title": "Managing Member"},
         "notices": {"address": {"lines": ["9 Elm Street"], "city": "Boston", "state": "Massachusetts",
                                 "postal_code": "02110"}, "attention": "Maria Ortiz"}},
        {"name": "Tidewater Partners LLC", "signatory": {"name": "Owen Ridley", "title": "Manager"},
         "notices": {"address": {"lines": ["17 Quay Street"], "city": "Portland", "state": "Maine",
                                 "postal_code": "04101"}}}]}

# The example revised: a new date, a longer notice period, Rule 144 taken out (Articles 8-11 renumber).
REVISED = {"agreement.date": "2001-02-01", "registration.piggyback.notice_days": 25, "rule_144.enabled": False}

DOCUMENT_KINDS = ["agreement", "several-investor agreement", "firm override", "charter", "conformed charter",
                  "certificate 241", "certificate 242", "amendment instrument", "conformed copy",
                  "amendment redline", "agreement redline", "joinder"]


def letter_kinds() -> list[str]:
    from .test_notices import LETTERS
    return [f"letter {kind}" for kind in LETTERS]


def kinds() -> list[str]:
    return DOCUMENT_KINDS + letter_kinds()


def build_all(out: Path, formats: tuple[str, ...] = ("pdf",)) -> dict[str, dict[str, Path]]:
    """Every kind, by kind, each as {format: path}."""
    from assembler import api

    from .test_notices import LETTERS, PARTIES, _request

    def made(folder: Path, stem: str) -> dict[str, Path]:
        return {fmt: folder / f"{stem}.{fmt}" for fmt in formats}

    found: dict[str, dict[str, Path]] = {}
    build = out / "build"
    api.build(EXAMPLE, formats, build, as_of=dt.date(1998, 1, 1))
    found["agreement"] = made(build, "registration-rights-agreement")
    found["charter"] = made(build, "certificate-of-incorporation")
    found["conformed charter"] = made(build, "certificate-of-incorporation-as-amended-through-1998-01-01")
    found["certificate 241"] = made(build, "certificate-of-amendment-1-1997-08-28")
    found["certificate 242"] = made(build, "certificate-of-amendment-2-1999-03-19")

    several = write_sheet(out, variant(SEVERAL), "several.yaml")
    api.build(several, formats, out / "several", only=("registration-rights-agreement",))
    found["several-investor agreement"] = made(out / "several", "registration-rights-agreement")

    api.build(EXAMPLE, formats, out / "firm", library_dirs=(str(FIRM),), only=("registration-rights-agreement",))
    found["firm override"] = made(out / "firm", "registration-rights-agreement")

    amend = out / "amend"
    api.amend(AMENDED, 2, amend, formats)
    found["amendment instrument"] = made(amend, "registration-rights-agreement-amendment-2")
    found["conformed copy"] = made(amend, "registration-rights-agreement-conformed-through-amendment-2")
    found["amendment redline"] = made(amend, "registration-rights-agreement-redline-amendment-2")

    redline_formats = tuple(f for f in formats if f in ("docx", "pdf", "html", "txt"))
    changed = write_sheet(out, variant(REVISED), "revised.yaml")
    api.redline(EXAMPLE, changed, out / "redline", redline_formats)
    found["agreement redline"] = made(out / "redline", "registration-rights-agreement-redline")

    api.build(JOINDER / "termsheet.yaml", formats, out / "joinder", library_dirs=(str(JOINDER / "library"),),
              only=("joinder-agreement",))
    found["joinder"] = made(out / "joinder", "joinder-agreement")

    deal = write_sheet(out, variant(PARTIES, base=SECOND), "letters.yaml")
    letter_formats = tuple(f for f in formats if f in ("docx", "pdf", "txt"))
    for kind, spec in LETTERS.items():
        result = api.notice(deal, kind, spec["to"], out=out / "letters" / kind, formats=letter_formats,
                            **_request(kind))
        found[f"letter {kind}"] = {path.suffix[1:]: path for path in result.outputs}
    return found
