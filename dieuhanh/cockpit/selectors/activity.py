"""Reporting, resolutions and recent activity on the cockpit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Exists, Max, OuterRef, Q, Subquery

from dieuhanh.core.models import AuditEntry
from dieuhanh.core.periods import Month
from dieuhanh.directives.models import Task, TaskStatus
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Posting, Power, Unit
from dieuhanh.plans.models import Figure

# How far back a unit must have reported to be expected to report the latest month.
REPORTING_LOOKBACK_MONTHS = 12
ACTIVITY_LIMIT = 10


@dataclass
class SilentUnit:
    """A unit that usually reports figures and has none for the month."""

    unit: Unit
    last_month: Month | None
    can_report: bool


def not_reported(
    unit: Unit, authority: Authority, *, month: Month, on: dt.date
) -> list[SilentUnit]:
    """Active units of the subtree that reported in the twelve months before `month` and have
    no figure for it (1 query)."""
    earlier = Figure.objects.filter(
        unit=OuterRef("pk"),
        month__gte=month.shift(-REPORTING_LOOKBACK_MONTHS).key,
        month__lt=month.key,
    )
    latest = earlier.order_by().values("unit").annotate(last=Max("month")).values("last")
    units = (
        Unit.objects.filter(path__startswith=unit.path)
        .active_on(on)
        .filter(Exists(earlier))
        .exclude(Exists(Figure.objects.filter(unit=OuterRef("pk"), month=month.key)))
        .annotate(last_month=Subquery(latest))
        .select_related("level")
        .order_by("path")
    )
    return [
        SilentUnit(
            unit=u,
            last_month=_month(getattr(u, "last_month", None)),
            can_report=authority.can(u, Power.REPORT),
        )
        for u in units
    ]


def _month(key: int | None) -> Month | None:
    return Month(key // 100, key % 100) if key else None


@dataclass
class ResolutionLine:
    """A resolution in progress: its action items owned in the subtree and how far they are."""

    resolution: Any  # knowledge.Resolution (the app is optional)
    actions: int = 0
    done: int = 0
    overdue: int = 0
    next_deadline: dt.date | None = None


def resolutions_in_progress(
    unit: Unit, authority: Authority, *, today: dt.date
) -> list[ResolutionLine] | None:
    """Adopted resolutions the user may see, with action items owned in the unit's subtree (or
    issued in it) not all done; an item is done when its directive's task for the owner unit is
    (1 query). None when the knowledge app is not installed.
    """
    if not apps.is_installed("dieuhanh.knowledge"):
        return None
    from dieuhanh.knowledge.models import Resolution, ResolutionAction
    from dieuhanh.knowledge.selectors.resolutions import resolutions

    done = Task.objects.filter(
        directive_id=OuterRef("directive_id"),
        unit_id=OuterRef("owner_id"),
        parent__isnull=True,
        status=TaskStatus.DONE,
    )
    actions = (
        ResolutionAction.objects.filter(
            resolution__in=resolutions(authority).filter(status=Resolution.Status.ADOPTED)
        )
        .filter(
            Q(owner__path__startswith=unit.path) | Q(resolution__issuer__path__startswith=unit.path)
        )
        .annotate(done=Exists(done))
        .select_related("resolution")
        .order_by("resolution__adopted_at", "resolution_id", "order", "id")
    )
    lines: dict[int, ResolutionLine] = {}
    for action in actions:
        line = lines.setdefault(action.resolution_id, ResolutionLine(action.resolution))
        line.actions += 1
        if getattr(action, "done", False):
            line.done += 1
            continue
        deadline = action.deadline
        if deadline is None:
            continue
        if deadline < today:
            line.overdue += 1
        if line.next_deadline is None or deadline < line.next_deadline:
            line.next_deadline = deadline
    return [line for line in lines.values() if line.done < line.actions]


def recent_activity(unit: Unit, *, on: dt.date, limit: int = ACTIVITY_LIMIT) -> list[AuditEntry]:
    """The latest audit entries made by people posted in the unit's subtree today (1 query)."""
    actors = (
        Posting.objects.current(on)
        .filter(unit__path__startswith=unit.path, person__user__isnull=False)
        .values("person__user_id")
    )
    return list(AuditEntry.objects.filter(actor_id__in=actors).order_by("-at", "-id")[:limit])
