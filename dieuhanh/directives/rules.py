"""Who may act on a task: the rules shared by the services (which enforce them) and the pages
(which show only the actions a user may take)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from dieuhanh.core.audit import Actor
from dieuhanh.core.errors import Denied
from dieuhanh.directives.models import Role, Task, TaskStatus
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Person, Power


def acting_person(authority: Authority) -> Person:
    """The person behind the request; an account without a person may not act on tasks."""
    if authority.person is None:
        raise Denied(Power.DIRECT)
    return authority.person


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


def allowed(rule: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Whether a rule lets the user act (it raises Denied otherwise)."""
    try:
        rule(*args, **kwargs)
    except Denied:
        return False
    return True


@dataclass(frozen=True)
class TaskActions:
    """What the user may do on a task now; the page shows only these forms."""

    report_progress: bool = False
    report_completion: bool = False
    decide_completion: bool = False
    request_extension: bool = False
    decide_extension: bool = False
    assign_subtask: bool = False


def task_actions(
    task: Task,
    authority: Authority,
    *,
    has_subtasks: bool,
    pending_report_by: int | None,
    extension_pending: bool,
) -> TaskActions:
    """The actions the services would allow on `task` (no query beyond what is passed in)."""
    if authority.person is None or not task.is_open:
        return TaskActions()
    acting = task.role != Role.INFORMED
    reporter = acting and allowed(reporter_actor, task, authority)
    assigner = allowed(assigner_actor, task, authority)
    return TaskActions(
        report_progress=reporter and not (task.parent_id is None and has_subtasks),
        report_completion=acting
        and task.status in (TaskStatus.OPEN, TaskStatus.RETURNED)
        and allowed(reporter_actor, task, authority, completion=True),
        decide_completion=task.status == TaskStatus.REPORTED
        and assigner
        and pending_report_by != authority.person.pk,
        request_extension=reporter and not extension_pending,
        decide_extension=extension_pending and assigner,
        assign_subtask=acting and task.parent_id is None and authority.can(task.unit, Power.DIRECT),
    )
