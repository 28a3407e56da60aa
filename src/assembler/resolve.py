"""Resolve: number every section, turn references into text, index terms and blanks.

Numbering styles are passed in by name from the assembly, one per level, so
the same code numbers "1.", "(a)", "(i)", "(A)" for an agreement and
"FIRST:", "1." for a charter.
"""
from __future__ import annotations

from typing import Callable

from .errors import BrokenReferenceError, ClauseError
from .tree import Blank, Def, Document, Ref, Section, Signature, Text, inlines_of, notes, origin_name, walk

ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
ORDINAL_WORDS = ["FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH",
                 "NINTH", "TENTH", "ELEVENTH", "TWELFTH", "THIRTEENTH", "FOURTEENTH",
                 "FIFTEENTH", "SIXTEENTH", "SEVENTEENTH", "EIGHTEENTH", "NINETEENTH", "TWENTIETH"]


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (the legal convention, not spreadsheet columns)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


# Each style gives (label as printed, the piece used inside a reference number).
STYLES: dict[str, Callable[[int], tuple[str, str]]] = {
    "decimal": lambda n: (f"{n}.", f"{n}"),
    "lower-letter": lambda n: (f"({letters(n)})", f"({letters(n)})"),
    "lower-roman": lambda n: (f"({roman(n)})", f"({roman(n)})"),
    "upper-letter": lambda n: (f"({letters(n).upper()})", f"({letters(n).upper()})"),
    "ordinal-word": lambda n: (f"{ORDINAL_WORDS[n - 1]}:", ORDINAL_WORDS[n - 1]),
}
# Dotted styles: the label is the whole number, the parent's then a dot then its own ("1.1", "2.03",
# "1.1.1"), and a reference reads it the same way ("Section 2.03(b)").
# The section- styles put the word before the number, as "Section 1.01" agreements label theirs.
DOTTED = {"decimal-dotted": "{}", "decimal-zero-dotted": "{:02}", "section-dotted": "{}", "section-zero-dotted": "{:02}"}
LABEL_WORD = {"section-dotted": "Section ", "section-zero-dotted": "Section "}


def resolve(document: Document, strict: bool = True, cited: dict[str, Section] | None = None) -> Document:
    """Not strict: a broken reference prints as "[missing: id]" and is left for lint to report.
    ``cited``: the sections of another document this one refers to (see ``fill_references``)."""
    for style in document.numbering:
        if style not in STYLES and style not in DOTTED:
            raise ClauseError(f"names an unknown numbering style '{style}'", field=document.name,
                              hint="known: " + ", ".join([*STYLES, *DOTTED]))
    document.sections = {}
    _number(document, document.blocks, level=1, prefix="")
    fill_references(document, strict, cited)
    _index(document)
    for number, note in enumerate(notes(document.blocks), 1):
        note.number = number
    for block in walk(document.blocks):
        if isinstance(block, Signature):
            block.conformed = document.conformed
    return document


def _number(document: Document, blocks, level: int, prefix: str):
    count = 0
    for block in blocks:
        if not isinstance(block, Section):
            continue
        if level > len(document.numbering):
            raise ClauseError(f"nests section '{block.id}' {level} levels deep; the numbering style "
                              f"has {len(document.numbering)} levels", file=block.clause)
        if block.id in document.sections:
            raise ClauseError(f"uses the section id '{block.id}' twice", file=block.clause,
                              hint=f"also in {document.sections[block.id].clause}")
        count += 1
        style = document.numbering[level - 1]
        if style in DOTTED:
            own = DOTTED[style].format(count)
            block.level, block.number = level, f"{prefix}.{own}" if prefix else own
            block.label = LABEL_WORD.get(style, "") + block.number
        else:
            label, piece = STYLES[style](count)
            block.level, block.label = level, label
            block.number = prefix + piece
        document.sections[block.id] = block
        _number(document, block.children, level + 1, block.number)


def fill_references(document: Document, strict: bool = True, cited: dict[str, Section] | None = None):
    """A reference to a section of ``cited`` (another document's) becomes plain text with that
    section's number there: it is no link and no field in this one."""
    for block in walk(document.blocks):
        for run in inlines_of(block):
            for i, item in enumerate(run):
                if isinstance(item, Ref) and item.target not in document.sections and item.target in (cited or {}):
                    run[i] = Text(_reference_text(item, cited[item.target]), item.marks)
                elif isinstance(item, Ref):
                    target = document.sections.get(item.target)
                    if target is None and not strict:
                        item.text = f"[missing: {item.target}]"
                        continue
                    if target is None:
                        raise BrokenReferenceError(
                            f"refers to section '{item.target}', which is not in this document",
                            file=item.clause,
                            hint="switch that section on in the term sheet, or drop the reference")
                    item.text = _reference_text(item, target)


def _reference_text(ref: Ref, target: Section) -> str:
    return {"section": f"Section {target.number}", "number": target.number, "local": target.label}[ref.form]


def _index(document: Document):
    document.definitions = {}
    document.blanks = []
    for i, block in enumerate(document.blocks):
        _index_blocks(document, [block], origin_name(document, i))


def _index_blocks(document: Document, blocks, where: str):
    for block in blocks:
        if isinstance(block, Section):
            _index_blocks(document, block.children, f"Section {block.number}")
            continue
        for run in inlines_of(block):
            for item in run:
                if isinstance(item, Def):
                    document.definitions.setdefault(item.term, where)
                elif isinstance(item, Blank):
                    document.blanks.append((item.name, where))
