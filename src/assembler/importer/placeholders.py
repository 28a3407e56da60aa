"""Placeholders become facts: square-bracketed blanks, highlighted text, Word content controls,
words and figures ("thirty (30) days", "One Cent ($0.01)"), and optional passages (a bracketed
passage with no blank in it, or one a comment marks as optional) as switches.

Each finder returns spans over a paragraph's text: what to put in place of those characters.
A fact is named from the placeholder's own words, else from its surroundings, and typed from
both; the same placeholder twice is one fact.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .. import style
from ..lint.rules.words_numerals_mismatch import NUMBER_WORDS
from ..lint.rules.words_numerals_mismatch import words_value as number_in_words
from .outline import STOP, slug
from .reading import Para

BRACKET = re.compile(r"\[([^\[\]]*)\]")
BLANKISH = re.compile(r"^[\s_●•*.…xX\-–—]*$")
UNITS = ["business day", "calendar day", "trading day", "day", "week", "month", "year", "hour", "counterpart"]
UNIT_AFTER = re.compile(r"^\s+(" + "|".join(u + "s?" for u in UNITS) + r")\b", re.I)
# Number words as the house style writes them, shared with lint's words-and-figures rule.
NUMBER_WORD = "(?:" + "|".join(sorted(NUMBER_WORDS - {"and"}, key=len, reverse=True)) + ")"
WORDS_FIGURES = re.compile(rf"\b(?P<words>{NUMBER_WORD}(?:(?:[\s-]+|,\s+|\s+and\s+){NUMBER_WORD})*)\s+"
                           rf"\((?P<figure>\d{{1,3}}(?:,\d{{3}})*|\d+)\)", re.I)
MONEY_WORDS = re.compile(r"\b(?P<words>(?:[A-Z][a-z]+[\s-]+)*?(?:[A-Z][a-z]+\s+)(?:Dollars?|Cents?)"
                         r"(?:\s+and\s+(?:[A-Z][a-z]+[\s-]+)+Cents?)?)\s+\(\$(?P<figure>[\d,]*\.?\d+)\)")
MONTH_DATE = re.compile(r"^(?:" + "|".join(style.MONTHS) + r")\s+\d{1,2},\s+\d{4}$")
OPTIONAL_COMMENT = re.compile(r"\boptional\b", re.I)
LEADS = re.compile(r"^(?:insert|enter|name of|the|type|state|specify|add)\s+", re.I)


@dataclass
class Fact:
    name: str
    kind: str                     # string, address, count, number, money, money_words, date, percent, switch
    unit: str | None = None       # for count: "day", "business day"…
    value: object = None          # the precedent's own value, when the precedent gives it
    placeholders: list[str] = field(default_factory=list)   # the texts it stands for, as the precedent has them
    places: list[str] = field(default_factory=list)         # where, as "Section 2(a): «…»"

    def schema(self) -> dict:
        described = {"description": "From the precedent: " + "; ".join(self.places[:2])}
        if self.kind == "switch":
            return {"type": "boolean", "default": True, **described}
        if self.kind in ("count", "number"):
            return {"type": "integer", "minimum": 0, **described}
        if self.kind in ("money", "money_words", "percent"):
            return {"type": "number", "minimum": 0, **described}
        if self.kind == "date":
            return {"type": "string", "format": "date", **described}
        if self.kind == "address":  # our own model: lines, city, state, postal_code (and care_of)
            return {"$ref": "#/$defs/Address", **described}
        return {"type": "string", "minLength": 1, **described}


@dataclass
class Span:
    start: int
    end: int
    markup: str          # what replaces the characters; already markup
    fact: str | None = None


@dataclass
class Finding:
    rule: str
    place: str
    message: str


class FactBook:
    """The facts found so far, under the library's top-level key."""

    def __init__(self, key: str):
        self.key = key
        self.facts: dict[str, Fact] = {}
        self.by_placeholder: dict[str, str] = {}
        self.findings: list[Finding] = []

    def new_name(self, base: str) -> str:
        base = re.sub(r"^(\d)", r"n_\1", base or "fact")
        name, k = base, 2
        while name in self.facts:
            name, k = f"{base}_{k}", k + 1
        return name

    def add(self, fact: Fact) -> Fact:
        self.facts[fact.name] = fact
        return fact

    def use(self, fact: Fact, upper: bool = False) -> str:
        """The Jinja that writes the fact as the house style writes its kind."""
        var = f"{self.key}.{fact.name}"
        filters = {"count": f" | count('{fact.unit}')" if fact.unit else " | count", "number": " | number",
                   "money": " | money", "money_words": " | money_words", "date": " | long_date",
                   "percent": " | percent", "address": " | address_inline"}.get(fact.kind, "")
        if upper:
            return (f"{{% if {var} is none %}}{{{{ {var} | blank('{var}') }}}}"
                    f"{{% else %}}{{{{ {var} | upper }}}}{{% endif %}}")
        return f"{{{{ {var}{filters} | blank('{var}') }}}}"


