"""Blank-check power over preferred stock given to anyone but the board (DGCL 102(a)(4), 151(g))."""
from __future__ import annotations

from ...errors import TermSheetError
from ...termsheet import TermSheet, dotted
from ..finding import Finding

NAME = "preferred-authority"
SEVERITY = "warning"
ABOUT = "blank-check power over preferred stock given to other than the board"
SCOPE = "term sheet"


def warnings(sheet: TermSheet) -> list[TermSheetError]:
    """As the build prints them, one line each with file, line and field."""
    deal, name = sheet.deal, str(sheet.path)
    found: list[TermSheetError] = []
    if deal.charter is None:
        return found
    capitals = [(("charter", "capital"), deal.charter.capital)]
    capitals += [(("charter", "amendments", i, "changes", "capital"), a.changes.capital)
                 for i, a in enumerate(deal.charter.amendments) if a.changes.capital]
    for path, capital in capitals:
        holder = capital.preferred_terms_by
        if holder and "board" not in holder.lower():
            where = path + ("preferred_terms_by",)
            found.append(TermSheetError(
                f"gives blank-check authority over preferred stock to '{holder}', not the board of "
                "directors; DGCL 102(a)(4) and 151(g) give it to the board", file=name,
                line=sheet.line_of(where), field=dotted(where)))
    return found


def check(sheet: TermSheet) -> list[Finding]:
    return [Finding(NAME, "term sheet", warning.field or "", "", warning.message, file=warning.file,
                    line=warning.line) for warning in sheet.warnings]
