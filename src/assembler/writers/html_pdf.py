"""PDF from a self-contained HTML page, laid out by WeasyPrint: letters and redlines.

(Documents are set straight from their tree by ``pdf.py``; see there for why.)
WeasyPrint is imported here, and only here, so that a build that does not ask for
a letter or redline PDF never pays for it. Its URL fetcher refuses everything: the
page carries its CSS inline and needs nothing else, so no value can make it read a
file or reach the network.
"""
from __future__ import annotations

import contextlib
import gc
import os

from ..errors import OutputError


def refuse_fetch(url: str, timeout: int = 10, ssl_context=None):
    raise OutputError(f"the PDF asked for an outside resource, which is refused: {url[:80]}")


def from_html(page: str, title: str, date: str | None) -> bytes:
    """A self-contained HTML page as PDF, with fixed metadata so the same page gives the same bytes."""
    import logging

    import weasyprint

    # WeasyPrint logs refused fetches as warnings; they are expected, keep them quiet.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "946684800")
    with _fewer_collections():
        doc = weasyprint.HTML(string=page, url_fetcher=refuse_fetch, base_url=None).render()
        doc.metadata.title = title
        doc.metadata.authors = ["assembler"]
        doc.metadata.generator = "assembler"
        if date:
            doc.metadata.created = doc.metadata.modified = f"{date}T00:00:00+00:00"
        return doc.write_pdf(uncompressed_pdf=False)


@contextlib.contextmanager
def _fewer_collections():
    """WeasyPrint makes millions of short-lived objects. At Python's default rhythm (a collection
    every 700 allocations, a full one every 100 young ones) the collector rescanned ever more of
    them as a document grew: an agreement eight times as long took 8.5 to 9.2 times as long to lay
    out. Collecting less often keeps the cost in step with the length (7.9 times), and saves a little
    on every PDF; the memory it holds back is counted in the benchmark's peak."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
