"""A term defined but never used. A use is the term, or its plural or possessive, outside its own
definition."""
from __future__ import annotations

import re

from ...tree import Document
from ..finding import Finding
from ..places import texts
from .definitions import definitions

NAME = "unused-definition"
SEVERITY = "warning"
ABOUT = "a term defined but never used"
SCOPE = "document"


def check(document: Document, values: list[str] = ()) -> list[Finding]:
    defined: dict[str, str] = {}
    for term, where in definitions(document):
        defined.setdefault(term, where)
    if not defined:
        return []
    text = " ".join(words for _, words in texts(document))
    # One pass for all terms, longest first, so "Registration Statement" is not also "Registration".
    terms = sorted(defined, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, terms)) + r")(?:s|es|'s|s')?(?![\w-])")
    counts: dict[str, int] = {}
    for match in pattern.finditer(text):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return [Finding(NAME, document.name, where, term, f"defines \"{term}\" but never uses it")
            for term, where in defined.items() if counts.get(term, 0) <= 1]  # 1: the definition itself
