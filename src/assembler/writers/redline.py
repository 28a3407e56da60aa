"""Redline writers: the comparison as Word tracked changes, and as a marked-up PDF or text.

In the DOCX every change is a real revision (``w:ins``/``w:del`` with author and
date), so Word and LibreOffice can accept or reject each one; numbers are typed
text here, so that a renumbered section shows its number as changed.
"""
from __future__ import annotations

from html import escape

from docx import Document as open_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from ..library import data_dir
from ..redline import Change
from .docx import CENTER, save

AUTHOR = "assembler"
CSS = """
ins { text-decoration: underline; color: #0645ad; }
del { text-decoration: line-through; color: #b00020; }
p.title { text-align: center; font-weight: bold; }
p.heading { font-weight: bold; }
p.address, p.signature { margin: 0 0 0 2in; text-align: left; }
p.legend { text-align: center; }
"""


FORMATS = ("docx", "pdf", "html", "txt")


def render(changes: list[Change], fmt: str, title: str, date: str | None) -> bytes:
    """The redline in one format; ``date`` stamps the DOCX revisions."""
    if fmt == "docx":
        return docx(changes, date)
    if fmt == "pdf":
        return pdf(changes, title, date)
    if fmt == "html":
        return html(changes, title).encode("utf-8")
    return text(changes)


def text(changes: list[Change]) -> bytes:
    out = []
    for change in changes:
        out.append("".join(t if op == "equal" else (f"[+{t.strip()}+] " if op == "insert" else f"[-{t.strip()}-] ")
                           for op, t in change.runs).rstrip())
        out.append("")
    return ("\n".join(out).rstrip() + "\n").encode("utf-8")


def html(changes: list[Change], title: str) -> str:
    css = (data_dir("templates") / "print.css").read_text(encoding="utf-8") + CSS
    body = []
    for change in changes:
        runs = "".join(escape(t) if op == "equal" else f"<{op[:3]}>{escape(t)}</{op[:3]}>" + _gap(change.runs, i)
                       for i, (op, t) in enumerate(change.runs))
        indent = f' style="margin-left:{max(change.level - 2, 0) * 0.5}in"' if change.kind == "body" else ""
        body.append(f'<p class="{change.kind}"{indent}>{runs}</p>')
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{css}</style></head><body>{''.join(body)}</body></html>")


def _gap(runs: list[tuple[str, str]], i: int) -> str:
    """A deletion and the insertion that replaces it both show, so the last deleted word needs a space
    before the first inserted one even where the old text ended there ("Nelson Braff Jane Q. Doe")."""
    op, text = runs[i]
    following = runs[i + 1][0] if i + 1 < len(runs) else None
    return " " if op == "delete" and following == "insert" and not text[-1:].isspace() else ""


def pdf(changes: list[Change], title: str, date: str | None = None) -> bytes:
    from .html_pdf import from_html
    return from_html(html(changes, title), title, date)


def docx(changes: list[Change], date: str | None) -> bytes:
    document = open_docx(str(data_dir("templates") / "house-style.docx"))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    stamp = f"{date or '2000-01-01'}T00:00:00Z"
    revision = iter(range(1, 1_000_000))
    for change in changes:
        paragraph = document.add_paragraph(style="Clause" if change.kind != "title" else "Document Title")
        if change.kind in ("title", "legend"):
            paragraph.alignment = CENTER
        if change.kind in ("address", "signature"):
            paragraph.paragraph_format.left_indent = Inches(2)
            paragraph.paragraph_format.space_after = Pt(0)
        elif change.level > 2:
            paragraph.paragraph_format.left_indent = Inches(0.5 * (change.level - 2))
        if change.whole != "equal":  # the paragraph mark itself is new or gone
            mark = _el("w:ins" if change.whole == "insert" else "w:del", next(revision), stamp)
            rpr = OxmlElement("w:rPr")
            rpr.append(mark)
            paragraph._p.get_or_add_pPr().append(rpr)
        for op, words in change.runs:
            run = OxmlElement("w:r")
            piece = OxmlElement("w:delText" if op == "delete" else "w:t")
            piece.set(qn("xml:space"), "preserve")
            piece.text = words
            run.append(piece)
            if op == "equal":
                paragraph._p.append(run)
            else:
                wrapper = _el("w:ins" if op == "insert" else "w:del", next(revision), stamp)
                wrapper.append(run)
                paragraph._p.append(wrapper)
    document.core_properties.author = AUTHOR
    return save(document)


def _el(tag: str, number: int, stamp: str):
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(number))
    element.set(qn("w:author"), AUTHOR)
    element.set(qn("w:date"), stamp)
    return element
