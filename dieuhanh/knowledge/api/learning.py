"""Seminars, contributions (list, detail, submit, assess) and good practices through the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from ninja import Router, Status

from dieuhanh.core.api_errors import ERRORS_QUERY, ERRORS_READ, ERRORS_WRITE
from dieuhanh.core.errors import Denied
from dieuhanh.knowledge import selectors, services
from dieuhanh.knowledge.api.schemas import (
    AssessmentIn,
    ContributionDetailOut,
    ContributionIn,
    ContributionOut,
    PracticeOut,
    SeminarDetailOut,
    SeminarOut,
)
from dieuhanh.knowledge.errors import KnowledgeError
from dieuhanh.knowledge.models import Assessment, Contribution, GoodPractice, Seminar
from dieuhanh.knowledge.services.contributions import assessor_actor
from dieuhanh.org.access import Authority, request_authority
from dieuhanh.org.models import Power, WorkArea

router = Router()


def _page(limit: int, offset: int) -> slice:
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    return slice(offset, offset + limit)


def seminar_out(seminar: Seminar) -> dict[str, Any]:
    return {
        "id": seminar.pk,
        "title": seminar.title,
        "date": seminar.date,
        "place": seminar.place,
        "status": seminar.status,
        "chair": seminar.chair.full_name,
        "organiser": seminar.organiser.code,
        "organiser_name": seminar.organiser.name,
    }


def contribution_out(contribution: Contribution) -> dict[str, Any]:
    """A contribution as lists return it (author, unit, addressee, assessment loaded)."""
    assessment = getattr(contribution, "assessment", None)
    return {
        "id": contribution.pk,
        "title": contribution.title,
        "kind": contribution.kind,
        "seminar_id": contribution.seminar_id,
        "author": contribution.author.full_name,
        "unit": contribution.unit.code,
        "unit_name": contribution.unit.name,
        "addressed_to": contribution.addressed_to.code,
        "case_profile": contribution.case_profile,
        "staff_profile": contribution.staff_profile,
        "submitted_at": contribution.submitted_at,
        "decision": assessment.decision if assessment is not None else None,
        "version": contribution.version,
    }


def assessment_out(assessment: Assessment, practice_ids: list[int]) -> dict[str, Any]:
    return {
        "decision": assessment.decision,
        "reason": assessment.reason,
        "advice": assessment.advice,
        "answer": assessment.answer,
        "merged_into_id": assessment.merged_into_id,
        "practice_ids": practice_ids,
        "by": assessment.by.full_name,
        "at": assessment.at,
    }


def _contributions(authority: Authority) -> Any:
    return selectors.contributions(authority).select_related(
        "author", "unit", "addressed_to", "assessment"
    )


def contribution_in_scope(authority: Authority, pk: int) -> Contribution:
    contribution = (
        _contributions(authority)
        .select_related("seminar", "assessment__by")
        .prefetch_related("work_areas", "attachments", "practices")
        .filter(pk=pk)
        .first()
    )
    if contribution is None:
        raise Http404
    return contribution  # type: ignore[no-any-return]


def contribution_detail_out(contribution: Contribution) -> dict[str, Any]:
    assessment = getattr(contribution, "assessment", None)
    practice_ids = sorted(p.pk for p in contribution.practices.all())
    return {
        **contribution_out(contribution),
        "text": contribution.text,
        "work_areas": sorted(a.code for a in contribution.work_areas.all()),
        "profile_basis": contribution.profile_basis,
        "attachments": [a.name for a in contribution.attachments.all()],
        "assessment": assessment_out(assessment, practice_ids) if assessment else None,
    }


# ---------------------------------------------------------------- seminars


@router.get(
    "/seminars",
    response={200: list[SeminarOut], **ERRORS_QUERY},
    summary="Các tọa đàm người gọi được xem, mới nhất trước",
)
def list_seminars(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    authority = request_authority(request)
    seminars = (
        selectors.seminars(authority)
        .select_related("chair", "organiser")
        .order_by("-date", "-id")[_page(limit, offset)]
    )
    return [seminar_out(s) for s in seminars]


@router.get(
    "/seminars/{seminar_id}",
    response={200: SeminarDetailOut, **ERRORS_READ},
    summary="Một tọa đàm với chương trình, biên bản và các ý kiến",
)
def get_seminar(request: HttpRequest, seminar_id: int) -> dict[str, Any]:
    authority = request_authority(request)
    seminar = (
        selectors.seminars(authority)
        .select_related("chair", "organiser")
        .prefetch_related("units", "participants")
        .filter(pk=seminar_id)
        .first()
    )
    if seminar is None:
        raise Http404
    contributions = _contributions(authority).filter(seminar=seminar).order_by("submitted_at", "id")
    return {
        **seminar_out(seminar),
        "agenda": seminar.agenda,
        "keynote": seminar.keynote,
        "minutes": seminar.minutes,
        "units": sorted(u.code for u in seminar.units.all()),
        "participants": sorted(p.full_name for p in seminar.participants.all()),
        "contributions": [contribution_out(c) for c in contributions],
        "version": seminar.version,
    }


# ---------------------------------------------------------------- contributions


@router.get(
    "/contributions",
    response={200: list[ContributionOut], **ERRORS_QUERY},
    summary="Các ý kiến, tham luận người gọi được xem (lọc theo tọa đàm), mới nhất trước",
)
def list_contributions(
    request: HttpRequest, seminar_id: int | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    contributions = _contributions(request_authority(request))
    if seminar_id is not None:
        contributions = contributions.filter(seminar_id=seminar_id)
    page = contributions.order_by("-submitted_at", "-id")[_page(limit, offset)]
    return [contribution_out(c) for c in page]


@router.get(
    "/contributions/{contribution_id}",
    response={200: ContributionDetailOut, **ERRORS_READ},
    summary="Một ý kiến với nội dung, đặc điểm đơn vị và kết luận đánh giá",
)
def get_contribution(request: HttpRequest, contribution_id: int) -> dict[str, Any]:
    authority = request_authority(request)
    return contribution_detail_out(contribution_in_scope(authority, contribution_id))


@router.post(
    "/contributions",
    response={201: ContributionDetailOut, **ERRORS_WRITE},
    summary="Gửi ý kiến, tham luận của đơn vị mình (đến tọa đàm hoặc Phòng Tổ chức cán bộ)",
)
def submit_contribution(request: HttpRequest, payload: ContributionIn) -> Status[dict[str, Any]]:
    authority = request_authority(request)
    if not authority.postings:
        raise Denied(Power.REPORT)
    seminar = None
    if payload.seminar_id is not None:
        seminar = selectors.seminars(authority).filter(pk=payload.seminar_id).first()
        if seminar is None:
            raise Http404
    unit = None
    if payload.unit is not None:
        unit = next((p.unit for p in authority.postings if p.unit.code == payload.unit), None)
        if unit is None:
            raise KnowledgeError(
                "Chỉ gửi ý kiến với tư cách cán bộ của đơn vị mình đang công tác.", field="unit"
            )
    areas = list(WorkArea.objects.filter(code__in=payload.work_areas))
    if len(areas) != len(set(payload.work_areas)):
        raise KnowledgeError("Có mã khâu công tác không tồn tại.", field="work_areas")
    contribution = services.submit_contribution(
        authority=authority,
        title=payload.title,
        text=payload.text,
        kind=payload.kind,
        work_areas=areas,
        seminar=seminar,
        unit=unit,
    )
    return Status(201, contribution_detail_out(contribution_in_scope(authority, contribution.pk)))


@router.post(
    "/contributions/{contribution_id}/assessment",
    response={201: ContributionDetailOut, **ERRORS_WRITE},
    summary="Đánh giá ý kiến: công nhận cách làm hay, chưa phù hợp, giải đáp, hoặc gộp",
)
def assess_contribution(
    request: HttpRequest, contribution_id: int, payload: AssessmentIn
) -> Status[dict[str, Any]]:
    authority = request_authority(request)
    contribution = contribution_in_scope(authority, contribution_id)
    assessor_actor(contribution, authority)  # 403 before the body is looked up
    merged_into = None
    if payload.merged_into_id is not None:
        merged_into = selectors.contributions(authority).filter(pk=payload.merged_into_id).first()
        if merged_into is None:
            raise Http404
    practice = None
    if payload.practice_id is not None:
        practice = selectors.practices(authority).filter(pk=payload.practice_id).first()
        if practice is None:
            raise Http404
    services.assess_contribution(
        contribution,
        authority=authority,
        decision=payload.decision,
        reason=payload.reason,
        advice=payload.advice,
        answer=payload.answer,
        merged_into=merged_into,
        practice=practice,
        practice_title=payload.practice_title,
        practice_statement=payload.practice_statement,
    )
    return Status(201, contribution_detail_out(contribution_in_scope(authority, contribution.pk)))


# ---------------------------------------------------------------- practices


@router.get(
    "/practices",
    response={200: list[PracticeOut], **ERRORS_QUERY},
    summary="Các cách làm hay đang dùng, với ý kiến nguồn người gọi được xem",
)
def list_practices(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    authority = request_authority(request)
    visible = selectors.contributions(authority).only("id")
    practices: list[GoodPractice] = list(
        selectors.practices(authority)
        .filter(active=True)
        .prefetch_related("work_areas", Prefetch("sources", queryset=visible))
        .order_by("title", "id")[_page(limit, offset)]
    )
    return [
        {
            "id": p.pk,
            "title": p.title,
            "statement": p.statement,
            "document_id": p.document_id,
            "work_areas": sorted(a.code for a in p.work_areas.all()),
            "profiles": list(p.profiles),
            "source_ids": sorted(c.pk for c in p.sources.all()),
        }
        for p in practices
    ]
