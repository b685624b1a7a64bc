"""Plans pages for leaders: a unit's yearly programme, its targets and its period closes.

Out of scope is 404 (`unit_in_scope`); in scope without the power to change is 403.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dieuhanh.core.errors import Denied, DomainError
from dieuhanh.core.http import render_page
from dieuhanh.core.periods import Month, working_year_of
from dieuhanh.org.access import Authority, get_in_scope, request_authority, unit_in_scope
from dieuhanh.org.models import Power, Unit
from dieuhanh.plans import selectors, services
from dieuhanh.plans.forms import ArchiveForm, CloseForm, ProgrammeItemForm, TargetForm
from dieuhanh.plans.models import Indicator, ProgrammeItem

CLOSE_MONTHS_OFFERED = 24


def _require(authority: Authority, unit: Unit, power: str) -> None:
    if not authority.can(unit, power):
        raise Denied(power)


def _year(request: HttpRequest) -> int:
    """The working year asked for (`?year=`), this working year by default; 404 if absurd."""
    text = request.GET.get("year", "")
    if not text:
        return working_year_of(timezone.localdate())
    try:
        year = int(text)
    except ValueError as error:
        raise Http404 from error
    if year not in services.PROGRAMME_YEARS:
        raise Http404
    return year


def _show_error(form: forms.Form, error: DomainError) -> None:
    """Put a refusal next to its field, or above the form when the field is hidden or absent
    (a stale version, a target set meanwhile)."""
    field = error.field if error.field in form.fields else None
    if field is not None and form.fields[field].widget.is_hidden:
        field = None
    form.add_error(field, error.message)


def _programme_url(unit: Unit, year: int) -> str:
    return f"{reverse('plans:programme', args=[unit.code])}?year={year}"


# ---------------------------------------------------------------- programme


@login_required
def programme(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's programme for a working year: key tasks and the breakthrough area, each with
    the attainment of the indicators that measure it."""
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    year = _year(request)
    period = selectors.programme_period(year, timezone.localdate())
    items = selectors.programme_items(unit, year)
    lines = [
        (line.item, [(row, selectors.at_risk(row)) for row in line.rows])
        for line in selectors.programme_attainment(unit, items, period)
    ]
    return render_page(
        request,
        "plans/programme.html",
        {
            "unit": unit,
            "year": year,
            "period": period,
            "key_tasks": [line for line in lines if line[0].kind == ProgrammeItem.Kind.KEY_TASK],
            "breakthroughs": [
                line for line in lines if line[0].kind == ProgrammeItem.Kind.BREAKTHROUGH
            ],
            "can_direct": authority.can(unit, Power.DIRECT),
        },
    )


def _item(authority: Authority, unit: Unit, pk: int) -> ProgrammeItem:
    item: ProgrammeItem = get_in_scope(
        ProgrammeItem.objects.current().select_related("unit", "work_area"),
        authority.scope_q(Power.VIEW),
        pk=pk,
        unit=unit,
    )
    return item


