"""Typed references become ``<ref>`` by id; definitions become ``<def>``.

"Section 7(b)", "this Section 11(c)", "Sections 3(a) and 3(b)", "Article FOURTH": each number that
names a section of the precedent becomes a reference to that section's id, so it renumbers with
the document. One that names no section (and is not a statute's: "Section 4(2) of the Securities
Act") is listed as unresolved and left as typed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .outline import ORDINAL
from .placeholders import Span

NUMBER = rf"(?:\d+(?:\.\d+)*|[IVXLC]+\b|{ORDINAL})(?: ?\([a-zA-Z0-9]{{1,4}}\))*"
REFERENCE = re.compile(rf"\b(?P<word>Sections?|Articles?|Paragraphs?|Subsections?|[Cc]lauses?)\s+(?P<first>{NUMBER})"
                       rf"(?P<more>(?:\s*(?:,|and|or|through|to|,\s*and|,\s*or)\s*{NUMBER})*)")
ANOTHER_NUMBER = re.compile(NUMBER)
OUTSIDE = re.compile(r"^\s*(?:of|under)\s+(?:the\s+)?(?!this\b|the Agreement\b|these\b)(?:[A-Z]|\d)")
QUOTED = r'["“]([A-Z][^"”\n]{0,60}?)["”]'
PARENTHETICAL = re.compile(r"\(([^()]*)\)")
MEANS = re.compile(rf"{QUOTED}[^\"“”.;]{{0,60}}?\b(?:means|shall mean|has the meaning|shall have the meaning|"
                   rf"includes|refers to)\b")


@dataclass
class Unresolved:
    place: str
    text: str


def _roman(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def section_key(number: str, top_is_roman_article: bool = False) -> str:
    """"IV" → "4" when the articles are written in Roman numerals; the rest as typed."""
    head = re.match(r"^([IVXLC]+)\b(.*)$", number)
    if head and head.group(1) not in ("I",) or (head and top_is_roman_article):
        return str(_roman(head.group(1))) + head.group(2)
    return number


def reference_spans(text: str, start: int, sections: dict[str, str], place: str, taken: list[Span],
                    unresolved: list[Unresolved], resolved: list[str]) -> list[Span]:
    """``sections``: a section's number as a reference gives it ("2(a)", "FOURTH") → its id."""
    spans = []
    for m in REFERENCE.finditer(text, start):
        if any(t.start < m.end() and m.start() < t.end for t in taken):
            continue
        if OUTSIDE.match(text[m.end():]):
            continue  # a statute's or another document's section
        numbers = [(m.start("first"), m.end("first"))]
        more_at = m.start("more")
        for n in ANOTHER_NUMBER.finditer(m.group("more")):
            numbers.append((more_at + n.start(), more_at + n.end()))
        ids = [sections.get(section_key(text[s:e].replace(" ", ""))) for s, e in numbers]
        if not all(ids):
            unresolved.append(Unresolved(place, " ".join(m.group(0).split())))
            continue
        single = len(numbers) == 1 and m.group("word") == "Section"
        if single:
            spans.append(Span(m.start(), m.end(), f'<ref to="{ids[0]}"/>'))
        else:
            for (s, e), target in zip(numbers, ids):
                spans.append(Span(s, e, f'<ref to="{target}" form="number"/>'))
        resolved += [text[s:e] for s, e in numbers]  # one for each <ref> written
    return spans


def definition_spans(text: str, start: int, defined: set[str], taken: list[Span]) -> list[Span]:
    """``(the "Term")``, ``"Term" means``: the term becomes ``<def>``, once in the document."""
    spans = []
    found = []
    for paren in PARENTHETICAL.finditer(text, start):
        for q in re.finditer(QUOTED, paren.group(1)):
            found.append((paren.start(1) + q.start(1), paren.start(1) + q.end(1)))
    for m in MEANS.finditer(text, start):
        found.append((m.start(1), m.end(1)))
    for s, e in sorted(set(found)):
        term = text[s:e]
        if term in defined or any(t.start < e and s < t.end for t in taken + spans):
            continue
        defined.add(term)
        spans.append(Span(s, e, f"<def>{escape(term)}</def>"))
    return spans


def escape(text: str) -> str:
    """Text as clause markup holds it: XML's specials escaped, Jinja's delimiters written literally."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"\{[{%#]|[}%#]\}", lambda m: "{{ '" + m.group(0) + "' }}", text)
