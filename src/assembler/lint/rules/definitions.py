"""Where a document defines its terms: shared by the definition rules."""
from __future__ import annotations

from ...tree import Def, Document, inlines_of
from ..places import places


def definitions(document: Document) -> list[tuple[str, str]]:
    """(term, place) for every definition, in reading order, repeats included."""
    return [(item.term, where) for where, block in places(document)
            for run in inlines_of(block) for item in run if isinstance(item, Def)]
