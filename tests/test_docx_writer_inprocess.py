"""The DOCX writer (writers/docx.py) on trees built by hand, read back from document.xml as one line
a paragraph (its style, its properties, its runs, fields, bookmarks and tracked changes), against
lines typed out by hand. In process, for mutation testing (scripts/mutation-test docx); real
documents' DOCX are read through LibreOffice in tests/test_docx_references.py, test_redline.py and
test_agreement_outputs.py."""
from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from assembler.tree import (AddressBlock, AddressLine, Blank, Def, Del, Document, Ins, Legend, Note, PageBreak,
                            Paragraph, Ref, Section, Signature, Text, Title)
from assembler.writers import docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NB, WJ = "\u00a0", "\u2060"


def T(words, marks=frozenset()):
    return Text(words, frozenset(marks))


def P(*inlines, **kw):
    return Paragraph([T(i) if isinstance(i, str) else i for i in inlines], **kw)


def S(id, label, number, level, *children, title=None, **kw):
    return Section(id=id, title=title, children=list(children), level=level, label=label, number=number, **kw)


def doc(*blocks, numbering=("decimal", "lower-letter", "lower-roman", "upper-letter"), **kw) -> Document:
    document = Document(name="d", title=kw.pop("title", "T"), blocks=list(blocks), numbering=list(numbering), **kw)
    for block in _walk(blocks):
        document.sections[block.id] = block
    return document


def _walk(blocks):
    for block in blocks:
        if isinstance(block, Section):
            yield block
            yield from _walk(block.children)


