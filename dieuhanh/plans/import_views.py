"""Import pages: the list of imports, the upload form, a batch's progress and result, and the
template to fill in.

Who sees which batch is decided in `import_selectors.batch_scope`; a batch out of scope is 404.
Uploading and downloading a template need Power.REPORT on some unit (403 otherwise); the
importer itself then accepts only rows of units in the uploader's REPORT scope.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dieuhanh.core.errors import Denied, DomainError
from dieuhanh.core.http import add_domain_error, page_number, render_page
from dieuhanh.core.periods import Month, Period, month_period
from dieuhanh.org.access import Authority, get_in_scope, request_authority
from dieuhanh.org.models import Power, Unit
from dieuhanh.plans import import_selectors
from dieuhanh.plans.import_forms import TemplateForm, UploadForm
from dieuhanh.plans.imports import start_import, template_workbook
from dieuhanh.plans.models import Figure, ImportBatch, StatItem
from dieuhanh.plans.views import default_period, period_choices

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_report(authority: Authority) -> None:
    """Importing is for those who report figures for some unit."""
    if not authority.paths(Power.REPORT):
        raise Denied(Power.REPORT)


@login_required
@require_GET
def imports(request: HttpRequest) -> HttpResponse:
    """The imports the user may see, newest first."""
    authority = request_authority(request)
    paginator = Paginator(import_selectors.import_batches(authority), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    return render_page(
        request,
        "plans/imports.html",
        {"page": page, "can_import": bool(authority.paths(Power.REPORT)), "query": ""},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    """Upload a file of figures; it is checked and saved in the background."""
    authority = request_authority(request)
    _require_report(authority)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_valid():
        try:
            batch = start_import(
                form.cleaned_data["file"], authority=authority, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Đã nhận tệp “%(name)s”; số liệu được kiểm tra trước khi ghi.")
                % {"name": batch.file_name},
            )
            return redirect("plans:import_batch", pk=batch.pk)
    return render_page(request, "plans/import_new.html", {"form": form})


@login_required
@require_GET
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch: progress while it runs (htmx polls the `status` fragment), then its result."""
    authority = request_authority(request)
    batch: ImportBatch = get_in_scope(
        ImportBatch.objects.select_related("uploaded_by__person"),
        import_selectors.batch_scope(authority),
        pk=pk,
    )
    finished = batch.status in import_selectors.FINISHED
    reach = (
        import_selectors.batch_reach(batch, authority)
        if batch.status == ImportBatch.Status.DONE
        else None
    )
    return render_page(
        request,
        "plans/import_batch.html",
        {"batch": batch, "finished": finished, "reach": reach},
        fragment="status",
    )


def _template_periods() -> tuple[list[Period], Period]:
    """The periods offered for a template, and the one preselected (the last ended month)."""
    last = Month.of(timezone.localdate()).shift(-1)
    return period_choices(default_period()), month_period(last.year, last.month)


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """Choose a unit and a period; the answer is an XLSX to fill in, with known values."""
    authority = request_authority(request)
    _require_report(authority)
    today = timezone.localdate()
    periods, preselected = _template_periods()
    units = authority.units(Power.REPORT).active_on(today)
    bound = "unit" in request.GET or "period" in request.GET
    form = TemplateForm(
        request.GET if bound else None,
        units=units,
        periods=periods,
        initial={"period": preselected.slug},
    )
    if bound and form.is_valid():
        unit: Unit = form.cleaned_data["unit"]
        period: Period = form.cleaned_data["period"]
        months = [m for m in period.months() if m <= Month.of(today)]
        rows = list(
            authority.units(Power.REPORT)
            .filter(path__startswith=unit.path)
            .filter(Q(active_from__isnull=True) | Q(active_from__lte=period.end))
            .filter(Q(active_to__isnull=True) | Q(active_to__gte=period.start))
        )
        items = list(StatItem.objects.filter(active=True))
        known = {
            (unit_id, item_id, month): value
            for unit_id, item_id, month, value in Figure.objects.filter(
                unit__in=rows, item__in=items, month__in=[m.key for m in months]
            ).values_list("unit_id", "item_id", "month", "value")
        }
        content = template_workbook(rows, months, items, values=known)
        name = f"mau-so-lieu-{unit.code}-{period.slug}.xlsx"
        return HttpResponse(
            content,
            content_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return render_page(request, "plans/import_template.html", {"form": form})
