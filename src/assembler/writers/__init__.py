"""Writers turn a resolved document tree into a file format.

Each writer is a module with ``render(document) -> bytes``. PDF is imported
only when asked for, since the PDF libraries are slow to import.
"""
from __future__ import annotations

import importlib

# html: the page as an EDGAR exhibit (exhibit.py); html.render is the page the workbench previews.
FORMATS = {"txt": "text", "docx": "docx", "pdf": "pdf", "html": "exhibit"}


def render(document, fmt: str, pdf_variant: str | None = None) -> bytes:
    module = importlib.import_module(f".{FORMATS[fmt]}", __name__)
    if fmt == "pdf" and pdf_variant:
        return module.render(document, pdf_variant)
    return module.render(document)
