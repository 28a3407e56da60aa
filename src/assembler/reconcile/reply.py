"""Our next turn: their draft, with the changes we accept made plain and our rejections written as
tracked changes under our author name; the changes we leave undecided stay as they were.

A rejected change that they tracked is turned round: what they inserted we delete and what they
deleted we insert back, each as our own revision, so their redline becomes ours. A rejected change
they made without tracking is redlined word by word from their text back to ours.
"""
from __future__ import annotations

import copy
import difflib
import io
import re
import zipfile

from lxml import etree

from ..readers import comparable
from ..readers.docx import BODY, CUSTOMXML, P, SDT, SDTCONTENT, TBL, TC, TR, w
from ..readers.safety import parse_xml
from ..writers.docx import _bookmark_name
from .units import as_paragraphs, numbers_of, of_tree, paragraph_text

INS, DEL, MOVEFROM, MOVETO = w("ins"), w("del"), w("moveFrom"), w("moveTo")
T, DELTEXT, INSTR, DELINSTR = w("t"), w("delText"), w("instrText"), w("delInstrText")
DATE = "2000-01-01T00:00:00Z"


def paragraph_elements(body):
    """The body's paragraphs in the reader's order (table cells and content controls included)."""
    for child in body:
        if child.tag == P:
            yield child
        elif child.tag == TBL:
            for row in child.iter(TR):
                for cell in row.iterchildren(TC):
                    yield from paragraph_elements(cell)
        elif child.tag in (SDT, SDTCONTENT, CUSTOMXML, INS, DEL, MOVEFROM, MOVETO):
            yield from paragraph_elements(child)


def reply(result, decisions: dict[str, str] | None, author: str, date: str | None = None) -> bytes:
    draft = result.context.draft
    parts = dict(draft.parts)
    root = parse_xml(parts["word/document.xml"], "word/document.xml", draft.name)
    elements = list(paragraph_elements(root.find(BODY)))
    marker = _Marker(author, date or DATE)
    chosen = decisions if decisions is not None else {c.id: "accept" for c in result.changes}
    accepted = result.apply({k: v for k, v in chosen.items() if v == "accept"})
    built = accepted.build() or result.document
    numbers = numbers_of(built)
    # Our paragraphs as the DOCX holds them: "(c) (i) If …" is one paragraph of two sections.
    ours = as_paragraphs(of_tree(built))
    theirs: dict[str, list] = {}
    for unit in result.their_units:
        theirs.setdefault(unit.owner, []).append(unit)
    done: set[int] = set()
    for change in result.changes:
        decision = chosen.get(change.id)
        if decision not in ("accept", "reject"):
            continue  # undecided: left as they wrote it
        indexes = _physical(result, change, theirs) - done
        done |= indexes
        paragraphs = [elements[i] for i in sorted(indexes)]
        if decision == "accept":
            for p in paragraphs:
                _accept(p)
        elif any(_revisions(p) for p in paragraphs):
            for p in paragraphs:
                marker.turn_round(p)
        elif not paragraphs and change.kind in ("switch", "deleted-section"):
            _put_back(result, change, built, theirs, elements, marker, parts)
        else:
            owners = set(change.owners)
            mine = [paragraph_text(group, numbers) for group in ours if any(u.owner in owners for u in group)]
            marker.redline(paragraphs, mine)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _put_back(result, change, built, theirs, elements, marker, parts: dict) -> None:
    """A section they deleted without tracking, and we keep: our paragraphs of it inserted back,
    as our tracked insertion, after the paragraph of theirs that stands before it (each stretch of
    them: a switch may take out sections in several places)."""
    from .units import ancestry
    draft = result.context.draft
    chains = ancestry(built)
    gone = set(change.sections)
    units = as_paragraphs(of_tree(built))  # "(c) (i) If …", two sections' units, is put back as one paragraph
    numbers = numbers_of(built)
    mine = [k for k, group in enumerate(units)
            if any(u.owner in gone or gone & set(chains.get(u.owner, [])) for u in group)]
    stretches: list[list[int]] = []
    for k in mine:
        if stretches and stretches[-1][-1] == k - 1:
            stretches[-1].append(k)
        else:
            stretches.append([k])
    for stretch in stretches:
        before = next((units[k][-1].owner for k in range(stretch[0] - 1, -1, -1) if units[k][-1].owner in theirs),
                      None)
        if before is None:
            continue
        last = theirs[before][-1]
        anchor = elements[max(draft.proposed[last.source].sources)]
        restarted: dict[str, str] = {}  # parent run into → the list instance its later sub-sections are in
        for k in stretch:
            unit = units[k][0]
            p = etree.Element(P)
            ppr = _model_ppr(result, built, unit, theirs, elements, anchor)
            parent = next((o for o in restarted if o in chains.get(unit.owner, [])[:-1]), None)
            numpr = ppr.find(f"{w('numPr')}/{w('numId')}")
            if parent and numpr is not None:  # "(ii)" after "(c) (i) If …", whose "(i)" is typed
                numpr.set(w("val"), restarted[parent] or numpr.get(w("val")))
            if len(units[k]) > 1:
                joined = units[k][1]
                level = built.sections[joined.owner].level
                restarted[unit.owner] = _restarted_list(parts, _model_num(result, built, level, theirs, elements),
                                                        level - 1, 2, draft.name)
            p.append(ppr)
            marker.words_into(p, paragraph_text(units[k], numbers))
            marker.mark(p, INS)
            anchor.addnext(p)
            anchor = p


