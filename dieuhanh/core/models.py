"""Base model, the append-only audit log and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Abstract base: creation and update stamps."""

    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(BaseModel):
    """Abstract base for objects people edit: a version number refuses stale saves."""

    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    """Audit rows are never updated or deleted by the application."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Nhật ký kiểm toán chỉ được ghi thêm, không được sửa.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Nhật ký kiểm toán chỉ được ghi thêm, không được xóa.")

    def for_object(self, obj: models.Model) -> AuditQuerySet:
        content_type = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=content_type, object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One change: who, when, what, on whose behalf, within which request."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    actor_label = models.CharField(_("người thực hiện (tên)"), max_length=200, blank=True)
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thay mặt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries_on_behalf",
    )
    on_behalf_of_label = models.CharField(_("thay mặt (tên)"), max_length=200, blank=True)
    delegation_id = models.BigIntegerField(_("ủy quyền số"), null=True, blank=True)
    action = models.CharField(_("thao tác"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("loại đối tượng"), null=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True, db_index=True)

    objects: ClassVar[AuditQuerySet] = AuditQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký kiểm toán")
        ordering = ["-at", "-id"]
        indexes = [
            # History panel of one object.
            models.Index(fields=["content_type", "object_id", "-at"], name="core_audit_object_idx"),
            # Audit page filtered by person.
            models.Index(fields=["actor", "-at"], name="core_audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Guard, not domain logic: an existing row can never be written again.
        if self.pk is not None:
            raise PermissionError("Nhật ký kiểm toán chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Nhật ký kiểm toán chỉ được ghi thêm, không được xóa.")


def hash_token(raw: str) -> str:
    """The stored form of an API token: its SHA-256, so the database never holds the secret."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    """Lookups of tokens."""

    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(BaseModel):
    """A secret that lets a machine call the API as one user account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    objects: ClassVar[ApiTokenQuerySet] = ApiTokenQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)
