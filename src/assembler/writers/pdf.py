"""PDF: the document tree set straight onto letter-size pages with ReportLab.

Why not through HTML and WeasyPrint, as letters and redlines are (``html_pdf``):
WeasyPrint spends about 23 ms a page on layout and drawing whatever the stylesheet,
and an agreement must come out in at most half of LibreOffice's time for the same
DOCX (docs/performance.md). Setting the tree directly takes a fraction of that.

The house style is ``templates/print.css``'s, in points: one-inch margins,
Liberation Serif 12 on 15, justified paragraphs, the term sheet's footer text and the
page number on every page, footnotes at the foot of their page.

ReportLab reads a small markup in paragraphs, so every piece of text is escaped
before it gets there; the tree holds text, never markup.
"""
from __future__ import annotations

import functools
import io
import os
from html import escape
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, Indenter, KeepTogether,
                                PageTemplate, Paragraph as Para, Table, TableStyle)
from reportlab.platypus import PageBreak as NewPage

from ..tree import (AddressBlock, Blank, Def, Document, Legend, Note, PageBreak, Paragraph, Ref,
                    Section, Signature, Text, Title, plain, signed_name)
from .text import legend_lines

INCH = 72.0
PAGE_WIDTH, PAGE_HEIGHT = letter
LEFT = RIGHT = TOP = INCH
BOTTOM = 1.1 * INCH
FRAME_HEIGHT = PAGE_HEIGHT - TOP - BOTTOM
SIZE, LEADING = 12, 15
STEP = 0.5 * INCH              # each level below (a) indents half an inch, as in the DOCX
NBSP = "\u00a0"
BLANK = f"<u>{NBSP * 31}</u>"  # a blank to fill in: about 1.3 inches of underline
SIGNATURE_LINE = 2.5 * INCH
NOTE_RULE = 8                  # the rule above a page's footnotes and the gap under it
NOTE_GAP = 2                   # between footnotes

# The faces we look for, best first: Liberation Serif has Times New Roman's metrics,
# so pages break where they do in Word. Without either, ReportLab's built-in Times.
FAMILIES = [
    {"": "LiberationSerif-Regular.ttf", "-Bold": "LiberationSerif-Bold.ttf",
     "-Italic": "LiberationSerif-Italic.ttf", "-BoldItalic": "LiberationSerif-BoldItalic.ttf"},
    {"": "times.ttf", "-Bold": "timesbd.ttf", "-Italic": "timesi.ttf", "-BoldItalic": "timesbi.ttf"},
]
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
             "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts"]


def render(document: Document) -> bytes:
    font = _font()
    story = _Story(document, _styles(font)).flowables(document.blocks)
    out = io.BytesIO()
    _Pages(out, document, font).build(story)
    return out.getvalue()


# -- fonts and styles -----------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _font() -> str:
    """The serif family's name, registered with ReportLab once per process."""
    found = _font_files()
    for faces in FAMILIES:
        if all(name in found for name in faces.values()):
            for suffix, name in faces.items():
                pdfmetrics.registerFont(TTFont("Serif" + suffix, found[name]))
            pdfmetrics.registerFontFamily("Serif", normal="Serif", bold="Serif-Bold",
                                          italic="Serif-Italic", boldItalic="Serif-BoldItalic")
            return "Serif"
    return "Times-Roman"


def _font_files() -> dict[str, str]:
    wanted = {name for faces in FAMILIES for name in faces.values()}
    found: dict[str, str] = {}
    for folder in FONT_DIRS:
        for root, _dirs, files in sorted(os.walk(os.path.expanduser(folder))):
            for name in files:
                # The last in sorted order wins: fonts-liberation2 over fonts-liberation.
                if name in wanted or name.lower() in wanted:
                    found[name if name in wanted else name.lower()] = str(Path(root) / name)
    return found


def _bold(font: str) -> str:
    return "Times-Bold" if font == "Times-Roman" else font + "-Bold"


