"""Reads of plans and figures: attainment tables in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.db import connection
from django.db.models import Count, Min, Prefetch, Q, QuerySet, Sum

from dieuhanh.core.audit import user_label
from dieuhanh.core.periods import Month, Period, full_year, working_year_of, year_to_date
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Posting, Power, Unit
from dieuhanh.plans.attainment import (
    Definition,
    Result,
    Status,
    Window,
    evaluate,
    judge,
    months_needed,
    plan,
    projected_year_end,
    roll_up,
)
from dieuhanh.plans.models import (
    Figure,
    FigureChange,
    Indicator,
    IndicatorVersion,
    PeerBand,
    PeriodClose,
    ProgrammeItem,
    StatItem,
    Target,
)


def indicators(*, active_only: bool = True) -> QuerySet[Indicator]:
    queryset = Indicator.objects.select_related("work_area").prefetch_related("versions")
    return queryset.filter(active=True) if active_only else queryset


def definitions_of(items: Iterable[Indicator]) -> dict[int, list[Definition]]:
    """Parsed definitions per indicator (uses the prefetched versions when present)."""
    return {
        indicator.pk: [Definition.of(version) for version in indicator.versions.all()]
        for indicator in items
    }


def item_kinds() -> dict[str, str]:
    return dict(StatItem.objects.values_list("code", "kind"))


def minimal_roots(units: Iterable[Unit]) -> list[str]:
    """The shortest set of paths covering every unit's subtree."""
    kept: list[str] = []
    for path in sorted(u.path for u in units):
        if not any(path.startswith(root) for root in kept):
            kept.append(path)
    return kept


def rolled_values(
    units: Sequence[Unit], codes: set[str], months: Iterable[Month]
) -> dict[int, dict[tuple[str, int], Decimal]]:
    """Each unit's figures with its subtree summed, for the given items and months (1 query)."""
    roots = minimal_roots(units)
    if not roots or not codes:
        return {}
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root)
    rows = (
        Figure.objects.filter(
            unit_id__in=Unit.objects.filter(condition).values("pk"),
            item__code__in=codes,
            month__in=[m.key for m in months],
        )
        .values_list("unit__path", "item__code", "month", "value")
        .iterator(chunk_size=20000)
    )
    return roll_up(rows, {u.path: u.pk for u in units}, Unit.steplen)


def targets_by_unit(
    items: Sequence[Indicator], year: int, units: Sequence[Unit]
) -> dict[tuple[int, int], Decimal]:
    """The target in force for each (unit, indicator): own, nearest ancestor's, else sector's."""
    paths = {
        u.path[:end] for u in units for end in range(Unit.steplen, len(u.path) + 1, Unit.steplen)
    }
    rows = (
        Target.objects.current()
        .filter(indicator__in=items, year=year)
        .filter(Q(unit__isnull=True) | Q(unit__path__in=paths))
        .values_list("indicator_id", "unit__path", "value")
    )
    by_indicator: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for indicator_id, path, value in rows:
        by_indicator[indicator_id][path or ""] = value
    result: dict[tuple[int, int], Decimal] = {}
    levels = [(indicator.pk, by_indicator.get(indicator.pk, {})) for indicator in items]
    for unit in units:
        unit_id = unit.pk
        # Nearest first: the unit itself, its ancestors upwards, then the sector ("").
        chain = [
            *(unit.path[:end] for end in range(len(unit.path), 0, -Unit.steplen)),
            "",
        ]
        for indicator_id, own in levels:
            for path in chain:
                if path in own:
                    result[(unit_id, indicator_id)] = own[path]
                    break
    return result


@dataclass
class Row:
    """One unit × indicator cell with its comparisons."""

    unit: Unit
    result: Result
    previous: Result | None = None
    last_year: Result | None = None
    projection: Decimal | None = None
    projection_status: Status | None = None
    projection_basis: str = ""

    @property
    def delta_previous(self) -> Decimal | None:
        if self.previous is None or self.previous.value is None or self.result.value is None:
            return None
        return self.result.value - self.previous.value

    @property
    def delta_last_year(self) -> Decimal | None:
        if self.last_year is None or self.last_year.value is None or self.result.value is None:
            return None
        return self.result.value - self.last_year.value


