"""Tasks on the cockpit: overdue and due soon per unit, timeliness in the four groups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q

from dieuhanh.core.periods import Month, Period
from dieuhanh.directives.models import Task
from dieuhanh.directives.selectors import TimelinessCounts, timeliness_counts, visible_tasks
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Unit

# Open tasks due within this many days from today are "due soon".
DUE_SOON_DAYS = 7
OVERDUE_LIST_LIMIT = 10


@dataclass
class TaskLoad:
    """A unit's open tasks (its subtree included): overdue and due within DUE_SOON_DAYS."""

    unit: Unit
    overdue: int = 0
    due_soon: int = 0


@dataclass
class TimelinessLine:
    """A unit's tasks due in the period (its subtree included), in the four groups."""

    unit: Unit
    counts: TimelinessCounts = field(default_factory=TimelinessCounts)


def _owner(path: str, units: Sequence[Unit]) -> list[Unit]:
    """The listed units a row of `path` counts towards (the unit itself or an ancestor)."""
    return [unit for unit in units if path.startswith(unit.path)]


def task_loads(
    unit: Unit, units: Sequence[Unit], authority: Authority, *, today: dt.date
) -> tuple[list[TaskLoad], list[Task]]:
    """Open overdue and due-soon tasks per listed unit, and the most overdue ones (2 queries)."""
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
    loads = {u.pk: TaskLoad(unit=u) for u in units}
    for path, overdue, due_soon in rows:
        for owner in _owner(path, units):
            loads[owner.pk].overdue += overdue
            loads[owner.pk].due_soon += due_soon
    latest = list(
        open_tasks.filter(deadline__lt=today)
        .select_related("unit", "directive", "occurrence__duty")
        .order_by("deadline", "id")[:OVERDUE_LIST_LIMIT]
    )
    return [loads[u.pk] for u in units], latest


def deadline_window(period: Period, today: dt.date) -> tuple[dt.date, dt.date]:
    """The deadlines whose tasks the timeliness counts: the period's, up to today while the
    period runs (it reaches the latest ended month, so this month's deadlines count too)."""
    running = period.last >= Month.of(today).shift(-1)
    return period.start, max(period.end, today) if running else period.end


def timeliness_lines(
    unit: Unit,
    units: Sequence[Unit],
    authority: Authority,
    *,
    window: tuple[dt.date, dt.date],
    on: dt.date,
) -> list[TimelinessLine]:
    """The four groups at `on` of the tasks due in the window, per listed unit (1 query).

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
    lines = {u.pk: TimelinessLine(unit=u) for u in units}
    for path, counts in timeliness_counts(tasks, on=on, by="unit__path").items():
        for owner in _owner(path, units):
            lines[owner.pk].counts.add(counts)
    return [lines[u.pk] for u in units]
