"""Reminders: who is reminded of which task on which day, written once to the inbox and mailed.

The rule, for each open task someone must carry out (not "for information", not cancelled, not
waiting for acceptance of its completion report), on a day `on`, with the settings of the
task's unit (or of the nearest unit above with settings, else the defaults):

- **before**: from `days_before` days before the deadline until the day before it, once per
  deadline (a job that did not run on the exact day still sends it the next day);
- **due today**: on the deadline day, if `on_the_day`;
- **overdue**: the day after the deadline, then every `repeat_every` days while the task stays
  open (0: only once); each repeat belongs to its own day, so a late run sends the current one;
- **escalation to the unit head**: once per deadline, from `escalate_head_after` days overdue,
  to the head(s) of the task's unit who are not already reminded of it;
- **escalation to the issuer**: once per deadline, from `escalate_issuer_after` days overdue,
  to whoever assigned the unit's task (the directive's issuer, the leader on whose behalf it
  was issued, or the person who set a recurring duty), unless already told above.

Who is reminded: a staff member's sub-task reminds the assignee; a unit's task reminds the
unit's head(s). People without an active login are skipped. A reminder is identified by
(task, kind, recipient, day it belongs to) — a unique key in the database — so running the job
twice, late, or in two workers at once sends each reminder exactly once. Extending a deadline
starts a new series for the new deadline.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import (
    Notification,
    Task,
    TaskStatus,
)
from dieuhanh.directives.services.reminder_settings import Rules, RulesBook
from dieuhanh.org.models import Person, PositionRole, Posting

logger = logging.getLogger(__name__)

Kind = Notification.Kind
# Reminded statuses: a task waiting for acceptance is in the assigner's hands, not late work.
REMINDED_STATUSES = (TaskStatus.OPEN, TaskStatus.RETURNED)
CHUNK = 2000


# ---------------------------------------------------------------- which reminders are due


@dataclass(frozen=True)
class Due:
    """A reminder due on a day: its kind, the day it belongs to, how many days late."""

    kind: str
    occurrence: dt.date
    days: int  # days before the deadline (before), or days overdue (overdue, escalations)


def due_reminders(deadline: dt.date, on: dt.date, rules: Rules) -> list[Due]:
    """The reminders a task with this deadline is due on `on` (see the module docstring)."""
    if on < deadline:
        left = (deadline - on).days
        if rules.days_before and left <= rules.days_before:
            return [Due(Kind.BEFORE, deadline, left)]
        return []
    if on == deadline:
        return [Due(Kind.DUE_TODAY, deadline, 0)] if rules.on_the_day else []
    late = (on - deadline).days
    first = deadline + dt.timedelta(days=1)
    if rules.repeat_every:
        slot = (late - 1) // rules.repeat_every
        occurrence = first + dt.timedelta(days=slot * rules.repeat_every)
    else:
        occurrence = first
    result = [Due(Kind.OVERDUE, occurrence, late)]
    if late >= rules.escalate_head_after:
        result.append(Due(Kind.ESCALATE_HEAD, deadline, late))
    if late >= rules.escalate_issuer_after:
        result.append(Due(Kind.ESCALATE_ISSUER, deadline, late))
    return result


# ---------------------------------------------------------------- who receives them


def _active_user(person: Person | None) -> User | None:
    if person is None or person.user is None or not person.user.is_active:
        return None
    return person.user


def _address(person: Person) -> str:
    return person.email or (person.user.email if person.user else "")


@dataclass
class Recipients:
    """The people a task's reminders go to, by kind of reminder."""

    doers: list[Person] = field(default_factory=list)
    heads: list[Person] = field(default_factory=list)
    issuers: list[Person] = field(default_factory=list)

    def for_kind(self, kind: str) -> list[Person]:
        if kind == Kind.ESCALATE_HEAD:
            return self.heads
        if kind == Kind.ESCALATE_ISSUER:
            return self.issuers
        return self.doers


def _unique(people: Iterable[Person | None], *, without: Iterable[Person] = ()) -> list[Person]:
    seen = {p.pk for p in without}
    result = []
    for person in people:
        if person is not None and person.pk not in seen and _active_user(person) is not None:
            seen.add(person.pk)
            result.append(person)
    return result