@dataclass
class Table:
    """Attainment of units × indicators for a period, with trends (fixed number of queries)."""

    period: Period
    units: list[Unit]
    indicators: list[Indicator]
    cells: dict[tuple[int, int], Row] = field(default_factory=dict)

    def row(self, unit: Unit, indicator: Indicator) -> Row:
        return self.cells[(unit.pk, indicator.pk)]


def attainment_table(
    units: Sequence[Unit],
    items: Sequence[Indicator],
    period: Period,
    *,
    trends: bool = True,
    projection: bool = True,
) -> Table:
    """Attainment for every unit (subtree summed) and indicator, with trend and projection.

    Each indicator's plan (runs and windows) is made once per period; the figures are summed
    per unit and window in the database, then every cell is evaluated (3 queries).
    """
    definitions = definitions_of(items)
    catalogue = list(StatItem.objects.values_list("code", "pk", "kind"))
    kinds = {code: kind for code, _pk, kind in catalogue}
    item_ids = {code: pk for code, pk, _kind in catalogue}
    periods = [period]
    if trends:
        periods += [period.previous(), period.same_period_last_year()]
    recent: Period | None = None
    remaining = len(full_year(period.year)) - len(year_to_date(period.last))
    if projection and remaining > 0:
        recent = Period.between(period.last.shift(-2), period.last)
        periods += [recent, year_to_date(period.last)]
    # A year's previous period is also last year's, a year to date is its own "so far": each
    # distinct period is planned once per indicator and evaluated once per cell.
    distinct = list(dict.fromkeys(periods))
    at = [distinct.index(p) for p in periods]
    prepared = [
        (
            indicator,
            indicator.pk,
            [plan(indicator, definitions.get(indicator.pk, []), p, kinds) for p in distinct],
        )
        for indicator in items
    ]
    windows = {window for _i, _pk, plans in prepared for p in plans for window in p.windows}
    values = windowed_values(units, windows, item_ids)
    targets = targets_by_unit(items, period.year, units)
    table = Table(period=period, units=list(units), indicators=list(items))
    cells = table.cells
    empty: dict[Window, Decimal] = {}
    for unit in units:
        unit_id = unit.pk
        sums = values.get(unit_id, empty)
        for indicator, indicator_id, plans in prepared:
            target = targets.get((unit_id, indicator_id))
            results = [evaluate(p, sums, target) for p in plans]
            row = Row(unit=unit, result=results[0])
            if trends:
                row.previous, row.last_year = results[at[1]], results[at[2]]
            if recent is not None:
                ytd, last3 = results[at[-1]], results[at[-2]]
                _project(row, indicator, period, recent, remaining, ytd, last3, target)
            cells[(unit_id, indicator_id)] = row
    return table


def windowed_values(
    units: Sequence[Unit], windows: set[Window], item_ids: Mapping[str, int]
) -> dict[int, dict[Window, Decimal]]:
    """Each unit's figures, its subtree summed, over each window (1 query).

    The database sums the figures of the subtrees' units per unit, item and run of months
    (grouped by ids, the units picked by a subquery on their paths, which both databases
    serve from the figure's unique index), and the sums are added into each display unit at
    or above the figure's unit. A window without any figure is left out, so "no data" stays
    distinct from zero.
    """
    roots = minimal_roots(units)
    if not roots or not windows:
        return {}
    ranges = sorted({(first, last) for _code, first, last in windows})
    index = {bounds: position for position, bounds in enumerate(ranges)}
    wanted: dict[int, list[tuple[int, Window]]] = defaultdict(list)
    for window in windows:
        if window[0] in item_ids:
            wanted[item_ids[window[0]]].append((index[(window[1], window[2])], window))
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root)
    names = [f"w{position}" for position in range(len(ranges))]
    rows = (
        Figure.objects.filter(
            unit_id__in=Unit.objects.filter(condition).values("pk"),
            item_id__in=list(wanted),
            month__gte=min(first for first, _last in ranges),
            month__lte=max(last for _first, last in ranges),
        )
        .order_by()
        .values("unit_id", "item_id")
        .annotate(
            path=Min("unit__path"),  # one path per unit: a way to return it with the group
            **{
                name: Sum("value", filter=Q(month__gte=first, month__lte=last))
                for name, (first, last) in zip(names, ranges, strict=True)
            },
        )
        .values_list("unit_id", "item_id", "path", *names)
    )
    # Fetched without the ORM's per-value converters: tens of thousands of sums at national
    # scale. PostgreSQL returns Decimals; SQLite integers or floats (see `_cents`).
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    by_path = {u.path: u.pk for u in units}
    result: dict[int, dict[Window, Decimal]] = defaultdict(dict)
    above: dict[int, list[int]] = {}  # a figure unit → the display units it counts in
    for unit_id, item_id, path, *sums in fetched:
        targets = above.get(unit_id)
        if targets is None:
            targets = above[unit_id] = [
                by_path[path[:end]]
                for end in range(Unit.steplen, len(path) + 1, Unit.steplen)
                if path[:end] in by_path
            ]
        for position, window in wanted[item_id]:
            value = sums[position]
            if value is None:
                continue
            value = _cents(value)
            for target in targets:
                bucket = result[target]
                bucket[window] = bucket.get(window, Decimal(0)) + value
    return result


