"""The precedent's outline: its title, the opening before the first section, numbered sections
nested by level with stable ids, and the closing (signature page) after them.

A paragraph's number is read the same way whether Word's list gives it or it is typed
("1.", "(a)", "(iv)", "FIRST:", "ARTICLE III"): Word's label is put before the text and read
as typed, so a precedent re-saved with its numbering turned into text gives the same outline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .reading import Para, _ORDINALS, _letters, _roman

ORDINAL = "|".join(_ORDINALS)
ARTICLE = re.compile(rf"^(?:ARTICLE|Article)\s+(?P<n>[IVXLC]+|\d+|{ORDINAL})\b[.:]?\s*")
ORDINAL_LEAD = re.compile(rf"^(?P<n>{ORDINAL}):?\s*(?=\S|$)")
DECIMAL = re.compile(r"^(?P<n>\d{1,3})\.(?!\d)\s*")
# "1.1", "1.1.1", "2.03", "Section 1.01.": the last piece is the section's own, the rest its parents'
DOTTED = re.compile(r"^(?:(?P<word>Section|SECTION|Clause|CLAUSE)\s+)?(?P<n>\d{1,3}(?:\.\d{1,3})+)\.?(?=\s|$)\s*")
PAREN = re.compile(r"^\((?P<n>[a-z]{1,4}|[A-Z]{1,2}|\d{1,3})\)\s*")
HEADING_STYLE = re.compile(r"^[Hh]eading ?([1-4])$")
SIGNING = re.compile(r"^\s*(?:IN WITNESS WHEREOF|(?:Signed|Dated|Executed)\b[^.]{0,40}\d{4}\.?\s*$|/s/|By:)", re.I)
STOP = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "by", "with", "this", "that", "such", "its",
        "as", "at", "be", "is", "are", "shall", "will", "any", "all", "each", "from", "which", "who", "hereby"}


@dataclass
class Number:
    style: str      # decimal, lower-letter, lower-roman, upper-letter, ordinal-word
    value: int
    length: int     # how many characters of the paragraph's text it takes
    depth: int = 0  # a dotted number's: how many numbers it has ("1.1.1": 3)
    parents: tuple[int, ...] = ()  # a dotted number's pieces before its own ("1.2.3": (1, 2))


@dataclass
class Section:
    id: str
    level: int
    style: str
    value: int
    title: str | None = None
    paragraphs: list = field(default_factory=list)     # (Para, offset where its text starts)
    children: list["Section"] = field(default_factory=list)
    number: str = ""                                   # as a reference gives it: "2(a)(i)", "FOURTH"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Outline:
    title: Para | None
    opening: list[Para]
    sections: list[Section]
    closing: list[Para]
    numbering: list[str]
    article_style: str

    def all_sections(self):
        for section in self.sections:
            yield from section.walk()


def _roman_value(text: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    text = text.lower()
    if not text or any(ch not in values for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total if _roman(total) == text else None


def _letter_value(text: str) -> int | None:
    t = text.lower()
    if len(set(t)) != 1 or not t.isalpha():
        return None
    return (ord(t[0]) - ord("a") + 1) + 26 * (len(t) - 1)


def read_number(text: str, open_styles: list[tuple[str, int]]) -> Number | None:
    """The number a paragraph's text starts with, if any; ``open_styles`` (style, last value) from
    the outermost level in, to tell "(i)" the letter after "(h)" from "(i)" the first roman."""
    m = ARTICLE.match(text)
    if m:
        n = m.group("n")
        value = int(n) if n.isdigit() else (_ORDINALS.index(n) + 1 if n in _ORDINALS else _roman_value(n))
        return Number("decimal" if n.isdigit() else "ordinal-word" if n in _ORDINALS else "upper-roman",
                      value or 1, m.end())
    m = ORDINAL_LEAD.match(text)
    if m:
        return Number("ordinal-word", _ORDINALS.index(m.group("n")) + 1, m.end())
    m = DECIMAL.match(text)
    if m:
        return Number("decimal", int(m.group("n")), m.end())
    m = DOTTED.match(text)
    if m:
        pieces = m.group("n").split(".")
        zero = len(pieces[-1]) == 2 and pieces[-1].startswith("0")
        kind = "section" if (m.group("word") or "").lower() == "section" else "decimal"
        return Number(f"{kind}-zero-dotted" if zero else f"{kind}-dotted", int(pieces[-1]), m.end(), len(pieces),
                      tuple(int(piece) for piece in pieces[:-1]))
    m = PAREN.match(text)
    if not m:
        return None
    n = m.group("n")
    if n.isdigit():
        return Number("decimal-paren", int(n), m.end())
    if n.isupper():
        return Number("upper-letter", _letter_value(n) or 1, m.end()) if _letter_value(n) else None
    letter, roman = _letter_value(n), _roman_value(n)
    last = dict(open_styles)
    if letter and roman:
        if last.get("lower-letter") == letter - 1 and last.get("lower-roman") != roman - 1:
            return Number("lower-letter", letter, m.end())
        return Number("lower-roman", roman, m.end())
    if roman and last.get("lower-roman") == roman - 1:
        return Number("lower-roman", roman, m.end())
    if letter:
        return Number("lower-letter", letter, m.end())
    if roman:
        return Number("lower-roman", roman, m.end())
    return None


def slug(text: str, words: int = 4) -> str:
    kept = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]
    return "_".join(kept[:words]) or "part"


def _is_heading(text: str) -> bool:
    """A level-1 paragraph that is a heading, not a clause's text: short, and no sentence."""
    words = text.split()
    return 0 < len(words) <= 10 and not text.rstrip().endswith((".", ";", ":", ",")) or (
        0 < len(words) <= 10 and text.isupper())