@functools.lru_cache(maxsize=None)
def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=SIZE, leading=LEADING,
                          alignment=TA_JUSTIFY, spaceAfter=12)
    bold = dict(parent=base, fontName=_bold(font))

    def left(name, **more):
        return ParagraphStyle(name, **{"parent": base, "alignment": TA_LEFT, "spaceAfter": 0, **more})
    return {
        "base": base,
        "body": ParagraphStyle("body", parent=base, firstLineIndent=STEP),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "title": ParagraphStyle("title", **bold, alignment=TA_CENTER, spaceAfter=18),
        "article": ParagraphStyle("article", **bold, alignment=TA_LEFT, spaceBefore=6, keepWithNext=1),
        "centered": ParagraphStyle("centered", **bold, alignment=TA_CENTER, spaceBefore=6, keepWithNext=1),
        "legend": ParagraphStyle("legend", parent=base, alignment=TA_CENTER, spaceBefore=18),
        "line": left("line"),
        "entity": left("entity", fontName=_bold(font), spaceAfter=24),
        "caption": left("caption", leftIndent=0.4 * INCH),
        "small": left("small", fontSize=9, leading=11, leftIndent=0.9 * INCH),
        "note": left("note", fontSize=9, leading=11),
    }


@functools.lru_cache(maxsize=None)
def _indented(style: ParagraphStyle, level: int) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-{level}", parent=style, leftIndent=STEP * max(level - 2, 0))


# -- the story: the tree as flowables --------------------------------------------------------

class _Story:
    def __init__(self, document: Document, styles: dict[str, ParagraphStyle]):
        self.document = document
        self.styles = styles
        self.font = styles["base"].fontName

    def flowables(self, blocks, level: int = 0) -> list:
        out: list = []
        for block in blocks:
            if isinstance(block, PageBreak):
                out.append(NewPage())
            elif isinstance(block, Section):
                out += self.section(block)
            elif isinstance(block, Title):
                out.append(self.para(block.inlines, self.styles["title"], upper=True))
            elif isinstance(block, Paragraph):
                out.append(self.para(block.inlines, self.paragraph_style(block, level)))
            elif isinstance(block, AddressBlock):
                out += self.address(block)
            elif isinstance(block, Legend):
                text = "".join(getattr(i, "text", "") for i in block.inlines)
                out.append(Para("<br/>".join(_escape(line) for line in legend_lines(text)),
                                self.styles["legend"]))
            elif isinstance(block, Signature):
                out.append(self.signature(block))
        return out

    def paragraph_style(self, block: Paragraph, level: int) -> ParagraphStyle:
        if block.align == "center":
            return self.styles["center"]
        if block.quote:
            return ParagraphStyle("quote", parent=_indented(self.styles["base"], level),
                                  leftIndent=STEP * (max(level - 2, 0) + 1), rightIndent=STEP)
        if level == 0:
            return self.styles["base"] if block.flush else self.styles["body"]
        return _indented(self.styles["base"], level)

    def section(self, section: Section) -> list:
        children = list(section.children)
        anchor = f'<a name="{_escape(section.id)}"/>'
        if section.level == 1 and self.document.article_style != "run-in":
            title = f"{NBSP * 2}{_escape(section.title.upper())}" if section.title else ""
            style = self.styles["centered" if self.document.article_style == "centered" else "article"]
            heading = Para(f"{anchor}{_escape(section.label)}{title}", style)
            return [heading] + self.flowables(children, 1)
        head = f"{anchor}{_escape(section.label)}{NBSP * 2}"
        if section.title:
            head += f"<b><u>{_escape(section.title.rstrip('.'))}.</u></b> "
        first = children.pop(0).inlines if children and isinstance(children[0], Paragraph) else []
        heading = self.para(first, _indented(self.styles["base"], section.level), head=head)
        # Sub-sections indent themselves; paragraphs after them continue this section.
        return [heading] + self.flowables(children, section.level)

    def address(self, block: AddressBlock) -> list:
        lines = []
        for line in block.lines:
            text = self.para(line.inlines, self.styles["line"])
            if line.label:
                text = Table([[Para(_escape(line.label) + ":", self.styles["line"]), text]],
                             colWidths=[1.25 * INCH, None], hAlign="LEFT", style=_tight(self.font))
            lines.append(text)
        if lines:
            lines[-1].spaceAfter = 12
        return [Indenter(left=1.5 * INCH), *lines, Indenter(left=-1.5 * INCH)]

    def signature(self, block: Signature) -> Flowable:
        styles, name = self.styles, plain(block.name)
        signed = f"/s/ {name}" if signed_name(block) else ""
        parts: list = []
        if block.form == "line":
            parts += [_SignatureLine(self.font, "", signed),
                      self.para(block.name + [Text(", ")] + block.title, styles["line"])]
        else:
            if block.form == "by":
                parts.append(self.para(block.entity, styles["entity"]) if block.entity
                             else _SignatureLine(self.font, "", "", after=24))
            parts.append(_SignatureLine(self.font, "By: ", signed))
            if block.form == "officer":  # the Delaware form's own captions
                parts += [Para("Authorized Officer", styles["caption"]),
                          self.para(block.name, styles["caption"], head="Name: "),
                          Para("Print or Type", styles["small"])]
            else:
                parts.append(self.para(block.name, styles["caption"], head="Name: "))
            parts.append(self.para(block.title, styles["caption"], head="Title: "))
        parts[-1].spaceAfter = 24
        return KeepTogether([Indenter(left=3 * INCH), *parts, Indenter(left=-3 * INCH)])

    # -- inline ----------------------------------------------------------------------------
    def para(self, inlines, style: ParagraphStyle, upper: bool = False, head: str = "") -> Flowable:
        notes: list[Note] = []
        paragraph = Para(head + self.inline(inlines, notes, upper), style)
        if not notes:
            return paragraph
        return _WithNotes(paragraph, [Para(f"{note.number}. {self.inline(note.inlines, [])}",
                                           self.styles["note"]) for note in notes])

    def inline(self, items, notes: list[Note], upper: bool = False) -> str:
        out = []
        for item in items:
            if isinstance(item, Text):
                markup = _escape(item.text.upper() if upper else item.text)
            elif isinstance(item, Def):
                markup = f"<b>{_escape(item.term.upper() if upper else item.term)}</b>"
            elif isinstance(item, Ref):
                # "Section 2(c)(i)" stays on one line.
                markup = _escape(item.text or "").replace(" ", NBSP)
                if item.target in self.document.sections:
                    markup = f'<a href="#{_escape(item.target)}">{markup}</a>'
            elif isinstance(item, Blank):
                markup = BLANK
            elif isinstance(item, Note):
                notes.append(item)
                markup = f'<super rise="4" size="8">{item.number}</super>'
            else:
                continue
            for mark in ("b", "i", "u"):  # ReportLab's tags are the tree's mark names
                if mark in item.marks:
                    markup = f"<{mark}>{markup}</{mark}>"
            out.append(markup)
        return "".join(out)