def _model_num(result, built, level: int, theirs, elements) -> str | None:
    """The list instance (numId) of a numbered heading of theirs at ``level``."""
    draft = result.context.draft
    for owner, units in theirs.items():
        if owner in built.sections and built.sections[owner].level == level and units[0].heading \
                and units[0].source is not None:
            num = elements[draft.proposed[units[0].source].sources[0]].find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
            if num is not None:
                return num.get(w("val"))
    return None


def _restarted_list(parts: dict, num_id: str | None, ilvl: int, start: int, draft_name: str) -> str | None:
    """A new list instance of ``num_id``'s list whose level ``ilvl`` starts at ``start`` (Word's
    "Restart numbering"), added to their numbering part; its numId, or None if there is none to copy."""
    if num_id is None or "word/numbering.xml" not in parts:
        return None
    root = parse_xml(parts["word/numbering.xml"], "word/numbering.xml", draft_name)
    nums = root.findall(w("num"))
    model = next((n for n in nums if n.get(w("numId")) == num_id), None)
    if model is None or model.find(w("abstractNumId")) is None:
        return None
    new_id = str(max(int(n.get(w("numId"))) for n in nums) + 1)
    num = etree.SubElement(root, w("num"))
    num.set(w("numId"), new_id)
    abstract = etree.SubElement(num, w("abstractNumId"))
    abstract.set(w("val"), model.find(w("abstractNumId")).get(w("val")))
    override = etree.SubElement(num, w("lvlOverride"))
    override.set(w("ilvl"), str(ilvl))
    etree.SubElement(override, w("startOverride")).set(w("val"), str(start))
    parts["word/numbering.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return new_id


def _model_ppr(result, built, unit, theirs, elements, anchor):
    """Paragraph properties for a paragraph put back: a numbered heading takes those of a heading of
    theirs at its level (so Word's list numbers it); other paragraphs those of the paragraph before."""
    draft = result.context.draft
    if unit.heading and unit.owner in built.sections:
        level = built.sections[unit.owner].level
        for owner, units in theirs.items():
            if owner in built.sections and built.sections[owner].level == level and units[0].heading \
                    and units[0].source is not None:
                model = elements[draft.proposed[units[0].source].sources[0]].find(w("pPr"))
                if model is not None:
                    return _clean(copy.deepcopy(model))
    model = anchor.find(w("pPr"))
    ppr = _clean(copy.deepcopy(model)) if model is not None else etree.Element(w("pPr"))
    for numpr in ppr.findall(w("numPr")):
        ppr.remove(numpr)
    return ppr


def _clean(ppr):
    for gone in ppr.findall(w("rPr")) + ppr.findall(w("pPrChange")):
        ppr.remove(gone)
    return ppr


def _physical(result, change, theirs) -> set[int]:
    """The file's paragraphs a change is in: those of its owners' paragraphs as proposed, and for a
    section they deleted whole, the paragraphs from its bookmark on that are gone as proposed."""
    draft = result.context.draft
    found: set[int] = set()
    for owner in change.owners:
        for unit in theirs.get(owner, []):
            if unit.source is not None:
                found.update(draft.proposed[unit.source].sources)
    if change.kind in ("switch", "deleted-section", "moved-section"):
        gone = set(change.sections)
        starts = {draft.bookmarks.get(_bookmark_name(sid)) for sid in gone} - {None}
        names = {_bookmark_name(s): s for s in result.document.sections}
        for start in sorted(starts):
            index = start
            while index < len(draft.paragraphs):
                paragraph = draft.paragraphs[index]
                others = [names[b] for b in paragraph.bookmarks if b in names and names[b] not in gone]
                if index > start and others:
                    break
                if paragraph.proposed_text.strip() and paragraph.mark != "delete":
                    break
                found.add(index)
                index += 1
    return found


def _revisions(p) -> list:
    return [e for e in p.iter(INS, DEL, MOVEFROM, MOVETO)]


def _accept(p) -> None:
    """Their revisions in this paragraph, accepted: insertions plain, deletions gone, a deleted
    paragraph mark joining it to the next."""
    for element in list(p.iter(DEL, MOVEFROM)):
        if element.getparent() is not None and element.getparent().tag != w("rPr"):
            element.getparent().remove(element)
    for element in list(p.iter(INS, MOVETO)):
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag == w("rPr"):
            parent.remove(element)
            continue
        at = parent.index(element)
        for k, child in enumerate(list(element)):
            parent.insert(at + k, child)
        parent.remove(element)
    for change in list(p.iter(w("pPrChange"), w("rPrChange"))):
        change.getparent().remove(change)
    mark = p.find(f"{w('pPr')}/{w('rPr')}")
    gone = mark is not None and (mark.find(DEL) is not None or mark.find(MOVEFROM) is not None)
    if mark is not None:
        for element in list(mark.iter(DEL, MOVEFROM)):
            mark.remove(element)
    if gone:
        following = p.getnext()
        content = [c for c in p if c.tag != w("pPr")]
        if following is not None and following.tag == P:
            at = 1 if following.find(w("pPr")) is not None else 0
            for k, child in enumerate(content):
                following.insert(at + k, child)
        if p.getparent() is not None:
            p.getparent().remove(p)


class _Marker:
    """Writes our revisions, each with its own id, under our author name."""

    def __init__(self, author: str, date: str):
        self.author, self.date = author, date
        self.next_id = 50000

    def _stamp(self, element) -> None:
        self.next_id += 1
        element.set(w("id"), str(self.next_id))
        element.set(w("author"), self.author)
        element.set(w("date"), self.date)

    def turn_round(self, p) -> None:
        """Their insertions become our deletions, their deletions our insertions."""
        swaps = {INS: DEL, MOVETO: DEL, DEL: INS, MOVEFROM: INS}
        for element in list(p.iter(INS, DEL, MOVEFROM, MOVETO)):
            new = swaps[element.tag]
            element.tag = new
            self._stamp(element)
            if element.getparent() is not None and element.getparent().tag == w("rPr"):
                continue  # a paragraph mark: its text needs no change
            for text in element.iter(T, DELTEXT, INSTR, DELINSTR):
                if new == DEL:
                    text.tag = DELTEXT if text.tag == T else DELINSTR if text.tag == INSTR else text.tag
                else:
                    text.tag = T if text.tag == DELTEXT else INSTR if text.tag == DELINSTR else text.tag

    def redline(self, paragraphs: list, mine: list[str]) -> None:
        """Untracked paragraphs of theirs redlined back to our words, paragraph by paragraph."""
        for k, p in enumerate(paragraphs):
            if k < len(mine):
                self._words(p, _text(p), mine[k])
            else:  # a paragraph we do not have: deleted whole, mark and all
                self._words(p, _text(p), "")
                self._mark(p, DEL)
        last = paragraphs[-1] if paragraphs else None
        for text in mine[len(paragraphs):]:
            if last is None:
                break
            p = etree.Element(P)
            ppr = copy.deepcopy(last.find(w("pPr"))) if last.find(w("pPr")) is not None else etree.Element(w("pPr"))
            for gone in ppr.findall(w("numPr")) + ppr.findall(w("rPr")):
                ppr.remove(gone)
            p.append(ppr)
            self._words(p, "", text)
            self._mark(p, INS)
            last.addnext(p)
            last = p

    def mark(self, p, tag: str) -> None:
        self._mark(p, tag)

    def words_into(self, p, text: str) -> None:
        self._words(p, "", text)

    def _mark(self, p, tag: str) -> None:
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            p.insert(0, ppr)
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, w("rPr"))
        element = etree.SubElement(rpr, tag)
        self._stamp(element)

    def _words(self, p, theirs: str, mine: str) -> None:
        keep = [c for c in p if c.tag in (w("pPr"), w("bookmarkStart"))]
        out = _Ends(p)  # each bookmark ends where it ended in their words: "(i)" of "(c) (i) If …" holds "(i)"
        for child in list(p):
            p.remove(child)
        for child in keep:
            p.append(child)
        if comparable(theirs) == comparable(mine):
            out.kept(theirs)
            out.rest()
            return
        # Words are compared as comparable() reads them ("Rule\u00a0145" is "Rule 145"), and their
        # words we keep are written as they wrote them, no-break spaces and word joiners included.
        a, b = _Words(theirs), _Words(mine)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a.keys, b.keys, autojunk=False).get_opcodes():
            if tag == "equal":
                if i1 == 0 and j1 > 0:
                    p.append(_run(" "))  # after our words put before all of theirs
                out.kept(a.text(i1, i2))
                continue
            out.reached()  # a bookmark ending where a change starts ends before it
            if i2 > i1:
                gone = etree.SubElement(p, DEL)
                self._stamp(gone)
                gone.append(_run(a.text(i1, i2), deleted=True))
                out.deleted(a.text(i1, i2))
            if j2 > j1:
                came = etree.SubElement(p, INS)
                self._stamp(came)
                came.append(_run((" " if j1 == 0 and i1 > 0 else "") + b.text(j1, j2)))
        out.kept(a.tail)
        out.rest()


