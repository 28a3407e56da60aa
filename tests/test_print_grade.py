"""Issue 16: every document print-grade, checked in the clients a reader uses (LibreOffice for
DOCX, poppler for PDF)."""
from __future__ import annotations

import re
import zipfile

import pytest

from assembler import api

from .conftest import EXAMPLE, flat, libreoffice_pdf, pdf_pages

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    api.build(EXAMPLE, ("docx", "pdf", "txt"), out)
    return out


@pytest.fixture(scope="module")
def laid_out(example):
    """The example's DOCX as LibreOffice lays them out."""
    docs = sorted(example.glob("*.docx"))
    return {p.stem: pdf for p, pdf in libreoffice_pdf(docs, example / "lo").items()}


# -- §4 Word-native DOCX -------------------------------------------------------------------------

def test_numbering_indents_are_twips(example):
    numbering = zipfile.ZipFile(example / "registration-rights-agreement.docx").read("word/numbering.xml").decode()
    ours = numbering[numbering.index('w:abstractNumId="90"'):]
    ours = ours[:ours.index("</w:abstractNum>")]
    # Half an inch a level from (i) on: 720 twips, 1440 twips (EMU would be 457200, 914400).
    assert re.findall(r'<w:ind w:left="(\d+)"', ours) == ["0", "0", "720", "1440"]


def test_charter_article_reference_survives_libreoffice_field_update(laid_out):
    text = flat("".join(pdf_pages(laid_out["certificate-of-incorporation"])))
    assert "subject to the provisions of this Article ELEVENTH." in text
    assert "Eleventh:" not in text and "ELEVENTH:." not in text


def test_document_properties_are_the_documents_own(example):
    for docx, title, date in [("registration-rights-agreement", "Registration Rights Agreement", "2001-01-16"),
                              ("certificate-of-incorporation", "Certificate of Incorporation", "1997-07-31")]:
        with zipfile.ZipFile(example / f"{docx}.docx") as z:
            core, app = z.read("docProps/core.xml").decode(), z.read("docProps/app.xml").decode()
            names = z.namelist()
        assert "python-docx" not in core + app
        assert "<Application>assembler</Application>" in app and "Word" not in app
        assert f"<dc:title>{title}</dc:title>" in core
        assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}T00:00:00Z" in core
        assert f"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}T00:00:00Z" in core
        assert not any("thumbnail" in n for n in names)


def test_libreoffice_reads_our_properties(example, tmp_path):
    """What LibreOffice shows in File > Properties comes back out in its own PDF's metadata."""
    import subprocess
    pdf = libreoffice_pdf([example / "registration-rights-agreement.docx"], tmp_path)
    info = subprocess.run(["pdfinfo", str(next(iter(pdf.values())))], capture_output=True, text=True).stdout
    assert re.search(r"Title:\s+Registration Rights Agreement", info)
    assert re.search(r"Author:\s+assembler", info)
