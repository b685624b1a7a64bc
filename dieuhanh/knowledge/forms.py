"""Forms of the knowledge pages: seminars, contributions, assessment, guidance versions, search,
resolutions.

Each message names the field it is about, so it reads right next to the field and alone.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.forms import DateInput, VersionField
from dieuhanh.knowledge.models import (
    Assessment,
    Contribution,
    GoodPractice,
    GuidanceVersion,
    SearchDocument,
    Seminar,
)
from dieuhanh.org.models import Person, Unit, WorkArea
from dieuhanh.plans.models import Indicator


def _required(label: str) -> dict[str, Any]:
    return {"required": _("%(label)s: không được để trống.") % {"label": label}}


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A person labelled with their staff code."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.staff_code})"


class PeopleChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """People labelled with their staff code."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.staff_code})"


class SeminarForm(forms.Form):
    """A seminar: title, date, chair, organiser, participating units and people, agenda."""

    version = VersionField(required=False)
    title = forms.CharField(
        label=_("Tên tọa đàm"), max_length=300, error_messages=_required("Tên tọa đàm")
    )
    date = forms.DateField(
        label=_("Ngày tổ chức"),
        widget=DateInput(),
        input_formats=["%d/%m/%Y"],
        error_messages={
            **_required("Ngày tổ chức"),
            "invalid": _("Ngày tổ chức: ghi theo dạng ngày/tháng/năm, ví dụ 15/03/2026."),
        },
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    chair = PersonChoice(
        label=_("Chủ trì"),
        queryset=Person.objects.none(),
        error_messages={
            **_required("Chủ trì"),
            "invalid_choice": _("Chủ trì: người này không có trong danh sách."),
        },
    )
    organiser = forms.ModelChoiceField(
        label=_("Đơn vị tổ chức"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Phòng Tổ chức cán bộ (mặc định) —"),
        error_messages={"invalid_choice": _("Đơn vị tổ chức: bạn không có quyền với đơn vị này.")},
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị tham dự"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Cán bộ các đơn vị này (kể cả đơn vị trực thuộc) được gửi ý kiến."),
    )
    participants = PeopleChoice(
        label=_("Người tham dự khác"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    agenda = forms.CharField(
        label=_("Chương trình"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    keynote = forms.CharField(
        label=_("Báo cáo đề dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(
        self,
        *args: Any,
        organisers: QuerySet[Unit],
        units: QuerySet[Unit],
        people: QuerySet[Person],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers  # type: ignore[attr-defined]
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["chair"].queryset = people  # type: ignore[attr-defined]
        self.fields["participants"].queryset = people  # type: ignore[attr-defined]
        if editing:
            del self.fields["organiser"]


class MinutesForm(forms.Form):
    """The minutes and conclusions of a seminar."""

    version = VersionField()
    minutes = forms.CharField(
        label=_("Biên bản, kết luận"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required("Biên bản, kết luận"),
    )


class ContributionForm(forms.Form):
    """A contribution from the user's own unit, to a seminar or to the personnel department."""

    version = VersionField(required=False)
    seminar = forms.ModelChoiceField(
        label=_("Tọa đàm"),
        queryset=Seminar.objects.none(),
        required=False,
        empty_label=_("— Không thuộc tọa đàm nào (gửi Phòng Tổ chức cán bộ) —"),
        error_messages={
            "invalid_choice": _("Tọa đàm: không có hoặc đã ngừng nhận ý kiến."),
        },
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=None,
        help_text=_("Đơn vị bạn đang công tác; mặc định là đơn vị chính."),
        error_messages={"invalid_choice": _("Đơn vị: bạn không công tác tại đơn vị này.")},
    )
    kind = forms.ChoiceField(
        label=_("Loại ý kiến"),
        choices=Contribution.Kind.choices,
        error_messages={
            **_required("Loại ý kiến"),
            "invalid_choice": _("Loại ý kiến: lựa chọn không hợp lệ."),
        },
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=300, error_messages=_required("Tiêu đề"))
    text = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages=_required("Nội dung"),
    )
    work_areas = forms.ModelMultipleChoiceField(
        label=_("Khâu công tác"),
        queryset=WorkArea.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = forms.FileField(
        label=_("Tệp đính kèm"),
        required=False,
        help_text=_("Tối đa 20 MB."),
    )

    def __init__(
        self,
        *args: Any,
        seminars: QuerySet[Seminar],
        units: QuerySet[Unit],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seminar"].queryset = seminars  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if editing:
            del self.fields["seminar"]
            del self.fields["unit"]


class ContributionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} — {obj.unit}"


class AssessmentForm(forms.Form):
    """The decision on a contribution, with its reason."""

    decision = forms.ChoiceField(
        label=_("Kết luận"),
        choices=Assessment.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            **_required("Kết luận"),
            "invalid_choice": _("Kết luận: lựa chọn không hợp lệ."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required("Lý do"),
    )
    practice = forms.ModelChoiceField(
        label=_("Gắn với cách làm hay đã có"),
        queryset=GoodPractice.objects.none(),
        required=False,
        empty_label=_("— Tạo cách làm hay mới —"),
    )
    practice_title = forms.CharField(label=_("Tên cách làm hay"), max_length=300, required=False)
    practice_statement = forms.CharField(
        label=_("Nội dung cách làm hay"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Để trống: dùng nội dung ý kiến."),
    )
    advice = forms.CharField(
        label=_("Hướng dẫn cho đơn vị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answer = forms.CharField(
        label=_("Nội dung giải đáp"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    merged_into = ContributionChoice(
        label=_("Gộp vào ý kiến"), queryset=Contribution.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        practices: QuerySet[GoodPractice],
        others: QuerySet[Contribution],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices  # type: ignore[attr-defined]
        self.fields["merged_into"].queryset = others  # type: ignore[attr-defined]


class CompileForm(forms.Form):
    """Compile the next version of a guidance document."""

    applies_to = forms.CharField(
        label=_("Đối tượng áp dụng"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Để trống: giữ như phiên bản trước."),
    )
    summary = forms.CharField(
        label=_("Điểm mới"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VersionActionForm(forms.Form):
    """A state change of a guidance version (review, in force)."""

    version = VersionField()


class ReturnForm(VersionActionForm):
    note = forms.CharField(
        label=_("Ý kiến để sửa"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Ý kiến để sửa"),
    )


class ApproveForm(VersionActionForm):
    document_number = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, error_messages=_required("Số, ký hiệu")
    )
    effective_from = forms.DateField(
        label=_("Có hiệu lực từ ngày"),
        widget=DateInput(),
        input_formats=["%d/%m/%Y"],
        error_messages={
            **_required("Có hiệu lực từ ngày"),
            "invalid": _("Có hiệu lực từ ngày: ghi theo dạng ngày/tháng/năm."),
        },
    )
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một nơi nhận."),
    )


class SectionForm(forms.Form):
    """A section of a draft."""

    version = VersionField(required=False)
    topic = forms.CharField(label=_("Tên mục"), max_length=300, error_messages=_required("Tên mục"))
    work_area = forms.ModelChoiceField(
        label=_("Khâu công tác"),
        queryset=WorkArea.objects.filter(active=True),
        required=False,
        empty_label=_("— Phần chung —"),
    )
    order = forms.IntegerField(label=_("Thứ tự"), min_value=1, required=False)
    body = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )


class SearchForm(forms.Form):
    """The search box and the kind filter."""

    q = forms.CharField(label=_("Từ khóa"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Tìm trong"),
        required=False,
        choices=[("", _("Tất cả"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            ("", _("Tất cả")),
            *SearchDocument.Kind.choices,
        ]


# ---------------------------------------------------------------- resolutions


class VersionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A guidance version named by its document, number and state."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.document} — phiên bản {obj.number} ({obj.get_status_display().lower()})"


class SeminarChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A seminar named with its date."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.date:%d/%m/%Y})"


class ResolutionForm(forms.Form):
    """A thematic resolution: title, issuer, what it is drafted from, its number."""

    version = VersionField(required=False)
    title = forms.CharField(
        label=_("Tên nghị quyết"), max_length=300, error_messages=_required("Tên nghị quyết")
    )
    issuer = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=Unit.objects.none(),
        empty_label=None,
        error_messages={
            **_required("Cơ quan ban hành"),
            "invalid_choice": _("Cơ quan ban hành: bạn không có quyền chỉ đạo đơn vị này."),
        },
    )
    guidance = VersionChoice(
        label=_("Căn cứ chuyên đề"),
        queryset=GuidanceVersion.objects.none(),
        required=False,
        empty_label=_("— Không căn cứ chuyên đề —"),
        error_messages={"invalid_choice": _("Căn cứ chuyên đề: phiên bản này không dùng được.")},
    )
    seminar = SeminarChoice(
        label=_("Kết luận của tọa đàm"),
        queryset=Seminar.objects.none(),
        required=False,
        empty_label=_("— Không căn cứ tọa đàm —"),
        error_messages={"invalid_choice": _("Tọa đàm: không có hoặc chưa tổ chức.")},
    )
    conclusions = forms.CharField(
        label=_("Nội dung nghị quyết"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Để trống: lấy biên bản, kết luận của tọa đàm đã chọn."),
    )
    document_number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=60,
        required=False,
        help_text=_("Cần có khi thông qua, ví dụ 05/NQ-VKS."),
    )

    def __init__(
        self,
        *args: Any,
        issuers: QuerySet[Unit],
        versions: QuerySet[GuidanceVersion],
        seminars: QuerySet[Seminar],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]
        self.fields["guidance"].queryset = versions  # type: ignore[attr-defined]
        self.fields["seminar"].queryset = seminars  # type: ignore[attr-defined]
        if editing:
            del self.fields["issuer"]


class ActionForm(forms.Form):
    """One action item of a resolution."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Nội dung"), max_length=300, error_messages=_required("Nội dung")
    )
    content = forms.CharField(
        label=_("Cách làm, yêu cầu cụ thể"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Đơn vị chủ trì: bạn không có quyền chỉ đạo đơn vị này.")
        },
    )
    deadline = forms.DateField(
        label=_("Thời hạn"),
        required=False,
        widget=DateInput(),
        input_formats=["%d/%m/%Y"],
        error_messages={"invalid": _("Thời hạn: ghi theo dạng ngày/tháng/năm, ví dụ 30/06/2027.")},
    )
    expected_result = forms.CharField(
        label=_("Kết quả cần đạt"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Chỉ tiêu hướng tới"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        error_messages={"invalid_choice": _("Chỉ tiêu hướng tới: lựa chọn không hợp lệ.")},
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[Unit],
        indicators: QuerySet[Indicator],
        choices: tuple[list[tuple[Any, str]], list[tuple[Any, str]]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["indicators"].queryset = indicators  # type: ignore[attr-defined]
        if choices is not None:
            # Read once for the whole formset: every row offers the same units and indicators
            # (validation still looks the chosen ones up in the querysets above).
            self.fields["owner"].choices, self.fields["indicators"].choices = choices  # type: ignore[attr-defined]


def action_choices(
    owners: QuerySet[Unit], indicators: QuerySet[Indicator]
) -> tuple[list[tuple[Any, str]], list[tuple[Any, str]]]:
    """The choices of an action row, read once (2 queries) for every row of a formset."""
    return (
        [("", "---------"), *((unit.pk, str(unit)) for unit in owners)],
        [(indicator.pk, str(indicator)) for indicator in indicators],
    )


class BaseActionFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The action items of a resolution; a blank extra row is left out."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Bỏ nội dung này")


def action_formset(extra: int) -> type[BaseActionFormSet]:
    formset = forms.formset_factory(
        ActionForm,
        formset=BaseActionFormSet,
        extra=extra,
        can_delete=True,
        max_num=30,
        validate_max=True,
    )
    return cast(type[BaseActionFormSet], formset)


class AdoptForm(forms.Form):
    """Adopt a resolution (the version the user confirmed)."""

    version = VersionField()
