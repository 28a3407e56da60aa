"""Business-day counting against a table typed out independently of the code.

tests/data/holidays-2000-2030.tsv lists, for 2000-2030, every weekday on which the federal
government (5 U.S.C. 6103, with its observed dates) or the New York Stock Exchange (Rule 7.2, with
its observed dates and the unscheduled closures) does no business. The code takes its holidays
from the python-holidays package; nothing here does. For every holiday of both calendars, a
period that ends on it runs to the next business day, a notice due at least a number of days
before it is due the business day before, and a piggyback letter states those days.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, SECOND, variant, write_sheet

TABLE = ROOT / "tests" / "data" / "holidays-2000-2030.tsv"
FIRST, LAST = dt.date(2000, 1, 1), dt.date(2030, 12, 31)
MONTHS = ("January February March April May June July August September October November December").split()
DAY = dt.timedelta(days=1)


def read_table() -> dict[str, dict[dt.date, str]]:
    table: dict[str, dict[dt.date, str]] = {"US": {}, "NYSE": {}}
    for line in TABLE.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        calendar, day, weekday, name = line.split("\t")
        date = dt.date.fromisoformat(day)
        assert date.strftime("%a") == weekday, f"{line!r}: the weekday is wrong"
        assert date.weekday() < 5, f"{line!r}: a weekend day is never a business day, list weekdays only"
        table[calendar][date] = name
    return table


HOLIDAYS = read_table()


def business(calendar: str, day: dt.date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS[calendar]


def next_business(calendar: str, day: dt.date) -> dt.date:
    while not business(calendar, day):
        day += DAY
    return day


def previous_business(calendar: str, day: dt.date) -> dt.date:
    while not business(calendar, day):
        day -= DAY
    return day


def spelt(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def every_holiday():
    return [pytest.param(calendar, day, id=f"{calendar}-{day}") for calendar in HOLIDAYS
            for day in sorted(HOLIDAYS[calendar])]


def test_the_table_holds_what_a_lawyer_knows():
    """A few days checked against the published calendars, so a slip in the table shows here."""
    us, nyse = HOLIDAYS["US"], HOLIDAYS["NYSE"]
    assert len(us) == 319 and len(nyse) == 293
    assert dt.date(2024, 9, 2) in us and dt.date(2024, 9, 2) in nyse  # Labor Day
    assert dt.date(2024, 3, 29) in nyse and dt.date(2024, 3, 29) not in us  # Good Friday
    assert dt.date(2024, 10, 14) in us and dt.date(2024, 10, 14) not in nyse  # Columbus Day
    assert dt.date(2021, 6, 18) in us and dt.date(2021, 6, 18) not in nyse  # Juneteenth: federal from 2021
    assert dt.date(2022, 6, 20) in us and dt.date(2022, 6, 20) in nyse  # NYSE from 2022, Sunday → Monday
    assert dt.date(2021, 12, 31) in us and dt.date(2021, 12, 31) not in nyse  # New Year's Day 2022 was a Saturday
    assert {dt.date(2001, 9, d) for d in (11, 12, 13, 14)} <= set(nyse)
    for closure in (dt.date(2004, 6, 11), dt.date(2007, 1, 2), dt.date(2012, 10, 29), dt.date(2012, 10, 30),
                    dt.date(2018, 12, 5), dt.date(2025, 1, 9)):
        assert closure in nyse and closure not in us, closure


RULES = ("A business day is a day other than a Saturday, a Sunday or one of the {}. A period of days is "
         "counted in calendar days from the day after the day it starts; if it ends on a day that is not a "
         "business day, it runs to the next business day. A notice due at least a number of days before a date "
         "is due on the last business day that leaves that many days. Hours run continuously, through weekends "
         "and holidays, so a period of hours from a day ends on the same time of day on a later day.")


def test_the_counting_rules_in_words_name_the_calendar(tmp_path):
    """What ``notice --explain`` prints after each letter's dates."""
    from assembler import api, letters
    from assembler.business_days import Calendar

    assert Calendar().rule() == RULES.format("United States federal holidays")
    assert Calendar("NYSE").rule() == RULES.format("NYSE market holidays")
    assert Calendar("US-NY").describe() == "the public holidays of the US-NY calendar"
    path = piggyback_sheet(tmp_path, "NYSE")
    made = letters.letters(api.load_termsheet(path, api.library_for(path, ())),
                           letters.Request(kind="piggyback", to="initial-investor", date=dt.date(2024, 3, 17),
                                           filing_date=dt.date(2024, 5, 1)))
    assert made[0].explain().endswith("  counting rules: " + RULES.format("NYSE market holidays"))
    assert "  response due: 2024-04-01" in made[0].explain()  # 12 days from March 17 is Good Friday (NYSE)


def test_hours_run_through_weekends_and_holidays():
    from assembler.business_days import Calendar

    labor_day_eve = dt.date(2024, 8, 31)  # a Saturday; Monday is Labor Day
    for hours, day in [(0, 31), (1, 1), (12, 1), (24, 1), (25, 2), (36, 2), (48, 2), (49, 3)]:
        expected = labor_day_eve + dt.timedelta(days={31: 0, 1: 1, 2: 2, 3: 3}[day])
        assert Calendar("US").hours_after(labor_day_eve, hours) == expected, hours


