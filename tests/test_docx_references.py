"""Each cross-reference in the DOCX points at the section its words cite: every REF field names the
bookmark of the paragraph that carries that number, as Word numbers the list (worked out here from
numbering.xml's levels, independently of the writer), not merely some bookmark."""
from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from assembler import api

from .conftest import EXAMPLE, SECOND

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
WORD_JOINER = "\u2060"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


FORMAT = {"decimal": str, "lowerLetter": lambda n: chr(96 + n), "upperLetter": lambda n: chr(64 + n),
          "lowerRoman": _roman}


def _levels(archive: zipfile.ZipFile) -> dict[tuple[str, int], str]:
    """(numId, level) → the level's number format."""
    root = etree.fromstring(archive.read("word/numbering.xml"))
    abstract = {a.get(f"{{{W}}}abstractNumId"): {int(l.get(f"{{{W}}}ilvl")): l.find("w:numFmt", NS).get(f"{{{W}}}val")
                                                 for l in a.findall("w:lvl", NS)}
                for a in root.findall("w:abstractNum", NS)}
    return {(n.get(f"{{{W}}}numId"), level): fmt for n in root.findall("w:num", NS)
            for level, fmt in abstract[n.find("w:abstractNumId", NS).get(f"{{{W}}}val")].items()}


def _start_overrides(archive: zipfile.ZipFile) -> dict[str, tuple[int, int]]:
    """numId → (level, start) of a list instance that restarts a level (Word's "Restart numbering")."""
    root = etree.fromstring(archive.read("word/numbering.xml"))
    return {n.get(f"{{{W}}}numId"): (int(o.get(f"{{{W}}}ilvl")), int(o.find("w:startOverride", NS).get(f"{{{W}}}val")))
            for n in root.findall("w:num", NS) for o in n.findall("w:lvlOverride", NS)
            if o.find("w:startOverride", NS) is not None}


def _bookmarked_text(p, mark) -> str:
    """The text between a bookmark's start and its end."""
    end = next(e for e in p.iter(f"{{{W}}}bookmarkEnd") if e.get(f"{{{W}}}id") == mark.get(f"{{{W}}}id"))
    inside, text = False, ""
    for node in p.iter(f"{{{W}}}bookmarkStart", f"{{{W}}}bookmarkEnd", f"{{{W}}}t"):
        if node is mark:
            inside = True
        elif node is end:
            break
        elif inside and node.tag == f"{{{W}}}t":
            text += node.text or ""
    return text


def numbered_bookmarks(docx) -> dict[str, tuple[str, str]]:
    """Bookmark name → (the full number of its paragraph, "2(c)(ii)", and its own label, "(ii)"),
    counting the list paragraphs as Word does: a level's count restarts under each higher one, and
    at a list instance's start override the first time that instance is used. A second bookmark in a
    numbered paragraph holds a label typed after the number ("(c) (i) If …"): its number is the
    paragraph's and that label."""
    archive = zipfile.ZipFile(docx)
    formats = _levels(archive)
    overrides = _start_overrides(archive)
    root = etree.fromstring(archive.read("word/document.xml"))
    counts: list[int] = []
    found, used = {}, set()
    for p in root.iter(f"{{{W}}}p"):
        numpr = p.find("w:pPr/w:numPr", NS)
        if numpr is None:
            continue
        num_id = numpr.find("w:numId", NS).get(f"{{{W}}}val")
        level = int(numpr.find("w:ilvl", NS).get(f"{{{W}}}val"))
        counts = (counts + [0] * (level + 1))[:level + 1]
        if num_id in overrides and num_id not in used and overrides[num_id][0] == level:
            counts[level] = overrides[num_id][1] - 1
        used.add(num_id)
        counts[level] += 1
        labels = [FORMAT[formats[(num_id, lvl)]](n) for lvl, n in enumerate(counts)]
        number = labels[0] + "".join(f"({label})" for label in labels[1:])
        own = labels[-1] if level == 0 else f"({labels[-1]})"
        for n, mark in enumerate(p.iter(f"{{{W}}}bookmarkStart")):
            typed = _bookmarked_text(p, mark).strip() if n else ""
            found[mark.get(f"{{{W}}}name")] = (number + typed, typed) if typed else (number, own)
    return found


