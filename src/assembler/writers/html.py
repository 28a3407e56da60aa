"""HTML: the tree as a standalone page, styled by templates/print.css (the PDF's source).

Every piece of text goes through ``escape``; the tree holds text, never markup.
"""
from __future__ import annotations

from html import escape

from ..library import data_dir
from ..tree import (AddressBlock, Blank, Def, Del, Document, Ins, Legend, Note, PageBreak, Paragraph, Ref,
                    Section, Signature, Text, Title, plain, signed_name)
from .text import legend_lines


def render(document: Document) -> bytes:
    return page(document).encode("utf-8")


def page(document: Document, css: str | None = None) -> str:
    css = css if css is not None else (data_dir("templates") / "print.css").read_text(encoding="utf-8")
    if document.draft:
        css += '\n@page { @top-right { content: "DRAFT"; font-weight: bold; } }\n'
    body: list[str] = []
    footer_text = f'<div class="footer-text">{escape(document.footer)}</div>' if document.footer else ""
    body.append(f'<div class="page-footer">{footer_text}<div class="page-number"></div></div>')
    _blocks(document.blocks, 0, body, document.article_style)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(document.title)}</title><style>{css}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _blocks(blocks, level: int, out: list[str], article_style: str, kept: bool = False):
    """``kept``: the line leading into the first block (an address) opened a ``keep-whole`` it closes."""
    pending_break = False
    for index, block in enumerate(blocks):
        brk = ' pagebreak' if pending_break else ''
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        pending_break = False
        if isinstance(block, Section):
            _section(block, out, brk, article_style)
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
            if block.keep:
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


def _section(section: Section, out: list[str], brk: str, article_style: str):
    children = list(section.children)
    anchor = f' id="{escape(section.id)}"'
    if section.level == 1 and article_style != "run-in":
        title = _changed(section, f" {escape(section.title)}") if section.title else ""
        out.append(f'<h2 class="article {article_style}{brk}"{anchor}><span class="label">'
                   f"{_label(section)}</span>{title}</h2>")
        _blocks(children, 1, out, article_style)
        return
    head = f'<span class="label">{_label(section)}</span>'
    if section.title:
        head += f'<span class="runin">{_changed(section, escape(section.title.rstrip(".")) + ".")}</span> '
    text = inline(children.pop(0).inlines) if children and isinstance(children[0], Paragraph) else ""
    kept = bool(children) and isinstance(children[0], AddressBlock)
    out.append(('<div class="keep-whole">' if kept else "")
               + f'<p class="level-{section.level}{brk}"{anchor}>{head}{text}</p>')
    # Sub-sections indent themselves; paragraphs after them continue this section.
    _blocks(children, section.level, out, article_style, kept)


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
    signed = signed_name(block)
    line = (f'<span class="sigline conformed">/s/ {inline(signed)}</span>' if signed
            else '<span class="sigline"></span>')
    name, title = inline(block.name), inline(block.title)
    if block.form == "line":
        return f'<div class="signature{brk}"><div>{line}</div><div>{name}, {title}</div></div>'
    parts = [f'<div class="signature{brk}">']
    if block.form == "by":
        entity = inline(block.entity) if block.entity else '<span class="sigline"></span>'
        parts.append(f'<div class="entity">{entity}</div>')
    parts.append(f"<div>By: {line}</div>")
    if block.form == "officer":  # the Delaware form's own captions
        parts.append('<div class="caption">Authorized Officer</div>')
        parts.append(f'<div class="caption">Name: {name}</div><div class="caption small">Print or Type</div>')
    else:
        parts.append(f'<div class="caption">Name: {name}</div>')
    parts.append(f'<div class="caption">Title: {title}</div></div>')
    return "".join(parts)


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
            html = f"<{tag}>{inline(item.inlines)}</{tag}>"
            if isinstance(item, Del) and i + 1 < len(items) and isinstance(items[i + 1], Ins) \
                    and not plain(item.inlines).endswith(" "):
                html += " "  # "Section 9 8": the old and the new number apart
        else:
            continue
        for mark, tag in (("b", "strong"), ("i", "em"), ("u", "u")):
            if mark in item.marks:
                html = f"<{tag}>{html}</{tag}>"
        out.append(html)
    return "".join(out)