CENTS = Decimal("0.01")


def _cents(value: Decimal | int | float) -> Decimal:
    """A sum as stored values are: a Decimal with two places (SQLite sums ints or floats)."""
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(CENTS)
    return Decimal(value).quantize(CENTS)


def _project(
    row: Row,
    indicator: Indicator,
    period: Period,
    recent: Period,
    remaining: int,
    ytd: Result,
    last3: Result,
    target: Decimal | None,
) -> None:
    if ytd.numerator is None or last3.numerator is None:
        return
    ratio = indicator.kind == Indicator.Kind.RATIO
    row.projection = projected_year_end(
        ytd.numerator,
        ytd.denominator or Decimal(0),
        last3.numerator,
        last3.denominator or Decimal(0),
        len(recent),
        remaining,
        ratio=ratio,
    )
    row.projection_status = judge(indicator, row.projection, target)
    row.projection_basis = (
        f"Lũy kế {len(year_to_date(period.last))} tháng cộng {remaining} tháng còn lại "
        f"theo bình quân 3 tháng gần nhất ({recent.first}–{recent.last})"
    )


def at_risk(row: Row, *, margin: Decimal = Decimal(2)) -> bool:
    """A target likely to be missed: projected to miss, or within `margin` points of missing."""
    if row.projection is None or row.result.target is None:
        return False
    if row.projection_status == Status.MISSED:
        return True
    indicator = row.result.indicator
    if indicator.zero_tolerance or indicator.kind != Indicator.Kind.RATIO:
        return False
    slack = row.projection - row.result.target
    if indicator.direction == Indicator.Direction.LOWER:
        slack = -slack
    return slack < margin


def visible_units_for_results(authority: Authority) -> QuerySet[Unit]:
    return cast(QuerySet[Unit], authority.units(Power.VIEW).select_related("level"))


@dataclass
class DrillRow:
    """A figure behind a number: unit, month, value and where it came from."""

    figure: Figure
    changes: list[FigureChange]


def drill_down(unit: Unit, item: StatItem, period: Period) -> list[Figure]:
    """The monthly figures of an item in a unit's subtree behind a number, with their source."""
    months = [m.key for m in months_needed(period)]
    return list(
        Figure.objects.filter(unit__path__startswith=unit.path, item=item, month__in=months)
        .select_related("unit", "batch", "batch__uploaded_by")
        .prefetch_related("changes")
        .order_by("month", "unit__path")
    )


def version_in_force(indicator: Indicator, period: Period) -> list[IndicatorVersion]:
    versions = sorted(indicator.versions.all(), key=lambda v: v.effective_from)
    return [v for v in versions if v.effective_from <= period.end]


@dataclass(frozen=True)
class Workload:
    """A unit's staff and caseload over a period, and its peer group."""

    staff: int
    caseload: Decimal
    per_staff: Decimal | None
    staff_band: str
    caseload_band: str

    @property
    def group(self) -> str:
        return f"{self.staff_band} · {self.caseload_band}"


def _band(bands: Sequence[PeerBand], value: Decimal) -> str:
    for band in bands:
        if value >= band.lower and (band.upper is None or value < band.upper):
            return band.label
    return "—"


