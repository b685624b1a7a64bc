"""Thematic resolutions through the API: the list, one resolution with each action item's
directive progress and indicator change, and adoption (all directives or none)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from dieuhanh.core.api_errors import ERRORS_QUERY, ERRORS_READ, ERRORS_WRITE
from dieuhanh.knowledge import selectors, services
from dieuhanh.knowledge.api.schemas import AdoptIn, ResolutionDetailOut, ResolutionOut
from dieuhanh.knowledge.models import Resolution
from dieuhanh.knowledge.selectors import IndicatorChange, ResolutionPage
from dieuhanh.org.access import Authority, request_authority
from dieuhanh.org.models import Power

router = Router()


def resolution_in_scope(authority: Authority, pk: int) -> Resolution:
    resolution = (
        selectors.resolutions(authority)
        .select_related("issuer", "adopted_by")
        .filter(pk=pk)
        .first()
    )
    if resolution is None:
        raise Http404
    return resolution


def resolution_out(resolution: Resolution) -> dict[str, Any]:
    return {
        "id": resolution.pk,
        "title": resolution.title,
        "issuer": resolution.issuer.code,
        "document_number": resolution.document_number,
        "status": resolution.status,
        "guidance_id": resolution.guidance_id,
        "seminar_id": resolution.seminar_id,
        "adopted_by": resolution.adopted_by.full_name if resolution.adopted_by else None,
        "adopted_on": selectors.adopted_on(resolution),
        "version": resolution.version,
    }


def _change_out(change: IndicatorChange) -> dict[str, Any]:
    return {
        "indicator": change.indicator.code,
        "name": change.indicator.name,
        "before": change.before.value if change.before else None,
        "after": change.after.value if change.after else None,
        "delta": change.delta,
        "trend": change.trend,
    }


def resolution_detail_out(resolution: Resolution, authority: Authority) -> dict[str, Any]:
    page: ResolutionPage = selectors.resolution_page(resolution, authority, on=authority.on)
    missing: list[str] = []
    if resolution.status == Resolution.Status.DRAFT and authority.can(
        resolution.issuer, Power.APPROVE
    ):
        missing = services.adoption_gaps(
            resolution, [row.action for row in page.actions], authority=authority, on=authority.on
        )
    return {
        **resolution_out(resolution),
        "conclusions": resolution.conclusions,
        "before_period": page.before.label if page.before else None,
        "after_period": page.after.label if page.after else None,
        "missing": missing,
        "actions": [
            {
                "id": row.action.pk,
                "order": row.action.order,
                "title": row.action.title,
                "content": row.action.content,
                "owner": row.action.owner.code if row.action.owner else None,
                "deadline": row.action.deadline,
                "expected_result": row.action.expected_result,
                "directive_id": row.action.directive_id,
                "task_status": row.task.status if row.task else None,
                "progress": row.progress.percent if row.progress else None,
                "group": row.group,
                "indicators": [_change_out(change) for change in row.indicators],
            }
            for row in page.actions
        ],
    }


@router.get(
    "/resolutions",
    response={200: list[ResolutionOut], **ERRORS_QUERY},
    summary="Các nghị quyết chuyên đề người gọi được xem, mới nhất trước",
)
def list_resolutions(
    request: HttpRequest, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    resolutions = (
        selectors.resolutions(request_authority(request))
        .select_related("issuer", "adopted_by")
        .order_by("-created_at", "-id")[offset : offset + limit]
    )
    return [resolution_out(r) for r in resolutions]


@router.get(
    "/resolutions/{resolution_id}",
    response={200: ResolutionDetailOut, **ERRORS_READ},
    summary="Một nghị quyết: tiến độ chỉ đạo của từng nội dung, chỉ tiêu trước và sau",
)
def get_resolution(request: HttpRequest, resolution_id: int) -> dict[str, Any]:
    authority = request_authority(request)
    return resolution_detail_out(resolution_in_scope(authority, resolution_id), authority)


@router.post(
    "/resolutions/{resolution_id}/adopt",
    response={200: ResolutionDetailOut, **ERRORS_WRITE},
    summary="Thông qua nghị quyết: mỗi nội dung thành một chỉ đạo (tất cả hoặc không)",
    description=(
        "Cần quyền phê duyệt trên cơ quan ban hành. Mỗi nội dung phải đủ “5 rõ” (đơn vị chủ "
        "trì, nội dung, thời hạn không trước ngày thông qua, kết quả cần đạt; người thông qua "
        "chịu trách nhiệm) và nghị quyết phải có số, ký hiệu; nếu thiếu, trả 400 với detail "
        "liệt kê mọi điểm còn thiếu, và không lưu gì."
    ),
)
def adopt_resolution(request: HttpRequest, resolution_id: int, payload: AdoptIn) -> dict[str, Any]:
    authority = request_authority(request)
    resolution = resolution_in_scope(authority, resolution_id)
    services.adopt_resolution(resolution, authority=authority, expected_version=payload.version)
    return resolution_detail_out(resolution_in_scope(authority, resolution_id), authority)
