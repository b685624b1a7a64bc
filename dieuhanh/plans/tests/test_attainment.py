"""Attainment with hand-computed values: carry-over and exclusions, definitions changing
mid-year, roll-up over a subtree, zero tolerance, lower-is-better, the December boundary."""

import datetime as dt
from decimal import Decimal as D  # noqa: N817 - short for readable tables of figures

from dieuhanh.core.periods import Month, Period, full_year, month_period, quarter
from dieuhanh.plans.attainment import (
    Definition,
    Status,
    compute,
    judge,
    projected_year_end,
    roll_up,
)
from dieuhanh.plans.models import Indicator, IndicatorVersion, StatItem

KINDS = {
    "TON": StatItem.Kind.STOCK,
    "MOI": "flow",
    "CHUYEN": "flow",
    "GQ": "flow",
    "OAN": "flow",
    "QH": "flow",
}


def resolved_indicator(**extra):
    return Indicator(code="TL_GQ", name="Tỷ lệ giải quyết", kind=Indicator.Kind.RATIO, **extra)


def definition(indicator, start, numerator, denominator=""):
    return Definition.of(
        IndicatorVersion(
            indicator=indicator, effective_from=start, numerator=numerator, denominator=denominator
        )
    )


def values(**by_code):
    """values(GQ={202512: 15}) → {("GQ", 202512): D(15)}"""
    return {(code, month): D(v) for code, months in by_code.items() for month, v in months.items()}


def test_carry_over_and_exclusions_across_the_december_boundary():
    # Given 10 reports carried over at the end of November 2025, 20 and 30 new in December and
    # January, 2 and 3 transferred away, 15 and 25 resolved
    indicator = resolved_indicator()
    rule = definition(indicator, dt.date(2020, 1, 1), "GQ", "TON@start + MOI - CHUYEN")
    data = values(
        TON={202511: 10, 202512: 13, 202601: 15},
        MOI={202512: 20, 202601: 30},
        CHUYEN={202512: 2, 202601: 3},
        GQ={202512: 15, 202601: 25},
    )
    # When December 2025–January 2026 is computed (it spans two calendar years, one working year)
    period = Period.between(Month(2025, 12), Month(2026, 1))
    result = compute(indicator, [rule], period, data, KINDS, D(90))
    # Then resolved ÷ (carried over + new − transferred) = 40 ÷ 55 = 72.73 %, below 90 %
    assert (result.numerator, result.denominator, result.value) == (D(40), D(55), D("72.73"))
    assert result.status == Status.MISSED
    assert result.gap == D("-17.27")
    assert period.year == 2026


def test_opening_stock_is_the_previous_months_closing_value():
    indicator = resolved_indicator()
    rule = definition(indicator, dt.date(2020, 1, 1), "GQ", "TON@start + MOI - CHUYEN")
    data = values(
        TON={202511: 10, 202512: 13}, MOI={202601: 30}, GQ={202601: 25}, CHUYEN={202601: 3}
    )
    result = compute(indicator, [rule], month_period(2026, 1), data, KINDS, D(90))
    # January opens with December's closing 13: 25 ÷ (13 + 30 − 3) = 62.5 %
    assert (result.denominator, result.value) == (D(40), D("62.50"))


def test_definition_change_mid_year_computes_each_month_with_its_own_version():
    # Given version 1 (new reports only) until 31/12/2025, version 2 (with carry-over and
    # exclusions) from 01/01/2026
    indicator = resolved_indicator()
    v1 = definition(indicator, dt.date(2019, 1, 1), "GQ", "MOI")
    v2 = definition(indicator, dt.date(2026, 1, 1), "GQ", "TON@start + MOI - CHUYEN")
    data = values(
        TON={202511: 8, 202512: 10, 202601: 12, 202602: 9},
        MOI={202512: 20, 202601: 30, 202602: 10},
        CHUYEN={202512: 1, 202601: 2, 202602: 1},
        GQ={202512: 16, 202601: 26, 202602: 12},
    )
    # When quarter I of 2026 (December–February) is computed
    result = compute(indicator, [v1, v2], quarter(2026, 1), data, KINDS, D(90))
    # Then December uses v1: 16 ÷ 20; January–February use v2 with January's opening stock:
    # (26 + 12) ÷ (10 + 40 − 3) = 38 ÷ 47; together 54 ÷ 67 = 80.60 %
    assert [(r.first.key, r.last.key, r.definition is v2) for r in result.runs] == [
        (202512, 202512, False),
        (202601, 202602, True),
    ]
    assert (result.numerator, result.denominator, result.value) == (D(54), D(67), D("80.60"))
    # And December alone still uses v1, February alone v2
    assert compute(indicator, [v1, v2], month_period(2025, 12), data, KINDS, D(90)).value == D(
        "80.00"
    )
    assert compute(indicator, [v1, v2], month_period(2026, 2), data, KINDS, D(90)).denominator == D(
        21
    )


