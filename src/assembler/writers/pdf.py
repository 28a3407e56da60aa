"""PDF: an HTML page laid out by WeasyPrint. Every PDF assembler writes comes through here:
documents (the HTML writer's page with ``templates/print.css``), redlines and letters.

So the PDF is what the web workbench previews, in the one house style print.css states.

What makes the bytes the same on every machine:
- the faces are the package's own (``assembler/fonts/``, see LICENSES.md there), named by
  ``@font-face`` rules whose URLs point into the package and registered with fontconfig where they
  lie; the fetcher refuses every other URL; the page's font stack names them alone, so
  fontconfig's system fonts are never asked;
- a character none of them draws is never left to the machine: a build stops on lint's
  ``missing-glyph``, and a draft shows ``[U+XXXX]`` in its place;
- the metadata dates and the file identifier come from the document, not the clock.

Every PDF is PDF/A-2b (or the variant asked for) and tagged: /Lang from the page's
``<html lang>``, headings as headings, numbered sections as a list, footnotes as notes.
WeasyPrint is imported here, and only when a PDF is asked for, so a DOCX-only build never pays
for it.
"""
from __future__ import annotations

import atexit
import bisect
import contextlib
import functools
import gc
import hashlib
import logging
import os
import re
import shutil
import sys
import warnings
from pathlib import Path

from ..errors import OutputError
from ..library import data_dir

VARIANTS = ("pdf/a-2b", "pdf/a-1b", "pdf/ua-1")
DEFAULT_VARIANT = "pdf/a-2b"
FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONT_SCHEME = "assembler-font:"
# (family, file, weight, style). The serif first; the others only carry what it lacks.
FACES = [
    ("Liberation Serif Assembler", "LiberationSerif-Regular.ttf", "normal", "normal"),
    ("Liberation Serif Assembler", "LiberationSerif-Bold.ttf", "bold", "normal"),
    ("Liberation Serif Assembler", "LiberationSerif-Italic.ttf", "normal", "italic"),
    ("Liberation Serif Assembler", "LiberationSerif-BoldItalic.ttf", "bold", "italic"),
    ("Noto Naskh Arabic Assembler", "NotoNaskhArabic-Regular.ttf", "normal", "normal"),
    ("Noto Naskh Arabic Assembler", "NotoNaskhArabic-Bold.ttf", "bold", "normal"),
    ("Droid Sans Fallback Assembler", "DroidSansFallback-CJK.ttf", "normal", "normal"),
    ("Symbola Assembler", "Symbola-Symbols.ttf", "normal", "normal"),
]
STACK = ", ".join(dict.fromkeys(f'"{family}"' for family, *_ in FACES))


def render(document, variant: str = DEFAULT_VARIANT) -> bytes:
    from . import html

    return from_html(html.page(document, css=""), document.title, document.date, variant,
                     house_style=True, draft=document.draft)


def from_html(page: str, title: str, date: str | None, variant: str = DEFAULT_VARIANT,
              house_style: bool = False, draft: bool = False) -> bytes:
    """A self-contained HTML page as PDF. ``house_style`` adds print.css (parsed once per process)
    to the page's own styles. Same page, same bytes."""
    _import_quietly()
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    if variant not in VARIANTS:
        raise OutputError(f"unknown PDF variant '{variant}'", hint="accepted: " + ", ".join(VARIANTS))
    page = _drawable(page, draft)
    config, fetcher, fonts_css, print_css = _setup()
    sheets = [print_css, fonts_css] if house_style else [fonts_css]
    with _fewer_collections():
        try:
            source = weasyprint.HTML(string=page, url_fetcher=fetcher, base_url=None)
            options = dict(font_config=config, stylesheets=sheets, pdf_variant=variant, pdf_tags=True)
            doc = source.render(**options)
            if 'class="footnote"' in page and _let_footnotes_stay(doc):
                doc = source.render(**options)
        except FatalURLFetchingError as exc:
            raise OutputError(f"the PDF asked for an outside resource, which is refused: {exc.__cause__}") from None
        doc.metadata.title = title
        doc.metadata.authors = ["assembler"]
        doc.metadata.generator = "assembler"
        stamp = f"{date or '2000-01-01'}T00:00:00+00:00"
        doc.metadata.created = doc.metadata.modified = stamp
        identifier = hashlib.md5(page.encode("utf-8"), usedforsecurity=False).hexdigest().encode()
        return doc.write_pdf(pdf_variant=variant, pdf_tags=True, pdf_identifier=identifier,
                             finisher=_footnotes_as_notes)


