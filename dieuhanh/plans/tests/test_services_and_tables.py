"""Targets, figures and the attainment table against the database (SQLite and PostgreSQL)."""

from decimal import Decimal as D  # noqa: N817 - short for tables of figures

import pytest

from dieuhanh.core.errors import Denied
from dieuhanh.core.models import AuditEntry
from dieuhanh.core.periods import Month, month_period, year_to_date
from dieuhanh.org.access import authority_for
from dieuhanh.plans import selectors, services
from dieuhanh.plans.attainment import Status
from dieuhanh.plans.errors import ClosedPeriod, PlansError
from dieuhanh.plans.models import (
    Figure,
    FigureChange,
    ImportBatch,
    Indicator,
    PeriodClose,
    StatItem,
    Target,
)


def item(code):
    return StatItem.objects.get(code=code)


def save(org, who, rows, reason=""):
    authority = authority_for(getattr(org, who).user)
    batch = services.new_batch(ImportBatch.Source.FORM, authority=authority)
    inputs = [
        services.FigureInput(unit, item(code), Month(y, m), D(v)) for unit, code, (y, m), v in rows
    ]
    summary = services.save_figures(inputs, batch=batch, authority=authority, reason=reason)
    services.finish_batch(batch, summary)
    return summary


# ---------------------------------------------------------------- targets


def test_unit_target_may_only_be_stricter_unless_the_chief_allows(org):
    indicator = Indicator.objects.get(code="TL_GQ_TGTB")  # sector default 90 for 2026
    head = authority_for(org.unit_head.user)
    # A stricter target is accepted
    services.set_target(indicator, year=2026, unit=org.kv1, value=D(95), authority=head)
    assert services.target_for(indicator, 2026, org.kv1) == D(95)
    assert services.target_for(indicator, 2026, org.team) == D(95)  # inherited by the team
    assert services.target_for(indicator, 2026, org.kv2) == D(90)  # the sector's elsewhere
    # A looser one is refused without permission, and nothing changes
    before = Target.objects.count()
    with pytest.raises(PlansError) as error:
        services.set_target(indicator, year=2026, unit=org.team, value=D(85), authority=head)
    assert error.value.field == "value"
    assert Target.objects.count() == before


def test_target_history_is_kept(org):
    indicator = Indicator.objects.get(code="TL_GQ_TGTB")
    chief = authority_for(org.chief.user)
    services.set_target(indicator, year=2026, unit=org.kv2, value=D(92), authority=chief)
    services.set_target(indicator, year=2026, unit=org.kv2, value=D(94), authority=chief)
    rows = Target.objects.filter(indicator=indicator, year=2026, unit=org.kv2).order_by(
        "created_at", "pk"
    )
    assert [(t.value, t.superseded_at is None) for t in rows] == [(D(92), False), (D(94), True)]
    assert AuditEntry.objects.filter(action="plans.target.set").count() == 2


def test_zero_tolerance_target_is_zero(org):
    with pytest.raises(PlansError):
        services.set_target(
            Indicator.objects.get(code="SO_OAN"),
            year=2026,
            unit=org.kv1,
            value=D(1),
            authority=authority_for(org.chief.user),
        )


# ---------------------------------------------------------------- figures


def test_saving_the_same_values_twice_changes_nothing(org):
    rows = [(org.kv1, "TB_MOI", (2026, 1), 30), (org.kv1, "TB_GQ", (2026, 1), 25)]
    first = save(org, "unit_head", rows)
    second = save(org, "unit_head", rows)
    assert (first.created, first.changed, first.unchanged) == (2, 0, 0)
    assert (second.created, second.changed, second.unchanged) == (0, 0, 2)
    assert Figure.objects.count() == 2
    assert FigureChange.objects.count() == 2


def test_a_changed_value_is_recorded_with_before_and_after(org):
    save(org, "unit_head", [(org.kv1, "TB_MOI", (2026, 1), 30)])
    summary = save(org, "unit_head", [(org.kv1, "TB_MOI", (2026, 1), 31)])
    assert (summary.created, summary.changed) == (0, 1)
    change = FigureChange.objects.order_by("pk").last()
    assert (change.before, change.after, change.correction) == (D(30), D(31), False)


