"""The PDF writer (writers/pdf.py) in process, on small pages: its metadata and identifier from the
page, not the clock; the variants; the package's own faces for each script, bold and italic; every
outside resource refused; characters no face draws; footnotes tagged as notes, and kept
on the page of their call. Read back with pikepdf. For mutation testing (scripts/mutation-test pdf); whole
documents' PDFs are read with poppler and pdfplumber in tests/test_pdf_writer.py and beside it."""
from __future__ import annotations

import gc
import hashlib
import io
import subprocess
import sys

import pikepdf
import pytest

from assembler.errors import OutputError
from assembler.tree import Document, Note, Paragraph, Text
from assembler.writers import pdf


def page(body: str, css: str = "") -> str:
    return f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><style>{css}</style></head><body>{body}</body></html>'


def opened(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def fonts(data: bytes) -> set[str]:
    found = set()
    with opened(data) as doc:
        for p in doc.pages:
            for font in p.resources.get("/Font", {}).values():
                found.add(str(font.get("/BaseFont")).split("+", 1)[-1])
    return found


def test_the_faces_and_the_stack():
    assert pdf.STACK == ('"Liberation Serif Assembler", "Noto Naskh Arabic Assembler", '
                         '"Droid Sans Fallback Assembler", "Symbola Assembler"')
    assert all((pdf.FONTS / file).is_file() for _, file, *_ in pdf.FACES)
    assert pdf.VARIANTS == ("pdf/a-2b", "pdf/a-1b", "pdf/ua-1") and pdf.DEFAULT_VARIANT == "pdf/a-2b"


def test_characters_the_faces_draw():
    for char in ("\n", "\r", "\t", " ", "~", "A", "é", "中", "\u0627", "☃"):
        assert pdf.drawn(char), repr(char)
    for char in ("\x7f", "\x1f", "\x0b", "\U0010ffff"):
        assert not pdf.drawn(char), repr(char)
    assert pdf.missing("a\x7f\U0010ffffé\x7f中\x01") == ["\x7f", "\U0010ffff"]
    assert pdf.missing("plain ~ text") == []
    assert pdf.replacement("\x7f") == "[U+007F]" and pdf.replacement("\U0010ffff") == "[U+10FFFF]"


def test_a_page_with_characters_no_face_draws():
    assert pdf._drawable("<p>plain</p>", False) == "<p>plain</p>"
    assert pdf._drawable("<p>a\x7fb\U0010ffff\x7f</p>", True) == "<p>a[U+007F]b[U+10FFFF][U+007F]</p>"
    with pytest.raises(OutputError) as refused:
        pdf._drawable("a\x7f\U0010ffff\U000e0080\U000e0081\U000e0082\U000e0083", False)
    message = refused.value.one_line()
    assert "(U+007F)" in message and "(U+E0082)" in message and "U+E0083" not in message
    assert message.endswith(": no shipped font draws it (spell the value in characters the fonts have, "
                            "or build with --draft)")
    assert "the PDF would lose" in message


def test_unknown_variant():
    with pytest.raises(OutputError) as refused:
        pdf.from_html(page("x"), "T", None, "pdf/x")
    assert refused.value.one_line() == "unknown PDF variant 'pdf/x' (accepted: pdf/a-2b, pdf/a-1b, pdf/ua-1)"


@pytest.fixture(scope="module")
def simple() -> bytes:
    return pdf.from_html(page("<p>Plain <b>bold</b> <i>italic</i> <b><i>both</i></b></p>"), "A Title", "2024-03-05")


def test_metadata_and_identifier_come_from_the_page(simple):
    source = page("<p>Plain <b>bold</b> <i>italic</i> <b><i>both</i></b></p>")
    with opened(simple) as doc:
        info = doc.docinfo
        assert str(info["/Title"]) == "A Title"
        assert str(info["/Author"]) == "assembler" and str(info["/Creator"]) == "assembler"
        assert str(info["/CreationDate"]).startswith("D:20240305000000") and \
            str(info["/ModDate"]).startswith("D:20240305000000")
        assert bytes(doc.trailer.ID[0]) == hashlib.md5(source.encode()).hexdigest().encode()
        with doc.open_metadata() as meta:
            assert meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "B"
        assert "/StructTreeRoot" in doc.Root  # tagged
        assert [float(x) for x in doc.pages[0].MediaBox] == pytest.approx([0, 0, 595.28, 841.89], abs=0.5)
    assert pdf.from_html(page("<p>Plain <b>bold</b> <i>italic</i> <b><i>both</i></b></p>"), "A Title",
                         "2024-03-05") == simple


def test_no_date_is_the_fixed_one():
    data = pdf.from_html(page("<p>x</p>"), "T", None)
    with opened(data) as doc:
        assert str(doc.docinfo["/CreationDate"]).startswith("D:20000101000000")


def test_other_variants():
    data = pdf.from_html(page("<p>x</p>"), "T", "2024-01-02", "pdf/a-1b")
    with opened(data) as doc, doc.open_metadata() as meta:
        assert meta.get("pdfaid:part") == "1"


def test_each_style_and_script_has_its_face(simple):
    assert fonts(simple) == {"Liberation-Serif-Assembler", "Liberation-Serif-Assembler-Bold",
                             "Liberation-Serif-Assembler-Italic", "Liberation-Serif-Assembler-Bold-Italic"}
    others = pdf.from_html(page("<p>\u0627\u0644\u0639\u0631\u0628\u064a\u0629 <b>\u0628</b> 中文 ☃</p>"), "T", None)
    # The space between the scripts is the serif's; the snowman is Symbola's (its face is named so).
    assert fonts(others) == {"Liberation-Serif-Assembler", "Noto-Naskh-Arabic-Assembler",
                             "Noto-Naskh-Arabic-Assembler-Bold", "Droid-Sans-Fallback-Assembler",
                             "Symbola-Assembler-Semi-Condensed"}


def test_the_house_style_is_added_when_asked():
    document = Document(name="d", title="House", blocks=[Paragraph([Text("Body.")])], numbering=[],
                        date="2024-03-05")
    data = pdf.render(document)
    with opened(data) as doc:
        assert [float(x) for x in doc.pages[0].MediaBox] == [0, 0, 612, 792]  # print.css: letter
        assert str(doc.docinfo["/Title"]) == "House"


def test_a_footnote_is_tagged_as_a_note():
    document = Document(name="d", title="N", numbering=[], date="2024-03-05", blocks=[
        Paragraph([Text("Amended."), Note([Text("Amended by Amendment No. 1.")], number=1)])])
    data = pdf.render(document)
    with opened(data) as doc:
        kinds = [str(obj.get("/S")) for obj in doc.objects if isinstance(obj, pikepdf.Dictionary) and "/S" in obj]
    assert "/Note" in kinds


def test_a_draft_shows_what_no_face_draws_and_a_build_refuses_it():
    document = Document(name="d", title="D", numbering=[], blocks=[Paragraph([Text("Odd \x7f.")])], draft=True)
    with opened(pdf.render(document)) as doc:
        assert str(doc.docinfo["/Title"]) == "D"
    with pytest.raises(OutputError):
        pdf.from_html(page("<p>Odd \x7f.</p>"), "T", None)


@pytest.mark.parametrize("body, css", [
    ('<img src="file:///etc/hostname">', ""),
    ('<p>x</p>', '@font-face { font-family: X; src: url("https://example.com/x.ttf"); } p { font-family: X; }'),
    ('<p>x</p>', '@font-face { font-family: X; src: url("assembler-font:../../etc/hostname"); } '
                 'p { font-family: X; }'),
])
def test_every_outside_resource_is_refused(body, css):
    with pytest.raises(OutputError) as refused:
        pdf.from_html(page(body, css), "T", None)
    assert refused.value.one_line().startswith("the PDF asked for an outside resource, which is refused: ")


def test_the_fetcher_serves_only_the_packages_faces():
    _, fetcher, _, _ = pdf._setup()
    served = fetcher.fetch("assembler-font:LiberationSerif-Regular.ttf")
    with pytest.raises(pdf.Refused):
        fetcher.fetch("assembler-font:coverage.txt")
    with pytest.raises(pdf.Refused):
        fetcher.fetch("file:///etc/hostname")
    assert str(pdf.Refused("x" * 300)) == "x" * 200


def test_setup_once_per_process(monkeypatch):
    """Made again (its cache cleared), the configuration draws the same PDF."""
    before = pdf.from_html(page("<p>Once <b>bold</b></p>"), "T", None)
    pdf._setup.cache_clear()
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    config, fetcher, fonts_css, house = pdf._setup()
    import os
    assert os.environ["SOURCE_DATE_EPOCH"] == "946684800"
    assert pdf._setup() == (config, fetcher, fonts_css, house)
    assert pdf.from_html(page("<p>Once <b>bold</b></p>"), "T", None) == before
    assert fonts(before) == {"Liberation-Serif-Assembler", "Liberation-Serif-Assembler-Bold"}


# -- a footnote stays on the page of its call ----------------------------------------------------------

SMALL = "@page { size: 300pt 200pt; margin: 20pt; } body { font-size: 10pt; line-height: 12pt }"
NOTE = '<span class="footnote">A note of some length here.</span>'
# Found by laying out: the second paragraph starts at the first page's foot and cannot leave one
# line there (orphans: 2), so WeasyPrint 70 sends the first paragraph's note on to the next page.
SENT_ON = f'<p id="first">A{" word" * 85}.{NOTE}</p><p id="last" style="color: black">{"word " * 50}</p>'
# The same at the second page's foot, where a division follows a paragraph begun on the first page.
CONTINUED = f'<p id="long">A{" word" * 220}.</p><div>word word word {NOTE} {"word " * 50}</div>'


def laid_out(body: str):
    """The page laid out as from_html does with the house style, before any second layout."""
    import weasyprint

    config, fetcher, fonts_css, print_css = pdf._setup()
    source = weasyprint.HTML(string=page(body, SMALL), url_fetcher=fetcher, base_url=None)
    return source, source.render(font_config=config, stylesheets=[print_css, fonts_css])


def notes_by_page(document) -> list[str]:
    """The words in each page's footnote area."""
    return [" ".join(" ".join(box.text for box in p._page_box.children[1].descendants() if hasattr(box, "text"))
                     .split()) for p in document.pages]


def styles(source) -> dict[str, str | None]:
    return {el.get("id"): el.get("style") for el in source.etree_element.iter() if el.get("id")}


def test_a_note_sent_on_sends_the_paragraph_at_the_foot_to_the_next_page():
    source, document = laid_out(SENT_ON)
    assert notes_by_page(document)[0] == ""  # WeasyPrint sent the note on
    assert pdf._let_footnotes_stay(document) is True
    assert styles(source) == {"first": None, "last": "color: black; break-before: page"}
    config, _, fonts_css, print_css = pdf._setup()
    again = source.render(font_config=config, stylesheets=[print_css, fonts_css])
    assert notes_by_page(again)[0] == "1. A note of some length here."
    assert pdf._let_footnotes_stay(again) is False  # every note stayed: nothing changed
    assert styles(source)["last"] == "color: black; break-before: page"


def test_a_paragraph_begun_on_an_earlier_page_gives_up_its_widow_control():
    source, document = laid_out(CONTINUED)
    assert pdf._let_footnotes_stay(document) is True
    assert styles(source) == {"long": "; widows: 1"}


def test_notes_that_stayed_change_nothing():
    source, document = laid_out(f'<p id="a">Called{NOTE} here.</p><p id="b">{"word " * 150}</p>')
    assert notes_by_page(document)[0] == "1. A note of some length here."
    assert pdf._let_footnotes_stay(document) is False
    assert styles(source) == {"a": None, "b": None}
    _, bare = laid_out("<div>No paragraph at all.</div>")
    assert pdf._let_footnotes_stay(bare) is False


def test_from_html_lays_the_pages_out_again_so_the_note_stays_by_its_call():
    data = pdf.from_html(page(SENT_ON, SMALL), "Noted", None, house_style=True)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=data, capture_output=True,
                           check=True).stdout.decode()
    assert "A note of some length here." in first and first.count("word") == 85


