"""Writes to plans and figures: targets, figures (entry, import, API), period close."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dieuhanh.core.audit import diff, record
from dieuhanh.core.concurrency import claim_version
from dieuhanh.core.errors import StaleEdit
from dieuhanh.core.periods import Month
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit, WorkArea
from dieuhanh.plans import bulk_figures
from dieuhanh.plans.bulk_figures import ChangedFigure, NewFigure
from dieuhanh.plans.errors import ClosedPeriod, PlansError
from dieuhanh.plans.models import (
    Figure,
    ImportBatch,
    Indicator,
    PeriodClose,
    ProgrammeItem,
    StatItem,
    Target,
)

CHUNK = 10_000  # values read, sorted and written together (one chunk: a few statements)
# A figure to save by ids: (unit id, item id, yyyymm, value); the importer's form.
FigureRow = tuple[int, int, int, Decimal]


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

    A unit's target may only be stricter than the one in force for it (its own, else inherited),
    unless the Chief above it allows a looser one: `looser_allowed`, given by someone holding
    APPROVE on the unit's parent (an administrator for a root unit; see `may_allow_looser`).
    The old target is kept as history.
    """
    looser = False
    if unit is None:
        if not authority.is_admin:
            raise PlansError("Chỉ quản trị hệ thống được đặt mức chỉ tiêu chung của ngành.")
        actor = authority.actor
    else:
        actor = authority.actor_for(unit, Power.DIRECT)
        in_force = target_for(indicator, year, unit)
        if in_force is not None and not indicator.zero_tolerance:
            looser = (
                value < in_force
                if indicator.direction == Indicator.Direction.HIGHER
                else value > in_force
            )
            if looser and not looser_allowed:
                raise PlansError(
                    f"Mức {value} lỏng hơn mức đang áp dụng {in_force} của “{indicator}”; "
                    "chỉ được đặt chặt hơn, trừ khi Viện trưởng cấp trên cho phép.",
                    field="value",
                )
            if looser and not may_allow_looser(authority, unit):
                raise PlansError(
                    "Chỉ Viện trưởng cấp trên (người có quyền phê duyệt ở đơn vị cấp trên) "
                    "được cho phép mức lỏng hơn.",
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
        looser_allowed=looser_allowed and looser,
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


def may_allow_looser(authority: Authority, unit: Unit) -> bool:
    """Whether the user is the Chief above `unit`: APPROVE on its parent (admins for a root).

    A unit's own head holds APPROVE on the unit itself, so that would let heads loosen their
    own targets; the permission has to come from one level up.
    """
    parent_path = unit.path[: -Unit.steplen]
    if not parent_path:
        return authority.is_admin
    return authority.can(Unit(path=parent_path), Power.APPROVE)


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
    units = {v.unit.pk: v.unit for v in values}
    for unit in units.values():
        authority.actor_for(unit, Power.REPORT)
    items = {v.item.pk: v.item for v in values}
    rows = [(v.unit.pk, v.item.pk, v.month.key, v.value) for v in values]
    return save_figure_rows(rows, batch=batch, reason=reason, units=units, items=items)


def save_figure_rows(
    rows: Sequence[FigureRow],
    *,
    batch: ImportBatch,
    reason: str,
    units: Mapping[int, Unit],
    items: Mapping[int, StatItem],
) -> SaveSummary:
    """Save figures given by ids (unit, item, yyyymm, value), CHUNK at a time, in bulk.

    Call inside a transaction, after checking the user's REPORT right on every unit
    (`save_figures` does; the importer only reads units of that scope). `units` and `items`
    name them in messages. Raises before writing a chunk if a value is negative or a closed
    month would change without a reason; the caller's transaction drops what was written.
    """
    summary = SaveSummary()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        _save_chunk(chunk, batch=batch, reason=reason, units=units, items=items, summary=summary)
    return summary


def _save_chunk(
    chunk: Sequence[FigureRow],
    *,
    batch: ImportBatch,
    reason: str,
    units: Mapping[int, Unit],
    items: Mapping[int, StatItem],
    summary: SaveSummary,
) -> None:
    """One read of the stored values sorts the chunk into new, changed and unchanged; the new
    and changed ones are written in a few statements (`bulk_figures`), each with its history."""
    unit_ids = {row[0] for row in chunk}
    months = {row[2] for row in chunk}
    stored = {
        (unit, item, month): (pk, value)
        for pk, unit, item, month, value in bulk_figures.stored_figures(
            unit_ids, {row[1] for row in chunk}, months
        )
    }
    locked = closed_months([units[pk] for pk in unit_ids], months)
    new: list[NewFigure] = []
    new_in_closed: list[NewFigure] = []
    changed: list[ChangedFigure] = []
    for unit_id, item_id, month, value in chunk:
        if value < 0:
            raise PlansError(
                f"Giá trị âm ({value}) cho {items[item_id].code} "
                f"của {units[unit_id]} tháng {Month(month // 100, month % 100)}."
            )
        old = stored.get((unit_id, item_id, month))
        if old is not None and old[1] == value:
            summary.unchanged += 1
            continue
        correction = (unit_id, month) in locked
        if correction and not reason.strip():
            raise ClosedPeriod(
                f"Tháng {Month(month // 100, month % 100)} của {units[unit_id]} đã khóa sổ; "
                "sửa số liệu cần ghi lý do đính chính.",
                field="reason",
            )
        if old is None:
            (new_in_closed if correction else new).append((unit_id, item_id, month, value))
            summary.created += 1
        else:
            changed.append((old[0], old[1], value, correction))
            summary.changed += 1
        summary.corrections += int(correction)
    bulk_figures.insert_figures(new, batch_id=batch.pk, correction=False, reason=reason)
    bulk_figures.insert_figures(new_in_closed, batch_id=batch.pk, correction=True, reason=reason)
    bulk_figures.update_figures(changed, batch_id=batch.pk, reason=reason)


@transaction.atomic
def close_period(
    unit: Unit, *, month: Month, signed_by: str, authority: Authority, note: str = ""
) -> PeriodClose:
    """Lock a month's figures for a unit's subtree, with a named sign-off."""
    actor = authority.actor_for(unit, Power.APPROVE)
    if not signed_by.strip():
        raise PlansError("Cần ghi tên người ký xác nhận khóa sổ.", field="signed_by")
    if month.last_day >= timezone.localdate():
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


# ---------------------------------------------------------------- programme and target pages

PROGRAMME_YEARS = range(2000, 2101)


def _programme_snapshot(item: ProgrammeItem, indicators: Iterable[Indicator]) -> dict[str, object]:
    return {
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "work_area": str(item.work_area) if item.work_area_id else None,
        "rank": item.rank,
        "indicators": sorted(indicator.code for indicator in indicators),
    }


def _check_programme_item(
    unit: Unit,
    *,
    year: int,
    kind: str,
    title: str,
    indicators: Sequence[Indicator],
    item: ProgrammeItem | None = None,
) -> None:
    """Refuse a programme item the rules do not allow, naming the field at fault."""
    if year not in PROGRAMME_YEARS:
        raise PlansError(f"Năm công tác {year} không hợp lệ.", field="year")
    if kind not in ProgrammeItem.Kind.values:
        raise PlansError(f"Loại nội dung “{kind}” không hợp lệ.", field="kind")
    if not title.strip():
        raise PlansError("Cần ghi nội dung của nhiệm vụ.", field="title")
    inactive = [indicator.name for indicator in indicators if not indicator.active]
    if inactive:
        raise PlansError(
            "Chỉ tiêu đo lường đã ngừng sử dụng, không gắn vào chương trình được: "
            + ", ".join(f"“{name}”" for name in inactive)
            + ".",
            field="indicators",
        )
    if kind == ProgrammeItem.Kind.BREAKTHROUGH:
        others = ProgrammeItem.objects.current().filter(
            unit=unit, year=year, kind=ProgrammeItem.Kind.BREAKTHROUGH
        )
        if item is not None:
            others = others.exclude(pk=item.pk)
        existing = others.first()
        if existing is not None:
            raise PlansError(
                f"{unit} đã có khâu công tác đột phá năm {year}: “{existing.title}”. "
                "Hãy sửa nội dung đó hoặc lưu trữ nó trước khi thêm khâu đột phá khác.",
                field="kind",
            )


def _lock_unit(unit: Unit) -> None:
    """Serialise changes to one unit's programme or targets (a row lock; SQLite locks anyway)."""
    list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True))


