"""Candidate values read from changed words: how a fact is written, read back.

"forty-five (45) days" → 45; "$1,500,000" → 1500000; "8%" → 8; "February 1, 2001" and "1st day of
February, 2001" → 2001-02-01. Words and figures that disagree ("forty-five (30)") give both, and
``disagreements`` names them as a finding.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

from ..style import MONTHS, words as number_words

_MONTH = "(" + "|".join(MONTHS) + ")"
_LONG_DATE = re.compile(_MONTH + r"\s+(\d{1,2}),\s*(\d{4})")
_DAY_OF = re.compile(r"(\d{1,2})(?:st|nd|rd|th)\s+day\s+of\s+" + _MONTH + r",?\s*(\d{4})")
_FIGURE = re.compile(r"\$?\d[\d,]*(?:\.\d+)?%?")
_CLUE = re.compile(r"[A-Za-z] \(\$?\d")
_WORDS_FIGURE = re.compile(r"([A-Za-z][A-Za-z -]*?)\s*\((\$?\d[\d,]*(?:\.\d+)?)\)")


@functools.lru_cache(maxsize=1)
def _word_numbers() -> dict[str, int]:
    table = {number_words(n): n for n in range(0, 1001)}
    table.update({k.replace(" and ", " "): v for k, v in list(table.items())})
    return table


def word_number(text: str) -> int | None:
    """"forty-five" → 45 (up to a thousand), else None."""
    return _word_numbers().get(" ".join(text.lower().split()))


def numbers(text: str) -> list[Decimal]:
    """Every number the text writes, figures and words alike, most specific first."""
    found: list[Decimal] = []
    for match in (_WORDS_FIGURE.finditer(text) if _CLUE.search(text) else ()):
        figure = _decimal(match.group(2))
        if figure is not None:
            found.append(figure)
        tail = match.group(1).split()
        for start in range(len(tail)):  # the longest run of words before the figure that is a number
            value = word_number(" ".join(tail[start:]))
            if value is not None:
                found.append(Decimal(value))
                break
    for match in _FIGURE.finditer(text):
        value = _decimal(match.group(0))
        if value is not None:
            found.append(value)
    for word in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)?", text):
        value = word_number(word)
        if value is not None:
            found.append(Decimal(value))
    return list(dict.fromkeys(found))


def disagreements(text: str) -> list[str]:
    """Words and figures that say different numbers: "forty-five (30)"."""
    out = []
    if not _CLUE.search(text):  # no word before a bracketed figure: nothing to compare (and fast)
        return out
    for match in _WORDS_FIGURE.finditer(text):
        figure = _decimal(match.group(2))
        tail = match.group(1).split()
        for start in range(len(tail)):
            value = word_number(" ".join(tail[start:]))
            if value is not None:
                if figure is not None and Decimal(value) != figure and "$" not in match.group(2):
                    out.append(" ".join(tail[start:]) + f" ({match.group(2)})")
                break
    return out


def dates(text: str) -> list[dt.date]:
    found = []
    for match in _LONG_DATE.finditer(text):
        found.append(_date(int(match.group(3)), MONTHS.index(match.group(1)) + 1, int(match.group(2))))
    for match in _DAY_OF.finditer(text):
        found.append(_date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1))))
    return [d for d in found if d is not None]


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace("$", "").replace(",", "").replace("%", ""))
    except InvalidOperation:
        return None
