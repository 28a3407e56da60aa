"""Plain text: the words as a reader sees them, numbers included."""
from __future__ import annotations

import textwrap

from ..tree import (AddressBlock, Document, Legend, PageBreak, Paragraph, Section, Signature,
                    Title, plain)

WIDTH = 78
INDENT = 4  # spaces per level below an article


def render(document: Document) -> bytes:
    out: list[str] = []
    _blocks(document.blocks, 0, out)
    text = "\n".join(out).rstrip() + "\n"
    return text.encode("utf-8")


def legend_lines(text: str) -> list[str]:
    """A bracketed legend, one sentence a line: "[REMAINDER OF PAGE …" / "NEXT PAGE IS …]"."""
    sentences = [s.strip() + "." for s in text.upper().split(".") if s.strip()]
    sentences[0], sentences[-1] = "[" + sentences[0], sentences[-1] + "]"
    return sentences


def _wrap(text: str, indent: int, first: str = "") -> list[str]:
    pad = " " * indent
    return textwrap.wrap(first + text, WIDTH, initial_indent=pad, subsequent_indent=pad,
                         break_on_hyphens=False, break_long_words=True) or [pad + first.rstrip()]


def _blocks(blocks, level: int, out: list[str]):
    indent = INDENT * max(level - 1, 0)  # level 0: outside any section
    for block in blocks:
        if isinstance(block, Section):
            _section(block, out)
        elif isinstance(block, Title):
            out += [plain(block.inlines).upper().center(WIDTH).rstrip(), ""]
        elif isinstance(block, Paragraph):
            if block.align == "center":
                out.append(plain(block.inlines).center(WIDTH).rstrip())
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
            for line in legend_lines(plain(block.inlines)):
                out.append(line.center(WIDTH).rstrip())
            out.append("")
        elif isinstance(block, PageBreak):
            out.append("\f")
        elif isinstance(block, Signature):
            _signature(block, out)


def _section(section: Section, out: list[str]):
    indent = INDENT * (section.level - 1)
    children = list(section.children)
    if section.level == 1:
        heading = f"{section.label} {section.title.upper()}" if section.title else section.label
        out += [" " * indent + heading, ""]
        _blocks(children, section.level, out)
        return
    lead = section.label + " "
    if section.title:
        lead += section.title.upper().rstrip(".") + ". "
    if children and isinstance(children[0], Paragraph):
        out += _wrap(plain(children.pop(0).inlines), indent, lead)
    else:
        out.append(" " * indent + lead.rstrip())
    out.append("")
    # Sub-sections indent themselves; paragraphs after them continue this section.
    _blocks(children, section.level, out)


def _signature(block: Signature, out: list[str]):
    pad = " " * 30
    out.append(pad + (plain(block.entity) if block.entity else "_" * 30))
    out.append("")
    by = f"/s/ {plain(block.name)}" if block.conformed else "_" * 28
    out.append(pad + "By: " + by)
    out.append(pad + "    Name:  " + plain(block.name))
    out.append(pad + "    Title: " + plain(block.title))
    out.append("")
