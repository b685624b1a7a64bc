"""Organisation pages: thin views over selectors and services; out of scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dieuhanh.core.errors import Denied, DomainError
from dieuhanh.core.http import add_domain_error, page_number, render_page
from dieuhanh.core.selectors import history_for
from dieuhanh.org import selectors, services
from dieuhanh.org.access import Authority, get_in_scope, request_authority, unit_in_scope
from dieuhanh.org.forms import (
    DelegationForm,
    EndPostingForm,
    MergeUnitsForm,
    MoveUnitForm,
    PersonEditForm,
    PersonForm,
    PortfolioForm,
    PostingForm,
    RevokeDelegationForm,
    UnitEditForm,
    UnitForm,
)
from dieuhanh.org.models import Delegation, Person, Portfolio, PositionRole, Posting, Power, Unit


def _unit(authority: Authority, code: str) -> Unit:
    return unit_in_scope(authority, code)


def _require(authority: Authority, unit: Unit, power: str) -> None:
    if not authority.can(unit, power):
        raise Denied(power)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's start page: their postings, scope and delegations."""
    unit_count, staff_count = selectors.scope_summary(request_authority(request))
    return render_page(
        request, "org/home.html", {"unit_count": unit_count, "staff_count": staff_count}
    )


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    """The organisation tree the user may see, with heads and headcounts.

    `?under=<code>` shows one unit's subtree: as a fragment for htmx (a collapsed node
    expanding in place), as a page otherwise.
    """
    authority = request_authority(request)
    include_inactive = request.GET.get("inactive") == "1"
    under = _unit(authority, request.GET["under"]) if request.GET.get("under") else None
    roots = selectors.organisation_tree(authority, include_inactive=include_inactive, under=under)
    if under is not None and getattr(request, "htmx", False):
        return render(
            request,
            "org/_tree_node.html",
            {"node": roots[0], "include_inactive": include_inactive},
        )
    return render_page(
        request,
        "org/tree.html",
        {"roots": roots, "include_inactive": include_inactive, "under": under},
    )


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    authority = request_authority(request)
    unit = _unit(authority, code)
    page = selectors.unit_page(unit, authority)
    return render_page(
        request,
        "org/unit.html",
        {
            "page": page,
            "unit": unit,
            "history": history_for(unit),
            "can_manage_units": authority.can(unit, Power.MANAGE_UNITS),
            "can_manage_staff": authority.can(unit, Power.MANAGE_STAFF),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, code: str) -> HttpResponse:
    authority = request_authority(request)
    parent = _unit(authority, code)
    _require(authority, parent, Power.MANAGE_UNITS)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(parent=parent, authority=authority, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã tạo đơn vị %(name)s.") % {"name": unit.name})
            return redirect("org:unit", code=unit.code)
    return render_page(
        request,
        "org/unit_form.html",
        {"form": form, "parent": parent, "target": parent, "title": _("Thêm đơn vị trực thuộc")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    authority = request_authority(request)
    unit = _unit(authority, code)
    _require(authority, unit, Power.MANAGE_UNITS)
    initial = {
        "version": unit.version,
        "name": unit.name,
        "short_name": unit.short_name,
        "level": unit.level,
        "active_from": unit.active_from,
        "active_to": unit.active_to,
        "note": unit.note,
    }
    form = UnitEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_unit(unit, expected_version=version, authority=authority, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu đơn vị."))
            return redirect("org:unit", code=unit.code)
    return render_page(
        request,
        "org/unit_form.html",
        {"form": form, "unit": unit, "target": unit, "title": _("Sửa đơn vị")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_move(request: HttpRequest, code: str) -> HttpResponse:
    authority = request_authority(request)
    unit = _unit(authority, code)
    _require(authority, unit, Power.MANAGE_UNITS)
    form = MoveUnitForm(
        request.POST or None, initial={"version": unit.version}, authority=authority, unit=unit
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_unit(
                unit,
                new_parent=form.cleaned_data["new_parent"],
                authority=authority,
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã chuyển đơn vị."))
            return redirect("org:unit", code=unit.code)
    return render_page(
        request,
        "org/unit_form.html",
        {"form": form, "unit": unit, "target": unit, "title": _("Chuyển đơn vị")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_merge(request: HttpRequest, code: str) -> HttpResponse:
    authority = request_authority(request)
    parent = _unit(authority, code)
    _require(authority, parent, Power.MANAGE_UNITS)
    form = MergeUnitsForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            unit = services.merge_units(
                list(data.pop("predecessors")), parent=parent, authority=authority, **data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã hợp nhất thành %(name)s.") % {"name": unit.name})
            return redirect("org:unit", code=unit.code)
    return render_page(
        request,
        "org/unit_form.html",
        {"form": form, "parent": parent, "target": parent, "title": _("Hợp nhất đơn vị")},
    )


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """People the user may see, searchable by name or staff code."""
    authority = request_authority(request)
    query = request.GET.get("q", "").strip()
    people_qs = selectors.visible_people(authority)
    if query:
        people_qs = people_qs.filter(Q(full_name__icontains=query) | Q(staff_code__icontains=query))
    page = Paginator(people_qs.order_by("full_name", "pk"), 50).get_page(page_number(request))
    postings = selectors.main_postings([p.pk for p in page], authority.on)
    rows = [(person, postings.get(person.pk)) for person in page]
    return render_page(
        request, "org/people.html", {"page": page, "rows": rows, "q": query}, fragment="results"
    )


def _person(authority: Authority, pk: int) -> Person:
    person = selectors.visible_people(authority).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    person = _person(authority, pk)
    page = selectors.person_page(person)
    return render_page(
        request,
        "org/person.html",
        {
            "page": page,
            "person": person,
            "history": history_for(person),
            "can_manage_staff": selectors.can_manage_person(authority, person),
            "manageable_postings": {
                p.pk for p in page.postings if authority.can(p.unit, Power.MANAGE_STAFF)
            },
            "today": authority.on,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, code: str) -> HttpResponse:
    authority = request_authority(request)
    unit = _unit(authority, code)
    _require(authority, unit, Power.MANAGE_STAFF)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(unit=unit, authority=authority, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã thêm cán bộ %(name)s.") % {"name": person.full_name})
            return redirect("org:person", pk=person.pk)
    return render_page(
        request, "org/simple_form.html", {"form": form, "unit": unit, "title": _("Thêm cán bộ")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    person = _person(authority, pk)
    if not selectors.can_manage_person(authority, person):
        raise Denied(Power.MANAGE_STAFF)
    initial = {
        f: getattr(person, f) for f in ("full_name", "gender", "birth_date", "email", "phone")
    }
    form = PersonEditForm(request.POST or None, initial={"version": person.version, **initial})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_person(person, expected_version=version, authority=authority, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin cán bộ."))
            return redirect("org:person", pk=person.pk)
    return render_page(
        request,
        "org/simple_form.html",
        {"form": form, "person": person, "title": _("Sửa thông tin cán bộ")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def posting_create(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    person = _person(authority, pk)
    if not authority.paths(Power.MANAGE_STAFF):
        raise Denied(Power.MANAGE_STAFF)
    form = PostingForm(request.POST or None, authority=authority)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_posting(person=person, authority=authority, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã bố trí công tác."))
            return redirect("org:person", pk=person.pk)
    return render_page(
        request,
        "org/simple_form.html",
        {"form": form, "person": person, "title": _("Bố trí công tác")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def posting_end(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    posting = get_in_scope(
        Posting.objects.select_related("person", "unit", "position"),
        authority.scope_q(Power.VIEW),
        pk=pk,
    )
    _require(authority, posting.unit, Power.MANAGE_STAFF)
    form = EndPostingForm(
        request.POST or None, initial={"version": posting.version, "end": authority.on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.end_posting(
                posting,
                end=form.cleaned_data["end"],
                expected_version=form.cleaned_data["version"],
                authority=authority,
                decision=form.cleaned_data["decision"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã kết thúc chức vụ."))
            return redirect("org:person", pk=posting.person_id)
    return render_page(
        request,
        "org/simple_form.html",
        {
            "form": form,
            "person": posting.person,
            "posting": posting,
            "title": _("Kết thúc chức vụ"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_create(request: HttpRequest, code: str) -> HttpResponse:
    authority = request_authority(request)
    unit = _unit(authority, code)
    _require(authority, unit, Power.MANAGE_STAFF)
    deputies = Person.objects.filter(
        postings__in=Posting.objects.current(authority.on).filter(
            unit=unit, position__role=PositionRole.DEPUTY
        )
    ).distinct()
    form = PortfolioForm(request.POST or None, unit=unit, deputies=deputies)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_portfolio(unit=unit, authority=authority, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã phân công phụ trách."))
            return redirect("org:unit", code=unit.code)
    return render_page(
        request,
        "org/simple_form.html",
        {"form": form, "unit": unit, "title": _("Phân công cấp phó phụ trách")},
    )


@login_required
@require_http_methods(["POST"])
def portfolio_end(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    portfolio = get_in_scope(
        Portfolio.objects.select_related("unit"), authority.scope_q(Power.VIEW), pk=pk
    )
    try:
        services.end_portfolio(
            portfolio,
            end=authority.on,
            expected_version=int(request.POST.get("version", "0") or 0),
            authority=authority,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã kết thúc phân công."))
    return redirect("org:unit", code=portfolio.unit.code)


@login_required
def delegations(request: HttpRequest) -> HttpResponse:
    """The delegation register the user may see."""
    authority = request_authority(request)
    rows = selectors.delegations_visible(authority).order_by("-start", "-pk")
    page = Paginator(rows, 50).get_page(page_number(request))
    return render_page(
        request,
        "org/delegations.html",
        {
            "page": page,
            "today": authority.on,
            "can_grant": authority.is_admin
            or bool(authority.person and authority.paths(Power.DELEGATE)),
        },
    )


def _delegation(authority: Authority, pk: int) -> Delegation:
    delegation = selectors.delegations_visible(authority).filter(pk=pk).first()
    if delegation is None:
        raise Http404
    return delegation


@login_required
def delegation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    delegation = _delegation(authority, pk)
    can_revoke = delegation.revoked_at is None and (
        authority.is_admin
        or (authority.person is not None and authority.person.pk == delegation.grantor_id)
    )
    form = RevokeDelegationForm(initial={"version": delegation.version})
    return render_page(
        request,
        "org/delegation.html",
        {
            "delegation": delegation,
            "history": history_for(delegation),
            "can_revoke": can_revoke,
            "form": form,
            "today": authority.on,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegation_create(request: HttpRequest) -> HttpResponse:
    authority = request_authority(request)
    if authority.is_admin:
        grantors = Person.objects.all()
    elif authority.person is not None and authority.paths(Power.DELEGATE):
        grantors = Person.objects.filter(pk=authority.person.pk)
    else:
        raise Denied(Power.DELEGATE)
    form = DelegationForm(
        request.POST or None,
        initial={
            "grantor": authority.person,
            "instrument_date": authority.on,
            "start": authority.on,
        },
        grantors=grantors,
        grantees=selectors.visible_people(authority),
        units=authority.units(Power.DELEGATE) if not authority.is_admin else Unit.objects.all(),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            delegation = services.grant_delegation(
                authority=authority, **{**data, "units": list(data["units"])}
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Đã đăng ký ủy quyền %(number)s.") % {"number": delegation.instrument_number},
            )
            return redirect("org:delegation", pk=delegation.pk)
    return render_page(
        request, "org/simple_form.html", {"form": form, "title": _("Đăng ký ủy quyền")}
    )


@login_required
@require_http_methods(["POST"])
def delegation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    delegation = _delegation(authority, pk)
    form = RevokeDelegationForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_delegation(
                delegation,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                authority=authority,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã thu hồi ủy quyền."))
            return redirect("org:delegation", pk=delegation.pk)
    else:
        messages.error(request, _("Cần ghi lý do thu hồi."))
    return redirect("org:delegation", pk=delegation.pk)
