"""A number in words and in figures that disagree: "thirty (31)"."""
from __future__ import annotations

import re

from ... import style
from ...tree import Document
from ..finding import Finding
from ..places import excerpt, texts

NAME = "words-numerals-mismatch"
SEVERITY = "error"
ABOUT = "a number in words and in figures that disagree, e.g. ten (11)"
SCOPE = "document"

# Number words as the style writes them (num2words), not typed here: 0 to 99, and the scales.
SMALL = {style.words(n): n for n in range(100)}
SCALES = {style.words(10 ** k).split()[-1]: 10 ** k for k in (2, 3, 6, 9, 12, 15)}  # hundred … quadrillion
NUMBER_WORDS = {part for word in [*SMALL, *SCALES] for part in word.split("-")} | {"and"}
FIGURES_IN_PARENTHESES = re.compile(r"\(\d")
# Up to 40 words before the figures: "nine hundred and ninety-nine thousand, nine hundred and …" is long.
IN_WORDS_AND_FIGURES = re.compile(r"((?:\b[a-zA-Z]+,?[\s-]+){1,40})\((\d[\d,]*)\)")


def check(document: Document, values: list[str] = ()) -> list[Finding]:
    found = []
    for where, text in texts(document):
        if not FIGURES_IN_PARENTHESES.search(text):  # most text has none, and the full pattern backtracks
            continue
        for match in IN_WORDS_AND_FIGURES.finditer(text):
            written = []  # the number words right before the figures, as written ("thousand," keeps its comma)
            for token in reversed(match.group(1).strip().lower().split()):
                if not all(part in NUMBER_WORDS for part in token.rstrip(",").split("-")):
                    break
                written.insert(0, token)
            while written and written[0].rstrip(",") == "and":
                written.pop(0)
            if not written:
                continue
            figures = int(match.group(2).replace(",", ""))
            if words_value([token.rstrip(",") for token in written]) != figures:
                found.append(Finding(NAME, document.name, where, excerpt(text, match.start(), match.end()),
                                     f"says {' '.join(written)} in words but {match.group(2)} in figures "
                                     f"({style.words(figures)})"))
    return found


def words_value(words: list[str]) -> int | None:
    """["one", "hundred", "and", "twenty"] → 120."""
    total = current = 0
    for word in " ".join(words).replace(" and ", " ").split():
        if word in SCALES and SCALES[word] == 100:
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            current += SMALL.get(word, 0)
    return total + current
