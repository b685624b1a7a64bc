"""Template filters shared by every app."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import AuditEntry

register = template.Library()


@register.filter
def audit_value(value: Any) -> str:
    """A readable form of a value stored in an audit row's changes."""
    if value is None:
        return "—"
    if isinstance(value, dict) and "repr" in value:
        return str(value["repr"])
    if isinstance(value, list):
        return ", ".join(audit_value(item) for item in value)
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


# What the last part of an audit action code means ("org.unit.update" → "sửa").
ACTION_VERBS = {
    "create": _("tạo"),
    "update": _("sửa"),
    "delete": _("xóa"),
    "archive": _("lưu trữ"),
    "move": _("chuyển vị trí"),
    "merge": _("sáp nhập"),
    "merged_into": _("được sáp nhập vào đơn vị mới"),
    "grant": _("giao"),
    "revoke": _("thu hồi"),
    "assign": _("phân công"),
    "end": _("kết thúc"),
    "import": _("nhập số liệu"),
    "close": _("khóa sổ"),
    "set": _("đặt"),
    "issue": _("ban hành / cấp"),
    "accept": _("chấp nhận"),
    "return": _("trả lại"),
    "approve": _("phê duyệt"),
    "refuse": _("từ chối"),
    "report": _("báo cáo"),
    "extend": _("gia hạn"),
    "minutes": _("ghi biên bản"),
    "cancel": _("hủy"),
    "submit": _("gửi"),
    "assess": _("đánh giá"),
    "compile": _("biên soạn"),
    "review": _("trình xem xét"),
    "in_force": _("có hiệu lực"),
    "superseded": _("được thay thế"),
    "adopt": _("thông qua"),
    "add": _("thêm"),
    "remove": _("bỏ"),
    "decide": _("quyết định"),
    "draft": _("soạn dự thảo"),
    "edit_draft": _("sửa dự thảo"),
    "occurrence": _("tạo kỳ thực hiện"),
    "progress": _("cập nhật tiến độ"),
    "report_completion": _("báo cáo hoàn thành"),
    "request": _("đề nghị"),
    "settings": _("đặt cấu hình"),
}


@register.filter
def action_label(action: str) -> str:
    """The readable verb of an audit action code, or the code itself when unknown."""
    verb = action.rsplit(".", 1)[-1]
    return str(ACTION_VERBS.get(verb, action))


@register.filter
def field_label(name: str, entry: AuditEntry) -> str:
    """The verbose name of a changed field of the entry's object type, or the raw name."""
    model = entry.content_type.model_class() if entry.content_type is not None else None
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    label = str(getattr(field, "verbose_name", name))
    return label[:1].upper() + label[1:]
