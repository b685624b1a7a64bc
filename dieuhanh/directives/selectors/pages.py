"""Lists and pages: my tasks, a unit's tasks, a directive's and a task's page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from dieuhanh.directives.models import (
    CompletionReport,
    Directive,
    ExtensionRequest,
    ProgressUpdate,
    Role,
    Task,
    TaskQuerySet,
    TaskStatus,
    Timeliness,
)
from dieuhanh.directives.rules import TaskActions, task_actions
from dieuhanh.directives.selectors.progress import Progress, progress_of
from dieuhanh.directives.selectors.scope import visible_directives, visible_tasks
from dieuhanh.directives.selectors.timeliness import (
    Basis,
    TimelinessCounts,
    counted_tasks,
    group_conditions,
)
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Person, PositionRole, Posting, Power, Unit


def head_unit_ids(authority: Authority) -> list[int]:
    """Units the user heads today (their unit tasks are "mine")."""
    return [p.unit_id for p in authority.postings if p.position.role == PositionRole.HEAD]


def my_tasks(authority: Authority, *, on: dt.date, include_done: bool = False) -> list[Task]:
    """The user's tasks, due soonest first: assigned to them, and their units' tasks if head."""
    person = authority.person
    if person is None:
        return []
    condition = Q(assignee=person)
    heads = head_unit_ids(authority)
    if heads:
        condition |= Q(parent__isnull=True, unit_id__in=heads)
    tasks = Task.objects.filter(condition).actionable()
    if not include_done:
        tasks = tasks.open()
    return list(
        tasks.select_related(
            "directive", "unit", "occurrence__duty", "assignee", "assigned_by"
        ).order_by("deadline", "id")
    )


def unit_tasks(
    unit: Unit,
    authority: Authority,
    *,
    on: dt.date,
    basis: Basis = Basis.CURRENT,
    status: str = "",
    role: str = "",
    group: str = "",
    assignee: Person | None = None,
    subtasks: bool = False,
    search: str = "",
) -> TaskQuerySet:
    """A unit's tasks the user may see, filtered; `group` is a timeliness group at `on`."""
    tasks = visible_tasks(authority).filter(unit=unit)
    if not subtasks:
        tasks = tasks.top_level()
    if status:
        tasks = tasks.filter(status=status)
    if role:
        tasks = tasks.filter(role=role)
    if group:
        condition = group_conditions(on, basis).get(Timeliness(group))
        tasks = counted_tasks(tasks, on).filter(condition) if condition is not None else tasks
    if assignee is not None:
        tasks = tasks.filter(assignee=assignee)
    if search:
        tasks = tasks.filter(title__icontains=search)
    return tasks.select_related("directive", "assignee", "occurrence__duty").order_by(
        "deadline", "id"
    )


# ---------------------------------------------------------------- a directive's page


@dataclass
class UnitStatus:
    """One addressed unit's row on a directive's page."""

    task: Task
    progress: Progress
    group: Timeliness | None  # None for units informed only
    pending_report: CompletionReport | None = None
    pending_extension: ExtensionRequest | None = None
    extensions: int = 0


@dataclass
class DirectivePage:
    directive: Directive
    rows: list[UnitStatus] = field(default_factory=list)
    counts: TimelinessCounts = field(default_factory=TimelinessCounts)


