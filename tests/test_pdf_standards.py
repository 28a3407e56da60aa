"""Every kind of PDF against the standards it claims, read with pikepdf and qpdf: PDF/A-2b (or the
variant asked for), tagged with /Lang and headings, fonts embedded, no attachments, no JavaScript,
no links out; and the one URL fetcher refusing what a page asks for."""
from __future__ import annotations

import io
import re
import subprocess

import pytest

from assembler import api
from assembler.errors import OutputError
from assembler.writers import pdf

from .conftest import EXAMPLE, PDF_KINDS as KINDS, ROOT, need, refused_all, run_cli




def _every_object(document):
    for obj in document.objects:
        if isinstance(obj, (__import__("pikepdf").Dictionary, __import__("pikepdf").Stream)):
            yield obj


def _structure_elements(node):
    """Every structure element under ``node`` (an element or an array of kids), in reading order."""
    import pikepdf

    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from _structure_elements(child)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        if "/K" in node:
            yield from _structure_elements(node.K)


def _structure_tags(node, found: set[str]):
    found.update(str(element.S) for element in _structure_elements(node))
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_pdf_a_2b_tagged_embedded_and_closed(pdf_kinds, kind):
    import pikepdf

    need("qpdf")
    path = pdf_kinds[kind]
    checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0 and "No syntax or stream encoding errors" in checked.stdout, checked.stdout
    with pikepdf.open(path) as document:
        with document.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "2" and xmp["pdfaid:conformance"] == "B"
        intent = document.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and "/DestOutputProfile" in intent
        # Tagged: marked content, a structure tree, the page's language.
        assert document.Root.MarkInfo.Marked is True and "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == "en"
        tags = _structure_tags(document.Root.StructTreeRoot.K, set())
        assert "/P" in tags
        if kind not in ("redline", "amendment redline", "letter"):
            assert "/H1" in tags  # the title is a heading
        # Every font's program is in the file.
        fonts = [obj for obj in _every_object(document) if obj.get("/Type") == "/FontDescriptor"]
        assert fonts and all("/FontFile2" in font or "/FontFile3" in font for font in fonts)
        # Nothing attached, nothing run, nothing reached outside.
        assert "/EmbeddedFiles" not in document.Root.get("/Names", {}) and "/AF" not in document.Root
        assert "/OpenAction" not in document.Root and "/AA" not in document.Root
        for obj in _every_object(document):
            assert obj.get("/S") not in ("/JavaScript", "/URI", "/Launch", "/SubmitForm", "/ImportData"), kind
            assert "/JS" not in obj and "/URI" not in obj and obj.get("/Subtype") != "/FileAttachment"


def test_the_charter_heads_its_articles_as_headings(pdf_kinds):
    import pikepdf

    with pikepdf.open(pdf_kinds["charter"]) as document:
        tags = _structure_tags(document.Root.StructTreeRoot.K, set())
    assert {"/H1", "/H2"} <= tags


def _elements(node, kind: str) -> list:
    """Every structure element of type ``kind`` under ``node``, in reading order."""
    return [element for element in _structure_elements(node) if str(element.S) == kind]


