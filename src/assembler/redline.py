"""Redline: compare two resolved documents word by word, on the tree.

Both documents are flattened to paragraphs as a reader sees them, numbers
included, each keyed by where it sits (a section's id, or its place among its
section's paragraphs). Paragraphs are aligned by key, so a section renumbered
only because an earlier one was added or removed pairs with itself: its number
shows as changed and its unchanged words as unchanged. Within a pair, words are
compared; a paragraph with no partner is wholly inserted or deleted.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from . import layout
from .tree import (AddressBlock, Document, Legend, Paragraph, Section, Signature, Title, plain)

TOKEN = re.compile(r"\S+\s*")


@dataclass
class Line:
    """One paragraph of a flattened document."""
    key: tuple
    text: str
    kind: str = "body"     # "title", "heading", "body", "address", "signature", "legend"
    level: int = 0


@dataclass
class Change:
    """One paragraph of the redline: its runs, each equal, inserted or deleted."""
    runs: list[tuple[str, str]]   # (op, text); op in "equal", "insert", "delete"
    kind: str = "body"
    level: int = 0
    whole: str = "equal"          # "insert" or "delete" when the paragraph itself is new or gone


def flatten(document: Document) -> list[Line]:
    lines: list[Line] = []
    _flatten(document.blocks, ("top",), 0, lines, document.article_style)
    return lines


def _flatten(blocks, where: tuple, level: int, out: list[Line], article_style: str):
    count = 0
    for block in blocks:
        if isinstance(block, Section):
            opening = layout.lead(block, article_style)
            title = (opening.title.upper() if opening.heading else opening.title) if opening.title else ""
            words = f"{opening.label} {title}".strip()
            if opening.heading:
                out.append(Line((block.id,), words, "heading", block.level))
            else:
                first = plain(opening.first.inlines) if opening.first else ""
                out.append(Line((block.id,), f"{words} {first}".strip(), "body", block.level))
            _flatten(list(opening.rest), (block.id,), block.level, out, article_style)
            continue
        count += 1
        key = where + (type(block).__name__, count)
        if isinstance(block, Title):
            out.append(Line(key, plain(block.inlines).upper(), "title", level))
        elif isinstance(block, Paragraph):
            out.append(Line(key, plain(block.inlines), "body", level))
        elif isinstance(block, Legend):
            out.append(Line(key, plain(block.inlines).upper(), "legend", level))
        elif isinstance(block, AddressBlock):
            for i, line in enumerate(block.lines):
                label = f"{line.label}: " if line.label else ""
                out.append(Line(key + (i,), label + plain(line.inlines), "address", level))
        elif isinstance(block, Signature):
            # The words of the block, not its lines to sign on.
            parts = [f"{line.caption} {plain(line.value)}".strip() for line in layout.signature_lines(block)
                     if line.value and line.kind != "line"]
            for i, text in enumerate(p for p in parts if p):
                out.append(Line(key + (i,), text, "signature", level))


def compare(old: Document, new: Document) -> list[Change]:
    before, after = flatten(old), flatten(new)
    matcher = difflib.SequenceMatcher(None, [l.key for l in before], [l.key for l in after], autojunk=False)
    changes: list[Change] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(before[a1:a2], after[b1:b2]):
                changes.append(Change(words(a.text, b.text), b.kind, b.level))
            continue
        # Keys that do not line up: pair what we can by position, the rest is whole paragraphs.
        olds, news = before[a1:a2], after[b1:b2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for a, b in zip(olds[:paired], news[:paired]):
            changes.append(Change(words(a.text, b.text), b.kind, b.level))
        for a in olds[paired:]:
            changes.append(Change([("delete", a.text)], a.kind, a.level, whole="delete"))
        for b in news[paired:]:
            changes.append(Change([("insert", b.text)], b.kind, b.level, whole="insert"))
    return changes


def words(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level runs turning ``old`` into ``new``."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    runs: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("equal", "".join(b[b1:b2])))
            continue
        if a2 > a1:
            runs.append(("delete", "".join(a[a1:a2])))
        if b2 > b1:
            runs.append(("insert", "".join(b[b1:b2])))
    return runs


def side(changes: list[Change], which: str) -> list[str]:
    """The paragraphs of one side: "old" (reject every change) or "new" (accept every change)."""
    drop = "insert" if which == "old" else "delete"
    return [" ".join("".join(text for op, text in c.runs if op != drop).split())
            for c in changes if c.whole != drop]
