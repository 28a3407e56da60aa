"""PDF: the HTML writer's page laid out by WeasyPrint.

WeasyPrint is imported here, and only here, so that a DOCX-only build never pays
for it. Its URL fetcher refuses everything: the page carries its CSS inline and
needs nothing else, so no value can make it read a file or reach the network.
"""
from __future__ import annotations

import os

from ..errors import OutputError
from ..tree import Document
from . import html


def refuse_fetch(url: str, timeout: int = 10, ssl_context=None):
    raise OutputError(f"the PDF asked for an outside resource, which is refused: {url[:80]}")


def render(document: Document) -> bytes:
    import logging

    import weasyprint

    # WeasyPrint logs refused fetches as warnings; they are expected, keep them quiet.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "946684800")
    page = weasyprint.HTML(string=html.page(document), url_fetcher=refuse_fetch, base_url=None)
    metadata_date = f"{document.date}T00:00:00+00:00" if document.date else None
    doc = page.render()
    doc.metadata.title = document.title
    doc.metadata.authors = ["assembler"]
    doc.metadata.generator = "assembler"
    if metadata_date:
        doc.metadata.created = doc.metadata.modified = metadata_date
    return doc.write_pdf(uncompressed_pdf=False)
