"""Input and output schemas of the directives API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import TextChoices
from ninja import Field, Schema

from dieuhanh.directives.models import (
    CompletionReport,
    Directive,
    ExtensionRequest,
    Notification,
    Role,
    TaskStatus,
    Timeliness,
)
from dieuhanh.directives.selectors import Basis


def _renamed(name: str, choices: type[TextChoices]) -> type[StrEnum]:
    """The same choices under a name of their own in the OpenAPI schema: the models' nested
    enums are all called Status, Kind…, and one name in the schema can describe only one."""
    return StrEnum(name, {member.name: member.value for member in choices})  # type: ignore[return-value]


if TYPE_CHECKING:
    DirectiveStatus = Directive.Status
    DirectivePriority = Directive.Priority
    SourceKind = Directive.SourceKind
    DeadlineKind = Directive.DeadlineKind
    ReportDecision = CompletionReport.Decision
    ExtensionStatus = ExtensionRequest.Status
    NotificationKind = Notification.Kind
else:
    DirectiveStatus = _renamed("DirectiveStatus", Directive.Status)
    DirectivePriority = _renamed("DirectivePriority", Directive.Priority)
    SourceKind = _renamed("SourceKind", Directive.SourceKind)
    DeadlineKind = _renamed("DeadlineKind", Directive.DeadlineKind)
    ReportDecision = _renamed("ReportDecision", CompletionReport.Decision)
    ExtensionStatus = _renamed("ExtensionStatus", ExtensionRequest.Status)
    NotificationKind = _renamed("NotificationKind", Notification.Kind)

# ---------------------------------------------------------------- outputs


class CountsOut(Schema):
    done_on_time: int
    done_late: int
    open_within: int
    open_overdue: int
    on_time_rate: Decimal | None = Field(
        ...,
        description="Đúng hạn ÷ (đúng hạn + quá hạn đã xong + quá hạn chưa xong), %; "
        "null khi chưa có việc nào biết kết quả",
    )


class TaskOut(Schema):
    id: int
    title: str
    unit: str = Field(..., description="Mã đơn vị")
    unit_name: str
    role: Role
    status: TaskStatus
    directive_id: int | None
    parent_id: int | None = Field(..., description="Nhiệm vụ của đơn vị (với việc giao cán bộ)")
    assignee_id: int | None
    assignee: str | None
    assigned_by: str
    assigned_on: dt.date
    deadline: dt.date = Field(..., description="Thời hạn hiện tại (sau gia hạn)")
    original_deadline: dt.date
    completed_on: dt.date | None
    progress: int = Field(..., description="Tiến độ hiển thị (%), theo progress_rule")
    progress_rule: str
    group: Timeliness | None = Field(
        ..., description="Nhóm tiến độ hôm nay; null với đơn vị để biết hoặc việc đã hủy"
    )
    version: int


class ProgressUpdateOut(Schema):
    percent: int
    note: str
    by: str
    at: dt.datetime
    attachments: list[str]


class CompletionReportOut(Schema):
    id: int
    by: str
    at: dt.datetime
    note: str
    decision: ReportDecision
    reason: str
    decided_by: str | None
    decided_on_behalf_of: str | None
    decided_at: dt.datetime | None


class ExtensionOut(Schema):
    id: int
    task_id: int
    requested_by: str
    at: dt.datetime
    reason: str
    previous_deadline: dt.date
    proposed_date: dt.date
    status: ExtensionStatus
    decided_by: str | None
    on_behalf_of: str | None
    decided_at: dt.datetime | None
    decision_note: str


class ActionsOut(Schema):
    report_progress: bool
    report_completion: bool
    decide_completion: bool
    request_extension: bool
    decide_extension: bool
    assign_subtask: bool


class TaskDetailOut(TaskOut):
    note: str
    directive_title: str | None
    subtasks: list[TaskOut]
    updates: list[ProgressUpdateOut] = Field(..., description="20 báo cáo tiến độ gần nhất")
    reports: list[CompletionReportOut]
    extensions: list[ExtensionOut]
    actions: ActionsOut = Field(..., description="Những thao tác người gọi được làm lúc này")


class DirectiveSummaryOut(Schema):
    id: int
    title: str
    status: DirectiveStatus
    priority: DirectivePriority
    source: str = Field(..., description="Nguồn như khi trích dẫn, ví dụ “Số 12/KH-VKS ngày …”")
    issuing_unit: str
    issuer: str
    on_behalf_of: str | None
    issued_on: dt.date | None
    deadline: dt.date | None
    counts: CountsOut


class UnitStatusOut(Schema):
    task_id: int
    unit: str
    unit_name: str
    role: Role
    status: TaskStatus
    deadline: dt.date
    original_deadline: dt.date
    progress: int
    progress_rule: str
    group: Timeliness | None
    pending_report: bool
    pending_extension: dt.date | None = Field(..., description="Ngày đề nghị gia hạn đang chờ")
    extensions: int = Field(..., description="Số lần đã được gia hạn")


class DirectiveOut(DirectiveSummaryOut):
    source_kind: SourceKind
    content: str
    expected_result: str
    accountable_id: int | None
    accountable: str | None
    deadline_kind: DeadlineKind
    deadline_days: int | None
    restricted: bool
    version: int
    units: list[UnitStatusOut]


class ReminderSettingsOut(Schema):
    unit: str
    own: bool = Field(..., description="Đơn vị có thiết lập riêng (false: theo đơn vị cấp trên)")
    inherited_from: str | None = Field(..., description="Mã đơn vị có thiết lập đang áp dụng")
    version: int = Field(..., description="Gửi lại khi sửa; 0 khi đơn vị chưa có thiết lập riêng")
    days_before: int
    on_the_day: bool
    repeat_every: int
    escalate_head_after: int
    escalate_issuer_after: int
    email: bool


class NotificationOut(Schema):
    id: int
    kind: NotificationKind
    text: str
    task_id: int
    created_at: dt.datetime
    read_at: dt.datetime | None


class InboxOut(Schema):
    unread: int
    items: list[NotificationOut]


class UnitTimelinessOut(Schema):
    unit: str
    unit_name: str
    counts: CountsOut
    extensions: int = Field(..., description="Số lần gia hạn đã được đồng ý")


class TimelinessOut(Schema):
    unit: str
    period: str
    period_label: str
    start: dt.date
    end: dt.date
    on: dt.date = Field(..., description="Ngày tính: cuối kỳ, hoặc hôm nay nếu kỳ chưa hết")
    basis: Basis
    total: CountsOut
    units: list[UnitTimelinessOut]


# ---------------------------------------------------------------- inputs


class DirectiveIn(Schema):
    issuing_unit: str = Field(..., description="Mã đơn vị ban hành")
    title: str = Field("", max_length=300)
    content: str = ""
    expected_result: str = ""
    accountable_id: int | None = Field(None, description="Lãnh đạo chịu trách nhiệm")
    source_kind: SourceKind = SourceKind.DOCUMENT
    source_number: str = Field("", max_length=30)
    source_symbol: str = Field("", max_length=60)
    source_date: dt.date | None = None
    source_title: str = Field("", max_length=300)
    programme_item_id: int | None = None
    deadline_kind: DeadlineKind = DeadlineKind.DATE
    deadline: dt.date | None = None
    deadline_days: int | None = Field(None, ge=1, le=3660)
    priority: DirectivePriority = DirectivePriority.NORMAL
    restricted: bool = False
    lead_units: list[str] = Field([], description="Mã các đơn vị chủ trì")
    support_units: list[str] = Field([], description="Mã các đơn vị phối hợp")
    informed_units: list[str] = Field([], description="Mã các đơn vị để biết")
    issue: bool = Field(
        True,
        description="true: ban hành ngay (đủ “5 rõ”, tất cả hoặc không); false: lưu dự thảo",
    )


class VersionIn(Schema):
    version: int


class ProgressIn(Schema):
    version: int
    percent: int = Field(..., ge=0, le=100)
    note: str = ""


class CompletionIn(Schema):
    version: int
    note: str = ""


class DecisionIn(Schema):
    version: int
    accept: bool = Field(..., description="true: nghiệm thu; false: trả lại (cần lý do)")
    reason: str = ""


class ExtensionIn(Schema):
    proposed_date: dt.date
    reason: str = Field(..., max_length=2000)


class ExtensionDecisionIn(Schema):
    approve: bool
    note: str = ""


class SubtaskIn(Schema):
    assignee_id: int
    title: str = Field(..., max_length=300)
    deadline: dt.date
    note: str = ""


class SubtaskUpdateIn(SubtaskIn):
    version: int


class ReminderSettingsIn(Schema):
    version: int = Field(..., description="Phiên bản đã đọc; 0 khi đơn vị chưa có thiết lập riêng")
    days_before: int = Field(..., ge=0, le=60)
    on_the_day: bool
    repeat_every: int = Field(..., ge=0, le=60)
    escalate_head_after: int = Field(..., ge=1, le=365)
    escalate_issuer_after: int = Field(..., ge=1, le=365)
    email: bool
