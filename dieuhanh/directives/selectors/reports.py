"""Timeliness by unit for a period, a calendar of one's deadlines, and the inbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet

from dieuhanh.core.periods import Period
from dieuhanh.directives.models import (
    ExtensionRequest,
    Notification,
    Task,
    TaskStatus,
)
from dieuhanh.directives.selectors.pages import head_unit_ids
from dieuhanh.directives.selectors.scope import visible_tasks
from dieuhanh.directives.selectors.timeliness import Basis, TimelinessCounts, timeliness_counts
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit

# ---------------------------------------------------------------- timeliness for a period


@dataclass
class TimelinessRow:
    """One unit's line: its four groups, on-time rate and approved extensions."""

    unit: Unit
    counts: TimelinessCounts
    extensions: int = 0
    own_only: bool = False  # the unit's own tasks, not its sub-units'


@dataclass
class TimelinessReport:
    unit: Unit
    period: Period
    on: dt.date
    basis: Basis
    rows: list[TimelinessRow] = field(default_factory=list)
    total: TimelinessRow | None = None


def default_report_unit(authority: Authority) -> Unit | None:
    """The widest unit the user sees: the root of their first viewing scope."""
    paths = authority.paths(Power.VIEW)
    if not paths:
        return None
    units = Unit.objects.filter(depth=1) if paths[0] == "" else Unit.objects.filter(path=paths[0])
    found: Unit | None = units.order_by("path").first()
    return found


def timeliness_report(
    unit: Unit, authority: Authority, *, period: Period, today: dt.date, basis: Basis
) -> TimelinessReport:
    """The four groups per sub-unit of `unit` (each with its subtree) and for the unit's own
    tasks, for the units' tasks due in `period` — by the current or the original deadline —
    as they stand at the period's end (or today while it runs). Three queries.
    """
    on = min(period.end, today)
    deadline = "original_deadline" if basis == Basis.ORIGINAL else "deadline"
    tasks = (
        visible_tasks(authority)
        .top_level()
        .filter(
            unit__path__startswith=unit.path,
            **{f"{deadline}__gte": period.start, f"{deadline}__lte": period.end},
        )
    )
    by_path = timeliness_counts(tasks, on=on, basis=basis, by="unit__path")
    extensions = {
        row["task__unit__path"]: row["count"]
        for row in ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.APPROVED,
            decided_at__date__lte=on,
            task__in=tasks.values("pk"),
        )
        .order_by()
        .values("task__unit__path")
        .annotate(count=Count("id"))
    }
    children = list(Unit.objects.get_children(unit).select_related("level"))
    report = TimelinessReport(unit=unit, period=period, on=on, basis=basis)
    own = TimelinessRow(unit=unit, counts=TimelinessCounts(), own_only=True)
    rows = {child.path: TimelinessRow(unit=child, counts=TimelinessCounts()) for child in children}
    total = TimelinessRow(unit=unit, counts=TimelinessCounts())
    for path in set(by_path) | set(extensions):
        counts = by_path.get(path, TimelinessCounts())
        extended = extensions.get(path, 0)
        row = own if path == unit.path else rows.get(path[: len(unit.path) + Unit.steplen])
        if row is None:  # pragma: no cover - every path under the unit has a child prefix
            continue
        row.counts.add(counts)
        row.extensions += extended
        total.counts.add(counts)
        total.extensions += extended
    shown = [
        row for row in rows.values() if row.counts.total or row.extensions or _active(row.unit, on)
    ]
    report.rows = ([own] if own.counts.total or own.extensions else []) + shown
    report.total = total
    return report


def _active(unit: Unit, on: dt.date) -> bool:
    return (unit.active_from is None or unit.active_from <= on) and (
        unit.active_to is None or unit.active_to >= on
    )


# ---------------------------------------------------------------- calendar


def my_deadlines(authority: Authority, *, start: dt.date, end: dt.date) -> list[Task]:
    """The user's tasks due from `start` to `end` — assigned to them, and their units' tasks
    if they head a unit — cancelled ones left out, by deadline (one query)."""
    person = authority.person
    if person is None:
        return []
    condition = Q(assignee=person)
    heads = head_unit_ids(authority)
    if heads:
        condition |= Q(parent__isnull=True, unit_id__in=heads)
    return list(
        Task.objects.filter(condition, deadline__gte=start, deadline__lte=end)
        .actionable()
        .select_related("unit", "directive")
        .order_by("deadline", "id")
    )


def feed_tasks(authority: Authority) -> list[Task]:
    """The open tasks of the user's calendar feed (same people rule as `my_deadlines`)."""
    person = authority.person
    if person is None:
        return []
    condition = Q(assignee=person)
    heads = head_unit_ids(authority)
    if heads:
        condition |= Q(parent__isnull=True, unit_id__in=heads)
    return list(
        Task.objects.filter(condition)
        .actionable()
        .filter(status__in=[TaskStatus.OPEN, TaskStatus.REPORTED, TaskStatus.RETURNED])
        .select_related("unit", "directive", "assigned_by")
        .order_by("deadline", "id")[:2000]
    )


# ---------------------------------------------------------------- inbox


def inbox(user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread (one query, on the inbox index)."""
    return Notification.objects.unread().filter(recipient=user).count()