class _Words:
    """A paragraph's words as the reply compares them; ``text`` gives them back as written."""

    def __init__(self, text: str):
        found = list(re.finditer(r"\S+", text))
        self.keys = [comparable(m.group(0)) for m in found]
        self._text, self._ends = text, [m.end() for m in found]
        self.tail = text[self._ends[-1]:] if found else text

    def text(self, i1: int, i2: int) -> str:
        """Words ``i1`` to ``i2`` with the spaces before the first, as written."""
        return self._text[self._ends[i1 - 1] if i1 > 0 else 0:self._ends[i2 - 1]]


class _Ends:
    """A paragraph's bookmark ends, put back at the place in their text where each stood while the
    paragraph is written again from that text: inside words kept, else after the words deleted."""

    def __init__(self, p):
        self.p, self.at, self.ends = p, 0, []
        for child in p:
            if child.tag == w("bookmarkEnd"):
                self.ends.append((self.at, child))
            else:
                self.at += sum(len(t.text or "") for t in child.iter(T))
        self.at = 0

    def kept(self, text: str) -> None:
        start = 0
        while self.ends and self.ends[0][0] < self.at + len(text):
            cut = max(self.ends[0][0] - self.at, start)
            if cut > start:
                self.p.append(_run(text[start:cut]))
            self.p.append(self.ends.pop(0)[1])
            start = cut
        if start < len(text):
            self.p.append(_run(text[start:]))
        self.at += len(text)

    def reached(self) -> None:
        while self.ends and self.ends[0][0] <= self.at:
            self.p.append(self.ends.pop(0)[1])

    def deleted(self, text: str) -> None:
        self.at += len(text)
        while self.ends and self.ends[0][0] < self.at:
            self.p.append(self.ends.pop(0)[1])

    def rest(self) -> None:
        for _, end in self.ends:
            self.p.append(end)


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(T))


def _run(text: str, deleted: bool = False):
    r = etree.Element(w("r"))
    t = etree.SubElement(r, DELTEXT if deleted else T)
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r
