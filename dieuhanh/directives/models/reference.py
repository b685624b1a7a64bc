"""Reference data of the directives: the edited exceptions to the working calendar."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import BaseModel


class CalendarException(BaseModel):
    """A day off or a make-up working day decided after the holiday package was written."""

    class Kind(models.TextChoices):
        OFF = "off", _("Ngày nghỉ")
        WORKING = "working", _("Ngày làm việc (làm bù)")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    reason = models.CharField(_("lý do"), max_length=300)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù bổ sung")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù bổ sung")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"
