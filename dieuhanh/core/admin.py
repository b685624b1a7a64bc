"""Administration: the audit log is read-only; reference-data admins record audit rows."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.models import User
from django.db import models
from django.http import HttpRequest

from dieuhanh.core.audit import Actor, diff, record, snapshot
from dieuhanh.core.models import ApiToken, AuditEntry


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin whose every save and delete writes an audit row."""

    def _fields(self, obj: models.Model) -> list[str]:
        return [
            f.name
            for f in obj._meta.concrete_fields
            if f.name not in {"id", "created_at", "updated_at"}
        ]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk), self._fields(obj)) if change else {}
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.app_label}.{obj._meta.model_name}.{'update' if change else 'create'}"
        record(
            action,
            obj,
            actor=Actor(user=cast(User, request.user)),
            changes=diff(before, snapshot(obj, self._fields(obj))),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record(
            f"{obj._meta.app_label}.{obj._meta.model_name}.delete",
            obj,
            actor=Actor(user=cast(User, request.user)),
            changes=diff(snapshot(obj, self._fields(obj)), {}),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "at",
        "actor_label",
        "on_behalf_of_label",
        "action",
        "object_repr",
        "request_id",
    )
    list_filter = ("action",)
    search_fields = ("actor_label", "object_repr", "request_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "last_used_at", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Tokens are issued with `manage.py create_api_token`, which shows the secret once.
        return False
