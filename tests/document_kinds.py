"""Every kind of document assembler writes, built once in DOCX and PDF: what the page rules are
checked on. The kinds are issue 23's: agreement, several-investor agreement, charter, conformed
charter, both certificate forms, instrument, conformed copy, both redlines, every letter kind,
joinder and firm override."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .conftest import EXAMPLE, ROOT, SECOND, variant, write_sheet
from .page_kinds import AMENDED, SEVERAL  # the same deals the PDF rules are checked on

JOINDER = ROOT / "examples" / "joinder" / "termsheet.yaml"
FIRM_LIBRARY = ROOT / "examples" / "firm-override" / "library"


# Each kind of letter, to whom and when: tests/test_notices.py's letters, on the second deal with its
# parties (one Investor by assignment, one with counsel to copy).
def _letters():
    from .test_notices import LETTERS, PARTIES
    return LETTERS, PARTIES


def build(out: Path, formats: tuple[str, ...] = ("docx", "pdf")) -> dict[str, dict[str, Path]]:
    """kind → format → file."""
    from assembler import api

    def only(folder: Path, stem: str) -> dict[str, Path]:
        return {fmt: folder / f"{stem}.{fmt}" for fmt in formats}

    b = out / "build"
    api.build(EXAMPLE, formats, b, as_of=dt.date(1998, 1, 1))
    several = write_sheet(out, variant(SEVERAL), "several.yaml")
    api.build(several, formats, out / "several", only=("registration-rights-agreement",))
    api.amend(AMENDED, 2, out / "amend", formats)
    api.redline(EXAMPLE, AMENDED, out / "redline", formats)
    api.build(JOINDER, formats, out / "joinder")
    api.build(EXAMPLE, formats, out / "firm", library_dirs=(str(FIRM_LIBRARY),),
              only=("registration-rights-agreement",))
    kinds = {
        "agreement": only(b, "registration-rights-agreement"),
        "several-investor agreement": only(out / "several", "registration-rights-agreement"),
        "charter": only(b, "certificate-of-incorporation"),
        "conformed charter": only(b, "certificate-of-incorporation-as-amended-through-1998-01-01"),
        "certificate of amendment": only(b, "certificate-of-amendment-2-1999-03-19"),
        "instrument": only(out / "amend", "registration-rights-agreement-amendment-2"),
        "conformed copy": only(out / "amend", "registration-rights-agreement-conformed-through-amendment-2"),
        "amendment redline": only(out / "amend", "registration-rights-agreement-redline-amendment-2"),
        "redline": only(out / "redline", "registration-rights-agreement-redline"),
        "firm override": only(out / "firm", "registration-rights-agreement"),
    }
    before_payment = sorted(b.glob("certificate-of-amendment-1-*.docx"))
    if before_payment:
        kinds["certificate of amendment before payment"] = only(b, before_payment[0].stem)
    for path in sorted((out / "joinder").glob("*.docx")):
        kinds[f"joinder {path.stem}"] = only(out / "joinder", path.stem)
    letters, parties = _letters()
    deal = write_sheet(out, variant(parties, base=SECOND), "deal.yaml")
    for kind, spec in letters.items():
        request = {key: (dt.date.fromisoformat(value) if key.endswith("date") else value)
                   for key, value in spec.items() if key not in ("to", "says")}
        made = api.notice(deal, kind, spec["to"], out=out / "letters" / kind, formats=formats, **request)
        kinds[f"letter {kind}"] = {path.suffix[1:]: path for path in made.outputs}
    return kinds


def libreoffice_layouts(kinds: dict[str, dict[str, Path]], out: Path) -> dict[str, Path]:
    """kind → its DOCX laid out by LibreOffice as PDF. Files of one name (several kinds are a
    registration-rights-agreement.docx) go to LibreOffice in separate runs, each its own folder."""
    from .conftest import libreoffice_pdfs

    rounds: list[dict[str, Path]] = []
    for kind, files in kinds.items():
        if "docx" not in files:
            continue
        free = next((r for r in rounds if files["docx"].stem not in {p.stem for p in r.values()}), None)
        if free is None:
            rounds.append(free := {})
        free[kind] = files["docx"]
    out.mkdir(parents=True, exist_ok=True)
    laid: dict[str, Path] = {}
    for number, chosen in enumerate(rounds):
        pdfs = libreoffice_pdfs(list(chosen.values()), out / f"round-{number}")
        laid.update({kind: pdfs[path] for kind, path in chosen.items()})
    return laid
