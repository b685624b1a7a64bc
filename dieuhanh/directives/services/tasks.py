"""Writes to tasks: sub-tasks for staff, progress, completion (accept / return), extensions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from dieuhanh.core.audit import diff, record, snapshot
from dieuhanh.core.concurrency import claim_version
from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import (
    CompletionReport,
    ExtensionRequest,
    ProgressUpdate,
    Role,
    Task,
    TaskStatus,
)
from dieuhanh.directives.rules import acting_person, assigner_actor, reporter_actor
from dieuhanh.directives.services._common import attach, fmt, require_open, today
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Person, Posting, Power

SUBTASK_FIELDS = ("title", "note", "assignee", "deadline")


# ---------------------------------------------------------------- sub-tasks


def _check_subtask(
    task: Task, *, assignee: Person, deadline: dt.date, title: str, on: dt.date
) -> None:
    if not title.strip():
        raise DirectiveError("Hãy nhập tên việc giao.", field="title")
    staff = Posting.objects.current(on).filter(
        person=assignee, unit__path__startswith=task.unit.path
    )
    if not staff.exists():
        raise DirectiveError(
            f"{assignee} không phải cán bộ của “{task.unit}”; chỉ giao việc cho cán bộ đơn vị.",
            field="assignee",
        )
    if deadline < on:
        raise DirectiveError(
            f"Thời hạn {fmt(deadline)} trước ngày giao {fmt(on)}.", field="deadline"
        )
    if deadline > task.deadline:
        raise DirectiveError(
            f"Thời hạn {fmt(deadline)} muộn hơn thời hạn của đơn vị {fmt(task.deadline)}.",
            field="deadline",
        )


@transaction.atomic
def assign_subtask(
    task: Task,
    *,
    assignee: Person,
    title: str,
    deadline: dt.date,
    authority: Authority,
    note: str = "",
    on: dt.date | None = None,
) -> Task:
    """The head breaks the unit's task into a sub-task for one of the unit's staff."""
    actor = authority.actor_for(task.unit, Power.DIRECT)
    person = acting_person(authority)
    on = on or today()
    if task.parent_id is not None:
        raise DirectiveError("Chỉ chia nhỏ được nhiệm vụ của đơn vị.", field="parent")
    if task.role == Role.INFORMED:
        raise DirectiveError("Chỉ đạo “để biết” không cần giao việc.", field="role")
    require_open(task)
    _check_subtask(task, assignee=assignee, deadline=deadline, title=title, on=on)
    subtask = Task.objects.create(
        directive_id=task.directive_id,
        occurrence_id=task.occurrence_id,
        unit=task.unit,
        role=task.role,
        parent=task,
        assignee=assignee,
        assigned_by=person,
        title=title.strip(),
        note=note,
        assigned_on=on,
        deadline=deadline,
        original_deadline=deadline,
    )
    record(
        "directives.task.assign",
        subtask,
        actor=actor,
        changes=diff({}, snapshot(subtask, SUBTASK_FIELDS)) | {"parent": [None, task.pk]},
    )
    return subtask


@transaction.atomic
def update_subtask(
    subtask: Task,
    *,
    expected_version: int | None,
    title: str,
    note: str,
    assignee: Person,
    deadline: dt.date,
    authority: Authority,
) -> Task:
    """The head edits a sub-task; a second save from an old page is refused (StaleEdit)."""
    actor = authority.actor_for(subtask.unit, Power.DIRECT)
    if subtask.parent is None:
        raise DirectiveError("Đây là nhiệm vụ của đơn vị, không phải việc giao cho cán bộ.")
    require_open(subtask)
    _check_subtask(
        subtask.parent,
        assignee=assignee,
        deadline=deadline,
        title=title,
        on=min(subtask.assigned_on, today()),
    )
    claim_version(subtask, expected_version)
    before = snapshot(subtask, SUBTASK_FIELDS)
    subtask.title, subtask.note, subtask.assignee, subtask.deadline = (
        title.strip(),
        note,
        assignee,
        deadline,
    )
    subtask.save(update_fields=[*SUBTASK_FIELDS, "version", "updated_at"])
    record(
        "directives.task.update",
        subtask,
        actor=actor,
        changes=diff(before, snapshot(subtask, SUBTASK_FIELDS)),
    )
    return subtask


# ---------------------------------------------------------------- progress


@transaction.atomic
def report_progress(
    task: Task,
    *,
    percent: int,
    authority: Authority,
    expected_version: int | None,
    note: str = "",
    files: Sequence[File] = (),  # type: ignore[type-arg]
    at: dt.datetime | None = None,
) -> ProgressUpdate:
    """Report a task's progress; a unit's task with sub-tasks takes its figure from them."""
    actor = reporter_actor(task, authority)
    person = acting_person(authority)
    require_open(task)
    if not 0 <= percent <= 100:
        raise DirectiveError("Tiến độ phải từ 0 đến 100%.", field="percent")
    if task.parent_id is None and task.subtasks.exists():
        raise DirectiveError(
            "Tiến độ của nhiệm vụ này được tính từ các việc đã giao cho cán bộ "
            "(trung bình cộng); hãy cập nhật tiến độ ở từng việc.",
            field="percent",
        )
    claim_version(task, expected_version)
    before = task.progress
    task.progress = percent
    task.save(update_fields=["progress", "version", "updated_at"])
    update = ProgressUpdate.objects.create(
        task=task, percent=percent, note=note, by=person, at=at or timezone.now()
    )
    attach(task, files, by=person, update=update)
    record(
        "directives.task.progress",
        task,
        actor=actor,
        changes={"progress": [before, percent], "note": [None, note]},
    )
    return update


# ---------------------------------------------------------------- completion


@transaction.atomic
def report_completion(
    task: Task,
    *,
    authority: Authority,
    expected_version: int | None,
    note: str = "",
    files: Sequence[File] = (),  # type: ignore[type-arg]
    at: dt.datetime | None = None,
) -> CompletionReport:
    """Report a task complete; it waits for the assigner to accept or return it.

    `at` dates a report made earlier (imports, demo data); by default, now.
    """
    actor = reporter_actor(task, authority, completion=True)
    person = acting_person(authority)
    if task.status not in (TaskStatus.OPEN, TaskStatus.RETURNED):
        raise DirectiveError(
            f"Nhiệm vụ “{task}” đang ở trạng thái “{task.get_status_display()}”; "
            "không thể báo cáo hoàn thành.",
            field="status",
        )
    if task.role == Role.INFORMED:
        raise DirectiveError("Chỉ đạo “để biết” không cần báo cáo hoàn thành.", field="role")
    open_subtasks = task.subtasks.exclude(
        status__in=[TaskStatus.DONE, TaskStatus.CANCELLED]
    ).count()
    if open_subtasks:
        raise DirectiveError(
            f"Còn {open_subtasks} việc giao cho cán bộ chưa được nghiệm thu.", field="status"
        )
    claim_version(task, expected_version)
    before = task.status
    task.status = TaskStatus.REPORTED
    task.save(update_fields=["status", "version", "updated_at"])
    report = CompletionReport.objects.create(
        task=task, by=person, note=note, at=at or timezone.now()
    )
    attach(task, files, by=person, report=report)
    record(
        "directives.task.report_completion",
        task,
        actor=actor,
        changes={"status": [before, task.status], "note": [None, note]},
    )
    return report


def _pending_report(task: Task, person: Person) -> CompletionReport:
    if task.status != TaskStatus.REPORTED:
        raise DirectiveError("Nhiệm vụ chưa được báo cáo hoàn thành.", field="status")
    report = task.completion_reports.filter(decision=CompletionReport.Decision.PENDING).first()
    if report is None:  # pragma: no cover - REPORTED always has a pending report
        raise DirectiveError("Không tìm thấy báo cáo hoàn thành đang chờ.", field="status")
    if report.by_id == person.pk:
        raise DirectiveError(
            "Không được tự nghiệm thu báo cáo hoàn thành của chính mình.", field="decision"
        )
    return report


@transaction.atomic
def accept_completion(
    task: Task, *, authority: Authority, expected_version: int | None, note: str = ""
) -> Task:
    """The assigner (or a delegate) accepts the completion report; the task is done.

    The task counts as done from the day the accepted report was made.
    """
    actor, on_behalf_of = assigner_actor(task, authority)
    person = acting_person(authority)
    report = _pending_report(task, person)
    claim_version(task, expected_version)
    now = timezone.now()
    report.decision = CompletionReport.Decision.ACCEPTED
    report.reason, report.decided_by, report.decided_at = note, person, now
    report.decided_on_behalf_of = on_behalf_of
    report.save()
    before = snapshot(task, ("status", "progress", "completed_on"))
    task.status, task.progress = TaskStatus.DONE, 100
    task.completed_on = timezone.localdate(report.at)
    task.accepted_by, task.accepted_at = person, now
    task.save()
    record(
        "directives.task.accept",
        task,
        actor=actor,
        changes=diff(before, snapshot(task, ("status", "progress", "completed_on"))),
    )
    return task


@transaction.atomic
def return_completion(
    task: Task, *, reason: str, authority: Authority, expected_version: int | None
) -> Task:
    """The assigner returns the completion report with a reason; the task is open again."""
    actor, on_behalf_of = assigner_actor(task, authority)
    person = acting_person(authority)
    report = _pending_report(task, person)
    if not reason.strip():
        raise DirectiveError("Hãy nêu lý do trả lại.", field="reason")
    claim_version(task, expected_version)
    report.decision = CompletionReport.Decision.RETURNED
    report.reason, report.decided_by, report.decided_at = reason, person, timezone.now()
    report.decided_on_behalf_of = on_behalf_of
    report.save()
    task.status = TaskStatus.RETURNED
    task.save(update_fields=["status", "updated_at"])
    record(
        "directives.task.return",
        task,
        actor=actor,
        changes={"status": [TaskStatus.REPORTED, TaskStatus.RETURNED], "reason": [None, reason]},
    )
    return task


# ---------------------------------------------------------------- extensions


@transaction.atomic
def request_extension(
    task: Task, *, reason: str, proposed_date: dt.date, authority: Authority
) -> ExtensionRequest:
    """Ask the assigner for a later deadline, with a reason."""
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("unit", "directive")
        .get(pk=task.pk)
    )
    actor = reporter_actor(task, authority)
    person = acting_person(authority)
    if not task.is_open:
        raise DirectiveError(
            f"Nhiệm vụ “{task}” đang ở trạng thái “{task.get_status_display()}”; "
            "không thể gia hạn.",
            field="status",
        )
    if not reason.strip():
        raise DirectiveError("Hãy nêu lý do đề nghị gia hạn.", field="reason")
    if proposed_date <= task.deadline:
        raise DirectiveError(
            f"Ngày đề nghị {fmt(proposed_date)} phải sau thời hạn hiện tại {fmt(task.deadline)}.",
            field="proposed_date",
        )
    if task.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise DirectiveError(
            "Đã có một đề nghị gia hạn đang chờ quyết định cho nhiệm vụ này.",
            field="proposed_date",
        )
    request = ExtensionRequest.objects.create(
        task=task,
        requested_by=person,
        reason=reason.strip(),
        previous_deadline=task.deadline,
        proposed_date=proposed_date,
    )
    record(
        "directives.extension.request",
        task,
        actor=actor,
        changes={"proposed_date": [None, proposed_date.isoformat()], "reason": [None, reason]},
    )
    return request


@transaction.atomic
def decide_extension(
    request: ExtensionRequest, *, approve: bool, authority: Authority, note: str = ""
) -> ExtensionRequest:
    """The assigner (or a delegate) approves or refuses an extension.

    Approval moves the task's current deadline to the proposed date; the original deadline
    stays as it was, so timeliness can be reported against either.
    """
    # Decide on the rows as they are now, locked: the page may show an older state.
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    task = Task.objects.select_related("unit", "directive").get(pk=request.task_id)
    actor, on_behalf_of = assigner_actor(task, authority)
    person = acting_person(authority)
    if request.status != ExtensionRequest.Status.PENDING:
        raise DirectiveError("Đề nghị gia hạn này đã được quyết định.", field="status")
    if not task.is_open:
        raise DirectiveError(
            f"Nhiệm vụ “{task}” đang ở trạng thái “{task.get_status_display()}”; "
            "không thể gia hạn.",
            field="status",
        )
    if not approve and not note.strip():
        raise DirectiveError("Hãy nêu lý do không đồng ý gia hạn.", field="note")
    request.status = (
        ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REFUSED
    )
    request.decided_by, request.on_behalf_of = person, on_behalf_of
    request.decided_at, request.decision_note = timezone.now(), note
    request.save()
    changes: dict[str, list[object]] = {"extension": [None, request.status]}
    if approve:
        # Anyone editing the task from an older page must reload: the deadline moved.
        claim_version(task, None)
        changes["deadline"] = [task.deadline.isoformat(), request.proposed_date.isoformat()]
        task.deadline = request.proposed_date
        task.save(update_fields=["deadline", "updated_at"])
    record("directives.extension.decide", task, actor=actor, changes=changes)
    return request