def part(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


class Shown:
    """A paragraph as one line: "Style [props] content"."""

    def __init__(self):
        self.bookmarks: dict[str, str] = {}

    def paragraph(self, p) -> str:
        props = []
        ppr = p.find(W + "pPr")
        style = ""
        if ppr is not None:
            for child in ppr:
                tag = child.tag.replace(W, "")
                if tag == "pStyle":
                    style = child.get(W + "val")
                elif tag == "numPr":
                    props.append("num" + child.find(W + "ilvl").get(W + "val") + "/"
                                 + child.find(W + "numId").get(W + "val"))
                elif tag == "ind":
                    props.append("ind(" + ",".join(f"{k.replace(W, '')}={v}" for k, v in sorted(child.attrib.items()))
                                 + ")")
                elif tag == "jc":
                    props.append("jc=" + child.get(W + "val"))
                elif tag == "spacing":
                    props.append("spacing(" + ",".join(f"{k.replace(W, '')}={v}" for k, v in
                                                       sorted(child.attrib.items())) + ")")
                elif tag == "tabs":
                    props.append("tabs(" + ",".join(t.get(W + "pos") for t in child) + ")")
                elif tag == "rPr":
                    props.append("mark:" + "/".join(c.tag.replace(W, "") for c in child))
                else:
                    props.append(tag + (f"={child.get(W + 'val')}" if child.get(W + "val") is not None else ""))
        content = "".join(self.inline(child) for child in p if child.tag != W + "pPr")
        return " ".join(filter(None, [style, *props])) + " | " + content

    def inline(self, element) -> str:
        tag = element.tag.replace(W, "")
        if tag == "bookmarkStart":
            name = self.bookmarks.setdefault(element.get(W + "name"), f"BM{len(self.bookmarks) + 1}")
            return f"[{name}#{element.get(W + 'id')}"
        if tag == "bookmarkEnd":
            return f"#{element.get(W + 'id')}]"
        if tag in ("ins", "del"):
            return f"<{tag} {element.get(W + 'author')} {element.get(W + 'date')}>" + \
                "".join(self.inline(c) for c in element) + f"</{tag}>"
        if tag == "r":
            return self.run(element)
        return f"?{tag}"

    def run(self, r) -> str:
        marks, out = "", ""
        for child in r:
            tag = child.tag.replace(W, "")
            if tag == "rPr":
                for m in child:
                    mtag = m.tag.replace(W, "")
                    if mtag in ("b", "i"):
                        marks += mtag
                    elif mtag == "u":
                        marks += "u" if m.get(W + "val") == "single" else "u?"
                    elif mtag == "rStyle":
                        marks += "@" + m.get(W + "val")
                    elif mtag == "spacing":
                        marks += "~" + m.get(W + "val")
                    elif mtag == "sz":
                        marks += "sz" + m.get(W + "val")
                    else:
                        marks += "?" + mtag
            elif tag == "t":
                out += child.text or ""
                if (child.text or "") != (child.text or "").strip():
                    assert child.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
            elif tag == "delText":
                out += "-" + (child.text or "") + "-"
            elif tag == "fldChar":
                out += {"begin": "{", "separate": "|", "end": "}"}[child.get(W + "fldCharType")]
            elif tag == "instrText":
                text = child.text
                for name, short in self.bookmarks.items():
                    text = text.replace(name, short)
                out += text
            elif tag == "tab":
                out += "\t"
            elif tag == "br":
                out += "\n"
            elif tag == "footnoteReference":
                out += "^" + child.get(W + "id")
            elif tag == "footnoteRef":
                out += "^"
            else:
                out += "?" + tag
        return f"{marks}:{out}" if marks else out


def lines(data: bytes) -> list[str]:
    body = part(data, "word/document.xml").find(W + "body")
    shown = Shown()
    # Bookmarks named in order of their starts, so a REF before its bookmark still reads.
    for start in body.iter(W + "bookmarkStart"):
        shown.bookmarks.setdefault(start.get(W + "name"), f"BM{len(shown.bookmarks) + 1}")
    return [shown.paragraph(p) for p in body.iterchildren(W + "p")]


def render(*blocks, **kw) -> list[str]:
    return lines(docx.render(doc(*blocks, **kw)))


# -- body paragraphs -----------------------------------------------------------------------------------

def test_title_body_and_their_properties():
    assert render(Title([T("Agreement")]), P("Plain."), P("Centered", align="center"), P("Flush", flush=True),
                  P("Kept", keep=True), P("Quoted", quote=True)) == [
        "DocumentTitle | Agreement",
        "Body | Plain.",
        "Body jc=center | Centered",
        "Body ind(firstLine=0) | Flush",
        "Body keepNext | Kept",
        "Body ind(firstLine=0,left=720,right=720) | Quoted"]


def test_runs_and_their_marks():
    assert render(P(T("bold ", "b"), T("it", "i"), T("under", "u"), T("all", "biu"), Def("Company"),
                    Def("Term", frozenset("i")), Blank("x"), Blank("y", frozenset("u")), T("a\tb"), T(" lead"))) == [
        "Body | b:bold i:itu:underbiu:allb:Companybi:Term_______________u:_______________a\tb lead"]


def test_typed_citations_are_held_to_their_numbers():
    assert render(P("Section 222 of the Law, Sections 3 and 4, Article 5, Rule 144 and § 7; Section A")) == [
        f"Body | Section{NB}222 of the Law, Sections{NB}3 and 4, Article{NB}5, Rule{NB}144 and §{NB}7; Section A"]


def test_a_lead_in_keeps_with_what_follows():
    assert render(P("to read as follows: "), P("After:x")) == [
        "Body keepNext keepLines | to read as follows: ", "Body | After:x"]


def test_legend_and_page_breaks():
    assert render(Legend([T("Remainder of page intentionally blank. Next page is signature page.")]), PageBreak(),
                  P("After."), P("Next.")) == [
        "Legend | [REMAINDER OF PAGE INTENTIONALLY BLANK.\nNEXT PAGE IS SIGNATURE PAGE.]",
        "Body pageBreakBefore | After.", "Body | Next."]
    assert render(Legend([T("Signature page follows.")])) == ["Legend | [SIGNATURE PAGE FOLLOWS.]"]


def test_addresses():
    block = AddressBlock([AddressLine([T("Acme")]), AddressLine([T("Ada")], "Attention")])
    copy = AddressBlock([AddressLine([T("Counsel")])])
    assert render(block, copy) == [
        "Address keepNext keepLines ind(left=2160) | Acme",
        "Address keepNext keepLines tabs(3960) spacing(after=240) ind(left=2160) | Attention:\tAda",
        "Address spacing(after=240) ind(left=2160) | Counsel"]


# -- sections -------------------------------------------------------------------------------------------

def agreement():
    iii = S("a.c.iii", "(iii)", "1(c)(iii)", 3, P("Deep."), S("a.c.iii.A", "(A)", "1(c)(iii)(A)", 4, P("Deeper.")))
    c = S("a.c", "(c)", "1(c)", 2, P("Sub ", Ref("a.c.iii", text="Section 1(c)(iii)"), "."), iii, P("After."),
          title="Terms")
    return S("a", "1.", "1", 1, P("Words."), c, title="Definitions")


def test_articles_and_sections_are_numbered_by_word():
    assert render(agreement()) == [
        "ArticleHeading num0/90 ind(left=0) | [BM1#1Definitions#1]",
        "Clause ind(left=0) | Words.",
        f"Clause num1/90 ind(left=0) | [BM2#2bu:Terms. Sub Section{NB}{{ REF BM1 \\n \\h |1}}{WJ}"
        f"{{ REF BM2 \\n \\h |(c)}}{WJ}{{ REF BM3 \\n \\h |(iii)}}.#2]",
        "Clause num2/90 ind(left=720) | [BM3#3Deep.#3]",
        "Clause num3/90 ind(left=1440) | [BM4#4Deeper.#4]",
        "Clause ind(left=0) | After."]


def test_the_numbering_part():
    data = docx.render(doc(P("x"), numbering=("decimal", "lower-letter", "lower-roman", "upper-letter")))
    numbering = part(data, "word/numbering.xml")
    abstract = [a for a in numbering.iter(W + "abstractNum") if a.get(W + "abstractNumId") == "90"]
    assert len(abstract) == 1
    levels = [(lvl.get(W + "ilvl"), lvl.find(W + "start").get(W + "val"), lvl.find(W + "numFmt").get(W + "val"),
               lvl.find(W + "suff").get(W + "val"), lvl.find(W + "lvlText").get(W + "val"),
               lvl.find(W + "lvlJc").get(W + "val"), lvl.find(f"{W}pPr/{W}ind").get(W + "left"),
               lvl.find(f"{W}pPr/{W}ind").get(W + "firstLine"),
               [c.tag.replace(W, "") for c in (lvl.find(W + "rPr") if lvl.find(W + "rPr") is not None else [])])
              for lvl in abstract[0].iter(W + "lvl")]
    assert levels == [("0", "1", "decimal", "space", "%1.", "left", "0", "0", ["b", "caps"]),
                      ("1", "1", "lowerLetter", "space", "(%2)", "left", "0", "0", []),
                      ("2", "1", "lowerRoman", "space", "(%3)", "left", "720", "0", []),
                      ("3", "1", "upperLetter", "space", "(%4)", "left", "1440", "0", [])]
    assert abstract[0].find(W + "multiLevelType").get(W + "val") == "multilevel"
    nums = [n for n in numbering.iter(W + "num") if n.get(W + "numId") == "90"]
    assert [n.find(W + "abstractNumId").get(W + "val") for n in nums] == ["90"]
    children = [c.tag.replace(W, "") for c in numbering]
    assert children.index("abstractNum") < children.index("num")
    assert max(i for i, t in enumerate(children) if t == "abstractNum") < min(
        i for i, t in enumerate(children) if t == "num")


def charter():
    fourth = S("c.fourth", "FOURTH:", "FOURTH", 1, P("Shares."), S("c.fourth.a", "(a)", "FOURTH(a)", 2, P("Common.")))
    return [S("c.first", "FIRST:", "FIRST", 1, P("Name ", Ref("c.fourth.a", text="Article FOURTH(a)"), "."),
              title="Name"), fourth]


def test_a_charters_articles_are_typed_ordinals():
    numbering = ("ordinal-word", "lower-letter")
    assert render(*charter(), numbering=numbering, article_style="centered") == [
        "ArticleHeading ind(left=0) jc=center | [BM1#1FIRST#1]: Name",
        f"Clause ind(left=0) | Name Section{NB}{{ REF BM2 \\h |FOURTH}}{WJ}{{ REF BM3 \\n \\h |(a)}}.",
        "ArticleHeading keepNext keepLines ind(left=0) jc=center | [BM2#2FOURTH#2]:",  # a lead-in
        "Clause ind(left=0) | Shares.",
        "Clause num1/90 ind(left=0) | [BM3#3Common.#3]"]
    numbering_part = part(docx.render(doc(P("x"), numbering=numbering)), "word/numbering.xml")
    ordinal = [lvl for a in numbering_part.iter(W + "abstractNum") if a.get(W + "abstractNumId") == "90"
               for lvl in a.iter(W + "lvl")][0]
    assert ordinal.find(W + "numFmt").get(W + "val") == "ordinalText" and ordinal.find(W + "lvlText").get(
        W + "val") == "%1:"


def test_run_in_articles_and_local_and_number_references():
    first = S("a", "1.", "1", 1, P("Runs in."), S("a.b", "(b)", "1(b)", 2, P("Local ", Ref("a.b", form="local",
                                                                                           text="(b)"), "."),
                                                   P("Number ", Ref("a.b", form="number", text="1(b)"), ".")),
              title="Term")
    assert render(first, article_style="run-in") == [
        "Clause num0/90 ind(left=0) | [BM1#1bu:Term. Runs in.#1]",
        f"Clause num1/90 ind(left=0) | [BM2#2Local {{ REF BM2 \\n \\h |(b)}}.#2]",
        f"Clause ind(left=0) | Number {{ REF BM1 \\n \\h |1}}{WJ}{{ REF BM2 \\n \\h |(b)}}."]


def test_a_reference_to_no_section_is_its_text():
    assert render(P("See ", Ref("gone", text="Section 2(c)(i)"), " or ", Ref("none"))) == [
        f"Body | See Section{NB}2(c){WJ}(i) or "]


def test_bookmark_names():
    assert docx._bookmark_name("rr.registration") == "_Ref" + str(
        int(hashlib.sha1(b"rr.registration").hexdigest(), 16) % 10**12).zfill(12)
    assert len(docx._bookmark_name("x")) == 16 and docx._bookmark_name("x") != docx._bookmark_name("y")
    assert docx._chain("c", {"c": "b", "b": "a"}) == ["a", "b", "c"] and docx._chain("a", {}) == ["a"]
    assert [docx._left(n) for n in (0, 1, 2, 3, 4)] == [0, 0, 0, 457200, 914400]


# -- signatures ------------------------------------------------------------------------------------------

def sign(**kw):
    return Signature(**{"entity": [T("Acme Corp.")], "name": [T("Ada Lee")], "title": [T("President")], **kw})


def test_signature_blocks():
    assert render(sign()) == [
        "Signature spacing(after=480) | b:Acme Corp.",
        "Signature | By: ______________________________",
        "Signature ind(left=4896) | Name: Ada Lee",
        "Signature keepNext=0 spacing(after=480) ind(left=4896) | Title: President"]


def test_signature_forms(request):
    conformed = render(sign(conformed=True, entity=None))
    assert conformed[0] == "Signature spacing(after=480) | ______________________________"
    assert conformed[1] == "Signature tabs(8496) | By: u:/s/ u:Ada Leeu:\t"
    line = render(sign(form="line", entity=None, conformed=True))
    assert line == ["Signature tabs(7920) | u:/s/ u:Ada Leeu:\t",
                    "Signature keepNext=0 spacing(after=480) | Ada Lee, President"]
    officer = render(sign(form="officer", entity=None))
    assert officer == [
        "Signature | By: ______________________________",
        "Signature ind(left=4896) | Authorized Officer",
        "Signature ind(left=4896) | Name: Ada Lee",
        "Signature ind(left=5616) | sz18:Print or Type",
        "Signature keepNext=0 spacing(after=480) ind(left=4896) | Title: President"]


# -- a redline -------------------------------------------------------------------------------------------

REV = ("Ana", "2024-06-01")


def test_a_redlines_words_and_numbers():
    # As redline._whole leaves a section that goes: each block of it marked, its words deleted.
    deleted = S("a", "8.", "8", 1, P(Del([T("Gone.")]), change="delete"), title="Rule 144", change="delete")
    renumbered = S("b", "8.", "8", 1, P("Moved ", Ref("b", text="Section 8"), "."), title="Assignment",
                   old_label="9.")
    sub = S("b.a", "(a)", "8(a)", 2, P(T("the "), Del([T("old")]), Ins([T("new")]), T(" words")), title="T",
            change="insert")
    renumbered.children.append(sub)
    shown = render(deleted, renumbered, revision=REV)
    date = "2024-06-01T00:00:00Z"
    assert shown == [
        f"ArticleHeading ind(left=0) mark:del | <del Ana {date}>b:-8. -</del>[BM1#1<del Ana {date}>-Rule\u00a0144-</del>#1]",
        f"Clause ind(left=0) mark:del | <del Ana {date}>-Gone.-</del>",
        f"ArticleHeading ind(left=0) | <del Ana {date}>b:-9. -</del><ins Ana {date}>b:8. </ins>[BM2#2Assignment#2]",
        # A redline's reference is its text; the section inserted after this paragraph tracks its mark.
        "Clause ind(left=0) mark:ins | Moved Section\u00a08.",
        f"Clause ind(left=0) | <ins Ana {date}>(a) </ins>[BM3#3<ins Ana {date}>bu:T. </ins>"
        f"the <del Ana {date}>-ol-~80:-d-</del><ins Ana {date}>new</ins> words#3]"]


def test_revision_ids_count_up():
    data = docx.render(doc(P(Del([T("a")]), Ins([T("b")]), Ins([T(" c")])), revision=REV))
    body = part(data, "word/document.xml")
    ids = [e.get(W + "id") for e in body.iter(W + "ins", W + "del")]
    assert ids == ["1", "2", "3"]
    no_author = docx.render(doc(P(Ins([T("x")]))))
    ins = next(part(no_author, "word/document.xml").iter(W + "ins"))
    assert (ins.get(W + "author"), ins.get(W + "date")) == ("assembler", "2000-01-01T00:00:00Z")


def test_a_struck_number_stands_apart_from_its_replacement():
    assert render(P("Section ", Del([T("98")]), Ins([T("7")])), revision=REV)[0].endswith(
        "Section <del Ana 2024-06-01T00:00:00Z>-9-~80:-8-</del><ins Ana 2024-06-01T00:00:00Z>7</ins>")
    # One letter: its own run takes the spacing; underlined, the spacing goes before the underline.
    assert "<del Ana 2024-06-01T00:00:00Z>u~80:-8-</del>".replace("u~80", "~80u") in \
        render(P("Section ", Del([T("8", "u")]), Ins([T("7")])), revision=REV)[0].replace("u~80", "~80u")
    for apart in ([Del([T("8 ")]), Ins([T("7")])], [Del([T("8")]), Ins([T(" 7")])], [Del([T("8")]), T("7")],
                  [Del([T("8")]), Ins([])]):
        assert "~80" not in render(P(*apart), revision=REV)[0]


def test_space_apart_puts_spacing_before_underline():
    r = etree.fromstring(f'<w:del xmlns:w="{W[1:-1]}"><w:r><w:rPr><w:b/><w:u w:val="single"/></w:rPr>'
                         "<w:delText>8</w:delText></w:r></w:del>")
    docx._space_apart(r, "7")
    assert [c.tag.replace(W, "") for c in r.find(f"{W}r/{W}rPr")] == ["b", "spacing", "u"]
    assert r.find(f"{W}r/{W}rPr/{W}spacing").get(W + "val") == "80"
    empty = etree.fromstring(f'<w:del xmlns:w="{W[1:-1]}"><w:r><w:delText></w:delText></w:r></w:del>')
    docx._space_apart(empty, "7")
    assert empty.find(f"{W}r/{W}rPr") is None
    assert docx._space_apart(r, "") is None


def test_tracked_marks_of_inserted_paragraphs():
    body = etree.fromstring(f'<w:body xmlns:w="{W[1:-1]}"><w:p/><w:p/><w:p/><w:p/><w:p/><w:p/></w:body>')
    kept, first, second, gone, lone, last = list(body)
    marks = docx._tracked_marks([(first, "insert"), (second, "insert"), (gone, "delete"), (last, "insert")])
    # After a paragraph that stays: its mark and the inserted ones' but the last. After a deleted one:
    # each inserted paragraph's own mark.
    assert [(list(body).index(p), change) for p, change in marks] == [
        (3, "delete"), (0, "insert"), (1, "insert"), (4, "insert")]
    assert [(list(body).index(p), c) for p, c in docx._tracked_marks([(kept, "insert")])] == [(0, "insert")]
    assert [(list(body).index(p), c) for p, c in docx._tracked_marks([(lone, "insert")])] == [(3, "insert")]


def test_whole_paragraphs_inserted_in_a_redline():
    shown = render(P("Stays."), P("New one.", change="insert"), P("New two.", change="insert"), revision=REV)
    assert shown == ["Body mark:ins | Stays.", "Body mark:ins | New one.", "Body | New two."]


def test_an_address_line_that_comes_and_goes():
    block = AddressBlock([AddressLine([T("Acme")]), AddressLine([T("Old")], "Attention", change="delete"),
                          AddressLine([T("New")], "Attention", change="insert")])
    date = "2024-06-01T00:00:00Z"
    assert render(block, revision=REV) == [
        "Address keepNext keepLines ind(left=2160) | Acme",
        f"Address keepNext keepLines tabs(3960) ind(left=2160) mark:del | <del Ana {date}>-Attention:-\t</del>Old",
        f"Address tabs(3960) spacing(after=240) ind(left=2160) mark:ins | <ins Ana {date}>Attention:\t"
        "</ins>New"]


# -- the file -------------------------------------------------------------------------------------------

def test_footnotes():
    data = docx.render(doc(P("Amended.", Note([T("By Amendment No. "), T("1", "b")], number=1)),
                           P("Again.", Note([T("No. 2.")], number=2))))
    assert lines(data) == ["Body | Amended.@FootnoteReference:^1", "Body | Again.@FootnoteReference:^2"]
    notes = part(data, "word/footnotes.xml")
    shown = Shown()
    found = [(n.get(W + "id"), n.get(W + "type"), [shown.paragraph(p) for p in n.iter(W + "p")])
             for n in notes.iter(W + "footnote")]
    assert found == [("-1", "separator", [" | ?separator"]), ("0", "continuationSeparator", [" | ?continuationSeparator"]),
                     ("1", None, ["FootnoteText | @FootnoteReference:^ By Amendment No. b:1"]),
                     ("2", None, ["FootnoteText | @FootnoteReference:^ No. 2."])]
    styles = part(data, "word/styles.xml")
    ids = {s.get(W + "styleId"): s for s in styles.iter(W + "style")}
    assert ids["FootnoteReference"].find(f"{W}rPr/{W}vertAlign").get(W + "val") == "superscript"
    assert ids["FootnoteText"].find(f"{W}rPr/{W}sz").get(W + "val") == "18"
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode()
    assert "footnotes.xml" in rels
    assert "footnotes.xml" not in zipfile.ZipFile(io.BytesIO(docx.render(doc(P("x"))))).namelist()


def test_properties_footer_and_draft():
    data = docx.render(doc(P("x"), title="Registration Rights Agreement", date="2024-03-05", footer="HF#520846"))
    opened = open_docx(io.BytesIO(data))
    props = opened.core_properties
    assert props.title == "Registration Rights Agreement" and props.author == "assembler"
    assert props.last_modified_by == "assembler" and props.revision == 1
    assert (props.comments, props.subject, props.keywords, props.category) == ("", "", "", "")
    assert props.created.isoformat().startswith("2024-03-05T00:00:00")
    assert props.modified == props.created and props.last_printed == props.created
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not any("thumbnail" in n for n in names)
    assert zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode() == docx.APP_XML
    footer = opened.sections[0].footer
    assert not footer.is_linked_to_previous
    shown = Shown()
    assert [shown.paragraph(p._p) for p in footer.paragraphs] == [
        "Footer spacing(before=280) | sz16:HF#520846", "jc=center | { PAGE |1}"]
    assert opened.sections[0].header.paragraphs[0].text == "" or opened.sections[0].header.is_linked_to_previous
    draft = open_docx(io.BytesIO(docx.render(doc(P("x"), draft=True))))
    mark = draft.sections[0].header.paragraphs[0]
    assert mark.text == "DRAFT" and mark.runs[0].bold and mark.alignment == 2  # right
    plain = open_docx(io.BytesIO(docx.render(doc(P("x")))))
    assert plain.core_properties.created.year == 2000
    assert [p.text for p in plain.sections[0].footer.paragraphs] == ["", "1"]


def test_the_same_document_is_the_same_bytes():
    first = docx.render(doc(agreement(), date="2024-03-05"))
    assert docx.render(doc(agreement(), date="2024-03-05")) == first
    archive = zipfile.ZipFile(io.BytesIO(first))
    infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) and i.compress_type == zipfile.ZIP_DEFLATED
               and i.external_attr == 0o644 << 16 for i in infos)
    assert [i.filename for i in infos][1] == "_rels/.rels"