def workloads(units: Sequence[Unit], period: Period) -> dict[int, Workload]:
    """Staff posted during the period (subtree included), caseload and peer group (3 queries)."""
    roots = minimal_roots(units)
    if not roots:
        return {}
    condition = Q()
    for root in roots:
        condition |= Q(unit__path__startswith=root)
    staff: dict[int, set[int]] = defaultdict(set)
    by_path = {u.path: u.pk for u in units}
    postings = (
        Posting.objects.overlapping(period.start, period.end)
        .filter(condition, concurrent=False)
        .values_list("unit__path", "person_id")
    )
    for path, person_id in postings:
        for end in range(Unit.steplen, len(path) + 1, Unit.steplen):
            unit_id = by_path.get(path[:end])
            if unit_id is not None:
                staff[unit_id].add(person_id)
    caseload_items = dict(
        StatItem.objects.filter(caseload=True, kind=StatItem.Kind.FLOW).values_list("code", "pk")
    )
    # One window per item over the whole period: the database adds the months up.
    windows = {(code, period.first.key, period.last.key) for code in caseload_items}
    values = windowed_values(units, windows, caseload_items)
    bands = list(PeerBand.objects.all())
    staff_bands = [b for b in bands if b.dimension == PeerBand.Dimension.STAFF]
    caseload_bands = [b for b in bands if b.dimension == PeerBand.Dimension.CASELOAD]
    result = {}
    for unit in units:
        headcount = len(staff.get(unit.pk, set()))
        caseload = sum(values.get(unit.pk, {}).values(), Decimal(0))
        yearly = caseload * 12 / len(period)
        result[unit.pk] = Workload(
            staff=headcount,
            caseload=caseload,
            per_staff=(caseload / headcount).quantize(Decimal("0.1")) if headcount else None,
            staff_band=_band(staff_bands, Decimal(headcount)),
            caseload_band=_band(caseload_bands, yearly),
        )
    return result


def rank_in_groups(rows: Sequence[Row], loads: dict[int, Workload]) -> dict[int, tuple[int, int]]:
    """Each unit's (rank, group size) among units of its peer group, best value first."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.result.value is not None and row.unit.pk in loads:
            groups[loads[row.unit.pk].group].append(row)
    ranks: dict[int, tuple[int, int]] = {}
    for members in groups.values():
        indicator = members[0].result.indicator
        higher = indicator.direction == Indicator.Direction.HIGHER and not indicator.zero_tolerance
        members.sort(key=lambda r: r.result.value or Decimal(0), reverse=higher)
        for position, row in enumerate(members, start=1):
            ranks[row.unit.pk] = (position, len(members))
    return ranks


# ---------------------------------------------------------------- programme, targets, closes


def programme_period(year: int, today: dt.date) -> Period:
    """The period a year's programme is judged on: year to date while it runs, else 12 months."""
    last = Month.of(today).shift(-1)
    if working_year_of(last) == year:
        return year_to_date(last)
    return full_year(year)


def programme_items(unit: Unit, year: int) -> list[ProgrammeItem]:
    """A unit's programme items in force for a year, with their indicators (2 queries)."""
    return list(
        ProgrammeItem.objects.current()
        .filter(unit=unit, year=year)
        .select_related("work_area")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("work_area").prefetch_related("versions"),
            )
        )
        .order_by("kind", "rank", "pk")
    )


@dataclass
class ProgrammeLine:
    """A programme item with the attainment of each indicator that measures it."""

    item: ProgrammeItem
    rows: list[Row]


def programme_attainment(
    unit: Unit, items: Sequence[ProgrammeItem], period: Period
) -> list[ProgrammeLine]:
    """Each item's indicators with their value, target and status for the period."""
    linked: dict[int, Indicator] = {}
    for item in items:
        for indicator in item.indicators.all():
            linked.setdefault(indicator.pk, indicator)
    ordered = sorted(linked.values(), key=lambda i: (i.rank, i.code))
    table = attainment_table([unit], ordered, period, trends=False, projection=True)
    return [
        ProgrammeLine(
            item=item,
            rows=[
                table.row(unit, indicator)
                for indicator in sorted(item.indicators.all(), key=lambda i: (i.rank, i.code))
            ],
        )
        for item in items
    ]