def recipients(task: Task, heads: Sequence[Person]) -> Recipients:
    """Who is reminded of `task`, given the heads of its unit (no query)."""
    top = task.parent if task.parent_id is not None else task
    assert top is not None  # noqa: S101 - parent loaded with the task
    doers = _unique([task.assignee] if task.assignee_id else heads)
    head_list = _unique(heads, without=doers)
    directive = top.directive
    issuers = _unique(
        [top.assigned_by, directive.on_behalf_of if directive else None],
        without=[*doers, *head_list],
    )
    return Recipients(doers=doers, heads=head_list, issuers=issuers)


# ---------------------------------------------------------------- the texts


def _fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def reminder_text(task: Task, due: Due) -> str:
    """The inbox line of a reminder, in the site's language (Vietnamese)."""
    values = {
        "title": task.title,
        "unit": task.unit.short_name or task.unit.name,
        "deadline": _fmt(task.deadline),
        "days": due.days,
        "assignee": task.assignee.full_name if task.assignee else "",
    }
    if due.kind == Kind.BEFORE:
        text = _("Nhiệm vụ “%(title)s” (%(unit)s) đến hạn ngày %(deadline)s, còn %(days)s ngày.")
    elif due.kind == Kind.DUE_TODAY:
        text = _("Nhiệm vụ “%(title)s” (%(unit)s) đến hạn hôm nay, %(deadline)s.")
    elif due.kind == Kind.OVERDUE:
        text = _("Nhiệm vụ “%(title)s” (%(unit)s) đã quá hạn %(days)s ngày (hạn %(deadline)s).")
    elif due.kind == Kind.ESCALATE_HEAD and task.assignee_id:
        text = _(
            "Việc “%(title)s” giao cho %(assignee)s đã quá hạn %(days)s ngày "
            "(hạn %(deadline)s); đề nghị đồng chí đôn đốc."
        )
    elif due.kind == Kind.ESCALATE_HEAD:
        text = _(
            "Nhiệm vụ “%(title)s” của %(unit)s đã quá hạn %(days)s ngày "
            "(hạn %(deadline)s); đề nghị đồng chí đôn đốc."
        )
    else:
        text = _(
            "Nhiệm vụ “%(title)s” đồng chí giao cho %(unit)s đã quá hạn %(days)s ngày "
            "(hạn %(deadline)s)."
        )
    return (text % values)[:500]


# ---------------------------------------------------------------- the daily run


@dataclass
class ReminderRun:
    """What one run sent: reminders by kind, and how many wait to be mailed."""

    on: dt.date
    by_kind: Counter[str] = field(default_factory=Counter)
    emails: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def _candidates(on: dt.date, book: RulesBook) -> Iterator[list[Task]]:
    """Open tasks that may be due a reminder on `on`, in chunks (two queries per chunk)."""
    tasks = (
        Task.objects.actionable()
        .filter(
            status__in=REMINDED_STATUSES,
            assigned_on__lte=on,
            deadline__lte=on + dt.timedelta(days=book.widest_before()),
        )
        .order_by("pk")
    )
    last = 0
    while True:
        chunk = list(
            tasks.filter(pk__gt=last).select_related(
                "unit",
                "assignee__user",
                "parent__assigned_by__user",
                "parent__directive__on_behalf_of__user",
                "assigned_by__user",
                "directive__on_behalf_of__user",
            )[:CHUNK]
        )
        if not chunk:
            return
        last = chunk[-1].pk
        yield chunk


def _heads(unit_ids: Iterable[int], on: dt.date) -> dict[int, list[Person]]:
    """The heads of each unit on `on`, with their logins (one query)."""
    result: dict[int, list[Person]] = defaultdict(list)
    postings = (
        Posting.objects.current(on)
        .filter(unit_id__in=set(unit_ids), position__role=PositionRole.HEAD)
        .select_related("person__user")
        .order_by("position__rank", "person__full_name")
    )
    for posting in postings:
        result[posting.unit_id].append(posting.person)
    return result


def _existing(tasks: Sequence[Task], occurrences: set[dt.date]) -> set[tuple[int, str, int, Any]]:
    rows = Notification.objects.filter(
        task__in=[t.pk for t in tasks], occurrence__in=occurrences
    ).values_list("task_id", "kind", "recipient_id", "occurrence")
    return set(rows)


