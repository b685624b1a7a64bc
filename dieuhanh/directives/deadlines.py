"""Deadlines in calendar or working days: the one deadline function used everywhere.

Working days are Monday to Friday except Vietnamese public holidays — New Year, the Lunar New
Year (Tết), Hùng Kings' day, 30/4, 1/5, National Day and the days the Government adds or swaps
— as computed by the `holidays` package (lunar dates and substitute days included, with
Vietnamese names; DOMAIN §5). The Government sometimes moves days off and make-up working days
by a later decision; those go into the editable `CalendarException` table (a day off, or a
working Saturday), which wins over the package.

`deadline_from(issue_date, days=N, working=…)`:

- N working days: the N-th working day after the issue date (the issue date itself is not
  counted), e.g. 5 working days from Tuesday 02/02/2027 skip Tết 2027 (04–10/02) and end on
  Tuesday 16/02/2027;
- N calendar days: the issue date plus N days; if that day is not a working day the deadline
  moves to the next working day (Civil Code 2015, art. 148(5): a period whose last day is a
  weekend or public holiday ends at the end of the next working day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

from dieuhanh.directives.models import CalendarException

# Beyond this many days a deadline is a typing error, not a plan (about ten years).
MAX_DAYS = 3660
SATURDAY = 5


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    """Vietnam's public holidays of a year with their Vietnamese names (from `holidays`)."""
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    return {day: str(name) for day, name in sorted(calendar.items())}


@lru_cache(maxsize=64)
def make_up_working_days(year: int) -> frozenset[dt.date]:
    """Weekend days the Government made working days in exchange for a day off."""
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    return frozenset(day for day in calendar.weekend_workdays if day.year == year)


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days: weekdays, minus public holidays, with the edited exceptions on top."""

    extra_days_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[dt.date] = field(default_factory=frozenset)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off or day in public_holidays(day.year):
            return False
        return day.weekday() < SATURDAY or day in make_up_working_days(day.year)

    def holiday_name(self, day: dt.date) -> str:
        """The holiday's Vietnamese name, or "" on a day that is not a public holiday."""
        return public_holidays(day.year).get(day, "")

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start` (`start` not counted); `start` when 0."""
        _check_days(days)
        day = start
        counted = 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def nth_working_day_of_month(self, year: int, month: int, n: int) -> dt.date:
        """The n-th working day of a month (n from 1); ValueError if the month has fewer."""
        if n < 1:
            raise ValueError("Thứ tự ngày làm việc phải từ 1 trở lên.")
        day = dt.date(year, month, 1)
        counted = 0
        while day.month == month:
            if self.is_working_day(day):
                counted += 1
                if counted == n:
                    return day
            day += dt.timedelta(days=1)
        raise ValueError(f"Tháng {month:02d}/{year} không có {n} ngày làm việc.")

    def deadline_from(self, issue_date: dt.date, *, days: int, working: bool) -> dt.date:
        """The deadline N calendar or working days after the issue date (see the module)."""
        if working:
            return self.add_working_days(issue_date, days)
        _check_days(days)
        return self.next_working_day(issue_date + dt.timedelta(days=days))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count


def _check_days(days: int) -> None:
    if days < 0 or days > MAX_DAYS:
        raise ValueError(f"Số ngày phải từ 0 đến {MAX_DAYS}.")


def calendar_with(exceptions: Iterable[tuple[dt.date, bool]]) -> WorkingCalendar:
    """A calendar with exceptions given as (date, is_working_day) pairs."""
    exceptions = list(exceptions)
    return WorkingCalendar(
        extra_days_off=frozenset(day for day, working in exceptions if not working),
        extra_working_days=frozenset(day for day, working in exceptions if working),
    )


def working_calendar() -> WorkingCalendar:
    """The calendar in force: the package's holidays plus the edited exceptions (one query)."""
    rows = CalendarException.objects.values_list("date", "kind")
    return calendar_with((day, kind == CalendarException.Kind.WORKING) for day, kind in rows)


def deadline_from(
    issue_date: dt.date, *, days: int, working: bool, calendar: WorkingCalendar | None = None
) -> dt.date:
    """The deadline N calendar or working days after `issue_date`; see the module docstring."""
    return (calendar or working_calendar()).deadline_from(issue_date, days=days, working=working)


def is_working_day(day: dt.date, *, calendar: WorkingCalendar | None = None) -> bool:
    return (calendar or working_calendar()).is_working_day(day)


def add_working_days(
    start: dt.date, days: int, *, calendar: WorkingCalendar | None = None
) -> dt.date:
    return (calendar or working_calendar()).add_working_days(start, days)


def nth_working_day_of_month(
    year: int, month: int, n: int, *, calendar: WorkingCalendar | None = None
) -> dt.date:
    return (calendar or working_calendar()).nth_working_day_of_month(year, month, n)
