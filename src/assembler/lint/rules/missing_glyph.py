"""A term-sheet value holding a character none of the PDF's shipped fonts draws (Korean, say, or an
emoji newer than Symbola): the PDF would print nothing, or the machine's own font, in its place."""
from __future__ import annotations

import unicodedata

from ...termsheet import TermSheet, dotted
from ..finding import Finding
from ..places import excerpt, strings

NAME = "missing-glyph"
SEVERITY = "error"
ABOUT = "a character no font the PDF carries can draw, which the PDF would lose"
SCOPE = "pdf"  # a term-sheet rule, run when a PDF is to be written (and by `check`)


def check(sheet: TermSheet) -> list[Finding]:
    from ...writers.pdf import missing, replacement

    found = []
    for path, value in strings(sheet.data, everything=True):
        lost = missing(value)
        if not lost:
            continue
        named = ", ".join(f"'{char}' (U+{ord(char):04X}, {unicodedata.name(char, 'unnamed')})" for char in lost[:4])
        more = f" and {len(lost) - 4} more" if len(lost) > 4 else ""
        at = value.index(lost[0])
        found.append(Finding(NAME, "term sheet", dotted(path), excerpt(value, at, at + 1, 20),
                             f"has {named}{more}, which no font the PDF carries draws; spell it otherwise, or "
                             f"build with --draft to print each as its code, e.g. {replacement(lost[0])}",
                             file=str(sheet.path), line=sheet.line_of(path)))
    return found