def test_custom_properties():
    data = docx.render(doc(P("x")))
    tagged = docx.with_custom_properties(data, {"termsheet-sha256": "ab<&", "a-version": "3"})
    archive = zipfile.ZipFile(io.BytesIO(tagged))
    custom = archive.read("docProps/custom.xml").decode()
    assert custom.count("<property ") == 2
    assert ('pid="2" name="a-version"><vt:lpwstr>3</vt:lpwstr>' in custom
            and 'pid="3" name="termsheet-sha256"><vt:lpwstr>ab&lt;&amp;</vt:lpwstr>' in custom)
    assert 'fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"' in custom
    assert custom.startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties')
    assert archive.read("[Content_Types].xml").decode().count("/docProps/custom.xml") == 1
    assert archive.read("_rels/.rels").decode().count("docProps/custom.xml") == 1
    again = docx.with_custom_properties(tagged, {"x": "1"})
    archive = zipfile.ZipFile(io.BytesIO(again))
    assert archive.read("[Content_Types].xml").decode().count("/docProps/custom.xml") == 1
    assert archive.read("_rels/.rels").decode().count("docProps/custom.xml") == 1
    assert archive.namelist().count("docProps/custom.xml") == 1
    assert 'name="x"' in archive.read("docProps/custom.xml").decode()
    assert 'name="a-version"' not in archive.read("docProps/custom.xml").decode()
    assert open_docx(io.BytesIO(again)).paragraphs[0].text == "x"
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in archive.infolist())


