"""A term defined twice."""
from __future__ import annotations

from ...tree import Document
from ..finding import Finding
from .definitions import definitions

NAME = "duplicate-definition"
SEVERITY = "error"
ABOUT = "a term defined twice"
SCOPE = "document"


def check(document: Document, values: list[str] = ()) -> list[Finding]:
    found = []
    first: dict[str, str] = {}
    for term, where in definitions(document):
        if term in first:
            found.append(Finding(NAME, document.name, where, term,
                                 f"defines \"{term}\" again; it is defined in {first[term]}"))
        else:
            first[term] = where
    return found
