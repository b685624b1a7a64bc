"""Helpers shared by the directive services: who acts, and in whose name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.files import File
from django.utils import timezone

from dieuhanh.core.audit import Actor
from dieuhanh.core.errors import Denied
from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import (
    CompletionReport,
    ProgressUpdate,
    Task,
    TaskAttachment,
)
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Person, Power


def today() -> dt.date:
    return timezone.localdate()


def acting_person(authority: Authority) -> Person:
    """The person behind the request; an account without a person may not act on tasks."""
    if authority.person is None:
        raise Denied(Power.DIRECT)
    return authority.person


def fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def assigner_actor(task: Task, authority: Authority) -> tuple[Actor, Person | None]:
    """The actor deciding on a task's report or extension, and on whose behalf.

    Allowed: the person who assigned the task; for a unit's task, the leader on whose behalf
    the directive was issued; anyone holding DIRECT on the task's unit under a delegation in
    force from the assigner (recorded as done on the assigner's behalf). Anyone else: Denied.
    """
    person = acting_person(authority)
    user = authority.user if isinstance(authority.user, User) else None
    if person.pk == task.assigned_by_id:
        return Actor(user=user), None
    directive = task.directive
    if task.parent_id is None and directive is not None and directive.on_behalf_of_id == person.pk:
        return Actor(user=user), None
    for grant in authority.grants:
        delegation = grant.delegation
        if (
            delegation is not None
            and delegation.grantor_id == task.assigned_by_id
            and grant.covers(task.unit.path, Power.DIRECT, None)
        ):
            grantor = delegation.grantor
            return (
                Actor(
                    user=user,
                    on_behalf_of=grantor.user,
                    on_behalf_of_label=grantor.full_name,
                    delegation_id=delegation.pk,
                ),
                grantor,
            )
    raise Denied(Power.DIRECT)


def reporter_actor(task: Task, authority: Authority, *, completion: bool = False) -> Actor:
    """The actor reporting on a task.

    A sub-task is reported by its assignee (or by whoever directs the unit). A unit's task:
    progress by anyone who reports for the unit; completion by whoever directs it (the head).
    """
    person = acting_person(authority)
    if task.assignee_id is not None and task.assignee_id == person.pk:
        return authority.actor
    power = Power.DIRECT if completion or task.parent_id is not None else Power.REPORT
    return authority.actor_for(task.unit, power)


def require_open(task: Task) -> None:
    if not task.is_open:
        raise DirectiveError(
            f"Nhiệm vụ “{task}” đang ở trạng thái “{task.get_status_display()}”; "
            "không thể thay đổi.",
            field="status",
        )


def attach(
    task: Task,
    files: Sequence[File],  # type: ignore[type-arg]
    *,
    by: Person,
    update: ProgressUpdate | None = None,
    report: CompletionReport | None = None,
) -> list[TaskAttachment]:
    """Store uploaded files against a task's update or report."""
    attachments = []
    for upload in files:
        name = (upload.name or "tep").rsplit("/", 1)[-1][:200]
        attachment = TaskAttachment(
            task=task, progress_update=update, completion_report=report, name=name, uploaded_by=by
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        attachments.append(attachment)
    return attachments
