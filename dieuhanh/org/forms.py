"""Forms of the organisation pages; querysets are limited to what the user may act on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.forms import DateInput, VersionField
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Person, Position, Power, Unit, UnitLevel, WorkArea


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A unit picker that shows the tree's depth."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{'— ' * (obj.depth - 1)}{obj.name}"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{'— ' * (obj.depth - 1)}{obj.name}"


class UnitForm(forms.Form):
    """Create a unit under a parent."""

    code = forms.SlugField(
        label=_("Mã đơn vị"), max_length=40, help_text=_("Chữ không dấu, số, gạch ngang.")
    )
    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)
    level = forms.ModelChoiceField(label=_("Cấp"), queryset=UnitLevel.objects.filter(active=True))
    active_from = forms.DateField(label=_("Hoạt động từ"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UnitEditForm(forms.Form):
    """Edit a unit; a changed name is kept in its history."""

    version = VersionField()
    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)
    level = forms.ModelChoiceField(label=_("Cấp"), queryset=UnitLevel.objects.filter(active=True))
    active_from = forms.DateField(label=_("Hoạt động từ"), required=False, widget=DateInput())
    active_to = forms.DateField(label=_("Hoạt động đến"), required=False, widget=DateInput())
    renamed_on = forms.DateField(
        label=_("Đổi tên từ ngày"),
        required=False,
        widget=DateInput(),
        help_text=_("Chỉ khi đổi tên; mặc định là hôm nay. Tên cũ được lưu trong lịch sử."),
    )
    rename_decision = forms.CharField(label=_("Quyết định đổi tên"), max_length=120, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("active_from"), data.get("active_to")
        if start and end and end < start:
            self.add_error("active_to", _("Ngày ngừng hoạt động không được trước ngày bắt đầu."))
        return data


class MoveUnitForm(forms.Form):
    """Move a unit under another parent."""

    version = VersionField()
    new_parent = UnitChoiceField(label=_("Đơn vị cấp trên mới"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, authority: Authority, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = authority.units(Power.MANAGE_UNITS).exclude(pk=unit.pk)  # type: ignore[attr-defined]


class MergeUnitsForm(forms.Form):
    """Merge two or more units into a new one."""

    predecessors = UnitMultipleChoiceField(
        label=_("Các đơn vị hợp nhất"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    code = forms.SlugField(label=_("Mã đơn vị mới"), max_length=40)
    name = forms.CharField(label=_("Tên đơn vị mới"), max_length=200)
    level = forms.ModelChoiceField(label=_("Cấp"), queryset=UnitLevel.objects.filter(active=True))
    on = forms.DateField(label=_("Hợp nhất từ ngày"), widget=DateInput())
    decision = forms.CharField(label=_("Quyết định"), max_length=120, required=False)
    transfer_staff = forms.BooleanField(
        label=_("Chuyển cán bộ sang đơn vị mới (trừ chức vụ cấp trưởng)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, parent: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["predecessors"].queryset = Unit.objects.get_children(parent)  # type: ignore[attr-defined]

    def clean_predecessors(self) -> Any:
        chosen = self.cleaned_data["predecessors"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("Cần chọn ít nhất hai đơn vị để hợp nhất."))
        return chosen


class PersonForm(forms.Form):
    """Register a new member of staff with their first posting."""

    staff_code = forms.SlugField(label=_("Mã cán bộ"), max_length=30)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    gender = forms.ChoiceField(
        label=_("Giới tính"), choices=[("", "—"), *Person.Gender.choices], required=False
    )
    birth_date = forms.DateField(label=_("Ngày sinh"), required=False, widget=DateInput())
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    position = forms.ModelChoiceField(
        label=_("Chức vụ, ngạch"), queryset=Position.objects.filter(active=True)
    )
    start = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    decision = forms.CharField(label=_("Quyết định"), max_length=120, required=False)


class PersonEditForm(forms.Form):
    """Edit a person's details."""

    version = VersionField()
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    gender = forms.ChoiceField(
        label=_("Giới tính"), choices=[("", "—"), *Person.Gender.choices], required=False
    )
    birth_date = forms.DateField(label=_("Ngày sinh"), required=False, widget=DateInput())
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)


class PostingForm(forms.Form):
    """Post a person to a position in a unit."""

    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    position = forms.ModelChoiceField(
        label=_("Chức vụ, ngạch"), queryset=Position.objects.filter(active=True)
    )
    start = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    concurrent = forms.BooleanField(label=_("Kiêm nhiệm"), required=False)
    decision = forms.CharField(label=_("Quyết định"), max_length=120, required=False)

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = authority.units(Power.MANAGE_STAFF).active_on(authority.on)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data


class EndPostingForm(forms.Form):
    """End a posting."""

    version = VersionField()
    end = forms.DateField(label=_("Kết thúc ngày"), widget=DateInput())
    decision = forms.CharField(label=_("Quyết định"), max_length=120, required=False)


class PortfolioForm(forms.Form):
    """Assign a deputy their units and work areas."""

    deputy = forms.ModelChoiceField(label=_("Cấp phó"), queryset=Person.objects.none())
    units = UnitMultipleChoiceField(
        label=_("Đơn vị phụ trách"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    work_areas = forms.ModelMultipleChoiceField(
        label=_("Khâu công tác phụ trách"),
        queryset=WorkArea.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    decision = forms.CharField(label=_("Quyết định phân công"), max_length=120, required=False)

    def __init__(self, *args: Any, unit: Unit, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]
        self.fields["units"].queryset = Unit.objects.get_descendants(unit)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("units") and not data.get("work_areas"):
            self.add_error("units", _("Cần chọn ít nhất một đơn vị hoặc một khâu công tác."))
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data


class DelegationForm(forms.Form):
    """Register a written delegation."""

    grantor = forms.ModelChoiceField(label=_("Người ủy quyền"), queryset=Person.objects.none())
    grantee = forms.ModelChoiceField(label=_("Người được ủy quyền"), queryset=Person.objects.none())
    powers = forms.MultipleChoiceField(
        label=_("Quyền được ủy quyền"),
        choices=[(p.value, p.label) for p in Power if p != Power.DELEGATE],
        widget=forms.CheckboxSelectMultiple,
    )
    units = UnitMultipleChoiceField(label=_("Đơn vị áp dụng"), queryset=Unit.objects.none())
    start = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), widget=DateInput())
    instrument_number = forms.CharField(label=_("Số văn bản ủy quyền"), max_length=60)
    instrument_date = forms.DateField(label=_("Ngày văn bản"), widget=DateInput())
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, grantors: Any, grantees: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grantor"].queryset = grantors  # type: ignore[attr-defined]
        self.fields["grantee"].queryset = grantees  # type: ignore[attr-defined]
        self.fields["units"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("grantor") and data.get("grantor") == data.get("grantee"):
            self.add_error("grantee", _("Không thể ủy quyền cho chính mình."))
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data


class RevokeDelegationForm(forms.Form):
    """Revoke a delegation."""

    version = VersionField()
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=300)
