"""Good practices, the thematic guidance document (chuyên đề) with its versions and sections,
and thematic resolutions (nghị quyết chuyên đề) with their action items."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel, VersionedModel
from dieuhanh.knowledge.models.seminars import Contribution, Seminar
from dieuhanh.org.models import Person, Unit, WorkArea
from dieuhanh.plans.models import Indicator


class ProfileTag(models.TextChoices):
    """A unit profile a practice suits (none named: every unit)."""

    MANY_CASES = "many_cases", _("Đơn vị nhiều việc")
    FEW_CASES = "few_cases", _("Đơn vị ít việc")
    MANY_STAFF = "many_staff", _("Đơn vị nhiều cán bộ")
    FEW_STAFF = "few_staff", _("Đơn vị ít cán bộ")


class GuidanceDocument(BaseModel):
    """A thematic guidance document (chuyên đề), e.g. on how heads manage, direct and operate."""

    title = models.CharField(_("tên chuyên đề"), max_length=300)
    kind_label = models.CharField(
        _("loại văn bản"),
        max_length=60,
        default="CHUYÊN ĐỀ",
        help_text=_("In hoa, đặt ở giữa trang trên tên văn bản."),
    )
    issuer = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="guidance_issued",
    )
    keeper = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị biên soạn"),
        on_delete=models.PROTECT,
        related_name="guidance_kept",
        help_text=_("Phòng Tổ chức cán bộ: tổng hợp ý kiến, biên soạn các phiên bản."),
    )
    issuer_superior = models.CharField(
        _("cơ quan cấp trên"),
        max_length=200,
        blank=True,
        help_text=_("Dòng trên tên cơ quan ban hành, ví dụ: VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO."),
    )
    place = models.CharField(_("địa danh"), max_length=80, help_text=_("Ví dụ: Sông Hồng."))

    class Meta:
        verbose_name = _("chuyên đề")
        verbose_name_plural = _("chuyên đề")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class GoodPractice(VersionedModel):
    """A curated good practice (cách làm hay) drawn from one or more contributions."""

    document = models.ForeignKey(
        GuidanceDocument,
        verbose_name=_("chuyên đề"),
        on_delete=models.PROTECT,
        related_name="practices",
    )
    title = models.CharField(_("tên cách làm"), max_length=300)
    statement = models.TextField(_("nội dung"))
    work_areas = models.ManyToManyField(WorkArea, verbose_name=_("khâu công tác"), blank=True)
    profiles = models.JSONField(
        _("phù hợp với đơn vị"),
        default=list,
        blank=True,
        help_text=_("Đặc điểm đơn vị phù hợp; để trống là mọi đơn vị."),
    )
    sources = models.ManyToManyField(
        Contribution, verbose_name=_("ý kiến nguồn"), blank=True, related_name="practices"
    )
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("cách làm hay")
        verbose_name_plural = _("cách làm hay")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def profile_labels(self) -> list[str]:
        labels = dict(ProfileTag.choices)
        return [str(labels.get(tag, tag)) for tag in self.profiles]


class GuidanceVersionQuerySet(models.QuerySet["GuidanceVersion"]):
    """Version lookups by state."""

    def in_preparation(self) -> GuidanceVersionQuerySet:
        return self.filter(status__in=[GuidanceVersion.Status.DRAFT, GuidanceVersion.Status.REVIEW])

    def published(self) -> GuidanceVersionQuerySet:
        """Versions everyone under the issuer may read: approved, in force or superseded."""
        return self.exclude(
            status__in=[GuidanceVersion.Status.DRAFT, GuidanceVersion.Status.REVIEW]
        )


class GuidanceVersion(VersionedModel):
    """One version of a guidance document: draft → under review → approved → in force →
    superseded."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        REVIEW = "review", _("Đang xem xét")
        APPROVED = "approved", _("Đã phê duyệt")
        IN_FORCE = "in_force", _("Đang có hiệu lực")
        SUPERSEDED = "superseded", _("Đã được thay thế")

    document = models.ForeignKey(
        GuidanceDocument, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("phiên bản số"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("biên soạn từ phiên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applies_to = models.TextField(
        _("đối tượng áp dụng"),
        help_text=_("Ví dụ: Viện trưởng các Viện kiểm sát khu vực; Trưởng phòng nghiệp vụ."),
    )
    summary = models.TextField(_("trích yếu, điểm mới"), blank=True)
    document_number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi."))
    effective_from = models.DateField(_("có hiệu lực từ ngày"), null=True, blank=True)
    approved_by = models.ForeignKey(
        Person,
        verbose_name=_("người phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    signer_power = models.CharField(
        _("thẩm quyền ký"), max_length=60, blank=True, help_text=_("Ví dụ: KT. VIỆN TRƯỞNG.")
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    in_force_at = models.DateTimeField(_("bắt đầu hiệu lực lúc"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("bị thay thế lúc"), null=True, blank=True)
    review_note = models.TextField(_("ý kiến khi xem xét"), blank=True)

    objects: ClassVar[GuidanceVersionQuerySet] = GuidanceVersionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("phiên bản chuyên đề")
        verbose_name_plural = _("phiên bản chuyên đề")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="knowledge_guidanceversion_number_unique"
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status="in_force"),
                name="knowledge_guidanceversion_one_in_force",
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status__in=["draft", "review"]),
                name="knowledge_guidanceversion_one_in_preparation",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review"])
                | Q(
                    approved_by__isnull=False,
                    approved_at__isnull=False,
                    effective_from__isnull=False,
                ),
                name="knowledge_guidanceversion_approval_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} — phiên bản {self.number}"

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT


class GuidanceSection(BaseModel):
    """A section of a guidance version: one topic of one work area (or general)."""

    version = models.ForeignKey(GuidanceVersion, on_delete=models.CASCADE, related_name="sections")
    # Carried from version to version so two versions can be compared section by section.
    key = models.UUIDField(_("mã mục"), default=uuid.uuid4, editable=False)
    work_area = models.ForeignKey(
        WorkArea,
        verbose_name=_("khâu công tác"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Để trống với phần chung."),
    )
    topic = models.CharField(_("nội dung, chủ đề"), max_length=300)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    body = models.TextField(_("nội dung hướng dẫn"), blank=True)
    practices = models.ManyToManyField(
        GoodPractice, verbose_name=_("cách làm hay"), blank=True, related_name="sections"
    )
    # Optimistic locking like VersionedModel's `version`, which here names the parent.
    revision = models.PositiveIntegerField(_("lần sửa"), default=1, editable=False)

    class Meta:
        verbose_name = _("mục chuyên đề")
        verbose_name_plural = _("mục chuyên đề")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"], name="knowledge_guidancesection_key_unique"
            )
        ]

    def __str__(self) -> str:
        return self.topic


class Resolution(VersionedModel):
    """A thematic resolution (nghị quyết chuyên đề) drafted from the guidance and a seminar."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ADOPTED = "adopted", _("Đã thông qua")

    title = models.CharField(_("tên nghị quyết"), max_length=300)
    issuer = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    guidance = models.ForeignKey(
        GuidanceVersion,
        verbose_name=_("căn cứ chuyên đề"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    seminar = models.ForeignKey(
        Seminar,
        verbose_name=_("tọa đàm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    conclusions = models.TextField(_("nội dung nghị quyết"), blank=True)
    document_number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    adopted_by = models.ForeignKey(
        Person,
        verbose_name=_("người thông qua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("thông qua lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nghị quyết chuyên đề")
        verbose_name_plural = _("nghị quyết chuyên đề")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(adopted_by__isnull=False, adopted_at__isnull=False),
                name="knowledge_resolution_adoption_recorded",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ResolutionAction(BaseModel):
    """An action item of a resolution: owner unit, deadline, expected result, target indicators.

    A draft may leave the owner, the deadline or the expected result open; adoption refuses
    until every item makes the "5 rõ" clear, then turns each into a directive (`directive`).
    """

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("nội dung"), max_length=300)
    content = models.TextField(_("nội dung chi tiết, cách làm"), blank=True)
    owner = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    expected_result = models.TextField(_("kết quả cần đạt"), blank=True)
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("chỉ tiêu hướng tới"), blank=True, related_name="+"
    )
    # The directive created on adoption; one action item, one directive.
    directive = models.OneToOneField(
        "directives.Directive",
        verbose_name=_("chỉ đạo thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolution_action",
    )

    class Meta:
        verbose_name = _("nội dung thực hiện nghị quyết")
        verbose_name_plural = _("nội dung thực hiện nghị quyết")
        ordering = ["resolution", "order", "id"]

    def __str__(self) -> str:
        return self.title
