"""The administrators' audit page."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.forms import DateInput
from dieuhanh.core.http import page_number, render_page
from dieuhanh.core.selectors import audit_entries


class AuditFilterForm(forms.Form):
    """Filters of the audit page."""

    actor = forms.CharField(label=_("Người thực hiện"), required=False)
    action = forms.CharField(label=_("Thao tác (tiền tố)"), required=False)
    object_type = forms.ModelChoiceField(
        label=_("Loại đối tượng"), queryset=ContentType.objects.none(), required=False
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    request_id = forms.CharField(label=_("Mã yêu cầu"), required=False)
    on_behalf_only = forms.BooleanField(label=_("Chỉ thao tác theo ủy quyền"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        used = ContentType.objects.filter(app_label__in=["org", "core", "auth"]).order_by(
            "app_label", "model"
        )
        self.fields["object_type"].queryset = used  # type: ignore[attr-defined]


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Filterable, paginated audit log; exists only for administrators."""
    if not request.user.is_superuser:  # type: ignore[union-attr]
        raise Http404
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(
        actor=filters.get("actor", ""),
        action=filters.get("action", ""),
        object_type=filters["object_type"].pk if filters.get("object_type") else None,
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        request_id=filters.get("request_id", ""),
        on_behalf_only=filters.get("on_behalf_only", False),
    )
    page = Paginator(entries, 50).get_page(page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
        fragment="results",
    )
