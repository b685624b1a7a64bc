"""Directive and task pages: thin views over selectors and services; out of scope is 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dieuhanh.core.errors import Denied, DomainError
from dieuhanh.core.http import add_domain_error, page_number, render_page
from dieuhanh.core.selectors import history_for
from dieuhanh.directives import selectors, services
from dieuhanh.directives.errors import MissingPoint
from dieuhanh.directives.forms import (
    CompletionForm,
    DecisionForm,
    DirectiveForm,
    ExtensionDecisionForm,
    ExtensionForm,
    ProgressForm,
    SubtaskForm,
    TaskFilterForm,
)
from dieuhanh.directives.models import Directive, ExtensionRequest, Task
from dieuhanh.directives.selectors import Basis, TimelinessCounts
from dieuhanh.org.access import Authority, request_authority, unit_in_scope
from dieuhanh.org.models import Power
from dieuhanh.org.selectors import visible_people


def _task(authority: Authority, pk: int) -> Task:
    task = (
        selectors.visible_tasks(authority)
        .select_related("directive", "unit", "parent", "assignee", "assigned_by")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    return task


def _directive(authority: Authority, pk: int) -> Directive:
    directive = (
        selectors.visible_directives(authority)
        .select_related("issuer", "on_behalf_of", "accountable", "issuing_unit", "delegation")
        .filter(pk=pk)
        .first()
    )
    if directive is None:
        raise Http404
    return directive


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The user's open tasks, due soonest first, each with its timeliness today."""
    authority = request_authority(request)
    tasks = selectors.my_tasks(authority, on=authority.on)
    progress = selectors.progress_of(tasks)
    rows = [(task, task.timeliness(authority.on), progress[task.pk]) for task in tasks]
    return render_page(
        request,
        "directives/my_tasks.html",
        {"rows": rows, "rule": selectors.ROLL_UP_RULE},
    )


@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    """Directives the user sees, newest first, with each one's four groups today."""
    authority = request_authority(request)
    page = Paginator(selectors.directives_list(authority), 30).get_page(page_number(request))
    counts = selectors.timeliness_by_directive(
        authority, on=authority.on, directives=list(page.object_list)
    )
    return render_page(
        request,
        "directives/directive_list.html",
        {
            "page": page,
            "rows": [(d, counts.get(d.pk, TimelinessCounts())) for d in page.object_list],
            "can_issue": bool(authority.paths(Power.DIRECT)),
        },
    )