def _run_in_title(para: Para, start: int) -> tuple[str | None, int]:
    """A run-in heading: the paragraph's first words, bold or underlined, ending in a period."""
    marked = [(ch, run.bold or run.underline) for run in para.runs for ch in run.text]
    i = start
    while i < len(marked) and marked[i][0].isspace():
        i += 1
    j = i
    while j < len(marked) and marked[j][1]:
        j += 1
        if marked[j - 1][0] == "." and (j == len(marked) or marked[j][0].isspace()):
            break
    title = "".join(ch for ch, _ in marked[i:j]).strip()
    if not title.endswith(".") or len(title.split()) > 14 or len(title) < 3:
        return None, start
    return title[:-1].strip(), j


def outline(paragraphs: list[Para], prefix: str) -> Outline:
    paras = [p for p in paragraphs if p.text.strip() or p.page_break]
    title = None
    opening: list[Para] = []
    sections: list[Section] = []
    closing: list[Para] = []
    stack: list[Section] = []
    styles_by_level: dict[int, str] = {}
    article_style = "heading"
    closing_started = False
    styled = next((p for p in paras if p.style.lower() in ("title", "documenttitle")), None)
    for para in paras:
        text = para.text
        if closing_started or SIGNING.match(para.text) or _is_legend(para):
            closing_started = True
            closing.append(para)
            continue
        if para is styled or (styled is None and title is None and not sections and not opening
                              and _is_title(para)):
            title = para
            if not sections:
                opening.append(para)  # the title keeps its place among the opening's paragraphs
            continue
        open_styles = [(s.style, s.value) for s in stack]
        number = read_number(text.lstrip(), open_styles)
        heading = HEADING_STYLE.match(para.style)
        if number is None and heading and text.strip():
            # a heading Word's style marks, with no number: a section the house style numbers
            level = min(int(heading.group(1)) - 1, len(stack))
            del stack[level:]
            count = sum(1 for _ in (stack[-1].children if stack else sections)) + 1
            style = styles_by_level.setdefault(level, "decimal" if level == 0 else "lower-letter")
            section = Section("", level + 1, style, count, " ".join(text.split()).rstrip("."))
            (stack[-1].children if stack else sections).append(section)
            stack.append(section)
            continue
        if number is None or number.style == "decimal-paren" or not _continues_outline(number, para, stack):
            (stack[-1].paragraphs if stack else opening).append((para, 0) if stack else para)
            continue
        lead = len(text) - len(text.lstrip())
        start = lead + number.length
        # its level: Word's list level where Word numbers it; else the level of the open section of
        # the same style, else one deeper than the last
        if para.label and para.level is not None:
            level = min(para.level, len(stack))
        elif number.depth:
            level = min(number.depth - 1, len(stack))
        else:
            level = next((i for i, s in enumerate(stack) if s.style == number.style), len(stack))
        del stack[level:]
        parent = stack[-1] if stack else None
        styles_by_level.setdefault(level, number.style)
        body = text[start:]
        section_title = None
        if level == 0 and (_is_heading(body) or not body.strip()):
            section_title = body.strip() or None
            if not body.strip() and para.align == "center":
                article_style = "centered"
            start = len(text)
        elif body.strip():
            section_title, start = _run_in_title(para, start)
            if level == 0 and section_title and article_style == "heading":
                article_style = "run-in"
        section = Section("", level + 1, number.style, number.value, section_title)
        if start < len(text) and text[start:].strip():
            section.paragraphs.append((para, start))
        (parent.children if parent else sections).append(section)
        stack.append(section)
    numbering = [_STYLE_NAMES.get(styles_by_level[i], "decimal") for i in sorted(styles_by_level)]
    if not numbering:
        numbering = ["decimal"]
    result = Outline(title, opening, sections, closing, numbering, article_style)
    _name(sections, prefix, set())
    for top in sections:
        _number(top, "", numbering)
    return result


