"""Administration of the directives' reference data (extra days off and make-up working days,
units' reminder settings) and a read-only view of the reminders sent."""

from django.contrib import admin
from django.http import HttpRequest

from dieuhanh.core.admin import AuditedModelAdmin
from dieuhanh.directives.models import CalendarException, Notification, ReminderSettings


@admin.register(CalendarException)
class CalendarExceptionAdmin(AuditedModelAdmin):
    list_display = ("date", "kind", "reason", "basis")
    list_filter = ("kind",)
    search_fields = ("reason", "basis")
    date_hierarchy = "date"


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(AuditedModelAdmin):
    list_display = (
        "unit",
        "days_before",
        "on_the_day",
        "repeat_every",
        "escalate_head_after",
        "escalate_issuer_after",
        "email",
    )
    exclude = ("version",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Sent reminders, read-only: to see what went to whom and whether the e-mail left."""

    list_display = ("created_at", "recipient", "kind", "occurrence", "email", "read_at")
    list_filter = ("kind", "email")
    search_fields = ("text", "recipient__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
