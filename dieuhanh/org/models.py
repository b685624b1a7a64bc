"""Organisation: unit tree, levels, positions, people, postings, portfolios, delegations."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from dieuhanh.core.models import BaseModel, VersionedModel


class Power(models.TextChoices):
    """Actions the access authority decides on; delegations name a subset of them."""

    VIEW = "view", _("Xem thông tin")
    MANAGE_UNITS = "manage_units", _("Quản lý cơ cấu tổ chức")
    MANAGE_STAFF = "manage_staff", _("Bố trí, điều động cán bộ")
    DIRECT = "direct", _("Chỉ đạo, giao nhiệm vụ")
    APPROVE = "approve", _("Phê duyệt, ký ban hành")
    EVALUATE = "evaluate", _("Đánh giá, xếp loại")
    REPORT = "report", _("Báo cáo, nhập số liệu")
    DELEGATE = "delegate", _("Ủy quyền")


class UnitLevel(BaseModel):
    """A level of the unit tree (provincial procuracy, department, regional, district, team)."""

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên cấp"), max_length=120)
    rank = models.PositiveSmallIntegerField(
        _("thứ bậc"), help_text=_("Số nhỏ là cấp cao hơn; dùng để sắp xếp.")
    )
    active = models.BooleanField(_("đang dùng"), default=True)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cấp đơn vị")
        verbose_name_plural = _("cấp đơn vị")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(MP_NodeQuerySet):
    """Unit lookups; subtree filters use the materialised path."""

    def active_on(self, on: dt.date) -> UnitQuerySet:
        return cast(
            UnitQuerySet,
            self.filter(Q(active_from__lte=on) | Q(active_from__isnull=True)).filter(
                Q(active_to__gte=on) | Q(active_to__isnull=True)
            ),
        )

    def within(self, paths: list[str]) -> UnitQuerySet:
        """Units in the subtrees whose root paths are given."""
        if not paths:
            return cast(UnitQuerySet, self.none())
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return cast(UnitQuerySet, self.filter(condition))


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):  # type: ignore[misc]
    """Tree manager returning UnitQuerySet, ordered by path (parents before children)."""

    def get_queryset(self) -> UnitQuerySet:
        return cast(UnitQuerySet, UnitQuerySet(self.model, using=self._db).order_by("path"))


class Unit(MP_Node, VersionedModel):
    """A unit of the procuracy: the province, a department, a regional procuracy, a team."""

    code = models.SlugField(_("mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    level = models.ForeignKey(UnitLevel, verbose_name=_("cấp"), on_delete=models.PROTECT)
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị tiền thân"),
        symmetrical=False,
        blank=True,
        related_name="successors",
    )
    note = models.TextField(_("ghi chú"), blank=True)

    node_order_by: ClassVar[list[str]] = []
    objects: ClassVar[UnitManager] = UnitManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="org_unit_active_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, on: dt.date) -> bool:
        return (self.active_from is None or self.active_from <= on) and (
            self.active_to is None or self.active_to >= on
        )


class UnitName(BaseModel):
    """A name a unit used to carry, kept when it is renamed."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("tên"), max_length=200)
    valid_to = models.DateField(_("dùng đến ngày"))
    decision = models.CharField(_("quyết định"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("tên cũ của đơn vị")
        verbose_name_plural = _("tên cũ của đơn vị")
        ordering = ["unit", "-valid_to"]

    def __str__(self) -> str:
        return self.name


class PositionRole(models.TextChoices):
    """What a position means for authority in its unit."""

    HEAD = "head", _("Cấp trưởng")
    DEPUTY = "deputy", _("Cấp phó")
    MEMBER = "member", _("Cán bộ")


class Position(BaseModel):
    """A position or grade held in a unit (Viện trưởng, Kiểm sát viên trung cấp, …)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên chức vụ, ngạch"), max_length=150)
    role = models.CharField(
        _("vai trò"), max_length=10, choices=PositionRole.choices, default=PositionRole.MEMBER
    )
    single_holder = models.BooleanField(
        _("chỉ một người giữ"),
        default=False,
        help_text=_("Mỗi đơn vị chỉ có một người giữ chức vụ này tại một thời điểm."),
    )
    rank = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    active = models.BooleanField(_("đang dùng"), default=True)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("chức vụ, ngạch")
        verbose_name_plural = _("chức vụ, ngạch")
        ordering = ["rank", "name"]

    def __str__(self) -> str:
        return self.name


class WorkArea(BaseModel):
    """A work area (khâu công tác) such as crime reports or civil cases."""

    class Function(models.TextChoices):
        PROSECUTION = "prosecution", _("Thực hành quyền công tố và kiểm sát")
        SUPERVISION = "supervision", _("Kiểm sát hoạt động tư pháp")
        SUPPORT = "support", _("Công tác hỗ trợ, quản lý")

    code = models.SlugField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên khâu công tác"), max_length=250)
    function = models.CharField(_("nhóm chức năng"), max_length=20, choices=Function.choices)
    rank = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    active = models.BooleanField(_("đang dùng"), default=True)
    basis = models.CharField(_("căn cứ, độ tin cậy"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("khâu công tác")
        verbose_name_plural = _("khâu công tác")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.name


class Person(VersionedModel):
    """A member of staff, with an optional login."""

    class Gender(models.TextChoices):
        MALE = "m", _("Nam")
        FEMALE = "f", _("Nữ")

    staff_code = models.SlugField(_("mã cán bộ"), max_length=30, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["full_name", "staff_code"]

    def __str__(self) -> str:
        return self.full_name


class PostingQuerySet(models.QuerySet["Posting"]):
    """Posting lookups by date."""

    def current(self, on: dt.date) -> PostingQuerySet:
        return self.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))

    def overlapping(self, start: dt.date, end: dt.date | None) -> PostingQuerySet:
        queryset = self.filter(Q(end__isnull=True) | Q(end__gte=start))
        if end is not None:
            queryset = queryset.filter(start__lte=end)
        return queryset


class Posting(VersionedModel):
    """A person holding a position in a unit from one date to another."""

    person = models.ForeignKey(
        Person, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="postings"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="postings"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("chức vụ, ngạch"), on_delete=models.PROTECT
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    concurrent = models.BooleanField(
        _("kiêm nhiệm"), default=False, help_text=_("Giữ song song với chức vụ chính.")
    )
    decision = models.CharField(_("quyết định"), max_length=120, blank=True)

    objects: ClassVar[PostingQuerySet] = PostingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("bố trí công tác")
        verbose_name_plural = _("bố trí công tác")
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="org_posting_dates_ordered",
            )
        ]
        indexes = [
            # Members and heads of a unit at a date (tree and unit pages).
            models.Index(fields=["unit", "start", "end"], name="org_posting_unit_idx"),
            # The access authority: a person's postings at a date.
            models.Index(fields=["person", "start", "end"], name="org_posting_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.position} — {self.unit}"

    def is_current(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)


class DatedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    """Lookups of records valid between start and end."""

    def current(self, on: dt.date) -> DatedQuerySet:
        return self.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


class Portfolio(VersionedModel):
    """Work areas and units a deputy is assigned by the Chief for a period (phân công)."""

    deputy = models.ForeignKey(
        Person, verbose_name=_("cấp phó"), on_delete=models.PROTECT, related_name="portfolios"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("tại đơn vị"),
        on_delete=models.PROTECT,
        related_name="portfolios",
        help_text=_("Đơn vị mà người này là cấp phó."),
    )
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị phụ trách"), blank=True, related_name="covered_by_portfolios"
    )
    work_areas = models.ManyToManyField(
        WorkArea, verbose_name=_("khâu công tác phụ trách"), blank=True
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    decision = models.CharField(_("quyết định phân công"), max_length=120, blank=True)

    objects: ClassVar[DatedQuerySet] = DatedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("phân công phụ trách")
        verbose_name_plural = _("phân công phụ trách")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="org_portfolio_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.deputy} — {self.unit}"


class DelegationQuerySet(models.QuerySet["Delegation"]):
    """Delegations in force at a date are not revoked and cover the date."""

    def in_force(self, on: dt.date) -> DelegationQuerySet:
        return self.filter(start__lte=on, end__gte=on, revoked_at__isnull=True)


class Delegation(VersionedModel):
    """A written delegation (ủy quyền): grantor lets grantee act with named powers on units."""

    grantor = models.ForeignKey(
        Person,
        verbose_name=_("người ủy quyền"),
        on_delete=models.PROTECT,
        related_name="delegations_given",
    )
    grantee = models.ForeignKey(
        Person,
        verbose_name=_("người được ủy quyền"),
        on_delete=models.PROTECT,
        related_name="delegations_received",
    )
    powers = models.JSONField(_("quyền được ủy quyền"), default=list)
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị áp dụng"), related_name="delegations"
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    instrument_number = models.CharField(_("số văn bản ủy quyền"), max_length=60)
    instrument_date = models.DateField(_("ngày văn bản"))
    note = models.TextField(_("ghi chú"), blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        Person,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revocation_reason = models.CharField(_("lý do thu hồi"), max_length=300, blank=True)

    objects: ClassVar[DelegationQuerySet] = DelegationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("ủy quyền")
        verbose_name_plural = _("sổ ủy quyền")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="org_delegation_dates_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(grantor=models.F("grantee")), name="org_delegation_not_to_self"
            ),
        ]
        indexes = [
            # The access authority: delegations received by a person in force at a date.
            models.Index(fields=["grantee", "start", "end"], name="org_delegation_grantee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_number}: {self.grantor} → {self.grantee}"

    def power_labels(self) -> list[str]:
        labels = dict(Power.choices)
        return [str(labels.get(code, code)) for code in self.powers]
