"""Writes to plans and figures: targets, figures (entry, import, API), period close."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dieuhanh.core.audit import record
from dieuhanh.core.periods import Month
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit
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

CHUNK = 2000


# ---------------------------------------------------------------- targets


@transaction.atomic
def set_target(
    indicator: Indicator,
    *,
    year: int,
    unit: Unit | None,
    value: Decimal,
    authority: Authority,
    decision: str = "",
    looser_allowed: bool = False,
) -> Target:
    """Set an indicator's target for a year: the sector default (administrators) or a unit's.

    A unit's target may only be stricter than the one it would otherwise inherit, unless the
    Chief above it allows a looser one (APPROVE on the unit). The old target is kept as history.
    """
    if unit is None:
        if not authority.is_admin:
            raise PlansError("Chỉ quản trị hệ thống được đặt mức chỉ tiêu chung của ngành.")
        actor = authority.actor
    else:
        actor = authority.actor_for(unit, Power.DIRECT)
        inherited = target_for(indicator, year, unit, exclude_own=True)
        if inherited is not None and not indicator.zero_tolerance:
            looser = (
                value < inherited
                if indicator.direction == Indicator.Direction.HIGHER
                else value > inherited
            )
            if looser and not looser_allowed:
                raise PlansError(
                    f"Mức {value} thấp hơn mức chung {inherited} của “{indicator}”; chỉ được đặt "
                    "chặt hơn, trừ khi Viện trưởng cho phép.",
                    field="value",
                )
            if looser and not authority.can(unit, Power.APPROVE):
                raise PlansError(
                    "Chỉ Viện trưởng (người có quyền phê duyệt) được cho phép mức thấp hơn.",
                    field="looser_allowed",
                )
    if indicator.zero_tolerance and value != 0:
        raise PlansError("Chỉ tiêu “tuyệt đối không để xảy ra” có mức bằng 0.", field="value")
    previous = Target.objects.current().filter(indicator=indicator, year=year, unit=unit).first()
    if previous is not None:
        Target.objects.filter(pk=previous.pk).update(superseded_at=timezone.now())
    user = authority.user if authority.user.is_authenticated else None
    target = Target.objects.create(
        indicator=indicator,
        year=year,
        unit=unit,
        value=value,
        decision=decision,
        looser_allowed=looser_allowed,
        set_by=user,  # type: ignore[misc]
    )
    record(
        "plans.target.set",
        target,
        actor=actor,
        changes={
            "value": [str(previous.value) if previous else None, str(value)],
            "year": [None, year],
        },
    )
    return target


def target_for(
    indicator: Indicator, year: int, unit: Unit, *, exclude_own: bool = False
) -> Decimal | None:
    """The target in force for a unit: its own, else its nearest ancestor's, else the sector's."""
    paths = [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    if exclude_own:
        paths = paths[:-1]
    rows = (
        Target.objects.current()
        .filter(indicator=indicator, year=year)
        .filter(Q(unit__isnull=True) | Q(unit__path__in=paths))
        .values_list("unit__path", "value")
    )
    best: tuple[int, Decimal] | None = None
    for path, value in rows:
        depth = len(path) if path else 0
        if best is None or depth > best[0]:
            best = (depth, value)
    return best[1] if best else None


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class FigureInput:
    """One value to save: unit, item, month, value."""

    unit: Unit
    item: StatItem
    month: Month
    value: Decimal


@dataclass
class SaveSummary:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    corrections: int = 0


def closed_months(units: Iterable[Unit], months: Iterable[int]) -> set[tuple[int, int]]:
    """(unit id, yyyymm) pairs that are locked by a close on the unit or an ancestor."""
    units = list(units)
    months = set(months)
    if not units or not months:
        return set()
    ancestor_paths = {
        u.path[:end] for u in units for end in range(Unit.steplen, len(u.path) + 1, Unit.steplen)
    }
    closes = PeriodClose.objects.filter(
        unit__path__in=ancestor_paths, month__in=months
    ).values_list("unit__path", "month")
    locked_paths: dict[int, list[str]] = {}
    for path, month in closes:
        locked_paths.setdefault(month, []).append(path)
    return {
        (u.pk, month)
        for month, paths in locked_paths.items()
        for u in units
        if any(u.path.startswith(p) for p in paths)
    }


def save_figures(
    values: Sequence[FigureInput],
    *,
    batch: ImportBatch,
    authority: Authority,
    reason: str = "",
) -> SaveSummary:
    """Save figures all together (call inside a transaction): create, change or leave each value.

    Every change is kept in the figure's history with its batch; a change in a closed month is a
    correction and needs a reason. Raises before writing anything if a unit is out of the
    user's REPORT scope or a closed month changes without a reason.
    """
    summary = SaveSummary()
    units = {v.unit.pk: v.unit for v in values}
    for unit in units.values():
        authority.actor_for(unit, Power.REPORT)
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        _save_chunk(chunk, batch=batch, reason=reason, summary=summary)
    return summary


def _save_chunk(
    chunk: Sequence[FigureInput], *, batch: ImportBatch, reason: str, summary: SaveSummary
) -> None:
    unit_ids = {v.unit.pk for v in chunk}
    item_ids = {v.item.pk for v in chunk}
    months = {v.month.key for v in chunk}
    existing = {
        (f.unit_id, f.item_id, f.month): f
        for f in Figure.objects.filter(unit_id__in=unit_ids, item_id__in=item_ids, month__in=months)
    }
    locked = closed_months({v.unit.pk: v.unit for v in chunk}.values(), months)
    to_create: list[Figure] = []
    to_update: list[Figure] = []
    changes: list[tuple[Figure, Decimal | None, Decimal, bool]] = []
    for value in chunk:
        if value.value < 0:
            raise PlansError(
                f"Giá trị âm ({value.value}) cho {value.item.code} "
                f"của {value.unit} tháng {value.month}."
            )
        key = (value.unit.pk, value.item.pk, value.month.key)
        correction = (value.unit.pk, value.month.key) in locked
        figure = existing.get(key)
        if figure is not None and figure.value == value.value:
            summary.unchanged += 1
            continue
        if correction and not reason.strip():
            raise ClosedPeriod(
                f"Tháng {value.month} của {value.unit} đã khóa sổ; "
                "sửa số liệu cần ghi lý do đính chính.",
                field="reason",
            )
        if figure is None:
            figure = Figure(
                unit=value.unit,
                item=value.item,
                month=value.month.key,
                value=value.value,
                batch=batch,
            )
            to_create.append(figure)
            changes.append((figure, None, value.value, correction))
            summary.created += 1
        else:
            changes.append((figure, figure.value, value.value, correction))
            figure.value, figure.batch = value.value, batch
            # bulk_update does not run auto_now: stamp the change ourselves.
            figure.updated_at = timezone.now()
            to_update.append(figure)
            summary.changed += 1
        summary.corrections += int(correction)
    Figure.objects.bulk_create(to_create, batch_size=CHUNK)
    Figure.objects.bulk_update(to_update, ["value", "batch", "updated_at"], batch_size=CHUNK)
    FigureChange.objects.bulk_create(
        [
            FigureChange(
                figure=figure,
                before=before,
                after=after,
                batch=batch,
                correction=correction,
                reason=reason if correction else "",
            )
            for figure, before, after, correction in changes
        ],
        batch_size=CHUNK,
    )


@transaction.atomic
def close_period(
    unit: Unit, *, month: Month, signed_by: str, authority: Authority, note: str = ""
) -> PeriodClose:
    """Lock a month's figures for a unit's subtree, with a named sign-off."""
    actor = authority.actor_for(unit, Power.APPROVE)
    if not signed_by.strip():
        raise PlansError("Cần ghi tên người ký xác nhận khóa sổ.", field="signed_by")
    if month.first_day > timezone.localdate():
        raise PlansError(f"Tháng {month} chưa kết thúc nên chưa khóa sổ được.", field="month")
    if PeriodClose.objects.filter(unit=unit, month=month.key).exists():
        raise PlansError(f"Tháng {month} của {unit} đã được khóa sổ.", field="month")
    close = PeriodClose.objects.create(
        unit=unit,
        month=month.key,
        signed_by=signed_by,
        closed_by=authority.user,
        note=note,  # type: ignore[misc]
    )
    record(
        "plans.period.close",
        close,
        actor=actor,
        changes={"month": [None, str(month)], "signed_by": [None, signed_by]},
    )
    return close


def new_batch(
    source: str, *, authority: Authority, file_name: str = "", sha256: str = "", reason: str = ""
) -> ImportBatch:
    """Start a batch that groups the figures saved together."""
    user = authority.user if authority.user.is_authenticated else None
    return ImportBatch.objects.create(
        source=source,
        file_name=file_name,
        sha256=sha256,
        uploaded_by=user,  # type: ignore[misc]
        reason=reason,
        status=ImportBatch.Status.PENDING,
    )


def finish_batch(batch: ImportBatch, summary: SaveSummary) -> None:
    batch.values_created, batch.values_changed = summary.created, summary.changed
    batch.values_unchanged = summary.unchanged
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save()


def today() -> dt.date:
    return timezone.localdate()


def enter_figures(
    values: Sequence[FigureInput],
    *,
    loaded: dict[tuple[int, int, int], Decimal | None],
    authority: Authority,
    reason: str = "",
) -> SaveSummary:
    """Save a figure grid typed on screen, refusing cells someone else changed meanwhile.

    `loaded` holds the value each cell showed when the form was opened ((unit, item, yyyymm) →
    value or None). If the stored value differs now, the whole save is refused: the other
    person's figure is kept and this user reloads to see it.
    """
    keys = [(v.unit.pk, v.item.pk, v.month.key) for v in values]
    stored = {
        (f.unit_id, f.item_id, f.month): f.value
        for f in Figure.objects.filter(
            unit_id__in={k[0] for k in keys},
            item_id__in={k[1] for k in keys},
            month__in={k[2] for k in keys},
        )
    }
    for value, key in zip(values, keys, strict=True):
        if stored.get(key) != loaded.get(key) and stored.get(key) != value.value:
            raise PlansError(
                f"Số liệu {value.item.code} của {value.unit} tháng {value.month} "
                f"vừa được người khác sửa thành {stored.get(key)}; chưa lưu gì. "
                "Hãy tải lại trang để xem số mới.",
                field="__all__",
            )
    with transaction.atomic():
        batch = new_batch(ImportBatch.Source.FORM, authority=authority, reason=reason)
        summary = save_figures(values, batch=batch, authority=authority, reason=reason)
        finish_batch(batch, summary)
    return summary
