"""Lint: findings about assembled documents, the term sheet behind them, and the clause library.

Each rule is a module of its own in ``lint/rules/`` and every finding has one small shape
(rule, document, place, excerpt, message, file, line), as Common Form's lint does. Errors are
what no signable document may have; warnings are for a lawyer to look at. ``build`` runs the
document and term-sheet rules before it writes anything and refuses on an error unless asked
for a draft; ``assembler lint`` runs the library rules.

    from assembler import lint
    findings = lint.check(sheet, documents)
    lint.errors(findings)
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .finding import SEVERITY, Finding
from .places import excerpt, places, strings
from .rules import ALL
from .rules import inconsistent_fact, preferred_authority, words_numerals_mismatch

if TYPE_CHECKING:
    from ..errors import TermSheetError
    from ..library import Library
    from ..termsheet import TermSheet
    from ..tree import Document

RULES = {rule.NAME: rule for rule in ALL}
SEVERITY.update({rule.NAME: rule.SEVERITY for rule in ALL})

# Single rules by their old names, for callers that run one.
facts = inconsistent_fact.check
words_and_numerals = words_numerals_mismatch.check


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def check(sheet: "TermSheet", documents: list["Document"], pdf: bool = True) -> list[Finding]:
    """Every term-sheet rule once (``pdf``: the PDF's too), then every document rule over every document."""
    scopes = ("term sheet", "pdf") if pdf else ("term sheet",)
    found = [finding for rule in ALL if rule.SCOPE in scopes for finding in rule.check(sheet)]
    values = [value for _, value in strings(sheet.data, everything=True)]
    for document in documents:
        found += check_document(document, values)
    return found


def check_document(document: "Document", values: list[str] = ()) -> list[Finding]:
    """Every document rule; ``values``, the term sheet's text values, tell names from terms."""
    return [finding for rule in ALL if rule.SCOPE == "document" for finding in rule.check(document, values)]


def check_library(library: "Library | None" = None) -> list[Finding]:
    """Every library rule over the clause library (ours, and a firm's before it)."""
    from ..library import Library
    from .clauses import survey

    walked = survey(library or Library())
    return [finding for rule in ALL if rule.SCOPE == "library" for finding in rule.check(walked)]


def sheet_warnings(sheet: "TermSheet") -> list["TermSheetError"]:
    """What the build prints as warnings about the term sheet itself."""
    return preferred_authority.warnings(sheet)


__all__ = ["Finding", "RULES", "check", "check_document", "check_library", "errors", "excerpt", "facts",
           "places", "sheet_warnings", "words_and_numerals"]
