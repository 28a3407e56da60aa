"""Layout decisions every writer reads, made once: how a section's number and title lead into
its text, and what lines a signature block has. Each writer only draws them (text pads, DOCX
styles, HTML classes); none decides them again.
"""
from __future__ import annotations

from dataclasses import dataclass

from .tree import Inline, Paragraph, Section, Signature, Text, signed_name


@dataclass(frozen=True)
class Lead:
    """How a section opens."""
    label: str                 # "1.", "(a)", "FIRST:"
    title: str | None          # a heading's title as given; a run-in title ending in one period
    heading: bool              # on a line of its own before the text (an article), else run in
    centered: bool = False     # a heading centred (a charter's "FIRST:")
    first: Paragraph | None = None  # the paragraph a run-in lead opens; None: the label stands alone
    rest: tuple = ()           # the section's other blocks, sub-sections included
    joined: Section | None = None  # a first sub-section run in after the label: "(c) (i) If …"


def lead(section: Section, article_style: str, join: bool = False) -> Lead:
    """``article_style`` is the assembly's: "heading", "centered" or "run-in" for level 1.

    ``join``: a run-in section with no words of its own before its first sub-section runs that
    sub-section's label and first paragraph into its own line, as the seed sets "(c) (i) If the
    Company …" (a label is never alone on its line); the sub-section's other blocks come next."""
    children = list(section.children)
    if section.level == 1 and article_style != "run-in":
        return Lead(section.label, section.title, True, article_style == "centered", None, tuple(children))
    title = section.title.rstrip(".") + "." if section.title else None
    first = children.pop(0) if children and isinstance(children[0], Paragraph) else None
    if join and first is None and title is None and children and _joinable(children[0]):
        joined = children.pop(0)
        return Lead(section.label, None, False, False, joined.children[0],
                    tuple(joined.children[1:]) + tuple(children), joined)
    return Lead(section.label, title, False, False, first, tuple(children))


def _joinable(block) -> bool:
    return (isinstance(block, Section) and not block.title and bool(block.children)
            and isinstance(block.children[0], Paragraph))


@dataclass(frozen=True)
class SignatureLine:
    kind: str                       # "entity", "line" (to sign on), "caption", "note" (small print)
    caption: str = ""               # "By:", "Name:", "Title:", "Authorized Officer", "Print or Type"
    value: list[Inline] | None = None  # what follows the caption; on a "line", the conformed name


def signature_lines(block: Signature) -> list[SignatureLine]:
    """The lines of a signature block, in order. On the "line": the name a conformed copy writes
    after "/s/", or None for a line left to sign."""
    signed = signed_name(block)
    if block.form == "line":  # an incorporator, or an individual: the line, then "Name, Title" (or "Name") under it
        titled = any(not isinstance(item, Text) or item.text.strip() for item in block.title)
        return [SignatureLine("line", "", signed),
                SignatureLine("caption", "", [*block.name, *([Text(", "), *block.title] if titled else [])])]
    lines = [SignatureLine("entity", "", block.entity)] if block.form == "by" else []
    lines.append(SignatureLine("line", "By:", signed))
    if block.form == "officer":  # the Delaware form's own captions
        return lines + [SignatureLine("caption", "Authorized Officer"), SignatureLine("caption", "Name:", block.name),
                        SignatureLine("note", "Print or Type"), SignatureLine("caption", "Title:", block.title)]
    return lines + [SignatureLine("caption", "Name:", block.name), SignatureLine("caption", "Title:", block.title)]