def _continues_outline(number: Number, para: Para, stack: list[Section]) -> bool:
    """Whether a typed dotted number opens a section. A sentence can start with a decimal figure
    ("2.5 million shares …"): it is a section's number only where its first pieces are the numbers
    of the open sections and its own is the next at its level. Word's list numbers are its own, and
    where the parents are not all open the outline has nothing to check it against."""
    if not number.depth or para.label or len(stack) < len(number.parents):
        return True
    if [section.value for section in stack[:len(number.parents)]] != list(number.parents):
        return False
    siblings = stack[len(number.parents) - 1].children
    last = next((s.value for s in reversed(siblings) if s.style == number.style), 0)
    return number.value == last + 1


def _first_words(section: Section) -> str:
    for para, start in section.paragraphs[:1]:
        return para.text[start:]
    return _first_words(section.children[0]) if section.children else ""


def _name(sections: list[Section], prefix: str, taken: set[str]) -> None:
    """Stable, unique ids: the parent's id, then the heading's words (else the text's first words)."""
    for section in sections:
        base = slug(section.title, 4) if section.title else slug(_first_words(section), 3)
        own = f"{prefix}.{base}"
        sid, k = own, 2
        while sid in taken:
            sid, k = f"{own}_{k}", k + 1
        taken.add(sid)
        section.id = sid
        _name(section.children, sid, taken)


_STYLE_NAMES = {"decimal": "decimal", "lower-letter": "lower-letter", "lower-roman": "lower-roman",
                "upper-letter": "upper-letter", "ordinal-word": "ordinal-word", "upper-roman": "decimal",
                **{dotted: dotted for dotted in ("decimal-dotted", "decimal-zero-dotted", "section-dotted",
                                                 "section-zero-dotted")}}


def _number(section: Section, prefix: str, numbering: list[str]) -> None:
    style = section.style
    value = section.value
    piece = {"decimal": str(value), "ordinal-word": _ORDINALS[value - 1] if value <= len(_ORDINALS) else str(value),
             "lower-letter": f"({_letters(value)})", "lower-roman": f"({_roman(value)})",
             "upper-letter": f"({_letters(value).upper()})", "upper-roman": _roman(value).upper(),
             "decimal-dotted": f".{value}", "decimal-zero-dotted": f".{value:02}",
             "section-dotted": f".{value}", "section-zero-dotted": f".{value:02}"}[style]
    section.number = prefix + piece if prefix or not piece.startswith(".") else piece[1:]
    for child in section.children:
        _number(child, section.number, numbering)


def _is_title(para: Para) -> bool:
    if para.style.lower() in ("title", "documenttitle"):
        return True
    text = para.text.strip()
    return para.align == "center" and 0 < len(text.split()) <= 8 and not text.endswith(".")


def _is_legend(para: Para) -> bool:
    text = para.text.strip()
    return para.style.lower() == "legend" or (text.startswith("[") and text.endswith("]") and text.isupper()
                                              and "PAGE" in text)
