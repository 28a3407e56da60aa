"""Both sides as one vocabulary: a document is a list of ``Unit``s, one per paragraph as our DOCX
writer lays the tree out, each owned by a section id (or "@clause" outside any section).

One paragraph is two units: a section with no words of its own runs its first sub-section into its
line, "(c) (i) If the Company …" (``layout.lead(join=True)``, as the writer sets it). Its units are
the parent's heading, with no words, and the sub-section's, ``run_in``, its label typed in the
paragraph; their draft's paragraph is cut the same way (``split_run_ins``), so each section is
compared with its own words and a change in the paragraph is the sub-section's.

A cross-reference is kept as a ``RefPiece`` (the section it points to) rather than its words, so a
draft whose REF fields still show stale numbers (Word updates them only on F9 or print) compares
as Word would show it once its fields are updated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .. import layout
from ..readers import comparable
from ..readers.model import ViewParagraph
from ..tree import (AddressBlock, Blank, Def, Del, Document, Ins, Legend, Note, Paragraph, Ref, Section,
                    Signature, Text, Title, section_parents)
from ..writers.text import legend_lines
from ..writers.docx import WORD_JOINER


@dataclass(frozen=True)
class RefPiece:
    """One level of a cross-reference: "2" or "(c)" of section ``target``."""
    target: str
    cached: str = ""


@dataclass
class Unit:
    owner: str                       # section id, or "@<clause>" outside any section
    pieces: list                     # str | RefPiece
    heading: bool = False            # the section's own numbered paragraph
    number: str | None = None        # its label as shown ("2.", "(a)")
    source: int | None = None        # their view's paragraph index
    bookmarks: list[str] = field(default_factory=list)
    run_in: bool = False             # in the paragraph of the unit before, its label typed: "(c) (i) If …"

    def text(self, numbers: dict[str, str] | None = None) -> str:
        return "".join(p if isinstance(p, str) else (numbers or {}).get(p.target, p.cached) for p in self.pieces)

    def words(self, numbers: dict[str, str] | None = None) -> str:
        return comparable(self.text(numbers))


def numbers_of(document: Document) -> dict[str, str]:
    """Section id → the piece a REF field to it shows: "2", "(c)" (its number less its parent's)."""
    parents = section_parents(document.blocks)
    out = {}
    for sid, section in document.sections.items():
        parent = parents.get(sid)
        out[sid] = section.number[len(document.sections[parent].number):] if parent and \
            parent in document.sections and section.number.startswith(document.sections[parent].number) \
            else section.number
    return out


def ancestry(document: Document) -> dict[str, list[str]]:
    parents = section_parents(document.blocks)
    out = {}
    for sid in document.sections:
        chain = [sid]
        while chain[0] in parents:
            chain.insert(0, parents[chain[0]])
        out[sid] = chain
    return out


def of_tree(document: Document) -> list[Unit]:
    """The paragraphs our DOCX writer makes of the tree, in order, with their owners."""
    return _TreeUnits(document).units


class _TreeUnits:
    def __init__(self, document: Document):
        self.document = document
        self.chains = ancestry(document)
        self.units: list[Unit] = []
        for index, block in enumerate(document.blocks):
            origin = document.origins[index] if index < len(document.origins) else ""
            self.blocks([block], "@" + origin)

    def blocks(self, blocks, owner: str):
        for block in blocks:
            if isinstance(block, Section):
                self.section(block)
            elif isinstance(block, (Title, Paragraph)):
                self.units.append(Unit(owner, self.inlines(block.inlines)))
            elif isinstance(block, Legend):
                text = "".join(getattr(i, "text", "") for i in block.inlines)
                self.units.append(Unit(owner, ["\n".join(legend_lines(text))]))
            elif isinstance(block, AddressBlock):
                for line in block.lines:
                    self.units.append(Unit(owner, ([f"{line.label}:\t"] if line.label else []) + self.inlines(line.inlines)))
            elif isinstance(block, Signature):
                for line in layout.signature_lines(block):
                    self.units.append(Unit(owner, self.signature_line(block, line)))

    def signature_line(self, block: Signature, line) -> list:
        if line.kind == "entity":
            return self.inlines(line.value) if line.value else ["_" * 30]
        if line.kind == "line":
            head = [line.caption + " "] if line.caption else []
            return head + (["/s/ "] + self.inlines(line.value) if line.value else ["_" * 30])
        head = [line.caption + (" " if line.caption.endswith(":") else "")] if line.caption else []
        return head + self.inlines(line.value or [])

    def section(self, section: Section):
        typed = self.document.numbering[section.level - 1] == "ordinal-word"
        if typed:  # "FIRST:" typed as text (a charter's articles): its number, as the reader reads it
            self.units.append(Unit(section.id, [section.title or ""], heading=True, number=section.label))
            self.blocks(section.children, section.id)
            return
        opening = layout.lead(section, self.document.article_style, join=True)
        if opening.joined:  # "(c) (i) If …": the parent's number, then the sub-section's words
            joined = opening.joined
            self.units.append(Unit(section.id, [], heading=True, number=section.label))
            self.units.append(Unit(joined.id, self.inlines(opening.first.inlines), heading=True, number=joined.label,
                                   run_in=True))
            own = len(joined.children) - 1  # the joined sub-section's other blocks come first
            self.blocks(list(opening.rest[:own]), joined.id)
            self.blocks(list(opening.rest[own:]), section.id)
            return
        pieces: list = []
        if opening.heading:
            if opening.title:
                pieces.append(opening.title)
        else:
            if opening.title:
                pieces.append(opening.title + " ")
            if opening.first:
                pieces += self.inlines(opening.first.inlines)
        self.units.append(Unit(section.id, pieces, heading=True, number=section.label))
        self.blocks(list(opening.rest), section.id)

    def inlines(self, inlines) -> list:
        out: list = []
        for item in inlines:
            if isinstance(item, Text):
                out.append(item.text)
            elif isinstance(item, Def):
                out.append(item.term)
            elif isinstance(item, Blank):
                out.append("_" * 15)
            elif isinstance(item, Ref):
                out += self.reference(item)
            elif isinstance(item, (Ins, Del)):
                out += self.inlines(item.inlines)
            elif isinstance(item, Note):
                continue
        return out

    def reference(self, ref: Ref) -> list:
        if ref.target not in self.chains:
            return [ref.text or ""]
        out: list = ["Section "] if ref.form == "section" else []
        chain = [ref.target] if ref.form == "local" else self.chains[ref.target]
        return out + [RefPiece(sid) for sid in chain]


def of_view(view: list[ViewParagraph], bookmarks: dict[str, str]) -> list[Unit]:
    """Their draft's paragraphs (one view) as units; a REF field to one of our bookmarks is a
    RefPiece. Owners are set by the alignment. A word joiner is dropped: our writer puts one between
    a reference's level fields to hold them on one line; it is no part of the words, and left in it
    would split the chain of levels a reference is read back as."""
    units = []
    for index, paragraph in enumerate(view):
        pieces: list = []
        at = 0
        for start, end, found in sorted(paragraph.fields, key=lambda f: f[0]):
            target = bookmarks.get(found.target or "")
            if found.kind != "REF" or target is None or start < at:
                continue
            pieces.append(paragraph.text[at:start].replace(WORD_JOINER, ""))
            pieces.append(RefPiece(target, paragraph.text[start:end]))
            at = end
        pieces.append(paragraph.text[at:].replace(WORD_JOINER, ""))
        units.append(Unit("", [p for p in pieces if p != ""], number=paragraph.number, source=index,
                          bookmarks=[bookmarks[b] for b in paragraph.bookmarks if b in bookmarks]))
    return units


def split_run_ins(theirs: list[Unit], ours: list[Unit]) -> list[Unit]:
    """Their paragraphs with each run-in of ours ("(c) (i) If …") cut in two as ``of_tree`` cuts it:
    the parent's numbered paragraph (its words, if they typed any before the label) and the
    sub-section's words after its typed label. Their paragraph is the run-in if it carries the
    sub-section's bookmark, or, bookmarks lost, if its words open with the label and read as that
    paragraph's (a typed "(i)" opens other paragraphs too: "(c) (i) Prior to the filing …" is one
    section's own words)."""
    from .align import SIMILAR  # align reads units: imported here, not above
    run_ins = {group[1].owner: (group[1], comparable(paragraph_text(group)))
               for group in as_paragraphs(ours) if len(group) > 1}
    if not run_ins:
        return theirs
    out = []
    for unit in theirs:
        cuts = (_cut(unit, child) for sid, (child, words) in run_ins.items()
                if sid in unit.bookmarks or (not unit.bookmarks and fuzz.ratio(unit.words(), words) >= SIMILAR))
        out += next((cut for cut in cuts if cut), [unit])
    return out


def _cut(unit: Unit, child: Unit) -> list[Unit] | None:
    """``unit`` cut at the sub-section's typed label: words they put before it are the parent's."""
    first = unit.pieces[0] if unit.pieces and isinstance(unit.pieces[0], str) else ""
    label = child.number or ""
    found = re.search(rf"(?:^|\s){re.escape(label)}(?:\s|$)", first) if label else None
    if found is None or (found.start() and child.owner not in unit.bookmarks):
        return None  # words before the label: only where the bookmark says this is the run-in
    before, rest = first[:found.start()].strip(), first[found.end():].lstrip()
    words = ([rest] if rest else []) + unit.pieces[1:]
    return [Unit(unit.owner, [before + " "] if before else [], unit.heading, unit.number, unit.source,
                 [b for b in unit.bookmarks if b != child.owner]),
            Unit(unit.owner, words, unit.heading, label, unit.source,
                 [b for b in unit.bookmarks if b == child.owner], run_in=True)]


def as_paragraphs(units: list[Unit]) -> list[list[Unit]]:
    """The units as the DOCX's paragraphs: a run-in unit shares the paragraph of the one before."""
    out: list[list[Unit]] = []
    for unit in units:
        if unit.run_in and out:
            out[-1].append(unit)
        else:
            out.append([unit])
    return out


def paragraph_text(units: list[Unit], numbers: dict[str, str] | None = None) -> str:
    """One paragraph's text as the DOCX holds it: a run-in unit's typed label before its words."""
    text = ""
    for unit in units:
        if unit.run_in:
            text += (" " if text else "") + f"{unit.number} "
        text += unit.text(numbers)
    return text
