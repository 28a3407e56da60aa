"""Legal style filters, checked against the seed's own phrasings."""
import datetime as dt
from decimal import Decimal

import pytest

from assembler import style


@pytest.mark.parametrize("n, unit, expected", [
    (30, "day", "thirty (30) days"),                       # seed 2(a)
    (120, "day", "one hundred and twenty (120) days"),      # seed 2(a)
    (24, "hour", "twenty-four (24) hours"),                 # seed 2(a)
    (48, "hour", "forty-eight (48) hours"),                 # seed 2(a)
    (2, "business day", "two (2) business days"),           # seed 2(a), 4(a)
    (5, "year", "five (5) years"),                          # seed 3(a)
    (3, "month", "three (3) months"),                       # seed 3(k)
    (2, "counterpart", "two (2) counterparts"),             # seed 11(m)
    (1, "day", "one (1) day"),
    (1, "business day", "one (1) business day"),
])
def test_count_words_and_numerals_from_one_value(n, unit, expected):
    assert style.count(n, unit) == expected


def test_count_words_follow_the_number():
    for n in range(1, 400):
        text = style.count(n)
        assert text.endswith(f"({n})")
        assert text.split(" (")[0] == style.words(n)


@pytest.mark.parametrize("amount, expected", [
    (Decimal("0.01"), "One Cent ($0.01)"),                  # seed 2(a)
    (Decimal("0.25"), "Twenty-Five Cents ($0.25)"),
    (Decimal("1"), "One Dollar ($1)"),
    (Decimal("2.50"), "Two Dollars and Fifty Cents ($2.50)"),
    (Decimal("1250"), "One Thousand, Two Hundred and Fifty Dollars ($1,250)"),
])
def test_money_words(amount, expected):
    assert style.money_words(amount) == expected


@pytest.mark.parametrize("amount, expected", [
    (Decimal("0.001"), "$0.001"), (Decimal("0.0001"), "$0.0001"), (Decimal("2500000"), "$2,500,000"),
    (Decimal("12.5"), "$12.50"),
])
def test_money(amount, expected):
    assert style.money(amount) == expected


def test_percent_and_dates():
    assert style.percent(Decimal("8")) == "8%"
    assert style.percent(Decimal("8.50")) == "8.5%"
    assert style.long_date(dt.date(2001, 1, 16)) == "January 16, 2001"
    assert style.day_of(dt.date(1999, 3, 19)) == "19th day of March, 1999"
    assert [style.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"]


def test_none_passes_through_to_blank():
    for fn in (style.count, style.money, style.money_words, style.percent, style.long_date,
               style.number, style.address_inline):
        assert fn(None) is None