def test_figures_outside_report_scope_are_denied_and_nothing_saved(org):
    with pytest.raises(Denied):
        save(
            org,
            "unit_head",
            [(org.kv1, "TB_MOI", (2026, 1), 30), (org.kv2, "TB_MOI", (2026, 1), 5)],
        )
    assert Figure.objects.count() == 0


def test_closed_month_needs_a_reason_and_records_a_correction(org):
    save(org, "unit_head", [(org.kv1, "TB_MOI", (2026, 1), 30)])
    services.close_period(
        org.province,
        month=Month(2026, 1),
        signed_by="Trần Văn Trưởng",
        authority=authority_for(org.chief.user),
    )
    with pytest.raises(ClosedPeriod):
        save(org, "unit_head", [(org.kv1, "TB_MOI", (2026, 1), 32)])
    assert Figure.objects.get().value == D(30)
    save(org, "unit_head", [(org.kv1, "TB_MOI", (2026, 1), 32)], reason="Sai sót khi tổng hợp")
    change = FigureChange.objects.order_by("pk").last()
    assert (change.before, change.after, change.correction, change.reason) == (
        D(30),
        D(32),
        True,
        "Sai sót khi tổng hợp",
    )


def test_close_period_needs_approval_power_and_a_finished_month(org):
    with pytest.raises(Denied):
        services.close_period(
            org.kv1,
            month=Month(2026, 1),
            signed_by="X",
            authority=authority_for(org.prosecutor.user),
        )
    future = Month.of(org.today).shift(1)
    with pytest.raises(PlansError):
        services.close_period(
            org.kv1, month=future, signed_by="X", authority=authority_for(org.unit_head.user)
        )
    assert PeriodClose.objects.count() == 0


# ---------------------------------------------------------------- attainment table


def test_province_result_rolls_up_its_units_figures(org):
    # KV1: 9 of 10 resolved with nothing carried over; its team 1 of 10; KV2: 40 of 80
    save(
        org,
        "chief",
        [
            (org.kv1, "TB_MOI", (2026, 3), 10),
            (org.kv1, "TB_GQ", (2026, 3), 9),
            (org.team, "TB_MOI", (2026, 3), 10),
            (org.team, "TB_GQ", (2026, 3), 1),
            (org.kv2, "TB_MOI", (2026, 3), 80),
            (org.kv2, "TB_GQ", (2026, 3), 40),
        ],
    )
    indicator = Indicator.objects.get(code="TL_GQ_TGTB")
    units = [org.province, org.kv1, org.kv2]
    table = selectors.attainment_table(
        units, [indicator], month_period(2026, 3), trends=False, projection=False
    )
    province = table.row(org.province, indicator).result
    kv1 = table.row(org.kv1, indicator).result
    assert (province.numerator, province.denominator, province.value) == (D(50), D(100), D("50.00"))
    assert (kv1.numerator, kv1.denominator, kv1.value, kv1.status) == (
        D(10),
        D(20),
        D("50.00"),
        Status.MISSED,
    )
    assert table.row(org.kv2, indicator).result.target == D(90)


def test_trend_and_projection(org):
    rows = []
    for month, (new, done) in zip(
        [(2025, 12), (2026, 1), (2026, 2), (2026, 3), (2026, 4)],
        [(10, 10), (10, 10), (10, 9), (10, 8), (10, 7)],
        strict=True,
    ):
        rows += [(org.kv1, "TB_MOI", month, new), (org.kv1, "TB_GQ", month, done)]
    rows += [(org.kv1, "TB_MOI", (2025, 4), 10), (org.kv1, "TB_GQ", (2025, 4), 10)]
    save(org, "unit_head", rows)
    indicator = Indicator.objects.get(code="TL_GQ_TGTB")
    period = year_to_date(Month(2026, 4))  # December–April: 44 of 50
    table = selectors.attainment_table([org.kv1], [indicator], period)
    row = table.row(org.kv1, indicator)
    assert row.result.value == D("88.00")
    assert row.last_year.value == D("100.00")  # only April 2025 was reported
    # Projection: the last 3 months ran at 24 of 30; 7 months remain at 8 of 10 a month:
    # (44 + 56) ÷ (50 + 70) = 83.33 %, below 90: at risk
    assert row.projection == D("83.33")
    assert row.projection_status == Status.MISSED
    assert selectors.at_risk(row)
    assert "3 tháng gần nhất" in row.projection_basis
