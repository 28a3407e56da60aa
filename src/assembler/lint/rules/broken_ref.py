"""A reference to a section that is not in the document."""
from __future__ import annotations

from ...tree import Document, Ref, inlines_of, plain
from ..finding import Finding
from ..places import places

NAME = "broken-ref"
SEVERITY = "error"
ABOUT = "a reference to a section that is not in the document"
SCOPE = "document"


def check(document: Document, values: list[str] = ()) -> list[Finding]:
    found = []
    for where, block in places(document):
        for run in inlines_of(block):
            for item in run:
                if isinstance(item, Ref) and item.target not in document.sections:
                    # A document citing another (a joinder, its agreement) looked in that one too.
                    cited = " nor in the document it cites, as this term sheet makes them" if document.cited_terms \
                        else ""
                    found.append(Finding(NAME, document.name, where, plain(run)[:80],
                                         f"refers to section '{item.target}', which is not in this document{cited}",
                                         file=item.clause or None))
    return found
