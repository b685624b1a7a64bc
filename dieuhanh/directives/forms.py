"""Forms of the directive and task pages; the services do the checking that needs the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.forms import DateInput, VersionField
from dieuhanh.directives.models import Role, TaskStatus, Timeliness
from dieuhanh.directives.selectors import Basis
from dieuhanh.org.models import Person, Posting, Unit


class ProgressForm(forms.Form):
    version = VersionField()
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Nội dung báo cáo"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("Tệp đính kèm"), required=False)


class CompletionForm(forms.Form):
    version = VersionField()
    note = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("Tệp đính kèm"), required=False)


class DecisionForm(forms.Form):
    """Accept or return a completion report."""

    ACCEPT, RETURN = "accept", "return"

    version = VersionField()
    decision = forms.ChoiceField(
        label=_("Kết quả nghiệm thu"),
        choices=[(ACCEPT, _("Nghiệm thu, công nhận hoàn thành")), (RETURN, _("Trả lại"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do trả lại, ý kiến"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExtensionForm(forms.Form):
    proposed_date = forms.DateField(label=_("Đề nghị gia hạn đến ngày"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Đồng ý gia hạn")), ("0", _("Không đồng ý"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SubtaskForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Giao cho"), queryset=Person.objects.none())
    title = forms.CharField(label=_("Việc cần làm"), max_length=300)
    deadline = forms.DateField(label=_("Thời hạn"), widget=DateInput())
    note = forms.CharField(
        label=_("Yêu cầu cụ thể"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, unit: Unit, on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = Posting.objects.current(on).filter(unit__path__startswith=unit.path)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Person.objects.filter(pk__in=staff.values("person_id")).order_by(
            "full_name"
        )


class TaskFilterForm(forms.Form):
    """Filters of a unit's task list; every field optional."""

    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *TaskStatus.choices]
    )
    role = forms.ChoiceField(
        label=_("Vai trò"), required=False, choices=[("", _("Tất cả")), *Role.choices]
    )
    group = forms.ChoiceField(
        label=_("Tiến độ so với hạn"),
        required=False,
        choices=[("", _("Tất cả")), *Timeliness.choices],
    )
    basis = forms.ChoiceField(
        label=_("Tính theo"),
        required=False,
        choices=[(Basis.CURRENT, _("Thời hạn hiện tại")), (Basis.ORIGINAL, _("Thời hạn ban đầu"))],
    )
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = f"{css} {css}-sm"