@transaction.atomic
def create_programme_item(
    unit: Unit,
    *,
    year: int,
    kind: str,
    title: str,
    authority: Authority,
    description: str = "",
    work_area: WorkArea | None = None,
    indicators: Sequence[Indicator] = (),
    rank: int | None = None,
) -> ProgrammeItem:
    """Add a key task or the breakthrough area to a unit's programme for a working year."""
    actor = authority.actor_for(unit, Power.DIRECT)
    _lock_unit(unit)
    _check_programme_item(unit, year=year, kind=kind, title=title, indicators=indicators)
    if rank is None:
        last = (
            ProgrammeItem.objects.current()
            .filter(unit=unit, year=year, kind=kind)
            .order_by("-rank")
            .values_list("rank", flat=True)
            .first()
        )
        rank = (last or 0) + 1
    item = ProgrammeItem.objects.create(
        unit=unit,
        year=year,
        kind=kind,
        title=title.strip(),
        description=description,
        work_area=work_area,
        rank=rank,
    )
    item.indicators.set(indicators)
    record(
        "plans.programme.create",
        item,
        actor=actor,
        changes={
            "year": [None, year],
            **{
                name: [None, value] for name, value in _programme_snapshot(item, indicators).items()
            },
        },
    )
    return item


@transaction.atomic
def update_programme_item(
    item: ProgrammeItem,
    *,
    expected_version: int,
    authority: Authority,
    kind: str,
    title: str,
    description: str,
    work_area: WorkArea | None,
    indicators: Sequence[Indicator],
    rank: int,
) -> ProgrammeItem:
    """Edit a programme item; refused if someone saved it since the user loaded it."""
    actor = authority.actor_for(item.unit, Power.DIRECT)
    if item.archived_at is not None:
        raise PlansError("Nội dung này đã được lưu trữ, không sửa được nữa.")
    _lock_unit(item.unit)
    _check_programme_item(
        item.unit, year=item.year, kind=kind, title=title, indicators=indicators, item=item
    )
    claim_version(item, expected_version)
    before = _programme_snapshot(item, item.indicators.all())
    item.kind, item.title, item.description = kind, title.strip(), description
    item.work_area, item.rank = work_area, rank
    item.save(update_fields=["kind", "title", "description", "work_area", "rank", "updated_at"])
    item.indicators.set(indicators)
    record(
        "plans.programme.update",
        item,
        actor=actor,
        changes=diff(before, _programme_snapshot(item, indicators)),
    )
    return item