def test_months_before_the_first_definition_do_not_count():
    indicator = resolved_indicator()
    rule = definition(indicator, dt.date(2026, 2, 1), "GQ", "MOI")
    data = values(MOI={202601: 10, 202602: 10}, GQ={202601: 1, 202602: 9})
    result = compute(indicator, [rule], quarter(2026, 1), data, KINDS, D(90))
    assert (result.numerator, result.denominator) == (D(9), D(10))


def test_roll_up_sums_components_never_averages_ratios():
    # Given a province (0001) with two regional units: 9 of 10 and 1 of 90 resolved
    rows = [
        ("00010001", "GQ", 202601, D(9)),
        ("00010001", "MOI", 202601, D(10)),
        ("00010002", "GQ", 202601, D(1)),
        ("00010002", "MOI", 202601, D(90)),
        ("00020001", "GQ", 202601, D(50)),
        ("00020001", "MOI", 202601, D(50)),  # another province
    ]
    display = {"0001": 1, "00010001": 11, "00010002": 12}
    rolled = roll_up(rows, display, steplen=4)
    indicator = resolved_indicator()
    rule = definition(indicator, dt.date(2020, 1, 1), "GQ", "MOI")
    province = compute(indicator, [rule], month_period(2026, 1), rolled[1], KINDS, D(90))
    # Then the province is 10 ÷ 100 = 10 %, not the mean of 90 % and 1.11 %
    assert (province.numerator, province.denominator, province.value) == (D(10), D(100), D("10.00"))
    assert compute(indicator, [rule], month_period(2026, 1), rolled[11], KINDS, D(90)).value == D(
        "90.00"
    )
    assert 2 not in rolled


def test_zero_tolerance_is_met_only_at_zero():
    indicator = Indicator(
        code="OAN", name="Oan sai", kind=Indicator.Kind.COUNT, zero_tolerance=True
    )
    rule = definition(indicator, dt.date(2020, 1, 1), "OAN")
    assert (
        compute(indicator, [rule], full_year(2026), values(OAN={202603: 0}), KINDS, D(0)).status
        == Status.MET
    )
    missed = compute(
        indicator, [rule], full_year(2026), values(OAN={202603: 0, 202607: 1}), KINDS, D(0)
    )
    assert (missed.value, missed.status) == (D(1), Status.MISSED)


def test_lower_is_better():
    indicator = Indicator(
        code="QH",
        name="Tỷ lệ quá hạn",
        kind=Indicator.Kind.RATIO,
        direction=Indicator.Direction.LOWER,
    )
    rule = definition(indicator, dt.date(2020, 1, 1), "QH", "MOI")
    assert (
        compute(
            indicator,
            [rule],
            month_period(2026, 3),
            values(QH={202603: 4}, MOI={202603: 100}),
            KINDS,
            D(5),
        ).status
        == Status.EXCEEDED
    )
    assert (
        compute(
            indicator,
            [rule],
            month_period(2026, 3),
            values(QH={202603: 5}, MOI={202603: 100}),
            KINDS,
            D(5),
        ).status
        == Status.MET
    )
    worse = compute(
        indicator,
        [rule],
        month_period(2026, 3),
        values(QH={202603: 6}, MOI={202603: 100}),
        KINDS,
        D(5),
    )
    assert (worse.status, worse.gap) == (Status.MISSED, D("1.00"))


def test_no_figures_or_zero_denominator_is_no_data():
    indicator = resolved_indicator()
    rule = definition(indicator, dt.date(2020, 1, 1), "GQ", "MOI")
    assert (
        compute(indicator, [rule], month_period(2026, 3), {}, KINDS, D(90)).status == Status.NO_DATA
    )
    zero = compute(
        indicator,
        [rule],
        month_period(2026, 3),
        values(GQ={202603: 0}, MOI={202603: 0}),
        KINDS,
        D(90),
    )
    assert (zero.status, zero.value) == (Status.NO_DATA, None)


def test_judge_without_target_is_no_data_except_zero_tolerance():
    indicator = resolved_indicator()
    assert judge(indicator, D(95), None) == Status.NO_DATA
    assert judge(indicator, D(95), D(90)) == Status.EXCEEDED


def test_projection_uses_the_recent_monthly_average_for_the_remaining_months():
    # 5 months done: 400 of 500; the last 3 months ran at 70 of 100 a month; 7 months remain
    projected = projected_year_end(D(400), D(500), D(210), D(300), 3, 7, ratio=True)
    # (400 + 70×7) ÷ (500 + 100×7) = 890 ÷ 1200 = 74.17 %
    assert projected == D("74.17")
    assert projected_year_end(D(3), D(0), D(3), D(0), 3, 7, ratio=False) == D("10.00")