def test_styles_the_house_style_has():
    opened = open_docx(io.BytesIO(docx.render(doc(P("x")))))
    assert all(name in [s.name for s in opened.styles] for name in docx.STYLES)
    assert docx.STYLES["Signature"]["left"] == 3.0


# -- after the first mutation run ------------------------------------------------------------------------

def test_a_document_without_a_date_is_dated_the_first_of_2000():
    import datetime as dt

    created = open_docx(io.BytesIO(docx.render(doc(P("x"))))).core_properties.created
    assert created.replace(tzinfo=None) == dt.datetime(2000, 1, 1)


def test_an_ordinal_level_below_the_first_is_bold_capitals():
    numbering = part(docx.render(doc(P("x"), numbering=("decimal", "ordinal-word"))), "word/numbering.xml")
    levels = [lvl for a in numbering.iter(W + "abstractNum") if a.get(W + "abstractNumId") == "90"
              for lvl in a.iter(W + "lvl")]
    assert [c.tag.replace(W, "") for c in levels[1].find(W + "rPr")] == ["b", "caps"]


def test_lead_ins_are_read_from_their_words_only():
    assert render(P(T("to:"), T(" ")))[0].startswith("Body keepNext keepLines |")
    assert render(P(T("to:"), T("")))[0].startswith("Body keepNext keepLines |")
    # A redline's struck words are read as Word and LibreOffice show them: "to:" then struck "old"
    # leads into nothing; a struck lead-in still does (LibreOffice left one at a page's foot).
    assert render(P(T("to:"), Del([T("old")])), revision=REV) == ["Body | to:<del Ana 2024-06-01T00:00:00Z>-old-</del>"]
    assert render(P(T("agrees to "), Del([T("use:")])), revision=REV) == [
        "Body keepNext keepLines | agrees to <del Ana 2024-06-01T00:00:00Z>-use:-</del>"]
    assert render(P(T("agrees to "), Del([T("use:")]), T(" ")), revision=REV)[0].startswith("Body keepNext")


