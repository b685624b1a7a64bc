"""Administration of the directives' reference data: extra days off and make-up working days."""

from django.contrib import admin

from dieuhanh.core.admin import AuditedModelAdmin
from dieuhanh.directives.models import CalendarException


@admin.register(CalendarException)
class CalendarExceptionAdmin(AuditedModelAdmin):
    list_display = ("date", "kind", "reason", "basis")
    list_filter = ("kind",)
    search_fields = ("reason", "basis")
    date_hierarchy = "date"
