"""The PDF writer (HTML laid out by WeasyPrint): links, footnotes, fonts, and what it leaves out."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from assembler.tree import Document, Note, Paragraph, Text
from assembler.writers import pdf

from .conftest import EXAMPLE, ROOT, need


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
    """Each link's words name a section ("Section 11(c)", "(b)"); its named destination must be the
    line that section's label starts."""
    import pikepdf

    path = example_build.paths["pdf"]
    pages = _words(path)
    with pikepdf.open(path) as document:
        height = float(document.pages[0].mediabox[3])
        names = pikepdf.NameTree(document.Root.Names.Dests)
        numbers = {page.objgen: n for n, page in enumerate(document.pages)}
        links = 0
        for number, page in enumerate(document.pages):
            for link in page.get("/Annots") or []:
                if link.get("/Subtype") != "/Link":
                    continue
                links += 1
                assert "/A" not in link or link.A.S != "/URI"
                x0, y0, x1, y1 = (float(v) for v in link.Rect)
                top, bottom = height - max(y0, y1), height - min(y0, y1)
                inside = [w for w in pages[number] if min(x0, x1) <= (w[0] + w[2]) / 2 <= max(x0, x1)
                          and top - 2 <= w[1] and w[3] <= bottom + 2]
                last = inside[-1][4].rstrip(".,;:")  # "11(c)", "8", "(b)"
                label = re.findall(r"\([^)]+\)$", last) or [last + "."]
                destination = names[str(link.Dest)]
                target, y = numbers[destination[0].objgen], height - float(destination[3])
                line = sorted((w for w in pages[target] if 0 <= w[1] - y < 12), key=lambda w: w[0])
                assert line and line[0][4] == label[0], (number + 1, last, [w[4] for w in line[:4]])
    assert links == _references(example_build) and links >= 30


def test_fonts_are_the_shipped_liberation_serif_embedded_and_nothing_else(example_build):
    need("pdffonts")
    listing = subprocess.run(["pdffonts", str(example_build.paths["pdf"])], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing and all("Liberation-Serif-Assembler" in line for line in listing), listing
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in listing)  # embedded, subset


def _noted(count: int) -> Document:
    """Paragraphs of different lengths, each with a footnote of a different length."""
    blocks = []
    for n in range(1, count + 1):
        words = " ".join(["the quick brown fox jumps over"] * (3 + n % 7))
        note = Note([Text(f"Note {n} explains. " + "More words for the note. " * (n % 4 * 3))], number=n)
        blocks.append(Paragraph([Text(f"Call {n} starts. {words} call {n} ends"), note, Text(".")]))
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
        # The call is at the paragraph's end, which may be on the page after its start.
        calls = re.findall(r"call\s+(\d+)\s+ends", page)
        notes = re.findall(r"\d+\. Note (\d+) explains", page)
        assert calls == notes and calls
        assert page.rfind(" ends") < page.find("Note ")  # all notes below all text
        assert page.find("Note ") < page.find("FOOTER TEXT")  # and above the footer
        seen += calls
    assert seen == [str(n) for n in range(1, 41)]


def test_values_that_look_like_markup_are_text():
    import pikepdf

    value = '<b>A & B</b> <img src="/etc/passwd"/> <a href="http://x">y</a> &amp; {{ 7*7 }}'
    document = Document(name="x", title="x", numbering=["decimal"], blocks=[Paragraph([Text(value)])])
    data = pdf.render(document)
    with pikepdf.open(__import__("io").BytesIO(data)) as opened:
        for page in opened.pages:
            assert not page.get("/Annots") and not list(page.get_images())
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert value in " ".join(text.split())


def test_the_pdf_is_the_same_bytes_when_fontconfig_finds_no_fonts_at_all(tmp_path):
    """The faces are the package's own: a machine with no fonts gets the same file."""
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
                     f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n")
    env = {**os.environ, "FONTCONFIG_FILE": str(empty), "FONTCONFIG_PATH": str(tmp_path)}
    listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True).stdout
    assert listed.strip() == ""  # the configuration really finds nothing
    code = ("import sys; from assembler import api; "
            f"d = api.assemble(api.load_termsheet({str(EXAMPLE)!r})); "
            "sys.stdout.buffer.write(api.render(d, 'pdf'))")
    letter = ("import sys, datetime; from assembler import api; "
              f"r = api.notice({str(EXAMPLE)!r}, 'effectiveness', 'initial-investor', datetime.date(2001, 5, 14), "
              "sys.argv[1], ('pdf',)); sys.stdout.buffer.write(r.outputs[0].read_bytes())")
    for n, program in enumerate((code, letter)):
        bare = subprocess.run([sys.executable, "-c", program, str(tmp_path / f"bare{n}")], env=env,
                              capture_output=True, check=True)
        usual = subprocess.run([sys.executable, "-c", program, str(tmp_path / f"usual{n}")], capture_output=True,
                               check=True).stdout
        assert bare.stdout[:5] == b"%PDF-" and bare.stdout == usual
        assert bare.stderr == b""  # no warning about a machine without fonts: the PDF needs none


def test_a_docx_only_build_imports_no_pdf_library(tmp_path):
    code = ("import sys; from assembler import api; "
            f"api.build({str(EXAMPLE)!r}, ('docx',), {str(tmp_path)!r}); "
            "print('weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_reportlab_is_gone():
    assert "reportlab" not in (ROOT / "pyproject.toml").read_text().lower()
    assert not any("reportlab" in p.read_text() for p in (ROOT / "src").rglob("*.py"))


def test_a_pdf_build_starts_no_process(tmp_path):
    """Importing WeasyPrint once ran ldconfig, gcc and ld 54 times over (cffi asking
    ctypes.util.find_library about each platform's library names): a quarter of a cold PDF
    build. Python's audit hook sees every process started."""
    code = ("import sys\n"
            "started = []\n"
            "sys.addaudithook(lambda event, args: started.append(event) if event in "
            "('subprocess.Popen', 'os.posix_spawn', 'os.exec', 'os.fork', 'os.system') else None)\n"
            "from assembler import api\n"
            f"api.build({str(EXAMPLE)!r}, ('pdf',), {str(tmp_path)!r}, only=('registration-rights-agreement',))\n"
            "print(len(started), 'weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "True"]
    assert (tmp_path / "registration-rights-agreement.pdf").read_bytes()[:5] == b"%PDF-"


def test_weasyprint_is_imported_the_slow_way_when_the_quick_one_fails():
    """Should a library open only through the search that _no_library_search skips, the import is
    tried again with the search."""
    code = ("import contextlib, sys\n"
            "from assembler.writers import pdf\n"
            "@contextlib.contextmanager\n"
            "def failing():\n"
            "    raise OSError('cannot load library libgobject-2.0-0')\n"
            "    yield\n"
            "pdf._no_library_search = failing\n"
            "pdf._import_quietly()\n"
            "print('weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True" and done.stderr == ""
