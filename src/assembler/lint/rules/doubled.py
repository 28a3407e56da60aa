"""Where a value meets a clause's own words they can say a thing twice: a value ending in a period
before the sentence's own ("Inc.."), "Form" in the value and in the clause ("Form Form S-1")."""
from __future__ import annotations

import re

from ...tree import Document
from ..finding import Finding
from ..places import excerpt, texts

NAME = "doubled"
SEVERITY = "error"
ABOUT = "a word or a punctuation mark twice in a row, e.g. 'Form Form S-1', 'Inc..'"
SCOPE = "document"

# The same word twice ("FORM FORM S-1", "the the", but not "by by-laws"), or the same mark twice
# (",," or ".." but not an ellipsis). Letters only: a blank prints as underscores, and "Inc.," is right.
DOUBLED = re.compile(r"(?<![-'])\b([A-Za-z]+)\s+\1\b(?![-'])|([,;:])\s*\2|(?<!\.)\.\s*\.(?!\.)", re.I)


# Words English repeats on purpose: digits read out ("Zero Point Zero Zero One Cents"), "that that",
# "had had".
REPEATABLE = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "that", "had"}


def check(document: Document, values: list[str] = ()) -> list[Finding]:
    found = []
    for where, text in texts(document):
        for match in DOUBLED.finditer(text):
            if (match.group(1) or "").lower() in REPEATABLE:
                continue
            found.append(Finding(NAME, document.name, where, excerpt(text, match.start(), match.end()),
                                 f"prints '{' '.join(match.group(0).split())}' twice in a row"))
    return found
