"""Seminars (tọa đàm), contributions (ý kiến, tham luận) and their assessment."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel, VersionedModel
from dieuhanh.org.models import Person, Unit, WorkArea


class CaseProfile(models.TextChoices):
    """Whether a unit handles many or few cases compared with its peers."""

    MANY = "many", _("Nhiều việc")
    FEW = "few", _("Ít việc")
    UNKNOWN = "unknown", _("Chưa có số liệu")


class StaffProfile(models.TextChoices):
    """Whether a unit has many or few staff compared with its peers."""

    MANY = "many", _("Nhiều cán bộ")
    FEW = "few", _("Ít cán bộ")
    UNKNOWN = "unknown", _("Chưa xác định")


class SeminarQuerySet(models.QuerySet["Seminar"]):
    """Seminar lookups."""

    def open_for_contributions(self) -> SeminarQuerySet:
        return self.filter(status__in=[Seminar.Status.PLANNED, Seminar.Status.HELD])


class Seminar(VersionedModel):
    """A seminar or conference (tọa đàm, hội nghị) that gathers the heads' experience."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Sắp tổ chức")
        HELD = "held", _("Đã tổ chức")
        CLOSED = "closed", _("Đã kết thúc")
        CANCELLED = "cancelled", _("Đã hủy")

    title = models.CharField(_("tên tọa đàm"), max_length=300)
    date = models.DateField(_("ngày tổ chức"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Person, verbose_name=_("chủ trì"), on_delete=models.PROTECT, related_name="chaired_seminars"
    )
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị tổ chức"),
        on_delete=models.PROTECT,
        related_name="organised_seminars",
        help_text=_("Mặc định là Phòng Tổ chức cán bộ."),
    )
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị tham dự"), blank=True, related_name="seminars"
    )
    participants = models.ManyToManyField(
        Person, verbose_name=_("người tham dự"), blank=True, related_name="seminars"
    )
    agenda = models.TextField(_("chương trình"), blank=True)
    keynote = models.TextField(_("báo cáo đề dẫn"), blank=True)
    minutes = models.TextField(_("biên bản, kết luận"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    objects: ClassVar[SeminarQuerySet] = SeminarQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("tọa đàm")
        verbose_name_plural = _("tọa đàm, hội nghị")
        ordering = ["-date", "-id"]
        indexes = [
            # Seminar list of an organising unit, newest first.
            models.Index(fields=["organiser", "-date"], name="knowledge_seminar_org_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ContributionQuerySet(models.QuerySet["Contribution"]):
    """Contribution lookups."""

    def unassessed(self) -> ContributionQuerySet:
        return self.filter(assessment__isnull=True)


class Contribution(VersionedModel):
    """An opinion or paper (ý kiến, tham luận) from a member of staff, in or outside a seminar."""

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Cách làm, phương pháp")
        EXPERIENCE = "experience", _("Kinh nghiệm")
        DIFFICULTY = "difficulty", _("Khó khăn, vướng mắc")

    seminar = models.ForeignKey(
        Seminar,
        verbose_name=_("tọa đàm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    author = models.ForeignKey(
        Person, verbose_name=_("người viết"), on_delete=models.PROTECT, related_name="contributions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="contributions"
    )
    addressed_to = models.ForeignKey(
        Unit,
        verbose_name=_("gửi đến"),
        on_delete=models.PROTECT,
        related_name="contributions_received",
        help_text=_("Đơn vị đánh giá: đơn vị tổ chức tọa đàm hoặc Phòng Tổ chức cán bộ."),
    )
    work_areas = models.ManyToManyField(WorkArea, verbose_name=_("khâu công tác"), blank=True)
    kind = models.CharField(_("loại ý kiến"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    text = models.TextField(_("nội dung"))
    # The unit's profile when the contribution was submitted, with what it was computed from,
    # so later figures or postings never change what the assessors saw.
    case_profile = models.CharField(
        _("khối lượng việc"),
        max_length=7,
        choices=CaseProfile.choices,
        default=CaseProfile.UNKNOWN,
    )
    staff_profile = models.CharField(
        _("số cán bộ"), max_length=7, choices=StaffProfile.choices, default=StaffProfile.UNKNOWN
    )
    profile_basis = models.JSONField(_("căn cứ xác định đặc điểm đơn vị"), default=dict)
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)

    objects: ClassVar[ContributionQuerySet] = ContributionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("ý kiến, tham luận")
        verbose_name_plural = _("ý kiến, tham luận")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            # Contributions of a seminar in the order they came in.
            models.Index(fields=["seminar", "submitted_at"], name="knowledge_contrib_sem_idx"),
            # The assessors' queue: contributions addressed to their unit.
            models.Index(fields=["addressed_to", "submitted_at"], name="knowledge_contrib_to_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ContributionAttachment(BaseModel):
    """A file attached to a contribution (a paper, slides, a form the unit uses)."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("tệp"), upload_to="knowledge/%Y/%m/")
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["contribution", "id"]

    def __str__(self) -> str:
        return self.name


class Assessment(BaseModel):
    """The decision on a contribution, with its reason; one per contribution."""

    class Decision(models.TextChoices):
        ADOPT = "adopt", _("Công nhận là cách làm hay")
        UNSUITABLE = "unsuitable", _("Chưa phù hợp, có hướng dẫn")
        ANSWERED = "answered", _("Đã giải đáp vướng mắc")
        MERGED = "merged", _("Gộp vào ý kiến khác")

    contribution = models.OneToOneField(
        Contribution, on_delete=models.PROTECT, related_name="assessment"
    )
    decision = models.CharField(_("kết luận"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("lý do"))
    advice = models.TextField(_("hướng dẫn cho đơn vị"), blank=True)
    answer = models.TextField(_("nội dung giải đáp"), blank=True)
    merged_into = models.ForeignKey(
        Contribution,
        verbose_name=_("gộp vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    by = models.ForeignKey(
        Person, verbose_name=_("người đánh giá"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("đánh giá lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("đánh giá ý kiến")
        verbose_name_plural = _("đánh giá ý kiến")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="knowledge_assessment_has_reason"),
            models.CheckConstraint(
                condition=Q(decision="merged", merged_into__isnull=False)
                | (~Q(decision="merged") & Q(merged_into__isnull=True)),
                name="knowledge_assessment_merge_target",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("contribution")),
                name="knowledge_assessment_not_merged_into_self",
            ),
            models.CheckConstraint(
                condition=~Q(decision="unsuitable") | ~Q(advice=""),
                name="knowledge_assessment_unsuitable_has_advice",
            ),
            models.CheckConstraint(
                condition=~Q(decision="answered") | ~Q(answer=""),
                name="knowledge_assessment_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contribution}: {self.get_decision_display()}"