def _kinds(node) -> list[str]:
    import pikepdf

    kids = node.K if isinstance(node.K, pikepdf.Array) else [node.K]
    return [str(kid.S) for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def test_numbered_sections_are_tagged_as_a_list_of_items(pdf_kinds):
    """Section 2(a), 2(b) ... are an ordered list to a screen reader: /L of /LI, each item's body an
    /LBody holding its paragraph. An item split by a page break is two /LI, one a page."""
    import pikepdf

    document = api.assemble(api.load_termsheet(EXAMPLE), "registration-rights-agreement")
    numbered = [s for s in document.sections.values() if s.level >= 2]
    assert len(numbered) > 40  # the agreement's 2(a), 3(b), 5(a)(i) ...
    with pikepdf.open(pdf_kinds["agreement"]) as pdf_file:
        root = pdf_file.Root.StructTreeRoot.K
        lists, items = _elements(root, "/L"), _elements(root, "/LI")
        assert lists and all(set(_kinds(lst)) <= {"/LI", "/L"} for lst in lists)
        assert len(items) >= len(numbered)
        for item in items:
            assert _kinds(item) == ["/LBody"]
        assert all("/P" in _kinds(body) or "/L" in _kinds(body) or "/Div" in _kinds(body)
                   for body in _elements(root, "/LBody"))
        # Each article's heading opens a section of its own (a section going on over a page
        # break goes on in another /Sect on the next page, without its heading).
        headed = [sect for sect in _elements(root, "/Sect") if _kinds(sect)[0] == "/H2"]
        assert len(headed) == len(_elements(root, "/H2")) == 11


def test_a_footnote_is_tagged_as_a_note(pdf_kinds):
    """The conformed charter's one footnote (which amendment changed the article) is a /Note, not
    an anonymous span; a charter with no footnote has none."""
    import pikepdf

    with pikepdf.open(pdf_kinds["conformed charter"]) as pdf_file:
        notes = _elements(pdf_file.Root.StructTreeRoot.K, "/Note")
        assert len(notes) == 1
        assert "/K" in notes[0] and notes[0].Pg == pdf_file.pages[-1].obj or notes[0].Pg in [p.obj for p in pdf_file.pages]
    with pikepdf.open(pdf_kinds["charter"]) as pdf_file:
        assert _elements(pdf_file.Root.StructTreeRoot.K, "/Note") == []


@pytest.mark.parametrize("variant, key, value", [("pdf/a-1b", "pdfaid:part", "1"), ("pdf/ua-1", "pdfuaid:part", "1")])
def test_pdf_variant_selects_the_standard(tmp_path, variant, key, value):
    import pikepdf

    out = tmp_path / "out"
    done = run_cli("build", str(EXAMPLE), "--format", "pdf", "--document", "certificate-of-incorporation",
                   "--pdf-variant", variant, "--out", str(out))
    assert done.returncode == 0, done.stderr
    with pikepdf.open(out / "certificate-of-incorporation.pdf") as document:
        with document.open_metadata() as xmp:
            assert xmp[key] == value
        assert "/StructTreeRoot" in document.Root and str(document.Root.Lang) == "en"


def test_an_unknown_pdf_variant_is_one_line_and_exit_2(tmp_path):
    done = run_cli("build", str(EXAMPLE), "--pdf-variant", "pdf/x-4", "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and "pdf/a-2b, pdf/a-1b, pdf/ua-1" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()
    from assembler import cli

    assert cli.PDF_VARIANTS == pdf.VARIANTS


def test_the_same_page_gives_the_same_bytes_with_the_documents_date(pdf_kinds):
    import pikepdf

    documents = api.documents(api.load_termsheet(EXAMPLE))
    document = next(d for d in documents if d.name == "certificate-of-incorporation")
    first, second = api.render(document, "pdf"), api.render(document, "pdf")
    assert first == second
    with pikepdf.open(io.BytesIO(first)) as opened:
        assert str(opened.docinfo.CreationDate).startswith("D:19970731")


# --- the URL fetcher --------------------------------------------------------------------------

ASKING = {
    "image": '<img src="{file}">',
    "stylesheet": '<link rel="stylesheet" href="{http}/x.css">',
    "import": '<style>@import url("{http}/y.css");</style>',
    "background": '<p style="background: url({file})">x</p>',
    "font": '<style>@font-face {{ font-family: X; src: url("{http}/f.ttf"); }} p {{ font-family: X; }}</style>',
    "object": '<object data="{file}"></object>',
}


@pytest.mark.parametrize("asks", list(ASKING))
def test_a_page_asking_for_a_file_or_the_network_is_refused_in_one_line(outside, asks):
    """The page asks for file:// and http:// directly; the PDF is refused, nothing is fetched."""
    page = ('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p>Words.</p>'
            + ASKING[asks].format(file=outside["file"], http=outside["http"]) + "</body></html>")
    with pytest.raises(OutputError) as caught:
        pdf.from_html(page, "t", "2001-01-01")
    refused_all(outside)
    message = caught.value.one_line()
    assert "\n" not in message and "refused" in message
    assert (outside["file"] if "{file}" in ASKING[asks] else outside["http"]) in message


def test_the_fetcher_serves_the_package_fonts_and_nothing_else():
    fetcher = pdf._setup()[1]
    assert fetcher(pdf.FONT_SCHEME + "LiberationSerif-Regular.ttf").read()[:4] == b"\x00\x01\x00\x00"
    for url in (pdf.FONT_SCHEME + "../../../etc/passwd", pdf.FONT_SCHEME + "coverage.txt", "file:///etc/passwd"):
        with pytest.raises(pdf.Refused):
            fetcher(url)


def test_a_letter_or_redline_page_cannot_fetch_either(monkeypatch):
    """Letters and redlines go through the same from_html: their pages are refused just the same."""
    from assembler.writers import letter, redline

    for module in (letter, redline):
        assert "weasyprint" not in module.__loader__.get_source(module.__name__)
    assert "from .pdf import" in letter.__loader__.get_source(letter.__name__)
    # A redline is a document: its PDF is writers.render's, which is pdf.py's.
    assert "render_any(document, fmt, pdf_variant)" in redline.__loader__.get_source(redline.__name__)
    assert not re.search(r"weasyprint", (ROOT / "src/assembler/writers/html.py").read_text())
