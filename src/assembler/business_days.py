"""Business days, and the counting rules the notice letters state in words.

The agreement speaks of "days", "business days" and "hours" without defining
them. The letters count by the conventions below and print them, so that the
reader can check every date; the holidays come from the python-holidays
package, by the calendar the term sheet names (``agreement.business_day_calendar``).
"""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

NAMES = {"US": "United States federal holidays", "NYSE": "NYSE market holidays"}


def calendar_problem(name: str) -> tuple[str, str] | None:
    """Why ``name`` is not a calendar we can count with, and what would be; None if it is."""
    try:
        _holidays(name, 2000)
    except (NotImplementedError, KeyError, ValueError) as exc:
        return (f"is not a holiday calendar: {exc}".rstrip(),
                "expected a country code such as US, a country and subdivision such as US-NY, "
                "or a market such as NYSE")
    return None


@lru_cache(maxsize=64)
def _holidays(name: str, year: int):
    import holidays

    if name in holidays.list_supported_financial():
        return holidays.financial_holidays(name, years=year)
    country, _, subdivision = name.partition("-")
    if country not in holidays.list_supported_countries():
        raise KeyError(f"no country or market '{country}'")
    return holidays.country_holidays(country, subdiv=subdivision or None, years=year)


class Calendar:
    def __init__(self, name: str = "US"):
        self.name = name

    def holiday(self, day: dt.date) -> str | None:
        return _holidays(self.name, day.year).get(day)

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and self.holiday(day) is None

    def on_or_after(self, day: dt.date) -> dt.date:
        while not self.is_business_day(day):
            day += dt.timedelta(days=1)
        return day

    def on_or_before(self, day: dt.date) -> dt.date:
        while not self.is_business_day(day):
            day -= dt.timedelta(days=1)
        return day

    def business_days(self, day: dt.date, count: int) -> dt.date:
        """``count`` business days after ``day`` (before it, if negative); ``day`` itself is not counted."""
        step = dt.timedelta(days=1 if count > 0 else -1)
        for _ in range(abs(count)):
            day += step
            while not self.is_business_day(day):
                day += step
        return day

    def days_after(self, day: dt.date, count: int) -> dt.date:
        """The last day of a period of ``count`` days starting the day after ``day``."""
        return self.on_or_after(day + dt.timedelta(days=count))

    def days_before(self, day: dt.date, count: int) -> dt.date:
        """The last day that is at least ``count`` days before ``day``."""
        return self.on_or_before(day - dt.timedelta(days=count))

    @staticmethod
    def hours_after(day: dt.date, hours: int) -> dt.date:
        """The day on which ``hours`` hours from a moment on ``day`` run out."""
        return day + dt.timedelta(days=math.ceil(hours / 24))

    def delivered(self, sent: dt.date, method: str) -> dt.date:
        """When a notice sent on ``sent`` is delivered, and so given."""
        if method == "courier":
            return self.business_days(sent, 1)
        return sent

    def describe(self) -> str:
        if self.name in NAMES:
            return NAMES[self.name]
        return f"the public holidays of the {self.name} calendar"

    def rule(self) -> str:
        """The counting rules in words, printed in every letter that states a date."""
        return ("A business day is a day other than a Saturday, a Sunday or one of the "
                f"{self.describe()}. A period of days is counted in calendar days from the day after "
                "the day it starts; if it ends on a day that is not a business day, it runs to the next "
                "business day. A notice due at least a number of days before a date is due on the last "
                "business day that leaves that many days. Hours run continuously, through weekends "
                "and holidays, so a period of hours from a day ends on the same time of day on a later "
                "day.")
