"""The working-year calendar (1 December – 30 November) and period names."""

import pytest

from dieuhanh.core.periods import (
    Month,
    Period,
    PeriodKind,
    full_year,
    half_year,
    month_period,
    parse_period,
    quarter,
    working_year_of,
    year_to_date,
)


def test_december_belongs_to_the_next_working_year():
    assert working_year_of(Month(2025, 12)) == 2026
    assert working_year_of(Month(2025, 11)) == 2025
    assert working_year_of(Month(2026, 1)) == 2026


def test_year_half_and_quarters_cross_the_december_boundary():
    year = full_year(2026)
    assert (year.start.isoformat(), year.end.isoformat()) == ("2025-12-01", "2026-11-30")
    assert year.label == "12 tháng năm 2026"
    assert len(year) == 12
    half = half_year(2026)
    assert (half.start.isoformat(), half.end.isoformat()) == ("2025-12-01", "2026-05-31")
    assert half.label == "6 tháng đầu năm 2026"
    q1 = quarter(2026, 1)
    assert [str(m) for m in q1] == ["12/2025", "01/2026", "02/2026"]
    assert q1.label == "Quý I năm 2026"
    assert quarter(2026, 4).label == "Quý IV năm 2026"
    assert [str(m) for m in quarter(2026, 4)] == ["09/2026", "10/2026", "11/2026"]


def test_month_and_year_to_date_names():
    assert month_period(2026, 3).label == "Tháng 3/2026"
    ytd = year_to_date(Month(2026, 2))
    assert [str(m) for m in ytd] == ["12/2025", "01/2026", "02/2026"]
    assert ytd.label == "3 tháng năm 2026 (đến hết tháng 2/2026)"
    assert month_period(2024, 2).end.isoformat() == "2024-02-29"


def test_previous_and_same_period_last_year():
    assert month_period(2026, 1).previous() == month_period(2025, 12)
    assert month_period(2026, 1).same_period_last_year() == month_period(2025, 1)
    assert quarter(2026, 1).previous() == quarter(2025, 4)
    assert half_year(2026).previous() == half_year(2025)
    assert year_to_date(Month(2026, 3)).previous() == year_to_date(Month(2025, 3))
    custom = Period.between(Month(2026, 1), Month(2026, 2))
    assert [str(m) for m in custom.previous()] == ["11/2025", "12/2025"]


@pytest.mark.parametrize(
    "period",
    [
        month_period(2025, 12),
        quarter(2026, 2),
        half_year(2026),
        full_year(2025),
        year_to_date(Month(2026, 5)),
        Period.between(Month(2025, 11), Month(2026, 1)),
    ],
)
def test_slug_round_trips(period):
    assert parse_period(period.slug) == period


@pytest.mark.parametrize("slug", ["", "m-2026-13", "q-2026-5", "x-1", "m-abc-1", "c-202602-202601"])
def test_bad_period_is_refused_in_vietnamese(slug):
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse_period(slug)


def test_custom_period_kind_and_label():
    period = Period.between(Month(2025, 11), Month(2026, 1))
    assert period.kind == PeriodKind.CUSTOM
    assert period.year == 2026
    assert period.label == "Từ 01/11/2025 đến 31/01/2026"