def _store(notifications: list[Notification]) -> list[Notification]:
    """Insert new reminders; if another run inserted some meanwhile, keep only ours."""
    try:
        with transaction.atomic():
            return Notification.objects.bulk_create(notifications)
    except IntegrityError:
        # A concurrent run got there first for at least one: insert one by one.
        created = []
        for notification in notifications:
            try:
                with transaction.atomic():
                    notification.save()
            except IntegrityError:
                continue
            created.append(notification)
        return created


@transaction.atomic
def send_reminders(*, on: dt.date) -> ReminderRun:
    """Put every reminder due on `on` in the inbox once, and mark its e-mail to be sent.

    Idempotent: what was already sent for `on` (or for the same reminder on an earlier day) is
    not sent again. E-mails go out after commit (`deliver_pending_emails`).
    """
    run = ReminderRun(on=on)
    book = RulesBook.load()
    for chunk in _candidates(on, book):
        heads = _heads((t.unit_id for t in chunk), on)
        planned: list[tuple[Task, Due, Person, Rules]] = []
        for task in chunk:
            rules = book.for_path(task.unit.path)
            people = recipients(task, heads.get(task.unit_id, []))
            for due in due_reminders(task.deadline, on, rules):
                audience = people.for_kind(due.kind)
                planned += [(task, due, person, rules) for person in audience]
        if not planned:
            continue
        done = _existing(chunk, {due.occurrence for _t, due, _p, _r in planned})
        new = []
        for task, due, person, rules in planned:
            user = _active_user(person)
            assert user is not None  # noqa: S101 - recipients() keeps only active logins
            if (task.pk, due.kind, user.pk, due.occurrence) in done:
                continue
            address = _address(person) if rules.email else ""
            new.append(
                Notification(
                    recipient=user,
                    kind=due.kind,
                    task=task,
                    occurrence=due.occurrence,
                    text=reminder_text(task, due),
                    email=Notification.Email.PENDING if address else Notification.Email.NONE,
                    email_to=address,
                )
            )
        for notification in _store(new):
            run.by_kind[notification.kind] += 1
            run.emails += notification.email == Notification.Email.PENDING
    return run


# ---------------------------------------------------------------- e-mail


def _task_address(task_id: int) -> str:
    base = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    return base + reverse("directives:task", kwargs={"pk": task_id})


def _message(notification: Notification) -> EmailMessage:
    subject = f"[{settings.PRODUCT_NAME}] {notification.get_kind_display()}"
    body = "\n\n".join(
        [
            notification.text,
            _("Xem nhiệm vụ: %(address)s") % {"address": _task_address(notification.task_id)},
            _("Thư này do hệ thống Điều hành gửi tự động; không trả lời thư này."),
        ]
    )
    return EmailMessage(subject, body, to=[notification.email_to])


def deliver_pending_emails(*, limit: int = 500) -> int:
    """Mail the notifications whose e-mail is still to be sent; returns how many were sent.

    Each row is claimed (pending → sending) before its message goes out, so two workers never
    send the same e-mail; a failure marks it failed and is logged, the others still go.
    """
    ids = list(
        Notification.objects.filter(email=Notification.Email.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return 0
    sent = 0
    mailer = mailers.default
    with mailer:
        for pk in ids:
            claimed = Notification.objects.filter(pk=pk, email=Notification.Email.PENDING).update(
                email=Notification.Email.SENDING
            )
            if not claimed:
                continue
            notification = Notification.objects.get(pk=pk)
            try:
                mailer.send_messages([_message(notification)])
            except Exception:
                logger.exception("E-mail of notification %s failed", pk)
                Notification.objects.filter(pk=pk).update(email=Notification.Email.FAILED)
                continue
            Notification.objects.filter(pk=pk).update(
                email=Notification.Email.SENT, emailed_at=timezone.now()
            )
            sent += 1
    return sent


# ---------------------------------------------------------------- the inbox


def mark_read(notification: Notification, *, user: User) -> Notification:
    """Mark one of the user's notifications read (reading is not audited: nothing changes)."""
    if notification.recipient_id != user.pk:
        raise DirectiveError(_("Thông báo này không phải của bạn."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.unread().filter(recipient=user).update(read_at=timezone.now())
