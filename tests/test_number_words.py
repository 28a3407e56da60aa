"""Number words, money and dates checked against a table typed by hand.

Nothing here is computed with ``style.words`` or num2words: each row is what the house style
writes, as a lawyer would type it. The seed's own phrasing fixes the style: "one hundred and
twenty (120)" (British "and" after the hundreds), hyphens inside 21-99, a comma after the
thousands and millions, figures grouped by commas ("(2,880)"), and money in capitals with the
figures after it ("One Cent ($0.01)").

``spell`` below is a second, independent speller built from the same hand-typed atoms; the
property test (test_properties.py) checks the documents against it for numbers the table does
not list, and this file checks ``spell`` against the table first.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assembler import style

# -- the table --------------------------------------------------------------------------------

WORDS = [
    (0, "zero"), (1, "one"), (2, "two"), (3, "three"), (4, "four"), (5, "five"), (6, "six"),
    (7, "seven"), (8, "eight"), (9, "nine"), (10, "ten"), (11, "eleven"), (12, "twelve"),
    (13, "thirteen"), (14, "fourteen"), (15, "fifteen"), (16, "sixteen"), (17, "seventeen"),
    (18, "eighteen"), (19, "nineteen"), (20, "twenty"), (21, "twenty-one"),
    # tens
    (30, "thirty"), (40, "forty"), (50, "fifty"), (60, "sixty"), (70, "seventy"), (80, "eighty"),
    (90, "ninety"),
    # between the tens
    (24, "twenty-four"), (35, "thirty-five"), (48, "forty-eight"), (59, "fifty-nine"),
    (66, "sixty-six"), (72, "seventy-two"), (83, "eighty-three"), (99, "ninety-nine"),
    # hundreds
    (100, "one hundred"), (101, "one hundred and one"), (110, "one hundred and ten"),
    (115, "one hundred and fifteen"), (120, "one hundred and twenty"),
    (150, "one hundred and fifty"), (180, "one hundred and eighty"),
    (200, "two hundred"), (365, "three hundred and sixty-five"), (999, "nine hundred and ninety-nine"),
    # thousands
    (1000, "one thousand"), (1001, "one thousand and one"), (1250, "one thousand, two hundred and fifty"),
    (2880, "two thousand, eight hundred and eighty"), (15000, "fifteen thousand"),
    (21000, "twenty-one thousand"), (100000, "one hundred thousand"),
    (250000, "two hundred and fifty thousand"),
    # millions
    (1000000, "one million"), (1250000, "one million, two hundred and fifty thousand"),
    (5000000, "five million"), (20000000, "twenty million"), (25000000, "twenty-five million"),
    (2500000, "two million, five hundred thousand"),
]

COUNTS = [  # (n, unit, as the agreement writes it)
    (30, "day", "thirty (30) days"),
    (120, "day", "one hundred and twenty (120) days"),
    (1, "day", "one (1) day"),
    (2, "business day", "two (2) business days"),
    (1, "business day", "one (1) business day"),
    (24, "hour", "twenty-four (24) hours"),
    (5, "year", "five (5) years"),
    (1, "year", "one (1) year"),
    (3, "month", "three (3) months"),
    (2, "counterpart", "two (2) counterparts"),
    (15, "day", "fifteen (15) days"),
    (2880, "hour", "two thousand, eight hundred and eighty (2,880) hours"),
    (1000, "day", "one thousand (1,000) days"),
]

MONEY = [
    (Decimal("0.01"), "One Cent ($0.01)"),
    (Decimal("0.25"), "Twenty-Five Cents ($0.25)"),
    (Decimal("0.99"), "Ninety-Nine Cents ($0.99)"),
    (Decimal("1"), "One Dollar ($1)"),
    (Decimal("1.25"), "One Dollar and Twenty-Five Cents ($1.25)"),
    (Decimal("1.01"), "One Dollar and One Cent ($1.01)"),
    (Decimal("2.50"), "Two Dollars and Fifty Cents ($2.50)"),
    (Decimal("15"), "Fifteen Dollars ($15)"),
    (Decimal("120.75"), "One Hundred and Twenty Dollars and Seventy-Five Cents ($120.75)"),
    (Decimal("1250"), "One Thousand, Two Hundred and Fifty Dollars ($1,250)"),
    (Decimal("2500000"), "Two Million, Five Hundred Thousand Dollars ($2,500,000)"),
    (Decimal("0"), "Zero Dollars ($0)"),
]

FIGURES = [  # money and number, as the recitals and the charter write them
    (style.money, Decimal("0.001"), "$0.001"), (style.money, Decimal("0.0001"), "$0.0001"),
    (style.money, Decimal("12.5"), "$12.50"), (style.money, Decimal("2500000"), "$2,500,000"),
    (style.money, Decimal("1"), "$1"), (style.number, 25000000, "25,000,000"),
    (style.number, 999, "999"), (style.number, 1000, "1,000"), (style.number, Decimal("1500.25"), "1,500.25"),
    (style.number, Decimal("2.0"), "2"),
    # A fraction of a cent, as a par value can be: said in words as a decimal.
    (style.money_words, Decimal("0.005"), "Zero Point Five Cents ($0.005)"),
    (style.money_words, Decimal("1.0025"), "One Dollar and Zero Point Two Five Cents ($1.0025)"),
    (style.percent, Decimal("8"), "8%"), (style.percent, Decimal("8.50"), "8.5%"),
    (style.percent, Decimal("10"), "10%"), (style.percent, Decimal("66.67"), "66.67%"),
]

DATES = [  # (date, long_date, day_of): the agreement's and the charter's two ways
    (dt.date(2001, 1, 16), "January 16, 2001", "16th day of January, 2001"),
    (dt.date(1997, 7, 31), "July 31, 1997", "31st day of July, 1997"),
    (dt.date(1997, 8, 28), "August 28, 1997", "28th day of August, 1997"),
    (dt.date(1999, 3, 19), "March 19, 1999", "19th day of March, 1999"),
    (dt.date(2024, 2, 1), "February 1, 2024", "1st day of February, 2024"),
    (dt.date(2024, 4, 2), "April 2, 2024", "2nd day of April, 2024"),
    (dt.date(2024, 5, 3), "May 3, 2024", "3rd day of May, 2024"),
    (dt.date(2024, 6, 11), "June 11, 2024", "11th day of June, 2024"),
    (dt.date(2024, 9, 12), "September 12, 2024", "12th day of September, 2024"),
    (dt.date(2024, 10, 13), "October 13, 2024", "13th day of October, 2024"),
    (dt.date(2024, 11, 21), "November 21, 2024", "21st day of November, 2024"),
    (dt.date(2024, 12, 22), "December 22, 2024", "22nd day of December, 2024"),
    (dt.date(2018, 6, 23), "June 23, 2018", "23rd day of June, 2018"),
    (dt.date(2000, 2, 29), "February 29, 2000", "29th day of February, 2000"),
]

ORDINALS = [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"), (11, "11th"), (12, "12th"),
            (13, "13th"), (14, "14th"), (20, "20th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (30, "30th"),
            (31, "31st"), (101, "101st"), (102, "102nd"), (111, "111th"), (112, "112th"), (113, "113th"),
            (1012, "1012th"), (1021, "1021st")]


def test_the_table_is_big_enough():
    assert len(WORDS) + len(COUNTS) + len(MONEY) >= 60
    assert {n for n, _ in WORDS} >= set(range(22)) | {30, 40, 50, 60, 70, 80, 90, 1000, 2880, 100000, 1000000}


# -- a second speller, from the table's atoms --------------------------------------------------

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    head = f"{ONES[hundreds]} hundred" if hundreds else ""
    if rest < 20:
        tail = ONES[rest] if rest else ""
    else:
        tens, ones = divmod(rest, 10)
        tail = TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    return " and ".join(part for part in (head, tail) if part)


def spell(n: int) -> str:
    """The house style's words for a whole number below a billion."""
    if n == 0:
        return "zero"
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    groups = [f"{_below_thousand(g)} {scale}" for g, scale in ((millions, "million"), (thousands, "thousand")) if g]
    if units:
        # "one thousand and one", but "one thousand, two hundred and fifty"
        if groups and units < 100:
            return ", ".join(groups) + f" and {_below_thousand(units)}"
        groups.append(_below_thousand(units))
    return ", ".join(groups)


