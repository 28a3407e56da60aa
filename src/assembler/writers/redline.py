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
    if fmt == "txt":  # the legend names the marks the text shows, not underlining
        document = _text_legend(document)
    if fmt == "html":  # a redline is read, not filed: the page as previewed, <ins> and <del> kept
        return html_writer.render(document)
    return render_any(document, fmt, pdf_variant)


def _text_legend(document: Document) -> Document:
    import copy

    from ..redline import MARKS, TEXT_MARKS
    from ..tree import Paragraph, Text

    document = copy.copy(document)
    document.blocks = [Paragraph([Text(item.text.replace(MARKS, TEXT_MARKS), item.marks) if isinstance(item, Text)
                                  else item for item in block.inlines], **{k: v for k, v in vars(block).items()
                                                                           if k != "inlines"})
                       if isinstance(block, Paragraph) and any(isinstance(i, Text) and MARKS in i.text
                                                               for i in block.inlines) else block
                       for block in document.blocks]
    return document
