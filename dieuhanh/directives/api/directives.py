"""Directives through the API: the list with the four groups, one directive with every
addressed unit's status, issuing (the "5 rõ" rule, all or nothing) and drafts."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Router, Status

from dieuhanh.core.api_errors import ERRORS_QUERY, ERRORS_READ, ERRORS_WRITE
from dieuhanh.core.errors import Denied
from dieuhanh.directives import selectors, services
from dieuhanh.directives.api._common import directive_in_scope, directive_out, summary_out
from dieuhanh.directives.api.schemas import (
    DirectiveIn,
    DirectiveOut,
    DirectiveSummaryOut,
    VersionIn,
)
from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import Role
from dieuhanh.directives.rules import acting_person
from dieuhanh.directives.selectors import TimelinessCounts
from dieuhanh.org.access import Authority, request_authority, unit_in_scope
from dieuhanh.org.models import Person, Power, Unit
from dieuhanh.org.selectors import visible_people
from dieuhanh.plans.models import ProgrammeItem

router = Router()


@router.get(
    "/",
    response={200: list[DirectiveSummaryOut], **ERRORS_QUERY},
    summary="Các chỉ đạo người gọi được xem, mới nhất trước, với bốn nhóm tiến độ hôm nay",
)
def list_directives(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    authority = request_authority(request)
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    directives = list(
        selectors.directives_list(authority).select_related("on_behalf_of")[offset : offset + limit]
    )
    counts = selectors.timeliness_by_directive(authority, on=authority.on, directives=directives)
    return [summary_out(d, counts.get(d.pk, TimelinessCounts())) for d in directives]


@router.get(
    "/{directive_id}",
    response={200: DirectiveOut, **ERRORS_READ},
    summary="Một chỉ đạo với tình trạng của từng đơn vị được giao",
)
def get_directive(request: HttpRequest, directive_id: int) -> dict[str, Any]:
    authority = request_authority(request)
    return directive_out(directive_in_scope(authority, directive_id), authority)


def _units(authority: Authority, payload: DirectiveIn) -> list[tuple[Unit, str]]:
    """The addressed units with their roles; a code the user cannot see is 404."""
    wanted = [
        *((code, Role.LEAD) for code in payload.lead_units),
        *((code, Role.SUPPORT) for code in payload.support_units),
        *((code, Role.INFORMED) for code in payload.informed_units),
    ]
    found = {
        unit.code: unit
        for unit in Unit.objects.filter(
            authority.scope_q(Power.VIEW, prefix=""), code__in={code for code, _role in wanted}
        )
    }
    if any(code not in found for code, _role in wanted):
        raise Http404
    return [(found[code], role) for code, role in wanted]


def _issuing_unit(authority: Authority, code: str) -> Unit:
    unit = selectors.issuing_units(authority).filter(code=code).first()
    if unit is None:
        unit_in_scope(authority, code)  # a unit the caller cannot see is 404
        raise DirectiveError(
            f"Bạn không có quyền chỉ đạo nhân danh đơn vị mã “{code}”.", field="issuing_unit"
        )
    return unit


def _accountable(authority: Authority, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    person = visible_people(authority).filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


def _programme_item(authority: Authority, item_id: int | None) -> ProgrammeItem | None:
    if item_id is None:
        return None
    item = ProgrammeItem.objects.filter(authority.scope_q(Power.VIEW), pk=item_id).first()
    if item is None:
        raise Http404
    return item


@router.post(
    "/",
    response={201: DirectiveOut, **ERRORS_WRITE},
    summary="Ban hành chỉ đạo (đủ “5 rõ”; tất cả hoặc không) hoặc lưu dự thảo",
    description=(
        "Với issue=true, chỉ đạo chỉ được ban hành khi rõ người (có đơn vị chủ trì), rõ việc, "
        "rõ thời gian, rõ kết quả, rõ trách nhiệm; nếu thiếu, trả 400 với detail nêu các điểm "
        "còn thiếu và field là trường đầu tiên cần điền, và không lưu gì."
    ),
)
def create_directive(request: HttpRequest, payload: DirectiveIn) -> Status[dict[str, Any]]:
    authority = request_authority(request)
    # The services' own first check, made before the body is resolved against the user's scope.
    acting_person(authority)
    if not authority.paths(Power.DIRECT):
        raise Denied(Power.DIRECT)
    data = services.DirectiveData(
        issuing_unit=_issuing_unit(authority, payload.issuing_unit),
        title=payload.title,
        content=payload.content,
        expected_result=payload.expected_result,
        accountable=_accountable(authority, payload.accountable_id),
        source_kind=payload.source_kind,
        source_number=payload.source_number,
        source_symbol=payload.source_symbol,
        source_date=payload.source_date,
        source_title=payload.source_title,
        programme_item=_programme_item(authority, payload.programme_item_id),
        deadline_kind=payload.deadline_kind,
        deadline_days=payload.deadline_days,
        deadline=payload.deadline,
        priority=payload.priority,
        restricted=payload.restricted,
        addressees=_units(authority, payload),
    )
    with transaction.atomic():
        directive = services.save_draft(data, authority=authority)
        if payload.issue:
            services.issue_directive(
                directive, authority=authority, expected_version=directive.version
            )
    return Status(201, directive_out(directive_in_scope(authority, directive.pk), authority))


@router.post(
    "/{directive_id}/issue",
    response={200: DirectiveOut, **ERRORS_WRITE},
    summary="Ban hành một dự thảo (gửi kèm version đã đọc)",
)
def issue_directive(request: HttpRequest, directive_id: int, payload: VersionIn) -> dict[str, Any]:
    authority = request_authority(request)
    directive = directive_in_scope(authority, directive_id)
    services.issue_directive(directive, authority=authority, expected_version=payload.version)
    return directive_out(directive_in_scope(authority, directive_id), authority)
