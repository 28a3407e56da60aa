"""The document PDF writer (ReportLab): links, footnotes, fonts, and what it leaves out."""
from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from assembler.tree import Document, Note, Paragraph, Text
from assembler.writers import pdf

from .conftest import EXAMPLE, need


def _words(path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes (x0, top, x1, bottom), as poppler reads them."""
    need("pdftotext")
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True).stdout
    xml = re.sub(rb"<!DOCTYPE[^>]*>", b"", xml).replace(b'xmlns="http://www.w3.org/1999/xhtml"', b"")
    return [[(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
             for w in page.iter("word")] for page in ET.fromstring(xml).iter("page")]


def _references(example_build) -> int:
    from assembler.tree import Ref, inlines_of, walk

    document = next(d for d in example_build.result.documents if d.name == "registration-rights-agreement")
    return sum(isinstance(item, Ref) and item.target in document.sections
               for block in walk(document.blocks) for run in inlines_of(block) for item in run)


def test_every_cross_reference_is_a_link_to_the_line_where_its_section_starts(example_build):
    """Each link's words name a section ("Section 11(c)", "(b)"); it must land on the line that
    section's label starts. (ReportLab draws the clickable box of a link on a justified line a
    little to the left of its words, so the words are found from the box's right end.)"""
    from pypdf import PdfReader

    path = example_build.paths["pdf"]
    reader, pages = PdfReader(str(path)), _words(path)
    height = float(reader.pages[0].mediabox.height)
    links = 0
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if link["/Subtype"] != "/Link":
                continue
            links += 1
            x0, y0, x1, y1 = (float(v) for v in link["/Rect"])
            on_line = [w for w in pages[number] if height - y1 - 1 <= w[1] and w[3] <= height - y0 + 1]
            last = min(on_line, key=lambda w: abs(w[2] - x1))[4].rstrip(".,;:")  # "11(c)", "8", "(b)"
            label = re.findall(r"\([^)]+\)$", last) or [last + "."]
            target, top = reader.get_page_number(link["/Dest"][0]), height - float(link["/Dest"][3])
            line = sorted((w for w in pages[target] if 0 <= w[1] - top < 12), key=lambda w: w[0])
            assert line and line[0][4] == label[0], (number + 1, last, [w[4] for w in line[:4]])
    assert links == _references(example_build) and links >= 30


def test_fonts_are_liberation_serif_embedded_and_nothing_else(example_build):
    need("pdffonts")
    listing = subprocess.run(["pdffonts", str(example_build.paths["pdf"])], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing and all("LiberationSerif" in line for line in listing), listing
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in listing)  # embedded, subset


def _noted(count: int) -> Document:
    """Paragraphs of different lengths, each with a footnote of a different length."""
    blocks = []
    for n in range(1, count + 1):
        words = " ".join(["the quick brown fox jumps over"] * (3 + n % 7))
        note = Note([Text(f"Note {n} explains. " + "More words for the note. " * (n % 4 * 3))], number=n)
        blocks.append(Paragraph([Text(f"Call {n} starts. {words} ends"), note, Text(".")]))
    return Document(name="noted", title="Noted", blocks=blocks, numbering=["decimal"], footer="FOOTER TEXT")


def test_footnotes_sit_at_the_foot_of_the_page_that_calls_them(tmp_path):
    path = tmp_path / "noted.pdf"
    path.write_bytes(pdf.render(_noted(40)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) >= 4
    seen = []
    for page in pages:
        calls = re.findall(r"Call (\d+) starts", page)
        notes = re.findall(r"\d+\. Note (\d+) explains", page)
        assert calls == notes and calls
        assert page.rfind("Call ") < page.find("Note ")  # all notes below all text
        assert page.find("Note ") < page.find("FOOTER TEXT")  # and above the footer
        seen += calls
    assert seen == [str(n) for n in range(1, 41)]


def test_values_that_look_like_markup_are_text():
    document = Document(name="x", title="x", numbering=["decimal"], blocks=[
        Paragraph([Text('<b>A & B</b> <img src="/etc/passwd"/> <a href="http://x">y</a> &amp; {{ 7*7 }}')])])
    data = pdf.render(document)
    assert b"/URI" not in data and b"/XObject" not in data
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert '<b>A & B</b> <img src="/etc/passwd"/> <a href="http://x">y</a> &amp; {{ 7*7 }}' in " ".join(text.split())


def test_without_liberation_or_times_files_it_falls_back_to_the_built_in_times(monkeypatch):
    monkeypatch.setattr(pdf, "FONT_DIRS", [])
    pdf._font.cache_clear()
    try:
        data = pdf.render(_noted(2))
    finally:
        pdf._font.cache_clear()
    assert b"/BaseFont /Times-Roman" in data and b"LiberationSerif" not in data


@pytest.mark.parametrize("library", ["weasyprint", "reportlab"])
def test_a_docx_only_build_imports_no_pdf_library(tmp_path, library):
    code = ("import sys; from assembler import api; "
            f"api.build({str(EXAMPLE)!r}, ('docx',), {str(tmp_path)!r}); "
            f"print({library!r} in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
