"""Where things are: the words of a document place by place, and a term sheet's text values."""
from __future__ import annotations

from typing import Any, Iterator

from ..tree import Document, Note, Section, inlines_of, origin_name, plain


def places(document: Document) -> Iterator[tuple[str, Any]]:
    """(place, block) for every block that holds words, in reading order."""
    article = document.numbering[:1] == ["ordinal-word"]

    def visit(blocks, where, top=None):
        for block in blocks:
            if isinstance(block, Section) and article:  # "Article EIGHTH", "Article EIGHTH, paragraph 3"
                name = f"Article {top.number}, paragraph {block.label.strip('.')}" if top else f"Article {block.number}"
                yield from visit(block.children, name, top or block)
            elif isinstance(block, Section):
                yield from visit(block.children, f"Section {block.number}")
            else:
                yield where, block

    for i, block in enumerate(document.blocks):
        yield from visit([block], origin_name(document, i) or "document")


def texts(document: Document) -> Iterator[tuple[str, str]]:
    """(place, plain text) for every run of words, footnotes and the footer included."""
    for where, block in places(document):
        for run in inlines_of(block):
            yield where, plain(run)
            for item in run:
                if isinstance(item, Note):
                    yield where, plain(item.inlines)
    if document.footer:
        yield "footer", document.footer


def excerpt(text: str, start: int, end: int, width: int = 40) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    return ("…" if left else "") + " ".join(text[left:right].split()) + ("…" if right < len(text) else "")


# Amendments restate facts on purpose: a new value there is not a slip.
RESTATED = ("amendments", "address_changes", "changes", "clauses", "add_after")


def strings(node: Any, path: tuple = (), everything: bool = False) -> Iterator[tuple[tuple, str]]:
    """(field path, value) for every text value of a term sheet's data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if everything or key not in RESTATED:
                yield from strings(value, path + (key,), everything)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from strings(value, path + (i,), everything)
    elif isinstance(node, str):
        yield path, node
