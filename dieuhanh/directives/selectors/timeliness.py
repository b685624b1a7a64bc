"""Timeliness in the four official groups, at any date; on-time rates; fixed query counts.

Timeliness (the four official groups, DOMAIN §7) is computed at any date `on`, against the
current deadline or the original one (`Basis`): a task counts as done from the day its
accepted completion report was made; it is overdue when not done by `on` and its deadline is
before `on`. Only tasks someone must carry out are counted (not "for information", not
cancelled), and only those assigned on or before `on`.

The on-time rate is done on time ÷ (done on time + done late + open overdue): the tasks whose
outcome is known at `on`. Tasks still open within their deadline can still end either way and
are left out; with none known, the rate is empty rather than 0 or 100%.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.db.models import BigIntegerField, Count, Expression, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth

from dieuhanh.directives.models import (
    Directive,
    ExtensionRequest,
    TaskQuerySet,
    TaskStatus,
    Timeliness,
)
from dieuhanh.directives.selectors.scope import visible_tasks
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Person, PositionRole, Unit
from dieuhanh.org.selectors import leaders_by_unit


class Basis(StrEnum):
    """Which deadline timeliness is measured against."""

    CURRENT = "current"  # after approved extensions
    ORIGINAL = "original"  # as first set


# ---------------------------------------------------------------- timeliness


@dataclass
class TimelinessCounts:
    """The four groups for a set of tasks at a date."""

    done_on_time: int = 0
    done_late: int = 0
    open_within: int = 0
    open_overdue: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.open_within + self.open_overdue

    @property
    def known(self) -> int:
        return self.done_on_time + self.done_late + self.open_overdue

    @property
    def on_time_rate(self) -> Decimal | None:
        """Done on time as a percentage of the tasks whose outcome is known (one decimal)."""
        if not self.known:
            return None
        rate = Decimal(100 * self.done_on_time) / Decimal(self.known)
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @classmethod
    def of(cls, group: str) -> TimelinessCounts:
        """One task in the given group."""
        counts = cls()
        setattr(counts, str(group), 1)
        return counts

    def add(self, other: TimelinessCounts) -> None:
        self.done_on_time += other.done_on_time
        self.done_late += other.done_late
        self.open_within += other.open_within
        self.open_overdue += other.open_overdue

    def as_dict(self) -> dict[str, int]:
        return {
            Timeliness.DONE_ON_TIME: self.done_on_time,
            Timeliness.DONE_LATE: self.done_late,
            Timeliness.OPEN_WITHIN: self.open_within,
            Timeliness.OPEN_OVERDUE: self.open_overdue,
        }


def _deadline_field(basis: Basis) -> str:
    return "original_deadline" if basis == Basis.ORIGINAL else "deadline"


def group_conditions(on: dt.date, basis: Basis) -> dict[Timeliness, Q]:
    """The SQL condition of each group at `on` (the same rule as `Task.timeliness`)."""
    deadline = _deadline_field(basis)
    done = Q(status=TaskStatus.DONE, completed_on__lte=on)
    not_done = ~Q(status=TaskStatus.DONE) | Q(completed_on__gt=on)
    return {
        Timeliness.DONE_ON_TIME: done & Q(completed_on__lte=F(deadline)),
        Timeliness.DONE_LATE: done & Q(completed_on__gt=F(deadline)),
        Timeliness.OPEN_WITHIN: not_done & Q(**{f"{deadline}__gte": on}),
        Timeliness.OPEN_OVERDUE: not_done & Q(**{f"{deadline}__lt": on}),
    }


def counted_tasks(tasks: TaskQuerySet, on: dt.date) -> TaskQuerySet:
    """The tasks timeliness counts at `on`: actionable and already assigned."""
    return tasks.actionable().filter(assigned_on__lte=on)


def timeliness_counts(
    tasks: TaskQuerySet,
    *,
    on: dt.date,
    basis: Basis = Basis.CURRENT,
    by: str | Expression | None = None,
) -> dict[Any, TimelinessCounts]:
    """Counts of the four groups, grouped by a field or an expression (or all under the key
    None): one query."""
    conditions = group_conditions(on, basis)
    aggregates = {
        str(group): Count("id", filter=condition) for group, condition in conditions.items()
    }
    queryset = counted_tasks(tasks, on).order_by()
    if by is None:
        rows: list[dict[str, Any]] = [{**queryset.aggregate(**aggregates), "key": None}]
    else:
        key = F(by) if isinstance(by, str) else by
        rows = [dict(row) for row in queryset.values(key=key).annotate(**aggregates)]
    result: dict[Any, TimelinessCounts] = {}
    for row in rows:
        result[row["key"]] = TimelinessCounts(
            done_on_time=row[Timeliness.DONE_ON_TIME] or 0,
            done_late=row[Timeliness.DONE_LATE] or 0,
            open_within=row[Timeliness.OPEN_WITHIN] or 0,
            open_overdue=row[Timeliness.OPEN_OVERDUE] or 0,
        )
    return result


def timeliness_summary(
    authority: Authority, *, on: dt.date, basis: Basis = Basis.CURRENT
) -> TimelinessCounts:
    """All units' tasks the user sees, in the four groups (one query)."""
    counts = timeliness_counts(visible_tasks(authority).top_level(), on=on, basis=basis)
    return counts.get(None, TimelinessCounts())


