"""Seminar and contribution pages: thin views over the scoped selectors and the services.

Anything outside the user's scope is 404; visible but not allowed is 403 (`Denied`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dieuhanh.core.errors import Denied, DomainError
from dieuhanh.core.http import add_domain_error, page_number, render_page
from dieuhanh.core.selectors import history_for
from dieuhanh.knowledge import selectors, services
from dieuhanh.knowledge.forms import AssessmentForm, ContributionForm, MinutesForm, SeminarForm
from dieuhanh.knowledge.models import Assessment, Contribution, Seminar
from dieuhanh.knowledge.services._common import guidance_for
from dieuhanh.knowledge.services.contributions import assessor_actor
from dieuhanh.org.access import Authority, request_authority
from dieuhanh.org.models import Power, Unit


def _seminar(authority: Authority, pk: int) -> Seminar:
    seminar = (
        selectors.seminars(authority)
        .select_related("organiser", "chair")
        .prefetch_related("units", "participants")
        .filter(pk=pk)
        .first()
    )
    if seminar is None:
        raise Http404
    return seminar


def _contribution(authority: Authority, pk: int) -> Contribution:
    contribution = (
        selectors.contributions(authority)
        .select_related(
            "author", "unit", "addressed_to", "seminar", "assessment__by", "assessment__merged_into"
        )
        .prefetch_related("work_areas", "attachments", "practices")
        .filter(pk=pk)
        .first()
    )
    if contribution is None:
        raise Http404
    return contribution


@login_required
def seminar_list(request: HttpRequest) -> HttpResponse:
    """Seminars the user may see, newest first."""
    authority = request_authority(request)
    seminars = selectors.seminars(authority).select_related("organiser", "chair")
    page = Paginator(seminars.order_by("-date", "-id"), 30).get_page(page_number(request))
    return render_page(
        request,
        "knowledge/seminar_list.html",
        {
            "page": page,
            "can_create": bool(authority.paths(Power.DIRECT)),
            "can_contribute": bool(authority.postings),
        },
    )


def _seminar_form(request: HttpRequest, authority: Authority, **kwargs: Any) -> SeminarForm:
    return SeminarForm(
        request.POST or None,
        organisers=authority.units(Power.DIRECT).order_by("path"),
        units=selectors.seminar_units(authority).order_by("path"),
        people=selectors.seminar_people(authority).order_by("full_name"),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def seminar_create(request: HttpRequest) -> HttpResponse:
    authority = request_authority(request)
    if not authority.paths(Power.DIRECT):
        raise Denied(Power.DIRECT)
    default = None
    if authority.postings:
        document = guidance_for(authority.postings[0].unit)
        default = document.keeper if document is not None else None
    form = _seminar_form(
        request,
        authority,
        initial={"organiser": default, "chair": authority.person},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seminar = services.create_seminar(
                authority=authority,
                title=data["title"],
                date=data["date"],
                chair=data["chair"],
                organiser=data["organiser"],
                units=list(data["units"]),
                participants=list(data["participants"]),
                place=data["place"],
                agenda=data["agenda"],
                keynote=data["keynote"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã tạo tọa đàm “%(title)s”.") % {"title": seminar})
            return redirect("knowledge:seminar", pk=seminar.pk)
    return render_page(
        request, "knowledge/seminar_form.html", {"form": form, "title": _("Tọa đàm mới")}
    )


def _seminar_page(
    request: HttpRequest, seminar: Seminar, *, minutes_form: MinutesForm | None = None
) -> HttpResponse:
    authority = request_authority(request)
    contributions = (
        selectors.contributions(authority)
        .filter(seminar=seminar)
        .select_related("author", "unit", "assessment")
        .order_by("submitted_at", "id")
    )
    is_chair = authority.person is not None and authority.person.pk == seminar.chair_id
    can_organise = authority.can(seminar.organiser, Power.DIRECT)
    open_status = seminar.status in (Seminar.Status.PLANNED, Seminar.Status.HELD)
    return render_page(
        request,
        "knowledge/seminar.html",
        {
            "seminar": seminar,
            "contributions": contributions,
            "can_minutes": (is_chair or can_organise) and open_status,
            "can_close": can_organise and seminar.status == Seminar.Status.HELD,
            "can_contribute": open_status and bool(authority.postings),
            "minutes_form": minutes_form
            or MinutesForm(initial={"version": seminar.version, "minutes": seminar.minutes}),
            "history": history_for(seminar),
        },
        status=200,
    )


@login_required
def seminar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _seminar_page(request, _seminar(request_authority(request), pk))


@login_required
@require_POST
def seminar_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    seminar = _seminar(authority, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.record_minutes(
                seminar,
                authority=authority,
                expected_version=form.cleaned_data["version"],
                minutes=form.cleaned_data["minutes"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã ghi biên bản tọa đàm."))
            return redirect("knowledge:seminar", pk=seminar.pk)
    return _seminar_page(request, seminar, minutes_form=form)


@login_required
@require_POST
def seminar_close(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    seminar = _seminar(authority, pk)
    try:
        services.close_seminar(
            seminar, authority=authority, expected_version=int(request.POST.get("version", 0))
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Tọa đàm đã kết thúc."))
    return redirect("knowledge:seminar", pk=seminar.pk)


# ---------------------------------------------------------------- contributions


@login_required
@require_http_methods(["GET", "POST"])
def contribution_create(request: HttpRequest) -> HttpResponse:
    """A member of staff contributes for their own unit."""
    authority = request_authority(request)
    if not authority.postings:
        raise Denied(Power.REPORT)
    own_units = Unit.objects.filter(pk__in=[p.unit_id for p in authority.postings])
    open_seminars = selectors.seminars(authority).open_for_contributions().order_by("-date")
    initial: dict[str, Any] = {"unit": authority.postings[0].unit}
    if request.GET.get("seminar", "").isdigit():
        initial["seminar"] = open_seminars.filter(pk=int(request.GET["seminar"])).first()
    form = ContributionForm(
        request.POST or None,
        request.FILES or None,
        seminars=open_seminars,
        units=own_units,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = request.FILES.get("attachments")
        try:
            contribution = services.submit_contribution(
                authority=authority,
                title=data["title"],
                text=data["text"],
                kind=data["kind"],
                work_areas=list(data["work_areas"]),
                seminar=data["seminar"],
                unit=data["unit"],
                attachments=[upload] if upload else [],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã gửi ý kiến “%(title)s”.") % {"title": contribution})
            return redirect("knowledge:contribution", pk=contribution.pk)
    return render_page(request, "knowledge/contribution_form.html", {"form": form})


def _can_assess(authority: Authority, contribution: Contribution) -> bool:
    try:
        assessor_actor(contribution, authority)
    except Denied:
        return False
    return authority.person is not None


def _assessment_form(
    request: HttpRequest, contribution: Contribution, authority: Authority
) -> AssessmentForm:
    others = (
        selectors.contributions(authority)
        .filter(addressed_to_id=contribution.addressed_to_id)
        .exclude(pk=contribution.pk)
        .exclude(assessment__decision=Assessment.Decision.MERGED)
        .select_related("unit")
        .order_by("-submitted_at")
    )
    document = guidance_for(contribution.unit)
    practices = selectors.practices(authority).filter(active=True)
    if document is not None:
        practices = practices.filter(document=document)
    return AssessmentForm(request.POST or None, practices=practices, others=others)


def _contribution_page(
    request: HttpRequest, contribution: Contribution, *, form: AssessmentForm | None = None
) -> HttpResponse:
    authority = request_authority(request)
    assessment = getattr(contribution, "assessment", None)
    can_assess = assessment is None and _can_assess(authority, contribution)
    if can_assess and form is None:
        form = _assessment_form(request, contribution, authority)
    return render_page(
        request,
        "knowledge/contribution.html",
        {
            "contribution": contribution,
            "assessment": assessment,
            "form": form if can_assess else None,
            "merged_from": selectors.contributions(authority).filter(
                Q(assessment__merged_into=contribution)
            ),
            "history": history_for(contribution),
        },
    )


@login_required
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _contribution_page(request, _contribution(request_authority(request), pk))


@login_required
@require_POST
def contribution_assess(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    contribution = _contribution(authority, pk)
    assessor_actor(contribution, authority)  # 403 before reading the form
    form = _assessment_form(request, contribution, authority)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assess_contribution(
                contribution,
                authority=authority,
                decision=data["decision"],
                reason=data["reason"],
                advice=data["advice"],
                answer=data["answer"],
                merged_into=data["merged_into"],
                practice=data["practice"],
                practice_title=data["practice_title"],
                practice_statement=data["practice_statement"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã ghi kết luận đánh giá."))
            return redirect("knowledge:contribution", pk=contribution.pk)
    return _contribution_page(request, contribution, form=form)


@login_required
def practice_list(request: HttpRequest) -> HttpResponse:
    """Good practices shared with the user's procuracy, with the contributions behind them."""
    authority = request_authority(request)
    visible = selectors.contributions(authority).select_related("unit")
    practices = (
        selectors.practices(authority)
        .filter(active=True)
        .prefetch_related("work_areas", Prefetch("sources", queryset=visible))
        .order_by("title")
    )
    page = Paginator(practices, 30).get_page(page_number(request))
    return render_page(request, "knowledge/practice_list.html", {"page": page})