def test_a_legend_of_several_runs():
    assert render(Legend([T("One. "), T("Two."), Def("Term")])) == ["Legend | [ONE.\nTWO.]"]


def test_a_centred_name_in_an_article():
    shown = render(S("a", "1.", "1", 1, P("The name", align="center"), P("Words.")))
    assert shown[1] == "Clause ind(left=0) jc=center | The name"
    sub = render(S("a", "1.", "1", 1, S("a.b", "(b)", "1(b)", 2, P("x"), S("a.b.i", "(i)", "1(b)(i)", 3,
                                                                           P("y"), P("Name", align="center")))))
    assert sub[-1] == "Clause ind(left=0) jc=center | Name"


def test_a_broken_reference_keeps_its_marks():
    assert render(P("See ", Ref("gone", text="Section 2", marks=frozenset("b")))) == [f"Body | See b:Section{NB}2"]


def test_a_redlines_unchanged_section_has_its_number_as_text():
    assert render(S("a", "1.", "1", 1, P("Words."), title="Same"), S("a.b", "(b)", "1(b)", 2, P("Sub.")),
                  revision=REV)[:1] + render(S("b", "(b)", "1(b)", 2, P("Sub.")), revision=REV) == [
        "ArticleHeading ind(left=0) | b:1. [BM1#1Same#1]", "Clause ind(left=0) | (b) [BM1#1Sub.#1]"]


def test_a_section_not_in_the_documents_sections_has_no_bookmark():
    document = doc(S("a", "1.", "1", 1, P("Words.")), S("b", "2.", "2", 1, P("Gone.")))
    del document.sections["b"]
    assert lines(docx.render(document)) == ["ArticleHeading num0/90 ind(left=0) | [BM1#1#1]", "Clause ind(left=0) | Words.",
                                            "ArticleHeading num0/90 ind(left=0) | ", "Clause ind(left=0) | Gone."]


def test_the_footnotes_part_holds_nothing_but_its_notes():
    data = docx.render(doc(P("Amended.", Note([T("By Amendment No. 1.")], number=1))))
    raw = zipfile.ZipFile(io.BytesIO(data)).read("word/footnotes.xml")
    assert raw.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n")
    notes = etree.fromstring(raw)
    assert notes.text is None and all(n.tail is None for n in notes)
    assert [n.get(W + "id") for n in notes] == ["-1", "0", "1"]
    styles = {s.get(W + "styleId"): s for s in part(data, "word/styles.xml").iter(W + "style")}
    reference, text = styles["FootnoteReference"], styles["FootnoteText"]
    assert [c.tag.replace(W, "") for c in reference] == ["name", "uiPriority", "unhideWhenUsed", "rPr"]
    assert [c.tag.replace(W, "") for c in text] == ["name", "basedOn", "uiPriority", "unhideWhenUsed", "pPr", "rPr"]
    assert text.find(W + "basedOn").get(W + "val") == "Normal"
    assert [c.tag.replace(W, "") for c in text.find(W + "pPr")] == ["spacing", "jc"]
    assert reference.text is None and text.text is None


def test_space_apart_gives_a_run_without_properties_its_own_first():
    r = etree.fromstring(f'<w:del xmlns:w="{W[1:-1]}"><w:r><w:delText>98</w:delText></w:r></w:del>')
    docx._space_apart(r, "7")
    runs = list(r)
    assert [[c.tag.replace(W, "") for c in run] for run in runs] == [["delText"], ["rPr", "delText"]]
    assert [run.find(W + "delText").text for run in runs] == ["9", "8"]


def test_inserted_paragraphs_after_a_deleted_one_each_track_their_own_mark():
    body = etree.fromstring(f'<w:body xmlns:w="{W[1:-1]}"><w:p/><w:p/><w:p/></w:body>')
    gone, first, second = list(body)
    marks = docx._tracked_marks([(gone, "delete"), (first, "insert"), (second, "insert")])
    assert [(list(body).index(p), c) for p, c in marks] == [(0, "delete"), (1, "insert"), (2, "insert")]


def test_line_breaks_in_a_run_are_breaks():
    for text in ("a\nb", "a\rb"):
        p = part(docx.render(doc(P(text))), "word/document.xml").find(f"{W}body/{W}p")
        assert p.find(f"{W}r/{W}br") is not None, repr(text)
        assert all("\n" not in (t.text or "") and "\r" not in (t.text or "") for t in p.iter(W + "t"))


def test_a_fields_instruction_keeps_its_spaces():
    data = docx.render(doc(P("x")))
    names = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/footer")]
    instr = next(part(data, names[0]).iter(W + "instrText"))
    assert instr.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" and instr.text == " PAGE "


