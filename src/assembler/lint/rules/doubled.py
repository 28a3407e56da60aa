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
    # Values as the document prints them (whitespace folded); what a value says twice is the value's.
    shown = sorted({" ".join(value.split()).lower() for value in values if value and value.strip()}, key=len)
    for where, text in texts(document):
        for match in DOUBLED.finditer(text):
            if (match.group(1) or "").lower() in REPEATABLE or _inside_a_value(text, match, shown):
                continue
            found.append(Finding(NAME, document.name, where, excerpt(text, match.start(), match.end()),
                                 f"prints '{' '.join(match.group(0).split())}' twice in a row"))
    return found


def _inside_a_value(text: str, match: re.Match, values: list[str]) -> bool:
    """Whether the doubling lies wholly inside one printed value ("Rock Rock Capital"), rather than
    where a value meets the clause's own words ("Inc." then the sentence's period)."""
    lowered = text.lower()
    for value in values:
        if len(value) < match.end() - match.start():
            continue
        # Found from the first place the value could start and still reach the doubling's end, it
        # holds the doubling if it starts no later than the doubling does.
        start = lowered.find(value, max(0, match.end() - len(value)))
        if start != -1 and start <= match.start():
            return True
    return False
