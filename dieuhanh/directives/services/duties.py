"""Recurring duties and their occurrences; the editable exceptions to the working calendar."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from dieuhanh.core.audit import Actor, diff, record, snapshot
from dieuhanh.core.errors import Denied
from dieuhanh.core.periods import Month
from dieuhanh.directives.deadlines import WorkingCalendar, working_calendar
from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import (
    CalendarException,
    DutyOccurrence,
    RecurringDuty,
    Role,
    Task,
)
from dieuhanh.directives.rules import acting_person
from dieuhanh.directives.services._common import fmt
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit

DUTY_FIELDS = ("unit", "title", "content", "rule", "nth", "lead_days", "starts_on", "ends_on")


@transaction.atomic
def create_recurring_duty(
    *,
    unit: Unit,
    title: str,
    nth: int,
    starts_on: dt.date,
    authority: Authority,
    rule: str = RecurringDuty.Rule.MONTHLY_WORKING_DAY,
    lead_days: int = 7,
    content: str = "",
    ends_on: dt.date | None = None,
) -> RecurringDuty:
    """Set a duty a unit must carry out every month (e.g. the report due on the 2nd working day)."""
    actor = authority.actor_for(unit, Power.DIRECT)
    person = acting_person(authority)
    if not title.strip():
        raise DirectiveError("Hãy nhập tên nhiệm vụ định kỳ.", field="title")
    limit = 20 if rule == RecurringDuty.Rule.MONTHLY_WORKING_DAY else 28
    if not 1 <= nth <= limit:
        raise DirectiveError(f"Ngày thứ phải từ 1 đến {limit}.", field="nth")
    if lead_days > 60:
        raise DirectiveError("Chỉ giao trước tối đa 60 ngày.", field="lead_days")
    if ends_on is not None and ends_on < starts_on:
        raise DirectiveError("Ngày kết thúc không được trước ngày bắt đầu.", field="ends_on")
    duty = RecurringDuty.objects.create(
        unit=unit,
        title=title.strip(),
        content=content,
        rule=rule,
        nth=nth,
        lead_days=lead_days,
        starts_on=starts_on,
        ends_on=ends_on,
        assigned_by=person,
    )
    record(
        "directives.duty.create", duty, actor=actor, changes=diff({}, snapshot(duty, DUTY_FIELDS))
    )
    return duty


def due_date(duty: RecurringDuty, month: Month, calendar: WorkingCalendar) -> dt.date:
    """The deadline of a duty's occurrence in a month."""
    if duty.rule == RecurringDuty.Rule.MONTHLY_WORKING_DAY:
        return calendar.nth_working_day_of_month(month.year, month.month, duty.nth)
    return calendar.next_working_day(dt.date(month.year, month.month, duty.nth))


def period_key(month: Month) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def _months(first: Month, last: Month) -> list[Month]:
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = month.shift(1)
    return months


def _due_periods(
    duty: RecurringDuty, on: dt.date, calendar: WorkingCalendar
) -> list[tuple[Month, dt.date]]:
    """The duty's periods that should exist by `on`: due within its dates, lead time reached."""
    if on < duty.starts_on:
        return []
    last = Month.of(on + dt.timedelta(days=duty.lead_days))
    result = []
    for month in _months(Month.of(duty.starts_on), last):
        due = due_date(duty, month, calendar)
        if due < duty.starts_on or (duty.ends_on is not None and due > duty.ends_on):
            continue
        if due - dt.timedelta(days=duty.lead_days) <= on:
            result.append((month, due))
    return result


def _create_occurrence(
    duty: RecurringDuty, month: Month, due: dt.date, *, actor: Actor
) -> DutyOccurrence | None:
    """Create one period's occurrence and its task, unless it exists (then None).

    The unique constraint (duty, period) decides: a second runner, even a concurrent one,
    finds the row and creates nothing.
    """
    occurrence, created = DutyOccurrence.objects.get_or_create(
        duty=duty, period=period_key(month), defaults={"due_on": due}
    )
    if not created:
        return None
    assigned_on = max(due - dt.timedelta(days=duty.lead_days), duty.starts_on)
    task = Task.objects.create(
        occurrence=occurrence,
        unit_id=duty.unit_id,
        role=Role.LEAD,
        assigned_by_id=duty.assigned_by_id,
        title=f"{duty.title} — tháng {month}",
        note=duty.content,
        assigned_on=min(assigned_on, due),
        deadline=due,
        original_deadline=due,
    )
    record(
        "directives.duty.occurrence",
        task,
        actor=actor,
        changes={"period": [None, occurrence.period], "deadline": [None, due.isoformat()]},
    )
    return occurrence


@transaction.atomic
def generate_occurrences(*, on: dt.date) -> list[DutyOccurrence]:
    """Create every occurrence of active duties that is due to exist by `on`; returns new ones.

    Idempotent: running twice creates nothing the second time; running late (after missed
    days or months) creates each missed period once, with the deadline it always had.
    """
    duties = list(RecurringDuty.objects.filter(active=True, starts_on__lte=on))
    existing: dict[int, set[str]] = defaultdict(set)
    for duty_id, period in DutyOccurrence.objects.filter(duty__in=duties).values_list(
        "duty_id", "period"
    ):
        existing[duty_id].add(period)
    calendar = working_calendar()
    actor = Actor.system()
    created = []
    for duty in duties:
        for month, due in _due_periods(duty, on, calendar):
            if period_key(month) in existing[duty.pk]:
                continue
            occurrence = _create_occurrence(duty, month, due, actor=actor)
            if occurrence is not None:
                created.append(occurrence)
    return created


@transaction.atomic
def add_occurrence(duty: RecurringDuty, *, month: Month, authority: Authority) -> DutyOccurrence:
    """Create one period of a duty by hand; a period that already exists is refused."""
    actor = authority.actor_for(duty.unit, Power.DIRECT)
    if DutyOccurrence.objects.filter(duty=duty, period=period_key(month)).exists():
        raise DirectiveError(
            f"Kỳ tháng {month} của “{duty}” đã được tạo; mỗi kỳ chỉ tạo một lần.",
            field="period",
        )
    due = due_date(duty, month, working_calendar())
    if due < duty.starts_on or (duty.ends_on is not None and due > duty.ends_on):
        raise DirectiveError(
            f"Tháng {month} nằm ngoài thời gian áp dụng của nhiệm vụ định kỳ.", field="period"
        )
    occurrence = _create_occurrence(duty, month, due, actor=actor)
    if occurrence is None:  # pragma: no cover - created meanwhile by the scheduler
        raise DirectiveError(f"Kỳ tháng {month} của “{duty}” đã được tạo.", field="period")
    return occurrence


# ---------------------------------------------------------------- calendar exceptions


@transaction.atomic
def set_calendar_exception(
    *, date: dt.date, kind: str, reason: str, authority: Authority, basis: str = ""
) -> CalendarException:
    """Record a day off or a make-up working day the Government decided (administrators)."""
    if not authority.is_admin:
        raise Denied(Power.MANAGE_UNITS)
    if kind not in CalendarException.Kind.values:
        raise DirectiveError("Loại ngày không hợp lệ.", field="kind")
    if not reason.strip():
        raise DirectiveError(f"Hãy nêu lý do cho ngày {fmt(date)}.", field="reason")
    exception, created = CalendarException.objects.update_or_create(
        date=date, defaults={"kind": kind, "reason": reason.strip(), "basis": basis}
    )
    record(
        "directives.calendar.set",
        exception,
        actor=authority.actor,
        changes={
            "date": [None, date.isoformat()],
            "kind": [None, kind],
            "created": [None, created],
        },
    )
    return exception
