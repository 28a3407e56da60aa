"""A fact the term sheet leaves open, printed as a blank."""
from __future__ import annotations

from ...tree import Blank, Document, inlines_of, plain
from ..finding import Finding
from ..places import excerpt, places

NAME = "unfilled-blank"
SEVERITY = "warning"
ABOUT = "a fact the term sheet leaves open, printed as a blank"
SCOPE = "document"


def check(document: Document, values: list[str] = ()) -> list[Finding]:
    found = []
    for where, block in places(document):
        for run in inlines_of(block):
            text = plain(run)
            for i, item in enumerate(run):
                if isinstance(item, Blank):
                    at = len(plain(run[:i]))
                    found.append(Finding(NAME, document.name, where, excerpt(text, at, at + 10),
                                         f"leaves {item.name} blank; give it in the term sheet"))
    return found
