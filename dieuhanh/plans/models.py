"""Plans and indicators: statistical items, indicators with versioned definitions, targets,
the yearly programme, monthly figures with their history, imports and period closes."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel, VersionedModel
from dieuhanh.org.models import Unit, WorkArea


class Confidence(models.TextChoices):
    """How sure the basis of a piece of reference data is (DOMAIN.md)."""

    HIGH = "H", _("Cao — văn bản chính thức")
    MEDIUM = "M", _("Trung bình — một nguồn")
    LOW = "L", _("Thấp — chưa xác nhận")


class StatItem(BaseModel):
    """A statistical item (chỉ tiêu thống kê) reported monthly per unit."""

    class Kind(models.TextChoices):
        FLOW = "flow", _("Phát sinh trong kỳ (cộng dồn)")
        STOCK = "stock", _("Tồn tại thời điểm (đầu/cuối kỳ)")

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên chỉ tiêu thống kê"), max_length=300)
    work_area = models.ForeignKey(
        WorkArea, verbose_name=_("khâu công tác"), null=True, blank=True, on_delete=models.PROTECT
    )
    measure = models.CharField(_("đơn vị tính"), max_length=30, default="vụ")
    kind = models.CharField(_("loại"), max_length=5, choices=Kind.choices, default=Kind.FLOW)
    caseload = models.BooleanField(
        _("tính vào khối lượng công việc"),
        default=False,
        help_text=_("Cộng vào số việc để tính khối lượng trên mỗi cán bộ và xếp nhóm đơn vị."),
    )
    rank = models.PositiveIntegerField(_("thứ tự"), default=100)
    active = models.BooleanField(_("đang dùng"), default=True)
    sample = models.BooleanField(_("cấu hình mẫu"), default=False)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu thống kê")
        verbose_name_plural = _("chỉ tiêu thống kê")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Indicator(BaseModel):
    """An indicator (chỉ tiêu nghiệp vụ) judged against a target: a ratio or a count."""

    class Kind(models.TextChoices):
        RATIO = "ratio", _("Tỷ lệ (%)")
        COUNT = "count", _("Số lượng")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Càng cao càng tốt")
        LOWER = "lower", _("Càng thấp càng tốt")

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    work_area = models.ForeignKey(
        WorkArea, verbose_name=_("khâu công tác"), null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField(_("loại"), max_length=5, choices=Kind.choices, default=Kind.RATIO)
    direction = models.CharField(
        _("chiều đánh giá"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    zero_tolerance = models.BooleanField(
        _("tuyệt đối không để xảy ra"),
        default=False,
        help_text=_("Chỉ tiêu đạt khi giá trị bằng 0 (ví dụ: oan sai, bị tuyên không phạm tội)."),
    )
    rank = models.PositiveIntegerField(_("thứ tự"), default=100)
    active = models.BooleanField(_("đang dùng"), default=True)
    sample = models.BooleanField(_("cấu hình mẫu"), default=False)
    confidence = models.CharField(
        _("độ tin cậy"), max_length=1, choices=Confidence.choices, default=Confidence.LOW
    )
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu nghiệp vụ")
        verbose_name_plural = _("chỉ tiêu nghiệp vụ")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.name


class IndicatorVersion(BaseModel):
    """A definition of an indicator in force from a date (by its legal basis)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    effective_from = models.DateField(_("áp dụng từ ngày"))
    numerator = models.CharField(_("tử số / công thức"), max_length=500)
    denominator = models.CharField(
        _("mẫu số"), max_length=500, blank=True, help_text=_("Để trống với chỉ tiêu số lượng.")
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("phiên bản định nghĩa chỉ tiêu")
        verbose_name_plural = _("phiên bản định nghĩa chỉ tiêu")
        ordering = ["indicator", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "effective_from"], name="plans_indicatorversion_one_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} từ {self.effective_from:%d/%m/%Y}"


class TargetQuerySet(models.QuerySet["Target"]):
    """Targets in force are those not superseded."""

    def current(self) -> TargetQuerySet:
        return self.filter(superseded_at__isnull=True)


class Target(BaseModel):
    """The target of an indicator for a working year: sector default (no unit) or a unit's own."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("năm công tác"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Để trống: chỉ tiêu chung của ngành."),
    )
    value = models.DecimalField(_("mức chỉ tiêu"), max_digits=12, decimal_places=2)
    looser_allowed = models.BooleanField(
        _("được phép thấp hơn mức chung"),
        default=False,
        help_text=_("Chỉ khi Viện trưởng cho phép; mặc định chỉ được đặt chặt hơn."),
    )
    decision = models.CharField(_("căn cứ, quyết định"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(_("thay thế lúc"), null=True, blank=True)

    objects: ClassVar[TargetQuerySet] = TargetQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("mức chỉ tiêu")
        verbose_name_plural = _("mức chỉ tiêu")
        ordering = ["indicator", "year", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "unit"],
                condition=Q(superseded_at__isnull=True, unit__isnull=False),
                name="plans_target_one_current_per_unit",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(superseded_at__isnull=True, unit__isnull=True),
                name="plans_target_one_current_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"


class ProgrammeItemQuerySet(models.QuerySet["ProgrammeItem"]):
    """Programme items in force are those not archived."""

    def current(self) -> ProgrammeItemQuerySet:
        return self.filter(archived_at__isnull=True)


class ProgrammeItem(VersionedModel):
    """A key task (nhiệm vụ trọng tâm) or the breakthrough area (khâu đột phá) of a unit's year."""

    class Kind(models.TextChoices):
        KEY_TASK = "key_task", _("Nhiệm vụ trọng tâm")
        BREAKTHROUGH = "breakthrough", _("Khâu công tác đột phá")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="programme_items")
    year = models.PositiveSmallIntegerField(_("năm công tác"))
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("nội dung"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    work_area = models.ForeignKey(
        WorkArea, verbose_name=_("khâu công tác"), null=True, blank=True, on_delete=models.PROTECT
    )
    indicators = models.ManyToManyField(Indicator, verbose_name=_("chỉ tiêu đo lường"), blank=True)
    rank = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    # Archived, not deleted: directives and reports may still point at the item.
    archived_at = models.DateTimeField(_("lưu trữ lúc"), null=True, blank=True)

    objects: ClassVar[ProgrammeItemQuerySet] = ProgrammeItemQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("nội dung chương trình công tác")
        verbose_name_plural = _("chương trình công tác")
        ordering = ["unit", "year", "kind", "rank"]
        indexes = [models.Index(fields=["unit", "year"], name="plans_programme_unit_year_idx")]

    def __str__(self) -> str:
        return self.title


class ImportBatch(BaseModel):
    """One spreadsheet import (or API post) of figures: lands whole or not at all."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Đã nhập")
        REJECTED = "rejected", _("Bị từ chối (có lỗi)")
        FAILED = "failed", _("Lỗi hệ thống")

    class Source(models.TextChoices):
        FILE = "file", _("Tệp bảng tính")
        FORM = "form", _("Nhập trên màn hình")
        API = "api", _("Qua API")
        SEED = "seed", _("Dữ liệu demo")

    source = models.CharField(_("nguồn"), max_length=5, choices=Source.choices)
    file_name = models.CharField(_("tệp"), max_length=255, blank=True)
    file = models.FileField(_("tệp tải lên"), upload_to="imports/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of_label = models.CharField(max_length=200, blank=True)
    reason = models.CharField(_("lý do sửa số liệu đã khóa"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    values_created = models.PositiveIntegerField(default=0)
    values_changed = models.PositiveIntegerField(default=0)
    values_unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập số liệu")
        verbose_name_plural = _("các lần nhập số liệu")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def progress(self) -> int:
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class Figure(BaseModel):
    """The value of one statistical item for one unit in one month."""

    # No index of their own: plans_figure_one_value leads with unit, plans_figure_item_month_idx
    # with item, and every index costs each of a national import's million inserts.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="figures", db_index=False)
    item = models.ForeignKey(
        StatItem, on_delete=models.PROTECT, related_name="figures", db_index=False
    )
    month = models.PositiveIntegerField(_("tháng (yyyymm)"))
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="figures"
    )

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "item", "month"], name="plans_figure_one_value"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="plans_figure_not_negative"),
        ]
        indexes = [
            # Attainment: all units' values of some items over a range of months.
            models.Index(fields=["item", "month"], name="plans_figure_item_month_idx"),
            # "Who has not reported this month" and the unit's drill-down.
            models.Index(fields=["month", "unit"], name="plans_figure_month_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.item_id}/{self.month}: {self.value}"


class FigureChange(models.Model):
    """A change of a figure's value (append-only): where it came from and, after close, why."""

    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="changes")
    before = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    after = models.DecimalField(max_digits=14, decimal_places=2)
    batch = models.ForeignKey(ImportBatch, null=True, on_delete=models.PROTECT, related_name="+")
    correction = models.BooleanField(_("đính chính sau khi khóa sổ"), default=False)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi số liệu")
        verbose_name_plural = _("lịch sử số liệu")
        ordering = ["figure", "at", "id"]
        indexes = [
            # Corrections after close (unit results, the closes page): a few among millions of
            # history rows, so a partial index that imports do not pay for.
            models.Index(
                fields=["figure"],
                condition=Q(correction=True),
                name="plans_figurechange_corr_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.figure_id}: {self.before} → {self.after}"


class PeriodClose(BaseModel):
    """A month locked for a unit's subtree, signed off by name (khóa sổ)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="period_closes")
    month = models.PositiveIntegerField(_("tháng (yyyymm)"))
    signed_by = models.CharField(_("người ký xác nhận"), max_length=200)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("khóa sổ số liệu")
        verbose_name_plural = _("khóa sổ số liệu")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="plans_periodclose_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month}"


class PeerBand(BaseModel):
    """A band for grouping comparable units by staff numbers or caseload (configurable)."""

    class Dimension(models.TextChoices):
        STAFF = "staff", _("Số cán bộ")
        CASELOAD = "caseload", _("Số việc trong năm")

    dimension = models.CharField(_("tiêu chí"), max_length=8, choices=Dimension.choices)
    label = models.CharField(_("tên nhóm"), max_length=60)
    lower = models.PositiveIntegerField(_("từ"))
    upper = models.PositiveIntegerField(_("đến (không gồm)"), null=True, blank=True)

    class Meta:
        verbose_name = _("khoảng nhóm đơn vị tương đồng")
        verbose_name_plural = _("khoảng nhóm đơn vị tương đồng")
        ordering = ["dimension", "lower"]

    def __str__(self) -> str:
        return self.label
