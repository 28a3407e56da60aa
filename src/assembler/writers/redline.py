"""A redline through the common writers: the merged tree (redline.py) is a document like any other.

DOCX (docx.py): every change a Word tracked change (``w:ins``/``w:del`` with author and date),
accepted or rejected one by one, under the house styles and Word's own numbering. Text
(text.py): "[+inserted+]", "[-deleted-]". HTML (html.py) and PDF: ``<ins>`` underlined, ``<del>``
struck through, styled in templates/print.css; the PDF is that page laid out by WeasyPrint
(writers/pdf.py, like every PDF).
"""
from __future__ import annotations

from ..tree import Document
from . import html as html_writer
from . import render as render_any

FORMATS = ("docx", "pdf", "html", "txt")


def render(document: Document, fmt: str, pdf_variant: str | None = None) -> bytes:
    if fmt == "html":  # a redline is read, not filed: the page as previewed, <ins> and <del> kept
        return html_writer.render(document)
    return render_any(document, fmt, pdf_variant)
