"""The demo province's figures: two years, one unit at risk, one clearly ahead, loaded once."""

import datetime as dt
from decimal import Decimal

from dieuhanh.core.periods import Month, year_to_date
from dieuhanh.org.demo import build_demo
from dieuhanh.org.models import Unit
from dieuhanh.plans import selectors
from dieuhanh.plans.attainment import Status
from dieuhanh.plans.demo import build_demo_figures
from dieuhanh.plans.models import Figure, FigureChange, Indicator, PeriodClose, ProgrammeItem
from dieuhanh.plans.services import target_for

TODAY = dt.date(2026, 11, 28)


def test_demo_figures_show_a_unit_at_risk_and_one_ahead(db):
    # Given the demo province with its figures, seeded on 28/11/2026
    build_demo(today=TODAY)
    written = build_demo_figures(today=TODAY)
    # Then 23 months (12/2024–10/2026) were loaded, once
    months = sorted(set(Figure.objects.values_list("month", flat=True)))
    assert (months[0], months[-1], len(months)) == (
        202411,
        202610,
        24,
    )  # with November's opening stock
    assert build_demo_figures(today=TODAY) == 0
    assert Figure.objects.count() == written
    # And KV4 misses the resolved-reports target with a warning, while KV2 is ahead everywhere
    units = {u.code: u for u in Unit.objects.filter(code__in=["demo-kv2", "demo-kv4"])}
    indicators = list(selectors.indicators())
    table = selectors.attainment_table(
        list(units.values()), indicators, year_to_date(Month(2026, 10))
    )
    resolved = next(i for i in indicators if i.code == "TL_GQ_TGTB")
    kv4 = table.row(units["demo-kv4"], resolved)
    assert kv4.result.status == Status.MISSED
    assert selectors.at_risk(kv4)
    kv2 = [table.row(units["demo-kv2"], i) for i in indicators]
    assert all(row.result.status in (Status.EXCEEDED, Status.MET, Status.NO_DATA) for row in kv2)
    assert not any(selectors.at_risk(row) for row in kv2)
    assert ProgrammeItem.objects.filter(unit__code="demo-tinh", year=2026).count() == 4


def test_demo_has_last_year_closed_a_stricter_target_and_a_correction(db):
    # Given the demo province with its figures, seeded on 28/11/2026
    build_demo(today=TODAY)
    build_demo_figures(today=TODAY)

    # Then the Chief closed the previous working year (12/2024–11/2025)
    closes = list(
        PeriodClose.objects.filter(unit__code="demo-tinh")
        .order_by("month")
        .values_list("month", flat=True)
    )
    assert (closes[0], closes[-1], len(closes)) == (202412, 202511, 12)
    # And KV2 aims higher than the sector on resolved reports in 2026
    resolved = Indicator.objects.get(code="TL_GQ_TGTB")
    kv2 = Unit.objects.get(code="demo-kv2")
    assert target_for(resolved, 2026, kv2) == Decimal("95")
    # And KV3's new reports of 12/2024 were corrected after close, with the reason kept
    change = FigureChange.objects.get(
        figure__unit__code="demo-kv3", figure__item__code="TB_MOI", correction=True
    )
    assert change.figure.month == 202412
    assert change.after - change.before == 2
    assert "tiếp nhận muộn" in change.reason
