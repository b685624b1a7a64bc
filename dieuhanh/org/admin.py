"""Administration of the organisation's reference data (levels, positions, work areas)."""

from django.contrib import admin

from dieuhanh.core.admin import AuditedModelAdmin
from dieuhanh.org.models import Position, UnitLevel, WorkArea


@admin.register(UnitLevel)
class UnitLevelAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "rank", "active")
    list_editable = ("active",)


@admin.register(Position)
class PositionAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "role", "single_holder", "rank", "active")
    list_filter = ("role", "active")
    search_fields = ("code", "name")


@admin.register(WorkArea)
class WorkAreaAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "function", "rank", "active")
    list_filter = ("function", "active")
    search_fields = ("code", "name")