def test_custom_properties_exactly():
    tagged = docx.with_custom_properties(docx.render(doc(P("x"))), {"a": "1", "b": "2"})
    custom = zipfile.ZipFile(io.BytesIO(tagged)).read("docProps/custom.xml").decode()
    assert ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property ') in custom
    assert "</vt:lpwstr></property><property " in custom
    again = docx.with_custom_properties(tagged, {"c": "3"})
    assert sorted(zipfile.ZipFile(io.BytesIO(again)).namelist()) == sorted(zipfile.ZipFile(io.BytesIO(tagged)).namelist())


def test_a_typed_ordinal_article_runs_in():
    """A §242 certificate's articles run in, as the PDF and the text set them: "FIRST: That at …",
    never the ordinal alone on its line; the ordinal word alone is bookmarked."""
    numbering = ("ordinal-word", "lower-letter")
    assert render(*charter(), numbering=numbering, article_style="run-in") == [
        f"Clause ind(left=0) | [BM1#1FIRST#1]: bu:Name. Name Section{NB}{{ REF BM2 \\h |FOURTH}}{WJ}"
        f"{{ REF BM3 \\n \\h |(a)}}.",
        "Clause ind(left=0) | [BM2#2FOURTH#2]: Shares.",
        "Clause num1/90 ind(left=0) | [BM3#3Common.#3]"]


def test_a_run_in_articles_number_is_set_as_its_text():
    """An article's list number is bold and in capitals beside its heading; run in, it is set as
    the words after it are (not bold), as the PDF sets it."""
    def article_level(article_style: str):
        numbering = part(docx.render(doc(P("x"), numbering=("decimal", "lower-letter"), article_style=article_style)),
                         "word/numbering.xml")
        return [lvl for a in numbering.iter(W + "abstractNum") if a.get(W + "abstractNumId") == "90"
                for lvl in a.iter(W + "lvl")][:2]
    top, sub = article_level("centered")
    assert [el.tag for el in top.find(W + "rPr")] == [W + "b", W + "caps"] and sub.find(W + "rPr") is None
    top, sub = article_level("run-in")
    assert top.find(W + "rPr") is None and sub.find(W + "rPr") is None


# -- sub-sections run into their parent's line, typed articles' lists, dotted numbers (issue 28) ------------

def nums(data: bytes) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The house numbering's list instances: (numId, its abstractNum, [(level, start) it restarts])."""
    numbering = part(data, "word/numbering.xml")
    return [(n.get(W + "numId"), n.find(W + "abstractNumId").get(W + "val"),
             [(o.get(W + "ilvl"), o.find(W + "startOverride").get(W + "val")) for o in n.iter(W + "lvlOverride")])
            for n in numbering.iter(W + "num") if int(n.get(W + "numId")) >= docx.NUM_ID]


def joined():
    """1(a) and 1(b) have no words before their first sub-section: "(a) (i) If …" on one line; 1(b)(i)
    has one paragraph, 1(a)(i) two."""
    i = S("a.a.i", "(i)", "1(a)(i)", 3, P("If x."), P("More of (i)."))
    ii = S("a.a.ii", "(ii)", "1(a)(ii)", 3, P("Then ", Ref("a.a.i", text="Section 1(a)(i)"), " and ",
                                                 Ref("a.a.i", form="local", text="(i)"), "."))
    first = S("a.a", "(a)", "1(a)", 2, i, ii, S("a.a.iii", "(iii)", "1(a)(iii)", 3, P("Third.")), P("After (a)."))
    second = S("a.b", "(b)", "1(b)", 2, S("a.b.i", "(i)", "1(b)(i)", 3, P("Only.")),
               S("a.b.ii", "(ii)", "1(b)(ii)", 3, P("Two.")), S("a.b.iii", "(iii)", "1(b)(iii)", 3, P("Three.")))
    return [S("a", "1.", "1", 1, P("Words."), first, second, title="Terms"),
            S("b", "2.", "2", 1, P("Next."), S("b.a", "(a)", "2(a)", 2, P("Sub.")), title="Other")]


def test_a_sub_section_run_into_its_parents_line():
    """(i)'s label is text inside (a)'s numbered line, bookmarked alone and cited by that text; (a)'s
    bookmark holds the whole line. (ii) and (iii) are a list instance restarting (i)'s level at 2,
    read as "(ii)" (LibreOffice's reading: test_docx_numbering_libreoffice); (b)'s siblings another;
    article 2 is back in the house list."""
    data = docx.render(doc(*joined()))
    assert lines(data) == [
        "ArticleHeading num0/90 ind(left=0) | [BM1#1Terms#1]",
        "Clause ind(left=0) | Words.",
        "Clause num1/90 ind(left=0) | [BM2#2[BM3#3(i)#3] If x.#2]",
        "Clause ind(left=0) | More of (i).",
        f"Clause num2/91 ind(left=720) | [BM4#4Then Section{NB}{{ REF BM1 \\n \\h |1}}{WJ}{{ REF BM2 \\n \\h |(a)}}{WJ}"
        f"{{ REF BM3 \\h |(i)}} and {{ REF BM3 \\h |(i)}}.#4]",
        "Clause num2/91 ind(left=720) | [BM5#5Third.#5]",
        "Clause ind(left=0) | After (a).",
        "Clause num1/90 ind(left=0) | [BM6#6[BM7#7(i)#7] Only.#6]",
        "Clause num2/92 ind(left=720) | [BM8#8Two.#8]",
        "Clause num2/92 ind(left=720) | [BM9#9Three.#9]",
        "ArticleHeading num0/90 ind(left=0) | [BM10#10Other#10]",
        "Clause ind(left=0) | Next.",
        "Clause num1/90 ind(left=0) | [BM11#11Sub.#11]"]
    assert nums(data) == [("90", "90", []), ("91", "90", [("2", "2")]), ("92", "90", [("2", "2")])]


def test_a_redlines_sub_section_run_into_its_parents_line():
    """In a redline every number is text: (i) with its space inside its bookmark, (ii) labelled, no
    list instance made."""
    date = "2024-06-01T00:00:00Z"
    tree = joined()
    tree[0].children[1].children[1].old_label = "(iii)"  # (ii) was (iii)
    data = docx.render(doc(*tree, revision=REV))
    assert lines(data)[2:6] == [
        "Clause ind(left=0) | (a) [BM2#2[BM3#3(i) #3]If x.#2]",
        "Clause ind(left=0) | More of (i).",
        f"Clause ind(left=720) | <del Ana {date}>-(iii) -</del><ins Ana {date}>(ii) </ins>"
        f"[BM4#4Then Section{NB}1(a){WJ}(i) and (i).#4]",
        "Clause ind(left=720) | (iii) [BM5#5Third.#5]"]
    assert nums(data) == [("90", "90", [])]