def test_fewer_collections_while_laying_out():
    before = gc.get_threshold()
    with pdf._fewer_collections():
        assert gc.get_threshold() == (50_000, 50, 100)
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), pdf._fewer_collections():
        raise RuntimeError
    assert gc.get_threshold() == before


def test_no_library_search_while_importing(monkeypatch):
    import ctypes.util

    search = ctypes.util.find_library
    with pdf._no_library_search():
        assert ctypes.util.find_library("c") is None
        print("advice")
    assert ctypes.util.find_library is search
    monkeypatch.setattr(sys, "platform", "darwin")
    with pdf._no_library_search():
        assert ctypes.util.find_library is search


def test_no_library_search_hides_what_it_prints(capsys):
    with pdf._no_library_search():
        print("advice on a library")
    assert capsys.readouterr().out == ""


def test_forget_the_faces_folder(tmp_path):
    class Config:
        _folder = str(tmp_path / "faces")

    (tmp_path / "faces").mkdir()
    config = Config()
    pdf._forget(config)
    assert not (tmp_path / "faces").exists() and config._folder is None
    pdf._forget(config)  # nothing left: nothing done
    assert config._folder is None


def test_a_documents_pdf_is_dated_identified_and_in_the_variant_asked():
    from assembler.writers import html

    document = Document(name="d", title="House", blocks=[Paragraph([Text("Body.")])], numbering=[],
                        date="2024-03-05")
    data = pdf.render(document, "pdf/a-1b")
    with opened(data) as doc:
        assert str(doc.docinfo["/CreationDate"]).startswith("D:20240305000000")
        # The identifier is the page's: the HTML writer's page with no style sheet of its own.
        assert bytes(doc.trailer.ID[0]) == hashlib.md5(html.page(document, css="").encode()).hexdigest().encode()
        with doc.open_metadata() as meta:
            assert meta.get("pdfaid:part") == "1"