def _context_name(before: str, after: str, fallback: str) -> str:
    """A name from the words around a blank: a definition right after it, else the words before."""
    m = re.match(r'^[\s,]*\((?:the|this|each,? an?|an?)?\s*["“]([^"”]{1,50})["”]\)', after)
    if m:
        return slug(m.group(1), 5)
    words = [w for w in re.findall(r"[a-z0-9]+", before.lower()) if len(w) > 1 and w not in STOP and w not in
             ("not", "later", "than", "within", "least", "more", "less", "no", "after", "before", "prior")]
    return "_".join(words[-3:]) or fallback


def _kind(text: str, before: str, after: str) -> tuple[str, str | None]:
    low = text.lower()
    unit = UNIT_AFTER.match(after)
    if unit:
        return "count", unit.group(1).lower().rstrip("s") if unit.group(1).lower() not in ("business days",) else "business day"
    if before.rstrip().endswith("$") or re.search(r"\b(amount|price|fee|sum|dollars)\b", low):
        return "money", None
    if after.startswith("%") or "percent" in low:
        return "percent", None
    if "date" in low or (BLANKISH.match(text) and re.search(r"\b(dated|dated as of|as of)\s*$", before)):
        return "date", None
    if re.match(r"^\s+shares\b", after) or re.search(r"\b(number|shares)\b", low):
        return "number", None
    if "address" in low:
        return "address", None
    return "string", None


def _unit_name(unit: str | None) -> str:
    return (unit or "number").replace(" ", "_") + "s"


def bracket_spans(text: str, start: int, book: FactBook, place: str, para: Para) -> tuple[list[Span], list[Span]]:
    """Square-bracketed blanks as facts, and bracketed passages with no blank as switches."""
    spans, switches = [], []
    for m in BRACKET.finditer(text, start):
        inner = m.group(1)
        before, after = text[max(0, m.start() - 60):m.start()], text[m.end():m.end() + 60]
        if _is_passage(inner) or any(s.start <= m.start() < s.end for s in spans):
            continue
        kind, unit = _kind(inner, before, after)
        key = " ".join(inner.lower().split())
        descriptive = not BLANKISH.match(inner)
        end = m.end()
        lead = m.start()
        if kind == "count":   # "[___] days": the unit is written by the filter
            end += UNIT_AFTER.match(after).end()
        elif kind == "money" and before.endswith("$"):
            lead -= 1
        elif kind == "percent" and after.startswith("%"):
            end += 1
        # "[thirty] ([30]) days" and "[●] ([●]) days": the words and the figure blanks are one
        pair = re.match(r"^\s*\(\[[^\[\]]*\]\)", after)
        if pair:
            unit_m = UNIT_AFTER.match(after[pair.end():])
            kind, unit = "count", (unit_m.group(1).lower().rstrip("s") if unit_m else None)
            if unit and unit.startswith("business"):
                unit = "business day"
            end = m.end() + pair.end() + (unit_m.end() if unit_m else 0)
        fact = book.facts.get(book.by_placeholder.get(key, "")) if descriptive else None
        if fact is None:
            base = slug(LEADS.sub("", inner), 4) if descriptive else _context_name(before, after, _unit_name(unit))
            if kind == "count" and not descriptive and not base.endswith(_unit_name(unit)):
                base = f"{base}_{_unit_name(unit)}" if base != _unit_name(unit) else base
            fact = book.add(Fact(book.new_name(base), kind, unit))
            if descriptive:
                book.by_placeholder[key] = fact.name
        shown = text[lead:end]
        if shown not in fact.placeholders:
            fact.placeholders.append(shown)
        fact.places.append(f"{place}: «…{_around(text, lead, end)}…»")
        upper = descriptive and inner.isupper() and not any(p.isupper() for p in fact.placeholders if p != shown)
        spans.append(Span(lead, end, book.use(fact, upper=upper and len(fact.placeholders) > 1), fact.name))
    # passages: brackets holding words and no blank become a switch, the brackets its bounds
    depth_open = []
    for i, ch in enumerate(text):
        if i < start:
            continue
        if ch == "[":
            depth_open.append(i)
        elif ch == "]" and depth_open:
            opened = depth_open.pop()
            inner = text[opened + 1:i]
            if _is_passage(inner) and not any(s.start <= opened < s.end for s in spans):
                base = "include_" + slug(inner, 3)
                fact = book.add(Fact(book.new_name(base), "switch", value=True))
                fact.placeholders.append(f"[{inner}]")
                fact.places.append(f"{place}: «[{_clip(inner)}]»")
                var = f"{book.key}.{fact.name}"
                switches.append(Span(opened, opened + 1, f"{{% if {var} is not false %}}", fact.name))
                switches.append(Span(i, i + 1, "{% endif %}", fact.name))
    return spans, switches


