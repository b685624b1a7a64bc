"""Lookups in scope and the shapes the directives API returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.http import Http404

from dieuhanh.directives import selectors
from dieuhanh.directives.models import (
    CompletionReport,
    Directive,
    ExtensionRequest,
    Role,
    Task,
    TaskStatus,
)
from dieuhanh.directives.selectors import Progress, TimelinessCounts
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Person


def task_in_scope(authority: Authority, pk: int) -> Task:
    """A task the user may see, else 404."""
    task = (
        selectors.visible_tasks(authority)
        .select_related("directive", "unit", "parent", "assignee", "assigned_by")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    return task


def directive_in_scope(authority: Authority, pk: int) -> Directive:
    """A directive the user may see, else 404."""
    directive = (
        selectors.visible_directives(authority)
        .select_related("issuer", "on_behalf_of", "accountable", "issuing_unit", "programme_item")
        .filter(pk=pk)
        .first()
    )
    if directive is None:
        raise Http404
    return directive


def name(person: Person | None) -> str | None:
    return person.full_name if person is not None else None


def counts_out(counts: TimelinessCounts) -> dict[str, Any]:
    return {**counts.as_dict(), "on_time_rate": counts.on_time_rate}


def group_of(task: Task, on: dt.date) -> str | None:
    """The task's timeliness group today, or None where timeliness does not count it."""
    counted = task.role != Role.INFORMED and task.status != TaskStatus.CANCELLED
    return task.timeliness(on) if counted and task.assigned_on <= on else None


def task_out(task: Task, progress: Progress, on: dt.date) -> dict[str, Any]:
    """A task as the lists return it (unit, assignee and assigner loaded with it)."""
    return {
        "id": task.pk,
        "title": task.title,
        "unit": task.unit.code,
        "unit_name": task.unit.name,
        "role": task.role,
        "status": task.status,
        "directive_id": task.directive_id,
        "parent_id": task.parent_id,
        "assignee_id": task.assignee_id,
        "assignee": name(task.assignee),
        "assigned_by": task.assigned_by.full_name,
        "assigned_on": task.assigned_on,
        "deadline": task.deadline,
        "original_deadline": task.original_deadline,
        "completed_on": task.completed_on,
        "progress": progress.percent,
        "progress_rule": progress.rule,
        "group": group_of(task, on),
        "version": task.version,
    }


def tasks_out(tasks: Sequence[Task], on: dt.date) -> list[dict[str, Any]]:
    """Tasks with their shown progress (one query for the roll-up)."""
    progress = selectors.progress_of(tasks)
    return [task_out(task, progress[task.pk], on) for task in tasks]


def extension_out(request: ExtensionRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "task_id": request.task_id,
        "requested_by": request.requested_by.full_name,
        "at": request.at,
        "reason": request.reason,
        "previous_deadline": request.previous_deadline,
        "proposed_date": request.proposed_date,
        "status": request.status,
        "decided_by": name(request.decided_by),
        "on_behalf_of": name(request.on_behalf_of),
        "decided_at": request.decided_at,
        "decision_note": request.decision_note,
    }


def report_out(report: CompletionReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "by": report.by.full_name,
        "at": report.at,
        "note": report.note,
        "decision": report.decision,
        "reason": report.reason,
        "decided_by": name(report.decided_by),
        "decided_on_behalf_of": name(report.decided_on_behalf_of),
        "decided_at": report.decided_at,
    }


def task_detail_out(task: Task, authority: Authority) -> dict[str, Any]:
    page = selectors.task_page(task, authority)
    on = authority.on
    return {
        **task_out(task, page.progress, on),
        "note": task.note,
        "directive_title": task.directive.title if task.directive else None,
        "subtasks": [task_out(s, page.subtask_progress[s.pk], on) for s in page.subtasks],
        "updates": [
            {
                "percent": u.percent,
                "note": u.note,
                "by": u.by.full_name,
                "at": u.at,
                "attachments": [a.name for a in u.attachments.all()],
            }
            for u in page.updates
        ],
        "reports": [report_out(r) for r in page.reports],
        "extensions": [extension_out(e) for e in page.extensions],
        "actions": vars(page.actions),
    }


def summary_out(directive: Directive, counts: TimelinessCounts) -> dict[str, Any]:
    return {
        "id": directive.pk,
        "title": directive.title,
        "status": directive.status,
        "priority": directive.priority,
        "source": directive.source_label,
        "issuing_unit": directive.issuing_unit.code,
        "issuer": directive.issuer.full_name,
        "on_behalf_of": name(directive.on_behalf_of),
        "issued_on": directive.issued_on,
        "deadline": directive.deadline,
        "counts": counts_out(counts),
    }


def directive_out(directive: Directive, authority: Authority) -> dict[str, Any]:
    page = selectors.directive_page(directive, authority, on=authority.on)
    return {
        **summary_out(directive, page.counts),
        "source_kind": directive.source_kind,
        "content": directive.content,
        "expected_result": directive.expected_result,
        "accountable_id": directive.accountable_id,
        "accountable": name(directive.accountable),
        "deadline_kind": directive.deadline_kind,
        "deadline_days": directive.deadline_days,
        "restricted": directive.restricted,
        "version": directive.version,
        "units": [
            {
                "task_id": row.task.pk,
                "unit": row.task.unit.code,
                "unit_name": row.task.unit.name,
                "role": row.task.role,
                "status": row.task.status,
                "deadline": row.task.deadline,
                "original_deadline": row.task.original_deadline,
                "progress": row.progress.percent,
                "progress_rule": row.progress.rule,
                "group": row.group,
                "pending_report": row.pending_report is not None,
                "pending_extension": (
                    row.pending_extension.proposed_date if row.pending_extension else None
                ),
                "extensions": row.extensions,
            }
            for row in page.rows
        ],
    }
