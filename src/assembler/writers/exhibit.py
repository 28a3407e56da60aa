"""``--format html``: the HTML writer's page as a self-contained file that can be filed on EDGAR as
an exhibit (EDGAR Filer Manual, Volume II, chapter 5: a subset of HTML 3.2/4.0).

The page is ``html.page``'s, so it says what the preview and the PDF say; only what EDGAR does
not take is changed:
- no ``<style>`` sheet, no class-driven look: each element carries the few CSS1 properties it
  needs in its own ``style`` attribute, as filing agents' HTML does; no ``@font-face`` or any
  ``url()``, so nothing is fetched and the font is the reader's Times;
- no ``<span>``: defined terms are ``<b>``, run-in titles ``<b><u>``, blanks and signature lines
  underscores, footnotes numbered ``<sup>`` calls with the notes after the text;
- no running footer or page number (a web page has no pages);
- links only to places in the same file (``href="#…"``);
- ASCII only: every other character is a numeric character reference.
"""
from __future__ import annotations

import lxml.html
from lxml import etree

from ..tree import Document
from . import html

DOCTYPE = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">'
META = '<meta http-equiv="Content-Type" content="text/html; charset=us-ascii">'
BLANK = "_" * 16
SIGNATURE_LINE = "_" * 30
NBSP = "\u00a0"
# The house style of print.css, in the properties EDGAR's HTML takes, class by class.
STYLES = {
    "title": "text-align: center; font-weight: bold; text-transform: uppercase; font-size: 12pt",
    "article": "font-weight: bold; text-transform: uppercase; font-size: 12pt",
    "centered": "text-align: center",
    "heading": "text-align: left",
    "body": "text-indent: 0.5in; text-align: left",
    "level-1": "text-align: left",
    "level-2": "text-align: left",
    "level-3": "margin-left: 0.5in; text-align: left",
    "level-4": "margin-left: 1in; text-align: left",
    "center": "text-align: center; text-indent: 0",
    "flush": "text-indent: 0",
    "quote": "margin-left: 0.5in; margin-right: 0.5in; text-indent: 0",
    "legend": "text-align: center; text-transform: uppercase",
    "address": "margin-left: 1.5in; margin-bottom: 12pt",
    "signature": "margin-left: 3in; margin-top: 24pt",
    "entity": "font-weight: bold; margin-bottom: 24pt",
    "caption": "margin-left: 0.4in",
    "small": "font-size: 9pt; margin-left: 0.9in",
    "pagebreak": "margin-top: 36pt",
}
# A reading width, not a browser's: margins round the text, lines of about 80 characters.
PAGE = ("font-family: 'Times New Roman', Times, serif; font-size: 12pt; max-width: 6.5in; "
        "margin-left: auto; margin-right: auto; margin-top: 0.5in; margin-bottom: 0.5in; "
        "padding-left: 0.5in; padding-right: 0.5in")
# Cross-references are text that happens to be linked: the text's colour, no underline.
REFERENCE = "color: #000000; text-decoration: none"
# EDGAR's page break: a rule that breaks the page after it when printed.
PAGE_BREAK = "page-break-after: always"


def render(document: Document) -> bytes:
    root = lxml.html.fromstring(html.page(document, css=""))
    head, body = root.find("head"), root.find("body")
    for node in head.findall("style"):
        head.remove(node)
    for meta in head.findall("meta"):
        head.remove(meta)  # lxml writes no http-equiv meta, so it goes in as text below
    for footer in body.find_class("page-footer"):
        footer.getparent().remove(footer)
    # The page's list and section wrappers (there for the tagged PDF) are HTML 5 or styled by
    # print.css alone; the exhibit's paragraphs carry their own numbers and indents.
    for wrapper in list(body.iter("section", "ol", "li")):
        wrapper.drop_tag()
    _page_breaks(body)
    notes = _notes(body)
    for span in list(body.iter("span")):
        _span(span)
    for element in body.iter():
        classes = (element.attrib.pop("class", "") or "").split()
        style = "; ".join(STYLES[c] for c in STYLES if c in classes)  # print.css's order: later wins
        if style:
            element.set("style", style)
    for link in body.iter("a"):
        if link.get("href"):
            link.set("style", REFERENCE)
    body.set("style", PAGE)
    if notes:
        body.append(etree.Element("hr"))
        body.extend(notes)
    text = lxml.html.tostring(root, doctype=DOCTYPE, encoding="unicode", method="html")
    text = text.replace("<head>", f"<head>{META}", 1)
    return text.encode("ascii", "xmlcharrefreplace") + b"\n"


def _page_breaks(body):
    """Where the printed page breaks (after the signature-page legend, before a schedule after a
    certificate: the page's ``pagebreak`` marks), EDGAR's ``<hr>`` that breaks the page."""
    for element in list(body.iter()):
        if "pagebreak" in (element.get("class") or "").split():
            rule = etree.Element("hr", {"style": PAGE_BREAK})
            element.addprevious(rule)


def _notes(body) -> list:
    """Each footnote becomes a numbered call, and its words a paragraph after the text."""
    notes = []
    for number, span in enumerate(list(body.find_class("footnote")), start=1):
        call = etree.Element("sup")
        call.text, call.tail = str(number), span.tail
        span.getparent().replace(span, call)
        note = etree.Element("p", {"style": "font-size: 10pt"})
        mark = etree.SubElement(note, "sup")
        mark.text, mark.tail = str(number), " " + (span.text or "")
        note.extend(list(span))
        notes.append(note)
    return notes


def _span(span):
    """A span as the plain tags EDGAR takes."""
    classes = span.get("class", "").split()
    if "def" in classes:
        span.tag = "b"
    elif "runin" in classes:
        span.tag, inner = "b", etree.SubElement(span, "u")
        inner.text, span.text = span.text, None
        inner.extend([child for child in span if child is not inner])
    elif "blank" in classes:
        span.text = BLANK + (span.text or "")
        span.drop_tag()
        return
    elif "sigline" in classes:
        if not (span.text_content() or "").strip():
            span.text = SIGNATURE_LINE
        span.drop_tag()
        return
    elif "label" in classes or "contact-label" in classes:
        span.text = (span.text or "") + NBSP * 2
        if span.get("id"):  # a sub-section's label run in after its parent's keeps its anchor
            span.tag = "a"
        else:
            span.drop_tag()
            return
    else:
        span.drop_tag()
        return
    span.attrib.pop("class", None)