def counted(n: int, unit: str | None = None) -> str:
    """"thirty (30) days", by the house style's rules."""
    text = f"{spell(n)} ({n:,})"
    if unit is None:
        return text
    return f"{text} {unit if n == 1 else unit + 's'}"


@pytest.mark.parametrize("n, expected", WORDS)
def test_the_second_speller_agrees_with_the_table(n, expected):
    assert spell(n) == expected


# -- the style against the table ---------------------------------------------------------------

@pytest.mark.parametrize("n, expected", WORDS)
def test_words(n, expected):
    assert style.words(n) == expected


@pytest.mark.parametrize("n, expected", WORDS)
def test_count_without_a_unit_is_words_then_grouped_figures(n, expected):
    assert style.count(n) == f"{expected} ({n:,})"


@pytest.mark.parametrize("n, unit, expected", COUNTS)
def test_count(n, unit, expected):
    assert style.count(n, unit) == expected
    assert counted(n, unit) == expected


@pytest.mark.parametrize("amount, expected", MONEY)
def test_money_words(amount, expected):
    assert style.money_words(amount) == expected


@pytest.mark.parametrize("render, value, expected", FIGURES)
def test_figures(render, value, expected):
    assert render(value) == expected


def test_par_value_without_its_leading_zero_as_charters_write_it():
    assert style.money(Decimal("0.001"), leading_zero=False) == "$.001"
    assert style.money(Decimal("1.5"), leading_zero=False) == "$1.50"


@pytest.mark.parametrize("date, long, day", DATES)
def test_dates(date, long, day):
    assert style.long_date(date) == long
    assert style.long_date(date.isoformat()) == long
    assert style.day_of(date) == day
    # A time of day, as YAML may give a timestamp, prints as its date.
    assert style.long_date(dt.datetime.combine(date, dt.time(23, 59))) == long