def _let_footnotes_stay(document) -> bool:
    """A footnote prints on the page of its call. WeasyPrint 70 breaks that rule to keep widows
    and orphans: when the paragraph at a page's foot cannot break where it overflows, it sends the
    page's footnotes on to the next page to make room for one more line. Where that happened, the
    paragraph that ran over the page's foot starts the next page instead (or, begun on an earlier
    page, gives up its widow control), and the caller lays the pages out once more; a page whose
    notes all stayed costs nothing. Says whether a paragraph was changed."""
    changed, seen = False, set()
    for page in document.pages:
        flow, area = page._page_box.children[:2]
        paragraphs, called = [], []
        for box in flow.descendants():
            if box.element_tag == "p" and box.element is not None:
                paragraphs.append(box.element)
            if getattr(box, "footnote", None) is not None:
                called.append(box.footnote)
        placed = {id(box.element) for box in area.descendants() if getattr(box, "element", None) is not None}
        if paragraphs and not all(id(note.element) in placed for note in called):
            last = paragraphs[-1]
            rule = "widows: 1" if id(last) in seen else "break-before: page"
            last.set("style", (last.get("style") or "") + f"; {rule}")
            changed = True
        seen.update(map(id, paragraphs))
    return changed


def _footnotes_as_notes(document, pdf):
    """Tag each footnote as a /Note, which WeasyPrint 70 does not: it tags the page's footnote
    area, a box of no element, as a /NonStruct straight under /Document (every other child of
    the page's body is an element of html.py's), and each note in it as the /Span it is in HTML."""
    def element(reference):
        return pdf.objects[int(reference.split()[0])]

    root = element(pdf.catalog["StructTreeRoot"])
    for top in element(root["K"][0])["K"]:
        area = element(top)
        if area["S"] != "/NonStruct":
            continue
        for kid in area["K"]:  # references to elements, or numbers of marked content
            if isinstance(kid, bytes) and element(kid).get("S") == "/Span":
                element(kid)["S"] = "/Note"


class Refused(Exception):
    def __str__(self):
        return self.args[0][:200]


@functools.lru_cache(maxsize=None)
def _setup():
    """One font configuration, fetcher and parsed house style per process: loading the faces and
    parsing print.css for every PDF was a fifth of a short document's time."""
    from xml.etree.ElementTree import Element, SubElement, tostring

    _import_quietly()
    import weasyprint
    from weasyprint.text.constants import FONTCONFIG_STYLE, FONTCONFIG_WEIGHT
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    # WeasyPrint logs what it refuses or cannot use as warnings; the refusal is raised instead.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "946684800")

    class PackageFonts(URLFetcher):
        """Serves the package's fonts; refuses everything else, so no page can read a file or
        reach the network. (WeasyPrint 70 wants this class, not a function: it reads the
        fetcher's ``_fail_on_errors``, and with it set a refusal stops the layout.)"""

        def __init__(self):
            super().__init__(fail_on_errors=True, allowed_protocols=())

        def fetch(self, url, headers=None):
            name = url[len(FONT_SCHEME):] if url.startswith(FONT_SCHEME) else None
            if name not in {file for _, file, *_ in FACES}:
                raise Refused(url)
            return URLFetcherResponse(url, (FONTS / name).read_bytes(), {"Content-Type": "font/ttf"})

    class PackageFontConfiguration(FontConfiguration):
        """Registers a package face with fontconfig where it lies, as WeasyPrint registers a fetched
        one: WeasyPrint would first copy its bytes into a temporary folder, 5 MB in every process
        (and a write that a full disk or a file-size limit refuses); any other URL goes the usual
        way, through the fetcher, which refuses it."""

        def add_font_face(self, rule_descriptors, url_fetcher):
            names = [url[len(FONT_SCHEME):] for kind, url in rule_descriptors.get("src", ())
                     if kind == "external" and url and url.startswith(FONT_SCHEME)]
            if not names or names[0] not in {file for _, file, *_ in FACES}:
                return super().add_font_face(rule_descriptors, url_fetcher)
            path = str(FONTS / names[0])
            root = Element("fontconfig")
            match = SubElement(root, "match", target="scan")
            SubElement(SubElement(match, "test", name="file", compare="eq"), "string").text = path
            SubElement(SubElement(match, "edit", name="family", mode="prepend"), "string").text = \
                rule_descriptors["font_family"]
            SubElement(SubElement(match, "edit", name="slant", mode="assign_replace"), "const").text = \
                FONTCONFIG_STYLE[rule_descriptors.get("font_style", "normal")]
            SubElement(SubElement(match, "edit", name="weight", mode="assign_replace"), "int").text = \
                str(FONTCONFIG_WEIGHT[rule_descriptors.get("font_weight", "normal")])
            xml = b'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n' + tostring(root)
            fontconfig.FcConfigParseAndLoadFromMemory(self._config, xml, True)
            if not fontconfig.FcConfigAppFontAddFile(self._config, path.encode()):
                raise OutputError(f"the PDF's font {names[0]} cannot be loaded", file=path)
            pangoft2.pango_fc_font_map_config_changed(ffi.cast("PangoFcFontMap *", self.font_map))

    config, fetcher = PackageFontConfiguration(), PackageFonts()
    atexit.register(_forget, config)
    faces = "".join(f'@font-face {{ font-family: "{family}"; src: url("{FONT_SCHEME}{file}"); '
                    f"font-weight: {weight}; font-style: {style}; }}\n"
                    for family, file, weight, style in FACES)
    fonts = weasyprint.CSS(string=faces + f"html, body {{ font-family: {STACK} !important; }}\n",
                           font_config=config, url_fetcher=fetcher)
    house = weasyprint.CSS(string=(data_dir("templates") / "print.css").read_text(encoding="utf-8"),
                           font_config=config, url_fetcher=fetcher)
    return config, fetcher, fonts, house


