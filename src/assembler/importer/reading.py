"""The precedent as the importer reads it: paragraphs with their runs, numbering and marks.

This is the importer's one door onto a Word file. It speaks the importer's small vocabulary
(``Para``, ``Run``, ``Unmapped``) so the recognisers never touch Word's XML. The file is opened by
the DOCX reader ``reconcile`` shares (``assembler.readers``): it refuses a hostile file (zip bomb,
entities, macros, embedded objects, encrypted, oversized, not a DOCX) in one line before anything is
parsed, resolves the revisions, and counts Word's list numbers. What it does not give, the runs'
emphasis, highlighting and content controls, alignment and page breaks, is read here from the same
package with the same parser.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import AssemblerError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
class ImportRefused(AssemblerError):
    """The precedent cannot be imported: not a DOCX, or one we will not open."""


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    highlight: bool = False
    control: str | None = None          # the content control (w:sdt) this run is in: its tag or alias
    comments: tuple[int, ...] = ()      # the comments whose range covers this run


@dataclass
class Para:
    index: int                          # its place among the body's paragraphs, from 1
    runs: list[Run]
    style: str = ""
    align: str | None = None            # "center" when centred
    label: str | None = None            # the number Word's list gives it ("1.", "(a)"), typed numbers aside
    level: int | None = None            # its list level, from 0, when Word numbers it
    page_break: bool = False            # a page break before it
    in_table: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def place(self) -> str:
        words = " ".join(self.text.split())
        return f"paragraph {self.index} («{words[:50]}{'…' if len(words) > 50 else ''}»)"


@dataclass
class Unmapped:
    """Something in the precedent the importer does not turn into markup: a table, an image, a text
    box, a comment, a tracked change. Reported with its place, never dropped silently."""
    kind: str
    place: str
    detail: str = ""


@dataclass
class Precedent:
    path: Path
    paragraphs: list[Para]
    unmapped: list[Unmapped] = field(default_factory=list)
    comments: dict[int, str] = field(default_factory=dict)   # id → the comment's text


def read(path: str | Path) -> Precedent:
    """The precedent's body, in order, with what cannot be mapped listed."""
    from ..readers import read_docx
    from ..readers.safety import open_package

    path = Path(path)
    package = open_package(path)          # refuses a hostile file before anything is parsed
    shared = read_docx(path)
    precedent = _docx(path, package)
    if len(shared.paragraphs) == len(precedent.paragraphs):
        for mine, theirs in zip(precedent.paragraphs, shared.paragraphs):
            _take_label(mine, theirs)
        precedent.unmapped = [u for u in precedent.unmapped if u.kind != "tracked change"]
        for change in shared.changes:
            if change.kind == "format":
                continue
            where = precedent.paragraphs[change.paragraph].place if change.paragraph < len(precedent.paragraphs) \
                else "at the end"
            accepted = "left out" if change.kind in ("delete", "move-from", "paragraph-delete") else "kept"
            words = " ".join(change.text.split())
            precedent.unmapped.append(Unmapped("tracked change", where, f"{change.kind} by {change.author or 'someone'}"
                                               + (f" «{words[:50]}»" if words else "")
                                               + f", imported as accepted ({accepted})"))
    return precedent


def _take_label(mine: Para, theirs) -> None:
    """The shared reader's count of Word's list number, where it gives one (it counts as Word does,
    revisions accepted)."""
    if theirs.numbering != "list" or not theirs.number or not mine.label:
        return
    if mine.runs and mine.runs[0].text == mine.label + " ":
        mine.runs[0] = Run(theirs.number + " ")
    mine.label, mine.level = theirs.number, theirs.level


# -- reading a DOCX ------------------------------------------------------------------------------

def _xml(package, member: str):
    from ..readers.safety import parse_xml

    data = package.get(member)
    return None if data is None else parse_xml(data, member, package.name)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el, tag: str) -> str | None:
    found = el.find(f"w:{tag}", NS) if el is not None else None
    return None if found is None else found.get(_w("val"))


def _flag(rpr, tag: str) -> bool:
    if rpr is None:
        return False
    found = rpr.find(f"w:{tag}", NS)
    return found is not None and found.get(_w("val"), "true") not in ("0", "false", "none")


