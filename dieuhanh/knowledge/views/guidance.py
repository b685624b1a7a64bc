"""Guidance document pages: documents and versions, sections of a draft, the state changes,
the comparison of two versions and the DOCX export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dieuhanh.core.errors import Denied, DomainError
from dieuhanh.core.http import add_domain_error, render_page
from dieuhanh.core.selectors import history_for
from dieuhanh.knowledge import selectors, services
from dieuhanh.knowledge.export import DOCX_MIME, file_name, guidance_docx
from dieuhanh.knowledge.forms import (
    ApproveForm,
    CompileForm,
    ReturnForm,
    SectionForm,
    VersionActionForm,
)
from dieuhanh.knowledge.models import GuidanceDocument, GuidanceSection, GuidanceVersion
from dieuhanh.org.access import Authority, request_authority
from dieuhanh.org.models import Power

Status = GuidanceVersion.Status


def _document(authority: Authority, pk: int) -> GuidanceDocument:
    document = (
        selectors.documents(authority).select_related("issuer", "keeper").filter(pk=pk).first()
    )
    if document is None:
        raise Http404
    return document


def _version(authority: Authority, pk: int) -> GuidanceVersion:
    version = (
        selectors.versions(authority)
        .select_related("document__issuer", "document__keeper", "approved_by", "based_on")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404
    return version


@login_required
def guidance_list(request: HttpRequest) -> HttpResponse:
    """Guidance documents with the versions the user may see."""
    authority = request_authority(request)
    documents = list(selectors.documents(authority).select_related("issuer", "keeper"))
    versions = selectors.versions(authority).filter(document__in=documents).order_by("-number")
    by_document: dict[int, list[GuidanceVersion]] = {}
    for version in versions:
        by_document.setdefault(version.document_id, []).append(version)
    rows = [
        (
            document,
            by_document.get(document.pk, []),
            authority.can(document.keeper, Power.DIRECT),
        )
        for document in documents
    ]
    return render_page(
        request, "knowledge/guidance_list.html", {"rows": rows, "compile_form": CompileForm()}
    )


@login_required
@require_POST
def guidance_compile(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    document = _document(authority, pk)
    form = CompileForm(request.POST)
    if not form.is_valid():  # every field is optional; kept for symmetry
        return redirect("knowledge:guidance")
    try:
        version = services.compile_version(
            document,
            authority=authority,
            applies_to=form.cleaned_data["applies_to"],
            summary=form.cleaned_data["summary"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("knowledge:guidance")
    messages.success(
        request, _("Đã biên soạn dự thảo phiên bản %(number)s.") % {"number": version.number}
    )
    return redirect("knowledge:version", pk=version.pk)


def _version_page(request: HttpRequest, version: GuidanceVersion, **forms: Any) -> HttpResponse:
    authority = request_authority(request)
    document = version.document
    sections = list(
        version.sections.select_related("work_area")
        .prefetch_related("practices")
        .order_by("order", "id")
    )
    keeper = authority.can(document.keeper, Power.DIRECT)
    approver = authority.can(document.issuer, Power.APPROVE)
    others = selectors.versions(authority).filter(document=document).exclude(pk=version.pk)
    context = {
        "version": version,
        "document": document,
        "sections": sections,
        "others": others.order_by("-number"),
        "can_edit": keeper and version.status == Status.DRAFT,
        "can_review": keeper and version.status == Status.DRAFT,
        "can_decide": approver and version.status == Status.REVIEW,
        "can_put_in_force": approver and version.status == Status.APPROVED,
        "action_form": VersionActionForm(initial={"version": version.version}),
        "return_form": forms.get("return_form") or ReturnForm(initial={"version": version.version}),
        "approve_form": forms.get("approve_form")
        or ApproveForm(initial={"version": version.version, "effective_from": authority.on}),
        "section_form": forms.get("section_form") or SectionForm(),
        "history": history_for(version),
    }
    return render_page(request, "knowledge/version.html", context)


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_page(request, _version(request_authority(request), pk))


def _transition(
    request: HttpRequest,
    pk: int,
    form_class: type[VersionActionForm],
    form_name: str,
    action: Callable[[GuidanceVersion, Authority, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    authority = request_authority(request)
    version = _version(authority, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(version, authority, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect("knowledge:version", pk=version.pk)
    if form_name == "action_form":
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
        return redirect("knowledge:version", pk=version.pk)
    return _version_page(request, version, **{form_name: form})


@login_required
@require_POST
def version_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        VersionActionForm,
        "action_form",
        lambda v, a, d: services.submit_for_review(v, authority=a, expected_version=d["version"]),
        _("Đã trình dự thảo để xem xét."),
    )


@login_required
@require_POST
def version_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        ReturnForm,
        "return_form",
        lambda v, a, d: services.return_to_draft(
            v, authority=a, expected_version=d["version"], note=d["note"]
        ),
        _("Đã trả lại dự thảo để sửa."),
    )


@login_required
@require_POST
def version_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        ApproveForm,
        "approve_form",
        lambda v, a, d: services.approve_version(
            v,
            authority=a,
            expected_version=d["version"],
            effective_from=d["effective_from"],
            document_number=d["document_number"],
            recipients=d["recipients"],
        ),
        _("Đã phê duyệt phiên bản."),
    )


@login_required
@require_POST
def version_in_force(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        VersionActionForm,
        "action_form",
        lambda v, a, d: services.put_in_force(v, authority=a, expected_version=d["version"]),
        _("Phiên bản đã có hiệu lực."),
    )


@login_required
@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    version = _version(authority, pk)
    form = SectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_section(
                version,
                authority=authority,
                topic=data["topic"],
                body=data["body"],
                work_area=data["work_area"],
                order=data["order"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã thêm mục."))
            return redirect("knowledge:version", pk=version.pk)
    return _version_page(request, version, section_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    section = (
        GuidanceSection.objects.select_related("version", "work_area")
        .filter(pk=pk, version__in=selectors.versions(authority))
        .first()
    )
    if section is None:
        raise Http404
    version = _version(authority, section.version_id)
    if not authority.can(version.document.keeper, Power.DIRECT):
        raise Denied(Power.DIRECT)
    form = SectionForm(
        request.POST or None,
        initial={
            "version": section.revision,
            "topic": section.topic,
            "work_area": section.work_area,
            "order": section.order,
            "body": section.body,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_section(
                section,
                authority=authority,
                expected_version=data["version"] or 0,
                topic=data["topic"],
                body=data["body"],
                work_area=data["work_area"],
                order=data["order"] or section.order,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu mục “%(topic)s”.") % {"topic": section.topic})
            return redirect("knowledge:version", pk=version.pk)
    return render_page(
        request,
        "knowledge/section_form.html",
        {"form": form, "section": section, "version": version},
    )


@login_required
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side, section by section (`?with=<pk>`; default: its base)."""
    authority = request_authority(request)
    version = _version(authority, pk)
    other_pk = request.GET.get("with", "")
    if other_pk.isdigit():
        other = _version(authority, int(other_pk))
    elif version.based_on_id is not None:
        other = _version(authority, version.based_on_id)
    else:
        raise Http404
    if other.document_id != version.document_id:
        raise Http404
    comparison = selectors.compare_versions(version, other)
    return render_page(
        request,
        "knowledge/compare.html",
        {"comparison": comparison, "version": version, "document": version.document},
    )


@login_required
def version_docx(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request_authority(request), pk)
    response = HttpResponse(guidance_docx(version), content_type=DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{file_name(version)}"'
    return response
