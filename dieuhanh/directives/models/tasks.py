"""Tasks (one per addressed unit, sub-tasks for staff), progress, completion reports,
extension requests and attachments."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel, VersionedModel
from dieuhanh.directives.models.directives import Directive, Role
from dieuhanh.org.models import Person, Unit


class TaskStatus(models.TextChoices):
    """Where a task stands; reported and returned tasks are still open."""

    OPEN = "open", _("Đang thực hiện")
    REPORTED = "reported", _("Đã báo cáo hoàn thành, chờ nghiệm thu")
    RETURNED = "returned", _("Bị trả lại, đang thực hiện tiếp")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.REPORTED, TaskStatus.RETURNED)


class Timeliness(models.TextChoices):
    """The four official groups of task timeliness (QĐ 42/2014/QĐ-TTg reports; DOMAIN §7)."""

    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    OPEN_WITHIN = "open_within", _("Chưa hoàn thành, trong hạn")
    OPEN_OVERDUE = "open_overdue", _("Chưa hoàn thành, quá hạn")


class TaskQuerySet(models.QuerySet["Task"]):
    """Task filters shared by pages, timeliness and reminders."""

    def top_level(self) -> TaskQuerySet:
        """Unit tasks (and occurrences of recurring duties), not staff sub-tasks."""
        return self.filter(parent__isnull=True)

    def actionable(self) -> TaskQuerySet:
        """Tasks someone must carry out: not "for information", not cancelled."""
        return self.exclude(role=Role.INFORMED).exclude(status=TaskStatus.CANCELLED)

    def open(self) -> TaskQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, on: dt.date) -> TaskQuerySet:
        return self.actionable().open().filter(deadline__lt=on)


class Task(VersionedModel):
    """A unit's share of a directive (or one occurrence of a recurring duty), or a sub-task."""

    directive = models.ForeignKey(
        Directive,
        verbose_name=_("chỉ đạo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    occurrence = models.ForeignKey(
        "directives.DutyOccurrence",
        verbose_name=_("kỳ của nhiệm vụ định kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="tasks"
    )
    role = models.CharField(_("vai trò"), max_length=8, choices=Role.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ của đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
        db_index=False,  # see directives_task_parent_idx
    )
    assignee = models.ForeignKey(
        Person,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    assigned_by = models.ForeignKey(
        Person,
        verbose_name=_("người giao"),
        on_delete=models.PROTECT,
        related_name="tasks_assigned",
    )
    title = models.CharField(_("tên nhiệm vụ"), max_length=300)
    note = models.TextField(_("yêu cầu cụ thể"), blank=True)
    assigned_on = models.DateField(_("ngày giao"))
    deadline = models.DateField(_("thời hạn hiện tại"))
    original_deadline = models.DateField(_("thời hạn ban đầu"))
    status = models.CharField(
        _("trạng thái"), max_length=9, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        Person,
        verbose_name=_("người nghiệm thu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("nghiệm thu lúc"), null=True, blank=True)

    objects: ClassVar[TaskQuerySet] = TaskQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(directive__isnull=False, occurrence__isnull=True)
                | Q(directive__isnull=True, occurrence__isnull=False),
                name="directives_task_one_source",
            ),
            models.UniqueConstraint(
                fields=["directive", "unit"],
                condition=Q(parent__isnull=True, directive__isnull=False),
                name="directives_task_one_per_unit",
            ),
            models.UniqueConstraint(
                fields=["occurrence"],
                condition=Q(parent__isnull=True, occurrence__isnull=False),
                name="directives_task_one_per_occurrence",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(assignee__isnull=False),
                name="directives_task_subtask_assigned",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="directives_task_progress_percent"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="directives_task_done_dated",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("assigned_on"))
                & Q(original_deadline__gte=F("assigned_on")),
                name="directives_task_deadline_after_assignment",
            ),
        ]
        indexes = [
            # My tasks: a person's open tasks by deadline.
            models.Index(
                fields=["assignee", "status", "deadline"], name="directives_task_mine_idx"
            ),
            # A unit's task list and the timeliness summaries by unit.
            models.Index(fields=["unit", "status", "deadline"], name="directives_task_unit_idx"),
            # A task's sub-tasks. Only over sub-tasks: the units' tasks (parent IS NULL, most
            # rows) are never wanted through it, and a full index on parent led the planners
            # (SQLite's, which has no statistics, above all) to read every unit's task through
            # it for "parent IS NULL" instead of using the unit or directive index
            # (benchmarks/bench_directives.py).
            models.Index(
                fields=["parent"],
                condition=Q(parent__isnull=False),
                name="directives_task_parent_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def extended(self) -> bool:
        return self.deadline != self.original_deadline

    def timeliness(self, on: dt.date, *, original: bool = False) -> Timeliness:
        """The task's group on a date, against the current or the original deadline.

        A task counts as done from the day its accepted completion report was made; until
        that day (or while not accepted) it is open.
        """
        deadline = self.original_deadline if original else self.deadline
        if self.status == TaskStatus.DONE and self.completed_on and self.completed_on <= on:
            if self.completed_on <= deadline:
                return Timeliness.DONE_ON_TIME
            return Timeliness.DONE_LATE
        return Timeliness.OPEN_WITHIN if deadline >= on else Timeliness.OPEN_OVERDUE


class ProgressUpdate(BaseModel):
    """A progress report on a task: a percentage and a note."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_updates")
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    note = models.TextField(_("nội dung báo cáo"), blank=True)
    by = models.ForeignKey(
        Person, verbose_name=_("người báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["task", "-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="directives_progressupdate_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.percent}%"


class CompletionReport(BaseModel):
    """A report that a task is complete, accepted or returned (with a reason) by the assigner."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Chờ nghiệm thu")
        ACCEPTED = "accepted", _("Đã nghiệm thu")
        RETURNED = "returned", _("Trả lại")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="completion_reports")
    by = models.ForeignKey(
        Person, verbose_name=_("người báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    note = models.TextField(_("kết quả thực hiện"), blank=True)
    decision = models.CharField(
        _("kết quả nghiệm thu"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    reason = models.TextField(_("lý do trả lại, ý kiến"), blank=True)
    decided_by = models.ForeignKey(
        Person,
        verbose_name=_("người nghiệm thu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on_behalf_of = models.ForeignKey(
        Person,
        verbose_name=_("thay mặt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("nghiệm thu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo hoàn thành")
        verbose_name_plural = _("báo cáo hoàn thành")
        ordering = ["task", "-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(decision="pending"),
                name="directives_completionreport_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(decision="returned") | ~Q(reason=""),
                name="directives_completionreport_return_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(decision="pending")
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="directives_completionreport_decided_by_someone",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("by")),
                name="directives_completionreport_not_own",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.get_decision_display()}"


class ExtensionRequest(BaseModel):
    """A request to move a task's deadline; approval never rewrites the original deadline."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ quyết định")
        APPROVED = "approved", _("Đã đồng ý")
        REFUSED = "refused", _("Không đồng ý")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extension_requests")
    requested_by = models.ForeignKey(
        Person, verbose_name=_("người đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    reason = models.TextField(_("lý do"))
    previous_deadline = models.DateField(_("thời hạn khi đề nghị"))
    proposed_date = models.DateField(_("đề nghị gia hạn đến ngày"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        Person,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        Person,
        verbose_name=_("thay mặt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["task", "-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(status="pending"),
                name="directives_extensionrequest_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="directives_extensionrequest_reason_given"
            ),
            models.CheckConstraint(
                condition=Q(proposed_date__gt=F("previous_deadline")),
                name="directives_extensionrequest_later_date",
            ),
            models.CheckConstraint(
                condition=Q(status="pending")
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="directives_extensionrequest_decided_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.proposed_date:%d/%m/%Y}"


def attachment_path(instance: TaskAttachment, filename: str) -> str:
    return f"directives/{instance.task_id}/{filename}"


class TaskAttachment(BaseModel):
    """A file attached to a task's progress update or completion report."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    progress_update = models.ForeignKey(
        ProgressUpdate,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    completion_report = models.ForeignKey(
        CompletionReport,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=200)
    uploaded_by = models.ForeignKey(
        Person, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["task", "id"]

    def __str__(self) -> str:
        return self.name
