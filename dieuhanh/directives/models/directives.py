"""Directives with their source and the units they are addressed to."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel, VersionedModel
from dieuhanh.org.models import Delegation, Person, Unit


class Role(models.TextChoices):
    """An addressed unit's part in a directive."""

    LEAD = "lead", _("Chủ trì")
    SUPPORT = "support", _("Phối hợp")
    INFORMED = "informed", _("Để biết")


class Directive(VersionedModel):
    """A directive (chỉ đạo): what must be done, by whom, by when, with what result."""

    class SourceKind(models.TextChoices):
        DOCUMENT = "document", _("Văn bản")
        MEETING = "meeting", _("Kết luận cuộc họp")
        PROGRAMME = "programme", _("Nội dung chương trình công tác")
        OTHER = "other", _("Khác")

    class DeadlineKind(models.TextChoices):
        DATE = "date", _("Đến ngày")
        CALENDAR_DAYS = "calendar_days", _("Số ngày kể từ ngày ban hành")
        WORKING_DAYS = "working_days", _("Số ngày làm việc kể từ ngày ban hành")

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Thường")
        HIGH = "high", _("Quan trọng")
        URGENT = "urgent", _("Khẩn")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        CLOSED = "closed", _("Đã kết thúc")
        CANCELLED = "cancelled", _("Đã hủy")

    source_kind = models.CharField(
        _("nguồn"), max_length=10, choices=SourceKind.choices, default=SourceKind.DOCUMENT
    )
    source_number = models.CharField(_("số văn bản"), max_length=30, blank=True)
    source_symbol = models.CharField(_("ký hiệu"), max_length=60, blank=True)
    source_date = models.DateField(_("ngày văn bản, ngày họp"), null=True, blank=True)
    source_title = models.CharField(_("trích yếu, tên cuộc họp"), max_length=300, blank=True)
    programme_item = models.ForeignKey(
        "plans.ProgrammeItem",
        verbose_name=_("nội dung chương trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives",
    )
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        Person,
        verbose_name=_("người chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="directives_issued",
    )
    on_behalf_of = models.ForeignKey(
        Person,
        verbose_name=_("thay mặt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("theo ủy quyền"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("tên nhiệm vụ"), max_length=300, blank=True)
    content = models.TextField(_("nội dung công việc"), blank=True)
    expected_result = models.TextField(_("kết quả, sản phẩm phải đạt"), blank=True)
    accountable = models.ForeignKey(
        Person,
        verbose_name=_("lãnh đạo chịu trách nhiệm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline_kind = models.CharField(
        _("cách tính thời hạn"),
        max_length=13,
        choices=DeadlineKind.choices,
        default=DeadlineKind.DATE,
    )
    deadline_days = models.PositiveSmallIntegerField(_("số ngày"), null=True, blank=True)
    deadline = models.DateField(
        _("thời hạn"),
        null=True,
        blank=True,
        help_text=_("Với thời hạn tính theo số ngày, được tính khi ban hành."),
    )
    priority = models.CharField(
        _("mức độ"), max_length=6, choices=Priority.choices, default=Priority.NORMAL
    )
    restricted = models.BooleanField(
        _("chỉ các đơn vị được giao xem"),
        default=False,
        help_text=_("Chỉ người chỉ đạo và các đơn vị được giao nhìn thấy chỉ đạo này."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=9, choices=Status.choices, default=Status.DRAFT
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("chỉ đạo")
        verbose_name_plural = _("chỉ đạo")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_kind="document")
                | (~Q(source_number="") & Q(source_date__isnull=False)),
                name="directives_directive_document_source_numbered",
            ),
            models.CheckConstraint(
                condition=~Q(source_kind="programme") | Q(programme_item__isnull=False),
                name="directives_directive_programme_source_linked",
            ),
            models.CheckConstraint(
                condition=Q(deadline_kind="date") | Q(deadline_days__gte=1),
                name="directives_directive_days_given",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["issued", "closed"])
                | Q(issued_on__isnull=False, deadline__isnull=False),
                name="directives_directive_issued_dated",
            ),
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True)
                | Q(deadline__isnull=True)
                | Q(deadline__gte=F("issued_on")),
                name="directives_directive_deadline_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(delegation__isnull=True, on_behalf_of__isnull=True)
                | Q(delegation__isnull=False, on_behalf_of__isnull=False),
                name="directives_directive_delegation_with_grantor",
            ),
        ]
        indexes = [
            # Directives of an issuing unit, newest first (directive lists).
            models.Index(fields=["issuing_unit", "-issued_on"], name="directives_dir_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.title or str(_("(chưa đặt tên)"))

    @property
    def source_label(self) -> str:
        """The source as people cite it: "Số 12/KH-VKS ngày 05/01/2027", a meeting, an item."""
        date = f" ngày {self.source_date:%d/%m/%Y}" if self.source_date else ""
        if self.source_kind == self.SourceKind.DOCUMENT:
            symbol = f"/{self.source_symbol}" if self.source_symbol else ""
            return f"Số {self.source_number}{symbol}{date}"
        if self.source_kind == self.SourceKind.MEETING:
            return f"{self.source_title or _('Kết luận cuộc họp')}{date}"
        if self.source_kind == self.SourceKind.PROGRAMME and self.programme_item_id:
            return str(self.programme_item)
        return self.source_title


class Addressee(BaseModel):
    """A unit a directive is addressed to, with its role; each becomes a task at issue."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="addressees")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("vai trò"), max_length=8, choices=Role.choices)

    class Meta:
        verbose_name = _("đơn vị được giao")
        verbose_name_plural = _("đơn vị được giao")
        ordering = ["directive", "role", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "unit"], name="directives_addressee_one_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_role_display()}"