@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A directive with the status of every addressed unit."""
    authority = request_authority(request)
    directive = _directive(authority, pk)
    page = selectors.directive_page(directive, authority, on=authority.on)
    return render_page(
        request,
        "directives/directive.html",
        {
            "directive": directive,
            "page": page,
            "rule": selectors.ROLL_UP_RULE,
            "history": history_for(directive),
        },
    )


@login_required
def unit_tasks(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's tasks with filters (status, role, timeliness group, deadline basis, name)."""
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    form = TaskFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    basis = Basis(filters.get("basis") or Basis.CURRENT)
    tasks = selectors.unit_tasks(
        unit,
        authority,
        on=authority.on,
        basis=basis,
        status=filters.get("status", ""),
        role=filters.get("role", ""),
        group=filters.get("group", ""),
        search=filters.get("q", ""),
    )
    page = Paginator(tasks, 50).get_page(page_number(request))
    original = basis == Basis.ORIGINAL
    rows = [(task, task.timeliness(authority.on, original=original)) for task in page]
    progress = selectors.progress_of([task for task, _group in rows])
    return render_page(
        request,
        "directives/unit_tasks.html",
        {
            "unit": unit,
            "form": form,
            "page": page,
            "rows": [(task, group, progress[task.pk]) for task, group in rows],
            "query": _query_without_page(request),
        },
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# ---------------------------------------------------------------- a task and its actions


def _task_page(
    request: HttpRequest, task: Task, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    authority = request_authority(request)
    page = selectors.task_page(task, authority)
    version = {"version": task.version}
    context: dict[str, Any] = {
        "task": task,
        "page": page,
        "group": task.timeliness(authority.on),
        "rule": selectors.ROLL_UP_RULE,
        "history": history_for(task),
        "progress_form": bound.get("progress_form") or ProgressForm(initial=version),
        "completion_form": bound.get("completion_form") or CompletionForm(initial=version),
        "decision_form": bound.get("decision_form") or DecisionForm(initial=version),
        "extension_form": bound.get("extension_form") or ExtensionForm(),
        "extension_decision_form": bound.get("extension_decision_form") or ExtensionDecisionForm(),
    }
    if page.actions.assign_subtask:
        context["subtask_form"] = bound.get("subtask_form") or SubtaskForm(
            unit=task.unit, on=authority.on
        )
    return render_page(request, "directives/task.html", context, status=status)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_page(request, _task(request_authority(request), pk))


def _files(request: HttpRequest) -> list[Any]:
    upload = request.FILES.get("file")
    return [upload] if upload else []


@login_required
@require_POST
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    task = _task(authority, pk)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_progress(
                task,
                percent=form.cleaned_data["percent"],
                note=form.cleaned_data["note"],
                files=_files(request),
                authority=authority,
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã ghi báo cáo tiến độ."))
            return redirect("directives:task", pk=task.pk)
    return _task_page(request, task, progress_form=form)


@login_required
@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    task = _task(authority, pk)
    form = CompletionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_completion(
                task,
                note=form.cleaned_data["note"],
                files=_files(request),
                authority=authority,
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã gửi báo cáo hoàn thành, chờ nghiệm thu."))
            return redirect("directives:task", pk=task.pk)
    return _task_page(request, task, completion_form=form)


@login_required
@require_POST
def task_decide(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    task = _task(authority, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == DecisionForm.ACCEPT:
                services.accept_completion(
                    task,
                    note=data["reason"],
                    authority=authority,
                    expected_version=data["version"],
                )
                messages.success(request, _("Đã nghiệm thu: nhiệm vụ hoàn thành."))
            else:
                services.return_completion(
                    task,
                    reason=data["reason"],
                    authority=authority,
                    expected_version=data["version"],
                )
                messages.success(request, _("Đã trả lại báo cáo hoàn thành."))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("directives:task", pk=task.pk)
    return _task_page(request, task, decision_form=form)


@login_required
@require_POST
def task_extension(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    task = _task(authority, pk)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            services.request_extension(
                task,
                reason=form.cleaned_data["reason"],
                proposed_date=form.cleaned_data["proposed_date"],
                authority=authority,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị gia hạn."))
            return redirect("directives:task", pk=task.pk)
    return _task_page(request, task, extension_form=form)


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    extension = ExtensionRequest.objects.filter(pk=pk).first()
    if extension is None:
        raise Http404
    task = _task(authority, extension.task_id)
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_extension(
                extension,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
                authority=authority,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã quyết định đề nghị gia hạn."))
            return redirect("directives:task", pk=task.pk)
    return _task_page(request, task, extension_decision_form=form)


@login_required
@require_http_methods(["POST"])
def subtask_create(request: HttpRequest, pk: int) -> HttpResponse:
    authority = request_authority(request)
    task = _task(authority, pk)
    if not authority.can(task.unit, Power.DIRECT):
        raise Denied(Power.DIRECT)
    form = SubtaskForm(request.POST, unit=task.unit, on=authority.on)
    if form.is_valid():
        try:
            subtask = services.assign_subtask(task, authority=authority, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã giao việc cho %(name)s.") % {"name": subtask.assignee})
            return redirect("directives:task", pk=task.pk)
    return _task_page(request, task, subtask_form=form)


# ---------------------------------------------------------------- the issue form


def _directive_form(request: HttpRequest, authority: Authority) -> DirectiveForm:
    return DirectiveForm(
        request.POST or None,
        initial={
            "deadline_kind": Directive.DeadlineKind.DATE,
            "priority": Directive.Priority.NORMAL,
            "source_kind": Directive.SourceKind.DOCUMENT,
            "accountable": authority.person,
        },
        units=selectors.addressable_units(authority),
        issuing_units=selectors.issuing_units(authority),
        people=visible_people(authority),
    )


def _five_clear(form: DirectiveForm) -> list[MissingPoint]:
    """The "5 rõ" points the form does not make clear yet (nothing is saved)."""
    values = form.draft_values()
    unsaved = Directive(
        title=values.get("title") or "",
        content=values.get("content") or "",
        expected_result=values.get("expected_result") or "",
        accountable=values.get("accountable"),
        deadline_kind=values.get("deadline_kind") or Directive.DeadlineKind.DATE,
        deadline=values.get("deadline"),
        deadline_days=values.get("deadline_days"),
    )
    return services.check_five_clear(unsaved, form.addressees())


@login_required
@require_http_methods(["GET", "POST"])
def directive_new(request: HttpRequest) -> HttpResponse:
    """The issue form: save a draft, or issue at once when "5 rõ" is met (all or nothing)."""
    authority = request_authority(request)
    if not authority.paths(Power.DIRECT):
        raise Denied(Power.DIRECT)
    form = _directive_form(request, authority)
    missing: list[MissingPoint] = []
    if request.method == "POST" and form.is_valid():
        missing = _five_clear(form)
        issue = request.POST.get("action") == "issue"
        if not (issue and missing):
            data = services.DirectiveData(addressees=form.addressees(), **form.draft_values())
            try:
                with transaction.atomic():
                    directive = services.save_draft(data, authority=authority)
                    if issue:
                        services.issue_directive(
                            directive, authority=authority, expected_version=directive.version
                        )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request, _("Đã ban hành chỉ đạo.") if issue else _("Đã lưu dự thảo.")
                )
                return redirect("directives:directive", pk=directive.pk)
    elif request.method == "GET":
        missing = services.check_five_clear(Directive(), [])
    return render_page(
        request, "directives/directive_form.html", {"form": form, "missing": missing}
    )


@login_required
@require_POST
def directive_check(request: HttpRequest) -> HttpResponse:
    """The live "5 rõ" check of the issue form (an htmx fragment; nothing is saved)."""
    authority = request_authority(request)
    form = _directive_form(request, authority)
    form.is_valid()
    missing = _five_clear(form) if hasattr(form, "cleaned_data") else []
    return render_page(
        request,
        "directives/directive_form.html",
        {"form": form, "missing": missing},
        fragment="five_clear",
    )


@login_required
@require_POST
def directive_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a saved draft from its page."""
    authority = request_authority(request)
    directive = _directive(authority, pk)
    try:
        services.issue_directive(
            directive,
            authority=authority,
            expected_version=int(request.POST.get("version") or 0),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ban hành chỉ đạo."))
    return redirect("directives:directive", pk=directive.pk)
