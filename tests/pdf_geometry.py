"""What a PDF draws, read with pdfplumber: words with their boxes, and the horizontal rules.

Engine-neutral on purpose: a rule is any horizontal stroke, whether the engine drew it as a line
or as a thin filled rectangle (ReportLab and WeasyPrint differ; so do versions of each), and the
words are where the glyphs are, whatever objects carry them.
"""
from __future__ import annotations

import functools
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


# -- the page rules (issue 23): each takes a PDF's path and gives its violations ------------------
#
# Engine-neutral, like the rest of this module: the rules read the glyphs where they are, so that a
# DOCX laid out by LibreOffice is measured by the same functions as our own PDF. What they assume is
# only what every page of ours has: a body inside one-inch margins at the sides and the top, a
# running foot (footer text, page number) in the bottom margin, a body text of 12 pt on a 15 pt
# line, footnotes in a smaller size at the foot of the body.

import re as _re

BODY_TOP = 66          # a running head (a letter's continuation heading) ends above this
FOOT = 76              # the running foot starts this far above the bottom edge
PITCH = 16.5           # lines of one paragraph are 15 pt apart (LibreOffice: up to 16)
SPACE = 3.0            # the normal word space of a 12 pt serif (0.25 em)
LOOSE = 2 * SPACE      # rule 7's bound: no word space wider than twice the normal one
SLACK = 2.0            # rule 1: a justified line reaches its paragraph's right edge within 2 pt
LABEL = _re.compile(r"^(\(\w{1,6}\)|\d{1,2}\.|Re:|[A-Z]+(?:-[A-Z]+)?:)$")


@dataclass(frozen=True)
class Violation:
    page: int
    text: str
    detail: str = ""

    def __str__(self):
        return f"p.{self.page}: {self.detail} «{self.text[:70]}»"


@dataclass
class Line:
    words: list  # (text, x0, x1, top, bottom, size, bold)
    page: int

    @property
    def text(self) -> str:
        return " ".join(w[0] for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0][1]

    @property
    def x1(self) -> float:
        return max(w[2] for w in self.words)

    @property
    def top(self) -> float:
        """The top of the line's own type (a raised footnote call reaches higher)."""
        return min(w[3] for w in self._main())

    @property
    def bottom(self) -> float:
        return max(w[4] for w in self.words)

    @property
    def size(self) -> float:
        return max(w[5] for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w[6] for w in self.words)

    def _main(self):
        return [w for w in self.words if not self._raised(w)]

    def _raised(self, word) -> bool:
        return word[5] < 0.8 * max(w[5] for w in self.words)

    def gaps(self) -> list[tuple[float, str, str]]:
        """The spaces between the line's words (a footnote call is part of its word)."""
        words = self._main()
        return [(b[1] - a[2], a[0], b[0]) for a, b in zip(words, words[1:])]


@dataclass
class Laid:
    """A page as the rules see it: the body's lines, the foot's words, the page's size."""
    number: int
    width: float
    height: float
    body: list[Line]
    notes: list[Line]     # footnotes at the foot of the body (smaller type, after a rule)
    foot: list[Line]      # the running foot: footer text, page number
    head: list[Line]      # a running head
    rules: list = ()      # horizontal strokes (x0, x1, y): blanks, signature lines, underlines


def _group(words, number) -> list[Line]:
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w[4], w[1])):
        if lines and abs(lines[-1].bottom - word[4]) < 4.5 and word[5] < 10 < lines[-1].size:
            lines[-1].words.append(word)   # a footnote call, raised on its line
        elif lines and abs(max(w[4] for w in lines[-1].words if w[5] >= 0.8 * lines[-1].size) - word[4]) < 2.5:
            lines[-1].words.append(word)
        else:
            lines.append(Line([word], number))
    for line in lines:
        line.words.sort(key=lambda w: w[1])
    # A call printed before the line's own words were met: fold raised one-word lines into the next.
    merged: list[Line] = []
    for line in lines:
        if merged and len(merged[-1].words) == 1 and merged[-1].size < 10 and merged[-1].words[0][0].isdigit() \
                and 0 < line.bottom - merged[-1].bottom < 8 and line.size > 10:
            line.words = sorted(merged.pop().words + line.words, key=lambda w: w[1])
        merged.append(line)
    return sorted(merged, key=lambda l: l.top)


