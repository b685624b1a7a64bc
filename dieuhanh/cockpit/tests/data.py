"""Data for the cockpit tests, written through the services as people would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from dieuhanh.core.periods import Month
from dieuhanh.directives import services as directive_services
from dieuhanh.directives.models import Directive, Role, Task
from dieuhanh.directives.tests.factories import issued
from dieuhanh.knowledge.models import Resolution, ResolutionAction
from dieuhanh.org.access import authority_for
from dieuhanh.org.models import Unit
from dieuhanh.plans import services as plan_services
from dieuhanh.plans.models import ImportBatch, StatItem

JANUARY = Month(2026, 1)
DAY = dt.timedelta(days=1)


def save(org: Any, rows: Iterable[tuple[Unit, str, Month, int]]) -> None:
    """Figures (unit, item code, month, value) saved by the administrator in one batch."""
    authority = authority_for(org.admin.user)
    items = {item.code: item for item in StatItem.objects.all()}
    batch = plan_services.new_batch(ImportBatch.Source.SEED, authority=authority)
    plan_services.save_figures(
        [
            plan_services.FigureInput(unit, items[code], month, Decimal(value))
            for unit, code, month, value in rows
        ],
        batch=batch,
        authority=authority,
    )


def seed_results(
    org: Any, *, months: Sequence[Month] = (JANUARY,), scale: int = 1, extra: Sequence[Unit] = ()
) -> None:
    """Crime reports resolved: KV1 9 of 10 and its team 1 of 10 (KV1 with its team: 50%),
    KV2 38 of 40 (95%); indicted in Phòng 1: 9 of 10 on time (90%), 10 of 10 on the correct
    charge (100%). `scale` multiplies every
    figure (the ratios stay), `extra` units report like KV2."""
    rows: list[tuple[Unit, str, Month, int]] = []
    for month in months:
        for unit, new, done in [
            (org.kv1, 10, 9),
            (org.team, 10, 1),
            (org.kv2, 40, 38),
            *((unit, 40, 38) for unit in extra),
        ]:
            rows += [(unit, "TB_MOI", month, new * scale), (unit, "TB_GQ", month, done * scale)]
        rows += [
            (org.department, "TT_VU", month, 10 * scale),
            (org.department, "TT_DUNGHAN", month, 9 * scale),
            (org.department, "TT_DUNGTOI", month, 10 * scale),
        ]
    save(org, rows)


def complete(org: Any, task: Task, who: str, on: dt.date, accepter: str = "chief") -> None:
    """The unit reports the task complete on `on` and the assigner accepts it."""
    task = Task.objects.get(pk=task.pk)
    directive_services.report_completion(
        task,
        authority=authority_for(getattr(org, who).user),
        expected_version=task.version,
        at=timezone.make_aware(dt.datetime.combine(on, dt.time(10))),
    )
    task = Task.objects.get(pk=task.pk)
    directive_services.accept_completion(
        task, authority=authority_for(getattr(org, accepter).user), expected_version=task.version
    )


def seed_tasks(org: Any, *, suffix: str = "") -> list[Directive]:
    """Relative to today T, the Chief issues:

    A on T-30, due T-10, to KV1 and Phòng 1 (lead) and KV2 (support): KV1 reports it done on
    T-15 (on time), Phòng 1 on T-5 (late), KV2 never (overdue);
    B on T-2, due T+3, to KV1 (due soon);
    C on T-1, due T+30, to KV2 (within its deadline, not due soon).
    Returns A, B and C.
    """
    today = org.today
    directive = issued(
        org,
        on=today - 30 * DAY,
        deadline=today - 10 * DAY,
        title=f"Rà soát án tạm đình chỉ{suffix}",
        addressees=[(org.kv1, Role.LEAD), (org.kv2, Role.SUPPORT), (org.department, Role.LEAD)],
    )
    tasks = {task.unit.code: task for task in Task.objects.filter(directive=directive)}
    complete(org, tasks["kv1"], "unit_head", today - 15 * DAY)
    complete(org, tasks["phong-1"], "dept_head", today - 5 * DAY)
    due_soon = issued(
        org,
        on=today - 2 * DAY,
        deadline=today + 3 * DAY,
        title=f"Báo cáo nhanh vụ việc{suffix}",
        addressees=[(org.kv1, Role.LEAD)],
    )
    later = issued(
        org,
        on=today - DAY,
        deadline=today + 30 * DAY,
        title=f"Tổng kết chuyên đề{suffix}",
        addressees=[(org.kv2, Role.LEAD)],
    )
    return [directive, due_soon, later]


def seed_resolution(org: Any, directives: Sequence[Directive], *, title: str) -> Resolution:
    """A resolution the Chief adopted, one action item per directive, owned by its first unit."""
    resolution = Resolution.objects.create(
        title=title,
        issuer=org.province,
        status=Resolution.Status.ADOPTED,
        adopted_by=org.chief,
        adopted_at=timezone.now(),
    )
    for order, directive in enumerate(directives, start=1):
        ResolutionAction.objects.create(
            resolution=resolution,
            order=order,
            title=directive.title,
            owner=Task.objects.filter(directive=directive).order_by("unit__path").first().unit,
            deadline=directive.deadline,
            expected_result="Báo cáo kết quả",
            directive=directive,
        )
    return resolution