def test_a_run_in_article_runs_in_its_first_sub_section():
    first = S("a", "1.", "1", 1, S("a.a", "(a)", "1(a)", 2, P("First."), P("Second of (a).")),
              S("a.b", "(b)", "1(b)", 2, P("Then ", Ref("a.a", text="Section 1(a)"), ".")))
    data = docx.render(doc(first, article_style="run-in"))
    assert lines(data) == [
        "Clause num0/90 ind(left=0) | [BM1#1[BM2#2(a)#2] First.#1]",
        "Clause ind(left=0) | Second of (a).",
        f"Clause num1/91 ind(left=0) | [BM3#3Then Section{NB}{{ REF BM1 \\n \\h |1}}{WJ}{{ REF BM2 \\h |(a)}}.#3]"]
    assert nums(data) == [("90", "90", []), ("91", "90", [("1", "2")])]
    assert render(first, article_style="run-in", revision=REV) == [
        "Clause ind(left=0) | b:1. [BM1#1[BM2#2(a) #2]First.#1]",
        "Clause ind(left=0) | Second of (a).",
        f"Clause ind(left=0) | (b) [BM3#3Then Section{NB}1(a).#3]"]


def typed_charter():
    """Sub-sections in FIRST and THIRD, none in SECOND."""
    return [S("c.first", "FIRST:", "FIRST", 1, S("c.first.a", "(a)", "FIRST(a)", 2, P("Common.")),
              S("c.first.b", "(b)", "FIRST(b)", 2, P("Preferred."))),
            S("c.second", "SECOND:", "SECOND", 1, P("Intro.")),
            S("c.third", "THIRD:", "THIRD", 1, P("Intro."), S("c.third.a", "(a)", "THIRD(a)", 2, P("Alpha.")),
              S("c.third.b", "(b)", "THIRD(b)", 2, P("Beta.")))]


def test_each_typed_articles_sub_sections_are_numbered_from_a():
    """No list paragraph stands at a typed article's level to restart its sub-sections' count: THIRD's
    are a list instance restarting at (a), else they would read (c) and (d)."""
    numbering = ("ordinal-word", "lower-letter")
    data = docx.render(doc(*typed_charter(), numbering=numbering, article_style="centered"))
    assert lines(data) == [
        "ArticleHeading keepNext keepLines ind(left=0) jc=center | [BM1#1FIRST#1]:",
        "Clause num1/90 ind(left=0) | [BM2#2Common.#2]",
        "Clause num1/90 ind(left=0) | [BM3#3Preferred.#3]",
        "ArticleHeading keepNext keepLines ind(left=0) jc=center | [BM4#4SECOND#4]:",
        "Clause ind(left=0) | Intro.",
        "ArticleHeading keepNext keepLines ind(left=0) jc=center | [BM5#5THIRD#5]:",
        "Clause ind(left=0) | Intro.",
        "Clause num1/91 ind(left=0) | [BM6#6Alpha.#6]",
        "Clause num1/91 ind(left=0) | [BM7#7Beta.#7]"]
    assert nums(data) == [("90", "90", []), ("91", "90", [("1", "1")])]
    # One typed article with sub-sections: the house list alone, as the shipped charters are written.
    assert nums(docx.render(doc(*typed_charter()[:2], numbering=numbering, article_style="centered"))) == [
        ("90", "90", [])]
    # A redline's numbers are text: no list instance.
    assert nums(docx.render(doc(*typed_charter(), numbering=numbering, article_style="centered",
                                revision=REV))) == [("90", "90", [])]


def test_a_typed_article_runs_in_its_first_sub_section():
    """"FIRST: (a) Common." on one line, and (b) after it read as (b), not as a list's first (a);
    THIRD's sub-sections from (a) again."""
    numbering = ("ordinal-word", "lower-letter")
    data = docx.render(doc(*typed_charter(), numbering=numbering, article_style="run-in"))
    assert lines(data) == [
        "Clause ind(left=0) | [BM1#1FIRST#1]: [BM2#2(a)#2] Common.",
        "Clause num1/91 ind(left=0) | [BM3#3Preferred.#3]",
        "Clause ind(left=0) | [BM4#4SECOND#4]: Intro.",
        "Clause ind(left=0) | [BM5#5THIRD#5]: Intro.",
        "Clause num1/92 ind(left=0) | [BM6#6Alpha.#6]",
        "Clause num1/92 ind(left=0) | [BM7#7Beta.#7]"]
    assert nums(data) == [("90", "90", []), ("91", "90", [("1", "2")]), ("92", "90", [("1", "1")])]
    assert render(*typed_charter(), numbering=numbering, article_style="run-in", revision=REV) == [
        "Clause ind(left=0) | [BM1#1FIRST#1]: [BM2#2(a) #2]Common.",
        "Clause ind(left=0) | (b) [BM3#3Preferred.#3]",
        "Clause ind(left=0) | [BM4#4SECOND#4]: Intro.",
        "Clause ind(left=0) | [BM5#5THIRD#5]: Intro.",
        "Clause ind(left=0) | (a) [BM6#6Alpha.#6]",
        "Clause ind(left=0) | (b) [BM7#7Beta.#7]"]


def level_texts(numbering) -> list[tuple[str, str]]:
    data = docx.render(doc(P("x"), numbering=numbering))
    abstract = [a for a in part(data, "word/numbering.xml").iter(W + "abstractNum")
                if a.get(W + "abstractNumId") == "90"][0]
    return [(lvl.find(W + "numFmt").get(W + "val"), lvl.find(W + "lvlText").get(W + "val"))
            for lvl in abstract.iter(W + "lvl")]


def test_dotted_levels_show_the_numbers_above_them():
    """"1.1", "1.1.1" under "1."; "Section 1.01" with its word; a dotted first level alone."""
    assert level_texts(("decimal", "decimal-dotted", "decimal-dotted", "lower-letter")) == [
        ("decimal", "%1."), ("decimal", "%1.%2"), ("decimal", "%1.%2.%3"), ("lowerLetter", "(%4)")]
    assert level_texts(("decimal", "section-zero-dotted", "lower-letter")) == [
        ("decimal", "%1."), ("decimalZero", "Section %1.%2"), ("lowerLetter", "(%3)")]
    assert level_texts(("decimal", "section-dotted", "decimal-zero-dotted")) == [
        ("decimal", "%1."), ("decimal", "Section %1.%2"), ("decimalZero", "%1.%2.%3")]
    assert level_texts(("section-dotted", "decimal-zero-dotted")) == [
        ("decimal", "Section %1"), ("decimalZero", "%1.%2")]
    assert level_texts(("decimal-dotted", "decimal-dotted")) == [("decimal", "%1"), ("decimal", "%1.%2")]
    assert level_texts(("decimal", "lower-letter", "decimal-dotted")) == [
        ("decimal", "%1."), ("lowerLetter", "(%2)"), ("decimal", "%2.%3")]
    assert [docx._dotted_text(["decimal", "decimal-dotted", "decimal-dotted"], n) for n in (1, 2)] == ["%1.%2",
                                                                                                         "%1.%2.%3"]


