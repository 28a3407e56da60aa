"""Read a Word file (.docx) into paragraphs with their revisions resolved, on the XML with lxml.

python-docx does not see tracked changes (runs inside ``w:ins`` are invisible to it, ``w:delText``
is not text to it), so this reader walks WordprocessingML itself. See ``readers/__init__.py`` for
the API; this module is the walk.

What it reads, per paragraph of the body (table cells and content controls included, text boxes
and drawings not):

- text from ``w:t`` / ``w:delText``, ``w:tab`` (a tab), ``w:br`` / ``w:cr`` (a line break; a page
  or column break is no text), ``w:noBreakHyphen``, ``w:sym``; field instructions are not text,
  field results are;
- revisions: ``w:ins`` and ``w:moveTo`` are only in the proposed text, ``w:del`` and ``w:moveFrom``
  only in the text as sent; a paragraph mark inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``)
  joins the paragraph to the next in the view where the mark is absent; ``w:pPrChange`` gives the
  paragraph's properties as sent; ``w:rPrChange`` is a formatting change (no text changes);
- numbering: ``w:numPr`` (on the paragraph or its style) counted per list as Word counts it, with
  the level's format and text from numbering.xml; else a number typed at the start of the text;
- bookmarks, fields (REF with its target bookmark and cached text), comments by their ranges.
"""
from __future__ import annotations

from . import safety
from .model import Change, Comment, Field, ReadDocument, ReadParagraph, Segment, ViewParagraph
from .numbering import Numbering, TypedNumbers

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, SDT, SDTCONTENT, CUSTOMXML, BODY = w("p"), w("tbl"), w("sdt"), w("sdtContent"), w("customXml"), w("body")
TR, TC, PPR, RPR, RUN = w("tr"), w("tc"), w("pPr"), w("rPr"), w("r")
INS, DEL, MOVEFROM, MOVETO = w("ins"), w("del"), w("moveFrom"), w("moveTo")
VAL = w("val")
# Elements whose children are runs (or more of these), walked through in a paragraph.
RUN_CONTAINERS = {w("hyperlink"), w("smartTag"), CUSTOMXML, w("fldSimple"), w("bdo"), w("dir"), SDT, SDTCONTENT,
                  INS, DEL, MOVEFROM, MOVETO}
REVISIONS = {INS: "insert", DEL: "delete", MOVEFROM: "move-from", MOVETO: "move-to"}
GONE_IN_PROPOSED = {"delete", "move-from"}
GONE_IN_SENT = {"insert", "move-to"}


def read_docx(source, name: str | None = None, limits: safety.Limits = safety.LIMITS) -> ReadDocument:
    package = safety.open_package(source, name, limits)
    return _Reader(package).read()