@dataclass
class TargetChange:
    """One target set: the value it replaced, who set it, when, on what basis."""

    target: Target
    before: Decimal | None

    @property
    def who(self) -> str:
        user = self.target.set_by
        return user_label(user) if user is not None else "hệ thống"

    @property
    def level(self) -> str:
        unit = self.target.unit
        return (unit.short_name or unit.name) if unit is not None else "Ngành"


@dataclass
class TargetLine:
    """An indicator's targets for a unit: sector, province, the unit's own, and which applies."""

    indicator: Indicator
    sector: Target | None
    province: Target | None
    own: Target | None
    effective: Target | None
    history: list[TargetChange]

    @property
    def source(self) -> str:
        if self.effective is None:
            return ""
        unit = self.effective.unit
        return (unit.short_name or unit.name) if unit is not None else "Ngành"


def chain_paths(unit: Unit) -> list[str]:
    """The paths of a unit's ancestors and the unit itself, root first."""
    return [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]


def target_sheet(unit: Unit, year: int, items: Sequence[Indicator]) -> list[TargetLine]:
    """Per indicator: sector default, province (root) and own targets, the one in force and
    the history of every level above the unit and its own (1 query)."""
    paths = chain_paths(unit)
    rows = (
        Target.objects.filter(indicator__in=items, year=year)
        .filter(Q(unit__isnull=True) | Q(unit__path__in=paths))
        .select_related("unit", "set_by__person")
        .order_by("created_at", "pk")
    )
    by_indicator: dict[int, list[Target]] = defaultdict(list)
    for target in rows:
        by_indicator[target.indicator_id].append(target)
    lines = []
    for indicator in items:
        current: dict[str, Target] = {}
        history: list[TargetChange] = []
        last_value: dict[str, Decimal] = {}
        for target in by_indicator.get(indicator.pk, []):
            path = target.unit.path if target.unit is not None else ""
            history.append(TargetChange(target=target, before=last_value.get(path)))
            last_value[path] = target.value
            if target.superseded_at is None:
                current[path] = target
        chain = ["", *paths]
        found = [current[p] for p in chain if p in current]
        lines.append(
            TargetLine(
                indicator=indicator,
                sector=current.get(""),
                province=current.get(paths[0]) if len(paths) > 1 else None,
                own=current.get(unit.path),
                effective=found[-1] if found else None,
                history=list(reversed(history)),
            )
        )
    return lines


def period_closes(unit: Unit) -> list[PeriodClose]:
    """Closes that lock the unit or anything in its subtree: its own, its sub-units' and the
    ones made above it, newest month first (1 query)."""
    ancestors = chain_paths(unit)[:-1]
    return list(
        PeriodClose.objects.filter(
            Q(unit__path__startswith=unit.path) | Q(unit__path__in=ancestors)
        )
        .select_related("unit", "closed_by__person")
        .order_by("-month", "unit__path")
    )


def corrections(unit: Unit, *, limit: int = 100) -> list[FigureChange]:
    """The latest changes made after close in the unit's subtree, with their reason (1 query)."""
    return list(
        FigureChange.objects.filter(correction=True, figure__unit__path__startswith=unit.path)
        .select_related("figure__unit", "figure__item", "batch__uploaded_by__person")
        .order_by("-at", "-pk")[:limit]
    )


def corrected_items(unit: Unit, period: Period) -> dict[str, int]:
    """How many corrections after close each item had in the unit's subtree and period."""
    months = [m.key for m in months_needed(period)]
    rows = (
        FigureChange.objects.filter(
            correction=True,
            figure__unit__path__startswith=unit.path,
            figure__month__in=months,
        )
        .values_list("figure__item__code")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


def corrected_indicators(items: Iterable[Indicator], corrected: dict[str, int]) -> dict[int, int]:
    """Indicator id → corrections after close among the items its definitions use."""
    if not corrected:
        return {}
    result = {}
    for indicator, definitions in definitions_of(items).items():
        codes = set().union(*(d.codes() for d in definitions)) if definitions else set()
        count = sum(corrected.get(code, 0) for code in codes)
        if count:
            result[indicator] = count
    return result
