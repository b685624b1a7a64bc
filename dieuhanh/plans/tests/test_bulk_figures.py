"""The bulk write path of figures (services.save_figure_rows, bulk_figures) on SQLite and
PostgreSQL: each value lands with its own history row, across chunk boundaries; a changed
value records before and after; a value changed by someone else meanwhile stops the save."""

from decimal import Decimal as D  # noqa: N817 - short for tables of figures

import pytest
from django.db import transaction

from dieuhanh.core.periods import Month
from dieuhanh.org.access import authority_for
from dieuhanh.plans import bulk_figures, services
from dieuhanh.plans.errors import ClosedPeriod
from dieuhanh.plans.models import Figure, FigureChange, ImportBatch, StatItem

M1, M2 = Month(2026, 1), Month(2026, 2)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 3)


def save(org, rows, *, reason="", who="chief"):
    """Save (unit, item code, month, value) rows by ids, as the importer does."""
    authority = authority_for(getattr(org, who).user)
    batch = services.new_batch(ImportBatch.Source.FILE, authority=authority)
    items = {item.pk: item for item in StatItem.objects.all()}
    codes = {item.code: item.pk for item in items.values()}
    units = {unit.pk: unit for unit, *_rest in rows}
    figure_rows = [(unit.pk, codes[code], month.key, value) for unit, code, month, value in rows]
    with transaction.atomic():
        summary = services.save_figure_rows(
            figure_rows, batch=batch, reason=reason, units=units, items=items
        )
    return batch, summary


def stored():
    return {
        (unit, item, month): value
        for unit, item, month, value in Figure.objects.values_list(
            "unit__code", "item__code", "month", "value"
        )
    }


def history():
    """Every history row in the order written: (unit, item, month, before, after, correction,
    reason)."""
    return list(
        FigureChange.objects.order_by("pk").values_list(
            "figure__unit__code",
            "figure__item__code",
            "figure__month",
            "before",
            "after",
            "correction",
            "reason",
        )
    )


ROWS = [
    ("kv1", "TB_MOI", M1, D(12)),
    ("kv1", "TB_GQ", M1, D("10.5")),
    ("kv1", "TB_MOI", M2, D(7)),
    ("kv2", "TB_MOI", M1, D(40)),
    ("kv2", "TB_GQ", M1, D(0)),
    ("kv2", "TB_MOI", M2, D("1234567.25")),
    ("kv1-to1", "TB_MOI", M1, D(3)),
]


def rows_for(org, table):
    units = {"kv1": org.kv1, "kv2": org.kv2, "kv1-to1": org.team}
    return [(units[code], item, month, value) for code, item, month, value in table]


def test_values_land_across_chunks_each_with_its_own_history_row(org, small_chunks):
    # When 7 values are saved 3 at a time
    batch, summary = save(org, rows_for(org, ROWS))
    # Then every value is stored as given, and each has one history row (before: none) that
    # belongs to its own figure and this batch
    assert (summary.created, summary.changed, summary.unchanged) == (7, 0, 0)
    assert stored() == {(code, item, month.key): value for code, item, month, value in ROWS}
    assert sorted(history(), key=lambda row: row[:3]) == sorted(
        ((code, item, month.key, None, value, False, "") for code, item, month, value in ROWS),
        key=lambda row: row[:3],
    )
    assert set(FigureChange.objects.values_list("batch_id", flat=True)) == {batch.pk}
    assert set(Figure.objects.values_list("batch_id", flat=True)) == {batch.pk}


def test_saving_again_changes_nothing_and_a_new_value_records_before_and_after(org, small_chunks):
    first, _summary = save(org, rows_for(org, ROWS))
    # When the same values come again, then nothing is written
    _again, summary = save(org, rows_for(org, ROWS))
    assert (summary.created, summary.changed, summary.unchanged) == (0, 0, 7)
    assert FigureChange.objects.count() == 7
    # When one value differs (10.5 → 11) and one is new, then exactly those are written
    changed = [*ROWS[:1], ("kv1", "TB_GQ", M1, D(11)), *ROWS[2:], ("kv2", "TB_TON", M2, D(5))]
    second, summary = save(org, rows_for(org, changed))
    assert (summary.created, summary.changed, summary.unchanged) == (1, 1, 6)
    figure = Figure.objects.get(unit=org.kv1, item__code="TB_GQ", month=M1.key)
    assert (figure.value, figure.batch_id) == (D(11), second.pk)
    assert list(figure.changes.order_by("pk").values_list("before", "after", "batch_id")) == [
        (None, D("10.5"), first.pk),
        (D("10.5"), D(11), second.pk),
    ]
    # The unchanged figures keep the batch they came from
    untouched = Figure.objects.get(unit=org.kv2, item__code="TB_MOI", month=M1.key)
    assert untouched.batch_id == first.pk


def test_closed_month_values_need_a_reason_and_are_marked_corrections(org, small_chunks):
    save(org, rows_for(org, ROWS[:2]))
    services.close_period(
        org.kv1, month=M1, signed_by="Trần Văn Trưởng", authority=authority_for(org.chief.user)
    )
    before = (stored(), history())
    # When a value of the closed month changes, or a new one arrives, without a reason
    corrected = [("kv1", "TB_MOI", M1, D(13)), ("kv1", "TB_TON", M1, D(2))]
    with pytest.raises(ClosedPeriod):
        save(org, rows_for(org, corrected))
    # Then nothing is written
    assert (stored(), history()) == before
    # With a reason, both are corrections that keep it
    _batch, summary = save(org, rows_for(org, corrected), reason="Rà soát lại")
    assert (summary.created, summary.changed, summary.corrections) == (1, 1, 2)
    assert history()[-2:] == [  # new values are written first, then changes
        ("kv1", "TB_TON", M1.key, None, D(2), True, "Rà soát lại"),
        ("kv1", "TB_MOI", M1.key, D(12), D(13), True, "Rà soát lại"),
    ]


def test_a_value_changed_by_someone_else_meanwhile_stops_the_save(org):
    batch, _summary = save(org, rows_for(org, ROWS[:1]))
    figure = Figure.objects.get()
    # Given the figure was read as 12 but someone has since made it 15
    Figure.objects.filter(pk=figure.pk).update(value=D(15))
    # When the save writes 20 over the 12 it read
    with pytest.raises(bulk_figures.FiguresChanged), transaction.atomic():
        bulk_figures.update_figures(
            [(figure.pk, D(12), D(20), False)], batch_id=batch.pk, reason=""
        )
    # Then the other person's value stays and no history row claims 12 → 20
    assert Figure.objects.get().value == D(15)
    assert FigureChange.objects.count() == 1
