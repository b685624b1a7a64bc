"""Tasks on the cockpit: overdue and due soon per unit, timeliness in the four groups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Count, Q

from dieuhanh.core.periods import Month, Period
from dieuhanh.directives.models import Task
from dieuhanh.directives.selectors import TimelinessCounts, timeliness_counts, visible_tasks
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Unit

# Open tasks due within this many days from today are "due soon".
DUE_SOON_DAYS = 7
OVERDUE_LIST_LIMIT = 10


class Scope(StrEnum):
    """What a line of the task tables counts."""

    TOTAL = "total"  # the unit shown with its whole subtree
    OWN = "own"  # the unit's own tasks, when it has sub-units
    SUB_UNIT = "sub_unit"  # a sub-unit with its subtree


@dataclass
class TaskLoad:
    """Open tasks of a line (see Scope): overdue and due within DUE_SOON_DAYS."""

    unit: Unit
    scope: Scope
    overdue: int = 0
    due_soon: int = 0


@dataclass
class TimelinessLine:
    """Tasks of a line (see Scope) due in the period, in the four groups."""

    unit: Unit
    scope: Scope
    counts: TimelinessCounts = field(default_factory=TimelinessCounts)


def _lines(unit: Unit, children: Sequence[Unit]) -> list[tuple[Unit, Scope]]:
    """The unit's total first; with sub-units, then its own tasks and each sub-unit's."""
    if not children:
        return [(unit, Scope.TOTAL)]
    return [
        (unit, Scope.TOTAL),
        (unit, Scope.OWN),
        *((child, Scope.SUB_UNIT) for child in children),
    ]


def _positions(path: str, lines: Sequence[tuple[Unit, Scope]]) -> list[int]:
    """The lines a row of a unit at `path` (in the subtree of the first line) counts in."""
    found = []
    for position, (unit, scope) in enumerate(lines):
        counts = path == unit.path if scope == Scope.OWN else path.startswith(unit.path)
        if counts:
            found.append(position)
    return found


def task_loads(
    unit: Unit, children: Sequence[Unit], authority: Authority, *, today: dt.date
) -> tuple[list[TaskLoad], list[Task]]:
    """Open overdue and due-soon tasks per line (total, own, sub-units) and the most overdue
    ones (2 queries)."""
    open_tasks = (
        visible_tasks(authority)
        .top_level()
        .actionable()
        .open()
        .filter(unit__path__startswith=unit.path)
    )
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    rows = (
        open_tasks.filter(deadline__lte=soon)
        .order_by()
        .values("unit__path")
        .annotate(
            overdue=Count("id", filter=Q(deadline__lt=today)),
            due_soon=Count("id", filter=Q(deadline__gte=today)),
        )
        .values_list("unit__path", "overdue", "due_soon")
    )
    lines = _lines(unit, children)
    loads = [TaskLoad(unit=line_unit, scope=scope) for line_unit, scope in lines]
    for path, overdue, due_soon in rows:
        for position in _positions(path, lines):
            loads[position].overdue += overdue
            loads[position].due_soon += due_soon
    latest = list(
        open_tasks.filter(deadline__lt=today)
        .select_related("unit", "directive", "occurrence__duty")
        .order_by("deadline", "id")[:OVERDUE_LIST_LIMIT]
    )
    return loads, latest


def deadline_window(period: Period, today: dt.date) -> tuple[dt.date, dt.date]:
    """The deadlines whose tasks the timeliness counts: the period's, up to today while the
    period runs (it reaches the latest ended month, so this month's deadlines count too)."""
    running = period.last >= Month.of(today).shift(-1)
    return period.start, max(period.end, today) if running else period.end


def timeliness_lines(
    unit: Unit,
    children: Sequence[Unit],
    authority: Authority,
    *,
    window: tuple[dt.date, dt.date],
    on: dt.date,
) -> list[TimelinessLine]:
    """The four groups at `on` of the tasks due in the window, per line (1 query).

    The cockpit counts at today: a task due in a past period and completed since is done late,
    one still open is overdue (a report as at the period's end is the reports' job).
    """
    tasks = (
        visible_tasks(authority)
        .top_level()
        .filter(
            unit__path__startswith=unit.path,
            deadline__gte=window[0],
            deadline__lte=window[1],
        )
    )
    lines = _lines(unit, children)
    result = [TimelinessLine(unit=line_unit, scope=scope) for line_unit, scope in lines]
    for path, counts in timeliness_counts(tasks, on=on, by="unit__path").items():
        for position in _positions(path, lines):
            result[position].counts.add(counts)
    return result