def _is_passage(inner: str) -> bool:
    """A bracketed passage (optional text) rather than a blank: words enough to be text."""
    if BLANKISH.match(inner) or "[" in inner:
        return False
    words = inner.split()
    return len(words) > 6 or bool(re.search(r"[.;,]\s", inner)) and len(words) > 3


def _clip(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def _around(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 30):min(len(text), end + 30)].split())


def marked_spans(para: Para, start: int, book: FactBook, place: str, taken: list[Span]) -> list[Span]:
    """Highlighted text and content controls: the precedent's own value, as a fact."""
    spans, pos, current = [], 0, None
    pieces = []
    for run in para.runs:
        end = pos + len(run.text)
        key = ("control", run.control) if run.control else ("highlight", None) if run.highlight else None
        if end > start and key:
            if current and current[0] == key and current[2] == pos:
                current[2] = end
            else:
                current = [key, max(pos, start), end]
                pieces.append(current)
        else:
            current = None
        pos = end
    text = para.text
    for (kind, tag), s, e in pieces:
        value = text[s:e]
        if not value.strip() or any(t.start < e and s < t.end for t in taken):
            continue
        lead = len(value) - len(value.lstrip())
        s, e = s + lead, s + len(value.rstrip())
        value = text[s:e]
        name_from = tag if kind == "control" and tag != "control" else None
        bracketed = BRACKET.fullmatch(value)
        kind_of, unit = _kind(value, text[max(0, s - 60):s], text[e:e + 60])
        typed = _typed(value)
        if typed is not None:
            kind_of, parsed = typed
        else:
            parsed = None if bracketed else value
        key = f"{kind}:{(name_from or value).lower()}"
        fact = book.facts.get(book.by_placeholder.get(key, ""))
        if fact is None:  # a control by its tag; highlighted text by its surroundings, not its value
            base = slug(name_from, 4) if name_from else _context_name(text[max(0, s - 60):s], text[e:e + 60],
                                                                      "text")
            fact = book.add(Fact(book.new_name(base), kind_of, unit, value=parsed))
            book.by_placeholder[key] = fact.name
        fact.placeholders.append(value)
        fact.places.append(f"{place}: «…{_around(text, s, e)}…» ({'content control' if kind == 'control' else 'highlighted'})")
        spans.append(Span(s, e, book.use(fact), fact.name))
    return spans


def _typed(value: str):
    """A value's kind from how it reads: a long date, a sum of money, a whole number."""
    v = value.strip()
    if MONTH_DATE.match(v):
        month, rest = v.split(" ", 1)
        day, year = rest.replace(",", "").split()
        return "date", dt.date(int(year), style.MONTHS.index(month) + 1, int(day)).isoformat()
    if re.fullmatch(r"\$\d{1,3}(?:,\d{3})*(?:\.\d+)?|\$\d+(?:\.\d+)?", v):
        return "money", _number(v[1:])
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", v):
        return "number", int(v.replace(",", ""))
    return None


