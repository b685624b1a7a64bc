"""Forms of the plans pages: the yearly programme, targets and period close.

Every message names the field it is about, so it reads right next to the field and alone.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.forms import VersionField
from dieuhanh.core.periods import Month
from dieuhanh.org.models import WorkArea
from dieuhanh.plans.models import Indicator, ProgrammeItem


def style_widgets(form: forms.Form) -> None:
    """Bootstrap classes on the widgets (the shared field template does not add them yet)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        elif widget.is_hidden:
            continue
        else:
            css = "form-control"
        if not isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs["class"] = css


class IndicatorChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Active indicators as checkboxes, labelled with their code."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


class ProgrammeItemForm(forms.Form):
    """A key task or the breakthrough area of a unit's year, with the indicators measuring it."""

    version = VersionField(required=False)
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=ProgrammeItem.Kind.choices,
        error_messages={
            "required": _("Loại: cần chọn nhiệm vụ trọng tâm hay khâu công tác đột phá."),
            "invalid_choice": _("Loại: “%(value)s” không phải là lựa chọn hợp lệ."),
        },
    )
    title = forms.CharField(
        label=_("Nội dung"),
        max_length=300,
        error_messages={
            "required": _("Nội dung: cần ghi nội dung của nhiệm vụ."),
            "max_length": _("Nội dung: dài tối đa %(limit_value)d ký tự (đang có %(show_value)d)."),
        },
    )
    work_area = forms.ModelChoiceField(
        label=_("Khâu công tác"),
        queryset=WorkArea.objects.filter(active=True),
        required=False,
        empty_label=_("— Không gắn khâu công tác —"),
        error_messages={"invalid_choice": _("Khâu công tác: lựa chọn không có hoặc đã ngừng.")},
    )
    description = forms.CharField(
        label=_("Mô tả, yêu cầu cụ thể"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    indicators = IndicatorChoices(
        label=_("Chỉ tiêu đo lường"),
        queryset=Indicator.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ các chỉ tiêu đang dùng."),
        error_messages={
            "invalid_choice": _(
                "Chỉ tiêu đo lường: lựa chọn %(value)s không có hoặc đã ngừng sử dụng."
            ),
            "invalid_pk_value": _("Chỉ tiêu đo lường: “%(pk)s” không hợp lệ."),
        },
    )
    rank = forms.IntegerField(
        label=_("Thứ tự"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Để trống: xếp cuối."),
        error_messages={
            "invalid": _("Thứ tự: phải là số nguyên."),
            "min_value": _("Thứ tự: phải từ %(limit_value)s trở lên."),
            "max_value": _("Thứ tự: tối đa %(limit_value)s."),
        },
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = editing
        style_widgets(self)


class ArchiveForm(forms.Form):
    """Take a programme item out of the programme (it stays in the history)."""

    version = VersionField()
    reason = forms.CharField(label=_("Lý do"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


def parse_decimal(text: str) -> Decimal:
    """A number typed the Vietnamese way ("92,5", "1.234") or the plain way ("92.5")."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") >= 1 and all(len(part) == 3 for part in cleaned.split(".")[1:]):
        cleaned = cleaned.replace(".", "")
    return Decimal(cleaned)


class TargetForm(forms.Form):
    """A unit's own target for one indicator and year."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
    value = forms.CharField(
        label=_("Mức chỉ tiêu"),
        max_length=20,
        help_text=_("Tỷ lệ tính bằng %; viết 92,5 hoặc 92.5."),
        error_messages={"required": _("Mức chỉ tiêu: cần ghi một số.")},
    )
    decision = forms.CharField(
        label=_("Căn cứ, lý do"),
        max_length=200,
        help_text=_("Số, ngày quyết định hoặc lý do đặt mức này."),
        error_messages={
            "required": _("Căn cứ, lý do: cần ghi số quyết định hoặc lý do."),
            "max_length": _("Căn cứ, lý do: dài tối đa %(limit_value)d ký tự."),
        },
    )
    looser_allowed = forms.BooleanField(
        label=_("Viện trưởng cấp trên cho phép mức lỏng hơn mức đang áp dụng"),
        required=False,
    )

    def __init__(self, *args: Any, indicator: Indicator, may_loosen: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if not may_loosen:
            del self.fields["looser_allowed"]
        style_widgets(self)

    def clean_value(self) -> Decimal:
        text = self.cleaned_data["value"]
        try:
            value = parse_decimal(text)
        except InvalidOperation as error:
            raise forms.ValidationError(
                _("Mức chỉ tiêu: “%(text)s” không phải là số."), params={"text": text}
            ) from error
        if value < 0:
            raise forms.ValidationError(_("Mức chỉ tiêu: không được âm."))
        if self.indicator.kind == Indicator.Kind.RATIO and value > 100:
            raise forms.ValidationError(_("Mức chỉ tiêu: tỷ lệ không quá 100%."))
        return value


class CloseForm(forms.Form):
    """Close a finished month for the unit's subtree, signed off by name."""

    month = forms.ChoiceField(
        label=_("Tháng khóa sổ"),
        error_messages={
            "required": _("Tháng khóa sổ: cần chọn tháng."),
            "invalid_choice": _("Tháng khóa sổ: “%(value)s” chưa kết thúc hoặc đã khóa."),
        },
    )
    signed_by = forms.CharField(
        label=_("Người ký xác nhận"),
        max_length=200,
        help_text=_("Họ tên, chức vụ người chịu trách nhiệm về số liệu."),
        error_messages={"required": _("Người ký xác nhận: cần ghi họ tên.")},
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args: Any, months: list[Month], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [  # type: ignore[attr-defined]
            (f"{m.year}-{m.month:02d}", str(m)) for m in months
        ]
        style_widgets(self)

    def clean_month(self) -> Month:
        year, month = self.cleaned_data["month"].split("-")
        return Month(int(year), int(month))