def dotted(style: str, own: str):
    """Article 1 with 1.1 (its own number "own") holding (a), and 1.2 citing it."""
    word = "Section " if style.startswith("section") else ""
    first = S("a.b", f"{word}1.{own}", f"1.{own}", 2, P("Sub."), S("a.b.c", "(a)", f"1.{own}(a)", 3, P("Deep.")))
    second = S("a.c", f"{word}1.{own[:-1]}2", f"1.{own[:-1]}2", 2,
               P("See ", Ref("a.b.c", text=f"Section 1.{own}(a)"), ", ", Ref("a.b", text=f"Section 1.{own}"), ", ",
                 Ref("a.b.c", form="number", text=f"1.{own}(a)"), ", ", Ref("a.b", form="number", text=f"1.{own}"),
                 " and ", Ref("a.b.c", form="local", text="(a)"), "."))
    return S("a", "1.", "1", 1, first, second, title="Art")


def test_references_to_dotted_sections():
    """A dotted level's field shows the whole "1.1": the article's number is not cited again before it."""
    assert render(dotted("decimal-dotted", "1"), numbering=("decimal", "decimal-dotted", "lower-letter")) == [
        "ArticleHeading num0/90 ind(left=0) | [BM1#1Art#1]",
        "Clause num1/90 ind(left=0) | [BM2#2Sub.#2]",
        "Clause num2/90 ind(left=720) | [BM3#3Deep.#3]",
        f"Clause num1/90 ind(left=0) | [BM4#4See Section{NB}{{ REF BM2 \\n \\h |1.1}}{WJ}{{ REF BM3 \\n \\h |(a)}}, "
        f"Section{NB}{{ REF BM2 \\n \\h |1.1}}, {{ REF BM2 \\n \\h |1.1}}{WJ}{{ REF BM3 \\n \\h |(a)}}, "
        f"{{ REF BM2 \\n \\h |1.1}} and {{ REF BM3 \\n \\h |(a)}}.#4]"]


def test_references_to_sections_whose_number_has_its_word():
    """A "Section 1.01" level's paragraph number shows the word, so its field cites it with the word;
    a reference without the word ("1.01(a)") is written as text."""
    numbering = ("decimal", "section-zero-dotted", "lower-letter")
    assert render(dotted("section-zero-dotted", "01"), numbering=numbering)[3] == (
        f"Clause num1/90 ind(left=0) | [BM4#4See {{ REF BM2 \\n \\h |Section{NB}1.01}}{WJ}{{ REF BM3 \\n \\h |(a)}}, "
        f"{{ REF BM2 \\n \\h |Section{NB}1.01}}, 1.01(a), 1.01 and {{ REF BM3 \\n \\h |(a)}}.#4]")
    # A redline's are text, dotted or not.
    assert render(dotted("section-zero-dotted", "01"), numbering=numbering, revision=REV)[3] == (
        f"Clause ind(left=0) | Section{NB}1.02 [BM4#4See Section{NB}1.01(a), Section{NB}1.01, 1.01(a), 1.01 and (a).#4]")


def deep_dotted():
    """1.1.1 under 1.1 under article 1, with (a) under it; 1.2 cites them."""
    ccc = S("a.b.c", "1.1.1", "1.1.1", 3, P("Deep."), S("a.b.c.d", "(a)", "1.1.1(a)", 4, P("Deepest.")))
    cites = S("a.c", "1.2", "1.2", 2, P("See ", Ref("a.b.c.d", text="Section 1.1.1(a)"), ", ",
                                        Ref("a.b.c", form="number", text="1.1.1"), " and ",
                                        Ref("a.b.c", form="local", text="1.1.1"), "."))
    return S("a", "1.", "1", 1, S("a.b", "1.1", "1.1", 2, P("Sub."), ccc), cites, title="Art")


def test_references_to_a_section_under_two_dotted_levels():
    """The deepest dotted level's field shows the whole "1.1.1": neither 1 nor 1.1 is cited before it."""
    assert render(deep_dotted(), numbering=("decimal", "decimal-dotted", "decimal-dotted", "lower-letter"))[4] == (
        f"Clause num1/90 ind(left=0) | [BM5#5See Section{NB}{{ REF BM3 \\n \\h |1.1.1}}{WJ}{{ REF BM4 \\n \\h |(a)}}, "
        f"{{ REF BM3 \\n \\h |1.1.1}} and {{ REF BM3 \\n \\h |1.1.1}}.#5]")


def test_a_typed_article_with_a_title_runs_it_in_before_its_sub_sections():
    article = S("c.first", "FIRST:", "FIRST", 1, S("c.first.a", "(a)", "FIRST(a)", 2, P("Common.")), title="Stock")
    assert render(article, numbering=("ordinal-word", "lower-letter"), article_style="run-in") == [
        "Clause ind(left=0) | [BM1#1FIRST#1]: bu:Stock. ", "Clause num1/90 ind(left=0) | [BM2#2Common.#2]"]


def test_a_reference_without_its_word_to_a_section_whose_number_has_it_is_its_text():
    """"1.01(a)(i)" as text, its marks kept and its levels held together; a reference with no text, nothing."""
    deepest = S("a.b.c.i", "(i)", "1.01(a)(i)", 4, P("Deepest."))
    sub = S("a.b", "Section 1.01", "1.01", 2, P("Sub."), S("a.b.c", "(a)", "1.01(a)", 3, P("Deep."), deepest))
    cites = S("a.c", "Section 1.02", "1.02", 2, P("See ", Ref("a.b.c.i", form="number", text="1.01(a)(i)",
                                                              marks=frozenset("b")), ", ", Ref("a.b.c.i", form="number"),
                                                  "."))
    assert render(S("a", "1.", "1", 1, sub, cites, title="Art"),
                  numbering=("decimal", "section-zero-dotted", "lower-letter", "lower-roman"))[-1] == (
        f"Clause num1/90 ind(left=0) | [BM5#5See b:1.01(a){WJ}(i), .#5]")


def test_the_footnote_styles_hold_no_stray_text():
    data = docx.render(doc(P("Amended.", Note([T("By Amendment No. 1.")], number=1))))
    styles = {s.get(W + "styleId"): s for s in part(data, "word/styles.xml").iter(W + "style")}
    for name in ("FootnoteReference", "FootnoteText"):
        assert all(e.text is None and e.tail is None for e in styles[name].iter()), name