@pytest.mark.parametrize("n, expected", ORDINALS)
def test_ordinal(n, expected):
    assert style.ordinal(n) == expected


def test_series():
    assert style.series(["A"]) == "A"
    assert style.series(["A", "B"]) == "A and B"
    assert style.series(["A", "B", "C"]) == "A, B and C"


def test_addresses():
    address = {"care_of": "Perrin Capital Corp.", "lines": ["Mezzanine Level", "5 Hanover Square"],
               "city": "New York", "state": "New York", "postal_code": "10004"}
    assert style.address_inline(address) == \
        "c/o Perrin Capital Corp., Mezzanine Level, 5 Hanover Square, New York, New York 10004"
    assert style.city_line(address) == "New York, New York 10004"
    assert style.address_inline({**address, "care_of": None}) == \
        "Mezzanine Level, 5 Hanover Square, New York, New York 10004"


def test_every_filter_passes_a_left_out_fact_through_to_blank():
    for name in ("count", "number", "money", "money_words", "percent", "long_date", "day_of",
                 "address_inline", "city_line"):
        render = style.FILTERS[name]
        # The money filters read the deal's house style from the template's context.
        got = render({}, None) if getattr(render, "jinja_pass_arg", None) else render(None)
        assert got is None, name


@pytest.mark.parametrize("house_style, expected", [({}, "$0.001"), ({"money_leading_zero": True}, "$0.001"),
                                                    ({"money_leading_zero": False}, "$.001")])
def test_money_in_the_deals_house_style(house_style, expected):
    assert style.FILTERS["money"]({"house_style": house_style}, Decimal("0.001")) == expected
    assert style.FILTERS["money"]({"house_style": house_style}, Decimal("0.001"), leading_zero=True) == "$0.001"


def test_every_filter_the_clauses_use_is_checked_here():
    """A filter a clause uses but this table does not check would be a style nobody verifies."""
    import re

    from .conftest import ROOT
    used = set()
    for path in (ROOT / "clauses").rglob("*.j2"):
        used |= set(re.findall(r"\|\s*([a-z_]+)", path.read_text()))
    ours = used & set(style.FILTERS)
    checked = {"count", "number", "money", "money_words", "percent", "long_date", "day_of", "ordinal",
               "address_inline", "city_line", "series"}
    assert ours <= checked, ours - checked


# -- money and dates by the same hand-typed rules, for the property test -----------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def dollars_and_cents(amount: Decimal) -> str:
    """"One Dollar and Twenty-Five Cents ($1.25)", for whole cents."""
    dollars, cents = int(amount), int((amount - int(amount)) * 100)
    capital = lambda n: " ".join(w if w == "and" else "-".join(p.capitalize() for p in w.split("-"))  # noqa: E731
                                 for w in spell(n).split())
    parts = [f"{capital(dollars)} {'Dollar' if dollars == 1 else 'Dollars'}"] if dollars else []
    parts += [f"{capital(cents)} {'Cent' if cents == 1 else 'Cents'}"] if cents else []
    figures = f"${dollars:,}" if not cents else f"${dollars:,}.{cents:02d}"
    return f"{' and '.join(parts) or 'Zero Dollars'} ({figures})"


def day_of(date: dt.date) -> str:
    suffix = "th" if 10 <= date.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(date.day % 10, "th")
    return f"{date.day}{suffix} day of {MONTHS[date.month - 1]}, {date.year}"


def long_date(date: dt.date) -> str:
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


@pytest.mark.parametrize("amount, expected", [m for m in MONEY if m[0] < 1_000])
def test_the_second_money_speller_agrees_with_the_table(amount, expected):
    assert dollars_and_cents(amount) == expected


@pytest.mark.parametrize("date, long, day", DATES)
def test_the_second_date_writer_agrees_with_the_table(date, long, day):
    assert (long_date(date), day_of(date)) == (long, day)


@pytest.mark.parametrize("house_style, expected", [({}, "Zero Point Five Cents ($0.005)"),
                                                    ({"money_leading_zero": True}, "Zero Point Five Cents ($0.005)"),
                                                    ({"money_leading_zero": False}, "Zero Point Five Cents ($.005)"),
                                                    (None, "Zero Point Five Cents ($0.005)")])
def test_money_words_in_the_deals_house_style(house_style, expected):
    assert style.FILTERS["money_words"]({"house_style": house_style}, Decimal("0.005")) == expected


WITH_AND = "Two Hundred and Fifty Dollars and Fifty Cents ($250.50)"


@pytest.mark.parametrize("house_style, expected", [({}, WITH_AND), (None, WITH_AND),
                                                    ({"number_words_and": True}, WITH_AND),
                                                    ({"number_words_and": False},
                                                     "Two Hundred Fifty Dollars and Fifty Cents ($250.50)")])
def test_money_words_keep_the_and_unless_the_deals_house_style_drops_it(house_style, expected):
    assert style.FILTERS["money_words"]({"house_style": house_style}, Decimal("250.5")) == expected
