"""Parse a clause's rendered markup into tree nodes.

The markup is a small XML vocabulary (see docs/clause-markup.md). Term-sheet
values reach it escaped, so whatever a value holds parses back as text.
Whitespace folds as in HTML.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .errors import ClauseError
from .tree import (AddressBlock, AddressLine, Blank, Block, Def, Excerpt, Inline, Legend, Note, PageBreak,
                   Paragraph, Ref, Section, Signature, Text, Title)

_SPACE = re.compile(r"\s+")
MARKS = {"b", "i", "u"}
REF_FORMS = {"section", "number", "local"}
SIGNATURE_FORMS = ("by", "line", "officer")


def parse(source: str, clause: str) -> list[Block]:
    try:
        root = ET.fromstring(f"<clause>{source}</clause>")
    except ET.ParseError as exc:
        line, col = exc.position
        shown = source.splitlines()[line - 1].strip()[:80] if 0 < line <= len(source.splitlines()) else ""
        raise ClauseError(f"renders to markup that does not parse ({exc.msg.split(':')[0]}) near «{shown}»",
                          file=clause, line=line) from None
    return _blocks(root, clause)


def _blocks(element: ET.Element, clause: str) -> list[Block]:
    blocks: list[Block] = []
    if (element.text or "").strip():
        raise ClauseError(f"has text outside a <p>: «{element.text.strip()[:60]}»", file=clause)
    for child in element:
        blocks.append(_block(child, clause))
        if (child.tail or "").strip():
            raise ClauseError(f"has text outside a <p>: «{child.tail.strip()[:60]}»", file=clause)
    return blocks


def _block(el: ET.Element, clause: str) -> Block:
    tag = el.tag
    if tag == "section":
        if not el.get("id"):
            raise ClauseError("has a <section> without an id", file=clause)
        return Section(id=el.get("id"), title=_fold(el.get("title")) or None,
                       children=_blocks(el, clause), clause=clause)
    if tag == "p":
        return Paragraph(_inlines(el, clause), align=el.get("align"), flush=el.get("indent") == "0")
    if tag == "title":
        return Title(_inlines(el, clause))
    if tag == "legend":
        return Legend(_inlines(el, clause))
    if tag == "pagebreak":
        return PageBreak()
    if tag == "excerpt":
        if not el.get("section"):
            raise ClauseError("has an <excerpt> without a section", file=clause)
        return Excerpt(el.get("section"), clause)
    if tag == "address":
        lines = []
        for line in el:
            if line.tag not in ("line", "contact"):
                raise ClauseError(f"has <{line.tag}> inside <address>; only <line> and <contact> go there",
                                  file=clause)
            lines.append(AddressLine(_inlines(line, clause), label=line.get("label")))
        return AddressBlock(lines)
    if tag == "signature":
        parts = {child.tag: _inlines(child, clause) for child in el}
        unknown = set(parts) - {"entity", "name", "title"}
        if unknown:
            raise ClauseError(f"has <{unknown.pop()}> inside <signature>", file=clause)
        form = el.get("form", "by")
        if form not in SIGNATURE_FORMS:
            raise ClauseError(f"has a <signature> of form '{form}'", file=clause,
                              hint="known: " + ", ".join(SIGNATURE_FORMS))
        return Signature(entity=parts.get("entity"), name=parts.get("name", []),
                         title=parts.get("title", []), form=form)
    raise ClauseError(f"uses an unknown block element <{tag}>", file=clause,
                      hint="known: section, p, title, address, legend, pagebreak, signature, excerpt")


def _inlines(el: ET.Element, clause: str) -> list[Inline]:
    items: list[Inline] = []
    _collect(el, frozenset(), items, clause, top=True)
    return _normalise(items)


def _collect(el: ET.Element, marks: frozenset, items: list, clause: str, top: bool = False):
    if el.text:
        items.append(Text(el.text, marks))
    for child in el:
        tag = child.tag
        if tag in MARKS:
            _collect(child, marks | {tag}, items, clause)
        elif tag == "def":
            items.append(Def(_fold("".join(child.itertext())), marks))
        elif tag == "ref":
            form = child.get("form", "section")
            if not child.get("to") or form not in REF_FORMS:
                raise ClauseError(f"has a <ref> without a target or with form '{form}'", file=clause,
                                  hint="write <ref to=\"id\"/> with form section, number or local")
            items.append(Ref(child.get("to"), form, clause, marks))
        elif tag == "blank":
            items.append(Blank(child.get("name", ""), marks))
        elif tag == "note":
            inner: list = []
            _collect(child, frozenset(), inner, clause)
            items.append(Note(_normalise(inner), marks=marks))
        else:
            raise ClauseError(f"uses an unknown inline element <{tag}>", file=clause,
                              hint="known: def, ref, blank, note, b, i, u")
        if child.tail:
            items.append(Text(child.tail, marks))


def _fold(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _normalise(items: list[Inline]) -> list[Inline]:
    """Fold whitespace across runs, trim the ends, merge neighbours with equal marks."""
    out: list[Inline] = []
    for item in items:
        if isinstance(item, Text):
            text = _SPACE.sub(" ", item.text)
            prev_ends_space = not out or (isinstance(out[-1], Text) and out[-1].text.endswith(" "))
            if prev_ends_space:
                text = text.lstrip(" ")
            if not text:
                continue
            if out and isinstance(out[-1], Text) and out[-1].marks == item.marks:
                out[-1] = Text(out[-1].text + text, item.marks)
            else:
                out.append(Text(text, item.marks))
        else:
            out.append(item)
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip(" "), out[-1].marks)
        if not out[-1].text:
            out.pop()
    return out