def test_only_the_footnotes_are_tagged_as_notes():
    from assembler.tree import Def

    document = Document(name="d", title="N", numbering=[], date="2024-03-05", blocks=[
        Paragraph([Text("The "), Def("Company"), Text(" amended."),
                   Note([Text("Amended by Amendment No. 1.")], number=1)])])
    with opened(pdf.render(document)) as doc:
        kinds = [str(obj.get("/S")) for obj in doc.objects if isinstance(obj, pikepdf.Dictionary) and "/S" in obj]
    assert kinds.count("/Note") == 1 and "/Span" in kinds


def test_forget_a_folder_already_gone(tmp_path):
    class Config:
        _folder = str(tmp_path / "gone")

    config = Config()
    pdf._forget(config)  # no error for a folder no longer there
    assert config._folder is None


def test_the_first_range_of_the_coverage_counts():
    starts, ends = pdf._coverage()
    assert pdf.drawn(chr(starts[0])) and pdf.drawn(chr(ends[0]))


def test_the_refusal_lists_each_lost_character_apart():
    with pytest.raises(OutputError) as refused:
        pdf._drawable("a\x7f\U0010ffff\U000e0080", False)
    assert refused.value.one_line().count("), '") == 2


def test_import_quietly_only_once_and_without_the_fonts_warning(monkeypatch):
    import contextlib
    import warnings

    calls = []

    @contextlib.contextmanager
    def importing():
        calls.append(1)
        warnings.warn("No fonts configured in FontConfig. This may lead to ugly output.", UserWarning)
        sys.modules["weasyprint"] = loaded
        yield

    loaded = sys.modules["weasyprint"]
    monkeypatch.setattr(pdf, "_no_library_search", importing)
    pdf._import_quietly()
    assert calls == []  # already imported: nothing done
    monkeypatch.delitem(sys.modules, "weasyprint")
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        pdf._import_quietly()
    assert calls == [1] and [str(w.message) for w in shown] == []
    assert sys.modules["weasyprint"] is loaded