def reference_groups(docx) -> list[list[tuple[str, str]]]:
    """Each cross-reference as written: its REF fields in order, (bookmark, cached text) each; the
    fields of one reference stand next to each other, joined only by word joiners."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    groups = []
    for p in root.iter(f"{{{W}}}p"):
        current, instruction, cached, state = [], None, "", None
        for r in p.iter(f"{{{W}}}r"):
            char = r.find("w:fldChar", NS)
            if char is not None:
                kind = char.get(f"{{{W}}}fldCharType")
                if kind == "begin":
                    instruction, cached, state = "", "", "instr"
                elif kind == "separate":
                    state = "result"
                elif kind == "end":
                    words = instruction.split()
                    if words and words[0] == "REF":
                        current.append((words[1], cached))
                    state = None
                continue
            text = "".join(r.xpath("w:instrText/text()", namespaces=NS)) if state == "instr" else \
                "".join(r.xpath("w:t/text()", namespaces=NS))
            if state == "instr":
                instruction += text
            elif state == "result":
                cached += text
            elif text.strip(WORD_JOINER):  # words between fields end a reference
                if current:
                    groups.append(current)
                current = []
        if current:
            groups.append(current)
    return groups


@pytest.fixture(scope="module", params=["example", "second deal"])
def built(request, tmp_path_factory):
    sheet = {"example": EXAMPLE, "second deal": SECOND}[request.param]
    out = tmp_path_factory.mktemp("refs")
    api.build(sheet, ("docx",), out, only=("registration-rights-agreement",))
    return out / "registration-rights-agreement.docx"


def test_each_ref_field_names_the_bookmark_of_the_section_its_words_cite(built):
    marks = numbered_bookmarks(built)
    groups = reference_groups(built)
    assert len(groups) >= 25
    checked = 0
    for group in groups:
        cited = "".join(text for _, text in group)
        if len(group) == 1 and cited.startswith("("):  # "(b) above": the sub-section's own label
            name, text = group[0]
            assert marks[name][1] == text, f"«{text}» names the bookmark of {marks[name][0]}"
            checked += 1
            continue
        for i, (name, text) in enumerate(group):
            prefix = "".join(t for _, t in group[:i + 1])
            assert name in marks, f"«{cited}»: field {i + 1} names no numbered paragraph's bookmark"
            assert marks[name][0] == prefix, f"«{cited}»: field «{text}» names the bookmark of {marks[name][0]}"
            checked += 1
    assert checked >= 40


def test_the_oracle_counts_as_the_agreement_reads(built):
    """The list counting above gives numbers the agreement prints (typed here by hand)."""
    numbers = {number for number, _ in numbered_bookmarks(built).values()}
    assert {"1", "1(a)", "1(a)(i)", "1(a)(iv)", "2(c)(ii)", "3(d)", "6(b)", "11(c)", "11(c)(iii)"} <= numbers


def test_a_reference_to_the_sub_section_run_into_its_parent_reads_as_its_number(tmp_path):
    """A firm's text citing 2(c)(i), which the DOCX runs into 2(c)'s line ("(c) (i) If …", "(i)" typed
    in its bookmark): the fields read "2", "(c)", "(i)" (cached as the bookmark's text, not the whole
    number again), each naming the right bookmark, and LibreOffice shows "Section 2(c)(i)"."""
    from .conftest import docx_texts, flat
    library = tmp_path / "library"
    library.mkdir()
    (library / "overrides.yaml").write_text(
        "registration-rights-agreement:\n  replace:\n    rr.miscellaneous.headings: |\n"
        '      <p>Notices under <ref to="rr.registration.piggyback.notice"/> and cutbacks under '
        '<ref to="rr.registration.piggyback.cutback"/> are as stated there.</p>\n', encoding="utf-8")
    out = tmp_path / "out"
    api.build(EXAMPLE, ("docx",), out, only=("registration-rights-agreement",), library_dirs=(library,))
    docx = out / "registration-rights-agreement.docx"
    marks = numbered_bookmarks(docx)
    cited = [[(marks[name][0], text) for name, text in group] for group in reference_groups(docx)
             if any(marks[name][0] == "2(c)(i)" for name, _ in group)]
    assert cited == [[("2", "2"), ("2(c)", "(c)"), ("2(c)(i)", "(i)")]]
    text = flat(docx_texts([docx], tmp_path / "lo")[docx])
    assert "Notices under Section 2(c)(i) and cutbacks under Section 2(c)(ii) are as stated there." in text
