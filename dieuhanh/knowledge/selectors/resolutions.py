"""Thematic resolutions as read: who sees them, what they can be drafted from, and a
resolution's page — each action item's directive progress and the before/after values of the
indicators it aims to move, for its owner unit.

Who sees a resolution: a draft, whoever may view or direct the issuing unit; an adopted one,
everyone working under the issuer too (a document the procuracy issues to its units).

Before and after (`effect_periods`): "after" runs from the month of adoption through the last
whole month before today; "before" is as many months just before the month of adoption. Both
windows have the same length, so counts compare as fairly as ratios. Until a whole month has
passed since adoption there is no "after" yet, and "before" is the three months before the
month of adoption (the baseline the resolution starts from).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from dieuhanh.core.periods import Month, Period
from dieuhanh.directives import selectors as directive_selectors
from dieuhanh.directives.models import Role, Task, TaskStatus, Timeliness
from dieuhanh.directives.selectors import Progress, TimelinessCounts
from dieuhanh.knowledge.models import GuidanceVersion, Resolution, ResolutionAction, Seminar
from dieuhanh.knowledge.models.seminars import SeminarQuerySet
from dieuhanh.knowledge.selectors.scope import seminars, subtree_q, tree_q, versions
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit
from dieuhanh.plans import selectors as plan_selectors
from dieuhanh.plans.attainment import Result
from dieuhanh.plans.models import Indicator


def resolutions(authority: Authority) -> QuerySet[Resolution]:
    """Resolutions the user may see (see the module)."""
    paths = sorted(set(authority.paths(Power.VIEW)) | set(authority.paths(Power.DIRECT)))
    drafts = Q(status=Resolution.Status.DRAFT) & subtree_q(paths, "issuer__path")
    adopted = ~Q(status=Resolution.Status.DRAFT) & tree_q(authority, "issuer__path")
    return Resolution.objects.filter(drafts | adopted)


def basis_versions(authority: Authority) -> QuerySet[GuidanceVersion]:
    """Guidance versions a resolution may be drafted from: approved, in force or superseded."""
    preparing = [GuidanceVersion.Status.DRAFT, GuidanceVersion.Status.REVIEW]
    return versions(authority).exclude(status__in=preparing)


def basis_seminars(authority: Authority) -> SeminarQuerySet:
    """Seminars a resolution may draw its conclusions from: those held (with minutes)."""
    return seminars(authority).filter(status__in=[Seminar.Status.HELD, Seminar.Status.CLOSED])


def drafting_units(authority: Authority) -> QuerySet[Unit]:
    """Units a user may draft a resolution for, or name as an item's owner: the DIRECT scope."""
    units: QuerySet[Unit] = authority.units(Power.DIRECT).active_on(authority.on).order_by("path")
    return units


def adopted_on(resolution: Resolution) -> dt.date | None:
    if resolution.adopted_at is None:
        return None
    return timezone.localtime(resolution.adopted_at).date()


BASELINE_MONTHS = 3


def effect_periods(adopted: dt.date, on: dt.date) -> tuple[Period, Period | None]:
    """(before, after) adoption, equally long (see the module); no "after" before a whole
    month, then "before" is the baseline of `BASELINE_MONTHS` months."""
    first, last = Month.of(adopted), Month.of(on).shift(-1)
    if last < first:
        return Period.between(first.shift(-BASELINE_MONTHS), first.shift(-1)), None
    after = Period.between(first, last)
    return after.previous(), after


