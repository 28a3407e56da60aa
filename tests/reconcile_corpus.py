"""The reconcile corpus: the other side's drafts, made from our own DOCX in three forms.

- "tracked": the edit written into document.xml as Word writes revisions (w:ins, w:del with
  w:delText, w:moveFrom/w:moveTo, inserted and deleted paragraph marks), by several authors, some
  with comments in word/comments.xml;
- "untracked": the same edit made in place, no revision marks, as a clean copy comes back;
- "libreoffice": the edit made by LibreOffice itself with change tracking on, through a Basic macro
  (one soffice run for the lot), saved as .docx, so LibreOffice's own revision XML is read.

Each ``Draft`` says what it expects: the facts that explain it (dotted path → value), the switch,
or that it needs clause text; the tests compare reconcile's explanation with that.
"""
from __future__ import annotations

import copy
import io
import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from lxml import etree

from assembler import api
from assembler.reconcile.units import ancestry, as_paragraphs, of_tree, paragraph_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
AUTHORS = ["Investor Counsel", "Jane Partner (Herrick)", "Second Reviewer"]
DATE = "2026-12-01T10:00:00Z"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Edit:
    """One kind of edit, applied to a document by section ids and words."""
    name: str
    kind: str                     # fact | switch | clause | new | delete | move | split | merge
    ops: list                     # ("replace", owner, old, new) | ("delete", sid) | ("insert", after_sid, text, level)
                                  # | ("move", sid, after_sid) | ("split", owner, at) | ("merge", owner)
    facts: dict = field(default_factory=dict)   # what reconcile should propose
    comment: str | None = None


@dataclass
class Draft:
    name: str
    sheet: Path
    form: str
    edit: Edit
    data: bytes | None = None


class Ours:
    """Our DOCX of a term sheet, with each body paragraph's owners (section id or "@clause"): one, or two
    for a sub-section run into its parent's paragraph ("(c) (i) If …")."""

    def __init__(self, sheet: Path):
        self.sheet = sheet
        loaded = api.load_termsheet(sheet)
        self.document = api.assemble(loaded)
        self.data = api.render(self.document, "docx")
        self.units = of_tree(self.document)
        self.paragraphs = as_paragraphs(self.units)
        self.chains = ancestry(self.document)
        self._mapping = None  # (the body being edited, its paragraphs with their units)

    def paragraphs_of(self, body, sid: str, whole: bool = True) -> list:
        """The body paragraphs of a section (with its sub-sections if ``whole``), as our DOCX had them
        before any edit: ``apply`` maps the body once, before the first edit changes it."""
        if self._mapping is None or self._mapping[0] is not body:
            paragraphs = body.findall(w("p"))
            assert len(paragraphs) == len(self.paragraphs), "our DOCX and our units disagree"
            self._mapping = (body, list(zip(paragraphs, self.paragraphs)))
        return [p for p, units in self._mapping[1]
                if any(u.owner == sid or (whole and sid in self.chains.get(u.owner, [])) for u in units)]


# -- the edits -------------------------------------------------------------------------------
def apply(ours: Ours, edit: Edit, form: str, author_index: int = 0) -> bytes:
    parts = _parts(ours.data)
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(w("body"))
    state = _State(author_index)
    for op in edit.ops:
        author = AUTHORS[state.author % len(AUTHORS)]
        state.author += 1
        globals()["_" + op[0]](ours, body, form, author, state, *op[1:])
    if edit.comment and form == "tracked" and state.comment_anchor is not None:
        _attach_comment(parts, state.comment_anchor, AUTHORS[author_index % len(AUTHORS)], edit.comment)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _zip(parts)


class _State:
    def __init__(self, author: int):
        self.author = author
        self.next_id = 9000
        self.comment_anchor = None

    def ident(self) -> str:
        self.next_id += 1
        return str(self.next_id)


def _revision(tag: str, author: str, state: _State):
    element = etree.Element(w(tag))
    element.set(w("id"), state.ident())
    element.set(w("author"), author)
    element.set(w("date"), DATE)
    return element