@functools.lru_cache(maxsize=64)
def laid_out(path) -> tuple[Laid, ...]:
    import pdfplumber

    found = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            words = [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], round(w["size"], 1),
                      "Bold" in w["fontname"])
                     for w in page.extract_words(x_tolerance=1.5, extra_attrs=["size", "fontname"])
                     if w["text"].strip()]
            height = float(page.height)
            head = [w for w in words if w[4] < BODY_TOP]
            foot = [w for w in words if w[3] > height - FOOT]
            rest = [w for w in words if w not in head and w not in foot]
            lines = _group(rest, number)
            # Footnotes: the small lines below the last line of body type.
            last_body = max((i for i, l in enumerate(lines) if l.size >= 10.5), default=-1)
            notes = [l for l in lines[last_body + 1:] if l.size < 10.5]
            body = [l for l in lines if l not in notes]
            strokes = [(r.x0, r.x1, r.y) for r in _strokes(page)]
            found.append(Laid(number, float(page.width), height, body, notes, _group(foot, number),
                              _group(head, number), strokes))
    return tuple(found)


def _strokes(page) -> list[Rule]:
    rules = [Rule(line["x0"], line["x1"], (line["top"] + line["bottom"]) / 2) for line in page.lines
             if abs(line["top"] - line["bottom"]) < 1.5]
    return rules + [Rule(rect["x0"], rect["x1"], (rect["top"] + rect["bottom"]) / 2) for rect in page.rects
                    if rect["bottom"] - rect["top"] < 2.5 and rect["x1"] - rect["x0"] > 2]


def paragraphs(path) -> list[list[Line]]:
    """Runs of body lines one line-pitch apart on the same page, of body type: a paragraph, an
    address block, a signature block. A page break ends a run."""
    runs: list[list[Line]] = []
    for page in laid_out(path):
        run: list[Line] = []
        for line in page.body:
            if line.size < 10.5:
                continue
            if run and line.top - run[-1].top <= PITCH and line.top > run[-1].top:
                run.append(line)
            else:
                if run:
                    runs.append(run)
                run = [line]
        if run:
            runs.append(run)
    return runs


def _justified(run: list[Line]) -> bool:
    """A paragraph is set justified when its lines but the last end at one right edge, words
    stretched to reach it. Flush-left lines end there now and then by chance, a few in a paragraph;
    a justified paragraph's all do but one that a long unbreakable word left short."""
    if len(run) < 4:
        return False
    edge = max(l.x1 for l in run)
    full = [l for l in run[:-1] if edge - l.x1 <= SLACK and len(l.words) > 3]
    return len(full) >= 3 and len(full) >= 0.8 * (len(run) - 1)


def short_lines(path) -> list[Violation]:
    """Rule 1: every line of a justified paragraph but its last reaches the right edge within 2 pt.
    (The house sets flush left, so this finds a paragraph justified against the house style; a
    flush-left line broken early is ``early_breaks``'s.)"""
    found = []
    for run in paragraphs(path):
        if not _justified(run):
            continue
        edge = max(l.x1 for l in run)
        for line in run[:-1]:
            if edge - line.x1 > SLACK:
                found.append(Violation(line.page, line.text, f"ends {edge - line.x1:.1f} pt short"))
    return found


def _measure(path) -> float:
    """The right edge of the body's measure: where the document's longest lines end."""
    return max(l.x1 for page in laid_out(path) for l in page.body if l.size >= 10.5)


