"""Resolution pages: the list, the draft form with its action items (a formset), a
resolution's page with each action's directive progress and indicator change, and adoption
after a confirmation page that lists what is still missing.

Anything outside the user's scope is 404; visible but not allowed is 403 (`Denied`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dieuhanh.core.errors import Denied, DomainError
from dieuhanh.core.http import add_domain_error, page_number, render_page
from dieuhanh.core.selectors import history_for
from dieuhanh.directives.selectors import ROLL_UP_RULE
from dieuhanh.knowledge import selectors, services
from dieuhanh.knowledge.errors import NotReadyToAdopt
from dieuhanh.knowledge.forms import (
    AdoptForm,
    BaseActionFormSet,
    ResolutionForm,
    action_choices,
    action_formset,
)
from dieuhanh.knowledge.models import Resolution, ResolutionAction
from dieuhanh.org.access import Authority, request_authority
from dieuhanh.org.models import Power
from dieuhanh.plans.models import Indicator

Status = Resolution.Status


def _resolution(authority: Authority, pk: int) -> Resolution:
    resolution = (
        selectors.resolutions(authority)
        .select_related("issuer", "guidance__document", "seminar", "adopted_by")
        .filter(pk=pk)
        .first()
    )
    if resolution is None:
        raise Http404
    return resolution


@login_required
def resolution_list(request: HttpRequest) -> HttpResponse:
    """Resolutions the user may see, newest first."""
    authority = request_authority(request)
    resolutions = (
        selectors.resolutions(authority)
        .select_related("issuer", "adopted_by")
        .annotate(action_count=Count("actions"))
        .order_by("-created_at", "-id")
    )
    page = Paginator(resolutions, 30).get_page(page_number(request))
    return render_page(
        request,
        "knowledge/resolution_list.html",
        {"page": page, "can_create": bool(authority.paths(Power.DIRECT))},
    )


def _forms(
    request: HttpRequest,
    authority: Authority,
    *,
    resolution: Resolution | None = None,
    initial: dict[str, Any] | None = None,
    actions: list[dict[str, Any]] | None = None,
) -> tuple[ResolutionForm, BaseActionFormSet]:
    data = request.POST if request.method == "POST" else None
    units = selectors.drafting_units(authority)
    form = ResolutionForm(
        data,
        issuers=units,
        versions=selectors.basis_versions(authority)
        .select_related("document")
        .order_by("document__title", "-number"),
        seminars=selectors.basis_seminars(authority).order_by("-date", "-id"),
        editing=resolution is not None,
        initial=initial,
    )
    indicators = Indicator.objects.filter(active=True).order_by("rank", "code")
    formset_class = action_formset(extra=1 if actions else 2)
    formset = formset_class(
        data,
        prefix="actions",
        initial=actions,
        form_kwargs={
            "owners": units,
            "indicators": indicators,
            "choices": action_choices(units, indicators),
        },
    )
    return form, formset


def _action_data(formset: BaseActionFormSet) -> list[services.ActionData]:
    """The items typed, in order, without blank extra rows and rows marked to be left out."""
    items = []
    for action_form in formset.forms:
        data = action_form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        items.append(
            services.ActionData(
                id=data.get("id"),
                title=data["title"],
                content=data.get("content", ""),
                owner=data.get("owner"),
                deadline=data.get("deadline"),
                expected_result=data.get("expected_result", ""),
                indicators=list(data.get("indicators") or []),
            )
        )
    return items


def _form_page(
    request: HttpRequest,
    form: ResolutionForm,
    formset: BaseActionFormSet,
    *,
    resolution: Resolution | None,
) -> HttpResponse:
    title = _("Sửa dự thảo nghị quyết") if resolution is not None else _("Dự thảo nghị quyết mới")
    return render_page(
        request,
        "knowledge/resolution_form.html",
        {"form": form, "formset": formset, "resolution": resolution, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def resolution_create(request: HttpRequest) -> HttpResponse:
    authority = request_authority(request)
    if not authority.paths(Power.DIRECT):
        raise Denied(Power.DIRECT)
    initial: dict[str, Any] = {}
    version = selectors.basis_versions(authority).filter(status="in_force").first()
    if version is not None:
        initial["guidance"] = version
    form, formset = _forms(request, authority, initial=initial)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            resolution = services.create_resolution(
                authority=authority,
                issuer=data["issuer"],
                title=data["title"],
                guidance=data["guidance"],
                seminar=data["seminar"],
                conclusions=data["conclusions"],
                document_number=data["document_number"],
                actions=_action_data(formset),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Đã lưu dự thảo nghị quyết “%(title)s”.") % {"title": resolution}
            )
            return redirect("knowledge:resolution", pk=resolution.pk)
    return _form_page(request, form, formset, resolution=None)


def _action_initial(action: ResolutionAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "title": action.title,
        "content": action.content,
        "owner": action.owner,
        "deadline": action.deadline,
        "expected_result": action.expected_result,
        "indicators": list(action.indicators.all()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def resolution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    resolution = _resolution(authority, pk)
    if not authority.can(resolution.issuer, Power.DIRECT):
        raise Denied(Power.DIRECT)
    if resolution.status != Status.DRAFT:
        messages.error(request, _("Nghị quyết đã được thông qua, không sửa được nữa."))
        return redirect("knowledge:resolution", pk=resolution.pk)
    initial = {
        "version": resolution.version,
        "title": resolution.title,
        "guidance": resolution.guidance,
        "seminar": resolution.seminar,
        "conclusions": resolution.conclusions,
        "document_number": resolution.document_number,
    }
    actions = [_action_initial(a) for a in selectors.resolution_actions(resolution)]
    form, formset = _forms(
        request, authority, resolution=resolution, initial=initial, actions=actions
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            services.update_resolution(
                resolution,
                authority=authority,
                expected_version=data["version"] or 0,
                title=data["title"],
                guidance=data["guidance"],
                seminar=data["seminar"],
                conclusions=data["conclusions"],
                document_number=data["document_number"],
                actions=_action_data(formset),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu dự thảo nghị quyết."))
            return redirect("knowledge:resolution", pk=resolution.pk)
    return _form_page(request, form, formset, resolution=resolution)


@login_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    resolution = _resolution(authority, pk)
    page = selectors.resolution_page(resolution, authority, on=authority.on)
    draft = resolution.status == Status.DRAFT
    return render_page(
        request,
        "knowledge/resolution.html",
        {
            "page": page,
            "resolution": resolution,
            "can_edit": draft and authority.can(resolution.issuer, Power.DIRECT),
            "can_adopt": draft and authority.can(resolution.issuer, Power.APPROVE),
            "roll_up_rule": ROLL_UP_RULE,
            "history": history_for(resolution),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def resolution_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what adoption will create and what is still missing; POST: adopt."""
    authority = request_authority(request)
    resolution = _resolution(authority, pk)
    if not authority.can(resolution.issuer, Power.APPROVE) or authority.person is None:
        raise Denied(Power.APPROVE)
    if resolution.status != Status.DRAFT:
        messages.info(request, _("Nghị quyết đã được thông qua."))
        return redirect("knowledge:resolution", pk=resolution.pk)
    form = AdoptForm(request.POST or None, initial={"version": resolution.version})
    refused = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_resolution(
                resolution, authority=authority, expected_version=form.cleaned_data["version"]
            )
        except NotReadyToAdopt:
            refused = _("Chưa thông qua được: nghị quyết còn thiếu những điểm dưới đây.")
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Đã thông qua nghị quyết; các chỉ đạo thực hiện đã được ban hành."),
            )
            return redirect("knowledge:resolution", pk=resolution.pk)
    actions = selectors.resolution_actions(resolution)
    gaps = services.adoption_gaps(resolution, actions, authority=authority, on=authority.on)
    return render_page(
        request,
        "knowledge/resolution_adopt.html",
        {
            "resolution": resolution,
            "actions": actions,
            "gaps": gaps,
            "form": form,
            "refused": refused,
        },
    )
