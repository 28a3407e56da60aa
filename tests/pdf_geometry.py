"""What a PDF draws, read with pdfplumber: words with their boxes, and the horizontal rules.

Engine-neutral on purpose: a rule is any horizontal stroke, whether the engine drew it as a line
or as a thin filled rectangle (ReportLab and WeasyPrint differ; so do versions of each), and the
words are where the glyphs are, whatever objects carry them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Rule:
    x0: float
    x1: float
    y: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Page:
    number: int
    height: float
    words: list[Word]
    rules: list[Rule]


def pages(path: Path) -> list[Page]:
    import pdfplumber

    found = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
                     for w in page.extract_words(keep_blank_chars=False, x_tolerance=1.5)]
            rules = [Rule(line["x0"], line["x1"], (line["top"] + line["bottom"]) / 2) for line in page.lines
                     if abs(line["top"] - line["bottom"]) < 1.5]
            rules += [Rule(rect["x0"], rect["x1"], (rect["top"] + rect["bottom"]) / 2) for rect in page.rects
                      if rect["bottom"] - rect["top"] < 2.5 and rect["x1"] - rect["x0"] > 2]
            found.append(Page(number, float(page.height), words, rules))
    return found


def _spans(rule: Rule, word: Word, share: float = 0.6) -> bool:
    """The rule runs under or through at least ``share`` of the word's width."""
    overlap = min(rule.x1, word.x1) - max(rule.x0, word.x0)
    return overlap >= share * (word.x1 - word.x0)


def underlined(word: Word, rules: list[Rule]) -> bool:
    """A rule just under the word: its lowest quarter, or up to 3 pt below it."""
    return any(_spans(r, word) and word.top + 0.75 * word.height <= r.y <= word.bottom + 3 for r in rules)


def struck(word: Word, rules: list[Rule]) -> bool:
    """A rule through the middle of the word."""
    return any(_spans(r, word) and word.top + 0.3 * word.height <= r.y <= word.top + 0.72 * word.height
               for r in rules)


def crossing(page: Page) -> list[tuple[Word, Rule]]:
    """Rules that run through a word (not under it): what no page but a redline may have."""
    return [(w, r) for w in page.words for r in page.rules
            if min(r.x1, w.x1) - max(r.x0, w.x0) > 1 and w.top + 0.25 * w.height < r.y < w.top + 0.7 * w.height]


def phrase(page: Page, text: str) -> list[list[Word]]:
    """Every run of consecutive words on the page that reads ``text`` (words split on spaces)."""
    wanted = text.split()
    runs = []
    for i in range(len(page.words) - len(wanted) + 1):
        if [w.text for w in page.words[i:i + len(wanted)]] == wanted:
            runs.append(page.words[i:i + len(wanted)])
    return runs


def on_line(page: Page, rule: Rule, tolerance: float = 4) -> list[Word]:
    """The words whose baseline region is level with the rule, left to right."""
    return sorted((w for w in page.words if w.top - tolerance <= rule.y <= w.bottom + tolerance),
                  key=lambda w: w.x0)


def blank_rules_or_underscores(page: Page, word: Word, length: float = 100) -> bool:
    """A line to fill in right after ``word`` on its line, drawn as a rule or typed as underscores."""
    for rule in page.rules:
        if rule.x0 >= word.x1 - 1 and abs(rule.y - word.bottom) <= 5 and rule.width >= length:
            return True
    return any(set(w.text) == {"_"} and w.x0 >= word.x1 - 1 and abs(w.top - word.top) <= 3
               and w.x1 - w.x0 >= length for w in page.words)