def directive_page(directive: Directive, authority: Authority, *, on: dt.date) -> DirectivePage:
    """The status of every addressed unit of a directive (four queries whatever its size)."""
    tasks = list(
        visible_tasks(authority)
        .filter(directive=directive, parent__isnull=True)
        .select_related("unit", "assignee")
        .order_by("role", "unit__path")
    )
    progress = progress_of(tasks)
    ids = [task.pk for task in tasks]
    reports = {
        r.task_id: r
        for r in CompletionReport.objects.filter(
            task_id__in=ids, decision=CompletionReport.Decision.PENDING
        ).select_related("by")
    }
    extensions: dict[int, list[ExtensionRequest]] = defaultdict(list)
    for request in ExtensionRequest.objects.filter(task_id__in=ids).order_by("at"):
        extensions[request.task_id].append(request)
    page = DirectivePage(directive=directive)
    for task in tasks:
        counted = task.role != Role.INFORMED and task.status != TaskStatus.CANCELLED
        group = task.timeliness(on) if counted and task.assigned_on <= on else None
        requests = extensions[task.pk]
        page.rows.append(
            UnitStatus(
                task=task,
                progress=progress[task.pk],
                group=group,
                pending_report=reports.get(task.pk),
                pending_extension=next(
                    (r for r in requests if r.status == ExtensionRequest.Status.PENDING), None
                ),
                extensions=sum(r.status == ExtensionRequest.Status.APPROVED for r in requests),
            )
        )
        if group is not None:
            page.counts.add(TimelinessCounts.of(group))
    return page


# ---------------------------------------------------------------- a task's page


@dataclass
class TaskPage:
    task: Task
    progress: Progress
    subtasks: list[Task]
    subtask_progress: dict[int, Progress]
    updates: list[ProgressUpdate]
    reports: list[CompletionReport]
    extensions: list[ExtensionRequest]
    actions: TaskActions

    @property
    def pending_extension(self) -> ExtensionRequest | None:
        return next(
            (e for e in self.extensions if e.status == ExtensionRequest.Status.PENDING), None
        )


def task_page(task: Task, authority: Authority) -> TaskPage:
    """Everything a task's page shows, in a fixed number of queries."""
    subtasks = list(
        task.subtasks.select_related("assignee", "assigned_by", "unit").order_by("deadline", "id")
        if task.parent_id is None
        else []
    )
    updates = list(task.progress_updates.select_related("by").prefetch_related("attachments")[:20])
    reports = list(
        task.completion_reports.select_related("by", "decided_by", "decided_on_behalf_of")
        .prefetch_related("attachments")
        .order_by("-at", "-id")
    )
    extensions = list(
        task.extension_requests.select_related(
            "requested_by", "decided_by", "on_behalf_of"
        ).order_by("-at", "-id")
    )
    pending = next((r for r in reports if r.decision == CompletionReport.Decision.PENDING), None)
    actions = task_actions(
        task,
        authority,
        has_subtasks=bool(subtasks),
        pending_report_by=pending.by_id if pending else None,
        extension_pending=any(e.status == ExtensionRequest.Status.PENDING for e in extensions),
    )
    return TaskPage(
        task=task,
        progress=progress_of([task])[task.pk],
        subtasks=subtasks,
        subtask_progress={s.pk: Progress(percent=s.progress, subtasks=0) for s in subtasks},
        updates=updates,
        reports=reports,
        extensions=extensions,
        actions=actions,
    )


def directives_list(authority: Authority) -> QuerySet[Directive]:
    """Directives the user sees, issued ones first by date, newest first."""
    return (
        visible_directives(authority)
        .select_related("issuer", "issuing_unit")
        .order_by("-issued_on", "-id")
    )


def issuing_units(authority: Authority) -> QuerySet[Unit]:
    """Units a user may issue from: those they direct, and, under a delegation, the grantor's."""
    grantors = [g.delegation.grantor_id for g in authority.grants if g.delegation is not None]
    condition = authority.scope_q(Power.DIRECT, prefix="")
    if grantors:
        condition |= Q(
            pk__in=Posting.objects.current(authority.on)
            .filter(person_id__in=grantors)
            .values("unit_id")
        )
    units: QuerySet[Unit] = Unit.objects.filter(condition).order_by("path")
    return units


def addressable_units(authority: Authority) -> QuerySet[Unit]:
    """Units a user may address a directive to (their DIRECT scope, active today)."""
    units: QuerySet[Unit] = authority.units(Power.DIRECT).active_on(authority.on).order_by("path")
    return units
