"""A redline through the common writers: the merged tree (redline.py) is a document like any other.

DOCX (docx.py): every change a Word tracked change (``w:ins``/``w:del`` with author and date),
accepted or rejected one by one, under the house styles and Word's own numbering. Text
(text.py): "[+inserted+]", "[-deleted-]". HTML (html.py) and PDF: ``<ins>`` underlined, ``<del>``
struck through, styled in templates/print.css; the PDF is that page laid out by WeasyPrint.
"""
from __future__ import annotations

from ..tree import Document
from . import html as html_writer
from . import render as render_any

FORMATS = ("docx", "pdf", "html", "txt")


def render(document: Document, fmt: str) -> bytes:
    if fmt == "pdf":
        from .html_pdf import from_html
        return from_html(html_writer.page(document), document.title, document.date)
    return render_any(document, fmt)
