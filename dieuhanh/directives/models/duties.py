"""Recurring duties and their occurrences, each generated once per period."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel, VersionedModel
from dieuhanh.org.models import Person, Unit


class RecurringDuty(VersionedModel):
    """A duty that comes back every month, e.g. a report due on the 2nd working day."""

    class Rule(models.TextChoices):
        MONTHLY_WORKING_DAY = "monthly_working_day", _("Hằng tháng, ngày làm việc thứ N")
        MONTHLY_DAY = "monthly_day", _("Hằng tháng, ngày N")

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="duties"
    )
    title = models.CharField(_("tên nhiệm vụ"), max_length=300)
    content = models.TextField(_("nội dung"), blank=True)
    rule = models.CharField(
        _("lặp lại"), max_length=20, choices=Rule.choices, default=Rule.MONTHLY_WORKING_DAY
    )
    nth = models.PositiveSmallIntegerField(_("ngày thứ"), default=1)
    lead_days = models.PositiveSmallIntegerField(
        _("giao trước (ngày)"),
        default=7,
        help_text=_("Nhiệm vụ của mỗi kỳ được tạo trước thời hạn bấy nhiêu ngày."),
    )
    starts_on = models.DateField(_("áp dụng từ ngày"))
    ends_on = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        Person, verbose_name=_("người giao"), on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("nhiệm vụ định kỳ")
        verbose_name_plural = _("nhiệm vụ định kỳ")
        ordering = ["unit", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nth__gte=1) & (Q(rule="monthly_working_day") | Q(nth__lte=28)),
                name="directives_recurringduty_nth_in_month",
            ),
            models.CheckConstraint(
                condition=Q(nth__lte=20) | ~Q(rule="monthly_working_day"),
                name="directives_recurringduty_nth_working_day",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="directives_recurringduty_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DutyOccurrence(BaseModel):
    """One period of a recurring duty; the unique key makes each period generated once."""

    duty = models.ForeignKey(RecurringDuty, on_delete=models.PROTECT, related_name="occurrences")
    period = models.CharField(_("kỳ"), max_length=7, help_text=_("Tháng, dạng 2027-02."))
    due_on = models.DateField(_("thời hạn"))

    class Meta:
        verbose_name = _("kỳ nhiệm vụ định kỳ")
        verbose_name_plural = _("kỳ nhiệm vụ định kỳ")
        ordering = ["duty", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "period"], name="directives_dutyoccurrence_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.duty} — {self.period}"