class _Numbering:
    """Word's list numbers: each paragraph's label from numbering.xml, counted as Word counts."""
    FORMATS = {
        "decimal": str,
        "decimalZero": lambda n: f"{n:02}",
        "lowerLetter": lambda n: _letters(n),
        "upperLetter": lambda n: _letters(n).upper(),
        "lowerRoman": lambda n: _roman(n),
        "upperRoman": lambda n: _roman(n).upper(),
        "ordinalText": lambda n: _ORDINALS[n - 1] if n <= len(_ORDINALS) else str(n),
    }

    def __init__(self, numbering, styles):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        abstract = {}
        if numbering is not None:
            for a in numbering.findall("w:abstractNum", NS):
                lvls = {}
                for lvl in a.findall("w:lvl", NS):
                    lvls[int(lvl.get(_w("ilvl")))] = (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                                                      int(_val(lvl, "start") or 1))
                abstract[a.get(_w("abstractNumId"))] = lvls
            for num in numbering.findall("w:num", NS):
                self.levels[num.get(_w("numId"))] = abstract.get(_val(num, "abstractNumId"), {})
        self.style_numbers: dict[str, tuple[str, int]] = {}
        if styles is not None:
            for style in styles.findall("w:style", NS):
                numpr = style.find("w:pPr/w:numPr", NS)
                if numpr is not None and _val(numpr, "numId"):
                    self.style_numbers[style.get(_w("styleId"))] = (_val(numpr, "numId"), int(_val(numpr, "ilvl") or 0))
        self.counters: dict[str, list[int]] = {}

    def label(self, ppr, style: str) -> tuple[str | None, int | None]:
        numpr = ppr.find("w:numPr", NS) if ppr is not None else None
        num_id, ilvl = None, 0
        if numpr is not None:
            num_id, ilvl = _val(numpr, "numId"), int(_val(numpr, "ilvl") or 0)
        elif style in self.style_numbers:
            num_id, ilvl = self.style_numbers[style]
        if not num_id or num_id == "0" or num_id not in self.levels:
            return None, None
        levels = self.levels[num_id]
        if ilvl not in levels or levels[ilvl][0] in ("bullet", "none"):
            return None, None
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else levels[ilvl][2]
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        text = levels[ilvl][1]
        for k in range(ilvl + 1):
            fmt = levels.get(k, ("decimal", "", 1))[0]
            shown = self.FORMATS.get(fmt, str)(counts[k] or levels.get(k, ("", "", 1))[2])
            text = text.replace(f"%{k + 1}", shown)
        return text, ilvl


_ORDINALS = ["FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH",
             "ELEVENTH", "TWELFTH", "THIRTEENTH", "FOURTEENTH", "FIFTEENTH", "SIXTEENTH", "SEVENTEENTH",
             "EIGHTEENTH", "NINETEENTH", "TWENTIETH"]


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, letters in [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]:
        while n >= value:
            out += letters
            n -= value
    return out


def _docx(path: Path, package) -> Precedent:
    document = _xml(package, "word/document.xml")
    if document is None:
        raise ImportRefused("is not a Word document: it has no word/document.xml", file=str(path))
    numbering = _Numbering(_xml(package, "word/numbering.xml"), _xml(package, "word/styles.xml"))
    comments = {}
    comments_xml = _xml(package, "word/comments.xml")
    if comments_xml is not None:
        for c in comments_xml.findall("w:comment", NS):
            comments[int(c.get(_w("id")))] = " ".join("".join(c.itertext()).split())
    body = document.find("w:body", NS)
    if body is None:
        raise ImportRefused("is not a Word document: its document has no body", file=str(path))
    reading = _Reading(path, numbering, comments)
    reading.blocks(body, in_table=False)
    return Precedent(path, reading.paragraphs, reading.unmapped, comments)


