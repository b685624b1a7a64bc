"""Forms of the directive and task pages; the services do the checking that needs the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.forms import DateInput, VersionField
from dieuhanh.directives.models import Directive, Role, TaskStatus, Timeliness
from dieuhanh.directives.selectors import Basis
from dieuhanh.org.models import Person, Posting, Unit


class TaskPageForm(forms.Form):
    """A form of the task page, which shows several at once: each gets its own element ids, so
    that a label (e.g. "Yêu cầu cụ thể" of the sub-task form) names its own field, not the
    first form's field of the same name."""

    id_prefix = "task"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class ProgressForm(TaskPageForm):
    id_prefix = "progress"
    version = VersionField()
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Nội dung báo cáo"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("Tệp đính kèm"), required=False)


class CompletionForm(TaskPageForm):
    id_prefix = "completion"
    version = VersionField()
    note = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("Tệp đính kèm"), required=False)


class DecisionForm(TaskPageForm):
    """Accept or return a completion report."""

    id_prefix = "decision"
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


class ExtensionForm(TaskPageForm):
    id_prefix = "extension"
    proposed_date = forms.DateField(label=_("Đề nghị gia hạn đến ngày"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(TaskPageForm):
    id_prefix = "extension_decision"
    approve = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Đồng ý gia hạn")), ("0", _("Không đồng ý"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SubtaskForm(TaskPageForm):
    id_prefix = "subtask"
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


class DirectiveForm(forms.Form):
    """The issue form: a draft is saved as typed; "5 rõ" is checked live and again at issue."""

    issuing_unit = forms.ModelChoiceField(label=_("Đơn vị ban hành"), queryset=Unit.objects.none())
    source_kind = forms.ChoiceField(label=_("Nguồn"), choices=Directive.SourceKind.choices)
    source_number = forms.CharField(label=_("Số văn bản"), required=False, max_length=30)
    source_symbol = forms.CharField(label=_("Ký hiệu"), required=False, max_length=60)
    source_date = forms.DateField(
        label=_("Ngày văn bản, ngày họp"), required=False, widget=DateInput()
    )
    source_title = forms.CharField(
        label=_("Trích yếu, tên cuộc họp"), required=False, max_length=300
    )
    title = forms.CharField(label=_("Tên nhiệm vụ"), required=False, max_length=300)
    content = forms.CharField(
        label=_("Nội dung công việc"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_result = forms.CharField(
        label=_("Kết quả, sản phẩm phải đạt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lead_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị chủ trì"), required=False, queryset=Unit.objects.none()
    )
    support_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), required=False, queryset=Unit.objects.none()
    )
    informed_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị để biết"), required=False, queryset=Unit.objects.none()
    )
    accountable = forms.ModelChoiceField(
        label=_("Lãnh đạo chịu trách nhiệm"), required=False, queryset=Person.objects.none()
    )
    deadline_kind = forms.ChoiceField(
        label=_("Cách tính thời hạn"), choices=Directive.DeadlineKind.choices
    )
    deadline = forms.DateField(label=_("Thời hạn"), required=False, widget=DateInput())
    deadline_days = forms.IntegerField(
        label=_("Số ngày"), required=False, min_value=1, max_value=3660
    )
    priority = forms.ChoiceField(label=_("Mức độ"), choices=Directive.Priority.choices)
    restricted = forms.BooleanField(label=_("Chỉ các đơn vị được giao xem"), required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        issuing_units: QuerySet[Unit],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead_units", "support_units", "informed_units"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
            field.queryset = units
            field.widget.attrs["size"] = 6
        issuing = self.fields["issuing_unit"]
        assert isinstance(issuing, forms.ModelChoiceField)  # noqa: S101
        issuing.queryset = issuing_units
        accountable = self.fields["accountable"]
        assert isinstance(accountable, forms.ModelChoiceField)  # noqa: S101
        accountable.queryset = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: set[int] = set()
        for name in ("lead_units", "support_units", "informed_units"):
            for unit in data.get(name) or []:
                if unit.pk in seen:
                    self.add_error(name, _("Mỗi đơn vị chỉ chọn một vai trò: %s") % unit)
                seen.add(unit.pk)
        return data

    def addressees(self) -> list[tuple[Unit, str]]:
        data = self.cleaned_data
        return [
            *((unit, Role.LEAD) for unit in data.get("lead_units") or []),
            *((unit, Role.SUPPORT) for unit in data.get("support_units") or []),
            *((unit, Role.INFORMED) for unit in data.get("informed_units") or []),
        ]

    def draft_values(self) -> dict[str, Any]:
        """The fields a `DirectiveData` takes, without the addressees."""
        data = dict(self.cleaned_data)
        for name in ("lead_units", "support_units", "informed_units"):
            data.pop(name, None)
        data["programme_item"] = None
        return data


class ReminderSettingsForm(forms.Form):
    """A unit's reminder settings; the service checks the ranges and the escalation order."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    days_before = forms.IntegerField(
        label=_("Nhắc trước hạn (ngày)"),
        min_value=0,
        max_value=60,
        help_text=_("0: không nhắc trước."),
    )
    on_the_day = forms.BooleanField(label=_("Nhắc vào ngày đến hạn"), required=False)
    repeat_every = forms.IntegerField(
        label=_("Quá hạn: nhắc lại mỗi (ngày)"),
        min_value=0,
        max_value=60,
        help_text=_("Nhắc ngay hôm sau ngày hết hạn, rồi cứ bấy nhiêu ngày; 0: chỉ nhắc một lần."),
    )
    escalate_head_after = forms.IntegerField(
        label=_("Báo lãnh đạo đơn vị khi quá hạn (ngày)"), min_value=1, max_value=365
    )
    escalate_issuer_after = forms.IntegerField(
        label=_("Báo người giao, người chỉ đạo khi quá hạn (ngày)"), min_value=1, max_value=365
    )
    email = forms.BooleanField(label=_("Gửi cả thư điện tử"), required=False)


class TimelinessFilterForm(forms.Form):
    """The period and the deadline the timeliness page counts against."""

    period = forms.ChoiceField(label=_("Kỳ"), required=False)
    basis = forms.ChoiceField(
        label=_("Tính theo"),
        required=False,
        choices=[(Basis.CURRENT, _("Thời hạn hiện tại")), (Basis.ORIGINAL, _("Thời hạn ban đầu"))],
    )

    def __init__(self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = periods
        for bound in self.fields.values():
            bound.widget.attrs["class"] = "form-select form-select-sm"
