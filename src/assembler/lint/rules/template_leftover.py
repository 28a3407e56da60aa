"""Template syntax or a missing value printed as "None"."""
from __future__ import annotations

import re

from ...tree import Document
from ..finding import Finding
from ..places import excerpt, texts

NAME = "template-leftover"
SEVERITY = "error"
ABOUT = "template syntax, None or undefined in the output"
SCOPE = "document"

LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|\bundefined\b|\bNone\b(?! of\b)")


def check(document: Document, values: list[str] = ()) -> list[Finding]:
    """A term-sheet value is printed as it is, so text that is a value (a name holding "{{", say)
    is not a leftover."""
    # Matched as the document prints them: markup folds runs of whitespace to one space.
    # The signature page prints names in capitals, and a capital can be longer than its letter
    # ("ß" → "SS"), so the capitals are matched as written too.
    literal = {form for value in values if LEFTOVER.search(value)
               for form in (" ".join(value.split()), " ".join(value.upper().split()))}
    found = []
    for where, printed in texts(document):
        text = printed  # with each value masked (same length, so offsets hold); the excerpt is as printed
        for value in sorted(literal, key=len, reverse=True):
            text = re.sub(re.escape(value), lambda m: "\0" * len(m.group(0)), text, flags=re.I)
        for match in LEFTOVER.finditer(text):
            found.append(Finding(NAME, document.name, where, excerpt(printed, match.start(), match.end()),
                                 f"prints '{match.group(0)}', which is template syntax or a missing value"))
    return found
