"""Follow-up pages: the inbox, reminder settings, the deadline calendar with its iCalendar
feed, and timeliness by unit. Thin views over selectors and services; out of scope is 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dieuhanh.core.errors import DomainError
from dieuhanh.core.http import add_domain_error, page_number, render_page
from dieuhanh.core.periods import (
    Month,
    Period,
    full_year,
    month_period,
    parse_period,
    quarter,
    working_year_of,
    year_to_date,
)
from dieuhanh.directives import ical, selectors, services
from dieuhanh.directives.deadlines import working_calendar
from dieuhanh.directives.forms import ReminderSettingsForm, TimelinessFilterForm
from dieuhanh.directives.models import (
    CalendarFeedToken,
    ReminderSettings,
    Task,
    TaskStatus,
    Timeliness,
)
from dieuhanh.directives.selectors import Basis
from dieuhanh.org.access import Authority, authority_for, request_authority, unit_in_scope
from dieuhanh.org.models import Power, Unit

WEEKDAYS = [
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - behind login_required
    return user


# ---------------------------------------------------------------- inbox


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; unread ones stand out."""
    user = _user(request)
    page = Paginator(selectors.inbox(user).select_related("task"), 30).get_page(
        page_number(request)
    )
    return render_page(request, "directives/inbox.html", {"page": page})


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read, then go where the form says (the task, or the inbox)."""
    user = _user(request)
    notification = selectors.inbox(user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    services.mark_read(notification, user=user)
    return _back(request, reverse("directives:inbox"))


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=_user(request))
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("directives:inbox")


# ---------------------------------------------------------------- reminder settings


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's reminder settings: shown to those who see the unit, edited by those who direct
    it; a unit without its own follows the nearest unit above."""
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    rules, source = services.effective_rules(unit)
    own = ReminderSettings.objects.filter(unit=unit).first()
    can_edit = authority.can(unit, Power.DIRECT)
    initial = {"version": own.version if own else 0, **vars(rules)}
    form = ReminderSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            authority.actor_for(unit, Power.DIRECT)  # raises Denied (403)
        if form.is_valid():
            values = dict(form.cleaned_data)
            try:
                services.update_reminder_settings(
                    unit, authority=authority, expected_version=values.pop("version"), **values
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Đã lưu thiết lập nhắc việc."))
                return redirect("directives:reminder_settings", code=unit.code)
    return render_page(
        request,
        "directives/reminder_settings.html",
        {
            "unit": unit,
            "rules": rules,
            "source": source,
            "own": own is not None,
            "can_edit": can_edit,
            "form": form,
            "summary": services.settings_summary(rules),
        },
    )


# ---------------------------------------------------------------- calendar


def _month(request: HttpRequest, today: dt.date) -> Month:
    value = request.GET.get("month", "")
    if not value:
        return Month.of(today)
    try:
        year, month = (int(part) for part in value.split("-"))
        return Month(year, month)
    except ValueError as error:
        raise Http404(_("Tháng không hợp lệ.")) from error


@login_required
def deadline_calendar(request: HttpRequest) -> HttpResponse:
    """A month of one's deadlines (one's tasks, and one's units' tasks for a head), with the
    days off, and the address of the calendar feed."""
    authority = request_authority(request)
    month = _month(request, authority.on)
    first_day = month.first_day - dt.timedelta(days=month.first_day.weekday())
    last_day = month.last_day + dt.timedelta(days=6 - month.last_day.weekday())
    tasks = selectors.my_deadlines(authority, start=first_day, end=last_day)
    by_day: dict[dt.date, list[Task]] = {}
    for task in tasks:
        by_day.setdefault(task.deadline, []).append(task)
    days_off = working_calendar()
    weeks = []
    day = first_day
    while day <= last_day:
        week = []
        for _weekday in range(7):
            week.append(
                {
                    "date": day,
                    "in_month": day.month == month.month,
                    "today": day == authority.on,
                    "working": days_off.is_working_day(day),
                    "holiday": days_off.holiday_name(day),
                    "tasks": [
                        (task, task.timeliness(authority.on)) for task in by_day.get(day, [])
                    ],
                }
            )
            day += dt.timedelta(days=1)
        weeks.append(week)
    feed = CalendarFeedToken.objects.active().filter(user=_user(request)).first()
    return render_page(
        request,
        "directives/calendar.html",
        {
            "month": month,
            "previous": month.shift(-1),
            "next": month.shift(1),
            "weeks": weeks,
            "weekdays": WEEKDAYS,
            "month_tasks": [t for t in tasks if Month.of(t.deadline) == month],
            "feed": feed,
        },
    )


@login_required
@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    """Make a new feed address (the previous one stops working) and show it once."""
    _token, raw = services.issue_feed_token(_user(request))
    address = request.build_absolute_uri(reverse("directives:feed", kwargs={"token": raw}))
    messages.success(
        request,
        _("Địa chỉ lịch của bạn (chỉ hiện một lần; hãy sao chép vào ứng dụng lịch): %(address)s")
        % {"address": address},
    )
    return redirect("directives:calendar")


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    services.revoke_feed_tokens(_user(request))
    messages.success(request, _("Đã thu hồi địa chỉ lịch; ứng dụng lịch sẽ không đọc được nữa."))
    return redirect("directives:calendar")


def _feed_events(tasks: list[Task], on: dt.date) -> list[ical.Event]:
    base = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    events = []
    for task in tasks:
        overdue = task.status != TaskStatus.REPORTED and task.deadline < on
        prefix = _("[Quá hạn] ") if overdue else ""
        source = task.directive.source_label if task.directive else _("Nhiệm vụ định kỳ")
        description = "\n".join(
            [
                _("Đơn vị: %(unit)s") % {"unit": task.unit.name},
                _("Nguồn: %(source)s") % {"source": source},
                _("Trạng thái: %(status)s") % {"status": task.get_status_display()},
                _("Người giao: %(name)s") % {"name": task.assigned_by.full_name},
            ]
        )
        events.append(
            ical.Event(
                task_id=task.pk,
                day=task.deadline,
                summary=prefix + _("Hạn: %(title)s") % {"title": task.title},
                description=description,
                url=base + reverse("directives:task", kwargs={"pk": task.pk}),
                sequence=task.version,
                stamp=task.updated_at,
            )
        )
    return events


@never_cache
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed of one's open deadlines; the secret in the address authenticates
    (calendar apps cannot log in). An unknown or revoked address is 404."""
    user = services.feed_user(token)
    if user is None:
        raise Http404
    authority = authority_for(user)
    name = _("Điều hành — hạn nhiệm vụ của %(name)s") % {
        "name": authority.person.full_name if authority.person else user.get_username()
    }
    body = ical.calendar(name, _feed_events(selectors.feed_tasks(authority), authority.on))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dieuhanh.ics"'
    return response


# ---------------------------------------------------------------- timeliness by unit


def period_choices(today: dt.date) -> list[Period]:
    """This working year so far, its quarters and months, and last year's full year."""
    current = Month.of(today)
    year = working_year_of(current)
    choices = [year_to_date(current)]
    choices += [quarter(year, q) for q in range(1, 5) if quarter(year, q).first <= current]
    months = year_to_date(current).months()
    choices += [month_period(m.year, m.month) for m in reversed(months)]
    choices.append(full_year(year - 1))
    return choices


@login_required
def timeliness(request: HttpRequest) -> HttpResponse:
    """The four groups and the on-time rate per unit for a period, against the current or the
    original deadline; each sub-unit counts its whole subtree."""
    authority = request_authority(request)
    code = request.GET.get("unit", "")
    unit = unit_in_scope(authority, code) if code else selectors.default_report_unit(authority)
    if unit is None:
        raise Http404
    choices = period_choices(authority.on)
    slug = request.GET.get("period") or choices[0].slug
    try:
        period = parse_period(slug)
    except ValueError as error:
        raise Http404(str(error)) from error
    if period not in choices:
        choices.insert(0, period)
    form = TimelinessFilterForm(
        request.GET or None,
        initial={"period": period.slug, "basis": Basis.CURRENT},
        periods=[(p.slug, p.label) for p in choices],
    )
    basis = Basis.ORIGINAL if request.GET.get("basis") == Basis.ORIGINAL else Basis.CURRENT
    report = selectors.timeliness_report(
        unit, authority, period=period, today=authority.on, basis=basis
    )
    context: dict[str, Any] = {
        "unit": unit,
        "form": form,
        "report": report,
        "period": period,
        "basis": basis,
        "up": _parent_in_scope(unit, authority),
        "legend": [
            ("text-success", Timeliness.DONE_ON_TIME.label),
            ("text-warning", Timeliness.DONE_LATE.label),
            ("text-primary", Timeliness.OPEN_WITHIN.label),
            ("text-danger", Timeliness.OPEN_OVERDUE.label),
        ],
    }
    return render_page(request, "directives/timeliness.html", context)


def _parent_in_scope(unit: Unit, authority: Authority) -> Unit | None:
    """The unit above, if the user sees it (for the "up one level" link)."""
    if unit.depth <= 1:
        return None
    parent: Unit | None = Unit.objects.get_parent(unit)
    return parent if parent is not None and authority.can(parent, Power.VIEW) else None