class _Reading:
    def __init__(self, path: Path, numbering: _Numbering, comments: dict[int, str]):
        self.path, self.numbering, self.comments = path, numbering, comments
        self.paragraphs: list[Para] = []
        self.unmapped: list[Unmapped] = []
        self.open_comments: set[int] = set()
        self.seen_comments: set[int] = set()

    def note(self, kind: str, detail: str = "") -> None:
        place = (f"after {self.paragraphs[-1].place}" if self.paragraphs else "at the start")
        self.unmapped.append(Unmapped(kind, place, detail))

    def blocks(self, parent, in_table: bool) -> None:
        for child in parent:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if tag == "p":
                self.paragraph(child, in_table)
            elif tag == "tbl":
                if not in_table:
                    rows = len(child.findall("w:tr", NS))
                    self.note("table", f"{rows} row(s); its cells are imported as paragraphs, the grid is not")
                for cell in child.iter(_w("tc")):
                    self.blocks(cell, in_table=True)
            elif tag == "sdt":
                content = child.find("w:sdtContent", NS)
                if content is not None:
                    self.blocks(content, in_table)

    def paragraph(self, p, in_table: bool) -> None:
        ppr = p.find("w:pPr", NS)
        style = _val(ppr, "pStyle") or ""
        label, level = self.numbering.label(ppr, style)
        para = Para(len(self.paragraphs) + 1, [], style=style, align=_val(ppr, "jc"), label=label, level=level,
                    page_break=ppr is not None and _flag(ppr, "pageBreakBefore"), in_table=in_table)
        self.paragraphs.append(para)
        self.inlines(p, para, control=None)
        if label:  # Word's number leads the text, to be read as a typed one would be
            para.runs.insert(0, Run(label + " "))

    def inlines(self, parent, para: Para, control: str | None, field_depth: list | None = None) -> None:
        fields = field_depth if field_depth is not None else [None]  # the state of a complex field
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            tag = etree.QName(child).localname
            if tag == "r":
                self.run(child, para, control, fields)
            elif tag in ("hyperlink", "smartTag", "customXml", "fldSimple"):
                self.inlines(child, para, control, fields)
            elif tag == "sdt":
                pr = child.find("w:sdtPr", NS)
                name = (_val(pr, "tag") or _val(pr, "alias") or "control") if pr is not None else "control"
                content = child.find("w:sdtContent", NS)
                if content is not None:
                    self.inlines(content, para, name, fields)
            elif tag == "ins":
                self.note("tracked change", f"an insertion by {child.get(_w('author'), 'someone')}, "
                          "imported as accepted")
                self.inlines(child, para, control, fields)
            elif tag in ("del", "moveFrom"):
                self.note("tracked change", f"a deletion by {child.get(_w('author'), 'someone')}, "
                          "imported as accepted (left out)")
            elif tag == "moveTo":
                self.inlines(child, para, control, fields)
            elif tag == "commentRangeStart":
                cid = int(child.get(_w("id")))
                self.open_comments.add(cid)
                if cid not in self.seen_comments:
                    self.seen_comments.add(cid)
                    self.note("comment", f"«{self.comments.get(cid, '')[:60]}»")
            elif tag == "commentRangeEnd":
                self.open_comments.discard(int(child.get(_w("id"))))

    def run(self, r, para: Para, control: str | None, fields: list) -> None:
        rpr = r.find("w:rPr", NS)
        marks = dict(bold=_flag(rpr, "b"), italic=_flag(rpr, "i"),
                     underline=_val(rpr, "u") not in (None, "none") if rpr is not None else False,
                     highlight=(rpr is not None and (rpr.find("w:highlight", NS) is not None
                                                     and _val(rpr, "highlight") != "none"
                                                     or _shaded(rpr))),
                     control=control, comments=tuple(sorted(self.open_comments)))
        for child in r:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if tag == "fldChar":
                kind = child.get(_w("fldCharType"))
                fields[0] = {"begin": "code", "separate": "result", "end": None}.get(kind, fields[0])
            elif tag == "t" and fields[0] != "code":
                # A word joiner only holds a reference's parts on one line ("2(c)⁠(i)"); the house
                # style puts its own back, and a typed reference must read as one.
                para.runs.append(Run((child.text or "").replace("\u2060", ""), **marks))
            elif tag == "tab":
                para.runs.append(Run("\t", **marks))
            elif tag in ("br", "cr"):
                if child.get(_w("type")) == "page":
                    para.page_break = para.page_break or not para.text.strip()
                else:
                    para.runs.append(Run("\n", **marks))
            elif tag == "noBreakHyphen":
                para.runs.append(Run("-", **marks))
            elif tag in ("drawing", "pict", "object"):
                box = child.find(".//" + _w("txbxContent"))
                if box is not None:
                    self.note("text box", f"«{' '.join(''.join(box.itertext()).split())[:60]}»; its text is not imported")
                else:
                    self.note("image", "left out; add it to the house style's template if it belongs there")
            elif tag == "footnoteReference":
                self.note("footnote", "its text is not imported; write it as <note> in the clause")


def _shaded(rpr) -> bool:
    shd = rpr.find("w:shd", NS)
    return shd is not None and (shd.get(_w("fill")) or "auto").lower() not in ("auto", "ffffff", "")