def _import_quietly():
    """Import WeasyPrint without its warning, on a machine with no fonts at all, of "ugly output":
    the PDF uses none of the machine's fonts."""
    if "weasyprint" in sys.modules:
        return
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "No fonts configured", UserWarning)
        try:
            with _no_library_search():
                import weasyprint  # noqa: F401
        except OSError:
            import weasyprint  # noqa: F401  (the slow way, which finds what the quick one cannot)


@contextlib.contextmanager
def _no_library_search():
    """WeasyPrint opens each C library by trying its names for every platform in turn
    ('libgobject-2.0-0', 'gobject-2.0-0', ... 'libgobject-2.0.so.0'), and cffi asks
    ``ctypes.util.find_library`` about each name it cannot open directly, which on Linux runs
    ldconfig, gcc and ld: 54 processes, a quarter of a second of a cold PDF build. On Linux the
    names that can be opened open directly, so the search is skipped while WeasyPrint is imported;
    should an import fail without it, it is imported again with it. (WeasyPrint prints its advice
    on a library it cannot open; that first try's advice is not shown.)"""
    if not sys.platform.startswith("linux"):
        yield
        return
    import ctypes.util
    import io

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        ctypes.util.find_library = search


def _forget(config):
    """Remove the font configuration's folder of faces while Python still can: its own __del__
    runs too late at exit and prints a traceback."""
    if config._folder:
        shutil.rmtree(config._folder, ignore_errors=True)
        config._folder = None


# -- characters the shipped faces draw -------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _coverage() -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for line in (FONTS / "coverage.txt").read_text().split():
        start, end = line.split("-")
        starts.append(int(start, 16))
        ends.append(int(end, 16))
    return starts, ends


def drawn(char: str) -> bool:
    """Whether some shipped face has a glyph for ``char`` (line breaks and tabs are layout)."""
    if char in "\n\r\t":
        return True
    starts, ends = _coverage()
    code = ord(char)
    at = bisect.bisect_right(starts, code) - 1
    return at >= 0 and code <= ends[at]


def missing(text: str) -> list[str]:
    """The characters of ``text`` no shipped face draws, each once, in order."""
    return [c for c in dict.fromkeys(text) if c > "\x7e" and not drawn(c)]


def replacement(char: str) -> str:
    return f"[U+{ord(char):04X}]"


def _drawable(page: str, draft: bool) -> str:
    """The page with nothing left for the machine's own fonts to draw. Markup is ASCII, so only
    text can hold such a character; outside a draft it is an error (lint names the field first)."""
    lost = missing(page)
    if not lost:
        return page
    if not draft:
        names = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in lost[:5])
        raise OutputError(f"the PDF would lose {names}: no shipped font draws it",
                          hint="spell the value in characters the fonts have, or build with --draft")
    return re.sub("|".join(map(re.escape, lost)), lambda m: replacement(m.group(0)), page)


@contextlib.contextmanager
def _fewer_collections():
    """WeasyPrint makes millions of short-lived objects. At Python's default rhythm (a collection
    every 700 allocations, a full one every 100 young ones) the collector rescanned ever more of
    them as a document grew: an agreement eight times as long took 8.5 to 9.2 times as long to lay
    out. Collecting less often keeps the cost in step with the length, and saves a little on every
    PDF; the memory it holds back is counted in the benchmark's peak."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
