"""Tasks through the API: my tasks, a unit's tasks, a task; progress, completion, acceptance,
extensions and sub-tasks through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status

from dieuhanh.core.api_errors import ERRORS_QUERY, ERRORS_READ, ERRORS_WRITE
from dieuhanh.directives import selectors, services
from dieuhanh.directives.api._common import (
    extension_out,
    task_detail_out,
    task_in_scope,
    tasks_out,
)
from dieuhanh.directives.api.schemas import (
    CompletionIn,
    DecisionIn,
    ExtensionDecisionIn,
    ExtensionIn,
    ExtensionOut,
    ProgressIn,
    SubtaskIn,
    SubtaskUpdateIn,
    TaskDetailOut,
    TaskOut,
)
from dieuhanh.directives.models import ExtensionRequest, Role, TaskStatus, Timeliness
from dieuhanh.directives.selectors import Basis
from dieuhanh.org.access import Authority, request_authority, unit_in_scope
from dieuhanh.org.models import Person
from dieuhanh.org.selectors import visible_people

router = Router()


@router.get(
    "/tasks/mine",
    response={200: list[TaskOut], **ERRORS_QUERY},
    summary="Việc của tôi: việc được giao và nhiệm vụ của đơn vị mình đứng đầu, hạn gần trước",
)
def my_tasks(request: HttpRequest, include_done: bool = False) -> list[dict[str, Any]]:
    authority = request_authority(request)
    tasks = selectors.my_tasks(authority, on=authority.on, include_done=include_done)
    return tasks_out(tasks, authority.on)


@router.get(
    "/units/{code}/tasks",
    response={200: list[TaskOut], **ERRORS_QUERY},
    summary="Nhiệm vụ của một đơn vị, có bộ lọc",
)
def unit_tasks(
    request: HttpRequest,
    code: str,
    status: TaskStatus | None = None,
    role: Role | None = None,
    group: Timeliness | None = None,
    basis: Basis = Basis.CURRENT,
    q: str = "",
    subtasks: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    tasks = selectors.unit_tasks(
        unit,
        authority,
        on=authority.on,
        basis=basis,
        status=status or "",
        role=role or "",
        group=group or "",
        subtasks=subtasks,
        search=q,
    ).select_related("unit", "assigned_by")
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return tasks_out(list(tasks[offset : offset + limit]), authority.on)


@router.get(
    "/tasks/{task_id}",
    response={200: TaskDetailOut, **ERRORS_READ},
    summary="Một nhiệm vụ: tiến độ, báo cáo, gia hạn, việc giao cán bộ, thao tác được làm",
)
def task_detail(request: HttpRequest, task_id: int) -> dict[str, Any]:
    authority = request_authority(request)
    return task_detail_out(task_in_scope(authority, task_id), authority)


def _reloaded(authority: Authority, task_id: int) -> dict[str, Any]:
    return task_detail_out(task_in_scope(authority, task_id), authority)


@router.post(
    "/tasks/{task_id}/progress",
    response={200: TaskDetailOut, **ERRORS_WRITE},
    summary="Báo cáo tiến độ (gửi kèm version đã đọc)",
)
def report_progress(request: HttpRequest, task_id: int, payload: ProgressIn) -> dict[str, Any]:
    authority = request_authority(request)
    services.report_progress(
        task_in_scope(authority, task_id),
        percent=payload.percent,
        note=payload.note,
        authority=authority,
        expected_version=payload.version,
    )
    return _reloaded(authority, task_id)


@router.post(
    "/tasks/{task_id}/completion",
    response={200: TaskDetailOut, **ERRORS_WRITE},
    summary="Báo cáo hoàn thành; chờ người giao nghiệm thu",
)
def report_completion(request: HttpRequest, task_id: int, payload: CompletionIn) -> dict[str, Any]:
    authority = request_authority(request)
    services.report_completion(
        task_in_scope(authority, task_id),
        note=payload.note,
        authority=authority,
        expected_version=payload.version,
    )
    return _reloaded(authority, task_id)


@router.post(
    "/tasks/{task_id}/decision",
    response={200: TaskDetailOut, **ERRORS_WRITE},
    summary="Nghiệm thu hoặc trả lại báo cáo hoàn thành (người giao hoặc người được ủy quyền)",
)
def decide_completion(request: HttpRequest, task_id: int, payload: DecisionIn) -> dict[str, Any]:
    authority = request_authority(request)
    task = task_in_scope(authority, task_id)
    if payload.accept:
        services.accept_completion(
            task, note=payload.reason, authority=authority, expected_version=payload.version
        )
    else:
        services.return_completion(
            task, reason=payload.reason, authority=authority, expected_version=payload.version
        )
    return _reloaded(authority, task_id)


@router.post(
    "/tasks/{task_id}/extensions",
    response={201: ExtensionOut, **ERRORS_WRITE},
    summary="Đề nghị gia hạn (thời hạn ban đầu luôn được giữ)",
)
def request_extension(
    request: HttpRequest, task_id: int, payload: ExtensionIn
) -> Status[dict[str, Any]]:
    authority = request_authority(request)
    extension = services.request_extension(
        task_in_scope(authority, task_id),
        reason=payload.reason,
        proposed_date=payload.proposed_date,
        authority=authority,
    )
    return Status(201, extension_out(extension))


@router.post(
    "/extensions/{extension_id}/decision",
    response={200: ExtensionOut, **ERRORS_WRITE},
    summary="Đồng ý hoặc không đồng ý gia hạn (người giao hoặc người được ủy quyền)",
)
def decide_extension(
    request: HttpRequest, extension_id: int, payload: ExtensionDecisionIn
) -> dict[str, Any]:
    authority = request_authority(request)
    extension = ExtensionRequest.objects.filter(pk=extension_id).first()
    if extension is None:
        raise Http404
    task_in_scope(authority, extension.task_id)
    decided = services.decide_extension(
        extension, approve=payload.approve, note=payload.note, authority=authority
    )
    return extension_out(
        ExtensionRequest.objects.select_related("requested_by", "decided_by", "on_behalf_of").get(
            pk=decided.pk
        )
    )


def _person(authority: Authority, person_id: int) -> Person:
    """A person the user may see, else 404 (the service checks they are the unit's staff)."""
    person = visible_people(authority).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


@router.post(
    "/tasks/{task_id}/subtasks",
    response={201: TaskOut, **ERRORS_WRITE},
    summary="Giao việc cho cán bộ của đơn vị (chia nhỏ nhiệm vụ của đơn vị)",
)
def assign_subtask(request: HttpRequest, task_id: int, payload: SubtaskIn) -> Status[Any]:
    authority = request_authority(request)
    task = task_in_scope(authority, task_id)
    subtask = services.assign_subtask(
        task,
        assignee=_person(authority, payload.assignee_id),
        title=payload.title,
        deadline=payload.deadline,
        note=payload.note,
        authority=authority,
    )
    subtask.unit = task.unit
    return Status(201, tasks_out([subtask], authority.on)[0])


@router.put(
    "/tasks/{task_id}",
    response={200: TaskDetailOut, **ERRORS_WRITE},
    summary="Sửa việc đã giao cho cán bộ (gửi kèm version đã đọc)",
)
def update_subtask(request: HttpRequest, task_id: int, payload: SubtaskUpdateIn) -> dict[str, Any]:
    authority = request_authority(request)
    task = task_in_scope(authority, task_id)
    services.update_subtask(
        task,
        expected_version=payload.version,
        title=payload.title,
        note=payload.note,
        assignee=_person(authority, payload.assignee_id),
        deadline=payload.deadline,
        authority=authority,
    )
    return _reloaded(authority, task_id)
