"""Input and output schemas of the knowledge API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import TextChoices
from ninja import Field, Schema

from dieuhanh.directives.models import Timeliness
from dieuhanh.knowledge.models import (
    Assessment,
    CaseProfile,
    Contribution,
    GuidanceVersion,
    Resolution,
    SearchDocument,
    Seminar,
    StaffProfile,
)


def _renamed(name: str, choices: type[TextChoices]) -> type[StrEnum]:
    """The same choices under a name of their own in the OpenAPI schema (the models' nested
    enums are all called Status, Kind…, and one name in the schema describes only one)."""
    return StrEnum(name, {member.name: member.value for member in choices})  # type: ignore[return-value]


if TYPE_CHECKING:
    SeminarStatus = Seminar.Status
    ContributionKind = Contribution.Kind
    AssessmentDecision = Assessment.Decision
    GuidanceStatus = GuidanceVersion.Status
    ResolutionStatus = Resolution.Status
    SearchKind = SearchDocument.Kind
else:
    SeminarStatus = _renamed("SeminarStatus", Seminar.Status)
    ContributionKind = _renamed("ContributionKind", Contribution.Kind)
    AssessmentDecision = _renamed("AssessmentDecision", Assessment.Decision)
    GuidanceStatus = _renamed("GuidanceStatus", GuidanceVersion.Status)
    ResolutionStatus = _renamed("ResolutionStatus", Resolution.Status)
    SearchKind = _renamed("SearchKind", SearchDocument.Kind)


# ---------------------------------------------------------------- seminars, contributions


class SeminarOut(Schema):
    id: int
    title: str
    date: dt.date
    place: str
    status: SeminarStatus
    chair: str
    organiser: str = Field(..., description="Mã đơn vị tổ chức")
    organiser_name: str


class AssessmentOut(Schema):
    decision: AssessmentDecision
    reason: str
    advice: str
    answer: str
    merged_into_id: int | None
    practice_ids: list[int] = Field(..., description="Cách làm hay sinh ra từ ý kiến này")
    by: str
    at: dt.datetime


class ContributionOut(Schema):
    id: int
    title: str
    kind: ContributionKind
    seminar_id: int | None
    author: str
    unit: str = Field(..., description="Mã đơn vị của người viết")
    unit_name: str
    addressed_to: str = Field(..., description="Mã đơn vị đánh giá")
    case_profile: CaseProfile
    staff_profile: StaffProfile
    submitted_at: dt.datetime
    decision: AssessmentDecision | None = Field(..., description="Kết luận; null khi chưa đánh giá")
    version: int


class ContributionDetailOut(ContributionOut):
    text: str
    work_areas: list[str] = Field(..., description="Mã khâu công tác")
    profile_basis: dict[str, Any] = Field(..., description="Căn cứ xác định đặc điểm đơn vị")
    attachments: list[str]
    assessment: AssessmentOut | None


class SeminarDetailOut(SeminarOut):
    agenda: str
    keynote: str
    minutes: str
    units: list[str] = Field(..., description="Mã các đơn vị tham dự")
    participants: list[str]
    contributions: list[ContributionOut] = Field(
        ..., description="Các ý kiến của tọa đàm mà người gọi được xem"
    )
    version: int


class ContributionIn(Schema):
    title: str = Field(..., max_length=300)
    text: str
    kind: ContributionKind
    work_areas: list[str] = Field([], description="Mã khâu công tác")
    seminar_id: int | None = Field(None, description="Để trống: gửi Phòng Tổ chức cán bộ")
    unit: str | None = Field(None, description="Mã đơn vị mình công tác; mặc định đơn vị chính")


class AssessmentIn(Schema):
    decision: AssessmentDecision
    reason: str
    advice: str = Field("", description="Bắt buộc khi chưa phù hợp")
    answer: str = Field("", description="Bắt buộc khi giải đáp vướng mắc")
    merged_into_id: int | None = Field(None, description="Bắt buộc khi gộp")
    practice_id: int | None = Field(
        None, description="Khi công nhận: gắn vào cách làm hay đã có; để trống để tạo mới"
    )
    practice_title: str = Field("", max_length=300)
    practice_statement: str = ""


class PracticeOut(Schema):
    id: int
    title: str
    statement: str
    document_id: int
    work_areas: list[str]
    profiles: list[str]
    source_ids: list[int] = Field(..., description="Ý kiến nguồn mà người gọi được xem")


# ---------------------------------------------------------------- guidance, search


class GuidanceVersionOut(Schema):
    id: int
    document_id: int
    document_title: str
    number: int
    status: GuidanceStatus
    applies_to: str
    summary: str
    document_number: str
    effective_from: dt.date | None
    approved_by: str | None
    based_on_id: int | None
    version: int


class GuidanceSectionOut(Schema):
    id: int
    key: str = Field(..., description="Mã mục, giữ nguyên qua các phiên bản")
    order: int
    topic: str
    work_area: str | None
    body: str
    practice_ids: list[int]


class GuidanceVersionDetailOut(GuidanceVersionOut):
    sections: list[GuidanceSectionOut]


class LineOut(Schema):
    tag: str = Field(..., description="equal, insert hoặc delete")
    text: str


class SectionChangeOut(Schema):
    kind: str = Field(..., description="added, removed, changed hoặc unchanged")
    key: str
    topic: str
    before: str | None = Field(..., description="Nội dung ở phiên bản cũ")
    after: str | None = Field(..., description="Nội dung ở phiên bản mới")
    topic_changed: bool
    area_changed: bool
    lines: list[LineOut]


class ComparisonOut(Schema):
    older_id: int
    older_number: int
    newer_id: int
    newer_number: int
    added: int
    removed: int
    changed: int
    changes: list[SectionChangeOut]


class SearchHitOut(Schema):
    kind: SearchKind
    object_id: int
    title: str
    title_html: str = Field(..., description="Tiêu đề, từ khớp đặt trong <mark>")
    snippet_html: str = Field(..., description="Đoạn trích, từ khớp đặt trong <mark>")
    detail: str
    score: float


class SearchOut(Schema):
    query: str
    terms: list[str] = Field(..., description="Các từ tìm, đã bỏ dấu, đ thành d")
    total: int
    hits: list[SearchHitOut]


# ---------------------------------------------------------------- resolutions


class ResolutionOut(Schema):
    id: int
    title: str
    issuer: str = Field(..., description="Mã cơ quan ban hành")
    document_number: str
    status: ResolutionStatus
    guidance_id: int | None
    seminar_id: int | None
    adopted_by: str | None
    adopted_on: dt.date | None
    version: int


class IndicatorChangeOut(Schema):
    indicator: str = Field(..., description="Mã chỉ tiêu")
    name: str
    before: Decimal | None = Field(..., description="Giá trị trước khi thông qua")
    after: Decimal | None = Field(..., description="Giá trị từ khi thông qua")
    delta: Decimal | None
    trend: str | None = Field(..., description="better, worse, same; null khi thiếu số liệu")


class ResolutionActionOut(Schema):
    id: int
    order: int
    title: str
    content: str
    owner: str | None = Field(..., description="Mã đơn vị chủ trì")
    deadline: dt.date | None
    expected_result: str
    directive_id: int | None = Field(..., description="Chỉ đạo ban hành khi thông qua")
    task_status: str | None
    progress: int | None = Field(..., description="Tiến độ (%) của đơn vị chủ trì")
    group: Timeliness | None = Field(..., description="Nhóm tiến độ hôm nay")
    indicators: list[IndicatorChangeOut]


class ResolutionDetailOut(ResolutionOut):
    conclusions: str
    before_period: str | None = Field(..., description="Khoảng trước khi thông qua")
    after_period: str | None = Field(..., description="Khoảng từ khi thông qua")
    missing: list[str] = Field(
        ..., description="Dự thảo: những điểm còn thiếu để người gọi thông qua"
    )
    actions: list[ResolutionActionOut]


class AdoptIn(Schema):
    version: int = Field(..., ge=1, description="Phiên bản nghị quyết đã đọc")
