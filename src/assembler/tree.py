"""The document tree every writer reads.

Clauses render to markup; markup parses to these nodes; resolve fills in
numbers and reference texts. Writers only ever see a resolved tree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass
class Text:
    text: str
    marks: frozenset[str] = frozenset()  # "b", "i", "u"


@dataclass
class Def:
    """Where a term is defined: the words between the quotes."""
    term: str
    marks: frozenset[str] = frozenset()


@dataclass
class Ref:
    """A cross-reference by stable id; ``text`` is set by resolve."""
    target: str
    form: str = "section"  # "section" → "Section 2(c)", "number" → "2(c)", "local" → "(c)"
    clause: str = ""
    marks: frozenset[str] = frozenset()
    text: str | None = None


@dataclass
class Blank:
    """A fact the term sheet leaves open, rendered as a line to fill in."""
    name: str
    marks: frozenset[str] = frozenset()


@dataclass
class Note:
    """A footnote anchored here; ``number`` is set by resolve."""
    inlines: list["Inline"]
    number: int = 0
    marks: frozenset[str] = frozenset()


@dataclass
class Ins:
    """A tracked insertion: words the newer version adds (a redline)."""
    inlines: list["Inline"]
    marks: frozenset[str] = frozenset()


@dataclass
class Del:
    """A tracked deletion: words the newer version takes out (a redline)."""
    inlines: list["Inline"]
    marks: frozenset[str] = frozenset()


Inline = Union[Text, Def, Ref, Blank, Note, Ins, Del]


@dataclass
class Paragraph:
    inlines: list[Inline]
    align: str | None = None  # None (justified body) or "center"
    flush: bool = False       # no first-line indent
    change: str | None = None  # a redline's whole paragraph: "insert" or "delete"
    quote: bool = False       # quoted from another document: set in from both margins
    keep: bool = False        # stays on the page of the paragraph after it (a quoted heading)


@dataclass
class Title:
    inlines: list[Inline]
    change: str | None = None


@dataclass
class AddressLine:
    inlines: list[Inline]
    label: str | None = None  # "Attention", "Telecopier", "Telephone"
    change: str | None = None


@dataclass
class AddressBlock:
    lines: list[AddressLine]


@dataclass
class Legend:
    inlines: list[Inline]


@dataclass
class PageBreak:
    pass


@dataclass
class Signature:
    entity: list[Inline] | None
    name: list[Inline]
    title: list[Inline]
    form: str = "by"         # "by": By/Name/Title; "line": Name, Title under a line; "officer"
    conformed: bool = False  # "/s/ Name" on the line, for conformed copies
    change: str | None = None


def signed_name(block: Signature) -> list[Inline] | None:
    """What a conformed signature line reads after "/s/": the signer's name, or None when the term
    sheet gives none, so the line is left blank (never "/s/ ______")."""
    if not block.conformed:
        return None
    named = [item for item in block.name if not isinstance(item, Blank)]
    return block.name if named and plain(named).strip() else None


@dataclass
class Excerpt:
    """A section quoted from another document (an amended agreement), filled in before resolve."""
    section_id: str
    clause: str = ""


@dataclass
class Section:
    id: str
    title: str | None
    children: list["Block"]
    clause: str = ""
    level: int = 0      # 1 for an article; set by resolve
    label: str = ""     # "(c)"; set by resolve
    number: str = ""    # "2(c)"; set by resolve
    change: str | None = None     # a redline's whole section: "insert" or "delete"
    old_label: str | None = None  # a redline's renumbered section: the label it had before


Block = Union[Paragraph, Title, AddressBlock, Legend, PageBreak, Signature, Section, Excerpt]


@dataclass
class Document:
    name: str                      # file stem, e.g. "registration-rights-agreement"
    title: str
    blocks: list[Block]
    numbering: list[str]           # one style name per level, e.g. ["decimal", "lower-letter", ...]
    article_style: str = "heading"  # how level-1 numbers show: "heading", "centered" or "run-in"
    conformed: bool = False        # a conformed copy: signatures read "/s/ Name"
    footer: str | None = None
    draft: bool = False            # has lint errors, written on request: every page says DRAFT
    date: str | None = None        # ISO date the document carries; fixes file metadata
    revision: tuple[str, str] | None = None  # a redline's (author, ISO date) for its tracked changes
    blanks: list[tuple[str, str]] = field(default_factory=list)       # (blank name, section number)
    definitions: dict[str, str] = field(default_factory=dict)        # term → section id
    sections: dict[str, Section] = field(default_factory=dict)       # id → section
    clauses: list[str] = field(default_factory=list)                 # clause files used
    origins: list[str] = field(default_factory=list)                 # clause of each top-level block
    cited_terms: list[str] = field(default_factory=list)             # the title and terms of a document it cites


def origin_name(document: "Document", index: int) -> str:
    """A top-level block outside any section is named by its clause: "preamble", "signature page"."""
    origin = document.origins[index] if index < len(document.origins) else ""
    return origin.rsplit("/", 1)[-1].replace("_", " ")


def walk(blocks: list[Block]):
    """Every block, depth first, sections before their children."""
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from walk(block.children)


def section_parents(blocks: list[Block]) -> dict[str, str]:
    """Section id → the id of the section it sits in (a top-level section has none)."""
    found: dict[str, str] = {}
    for block in walk(blocks):
        if isinstance(block, Section):
            found.update((child.id, block.id) for child in block.children if isinstance(child, Section))
    return found


def inlines_of(block: Block) -> list[list[Inline]]:
    """The runs of inline content a block holds directly (not its sub-sections)."""
    if isinstance(block, (Paragraph, Title, Legend)):
        return [block.inlines]
    if isinstance(block, AddressBlock):
        return [line.inlines for line in block.lines]
    if isinstance(block, Signature):
        return [x for x in (block.entity, block.name, block.title) if x]
    return []


def plain(inlines: list[Inline]) -> str:
    """Inline content as the reader sees it (blanks as underscores)."""
    out = []
    for i, item in enumerate(inlines):
        if isinstance(item, (Text,)):
            out.append(item.text)
        elif isinstance(item, Def):
            out.append(item.term)
        elif isinstance(item, Ref):
            out.append(item.text or f"[{item.target}]")
        elif isinstance(item, Blank):
            out.append("__________")
        elif isinstance(item, Note):
            out.append(f"[{item.number}]")
        elif isinstance(item, (Ins, Del)):  # "[+words+] ", "[-words-] "
            inner = plain(item.inlines)
            sign = "+" if isinstance(item, Ins) else "-"
            follows = inlines[i + 1] if i + 1 < len(inlines) else None
            spaced = inner != inner.rstrip() or (isinstance(item, Del) and isinstance(follows, Ins))
            out.append(f"[{sign}{inner.strip()}{sign}]" + (" " if spaced else ""))
    return "".join(out)


def notes(blocks) -> list[Note]:
    """Every footnote, in reading order."""
    found = []
    for block in walk(blocks):
        for run in inlines_of(block):
            found.extend(item for item in run if isinstance(item, Note))
    return found