def _escape(text: str) -> str:
    return escape(text, quote=True)


@functools.lru_cache(maxsize=None)
def _tight(font: str) -> TableStyle:
    """A label and its value side by side, with no padding (and no stray Helvetica)."""
    every = ((0, 0), (-1, -1))
    return TableStyle([("LEFTPADDING", *every, 0), ("RIGHTPADDING", *every, 0), ("TOPPADDING", *every, 0),
                       ("BOTTOMPADDING", *every, 0), ("VALIGN", *every, "TOP"), ("FONTNAME", *every, font)])


class _SignatureLine(Flowable):
    """"By: ____", the line 2.5 inches long, with "/s/ Name" on it in a conformed copy."""

    def __init__(self, font: str, prefix: str, signed: str, after: float = 0):
        super().__init__()
        self.font, self.prefix, self.signed = font, prefix, signed
        self.spaceAfter = after

    def wrap(self, available_width, available_height):
        return available_width, LEADING

    def draw(self):
        canvas = self.canv
        canvas.setFont(self.font, SIZE)
        baseline = LEADING - SIZE
        canvas.drawString(0, baseline, self.prefix)
        start = pdfmetrics.stringWidth(self.prefix, self.font, SIZE)
        if self.signed:
            canvas.drawString(start, baseline, self.signed)
        canvas.setLineWidth(0.6)
        canvas.line(start, baseline - 2, start + SIGNATURE_LINE, baseline - 2)