class _Reader:
    def __init__(self, package: safety.Package):
        self.package = package
        self.name = package.name
        main = self._main_part()
        self.root = self._xml(main)
        rels = self._xml(_rels_of(main), required=False)
        self.targets = {}
        if rels is not None:
            for rel in rels:
                self.targets[rel.get("Type", "").rsplit("/", 1)[-1]] = _join(main, rel.get("Target", ""))
        self.styles = _Styles(self._xml(self.targets.get("styles", ""), required=False))
        self.numbering = Numbering(self._xml(self.targets.get("numbering", ""), required=False))
        self.comments = _comments(self._xml(self.targets.get("comments", ""), required=False))
        self.paragraphs: list[ReadParagraph] = []
        self.changes: list[Change] = []
        self.open_comments: set[str] = set()
        self.bookmark_names: dict[str, str] = {}  # bookmark id → name, while open
        self.bookmarks: dict[str, int] = {}
        self.field_stack: list[dict] = []

    def _main_part(self) -> str:
        rels = self._xml("_rels/.rels", required=False)
        if rels is not None:
            for rel in rels:
                if rel.get("Type") == OFFICE_DOC:
                    return rel.get("Target", "").lstrip("/")
        return "word/document.xml"

    def _xml(self, member: str, required: bool = True):
        data = self.package.get(member) if member else None
        if data is None:
            if required:
                raise safety.DraftError(f"is not a Word document: it has no '{member}'", file=self.name,
                                        hint=safety.ACCEPTED)
            return None
        return safety.parse_xml(data, member, self.name)

    # -- the walk -------------------------------------------------------------------------
    def read(self) -> ReadDocument:
        body = self.root.find(BODY)
        if body is None:
            raise safety.DraftError("is not a Word document: word/document.xml has no body", file=self.name,
                                    hint=safety.ACCEPTED)
        self._blocks(body, in_table=False)
        document = ReadDocument(paragraphs=self.paragraphs, changes=self.changes, comments=self.comments,
                                bookmarks=self.bookmarks, properties=self._properties(), name=self.name,
                                parts=self.package.parts, sha256=self.package.sha256)
        document.sent = _view(self.paragraphs, "sent", self.numbering, self.styles)
        document.proposed = _view(self.paragraphs, "proposed", self.numbering, self.styles)
        for view_name in ("sent", "proposed"):
            for vp in getattr(document, view_name):
                for index in vp.sources:
                    paragraph = self.paragraphs[index]
                    if view_name == "sent":
                        paragraph.sent_number, paragraph.sent_level = vp.number, vp.level
                    else:
                        paragraph.number, paragraph.level = vp.number, vp.level
                        paragraph.numbering = vp.numbering
        return document

    def _blocks(self, parent, in_table: bool):
        for child in parent:
            tag = child.tag
            if tag == P:
                self._paragraph(child, in_table)
            elif tag == TBL:
                for row in child.iter(TR):
                    for cell in row.iterchildren(TC):
                        self._blocks(cell, in_table=True)
            elif tag in (SDT, SDTCONTENT, CUSTOMXML):
                self._blocks(child, in_table)
            elif tag in (w("bookmarkStart"), w("bookmarkEnd"), w("commentRangeStart"), w("commentRangeEnd")):
                self._marker(child, None)
            elif tag in (INS, DEL, MOVEFROM, MOVETO):  # a run-level revision wrapping whole blocks
                self._blocks(child, in_table)

    def _paragraph(self, p, in_table: bool):
        index = len(self.paragraphs)
        ppr = p.find(PPR)
        paragraph = ReadParagraph(index=index, in_table=in_table)
        paragraph.style_id = _val(ppr, "pStyle") if ppr is not None else None
        paragraph.style = self.styles.name(paragraph.style_id)
        paragraph.num_pr = self.numbering.num_pr(ppr, self.styles, paragraph.style_id)
        old = ppr.find(w("pPrChange")) if ppr is not None else None
        if old is not None:
            old_ppr = old.find(PPR)
            paragraph.sent_style_id = _val(old_ppr, "pStyle") if old_ppr is not None else None
            paragraph.sent_num_pr = self.numbering.num_pr(old_ppr, self.styles, paragraph.sent_style_id)
            paragraph.changes.append(self._change(old, "format", paragraph))
        else:
            paragraph.sent_style_id, paragraph.sent_num_pr = paragraph.style_id, paragraph.num_pr
        self.paragraphs.append(paragraph)
        self.current = paragraph
        self.paragraph_comments: set[str] = set(self.open_comments)
        self._inline(p, None)
        mark = ppr.find(RPR) if ppr is not None else None
        if mark is not None:
            for tag, kind in REVISIONS.items():
                found = mark.find(tag)
                if found is not None:
                    paragraph.mark = "insert" if kind in GONE_IN_SENT else "delete"
                    change = self._change(found, "paragraph-" + paragraph.mark, paragraph)
                    paragraph.changes.append(change)
        paragraph.comments = [self.comments[c] for c in sorted(self.paragraph_comments, key=_as_int)
                              if c in self.comments]
        self._close_segments(paragraph)

    def _change(self, element, kind: str, paragraph: ReadParagraph) -> Change:
        change = Change(id=element.get(w("id"), ""), kind=kind, author=element.get(w("author"), ""),
                        date=element.get(w("date"), ""), paragraph=paragraph.index)
        change.comment_ids = set(self.open_comments)
        self.changes.append(change)
        return change

    def _inline(self, parent, revision: Change | None):
        for child in parent:
            tag = child.tag
            if tag == RUN:
                self._run(child, revision)
            elif tag in REVISIONS:
                change = self._change(child, REVISIONS[tag], self.current)
                self.current.changes.append(change)
                self._inline(child, change)
                change.comment_ids |= self.open_comments
            elif tag == w("fldSimple"):
                self._simple_field(child, revision)
            elif tag in RUN_CONTAINERS:
                self._inline(child, revision)
            elif tag in (w("bookmarkStart"), w("bookmarkEnd"), w("commentRangeStart"), w("commentRangeEnd")):
                self._marker(child, revision)

    def _marker(self, element, revision: Change | None):
        tag, ident = element.tag, element.get(w("id"), "")
        if tag == w("bookmarkStart"):
            name = element.get(w("name"), "")
            self.bookmark_names[ident] = name
            if name and name not in self.bookmarks:
                index = len(self.paragraphs) - 1 if self.paragraphs and self._inside_paragraph(element) else \
                    len(self.paragraphs)
                self.bookmarks[name] = index
                if index < len(self.paragraphs):
                    self.paragraphs[index].bookmarks.append(name)
                else:
                    self.pending_bookmarks = getattr(self, "pending_bookmarks", []) + [name]
        elif tag == w("bookmarkEnd"):
            self.bookmark_names.pop(ident, None)
        elif tag == w("commentRangeStart"):
            self.open_comments.add(ident)
            if self.paragraphs and self._inside_paragraph(element):
                self.paragraph_comments.add(ident)
            if revision is not None:
                revision.comment_ids.add(ident)
        elif tag == w("commentRangeEnd"):
            if revision is not None and ident in self.open_comments:
                revision.comment_ids.add(ident)
            self.open_comments.discard(ident)

    @staticmethod
    def _inside_paragraph(element) -> bool:
        parent = element.getparent()
        while parent is not None:
            if parent.tag == P:
                return True
            if parent.tag == BODY:
                return False
            parent = parent.getparent()
        return False

    def _run(self, r, revision: Change | None):
        kind = revision.kind if revision else None
        if r.find(RPR) is not None and r.find(RPR).find(w("rPrChange")) is not None:
            change = self._change(r.find(RPR).find(w("rPrChange")), "format", self.current)
            self.current.changes.append(change)
        for child in r:
            tag = child.tag
            text = None
            if tag in (w("t"), w("delText")):
                text = child.text or ""
            elif tag == w("tab"):
                text = "\t"
            elif tag in (w("br"), w("cr")):
                if child.get(w("type")) not in ("page", "column"):
                    text = "\n"
            elif tag == w("noBreakHyphen"):
                text = "\u2011"
            elif tag == w("sym"):
                try:
                    text = chr(int(child.get(w("char"), "0"), 16))
                except ValueError:
                    text = ""
            elif tag == w("fldChar"):
                self._field_char(child.get(w("fldCharType")))
            elif tag in (w("instrText"), w("delInstrText")):
                if self.field_stack and self.field_stack[-1]["phase"] == "code":
                    self.field_stack[-1]["code"] += child.text or ""
            if text is None:
                continue
            if self.field_stack and self.field_stack[-1]["phase"] == "code":
                continue  # a field's instruction is no text of the document
            self._add_text(text, kind, revision)
            for open_field in self.field_stack:
                if open_field["phase"] == "result":
                    if kind not in GONE_IN_SENT:
                        open_field["sent"] += text
                    if kind not in GONE_IN_PROPOSED:
                        open_field["proposed"] += text

    def _add_text(self, text: str, kind: str | None, revision: Change | None):
        paragraph = self.current
        if kind not in GONE_IN_SENT:
            paragraph.sent_text += text
        if kind not in GONE_IN_PROPOSED:
            paragraph.proposed_text += text
        if revision is not None:
            revision.text += text
        segments = paragraph.segments
        if segments and segments[-1].change is revision:
            segments[-1].text += text
        else:
            segments.append(Segment(text, kind, revision))

    def _field_char(self, kind: str | None):
        if kind == "begin":
            self.field_stack.append({"phase": "code", "code": "", "sent": "", "proposed": "",
                                     "start": len(self.current.proposed_text)})
        elif kind == "separate" and self.field_stack:
            self.field_stack[-1]["phase"] = "result"
            self.field_stack[-1]["start"] = len(self.current.proposed_text)
        elif kind == "end" and self.field_stack:
            self._field_done(self.field_stack.pop())

    def _field_done(self, done: dict):
        found = Field.of(done["code"], done["sent"], done["proposed"])
        if done["proposed"]:  # a field deleted whole is not in the proposed text
            found.start, found.end = done["start"], len(self.current.proposed_text)
        self.current.fields.append(found)

    def _simple_field(self, element, revision: Change | None):
        self.field_stack.append({"phase": "result", "code": element.get(w("instr"), ""), "sent": "", "proposed": "",
                                 "start": len(self.current.proposed_text)})
        self._inline(element, revision)
        self._field_done(self.field_stack.pop())

    def _close_segments(self, paragraph: ReadParagraph):
        pending = getattr(self, "pending_bookmarks", [])
        if pending:  # bookmarks that opened between paragraphs mark the next one
            paragraph.bookmarks[:0] = pending
            for name in pending:
                self.bookmarks[name] = paragraph.index
            self.pending_bookmarks = []
        for change in paragraph.changes:
            change.comments = [self.comments[c] for c in sorted(change.comment_ids, key=_as_int)
                               if c in self.comments]

    # -- properties -----------------------------------------------------------------------
    def _properties(self) -> dict:
        props: dict = {"core": {}, "custom": {}}
        core = self._xml("docProps/core.xml", required=False)
        if core is not None:
            for element in core:
                props["core"][etree_local(element.tag)] = (element.text or "").strip()
        custom = self._xml("docProps/custom.xml", required=False)
        if custom is not None:
            for prop in custom:
                value = next(iter(prop), None)
                props["custom"][prop.get("name", "")] = (value.text or "") if value is not None else ""
        return props


