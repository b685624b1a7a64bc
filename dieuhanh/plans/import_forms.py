"""Forms of the import pages: uploading a file of figures, asking for a template.

Every message names the field it is about, so it reads right next to the field and alone.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.periods import Period, parse_period
from dieuhanh.org.models import Unit, UnitQuerySet

EXTENSIONS = (".xlsx", ".csv")
MAX_UPLOAD_BYTES = 100 * 1024 * 1024  # a national year is about 15 MB as XLSX


class UploadForm(forms.Form):
    """A spreadsheet of monthly figures, and the reason when it corrects closed months."""

    file = forms.FileField(
        label=_("Tệp số liệu (.xlsx hoặc .csv)"),
        help_text=_(
            "Dùng tệp mẫu: cột “Mã đơn vị”, “Tháng” (mm/yyyy) và mỗi cột một mã chỉ tiêu "
            "thống kê. Chỉ cần một ô sai là cả tệp không được ghi."
        ),
        error_messages={
            "required": _("Tệp số liệu: cần chọn tệp để tải lên."),
            "empty": _("Tệp số liệu: tệp đã chọn không có nội dung."),
            "invalid": _("Tệp số liệu: không nhận được tệp; hãy chọn lại."),
        },
        widget=forms.FileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    reason = forms.CharField(
        label=_("Lý do đính chính"),
        required=False,
        max_length=300,
        help_text=_("Chỉ cần khi tệp sửa số liệu của tháng đã khóa sổ; được ghi vào lịch sử."),
        error_messages={
            "max_length": _(
                "Lý do đính chính: dài tối đa %(limit_value)d ký tự (đang có %(show_value)d)."
            )
        },
    )

    def clean_file(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["file"]
        name = PurePath(upload.name or "").name
        if PurePath(name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(
                _(
                    "Tệp số liệu: “%(name)s” không phải tệp .xlsx hoặc .csv; hãy lưu bảng tính "
                    "dạng Excel (.xlsx) hoặc CSV (UTF-8)."
                ),
                code="extension",
                params={"name": name},
            )
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp số liệu: tệp lớn hơn %(limit)d MB; hãy chia thành nhiều tệp."),
                code="size",
                params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload


class UnitCodeChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A unit picker by code that shows the tree's depth."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{'— ' * (obj.depth - 1)}{obj.name}"


class TemplateForm(forms.Form):
    """Which unit (with its sub-units) and which period the template covers."""

    unit = UnitCodeChoice(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        empty_label=None,
        help_text=_("Mẫu gồm đơn vị và các đơn vị trực thuộc mà bạn được nhập số liệu."),
        error_messages={
            "required": _("Đơn vị: cần chọn đơn vị."),
            # The same words for a unit that does not exist and one out of reach.
            "invalid_choice": _("Đơn vị: không có đơn vị này trong phạm vi bạn được nhập số liệu."),
        },
    )
    period = forms.ChoiceField(
        label=_("Kỳ"),
        help_text=_("Mỗi tháng của kỳ (đến tháng hiện tại) là một dòng cho mỗi đơn vị."),
        error_messages={
            "required": _("Kỳ: cần chọn kỳ."),
            "invalid_choice": _("Kỳ: “%(value)s” không phải là kỳ được chọn."),
        },
    )

    def __init__(
        self, *args: Any, units: UnitQuerySet, periods: list[Period], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitCodeChoice, self.fields["unit"]).queryset = units
        cast(forms.ChoiceField, self.fields["period"]).choices = [
            (p.slug, p.label) for p in periods
        ]

    def clean_period(self) -> Period:
        return parse_period(self.cleaned_data["period"])
