"""Background work of directives: recurring duties, reminders, their e-mails, the daily round.

Periodic work runs without any extra service: `daily_round` is a job that, when it runs,
queues its own next run for the next morning (`run_after`, supported by the database task
backend). `manage.py schedule_jobs` (run by `make run` before the worker starts, and once per
deployment) queues the first one if none is waiting. Every job here is idempotent, so a round
run twice, late, or by two workers at once changes nothing more than one round would.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dieuhanh.directives import services

logger = logging.getLogger(__name__)

# The daily round runs at this local time (the working day starts at 07:00–07:30).
ROUND_AT = dt.time(7, 0)


def _day(on: str | None) -> dt.date:
    return dt.date.fromisoformat(on) if on else timezone.localdate()


@task()
def generate_occurrences(on: str | None = None) -> int:
    """Create the occurrences of recurring duties due by `on` (ISO date; today by default)."""
    return len(services.generate_occurrences(on=_day(on)))


@task()
def email_notifications() -> int:
    """Mail the notifications whose e-mail is still to be sent."""
    return services.deliver_pending_emails()


@task()
def send_reminders(on: str | None = None) -> dict[str, Any]:
    """Send the reminders due on `on` (ISO date; today by default); mail them after commit."""
    with transaction.atomic():
        run = services.send_reminders(on=_day(on))
        if run.emails:
            transaction.on_commit(email_notifications.enqueue)
    return {"on": run.on.isoformat(), "sent": dict(run.by_kind), "emails": run.emails}


@task()
def daily_round(on: str | None = None) -> dict[str, Any]:
    """The daily round: queue tomorrow's round first, then generate the occurrences of
    recurring duties (so that new tasks are reminded at once) and send the reminders."""
    schedule_daily_round()
    result: dict[str, Any] = {}
    for name, job in (("occurrences", generate_occurrences), ("reminders", send_reminders)):
        try:
            result[name] = job.call(on=on)
        except Exception:
            # One failing part must not stop the other; the next round catches up.
            logger.exception("Daily round: %s failed", name)
            result[name] = None
    return result


def next_round_at(now: dt.datetime, *, at_start: bool = False) -> dt.datetime | None:
    """When the next round should run: tomorrow at ROUND_AT; at start-up, today at ROUND_AT if
    that is still ahead, else now (None: at once)."""
    local = timezone.localtime(now)
    today_at = timezone.make_aware(dt.datetime.combine(local.date(), ROUND_AT))
    if at_start:
        return today_at if local < today_at else None
    if local < today_at:
        return today_at
    return today_at + dt.timedelta(days=1)


def _round_waiting() -> bool:
    """Whether a daily round is already queued and not started (on the database backend)."""
    return DBTaskResult.objects.filter(
        task_path=daily_round.module_path, status=TaskResultStatus.READY
    ).exists()


def schedule_daily_round(
    *, now: dt.datetime | None = None, at_start: bool = False
) -> dt.datetime | None:
    """Queue the next daily round unless one is already waiting; returns when it will run
    (`now` for at once), or None when nothing was queued.

    Only a backend that can run a job later (the database backend) keeps the round going;
    with another backend (tests run jobs immediately) nothing is queued.
    """
    backend = daily_round.get_backend()
    if not backend.supports_defer or _round_waiting():
        return None
    now = now or timezone.now()
    when = next_round_at(now, at_start=at_start)
    job = daily_round.using(run_after=when) if when is not None else daily_round
    job.enqueue()
    return when or now
