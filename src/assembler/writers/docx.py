"""DOCX: Word-native output written with python-docx from the resolved tree.

Section numbers are Word's own multilevel list numbering (numbering.xml), so a
lawyer who inserts a clause in Word keeps working numbers. Cross-references are
bookmarks plus REF fields whose cached text is already right. The footer has
the term sheet's footer text and a PAGE field. Styles come from
templates/house-style.docx.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun
from lxml import etree

from ..library import data_dir
from ..tree import (AddressBlock, Blank, Def, Document, Legend, Note, PageBreak, Paragraph, Ref,
                    Section, Signature, Text, Title)
from .text import legend_lines

CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY

# The house styles; tools/make_house_style.py writes them into the reference document.
STYLES = {
    "Document Title": {"align": CENTER, "bold": True, "caps": True, "keep": True, "after": 18},
    "Body": {"align": JUSTIFY, "first": 0.5},
    "Article Heading": {"align": LEFT, "bold": True, "caps": True, "keep": True},
    "Clause": {"align": JUSTIFY},
    "Address": {"align": LEFT, "after": 0},
    "Legend": {"align": CENTER, "caps": True, "after": 0},
    "Signature": {"align": LEFT, "left": 3.0, "after": 0, "keep": True},
}

# Word's number formats and level texts for our numbering styles.
WORD_FORMATS = {
    "decimal": ("decimal", "%{n}."),
    "lower-letter": ("lowerLetter", "(%{n})"),
    "lower-roman": ("lowerRoman", "(%{n})"),
    "upper-letter": ("upperLetter", "(%{n})"),
    "ordinal-word": ("ordinalText", "%{n}:"),
}
W_PPR, W_PSTYLE, W_VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")
W_R, W_RPR, W_B, W_I, W_U, W_T = qn("w:r"), qn("w:rPr"), qn("w:b"), qn("w:i"), qn("w:u"), qn("w:t")
XML_SPACE = qn("xml:space")
W_FLDCHAR, W_FLDCHARTYPE, W_INSTRTEXT = qn("w:fldChar"), qn("w:fldCharType"), qn("w:instrText")
LEVEL_INDENT = Inches(0.5)
NUM_ID = 90  # high, so as not to meet any list the reference document already defines
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def render(document: Document) -> bytes:
    writer = _Writer(document)
    writer.write()
    writer.attach_footnotes()
    return save(writer.docx)


def save(docx) -> bytes:
    """python-docx's own package writer, into a zip whose members all carry one fixed time, so the
    same content gives the same bytes (python-docx's own save stamps each member with the time)."""
    from docx.opc.pkgwriter import PackageWriter

    package = docx.part.package
    for part in package.parts:
        part.before_marshal()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        members = _FixedTimeMembers(archive)
        # The order PackageWriter.write uses: [Content_Types].xml first, as Word expects.
        PackageWriter._write_content_types_stream(members, package.parts)
        PackageWriter._write_pkg_rels(members, package.rels)
        PackageWriter._write_parts(members, package.parts)
    return buffer.getvalue()


class _FixedTimeMembers:
    """The one method python-docx's package writer calls on its zip."""
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive

    def write(self, pack_uri, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, FIXED_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self.archive.writestr(info, blob)


class _Writer:
    def __init__(self, document: Document):
        self.document = document
        self.docx = open_docx(str(data_dir("templates") / "house-style.docx"))
        body = self.docx.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.bookmarks = {sid: _bookmark_name(sid) for sid in document.sections}
        self.parents = _parents(document.blocks)
        self.ancestry = {sid: _chain(sid, self.parents) for sid in document.sections}
        self.style_ids = {name: self.docx.styles[name].style_id for name in STYLES}
        self.section_properties = body.find(qn("w:sectPr"))
        self.last_paragraph = None
        self.next_bookmark_id = 1
        self.page_break_pending = False
        self.footnotes: list = []  # (number, inlines) in reading order
        self._define_numbering()
        self._set_properties()

    # -- set-up ---------------------------------------------------------------------------
    def _define_numbering(self):
        numbering = self.docx.part.numbering_part.element
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(NUM_ID))
        multi = OxmlElement("w:multiLevelType")
        multi.set(qn("w:val"), "multilevel")
        abstract.append(multi)
        for level, style in enumerate(self.document.numbering):
            fmt, text = WORD_FORMATS[style]
            lvl = _el("w:lvl", {"w:ilvl": str(level)})
            lvl.append(_el("w:start", {"w:val": "1"}))
            lvl.append(_el("w:numFmt", {"w:val": fmt}))
            lvl.append(_el("w:suff", {"w:val": "space"}))
            lvl.append(_el("w:lvlText", {"w:val": text.format(n=level + 1)}))
            lvl.append(_el("w:lvlJc", {"w:val": "left"}))
            ppr = _el("w:pPr")
            ppr.append(_el("w:ind", {"w:left": str(_left(level + 1)), "w:firstLine": "0"}))
            lvl.append(ppr)
            if style == "ordinal-word" or level == 0:
                rpr = _el("w:rPr")
                rpr.append(_el("w:b"))
                rpr.append(_el("w:caps"))
                lvl.append(rpr)
            abstract.append(lvl)
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num = _el("w:num", {"w:numId": str(NUM_ID)})
        num.append(_el("w:abstractNumId", {"w:val": str(NUM_ID)}))
        numbering.append(num)

    def _set_properties(self):
        props = self.docx.core_properties
        props.title = self.document.title
        props.author = "assembler"
        props.last_modified_by = "assembler"
        props.revision = 1
        when = dt.datetime.fromisoformat(self.document.date) if self.document.date else \
            dt.datetime(2000, 1, 1)
        props.created = props.modified = when
        props.last_printed = when
        section = self.docx.sections[0]
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraphs = footer.paragraphs
        first = paragraphs[0]
        first.text = ""
        if self.document.footer:
            first.add_run(self.document.footer).font.size = Pt(8)
        page = footer.add_paragraph()
        page.alignment = CENTER
        _field(page, "PAGE", "1")
        if self.document.draft:
            header = section.header
            header.is_linked_to_previous = False
            mark = header.paragraphs[0]
            mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            mark.add_run("DRAFT").bold = True

    # -- blocks ---------------------------------------------------------------------------
    def write(self):
        self._blocks(self.document.blocks, level=0)

    def _paragraph(self, style: str):
        """A new paragraph at the end of the body, in a house style. Made with lxml, not python-docx's
        add_paragraph: that looks the style up by name through every style in the reference document,
        and finds the body's closing sectPr by scanning from the first paragraph, so a document of n
        paragraphs cost n squared."""
        p = OxmlElement("w:p")
        ppr = etree.SubElement(p, W_PPR)
        etree.SubElement(ppr, W_PSTYLE).set(W_VAL, self.style_ids[style])
        self.section_properties.addprevious(p)
        paragraph = DocxParagraph(p, self.docx._body)
        self.last_paragraph = paragraph
        if self.page_break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.page_break_pending = False
        return paragraph

    def _blocks(self, blocks, level: int):
        for block in blocks:
            if isinstance(block, Section):
                self._section(block)
            elif isinstance(block, Title):
                self._inlines(self._paragraph("Document Title"), block.inlines)
            elif isinstance(block, Paragraph):
                self._body(block, level)
            elif isinstance(block, AddressBlock):
                self._address(block, level)
            elif isinstance(block, Legend):
                paragraph = self._paragraph("Legend")
                lines = legend_lines("".join(getattr(i, "text", "") for i in block.inlines))
                for i, line in enumerate(lines):
                    run = paragraph.add_run(line)
                    if i < len(lines) - 1:
                        run.add_break()
            elif isinstance(block, PageBreak):
                self.page_break_pending = True
            elif isinstance(block, Signature):
                self._signature(block)

    def _body(self, block: Paragraph, level: int):
        if level == 0:  # outside any section: preamble, recitals, testimonium
            paragraph = self._paragraph("Body")
            if block.align == "center":
                paragraph.alignment = CENTER
            if block.flush:
                paragraph.paragraph_format.first_line_indent = 0
        else:
            paragraph = self._paragraph("Clause")
            paragraph.paragraph_format.left_indent = _left(level)
        self._inlines(paragraph, block.inlines)

    def _section(self, section: Section):
        heading = section.level == 1 and self.document.article_style != "run-in"
        style = "Article Heading" if heading else "Clause"
        children = list(section.children)
        paragraph = self._paragraph(style)
        numpr = _el("w:numPr")
        numpr.append(_el("w:ilvl", {"w:val": str(section.level - 1)}))
        numpr.append(_el("w:numId", {"w:val": str(NUM_ID)}))
        # Appended while the paragraph's properties hold only its style (and any page break), so
        # numPr stands where the schema puts it; python-docx's setters below keep the order too.
        # (Word refuses a file whose pPr has numPr after jc.)
        paragraph._p.get_or_add_pPr().append(numpr)
        if heading and self.document.article_style == "centered":
            paragraph.alignment = CENTER
        # Direct indent, the same as the list level's: LibreOffice lets a style's indent win.
        paragraph.paragraph_format.left_indent = _left(section.level)
        paragraph.paragraph_format.first_line_indent = 0
        self._bookmark_start(paragraph, section.id)
        if heading:
            if section.title:
                _run(paragraph, section.title, ())
        else:
            if section.title:
                _run(paragraph, section.title.rstrip(".") + ".", {"b", "u"})
                _run(paragraph, " ", ())
            if children and isinstance(children[0], Paragraph):
                self._inlines(paragraph, children.pop(0).inlines)
        self._bookmark_end(paragraph)
        # Paragraphs after the sub-sections continue this section, at its own indent.
        self._blocks(children, section.level)

    def _address(self, block: AddressBlock, level: int):
        for i, line in enumerate(block.lines):
            paragraph = self._paragraph("Address")
            paragraph.paragraph_format.left_indent = _left(level + 1)
            if i == len(block.lines) - 1:
                paragraph.paragraph_format.space_after = Pt(12)
            if line.label:
                paragraph.paragraph_format.tab_stops.add_tab_stop(_left(level + 1) + Inches(1.25))
                paragraph.add_run(f"{line.label}:\t")
            self._inlines(paragraph, line.inlines)

    def _signature(self, block: Signature):
        if block.form == "by":
            entity = self._paragraph("Signature")
            if block.entity:
                self._inlines(entity, block.entity, bold=True)
            else:
                entity.add_run("_" * 30)
            entity.paragraph_format.space_after = Pt(24)
        line = self._paragraph("Signature")
        if block.form != "line":
            line.add_run("By: ")
        if block.conformed:
            line.add_run("/s/ ").underline = True
            self._inlines(line, block.name)
        else:
            line.add_run("_" * 30)
        if block.form == "line":
            under = self._paragraph("Signature")
            self._inlines(under, block.name)
            under.add_run(", ")
            self._inlines(under, block.title)
        else:
            captions = [("Name: ", block.name), ("Title: ", block.title)]
            if block.form == "officer":  # the Delaware form's own captions
                captions = [("Authorized Officer", []), ("Name: ", block.name), ("Print or Type", []),
                            ("Title: ", block.title)]
            for label, value in captions:
                paragraph = self._paragraph("Signature")
                paragraph.paragraph_format.left_indent = Inches(3.4)
                paragraph.add_run(label)
                self._inlines(paragraph, value)
        self.last_paragraph.paragraph_format.space_after = Pt(24)
        self.last_paragraph.paragraph_format.keep_with_next = False

    # -- inline ---------------------------------------------------------------------------
    def _inlines(self, paragraph, inlines, bold: bool = False):
        for item in inlines:
            if isinstance(item, Text):
                _run(paragraph, item.text, item.marks, bold)
            elif isinstance(item, Def):
                _run(paragraph, item.term, item.marks | {"b"}, bold)
            elif isinstance(item, Blank):
                _run(paragraph, "_" * 15, item.marks, bold)
            elif isinstance(item, Ref):
                self._reference(paragraph, item)
            elif isinstance(item, Note):
                self.footnotes.append((item.number, item.inlines))
                run = paragraph.add_run()
                run.font.superscript = True
                run._r.append(_el("w:footnoteReference", {"w:id": str(item.number)}))

    def attach_footnotes(self):
        """Word footnotes live in their own part, footnotes.xml, tied to the document by a relationship."""
        if not self.footnotes:
            return
        xml = [f"<w:footnotes {nsdecls('w')}>",
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
               "</w:r></w:p></w:footnote>", "</w:footnotes>"]
        root = parse_xml("".join(xml))
        for number, inlines in self.footnotes:
            note = _el("w:footnote", {"w:id": str(number)})
            holder = self.docx.add_paragraph()  # borrow python-docx's run API, then move the paragraph
            ref = holder.add_run()
            ref.font.superscript = True
            ref._r.append(_el("w:footnoteRef"))
            holder.add_run(" ")
            self._inlines(holder, inlines)
            for run in holder.runs:
                run.font.size = Pt(9)
            note.append(holder._p)  # moves it out of the body
            root.append(note)
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, _serialise(root), self.docx.part.package)
        self.docx.part.relate_to(part, RT.FOOTNOTES)

    def _reference(self, paragraph, ref: Ref):
        """"Section 2(c)(ii)" as one REF field per level, each with no context (\\n), which
        Word and LibreOffice both show without the level's trailing period: a single
        full-context field (\\w) would read "2.(c)(ii)"."""
        if ref.target not in self.ancestry:  # a draft's broken reference: its text says what is missing
            paragraph.add_run(ref.text or "")
            return
        if ref.form == "section":
            paragraph.add_run("Section ")
        chain = [ref.target] if ref.form == "local" else self.ancestry[ref.target]
        for section_id in chain:
            section = self.document.sections[section_id]
            parent = self.parents.get(section_id)
            piece = section.label if ref.form == "local" else \
                section.number[len(self.document.sections[parent].number):] if parent else section.number
            _field(paragraph, f"REF {self.bookmarks[section_id]} \\n \\h", piece)

    def _bookmark_start(self, paragraph, section_id: str):
        start = _el("w:bookmarkStart", {"w:id": str(self.next_bookmark_id),
                                        "w:name": self.bookmarks[section_id]})
        paragraph._p.append(start)
        self._open_bookmark = self.next_bookmark_id
        self.next_bookmark_id += 1

    def _bookmark_end(self, paragraph):
        paragraph._p.append(_el("w:bookmarkEnd", {"w:id": str(self._open_bookmark)}))


