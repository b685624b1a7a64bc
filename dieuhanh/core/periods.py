"""The working-year calendar: months, quarters, 6 and 12 months, year to date, custom ranges.

The procuracy's working and statistical year runs from 1 December of the previous calendar year
to 30 November (DOMAIN §5); the start month is a setting (`WORKING_YEAR_START_MONTH`). Working
year 2026 is 01/12/2025–30/11/2026. Months are calendar months.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings

ROMAN = ["I", "II", "III", "IV"]


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"  # 6 tháng đầu năm
    YEAR = "year"  # 12 tháng
    YEAR_TO_DATE = "ytd"
    CUSTOM = "custom"


def start_month() -> int:
    return int(getattr(settings, "WORKING_YEAR_START_MONTH", 12))


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"Tháng không hợp lệ: {self.month}")

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def shift(self, months: int) -> Month:
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    @property
    def key(self) -> int:
        """A sortable integer (yyyymm) used in queries."""
        return self.year * 100 + self.month

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year}"


def working_year_of(day: dt.date | Month) -> int:
    """The working year a date or month belongs to (December 2025 → 2026 with a December start)."""
    first = start_month()
    if first == 1:
        return day.year
    return day.year + 1 if day.month >= first else day.year


def working_year_start(year: int) -> Month:
    first = start_month()
    return Month(year - 1, first) if first != 1 else Month(year, 1)


@dataclass(frozen=True)
class Period:
    """A reporting period: a run of whole months with its name as reports write it."""

    kind: PeriodKind
    first: Month
    last: Month
    year: int  # the working year it belongs to (of its last month)

    @property
    def start(self) -> dt.date:
        return self.first.first_day

    @property
    def end(self) -> dt.date:
        return self.last.last_day

    def months(self) -> list[Month]:
        result, current = [], self.first
        while current <= self.last:
            result.append(current)
            current = current.shift(1)
        return result

    def __iter__(self) -> Iterator[Month]:
        return iter(self.months())

    def __len__(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    @property
    def label(self) -> str:
        """The period's name as reports write it."""
        if self.kind == PeriodKind.MONTH:
            return f"Tháng {self.first.month}/{self.first.year}"
        if self.kind == PeriodKind.QUARTER:
            index = (len(Period.between(working_year_start(self.year), self.first)) - 1) // 3
            return f"Quý {ROMAN[index]} năm {self.year}"
        if self.kind == PeriodKind.HALF:
            return f"6 tháng đầu năm {self.year}"
        if self.kind == PeriodKind.YEAR:
            return f"12 tháng năm {self.year}"
        if self.kind == PeriodKind.YEAR_TO_DATE:
            through = f"{self.last.month}/{self.last.year}"
            return f"{len(self)} tháng năm {self.year} (đến hết tháng {through})"
        return f"Từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y}"

    def __str__(self) -> str:
        return self.label

    @property
    def slug(self) -> str:
        """A stable identifier for URLs.

        m-2026-03, q-2026-1, h-2026, y-2026, ytd-2026-05, c-202512-202602.
        """
        if self.kind == PeriodKind.MONTH:
            return f"m-{self.first.year}-{self.first.month:02d}"
        if self.kind == PeriodKind.QUARTER:
            index = (len(Period.between(working_year_start(self.year), self.first)) - 1) // 3 + 1
            return f"q-{self.year}-{index}"
        if self.kind == PeriodKind.HALF:
            return f"h-{self.year}"
        if self.kind == PeriodKind.YEAR:
            return f"y-{self.year}"
        if self.kind == PeriodKind.YEAR_TO_DATE:
            return f"ytd-{self.last.year}-{self.last.month:02d}"
        return f"c-{self.first.key}-{self.last.key}"

    @staticmethod
    def between(first: Month, last: Month, kind: PeriodKind = PeriodKind.CUSTOM) -> Period:
        if last < first:
            raise ValueError("Tháng kết thúc phải sau tháng bắt đầu.")
        return Period(kind, first, last, working_year_of(last))

    def shifted_years(self, years: int) -> Period:
        """The same period `years` working years later (negative: earlier)."""
        return Period(
            self.kind, self.first.shift(12 * years), self.last.shift(12 * years), self.year + years
        )

    def previous(self) -> Period:
        """The previous comparable period: the month, quarter, half or year before; for a
        year-to-date or custom range, the same number of months just before."""
        if self.kind in (PeriodKind.HALF, PeriodKind.YEAR, PeriodKind.YEAR_TO_DATE):
            return self.shifted_years(-1)
        length = len(self)
        return Period(
            self.kind,
            self.first.shift(-length),
            self.last.shift(-length),
            working_year_of(self.last.shift(-length)),
        )

    def same_period_last_year(self) -> Period:
        return self.shifted_years(-1)


def month_period(year: int, month: int) -> Period:
    m = Month(year, month)
    return Period(PeriodKind.MONTH, m, m, working_year_of(m))


def quarter(year: int, index: int) -> Period:
    """Quarter 1–4 of a working year (with a December start, quarter I is December–February)."""
    if not 1 <= index <= 4:
        raise ValueError("Quý phải từ 1 đến 4.")
    first = working_year_start(year).shift(3 * (index - 1))
    return Period(PeriodKind.QUARTER, first, first.shift(2), year)


def half_year(year: int) -> Period:
    first = working_year_start(year)
    return Period(PeriodKind.HALF, first, first.shift(5), year)


def full_year(year: int) -> Period:
    first = working_year_start(year)
    return Period(PeriodKind.YEAR, first, first.shift(11), year)


def year_to_date(through: Month) -> Period:
    year = working_year_of(through)
    return Period(PeriodKind.YEAR_TO_DATE, working_year_start(year), through, year)


def parse_period(slug: str) -> Period:
    """The period named by a slug (see Period.slug); ValueError with a Vietnamese message."""
    try:
        kind, *parts = slug.split("-")
        numbers = [int(p) for p in parts]
        if kind == "m" and len(numbers) == 2:
            return month_period(numbers[0], numbers[1])
        if kind == "q" and len(numbers) == 2:
            return quarter(numbers[0], numbers[1])
        if kind == "h" and len(numbers) == 1:
            return half_year(numbers[0])
        if kind == "y" and len(numbers) == 1:
            return full_year(numbers[0])
        if kind == "ytd" and len(numbers) == 2:
            return year_to_date(Month(numbers[0], numbers[1]))
        if kind == "c" and len(numbers) == 2:
            return Period.between(
                Month(numbers[0] // 100, numbers[0] % 100),
                Month(numbers[1] // 100, numbers[1] % 100),
            )
    except ValueError as error:
        raise ValueError(f"Kỳ “{slug}” không hợp lệ: {error}") from error
    raise ValueError(f"Kỳ “{slug}” không hợp lệ.")