@login_required
@require_http_methods(["GET", "POST"])
def programme_item_create(request: HttpRequest, code: str) -> HttpResponse:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    _require(authority, unit, Power.DIRECT)
    year = _year(request)
    kind = request.GET.get("kind", ProgrammeItem.Kind.KEY_TASK)
    form = ProgrammeItemForm(request.POST or None, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            item = services.create_programme_item(
                unit, year=year, authority=authority, **_programme_data(data)
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("Đã thêm “%(title)s”.") % {"title": item.title})
            return redirect(_programme_url(unit, year))
    return render_page(
        request,
        "plans/programme_item_form.html",
        {
            "form": form,
            "unit": unit,
            "year": year,
            "title": _("Thêm nội dung chương trình công tác năm %(year)s") % {"year": year},
        },
    )


def _programme_data(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "title": data["title"],
        "description": data["description"],
        "work_area": data["work_area"],
        "indicators": list(data["indicators"]),
        "rank": data["rank"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def programme_item_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    item = _item(authority, unit, pk)
    _require(authority, unit, Power.DIRECT)
    initial = {
        "version": item.version,
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "work_area": item.work_area,
        "indicators": list(item.indicators.all()),
        "rank": item.rank,
    }
    form = ProgrammeItemForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = _programme_data(form.cleaned_data)
        data["rank"] = data["rank"] or item.rank
        try:
            services.update_programme_item(
                item, expected_version=form.cleaned_data["version"], authority=authority, **data
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("Đã lưu “%(title)s”.") % {"title": item.title})
            return redirect(_programme_url(unit, item.year))
    return render_page(
        request,
        "plans/programme_item_form.html",
        {
            "form": form,
            "unit": unit,
            "year": item.year,
            "item": item,
            "archive_form": ArchiveForm(initial={"version": item.version}),
            "title": _("Sửa nội dung chương trình công tác năm %(year)s") % {"year": item.year},
        },
    )


@login_required
@require_POST
def programme_item_archive(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    item = _item(authority, unit, pk)
    _require(authority, unit, Power.DIRECT)
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ; hãy tải lại trang."))
        return redirect(_programme_url(unit, item.year))
    try:
        services.archive_programme_item(
            item,
            expected_version=form.cleaned_data["version"],
            authority=authority,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã lưu trữ “%(title)s”.") % {"title": item.title})
    return redirect(_programme_url(unit, item.year))


# ---------------------------------------------------------------- targets


@login_required
def targets(request: HttpRequest, code: str) -> HttpResponse:
    """Per indicator: sector default, province and unit overrides, the target in force and
    where it comes from, and the history of changes."""
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    year = _year(request)
    items = list(selectors.indicators())
    root = Unit.objects.filter(path=unit.path[: Unit.steplen]).first() if unit.depth > 1 else None
    return render_page(
        request,
        "plans/targets.html",
        {
            "unit": unit,
            "root": root,
            "year": year,
            "lines": selectors.target_sheet(unit, year, items),
            "can_direct": authority.can(unit, Power.DIRECT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_set(request: HttpRequest, code: str, indicator_code: str) -> HttpResponse:
    """Set the unit's own target for one indicator: stricter only, unless the Chief above
    allows a looser one."""
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    _require(authority, unit, Power.DIRECT)
    indicator: Indicator | None = selectors.indicators().filter(code=indicator_code).first()
    if indicator is None:
        raise Http404
    year = _year(request)
    line = selectors.target_sheet(unit, year, [indicator])[0]
    may_loosen = services.may_allow_looser(authority, unit)
    form = TargetForm(
        request.POST or None,
        initial={"based_on": line.own.pk if line.own else None},
        indicator=indicator,
        may_loosen=may_loosen,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_target(
                indicator,
                year=year,
                unit=unit,
                value=data["value"],
                based_on=data["based_on"],
                decision=data["decision"],
                looser_allowed=bool(data.get("looser_allowed")),
                authority=authority,
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(
                request,
                _("Đã đặt mức chỉ tiêu “%(indicator)s” năm %(year)s cho %(unit)s.")
                % {"indicator": indicator.name, "year": year, "unit": unit.name},
            )
            return redirect(f"{reverse('plans:targets', args=[unit.code])}?year={year}")
    return render_page(
        request,
        "plans/target_form.html",
        {
            "form": form,
            "unit": unit,
            "year": year,
            "indicator": indicator,
            "line": line,
            "may_loosen": may_loosen,
        },
    )


# ---------------------------------------------------------------- period close


def _signer(authority: Authority) -> str:
    if authority.person is None:
        return ""
    if authority.postings:
        return f"{authority.person.full_name} — {authority.postings[0].position.name}"
    return authority.person.full_name


@login_required
@require_http_methods(["GET", "POST"])
def closes(request: HttpRequest, code: str) -> HttpResponse:
    """Closed months of the unit's subtree with their sign-off, later corrections, and a form
    to close a finished month."""
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    can_close = authority.can(unit, Power.APPROVE)
    if request.method == "POST":
        _require(authority, unit, Power.APPROVE)
    closed = selectors.period_closes(unit)
    locked = {c.month for c in closed if unit.path.startswith(c.unit.path)}
    last = Month.of(timezone.localdate()).shift(-1)
    months = [
        month
        for month in (last.shift(-back) for back in range(CLOSE_MONTHS_OFFERED))
        if month.key not in locked
    ]
    form = CloseForm(request.POST or None, months=months, initial={"signed_by": _signer(authority)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            close = services.close_period(
                unit,
                month=data["month"],
                signed_by=data["signed_by"],
                note=data["note"],
                authority=authority,
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(
                request,
                _("Đã khóa sổ tháng %(month)s của %(unit)s.")
                % {"month": data["month"], "unit": close.unit.name},
            )
            return redirect("plans:closes", code=unit.code)
    return render_page(
        request,
        "plans/closes.html",
        {
            "unit": unit,
            "closes": closed,
            "corrections": selectors.corrections(unit, limit=50),
            "form": form if can_close else None,
        },
    )