@pytest.mark.parametrize("calendar", ["US", "NYSE"])
def test_every_day_from_2000_to_2030_is_a_business_day_or_not_as_the_table_says(calendar):
    from assembler.business_days import Calendar

    counted = Calendar(calendar)
    day, wrong = FIRST, []
    while day <= LAST:
        if counted.is_business_day(day) != business(calendar, day):
            wrong.append(f"{day} {day:%a} {HOLIDAYS[calendar].get(day, '')}")
        day += DAY
    assert wrong == []


@pytest.mark.parametrize("calendar", ["US", "NYSE"])
def test_a_period_ending_on_any_holiday_runs_to_the_next_business_day(calendar):
    from assembler.business_days import Calendar

    counted = Calendar(calendar)
    for holiday in sorted(HOLIDAYS[calendar]):
        after = next_business(calendar, holiday)
        before = previous_business(calendar, holiday)
        for days in (1, 12, 30):
            assert counted.days_after(holiday - days * DAY, days) == after, (holiday, days)
            assert counted.days_before(holiday + days * DAY, days) == before, (holiday, days)
        # One business day from the day before the holiday is the first business day after it.
        assert counted.business_days(holiday - DAY, 1) == after, holiday
        assert counted.business_days(holiday + DAY, -1) == previous_business(calendar, holiday), holiday
        assert counted.on_or_after(holiday) == after and counted.on_or_before(holiday) == before
        # A courier delivers on the next business day.
        assert counted.delivered(holiday - DAY, "courier") == after, holiday


def piggyback_sheet(tmp_path: Path, calendar: str) -> Path:
    """The second deal, signed before 2000 so a letter may be dated in any year of the table, and
    counting by ``calendar``."""
    return write_sheet(tmp_path, variant({"agreement.date": "1999-12-01",
                                          "agreement.business_day_calendar": calendar}, base=SECOND))


def letter_words(paragraphs) -> str:
    return " ".join(text if isinstance(text, str) else " ".join(text) for _, text in paragraphs)


@pytest.mark.parametrize("calendar", ["US", "NYSE"])
def test_a_piggyback_letter_states_the_day_after_every_holiday(tmp_path, calendar):
    """The second deal gives 12 days to answer a piggyback notice and wants it 15 days before the
    filing. A letter dated 12 days before each holiday states the first business day after it
    as the answer's deadline; one for a filing 15 days after the holiday states the business
    day before it as the notice's."""
    from assembler import api, letters

    path = piggyback_sheet(tmp_path, calendar)
    sheet = api.load_termsheet(path, api.library_for(path, ()))
    for holiday in sorted(HOLIDAYS[calendar]):
        sent = holiday - 12 * DAY
        made = letters.letters(sheet, letters.Request(kind="piggyback", to="initial-investor", date=sent,
                                                      filing_date=holiday + 15 * DAY))
        words = letter_words(made[0].paragraphs)
        assert "within twelve (12) days after your receipt" in words
        due = re.search(r"your request must reach the Company no later than (\w+ \d+, \d{4})", words)
        assert due and due.group(1) == spelt(next_business(calendar, holiday)), (holiday, words)
        latest = re.search(r"at least fifteen \(15\) days before.*?no later than (\w+ \d+, \d{4})", words)
        assert latest and latest.group(1) == spelt(previous_business(calendar, holiday)), (holiday, words)


# The issue's own case (Labor Day 2024), and one holiday of each name in both calendars, through
# the API's files and the command line.
SAMPLES = sorted({(calendar, name.removesuffix(" (observed)")): day for calendar in HOLIDAYS
                  for day, name in sorted(HOLIDAYS[calendar].items(), reverse=True)}.items())


@pytest.mark.parametrize("calendar, name, holiday",
                         [pytest.param(c, n, d, id=f"{c}-{d}") for (c, n), d in SAMPLES
                          if d.year >= 2000 and d - 12 * DAY >= dt.date(2000, 1, 1)])
def test_the_letter_written_by_the_api_states_the_day_after_the_holiday(tmp_path, calendar, name, holiday):
    from assembler import api

    sent = holiday - 12 * DAY
    api.notice(piggyback_sheet(tmp_path, calendar), "piggyback", "initial-investor", sent, tmp_path / "out",
               ("txt",), filing_date=holiday + 40 * DAY)
    text = " ".join(next((tmp_path / "out").glob("*.txt")).read_text().split())
    assert f"This notice is given on {spelt(sent)}, so your request must reach the Company no later than " \
           f"{spelt(next_business(calendar, holiday))}." in text


def test_the_command_line_letter_for_labor_day_2024_says_september_3(tmp_path):
    from tests.conftest import run_cli

    sheet = piggyback_sheet(tmp_path, "US")
    done = run_cli("notice", str(sheet), "--kind", "piggyback", "--to", "initial-investor", "--date", "2024-08-21",
                   "--filing-date", "2024-10-01", "--format", "txt", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    text = " ".join(next((tmp_path / "out").glob("*.txt")).read_text().split())
    assert "no later than September 3, 2024." in text and "September 2, 2024" not in text
