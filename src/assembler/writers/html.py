"""HTML: the tree as a standalone page, styled by templates/print.css (the PDF's source).

Every piece of text goes through ``escape``; the tree holds text, never markup.
"""
from __future__ import annotations

from html import escape

from .. import layout
from ..library import data_dir
from ..tree import (AddressBlock, Blank, Def, Del, Document, Ins, Legend, Note, PageBreak, Paragraph, Ref,
                    Section, Signature, Text, Title, plain)
from .text import legend_lines


def render(document: Document) -> bytes:
    return page(document).encode("utf-8")


def page(document: Document, css: str | None = None) -> str:
    css = css if css is not None else (data_dir("templates") / "print.css").read_text(encoding="utf-8")
    if document.draft:
        css += '\n@page { @top-right { content: "DRAFT"; font-weight: bold; } }\n'
    body: list[str] = []
    # A redline's pages say so, in the footer beside the document's own footer text.
    footer = " ".join(filter(None, ["REDLINE" if document.revision else "", document.footer]))
    footer_text = f'<div class="footer-text">{escape(footer)}</div>' if footer else ""
    body.append(f'<div class="page-footer">{footer_text}<div class="page-number"></div></div>')
    _blocks(document.blocks, 0, body, document.article_style)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(document.title)}</title><style>{css}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _blocks(blocks, level: int, out: list[str], article_style: str, kept: bool = False):
    """``kept``: the line leading into the first block (an address) opened a ``keep-whole`` it closes.

    A run of numbered sections is an ordered list, each section (its paragraph and what follows
    it) an item, so that the tagged PDF and a screen reader know them as a list; print.css keeps
    the list's own indent and markers off, since the numbers are the text's."""
    pending_break = False
    listed = False
    for index, block in enumerate(blocks):
        brk = ' pagebreak' if pending_break else ''
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        pending_break = False
        opening = layout.lead(block, article_style, join=True) if isinstance(block, Section) else None
        item = opening is not None and not opening.heading
        if listed and not item:
            out.append("</ol>")
        elif item and not listed:
            out.append('<ol class="sections">')
        listed = item
        if opening is not None:
            _section(block, opening, out, brk, article_style)
        elif isinstance(block, Title):
            out.append(f'<h1 class="title{brk}">{inline(block.inlines)}</h1>')
        elif isinstance(block, Paragraph):
            classes = ["body" if level == 0 else f"level-{level}"]
            if block.align == "center":
                classes.append("center")
            if block.flush:
                classes.append("flush")
            if block.quote:
                classes.append("quote")
            if block.keep or _leads_in(block):
                classes.append("keep")
            kept = index + 1 < len(blocks) and isinstance(blocks[index + 1], AddressBlock)
            # "with a copy to:" and its address go to a page together.
            out.append(('<div class="keep-whole">' if kept else "")
                       + f'<p class="{" ".join(classes)}{brk}">{inline(block.inlines)}</p>')
        elif isinstance(block, AddressBlock):
            # "with a copy to:" may be an address line of its own, leading into the next.
            leads = (not kept and index + 1 < len(blocks) and isinstance(blocks[index + 1], AddressBlock)
                     and bool(block.lines) and plain(block.lines[-1].inlines).rstrip().endswith(":"))
            out.append(('<div class="keep-whole">' if leads else "") + f'<div class="address level-{level}{brk}">')
            for line in block.lines:
                label = (f'<span class="contact-label">{escape(line.label)}:</span>'
                         if line.label else "")
                out.append(f"<div>{label}{inline(line.inlines)}</div>")
            out.append("</div></div>" if kept else "</div>")
            kept = leads
        elif isinstance(block, Legend):
            text = "".join(getattr(i, "text", "") for i in block.inlines)
            lines = "<br>".join(escape(line) for line in legend_lines(text))
            out.append(f'<p class="legend{brk}">{lines}</p>')
        elif isinstance(block, Signature):
            out.append(_signature(block, brk))
    if listed:
        out.append("</ol>")