@dataclass(frozen=True)
class IndicatorChange:
    """An indicator's value for the owner unit before and after adoption."""

    indicator: Indicator
    before: Result | None = None
    after: Result | None = None

    @property
    def delta(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        if self.before.value is None or self.after.value is None:
            return None
        return self.after.value - self.before.value

    @property
    def trend(self) -> str | None:
        """ "better", "worse" or "same" by the indicator's direction; None without both values."""
        delta = self.delta
        if delta is None:
            return None
        if delta == 0:
            return "same"
        lower_is_better = (
            self.indicator.zero_tolerance or self.indicator.direction == Indicator.Direction.LOWER
        )
        return "better" if (delta < 0) == lower_is_better else "worse"


@dataclass(frozen=True)
class ActionStatus:
    """An action item with its directive's lead task, progress and timeliness today."""

    action: ResolutionAction
    task: Task | None = None
    progress: Progress | None = None
    group: Timeliness | None = None
    directive_visible: bool = False
    indicators: list[IndicatorChange] = field(default_factory=list)


@dataclass(frozen=True)
class ResolutionPage:
    """Everything a resolution's page shows."""

    resolution: Resolution
    actions: list[ActionStatus]
    adopted_on: dt.date | None
    before: Period | None
    after: Period | None
    counts: TimelinessCounts


def _lead_tasks(actions: list[ResolutionAction]) -> dict[int, Task]:
    """Each directive's lead task (the owner unit's), by directive id (1 query)."""
    ids = [a.directive_id for a in actions if a.directive_id is not None]
    if not ids:
        return {}
    tasks = Task.objects.filter(directive_id__in=ids, parent__isnull=True, role=Role.LEAD)
    return {
        t.directive_id: t for t in tasks.select_related("unit").order_by("id") if t.directive_id
    }


def _changes(
    actions: list[ResolutionAction], periods: tuple[Period, Period | None] | None
) -> dict[int, list[IndicatorChange]]:
    """Each action's indicators before and after, for its owner unit (4 queries at most)."""
    wanted = {a.pk: list(a.indicators.all()) for a in actions}
    if periods is None:
        return {pk: [IndicatorChange(i) for i in items] for pk, items in wanted.items()}
    before, after = periods
    units = {a.owner.pk: a.owner for a in actions if a.owner is not None and wanted[a.pk]}
    indicators = {i.pk: i for items in wanted.values() for i in items}
    table = None
    if units and indicators:
        # The "after" window with trends: its previous period is the "before" window.
        table = plan_selectors.attainment_table(
            list(units.values()),
            list(indicators.values()),
            after or before,
            trends=after is not None,
            projection=False,
        )
    result: dict[int, list[IndicatorChange]] = {}
    for action in actions:
        changes = []
        for indicator in wanted[action.pk]:
            if table is None or action.owner is None:
                changes.append(IndicatorChange(indicator))
                continue
            row = table.row(action.owner, indicator)
            if after is None:
                changes.append(IndicatorChange(indicator, before=row.result))
            else:
                changes.append(IndicatorChange(indicator, before=row.previous, after=row.result))
        result[action.pk] = changes
    return result


def resolution_actions(resolution: Resolution) -> list[ResolutionAction]:
    """The action items in order with their owner, directive and indicators (3 queries)."""
    indicators = Indicator.objects.select_related("work_area").prefetch_related("versions")
    return list(
        resolution.actions.select_related("owner", "directive")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .order_by("order", "id")
    )


def resolution_page(resolution: Resolution, authority: Authority, *, on: dt.date) -> ResolutionPage:
    """A resolution with each action's progress and indicator change, in a fixed number of
    queries whatever the number of actions, units and figures."""
    actions = resolution_actions(resolution)
    tasks = _lead_tasks(actions)
    progress = directive_selectors.progress_of(list(tasks.values()))
    directive_ids = [a.directive_id for a in actions if a.directive_id is not None]
    visible = (
        set(
            directive_selectors.visible_directives(authority)
            .filter(pk__in=directive_ids)
            .values_list("pk", flat=True)
        )
        if directive_ids
        else set()
    )
    adopted = adopted_on(resolution)
    periods = effect_periods(adopted, on) if adopted is not None else None
    changes = _changes(actions, periods)
    counts = TimelinessCounts()
    rows = []
    for action in actions:
        task = tasks.get(action.directive_id) if action.directive_id is not None else None
        group = None
        if task is not None and task.status != TaskStatus.CANCELLED and task.assigned_on <= on:
            group = task.timeliness(on)
            counts.add(TimelinessCounts.of(group))
        rows.append(
            ActionStatus(
                action=action,
                task=task,
                progress=progress.get(task.pk) if task is not None else None,
                group=group,
                directive_visible=action.directive_id in visible,
                indicators=changes[action.pk],
            )
        )
    return ResolutionPage(
        resolution=resolution,
        actions=rows,
        adopted_on=adopted,
        before=periods[0] if periods else None,
        after=periods[1] if periods else None,
        counts=counts,
    )