def _running(run: list[Line], measure: float) -> bool:
    """Running text, not a block of set lines (an address, a signature, a list of names): most of
    its lines but the last reach the outer quarter of the measure."""
    if len(run) < 2:
        return False
    left = min(l.x0 for l in run)
    reach = sorted(l.x1 - left for l in run[:-1])
    return reach[len(reach) // 2] > 0.75 * (measure - left)


# Words the line breaker keeps on one line with the word after them: a cross-reference's
# keyword and its number are joined (print.css's ``a``, the DOCX writer's no-break space).
JOINED = {"Section", "Sections", "Article", "Articles", "Rule", "Schedule", "Exhibit"}


FIELD = _re.compile(r"^[A-Z][a-z]+:$")


def _first_unit_end(line: Line) -> float:
    """Where the first unbreakable stretch of ``line`` ends: its first word, with what no line
    break may part from it: a word drawn straight after it (a change of face, '"Term"),'), a
    parenthesis after a closing quote (Unicode's line breaking, rule LB15: '"Affiliate" (as'),
    and a cross-reference's number after its keyword."""
    words = line._main()
    i = 0
    while i + 1 < len(words):
        here, after = words[i], words[i + 1]
        if not (after[1] - here[2] < 1 or here[0] in JOINED
                or (here[0].endswith(('"', "\u201d")) and after[0].startswith("("))):
            break
        i += 1
    return words[i][2]


def early_breaks(path) -> list[Violation]:
    """Rule 1, flush left: a line of running text ends short of its paragraph's measure only where
    the next line's first word would not have fitted after it. A break in mid-sentence (a stray
    line break, a paragraph split in two) leaves room the next word would have taken."""
    found = []
    measure = _measure(path)
    for run in paragraphs(path):
        if not _running(run, measure):
            continue
        widest = max(l.x1 for l in run)
        # A quotation or an indented block has a narrower measure of its own: its widest line's.
        edge = measure if widest > measure - 30 else widest
        # Lines after a paragraph's first start at its left edge (the first may be indented): a
        # blank to fill in at a line's start is part of what had to fit.
        left = min(l.x0 for l in run[1:])
        for line, after in zip(run, run[1:]):
            if FIELD.match(after.words[0][0]):
                continue  # "Name:", "Title:", "Attention:": a set line of a block, not running text
            needed = _first_unit_end(after) - left
            if needed < edge - line.x1 - SPACE - SLACK:
                found.append(Violation(line.page, line.text,
                                       f"ends {edge - line.x1:.1f} pt short; «{after.words[0][0]}» would fit"))
    return found


def loose_lines(path, bound: float = LOOSE) -> list[Violation]:
    """Rule 7: no word space of a line of running text wider than ``bound``. The space after a
    run-in label ("(a)", "2.") is the label's own and is left out, and so is a blank to fill in."""
    found = []
    measure = _measure(path)
    strokes = {page.number: page.rules for page in laid_out(path)}
    for run in paragraphs(path):
        if not _running(run, measure):
            continue
        for line in run[:-1]:
            gaps = line.gaps()
            if gaps and LABEL.match(gaps[0][1]):
                gaps = gaps[1:]
            # A blank to fill in is a drawn line, not a space.
            gaps = [g for g in gaps if not any(r[1] - r[0] > 2 * SPACE and line.top < r[2] < line.bottom + 4
                                                and _inside(r, line, g) for r in strokes[line.page])]
            widest = max((g for g in gaps), default=None)
            if widest and widest[0] > bound:
                found.append(Violation(line.page, line.text, f"word space {widest[0]:.1f} pt"))
    return found


def _inside(rule, line, gap) -> bool:
    """The rule lies in the gap after the word ``gap[1]`` on ``line``."""
    ends = [w[2] for w in line.words if w[0] == gap[1]]
    return any(end - 1 <= rule[0] and rule[1] <= end + gap[0] + 1 for end in ends)


def lonely_labels(path) -> list[Violation]:
    """Rule 2: a run-in label ("(c)", "2.") is never alone on its line."""
    return [Violation(l.page, l.text, "label alone") for page in laid_out(path) for l in page.body
            if LABEL.match(l.text) and not _centred(l, page)]


def _centred(line: Line, page: Laid) -> bool:
    """A line set in the middle of the page: a charter's article heading ("FIRST:"), not a label."""
    return abs((line.x0 + line.x1) / 2 - page.width / 2) < 6 and line.x0 > page.width / 4


def footnotes_apart(path) -> list[Violation]:
    """Rule 3: each footnote's note is at the foot of the page its call is on."""
    calls, marks = {}, {}
    for page in laid_out(path):
        for line in page.body:
            for word in line.words:
                if word[5] < 0.8 * line.size and _re.fullmatch(r"\d{1,2}", word[0]):
                    calls.setdefault(word[0], page.number)
        for line in page.notes:
            # "1. Amended …" (ours), or Word's raised "1" before its note (LibreOffice's pages).
            mark = _re.match(r"(\d{1,2})\.", line.text) or _re.fullmatch(r"(\d{1,2})", line.text)
            if mark and line.x0 < min(l.x0 for l in page.notes) + 1:
                marks.setdefault(mark.group(1), page.number)
    return [Violation(page, f"note {n}", f"called on p.{page}, printed on p.{marks.get(n)}")
            for n, page in calls.items() if marks.get(n) != page]


LEGEND = _re.compile(r"^\[.*\]$")


def _signature_page(page: Laid) -> bool:
    text = " ".join(l.text for l in page.body)
    return "By:" in text or "IN WITNESS WHEREOF" in text


def sparse_pages(path, least: int = 4) -> list[Violation]:
    """Rule 4: no page's body holds only a legend or fewer than ``least`` lines, but a document's
    last page or a signature page."""
    pages = laid_out(path)
    found = []
    for page in pages[:-1]:
        if _signature_page(page):
            continue
        text = " ".join(l.text for l in page.body)
        if len(page.body) < least or LEGEND.match(text.strip()):
            found.append(Violation(page.number, text, f"{len(page.body)} lines"))
    return found


ADDRESS_LINE = _re.compile(r"^(Attention|Telephone|Telecopier|Facsimile|Fax|Name|Title|Its|Print or Type)\b:?"
                           r"|, [A-Z][A-Za-z]+( [A-Z][A-Za-z]+)? \d{5}(-\d{4})?$")


def split_blocks(path) -> list[Violation]:
    """Rule 5: no address, notice, copy-to or signature block split across pages (a page does not
    open with an address's or a signature's later line, nor end on "By:"), and no heading or
    lead-in (a line ending in a colon) is a page's last line."""
    pages = laid_out(path)
    found = []
    for page, following in zip(pages, pages[1:]):
        body = [l for l in page.body if l.size >= 10.5]
        if not body or not following.body:
            continue
        last, first = body[-1], following.body[0]
        if last.text.rstrip().endswith(":") or last.text.startswith("By:"):
            found.append(Violation(page.number, last.text, "lead-in ends the page"))
        elif last.bold and len(last.words) <= 8 and not last.text.endswith((".", "]")):
            found.append(Violation(page.number, last.text, "heading ends the page"))
        elif last.text.isupper() and len(last.words) <= 8 and not last.text.endswith(("]", ".")):
            found.append(Violation(page.number, last.text, "heading ends the page"))
        if ADDRESS_LINE.search(first.text) and ADDRESS_LINE.search(last.text):
            found.append(Violation(following.number, first.text, "block split from the page before"))
    return found


SIGNING_WORDS = _re.compile(r"^(IN WITNESS WHEREOF|Signed on\b|Very truly yours|Sincerely|Respectfully)")
SIGNATURE_LINE = _re.compile(r"(^|\s)(By:|/s/)|_{8,}")


def parted_signatures(path) -> list[Violation]:
    """Rule 5, the signature page: the signing words ("IN WITNESS WHEREOF …", "Signed on …", a
    letter's close) stand on the page of the first signature line after them, so that no
    signature page opens without the words it signs to, and they never end a page alone."""
    pages = laid_out(path)
    found = []
    for k, page in enumerate(pages):
        lines = [l.text.strip() for l in page.body]
        opened = [i for i, text in enumerate(lines) if SIGNING_WORDS.match(text)]
        if not opened or any(SIGNATURE_LINE.search(text) for text in lines[opened[-1] + 1:]):
            continue
        if any(SIGNATURE_LINE.search(l.text) for later in pages[k + 1:] for l in later.body):
            found.append(Violation(page.number, lines[opened[-1]], "signing words parted from the signatures"))
    return found


def _number(page: Laid):
    """The page number: the foot's word that reads the page's number."""
    words = [w for line in page.foot for w in line.words if w[0] == str(page.number)]
    return max(words, key=lambda w: w[4]) if words else None


def crowded_feet(path, gap: float = 12) -> list[Violation]:
    """Rule 6: the running foot is at least ``gap`` below the last body line (footnotes included),
    and the page number is at the same place on every page."""
    pages = laid_out(path)
    found = []
    places = {}
    for page in pages:
        lowest = max((l.bottom for l in page.body + page.notes), default=None)
        top = min((l.top for l in page.foot), default=None)
        if lowest is not None and top is not None and top - lowest < gap:
            found.append(Violation(page.number, page.foot[0].text, f"foot {top - lowest:.1f} pt under the body"))
        number = _number(page)
        if number is None:
            found.append(Violation(page.number, "", "no page number in the foot"))
        else:
            places[page.number] = ((number[1] + number[2]) / 2, number[3])
    if places:
        common = max(set(places.values()), key=list(places.values()).count)
        for number, place in places.items():
            if abs(place[0] - common[0]) > 1 or abs(place[1] - common[1]) > 1:
                found.append(Violation(number, str(number), f"page number at {place[0]:.1f},{place[1]:.1f}, "
                                                            f"elsewhere {common[0]:.1f},{common[1]:.1f}"))
    return found



def layout_hyphens(path) -> list[Violation]:
    """Rule 7's house answer is flush left, never hyphenated: no line ends in a hyphen the layout
    drew (U+2010; a typed hyphen-minus in "broker-dealer" may end a line, and reads back whole). A
    hyphenated word reads back from the page as two, to pdftotext, a search and a fidelity score."""
    return [Violation(l.page, l.text, "a word hyphenated by the layout")
            for run in paragraphs(path) for l in run if l.text.endswith("\u2010")]


RULES = {"short lines": short_lines, "lonely labels": lonely_labels, "footnotes apart": footnotes_apart,
         "sparse pages": sparse_pages, "split blocks": split_blocks, "crowded feet": crowded_feet,
         "loose lines": loose_lines, "early breaks": early_breaks, "layout hyphens": layout_hyphens,
         "parted signatures": parted_signatures}
