"""Optimistic locking: a save based on an old version is refused, never merged silently."""

from __future__ import annotations

from django.db.models import F

from dieuhanh.core.errors import StaleEdit
from dieuhanh.core.models import VersionedModel


def claim_version(obj: VersionedModel, expected: int | None) -> None:
    """Move `obj` to its next version if it is still at `expected`; else raise StaleEdit.

    Call inside the service's transaction before writing. `expected=None` skips the check
    (used by the system, never by forms).
    """
    manager = type(obj)._default_manager
    if expected is None:
        manager.filter(pk=obj.pk).update(version=F("version") + 1)
        obj.version += 1
        return
    updated = manager.filter(pk=obj.pk, version=expected).update(version=F("version") + 1)
    if updated != 1:
        raise StaleEdit(
            "Dữ liệu đã được người khác sửa sau khi bạn mở trang. "
            "Thay đổi của bạn chưa được lưu; hãy tải lại trang để xem bản mới rồi sửa lại.",
            field="version",
        )
    obj.version = expected + 1