def timeliness_by_unit(
    authority: Authority,
    *,
    on: dt.date,
    basis: Basis = Basis.CURRENT,
    units: Sequence[Unit] | None = None,
) -> list[tuple[Unit, TimelinessCounts]]:
    """Per unit, the four groups and the on-time rate of its tasks (two queries).

    With `units`, each listed unit counts the tasks of its whole subtree (a province's
    regional units with their teams); without, every unit with tasks counts its own.
    """
    tasks = visible_tasks(authority).top_level()
    if units is not None:
        paths = Q()
        for unit in units:
            paths |= Q(unit__path__startswith=unit.path)
        tasks = tasks.filter(paths) if units else tasks.none()
    if units is None:
        # By the unit's id, not its path through a join, and as "unit_id + 0": with a join or
        # a bare indexed column SQLite walks the unit index to spare itself a sort, reading the
        # tasks in random order (2 s with a million tasks, against 0.6 s for one pass over the
        # table; benchmarks/bench_directives.py). PostgreSQL plans both alike.
        unit_id = ExpressionWrapper(F("unit_id") + 0, output_field=BigIntegerField())
        by_id = timeliness_counts(tasks, on=on, basis=basis, by=unit_id)
        known = {u.pk: u for u in Unit.objects.filter(pk__in=list(by_id))}
        rows = [(known[pk], counts) for pk, counts in by_id.items()]
        return sorted(rows, key=lambda row: row[0].path)
    by_path = timeliness_counts(tasks, on=on, basis=basis, by="unit__path")
    result = []
    for unit in units:
        total = TimelinessCounts()
        for path, counts in by_path.items():
            if path.startswith(unit.path):
                total.add(counts)
        result.append((unit, total))
    return result


def timeliness_by_directive(
    authority: Authority,
    *,
    on: dt.date,
    basis: Basis = Basis.CURRENT,
    directives: Sequence[Directive] | None = None,
) -> dict[int, TimelinessCounts]:
    """Per directive id, the four groups of its units' tasks (one query)."""
    tasks = visible_tasks(authority).top_level().filter(directive__isnull=False)
    if directives is not None:
        tasks = tasks.filter(directive__in=[d.pk for d in directives])
    return timeliness_counts(tasks, on=on, basis=basis, by="directive_id")


def timeliness_by_head(
    authority: Authority, *, on: dt.date, basis: Basis = Basis.CURRENT
) -> list[tuple[Person, TimelinessCounts]]:
    """Per head, the four groups of the tasks of the units they head on `on` (two queries).

    A unit's tasks count for whoever heads it on `on`; units without a head are left out.
    """
    by_unit = timeliness_counts(
        visible_tasks(authority).top_level(), on=on, basis=basis, by="unit_id"
    )
    heads = leaders_by_unit(list(by_unit), on, PositionRole.HEAD)
    totals: dict[int, TimelinessCounts] = defaultdict(TimelinessCounts)
    people: dict[int, Person] = {}
    for unit_id, counts in by_unit.items():
        for head in heads.get(unit_id, [])[:1]:
            people[head.pk] = head
            totals[head.pk].add(counts)
    return sorted(
        ((people[pk], counts) for pk, counts in totals.items()),
        key=lambda pair: pair[0].full_name,
    )


def timeliness_by_month(
    authority: Authority,
    *,
    on: dt.date,
    start: dt.date,
    end: dt.date,
    basis: Basis = Basis.CURRENT,
) -> dict[dt.date, TimelinessCounts]:
    """Per month of the deadline (first day of the month), tasks due from start to end."""
    deadline = _deadline_field(basis)
    tasks = (
        visible_tasks(authority)
        .top_level()
        .filter(**{f"{deadline}__gte": start, f"{deadline}__lte": end})
        .annotate(month=TruncMonth(deadline))
    )
    counts = timeliness_counts(tasks, on=on, basis=basis, by="month")
    return {_as_date(month): value for month, value in sorted(counts.items())}


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def extension_counts(authority: Authority, *, units: Sequence[Unit]) -> dict[int, int]:
    """Approved extensions per listed unit, its subtree included (one query)."""
    rows = (
        ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.APPROVED, task__in=visible_tasks(authority)
        )
        .values("task__unit__path")
        .annotate(count=Count("id"))
    )
    result = dict.fromkeys((unit.pk for unit in units), 0)
    for row in rows:
        for unit in units:
            if row["task__unit__path"].startswith(unit.path):
                result[unit.pk] += row["count"]
    return result