def _run(text: str, rpr=None, deleted: bool = False):
    r = etree.Element(w("r"))
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    t = etree.SubElement(r, w("delText" if deleted else "t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _replace(ours: Ours, body, form: str, author: str, state: _State, owner: str, old: str, new: str):
    """``old`` words (inside one run of text) of the section become ``new``."""
    for p in ours.paragraphs_of(body, owner, whole=False):
        for t in p.iter(w("t")):
            if t.text and old in t.text:
                run = t.getparent()
                before, after = t.text.split(old, 1)
                if form == "untracked":
                    t.text = before + new + after
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    return
                rpr = run.find(w("rPr"))
                parent, at = run.getparent(), run.getparent().index(run)
                pieces = []
                if before:
                    pieces.append(_run(before, rpr))
                if old:
                    gone = _revision("del", author, state)
                    gone.append(_run(old, rpr, deleted=True))
                    pieces.append(gone)
                if new:
                    came = _revision("ins", author, state)
                    came.append(_run(new, rpr))
                    pieces.append(came)
                    state.comment_anchor = came
                if after:
                    pieces.append(_run(after, rpr))
                parent.remove(run)
                for k, piece in enumerate(pieces):
                    parent.insert(at + k, piece)
                return
    raise AssertionError(f"«{old}» is not in one run of {owner}")


def _delete(ours: Ours, body, form: str, author: str, state: _State, sid: str):
    paragraphs = ours.paragraphs_of(body, sid)
    assert paragraphs, sid
    for p in paragraphs:
        if form == "untracked":
            body.remove(p)
            continue
        _wrap_runs(p, "del", author, state)
        _mark(p, "del", author, state)


def _wrap_runs(p, tag: str, author: str, state: _State):
    """Every run of the paragraph inside one revision (deleted text as delText)."""
    runs = [c for c in p if c.tag in (w("r"), w("fldSimple"))]
    if not runs:
        return
    wrapper = _revision(tag, author, state)
    runs[0].addprevious(wrapper)
    for r in runs:
        wrapper.append(r)
    if tag in ("del", "moveFrom"):
        for t in wrapper.iter(w("t")):
            t.tag = w("delText")
        for t in wrapper.iter(w("instrText")):
            t.tag = w("delInstrText")
    if state.comment_anchor is None:
        state.comment_anchor = wrapper


def _mark(p, tag: str, author: str, state: _State):
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(ppr, w("rPr"))
    rpr.append(_revision(tag, author, state))


def _insert(ours: Ours, body, form: str, author: str, state: _State, after: str, text: str, level: int):
    """A new numbered paragraph (a new section) after section ``after`` and its sub-sections."""
    last = ours.paragraphs_of(body, after)[-1]
    model = ours.paragraphs_of(body, after)[0]
    p = etree.Element(w("p"))
    ppr = copy.deepcopy(model.find(w("pPr")))
    for gone in ppr.findall(w("rPr")):
        ppr.remove(gone)
    numpr = ppr.find(w("numPr"))
    if numpr is not None:
        numpr.find(w("ilvl")).set(w("val"), str(level))
    p.append(ppr)
    p.append(_run(text))
    last.addnext(p)
    if form == "tracked":
        _wrap_runs(p, "ins", author, state)
        _mark(p, "ins", author, state)


def _insert_first(ours: Ours, body, form: str, author: str, state: _State, first: str, text: str):
    """A new numbered paragraph (a new section) right before section ``first``, numbered as it is:
    a new first sub-section, with no section of ours before it at its level."""
    model = ours.paragraphs_of(body, first)[0]
    p = etree.Element(w("p"))
    ppr = copy.deepcopy(model.find(w("pPr")))
    for gone in ppr.findall(w("rPr")):
        ppr.remove(gone)
    p.append(ppr)
    p.append(_run(text))
    model.addprevious(p)
    if form == "tracked":
        _wrap_runs(p, "ins", author, state)
        _mark(p, "ins", author, state)


def _move(ours: Ours, body, form: str, author: str, state: _State, sid: str, after: str):
    paragraphs = ours.paragraphs_of(body, sid)
    target = ours.paragraphs_of(body, after)[-1]
    copies = [copy.deepcopy(p) for p in paragraphs]
    if form == "untracked":
        for p in reversed(paragraphs):
            target.addnext(p)
        return
    for p in paragraphs:  # the text goes from here; its bookmarks go with it, as Word moves them
        for mark in p.findall(w("bookmarkStart")) + p.findall(w("bookmarkEnd")):
            p.remove(mark)
        _wrap_runs(p, "moveFrom", author, state)
        _mark(p, "moveFrom", author, state)
    for p in reversed(copies):
        _wrap_runs(p, "moveTo", author, state)
        _mark(p, "moveTo", author, state)
        target.addnext(p)


def _split(ours: Ours, body, form: str, author: str, state: _State, owner: str, at: str):
    """The section's paragraph broken in two before the words ``at``."""
    for p in ours.paragraphs_of(body, owner, whole=False):
        for t in p.iter(w("t")):
            if t.text and at in t.text:
                run = t.getparent()
                before, after = t.text.split(at, 1)
                t.text = before.rstrip()
                second = etree.Element(w("p"))
                ppr = copy.deepcopy(p.find(w("pPr")))
                for gone in ppr.findall(w("numPr")) + ppr.findall(w("rPr")):
                    ppr.remove(gone)
                second.append(ppr)
                second.append(_run(at + after, run.find(w("rPr"))))
                for following in list(run.itersiblings()):
                    second.append(following)
                p.addnext(second)
                if form == "tracked":
                    _mark(p, "ins", author, state)  # the new paragraph mark
                return
    raise AssertionError(f"«{at}» is not in one run of {owner}")


def _merge(ours: Ours, body, form: str, author: str, state: _State, owner: str):
    """The section's first two paragraphs joined into one."""
    first, second = ours.paragraphs_of(body, owner, whole=False)[:2]
    if form == "tracked":
        _mark(first, "del", author, state)
        return
    for child in list(second):
        if child.tag != w("pPr"):
            first.append(child)
    body.remove(second)


# -- comments and the package ------------------------------------------------------------------
def _attach_comment(parts: dict, anchor, author: str, text: str):
    start = etree.Element(w("commentRangeStart"))
    start.set(w("id"), "0")
    end = etree.Element(w("commentRangeEnd"))
    end.set(w("id"), "0")
    anchor.addprevious(start)
    anchor.addnext(end)
    parts["word/comments.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W}">'
        f'<w:comment w:id="0" w:author="{escape(author)}" w:date="{DATE}" w:initials="IC"><w:p><w:r><w:t>'
        f"{escape(text)}</w:t></w:r></w:p></w:comment></w:comments>").encode()
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    rel = etree.SubElement(rels, f"{{{PR}}}Relationship")
    rel.set("Id", "rIdComments9")
    rel.set("Type", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments")
    rel.set("Target", "comments.xml")
    parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
    types = etree.fromstring(parts["[Content_Types].xml"])
    override = etree.SubElement(types, f"{{{CT}}}Override")
    override.set("PartName", "/word/comments.xml")
    override.set("ContentType", "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml")
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# -- LibreOffice, with change tracking on ------------------------------------------------------
LO_BASIC = r'''
Sub Edit(sIn As String, sOps As String, sOut As String)
    Dim aArgs(0) As New com.sun.star.beans.PropertyValue
    aArgs(0).Name = "Hidden" : aArgs(0).Value = True
    oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sIn), "_blank", 0, aArgs())
    oDoc.RecordChanges = True
    iFile = FreeFile
    Open sOps For Input As #iFile
    Do While Not EOF(iFile)
        Line Input #iFile, sLine
        aParts = Split(sLine, Chr(9))
        If aParts(0) = "R" Then
            oDesc = oDoc.createSearchDescriptor()
            oDesc.SearchString = aParts(1)
            oDesc.SearchCaseSensitive = True
            oFound = oDoc.findFirst(oDesc)
            If Not IsNull(oFound) Then oFound.setString(aParts(2))
        ElseIf aParts(0) = "D" Then
            Rem From the end of the paragraph before the section to the end of its last paragraph, so
            Rem the paragraphs on either side keep their own numbering and style.
            oDesc = oDoc.createSearchDescriptor()
            oDesc.SearchRegularExpression = True
            oDesc.SearchString = aParts(1)
            oDesc.SearchCaseSensitive = True
            oFirst = oDoc.findFirst(oDesc)
            oDesc.SearchString = aParts(3)
            oLast = oDoc.findNext(oFirst.Start, oDesc)
            If IsNull(oLast) Then oLast = oFirst
            oCursor = oFirst.Text.createTextCursorByRange(oFirst.Start)
            For i = 1 To CInt(aParts(2))
                oCursor.gotoPreviousParagraph(False)
            Next i
            oCursor.gotoStartOfParagraph(False)
            oCursor.goLeft(1, False)
            oCursor.gotoRange(oLast.End, True)
            oCursor.gotoEndOfParagraph(True)
            oCursor.setString("")
        End If
    Loop
    Close #iFile
    Dim aSave(0) As New com.sun.star.beans.PropertyValue
    aSave(0).Name = "FilterName" : aSave(0).Value = "MS Word 2007 XML"
    oDoc.storeToURL(ConvertToURL(sOut), aSave())
    oDoc.close(True)
End Sub

Sub EditAll(sList As String)
    Rem Our reviewer's name, as LibreOffice records it on each tracked change.
    oProvider = createUnoService("com.sun.star.configuration.ConfigurationProvider")
    Dim aPath(0) As New com.sun.star.beans.PropertyValue
    aPath(0).Name = "nodepath" : aPath(0).Value = "/org.openoffice.UserProfile/Data"
    oData = oProvider.createInstanceWithArguments("com.sun.star.configuration.ConfigurationUpdateAccess", aPath())
    oData.replaceByName("givenname", "Libre")
    oData.replaceByName("sn", "Reviewer")
    oData.commitChanges()
    iList = FreeFile
    Open sList For Input As #iList
    Do While Not EOF(iList)
        Line Input #iList, sLine
        aParts = Split(sLine, Chr(9))
        Edit(aParts(0), aParts(1), aParts(2))
    Loop
    Close #iList
End Sub
'''


def libreoffice_ops(ours: Ours, edit: Edit) -> list[str] | None:
    """The edit as the macro's lines ("R old new", "D first-words last-words"), or None if the
    macro cannot make it."""
    lines = []
    for op in edit.ops:
        if op[0] == "replace":
            lines.append(f"R\t{op[2]}\t{op[3]}")
        elif op[0] == "delete":
            texts = [paragraph_text(units, _numbers(ours)) for units in ours.paragraphs
                     if any(u.owner == op[1] or op[1] in ours.chains.get(u.owner, []) for u in units)]
            anchor = next(k for k, t in enumerate(texts) if len(t) >= 30)
            lines.append(f"D\t{_as_laid_out(texts[anchor][:60])}\t{anchor}\t{_as_laid_out(texts[-1][-50:])}")
        else:
            return None
    return lines


def _as_laid_out(words: str) -> str:
    """``words`` as a LibreOffice regular expression that finds them in our DOCX, where a space may be
    the no-break space our writer holds "Rule 144" or "Section 7" together with."""
    return "".join("[ \u00a0]" if c == " " else re.escape(c) for c in words)


def _numbers(ours: Ours):
    from assembler.reconcile.units import numbers_of
    return numbers_of(ours.document)


def libreoffice_drafts(jobs: list[tuple[Ours, Edit, Path]], folder: Path) -> None:
    """Each (ours, edit, output) made by LibreOffice in one run, change tracking on."""
    from html import escape as xml_escape

    from .conftest import docx_texts

    profile = folder / "lo-profile"
    folder.mkdir(parents=True, exist_ok=True)
    first = folder / "warm.docx"
    first.write_bytes(jobs[0][0].data)
    if not (profile / "user" / "basic" / "Standard" / "script.xlb").exists():
        docx_texts([first], folder / "warmup")
        import shutil
        shutil.copytree(folder / "warmup" / "profile", profile, dirs_exist_ok=True)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    module.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD '
                      'OfficeDocument 1.0//EN" "module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/'
                      'script" script:name="Module1" script:language="StarBasic">' + xml_escape(LO_BASIC)
                      + "</script:module>\n")
    listing = []
    for k, (ours, edit, out) in enumerate(jobs):
        source = folder / f"in-{k}.docx"
        source.write_bytes(ours.data)
        ops = folder / f"ops-{k}.txt"
        ops.write_text("\n".join(libreoffice_ops(ours, edit)) + "\n", encoding="utf-8")
        listing.append(f"{source}\t{ops}\t{out}")
    (folder / "list.txt").write_text("\n".join(listing) + "\n", encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    f'macro:///Standard.Module1.EditAll("{folder / "list.txt"}")'],
                   check=True, capture_output=True, timeout=600)


# -- the catalogue -----------------------------------------------------------------------------
def example_edits() -> list[Edit]:
    """Edits of the example's agreement (examples/auxer-2001)."""
    import datetime as dt
    F = "fact"
    return [
        Edit("filing-days", F, [("replace", "rr.registration.filing", "not later than thirty (30) days",
                                 "not later than forty-five (45) days")],
             {"registration.filing_deadline_days": 45}, comment="Our client needs more time to file."),
        Edit("effectiveness-days", F, [("replace", "rr.registration.filing", "one hundred and twenty (120) days",
                                        "one hundred and fifty (150) days")],
             {"registration.effectiveness_deadline_days": 150}),
        Edit("closing-date", F, [("replace", "rr.definitions.terms.closing_date", "means January 16, 2001",
                                  "means February 1, 2001")], {"agreement.closing_date": dt.date(2001, 2, 1)}),
        Edit("company-attention", F, [("replace", "rr.miscellaneous.notices.company", "Ronald M. Shaver",
                                       "Jane Q. Doe")], {"company.notices.attention": "Jane Q. Doe"}),
        Edit("company-street", F, [("replace", "rr.miscellaneous.notices.company", "12 Andrews Drive",
                                    "40 Main Street")], {"company.notices.address.lines[0]": "40 Main Street"}),
        Edit("copy-to-name", F, [("replace", "rr.miscellaneous.notices.initial_investor", "Irwin A. Kishner",
                                  "Mary T. Stone")], {"investor.notices.copy_to.attention": "Mary T. Stone"}),
        Edit("telecopier", F, [("replace", "rr.miscellaneous.notices.company", "973.890.9877", "973.890.1111")],
             {"company.notices.telecopier": "973.890.1111"}),
        Edit("earnings-months", F, [("replace", "rr.company_obligations.earnings_statement", "three (3) months",
                                     "six (6) months")], {"company_obligations.earnings_statement_months": 6}),
        Edit("piggyback-days", F, [("replace", "rr.registration.piggyback.notice", "at least twenty (20) days",
                                    "at least thirty (30) days")], {"registration.piggyback.notice_days": 30}),
        Edit("information-days", F, [("replace", "rr.investor_obligations.information", "At least seven (7) days",
                                      "At least ten (10) days")],
             {"investor_obligations.requested_information_notice_days": 10}),
        Edit("conversion-price", F, [("replace", "rr.registration.filing", "One Cent ($0.01)", "Two Cents ($0.02)")],
             {"securities.conversion_price": 0.02}),
        Edit("governing-law", F, [("replace", "rr.miscellaneous.governing_law", "the laws of the State of New York",
                                   "the laws of the State of Delaware")], {"governing_law.state": "Delaware"}),
        Edit("forum-city", F, [("replace", "rr.miscellaneous.governing_law", "any part of the City of New York",
                                "any part of the City of Buffalo"),
                               ("replace", "rr.miscellaneous.governing_law", "sitting in the City of New York",
                                "sitting in the City of Buffalo")], {"governing_law.forum_city": "City of Buffalo"}),
        # The forum city stands twice; changed in one place only, no value rebuilds it: clause text.
        Edit("forum-city-once", "clause", [("replace", "rr.miscellaneous.governing_law",
                                            "any part of the City of New York", "any part of the City of Buffalo")]),
        Edit("two-facts-two-authors", F, [
            ("replace", "rr.registration.filing", "not later than thirty (30) days", "not later than sixty (60) days"),
            ("replace", "rr.miscellaneous.notices.initial_investor", "Nelson Braff", "Anna K. Lee")],
             {"registration.filing_deadline_days": 60, "investor.notices.attention": "Anna K. Lee"},
             comment="Both as agreed on the call."),
        Edit("words-figures-disagree", "clause", [("replace", "rr.registration.filing",
                                                   "not later than thirty (30) days",
                                                   "not later than forty-five (30) days")]),
        Edit("rule-144-off", "switch", [("delete", "rr.rule_144")], {"rule_144.enabled": False}),
        # The piggyback switch also takes out "Public Offering", which only 2(c) uses: they delete both.
        Edit("piggyback-off", "switch", [("delete", "rr.registration.piggyback"),
                                         ("delete", "rr.definitions.terms.public_offering")],
             {"registration.piggyback.enabled": False}),
        Edit("pronouns-reworded", "clause", [("replace", "rr.miscellaneous.pronouns", "as the context may require",
                                              "as the context may reasonably require")]),
        Edit("efforts-reworded", "clause", [("replace", "rr.registration.filing", "shall use its best efforts",
                                             "shall use its commercially reasonable efforts")],
             comment="Best efforts is too high a standard."),
        Edit("notice-copy-reworded", "clause", [("replace", "rr.miscellaneous.notices.company", "with a copy to:",
                                                 "with a copy (which shall not constitute notice) to:")]),
        Edit("title-added", "clause", [("replace", "rr.miscellaneous.no_waiver", "Failure of any party",
                                        "No Waiver. Failure of any party")]),
        Edit("title-changed", "clause", [("replace", "rr.indemnification.claims", "Notice of Claims, Etc.",
                                          "Notice of Claims and Defense.")]),
        Edit("jury-waiver-added", "new", [("insert", "rr.miscellaneous.counterparts",
                                           "Waiver of Jury Trial. Each party waives trial by jury in any action "
                                           "arising out of this Agreement.", 1)]),
        Edit("pronouns-deleted", "delete", [("delete", "rr.miscellaneous.pronouns")]),
        Edit("headings-moved", "move", [("move", "rr.miscellaneous.headings", "rr.miscellaneous.counterparts")]),
        Edit("remedies-split", "split", [("split", "rr.miscellaneous.remedies", "If any term, provision")]),
        Edit("recitals-merged", "merge", [("merge", "@registration_rights/recitals")]),
        # A section's opening split in two, with sub-sections and a closing paragraph after them: the
        # closing paragraph stays after the sub-sections (assembly._own_text_replaced).
        Edit("notices-opening-split", "split", [("split", "rr.miscellaneous.notices", "and shall be deemed given")]),
        # A new first sub-section: no section of ours before it at its level, so it is placed before
        # the one after it (overrides' insert_before).
        Edit("guarantor-notice-first", "new", [("insert_first", "rr.miscellaneous.notices.company",
                                                "if to the Guarantor, to: Guarantor Holdings LLC, 1 Main Street, "
                                                "Newark, New Jersey 07102")]),
    ]


# The edits LibreOffice makes through the macro (its search finds the first place the words stand,
# so only edits whose words stand once in the document).
LIBREOFFICE = ["filing-days", "effectiveness-days", "closing-date", "company-attention", "copy-to-name",
               "earnings-months", "piggyback-days", "information-days", "conversion-price", "governing-law",
               "words-figures-disagree", "rule-144-off", "piggyback-off", "pronouns-reworded", "efforts-reworded",
               "pronouns-deleted"]


def second_deal_edits() -> list[Edit]:
    """Edits of another deal's agreement (tests/fixtures/second-deal.yaml)."""
    return [
        Edit("second-filing-days", "fact", [("replace", "rr.registration.filing", "not later than forty-five (45) days",
                                             "not later than sixty (60) days")],
             {"registration.filing_deadline_days": 60}),
        Edit("second-attention", "fact", [("replace", "rr.miscellaneous.notices.initial_investor", "Marcus Oyelaran",
                                           "Rita Okafor")], {"investor.notices.attention": "Rita Okafor"}),
        Edit("second-rule-144-off", "switch", [("delete", "rr.rule_144")], {"rule_144.enabled": False}),
        Edit("second-headings-reworded", "clause", [("replace", "rr.miscellaneous.headings", "for convenience of "
                                                     "reference only", "for ease of reference only")]),
    ]


# -- re-saved: numbering as typed text, fields unlinked, curly quotes, no-break spaces, no bookmarks ---
RESAVED = ["filing-days", "closing-date", "company-attention", "conversion-price", "governing-law",
           "two-facts-two-authors", "efforts-reworded", "jury-waiver-added", "pronouns-deleted", "remedies-split",
           "piggyback-days", "telecopier"]


def resave(data: bytes) -> bytes:
    """A clean copy as it comes back after a trip through another program or a copy into a new
    file: list numbers turned into typed text, REF fields unlinked into their text, straight quotes
    curled, "Section 7" with a no-break space, a soft line break, every bookmark gone."""
    from assembler.readers import read_docx

    numbers = [p.number for p in read_docx(data).paragraphs]
    parts = _parts(data)
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(w("body"))
    paragraphs = body.findall(w("p"))
    assert len(paragraphs) == len(numbers)
    broke = False
    for p, number in zip(paragraphs, numbers):
        for numpr in p.iter(w("numPr")):
            numpr.getparent().remove(numpr)
        if number:
            ppr = p.find(w("pPr"))
            (ppr.addnext if ppr is not None else (lambda r: p.insert(0, r)))(_run(number + " "))
        _unlink_fields(p)
        for mark in list(p.iter(w("bookmarkStart"), w("bookmarkEnd"))):
            mark.getparent().remove(mark)
        opening = True
        for t in p.iter(w("t")):
            text = t.text or ""
            out = []
            for ch in text:
                if ch == '"':
                    out.append("\u201c" if opening else "\u201d")
                    opening = not opening
                elif ch == "'":
                    out.append("\u2019")
                else:
                    out.append(ch)
            t.text = "".join(out).replace("Section ", "Section\u00a0")
        if not broke:  # one soft line break, where a paragraph's run has a space to take
            for t in p.iter(w("t")):
                if t.text and " provided " in t.text:
                    before, after = t.text.split(" provided ", 1)
                    t.text = before
                    run = t.getparent()
                    run.addnext(_run("provided " + after))
                    brk = etree.Element(w("r"))
                    etree.SubElement(brk, w("br"))
                    run.addnext(brk)
                    broke = True
                    break
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _zip(parts)


def _unlink_fields(p) -> None:
    """Each complex field replaced by its result: the runs between separate and end stay."""
    state = None
    for run in list(p.iter(w("r"))):
        char = run.find(w("fldChar"))
        if char is not None:
            kind = char.get(w("fldCharType"))
            state = {"begin": "code", "separate": "result", "end": None}[kind]
            run.getparent().remove(run)
        elif state == "code":
            run.getparent().remove(run)