def etree_local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _as_int(text: str):
    return (0, int(text)) if text.lstrip("-").isdigit() else (1, text)


def _val(ppr, tag: str) -> str | None:
    if ppr is None:
        return None
    found = ppr.find(w(tag))
    return found.get(VAL) if found is not None else None


def _rels_of(member: str) -> str:
    folder, _, leaf = member.rpartition("/")
    return f"{folder}/_rels/{leaf}.rels" if folder else f"_rels/{leaf}.rels"


def _join(member: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = member.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


class _Styles:
    """Style id → name and → its paragraph properties, following basedOn."""
    def __init__(self, root):
        self.names: dict[str, str] = {}
        self.based_on: dict[str, str] = {}
        self.pprs: dict[str, object] = {}
        if root is None:
            return
        for style in root.iterchildren(w("style")):
            sid = style.get(w("styleId"))
            if not sid:
                continue
            name = style.find(w("name"))
            self.names[sid] = name.get(VAL) if name is not None else sid
            based = style.find(w("basedOn"))
            if based is not None:
                self.based_on[sid] = based.get(VAL)
            ppr = style.find(PPR)
            if ppr is not None:
                self.pprs[sid] = ppr

    def name(self, sid: str | None) -> str | None:
        return self.names.get(sid, sid) if sid else None

    def chain(self, sid: str | None):
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            yield sid
            sid = self.based_on.get(sid)


def _comments(root) -> dict[str, Comment]:
    found: dict[str, Comment] = {}
    if root is None:
        return found
    for comment in root.iterchildren(w("comment")):
        texts = []
        for p in comment.iter(P):
            texts.append("".join(t.text or "" for t in p.iter(w("t"))))
        ident = comment.get(w("id"), "")
        found[ident] = Comment(id=ident, author=comment.get(w("author"), ""), date=comment.get(w("date"), ""),
                               initials=comment.get(w("initials"), ""), text="\n".join(texts).strip())
    return found


def _view(paragraphs: list[ReadParagraph], which: str, numbering: Numbering, styles: _Styles) -> list[ViewParagraph]:
    """The document as sent (every revision rejected) or as proposed (every revision accepted):
    paragraphs joined where a paragraph mark is absent in that view, numbered in that view."""
    absent_mark = "insert" if which == "sent" else "delete"
    out: list[ViewParagraph] = []
    pending: list[ReadParagraph] = []
    for paragraph in paragraphs:
        pending.append(paragraph)
        if paragraph.mark == absent_mark and paragraph is not paragraphs[-1]:
            continue
        out.append(_joined(pending, which))
        pending = []
    if pending:
        out.append(_joined(pending, which))
    # A paragraph that is wholly another view's (inserted with its mark, as sent) left nothing behind.
    counter = numbering.counter()
    typed = TypedNumbers()
    for vp in out:
        vp.style = styles.name(vp.style)
        num_pr = vp.num_pr
        if num_pr is not None:  # Word numbers an empty paragraph too
            vp.number, vp.level = counter.next(*num_pr)
            vp.numbering = "list" if vp.number is not None else None
        if vp.number is None:
            found = typed.match(vp.text)
            if found:
                vp.number, vp.level, vp.numbering = found.label, found.level, "typed"
    return out


def _joined(pending: list[ReadParagraph], which: str) -> ViewParagraph:
    text = "".join(p.sent_text if which == "sent" else p.proposed_text for p in pending)
    # The properties are those of the first paragraph with text in this view (the others lent theirs).
    lead = next((p for p in pending if (p.sent_text if which == "sent" else p.proposed_text).strip()), pending[-1])
    style_id = lead.sent_style_id if which == "sent" else lead.style_id
    num_pr = lead.sent_num_pr if which == "sent" else lead.num_pr
    # A paragraph with no words in this view (deleted whole, as proposed) lends no bookmark: its
    # section is not here.
    bookmarks = [b for p in pending for b in p.bookmarks
                 if p is lead or (p.sent_text if which == "sent" else p.proposed_text).strip()]
    fields = []
    offset = 0
    for p in pending:
        if which == "proposed":
            fields += [(offset + f.start, offset + f.end, f) for f in p.fields if f.start is not None]
        offset += len(p.sent_text if which == "sent" else p.proposed_text)
    return ViewParagraph(text=text, style=style_id, num_pr=num_pr, sources=[p.index for p in pending],
                         bookmarks=bookmarks, fields=fields)
