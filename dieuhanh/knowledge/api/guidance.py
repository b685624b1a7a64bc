"""Guidance versions (list, detail with sections, comparison of two) and the one search over
contributions, good practices and guidance, through the API."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from dieuhanh.core.api_errors import ERRORS_QUERY, ERRORS_READ
from dieuhanh.knowledge import selectors
from dieuhanh.knowledge.api.schemas import (
    ComparisonOut,
    GuidanceVersionDetailOut,
    GuidanceVersionOut,
    SearchKind,
    SearchOut,
)
from dieuhanh.knowledge.models import GuidanceVersion
from dieuhanh.org.access import Authority, request_authority

router = Router()


def version_in_scope(authority: Authority, pk: int) -> GuidanceVersion:
    version = (
        selectors.versions(authority)
        .select_related("document", "approved_by")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404
    return version


def version_out(version: GuidanceVersion) -> dict[str, Any]:
    return {
        "id": version.pk,
        "document_id": version.document_id,
        "document_title": version.document.title,
        "number": version.number,
        "status": version.status,
        "applies_to": version.applies_to,
        "summary": version.summary,
        "document_number": version.document_number,
        "effective_from": version.effective_from,
        "approved_by": version.approved_by.full_name if version.approved_by else None,
        "based_on_id": version.based_on_id,
        "version": version.version,
    }


@router.get(
    "/guidance/versions",
    response={200: list[GuidanceVersionOut], **ERRORS_READ},
    summary="Các phiên bản chuyên đề người gọi được xem (dự thảo: chỉ đơn vị biên soạn)",
)
def list_versions(request: HttpRequest) -> list[dict[str, Any]]:
    versions = (
        selectors.versions(request_authority(request))
        .select_related("document", "approved_by")
        .order_by("document__title", "document_id", "-number")
    )
    return [version_out(v) for v in versions]


@router.get(
    "/guidance/versions/{version_id}",
    response={200: GuidanceVersionDetailOut, **ERRORS_READ},
    summary="Một phiên bản chuyên đề với các mục",
)
def get_version(request: HttpRequest, version_id: int) -> dict[str, Any]:
    version = version_in_scope(request_authority(request), version_id)
    sections = (
        version.sections.select_related("work_area")
        .prefetch_related("practices")
        .order_by("order", "id")
    )
    return {
        **version_out(version),
        "sections": [
            {
                "id": s.pk,
                "key": str(s.key),
                "order": s.order,
                "topic": s.topic,
                "work_area": s.work_area.code if s.work_area else None,
                "body": s.body,
                "practice_ids": sorted(p.pk for p in s.practices.all()),
            }
            for s in sections
        ],
    }


@router.get(
    "/guidance/versions/{version_id}/compare",
    response={200: ComparisonOut, **ERRORS_QUERY},
    summary="So sánh hai phiên bản của một chuyên đề, từng mục (mặc định: với phiên bản gốc)",
)
def compare_versions(
    request: HttpRequest, version_id: int, other: int | None = None
) -> dict[str, Any]:
    authority = request_authority(request)
    version = version_in_scope(authority, version_id)
    other_id = other if other is not None else version.based_on_id
    if other_id is None:
        raise Http404
    second = version_in_scope(authority, other_id)
    if second.document_id != version.document_id:
        raise Http404
    comparison = selectors.compare_versions(version, second)
    return {
        "older_id": comparison.older.pk,
        "older_number": comparison.older.number,
        "newer_id": comparison.newer.pk,
        "newer_number": comparison.newer.number,
        "added": comparison.added,
        "removed": comparison.removed,
        "changed": comparison.changed,
        "changes": [
            {
                "kind": change.kind,
                "key": str(change.section.key),
                "topic": change.section.topic,
                "before": change.before.body if change.before else None,
                "after": change.after.body if change.after else None,
                "topic_changed": change.topic_changed,
                "area_changed": change.area_changed,
                "lines": [{"tag": line.tag, "text": line.text} for line in change.lines],
            }
            for change in comparison.changes
        ],
    }


class SearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=200, description="Từ khóa, có dấu hay không dấu")
    kind: SearchKind | None = Field(None, description="Chỉ tìm trong một loại")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


@router.get(
    "/search",
    response={200: SearchOut, **ERRORS_QUERY},
    summary="Tìm trong ý kiến, cách làm hay và chuyên đề (không phân biệt dấu, hoa thường, đ/d)",
)
def search(request: HttpRequest, params: Query[SearchQuery]) -> dict[str, Any]:
    results = selectors.search(
        request_authority(request),
        params.q,
        kinds=[params.kind] if params.kind else None,
        limit=params.limit,
        offset=params.offset,
    )
    return {
        "query": results.query,
        "terms": results.terms,
        "total": results.total,
        "hits": [
            {
                "kind": hit.kind,
                "object_id": hit.object_id,
                "title": hit.title.text,
                "title_html": str(hit.title.html),
                "snippet_html": str(hit.snippet.html),
                "detail": hit.detail,
                "score": hit.score,
            }
            for hit in results.hits
        ],
    }