def _number(text: str):
    try:
        d = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return int(d) if d == int(d) else float(d)


def words_value(words: str) -> int | None:
    """"one hundred and twenty" → 120; None when a word is not a number word."""
    found = re.findall(r"[a-z]+", words.lower())
    if not found or any(word not in NUMBER_WORDS for word in found):
        return None
    return number_in_words(found)


def words_and_figures(text: str, start: int, book: FactBook, place: str, name_hint: str,
                      taken: list[Span]) -> list[Span]:
    """"thirty (30) days" and "One Cent ($0.01)": one fact where words and figure agree, written by
    the house style; a finding where they disagree (the text is then left as it is)."""
    spans = []
    for m in MONEY_WORDS.finditer(text, start):
        if any(t.start < m.end() and m.start() < t.end for t in taken + spans):
            continue
        figure = _number(m.group("figure"))
        if figure is None:
            continue
        written = style.money_words(figure)
        said = " ".join(m.group(0).split())
        if written.lower().split(" (")[0] != said.lower().split(" (")[0]:
            book.findings.append(Finding("words-figures", place, f"«{said}»: the words and the figure disagree "
                                         f"(the figure reads {written.split(' (')[0]}); left as text"))
            continue
        fact = book.add(Fact(book.new_name(f"{name_hint}_amount"), "money_words", value=figure))
        fact.placeholders.append(said)
        fact.places.append(f"{place}: «…{_around(text, m.start(), m.end())}…»")
        spans.append(Span(m.start(), m.end(), book.use(fact), fact.name))
    for m in WORDS_FIGURES.finditer(text, start):
        if any(t.start < m.end() and m.start() < t.end for t in taken + spans):
            continue
        figure = int(m.group("figure").replace(",", ""))
        said_value = words_value(m.group("words"))
        said = " ".join(m.group(0).split())
        if said_value != figure:
            book.findings.append(Finding("words-figures", place, f"«{said}»: the words and the figure disagree "
                                         f"({m.group('words')} is {said_value}, the figure {figure}); left as text"))
            continue
        unit_m = UNIT_AFTER.match(text[m.end():])
        unit = None
        end = m.end()
        if unit_m:
            unit = unit_m.group(1).lower()
            unit = unit[:-1] if unit.endswith("s") else unit
            end += unit_m.end()
            if style.plural(unit, figure) != unit_m.group(1).lower():
                unit, end = None, m.end()  # "one (1) days": left for the lawyer; the filter would mend it
        written = style.count(figure, unit)
        if " ".join(text[m.start():end].split()).lower() != written.lower():
            book.findings.append(Finding("house-style", place, f"«{' '.join(text[m.start():end].split())}» "
                                         f"is written «{written}» by the house style"))
        fact = book.add(Fact(book.new_name(f"{name_hint}_{_unit_name(unit)}"), "count", unit, value=figure))
        fact.placeholders.append(" ".join(text[m.start():end].split()))
        fact.places.append(f"{place}: «…{_around(text, m.start(), end)}…»")
        spans.append(Span(m.start(), end, book.use(fact), fact.name))
    return spans


def comment_switches(para: Para, start: int, book: FactBook, place: str, comments: dict[int, str]) -> list[Span]:
    """A passage a comment marks as optional: a switch around the passage."""
    found, pos = {}, 0
    for run in para.runs:
        end = pos + len(run.text)
        for cid in run.comments:
            if OPTIONAL_COMMENT.search(comments.get(cid, "")) and end > start:
                s, e = found.get(cid, (max(pos, start), end))
                found[cid] = (min(s, max(pos, start)), max(e, end))
        pos = end
    spans = []
    for cid, (s, e) in found.items():
        inner = para.text[s:e]
        fact = book.add(Fact(book.new_name("include_" + slug(inner, 3)), "switch", value=True))
        fact.placeholders.append(_clip(inner))
        fact.places.append(f"{place}: «{_clip(inner)}» (a comment: «{_clip(comments.get(cid, ''), 40)}»)")
        var = f"{book.key}.{fact.name}"
        spans.append(Span(s, s, f"{{% if {var} is not false %}}", fact.name))
        spans.append(Span(e, e, "{% endif %}", fact.name))
    return spans