@transaction.atomic
def archive_programme_item(
    item: ProgrammeItem, *, expected_version: int, authority: Authority, reason: str = ""
) -> ProgrammeItem:
    """Take an item out of the unit's programme; it stays in the history."""
    actor = authority.actor_for(item.unit, Power.DIRECT)
    if item.archived_at is not None:
        raise PlansError("Nội dung này đã được lưu trữ.")
    claim_version(item, expected_version)
    now = timezone.now()
    item.archived_at = now
    item.save(update_fields=["archived_at", "updated_at"])
    record(
        "plans.programme.archive",
        item,
        actor=actor,
        changes={"archived_at": [None, now.isoformat()], "reason": [None, reason]},
    )
    return item


@transaction.atomic
def change_target(
    indicator: Indicator,
    *,
    year: int,
    unit: Unit,
    value: Decimal,
    based_on: int | None,
    authority: Authority,
    decision: str,
    looser_allowed: bool = False,
) -> Target:
    """Set a unit's target from a form or the API (see `set_target`).

    `based_on` is the id of the unit's own target the user saw (None: it had none); if another
    target was set since, nothing is saved and the user reloads. A basis or reason is required.
    """
    authority.actor_for(unit, Power.DIRECT)
    if not indicator.active:
        raise PlansError(f"Chỉ tiêu “{indicator}” đã ngừng sử dụng.", field="indicator")
    if year not in PROGRAMME_YEARS:
        raise PlansError(f"Năm công tác {year} không hợp lệ.", field="year")
    if value < 0 or (indicator.kind == Indicator.Kind.RATIO and value > 100):
        raise PlansError(
            f"Mức chỉ tiêu {value} không hợp lệ: không được âm, tỷ lệ không quá 100%.",
            field="value",
        )
    if not decision.strip():
        raise PlansError(
            "Cần ghi căn cứ (số quyết định) hoặc lý do đặt mức chỉ tiêu.", field="decision"
        )
    _lock_unit(unit)
    current = (
        Target.objects.current()
        .filter(indicator=indicator, year=year, unit=unit)
        .values_list("pk", "value")
        .first()
    )
    if (current[0] if current else None) != based_on:
        shown = f"{current[1]:f}" if current else "không có mức riêng"
        raise StaleEdit(
            f"Mức chỉ tiêu “{indicator}” của {unit} vừa được người khác đặt lại "
            f"(hiện là: {shown}); chưa lưu gì. Hãy tải lại trang để xem mức mới.",
            field="based_on",
        )
    return set_target(
        indicator,
        year=year,
        unit=unit,
        value=value,
        authority=authority,
        decision=decision.strip(),
        looser_allowed=looser_allowed,
    )