class _WithNotes(Flowable):
    """A paragraph whose footnotes go to the foot of the page it lands on.

    It takes room for them where it stands only to test the fit; once drawn, the
    frame's bottom rises by their height instead, and the page draws them there.
    Such a paragraph is not split across pages, so a call and its note always share
    a page; only one longer than a whole page is, and its notes go with its first part.
    """

    def __init__(self, paragraph: Para, notes: list[Para]):
        super().__init__()
        self.paragraph, self.notes = paragraph, notes
        self.spaceBefore, self.spaceAfter = paragraph.getSpaceBefore(), paragraph.getSpaceAfter()
        self.keepWithNext = getattr(paragraph.style, "keepWithNext", 0)

    def notes_height(self, width: float) -> float:
        return NOTE_RULE + sum(note.wrap(width, PAGE_HEIGHT)[1] + NOTE_GAP for note in self.notes)

    def wrap(self, available_width, available_height):
        self.reserved = self.notes_height(available_width)
        width, height = self.paragraph.wrap(available_width, available_height - self.reserved)
        return width, height + (self.reserved if height + self.reserved > available_height else 0)

    def split(self, available_width, available_height):
        self.reserved = self.notes_height(available_width)
        if self.paragraph.wrap(available_width, FRAME_HEIGHT)[1] + self.reserved <= FRAME_HEIGHT:
            return []  # the whole paragraph goes over to the next page, its notes with it
        parts = self.paragraph.split(available_width, available_height - self.reserved)
        if not parts:
            return []
        return [_WithNotes(parts[0], self.notes)] + parts[1:]

    def drawOn(self, canvas, x, y, _sW=0):
        self.paragraph.drawOn(canvas, x, y, _sW)
        frame = getattr(self, "_frame", None)
        if isinstance(frame, _Frame):
            frame.reserve(self.reserved, self.notes)


class _Frame(Frame):
    """The page's text area, which gives up its foot to footnotes."""

    def _reset(self):
        super()._reset()
        self._geom()  # a new page: the full height again
        self.notes: list[Para] = []

    def reserve(self, height: float, notes: list[Para]):
        self._y1p += height
        self.notes += notes

    def draw_notes(self, canvas):
        if not self.notes:
            return
        left, width = self._x1 + self._leftPadding, self._getAvailableWidth()
        y = self._y1 + self._bottomPadding
        for note in reversed(self.notes):  # from the foot up
            _, height = note.wrap(width, PAGE_HEIGHT)
            note.drawOn(canvas, left, y)
            y += height + NOTE_GAP
        canvas.setLineWidth(0.5)
        canvas.line(left, y + NOTE_RULE / 2, left + width, y + NOTE_RULE / 2)


class _Pages(BaseDocTemplate):
    """Letter-size pages: footer text and page number at the foot, DRAFT at the head of a draft."""

    def __init__(self, out, document: Document, font: str):
        super().__init__(out, pagesize=letter, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                         bottomMargin=BOTTOM, title=document.title, author="assembler",
                         subject=document.title, creator="assembler", producer="assembler", invariant=1,
                         initialFontName=font, initialFontSize=SIZE, initialLeading=LEADING)
        self.document, self.font = document, font
        self.text_area = _Frame(LEFT, BOTTOM, PAGE_WIDTH - LEFT - RIGHT, FRAME_HEIGHT,
                            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
        self.addPageTemplates([PageTemplate("page", [self.text_area], onPageEnd=self.decorate)])

    def beforeDocument(self):
        # Fixed dates, so the same term sheet gives the same bytes.
        date = (self.document.date or "2000-01-01").replace("-", "")
        self.canv.setDateFormatter(lambda *_: f"D:{date}000000+00'00'")

    def decorate(self, canvas, _template):
        self.text_area.draw_notes(canvas)
        canvas.saveState()
        if self.document.footer:
            canvas.setFont(self.font, 8)
            canvas.drawString(LEFT, 56, self.document.footer)
        canvas.setFont(self.font, 11)
        canvas.drawCentredString(PAGE_WIDTH / 2, 34, str(canvas.getPageNumber()))
        if self.document.draft:
            canvas.setFont(_bold(self.font), SIZE)
            canvas.drawRightString(PAGE_WIDTH - RIGHT, PAGE_HEIGHT - 0.6 * INCH, "DRAFT")
        canvas.restoreState()
