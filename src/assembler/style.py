"""Legal style: one value, its conventional renderings.

The words are computed from the number, so "thirty (30)" can never say
"thirty (31)". Every function passes ``None`` through, so a fact the term
sheet leaves out reaches the ``blank`` filter untouched.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
from decimal import Decimal
from typing import Any, Callable

import jinja2
from num2words import num2words

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def keeps_none(render: Callable) -> Callable:
    """A fact left out (None) passes through untouched, for the ``blank`` filter to catch."""
    @functools.wraps(render)
    def wrapper(value, *args, **kwargs):
        return None if value is None else render(value, *args, **kwargs)
    return wrapper


def words(n: int, with_and: bool = True) -> str:
    """30 → "thirty"; 120 → "one hundred and twenty" (the seed's own phrasing), or without the
    "and", as US drafting writes it: "one hundred twenty"."""
    text = num2words(int(n), lang="en")
    return text if with_and else text.replace(" and ", " ")


def plural(unit: str, n: int | Decimal) -> str:
    """Every unit a clause counts in ("day", "business day", "counterpart") takes a plain "s"."""
    return unit if n == 1 else unit + "s"


def count(n: Any, unit: str | None = None, with_and: bool = True) -> str | None:
    """30, "day" → "thirty (30) days"; 2880 → "two thousand, eight hundred and eighty (2,880)"."""
    n = int(n)
    text = f"{words(n, with_and)} ({n:,})"
    return f"{text} {plural(unit, n)}" if unit else text


def number(n: Any) -> str | None:
    """1500000 → "1,500,000"."""
    return f"{int(n):,}" if Decimal(n) == int(n) else f"{Decimal(n):,}"


def money(x: Any, leading_zero: bool = True) -> str | None:
    """1500000 → "$1,500,000"; 0.01 → "$0.01"; 12.5 → "$12.50"; 0.001 → "$0.001", or "$.001"
    without the leading zero, as charters write par values."""
    x = Decimal(str(x))
    if x == x.to_integral_value():
        return f"${int(x):,}"
    places = max(2, -x.normalize().as_tuple().exponent)
    text = f"{x:,.{places}f}"
    if not leading_zero and text.startswith("0."):
        text = text[1:]
    return f"${text}"


def _title(text: str) -> str:
    return " ".join(w if w == "and" else "-".join(p.capitalize() for p in w.split("-"))
                    for w in text.split())


def money_words(x: Any, leading_zero: bool = True, with_and: bool = True) -> str | None:
    """0.01 → "One Cent ($0.01)"; 2.5 → "Two Dollars and Fifty Cents ($2.50)"."""
    x = Decimal(str(x))
    dollars = int(x)
    cents = (x - dollars) * 100
    parts = []
    if dollars:
        parts.append(f"{_title(words(dollars, with_and))} {'Dollar' if dollars == 1 else 'Dollars'}")
    if cents:
        if cents == int(cents):
            amount = _title(words(int(cents), with_and))
        else:  # a fraction of a cent, e.g. $0.005: "Zero Point Five Cents"
            amount = _title(num2words(cents.normalize(), lang="en").replace(",", ""))
        parts.append(f"{amount} {'Cent' if cents == 1 else 'Cents'}")
    if not parts:
        parts.append("Zero Dollars")
    return f"{' and '.join(parts)} ({money(x, leading_zero)})"


def percent(x: Any) -> str | None:
    """10 → "10%"; 8.5 → "8.5%"."""
    x = Decimal(str(x)).normalize()
    return f"{x:f}%"


def long_date(d: Any) -> str | None:
    """2024-03-05 → "March 5, 2024"."""
    d = _date(d)
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def ordinal(n: int) -> str:
    """1 → "1st", 19 → "19th", 22 → "22nd"."""
    if n % 100 in (11, 12, 13):  # "11th", "112th", but "21st", "102nd"
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def day_of(d: Any) -> str | None:
    """1999-03-19 → "19th day of March, 1999"."""
    d = _date(d)
    return f"{ordinal(d.day)} day of {MONTHS[d.month - 1]}, {d.year}"


def address_inline(address: Any) -> str | None:
    """An address mapping → "1 Main Street, Springfield, Illinois 62701"."""
    parts = []
    if address.get("care_of"):
        parts.append(f"c/o {address['care_of']}")
    parts += list(address["lines"])
    parts.append(f"{address['city']}, {address['state']} {address['postal_code']}")
    return ", ".join(parts)


def city_line(address: Any) -> str | None:
    """An address mapping → "Springfield, Illinois 62701"."""
    return f"{address['city']}, {address['state']} {address['postal_code']}"


def _date(d: Any) -> dt.date:
    return d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))


def series(items: Any) -> str:
    """["A", "B", "C"] → "A, B and C"."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def house_money(context, x: Any, leading_zero: bool | None = None) -> str | None:
    """``money`` in the deal's house style (``house_style.money_leading_zero``), so the charter and the
    agreement write a par value alike."""
    if leading_zero is None:
        leading_zero = (context.get("house_style") or {}).get("money_leading_zero", True)
    return money(x, leading_zero)


def house_money_words(context, x: Any) -> str | None:
    return money_words(x, _house(context, "money_leading_zero"), _house(context, "number_words_and"))


def house_count(context, n: Any, unit: str | None = None) -> str | None:
    """``count`` in the deal's house style: "one hundred and eighty" or, with
    ``house_style.number_words_and: false``, "one hundred eighty"."""
    return count(n, unit, _house(context, "number_words_and"))


def _house(context, name: str) -> bool:
    return (context.get("house_style") or {}).get(name, True)


# Dates: a clause computes a date from the term sheet's ("the 180th day after the Closing Date")
# rather than a lawyer typing it. Each passes None through and takes a date or ISO text.

def add_days(d: Any, n: int) -> dt.date | None:
    """2024-03-05 | add_days(180) → 2024-09-01; a negative count goes back."""
    return _date(d) + dt.timedelta(days=int(n))


def add_months(d: Any, n: int) -> dt.date | None:
    """2024-01-31 | add_months(1) → 2024-02-29: a day the month lacks becomes its last day."""
    d = _date(d)
    year, month = divmod(d.year * 12 + d.month - 1 + int(n), 12)
    return dt.date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def add_years(d: Any, n: int) -> dt.date | None:
    """2024-02-29 | add_years(1) → 2025-02-28."""
    return add_months(d, 12 * int(n))


def add_business_days(context, d: Any, n: int) -> dt.date | None:
    """``n`` business days after ``d`` (before it, if negative), ``d`` itself not counted, by the
    calendar the notice letters count with (``agreement.business_day_calendar``, US by default)."""
    if d is None:
        return None
    from .business_days import Calendar

    return Calendar(_calendar(context)).business_days(_date(d), int(n))


def _calendar(context) -> str:
    agreement = context.get("agreement")
    return (agreement.get("business_day_calendar") if isinstance(agreement, dict) else None) or "US"


def later_of(d: Any, other: Any) -> dt.date | None:
    """The later of two dates; a date left out (None) gives way to the other."""
    dates = [_date(x) for x in (d, other) if x is not None]
    return max(dates) if dates else None


def earlier_of(d: Any, other: Any) -> dt.date | None:
    """The earlier of two dates; a date left out (None) gives way to the other."""
    dates = [_date(x) for x in (d, other) if x is not None]
    return min(dates) if dates else None


# Applied here rather than as decorators: mutmut (scripts/mutation-test) leaves a decorated function
# unmutated, and these bodies are the house style.
(count, number, money, money_words, percent, long_date, day_of, address_inline,
 city_line, add_days, add_months, add_years) = map(keeps_none, (count, number, money, money_words, percent, long_date,
                                                                day_of, address_inline, city_line, add_days,
                                                                add_months, add_years))
house_money, house_money_words, house_count, add_business_days = map(
    jinja2.pass_context, (house_money, house_money_words, house_count, add_business_days))

FILTERS = {
    "series": series,
    "count": house_count,
    "number": number,
    "money": house_money,
    "money_words": house_money_words,
    "percent": percent,
    "long_date": long_date,
    "day_of": day_of,
    "ordinal": ordinal,
    "address_inline": address_inline,
    "city_line": city_line,
    "add_days": add_days,
    "add_months": add_months,
    "add_years": add_years,
    "add_business_days": add_business_days,
    "later_of": later_of,
    "earlier_of": earlier_of,
}