def _section(section: Section, opening: layout.Lead, out: list[str], brk: str, article_style: str):
    anchor = f' id="{escape(section.id)}"'
    if opening.heading:
        title = " " + _changed(section, escape(opening.title)) if opening.title else ""
        out.append(f'<section><h2 class="article {article_style}{brk}"{anchor}><span class="label">'
                   f"{_label(section)}</span>{title}</h2>")
        _blocks(list(opening.rest), 1, out, article_style)
        out.append("</section>")
        return
    head = f'<span class="label">{_label(section)}</span>'
    if opening.joined:  # "(c) (i) If …": the sub-section's label, its anchor with it
        head += f'<span class="label" id="{escape(opening.joined.id)}">{_label(opening.joined)}</span>'
    if opening.title:
        head += f'<span class="runin">{_changed(section, escape(opening.title))}</span> '
    text = inline(opening.first.inlines) if opening.first else ""
    rest = list(opening.rest)
    kept = bool(rest) and isinstance(rest[0], AddressBlock)
    keep = " keep" if opening.first and _leads_in(opening.first) else ""
    out.append('<li>' + ('<div class="keep-whole">' if kept else "")
               + f'<p class="level-{section.level}{keep}{brk}"{anchor}>{head}{text}</p>')
    # Sub-sections indent themselves; paragraphs after them continue this section.
    _blocks(rest, section.level, out, article_style, kept)
    out.append("</li>")


def _leads_in(paragraph: Paragraph) -> bool:
    """A paragraph ending in a colon ("… to read as follows:") leads into what follows it, and
    never ends a page without it."""
    return plain(paragraph.inlines).rstrip().endswith(":")


def _changed(section: Section, html: str) -> str:
    """A redline's section that comes or goes whole: its heading inserted or deleted too."""
    tag = {"insert": "ins", "delete": "del"}.get(section.change or "")
    return f"<{tag}>{html}</{tag}>" if tag else html


def _label(section: Section) -> str:
    """A section's number; in a redline, a renumbered section shows its number as changed."""
    if section.old_label and not section.change:
        return f"<del>{escape(section.old_label)}</del> <ins>{escape(section.label)}</ins>"
    return _changed(section, escape(section.label))


def _signature(block: Signature, brk: str) -> str:
    parts = [f'<div class="signature{brk}">']
    for line in layout.signature_lines(block):
        value = inline(line.value) if line.value else ""
        if line.kind == "entity":
            parts.append(f'<div class="entity">{value or SIGNATURE_LINE}</div>')
        elif line.kind == "line":
            signed = (f'<span class="sigline conformed">/s/ {value}</span>' if value else SIGNATURE_LINE)
            parts.append(f"<div>{line.caption} {signed}</div>" if line.caption else f"<div>{signed}</div>")
        elif block.form == "line":  # "Name, Title" right under the line
            parts.append(f"<div>{value}</div>")
        else:
            small = " small" if line.kind == "note" else ""
            words = f"{line.caption} {value}" if line.caption.endswith(":") else line.caption + value
            parts.append(f'<div class="caption{small}">{words}</div>')
    return "".join(parts) + "</div>"


SIGNATURE_LINE = '<span class="sigline"></span>'


def _rstrip(items) -> list:
    """The inlines without the spaces that end them."""
    items = list(items)
    while items and isinstance(items[-1], Text) and not items[-1].text.strip():
        items.pop()
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip(), items[-1].marks)
    return items


def inline(items) -> str:
    out = []
    for i, item in enumerate(items):
        if isinstance(item, Text):
            html = escape(item.text)
        elif isinstance(item, Def):
            html = f'<span class="def">{escape(item.term)}</span>'
        elif isinstance(item, Ref):
            html = f'<a href="#{escape(item.target)}">{escape(item.text or "")}</a>'
        elif isinstance(item, Blank):
            html = '<span class="blank"></span>'
        elif isinstance(item, Note):
            html = f'<span class="footnote">{inline(item.inlines)}</span>'
        elif isinstance(item, (Ins, Del)):  # a redline's tracked change
            tag = "ins" if isinstance(item, Ins) else "del"
            words = plain(item.inlines)
            # The rule runs under the words, never under the space after them: that goes outside.
            trailing = " " if words.endswith(" ") else ""
            html = f"<{tag}>{inline(_rstrip(item.inlines)) if trailing else inline(item.inlines)}</{tag}>{trailing}"
            if words[:1] in ",.;:)" and out and out[-1].endswith(" "):
                out[-1] = out[-1][:-1]  # a struck or added comma sits against its word
            if isinstance(item, Del) and i + 1 < len(items) and isinstance(items[i + 1], Ins) \
                    and not words.endswith(" "):
                html += " "  # "Section 9 8": the old and the new number apart
        else:
            continue
        for mark, tag in (("b", "strong"), ("i", "em"), ("u", "u")):
            if mark in item.marks:
                html = f"<{tag}>{html}</{tag}>"
        out.append(html)
    return "".join(out)