def _serialise(element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _parents(blocks, parent: str | None = None, found: dict | None = None) -> dict[str, str]:
    """Section id → the id of the section it sits in."""
    found = {} if found is None else found
    for block in blocks:
        if isinstance(block, Section):
            if parent:
                found[block.id] = parent
            _parents(block.children, block.id, found)
    return found


def _chain(section_id: str, parents: dict[str, str]) -> list[str]:
    """The section and its ancestors, outermost first."""
    chain = [section_id]
    while chain[0] in parents:
        chain.insert(0, parents[chain[0]])
    return chain


def _left(level: int) -> int:
    """Left indent for a level: articles and (a) flush, each deeper level half an inch more."""
    return LEVEL_INDENT * max(level - 2, 0)


def _bookmark_name(section_id: str) -> str:
    """Word bookmark names allow 40 letters, digits and underscores; a leading _ hides them."""
    digest = int(hashlib.sha1(section_id.encode()).hexdigest(), 16) % 10**12
    return f"_Ref{digest:012d}"


def _el(tag: str, attrs: dict | None = None):
    element = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        element.set(qn(key), value)
    return element


def _run(paragraph, text: str, marks, bold: bool = False) -> None:
    """A run of text with its marks, made with lxml: python-docx sets each mark by searching the
    run's properties for every element that must come after it."""
    r = etree.SubElement(paragraph._p, W_R)
    if bold or marks:
        rpr = etree.SubElement(r, W_RPR)
        if bold or "b" in marks:  # the schema's order: b, i, u
            etree.SubElement(rpr, W_B)
        if "i" in marks:
            etree.SubElement(rpr, W_I)
        if "u" in marks:
            etree.SubElement(rpr, W_U).set(W_VAL, "single")
    if "\t" in text or "\n" in text or "\r" in text:
        DocxRun(r, paragraph).text = text
        return
    t = etree.SubElement(r, W_T)
    if text != text.strip():
        t.set(XML_SPACE, "preserve")
    t.text = text


def _field(paragraph, instruction: str, cached: str):
    """A complex field: begin, instruction, separate, cached result, end."""
    p = paragraph._p

    def mark(kind: str) -> None:
        etree.SubElement(etree.SubElement(p, W_R), W_FLDCHAR).set(W_FLDCHARTYPE, kind)

    mark("begin")
    text = etree.SubElement(etree.SubElement(p, W_R), W_INSTRTEXT)
    text.set(XML_SPACE, "preserve")
    text.text = f" {instruction} "
    mark("separate")
    _run(paragraph, cached, ())
    mark("end")


__all__ = ["render", "save", "STYLES"]
