"""Plain text: the words as a reader sees them, numbers included."""
from __future__ import annotations

import textwrap

from .. import layout
from ..tree import (AddressBlock, Document, Legend, PageBreak, Paragraph, Section, Signature,
                    Title, notes, plain)

WIDTH = 78
INDENT = 4  # spaces per level below an article


def render(document: Document) -> bytes:
    out = _Text(document.article_style).lines(document)
    return ("\n".join(out).rstrip() + "\n").encode("utf-8")


def legend_lines(text: str) -> list[str]:
    """A bracketed legend, one sentence a line: "[REMAINDER OF PAGE …" / "NEXT PAGE IS …]"."""
    sentences = [s.strip() + "." for s in text.upper().split(".") if s.strip()]
    # One after the other: a legend of one sentence gets both brackets.
    sentences[0] = "[" + sentences[0]
    sentences[-1] += "]"
    return sentences


def _wrap(text: str, indent: int, first: str = "", width: int = WIDTH) -> list[str]:
    pad = " " * indent
    return textwrap.wrap(first + text, width, initial_indent=pad, subsequent_indent=pad,
                         break_on_hyphens=False, break_long_words=True) or [pad + first.rstrip()]


def _label(section: Section) -> str:
    """A section's number; in a redline, marked as it changed: "[-8.-] [+7.+]", "[-(c)-]"."""
    if section.change:
        sign = "+" if section.change == "insert" else "-"
        return f"[{sign}{section.label}{sign}]"
    if section.old_label:
        return f"[-{section.old_label}-] [+{section.label}+]"
    return section.label


class _Text:
    def __init__(self, article_style: str):
        self.article_style = article_style
        self.out: list[str] = []

    def lines(self, document: Document) -> list[str]:
        if document.draft:
            self.out += ["DRAFT".rjust(WIDTH), ""]
        self.blocks(document.blocks, 0)
        footnotes = notes(document.blocks)
        if footnotes:
            self.out += ["", "_" * 20, ""]
            for note in footnotes:
                self.out += _wrap(plain(note.inlines), 0, f"[{note.number}] ") + [""]
        return self.out

    def blocks(self, blocks, level: int):
        indent = INDENT * max(level - 1, 0)  # level 0: outside any section
        out = self.out
        for block in blocks:
            if isinstance(block, Section):
                self.section(block)
            elif isinstance(block, Title):
                out += [plain(block.inlines).upper().center(WIDTH).rstrip(), ""]
            elif isinstance(block, Paragraph):
                if block.align == "center":
                    out += [line.center(WIDTH).rstrip() for line in textwrap.wrap(plain(block.inlines), 64)]
                elif block.quote:  # set in from both margins
                    out += _wrap(plain(block.inlines), indent + INDENT, width=WIDTH - INDENT)
                else:
                    out += _wrap(plain(block.inlines), indent)
                out.append("")
            elif isinstance(block, AddressBlock):
                pad = " " * (indent + INDENT)
                for line in block.lines:
                    label = f"{line.label}:".ljust(12) if line.label else ""
                    out.append(pad + label + plain(line.inlines))
                out.append("")
            elif isinstance(block, Legend):
                out += [line.center(WIDTH).rstrip() for line in legend_lines(plain(block.inlines))] + [""]
            elif isinstance(block, PageBreak):
                out.append("\f")
            elif isinstance(block, Signature):
                self.signature(block)

    def section(self, section: Section):
        indent = INDENT * (section.level - 1)
        opening = layout.lead(section, self.article_style, join=True)
        title = opening.title.upper() if opening.title else ""  # plain text's emphasis is capitals
        if opening.heading:
            heading = f"{_label(section)} {title}".rstrip()
            if section.change:  # a whole article comes or goes: its heading marked as one
                sign = "+" if section.change == "insert" else "-"
                heading = f"[{sign}{' '.join(filter(None, [section.label, title]))}{sign}]"
            self.out += [heading.center(WIDTH).rstrip() if opening.centered else " " * indent + heading, ""]
            self.blocks(list(opening.rest), section.level)
            return
        lead = f"{_label(section)} {title} ".replace("  ", " ")
        if opening.joined:  # "(c) (i) If …"
            lead += f"{_label(opening.joined)} "
        if opening.first:
            self.out += _wrap(plain(opening.first.inlines), indent, lead)
        else:
            self.out.append(" " * indent + lead.rstrip())
        self.out.append("")
        # Sub-sections indent themselves; paragraphs after them continue this section.
        self.blocks(list(opening.rest), section.level)

    def signature(self, block: Signature):
        pad = " " * 30
        captions = {"Name:": "Name:  ", "Print or Type": "       Print or Type"}
        for line in layout.signature_lines(block):
            value = plain(line.value) if line.value else ""
            if line.kind == "entity":
                self.out += [pad + (value or "_" * 30), ""]
            elif line.kind == "line":
                self.out.append(pad + f"{line.caption} ".lstrip() + (f"/s/ {value}" if value else "_" * 28))
            elif block.form == "line":  # "Name, Title" right under the line
                self.out.append(pad + value)
            else:
                self.out.append(pad + "    " + (captions.get(line.caption, line.caption + " ") + value).rstrip())
        self.out.append("")