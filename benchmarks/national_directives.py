"""A year of directives and tasks at national scale, for benchmarks: about a million tasks.

Each province's Chief (sometimes a deputy) issues directives to the units of the province —
most to a handful of units, some to a dozen or two, a few to every unit — with lead, support
and informed roles; each unit's task is broken into sub-tasks for the unit's staff about half
of the time. Issue dates spread over the last 365 days, deadlines 10 to 90 days later, and the
outcome of each task follows from its dates: done on time, done late, still open within the
deadline or overdue; some were extended (the original deadline kept), some wait for a decision
on a completion report or an extension. One directive of the first province is addressed to
30 units: two teams (tổ) are added in each of its first five regional units for that, as KV1
of the demo province has.

The rows are written straight into the tables (`benchmarks/bulk_rows.py`: COPY on
PostgreSQL, executemany on SQLite) with their ids chosen up front, **bypassing the services**:
no "5 rõ" check, no audit rows, no accepted completion reports (only pending and returned
ones, which the measured pages read). The services' rules are kept by construction (a unit's
task is reported or done only once its sub-tasks are done; sub-task deadlines within the
unit's; an extension moves the current deadline and keeps the original) and checked by the
database's constraints. Everything is fictional and deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from benchmarks.bulk_rows import insert_rows, reset_sequences
from dieuhanh.directives.models import (
    Addressee,
    CompletionReport,
    Directive,
    ExtensionRequest,
    Role,
    Task,
    TaskStatus,
)
from dieuhanh.org.models import PositionRole, Posting, Unit, UnitLevel

TEAMS_PER_REGIONAL_UNIT = 2
TEAMED_REGIONAL_UNITS = 5
WIDE_DIRECTIVE_UNITS = 30
SUBTASK_SHARE = 0.5  # unit tasks (not "for information") broken down for staff
TITLES = (
    "Rà soát án tạm đình chỉ điều tra",
    "Kiểm sát việc tiếp nhận, giải quyết tố giác, tin báo về tội phạm",
    "Kiểm sát trực tiếp nhà tạm giữ",
    "Sơ kết công tác kiểm sát thi hành án dân sự",
    "Báo cáo chuyên đề khâu đột phá",
    "Tập huấn kỹ năng xét hỏi tại phiên tòa",
    "Kiểm tra hồ sơ kiểm sát vụ án hình sự",
    "Tổng hợp số liệu thống kê tội phạm",
    "Rà soát việc giải quyết khiếu nại trong hoạt động tư pháp",
    "Kiểm sát việc áp dụng biện pháp ngăn chặn",
)


@dataclass(frozen=True)
class LoadedDirectives:
    """What the loader wrote, and the directive addressed to 30 units."""

    directives: int
    unit_tasks: int
    subtasks: int
    addressees: int
    extension_requests: int
    completion_reports: int
    teams: int
    wide_directive: int

    @property
    def tasks(self) -> int:
        return self.unit_tasks + self.subtasks


@dataclass
class _Province:
    unit: Unit
    units: list[Unit]
    issuers: list[int]  # the Chief first, then deputies
    weight: float = 0.0


@dataclass(slots=True)
class _TaskRow:
    """One row of the task table (a slotted object: a million dicts would take gigabytes)."""

    id: int
    directive_id: int
    unit_id: int
    role: str
    assigned_by_id: int
    title: str
    assigned_on: dt.date
    deadline: dt.date
    original_deadline: dt.date
    created_at: dt.datetime
    updated_at: dt.datetime
    parent_id: int | None = None
    assignee_id: int | None = None
    status: str = TaskStatus.OPEN
    progress: int = 0
    completed_on: dt.date | None = None
    accepted_by_id: int | None = None
    accepted_at: dt.datetime | None = None
    version: int = 1
    occurrence_id: int | None = None
    note: str = ""


@dataclass
class _Rows:
    directives: list[dict[str, Any]] = field(default_factory=list)
    addressees: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[_TaskRow] = field(default_factory=list)
    extensions: list[dict[str, Any]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)


def add_teams(province: Unit) -> int:
    """Two teams in each of the province's first five regional units (treebeard's add_child)."""
    level = UnitLevel.objects.get(code="to")
    regional = list(
        Unit.objects.filter(path__startswith=province.path, level__code="khu-vuc").order_by("path")
    )[:TEAMED_REGIONAL_UNITS]
    added = 0
    for parent in regional:
        for number in range(1, TEAMS_PER_REGIONAL_UNIT + 1):
            parent.refresh_from_db()
            parent.add_child(
                code=f"{parent.code}-to{number}",
                name=f"Tổ {number}, {parent.name}",
                short_name=f"Tổ {number} {parent.short_name}",
                level=level,
                active_from=parent.active_from,
            )
            added += 1
    return added


class _Generator:
    """Draws directives, tasks, sub-tasks and their reports; ids are chosen here."""

    def __init__(self, *, seed: int, on: dt.date) -> None:
        self.random = random.Random(seed)
        self.on = on
        self.now = timezone.now()
        self.rows = _Rows()
        self.task_id = 0
        self.directive_id = 0
        self.unit_tasks = 0
        self.subtasks = 0
        postings = Posting.objects.current(on).values_list("unit_id", "person_id", "position__role")
        self.heads: dict[int, int] = {}
        self.members: dict[int, list[int]] = defaultdict(list)
        for unit_id, person_id, role in postings.order_by("unit_id", "person_id"):
            if role == PositionRole.HEAD:
                self.heads.setdefault(unit_id, person_id)
            elif role == PositionRole.MEMBER:
                self.members[unit_id].append(person_id)

    # -------------------------------------------------------------------- directives

    def directive(
        self,
        province: _Province,
        units: list[Unit],
        *,
        issued_on: dt.date | None = None,
        deadline: dt.date | None = None,
        roles: list[str] | None = None,
    ) -> int:
        """One directive of `province` to `units`, with each unit's task and its sub-tasks."""
        rng = self.random
        self.directive_id += 1
        issued_on = issued_on or self.on - dt.timedelta(days=rng.randint(0, 364))
        deadline = deadline or issued_on + dt.timedelta(days=rng.randint(10, 90))
        issuer = province.issuers[0] if rng.random() < 0.8 else rng.choice(province.issuers)
        title = f"{rng.choice(TITLES)} ({self.directive_id})"
        self.rows.directives.append(
            {
                "id": self.directive_id,
                "created_at": self.now,
                "updated_at": self.now,
                "version": 1,
                "source_kind": Directive.SourceKind.DOCUMENT,
                "source_number": str(self.directive_id),
                "source_symbol": "KH-VKS",
                "source_date": issued_on,
                "source_title": "",
                "issuing_unit_id": province.unit.pk,
                "issuer_id": issuer,
                "title": title,
                "content": "Nội dung công việc (dữ liệu benchmark, hư cấu).",
                "expected_result": "Báo cáo kết quả.",
                "accountable_id": province.issuers[0],
                "deadline_kind": Directive.DeadlineKind.DATE,
                "deadline": deadline,
                "priority": Directive.Priority.NORMAL,
                "status": Directive.Status.ISSUED,
                "issued_on": issued_on,
                "issued_at": self.now,
            }
        )
        if roles is None:
            leads = 1 if len(units) < 6 else 2
            roles = [
                Role.LEAD
                if index < leads
                else Role.INFORMED
                if rng.random() < 0.1
                else Role.SUPPORT
                for index in range(len(units))
            ]
        for unit, role in zip(units, roles, strict=True):
            self.rows.addressees.append(
                {
                    "created_at": self.now,
                    "updated_at": self.now,
                    "directive_id": self.directive_id,
                    "unit_id": unit.pk,
                    "role": role,
                }
            )
            parent = self._unit_task(unit, role, issuer, title, issued_on, deadline)
            staffed = role != Role.INFORMED and self.members.get(unit.pk)
            if staffed and rng.random() < SUBTASK_SHARE:
                for _ in range(rng.choice((1, 1, 2))):
                    self._subtask(parent)
        return self.directive_id

    def _unit_task(
        self,
        unit: Unit,
        role: str,
        issuer: int,
        title: str,
        issued_on: dt.date,
        original: dt.date,
    ) -> _TaskRow:
        rng = self.random
        deadline = original
        extended = role != Role.INFORMED and rng.random() < 0.05
        if extended:
            deadline = original + dt.timedelta(days=rng.randint(10, 30))
        task = self._task(
            directive=self.directive_id,
            unit=unit.pk,
            role=role,
            assigned_by=issuer,
            title=title,
            assigned_on=issued_on,
            deadline=deadline,
            original=original,
        )
        self.unit_tasks += 1
        head = self.heads.get(unit.pk, issuer)
        if extended:
            self._extension(task, head, issuer, original, deadline, approved=True)
        if role != Role.INFORMED:
            self._outcome(task, accepter=issuer, reporter=head)
        return task

    def _subtask(self, parent: _TaskRow) -> None:
        """A sub-task for one of the unit's staff; done if its unit's task is done or reported
        (the services accept a unit's completion report only once its sub-tasks are done)."""
        rng = self.random
        start, end = parent.assigned_on, parent.deadline
        assigned_on = min(start + dt.timedelta(days=rng.randint(0, 5)), end)
        deadline = assigned_on + dt.timedelta(days=rng.randint(0, (end - assigned_on).days))
        head = self.heads.get(parent.unit_id, parent.assigned_by_id)
        assignee = rng.choice(self.members[parent.unit_id])
        task = self._task(
            directive=parent.directive_id,
            unit=parent.unit_id,
            role=parent.role,
            assigned_by=head,
            title=f"Phần việc của cán bộ — {parent.title}",
            assigned_on=assigned_on,
            deadline=deadline,
            original=deadline,
            parent=parent.id,
            assignee=assignee,
        )
        self.subtasks += 1
        if parent.status in (TaskStatus.DONE, TaskStatus.REPORTED):
            finished = min(deadline, parent.completed_on or self.on)
            task.status, task.progress = TaskStatus.DONE, 100
            task.completed_on = max(assigned_on, finished)
            task.accepted_by_id, task.accepted_at = head, self.now
        else:
            self._outcome(task, accepter=head, reporter=assignee)

    def _task(
        self,
        *,
        directive: int,
        unit: int,
        role: str,
        assigned_by: int,
        title: str,
        assigned_on: dt.date,
        deadline: dt.date,
        original: dt.date,
        parent: int | None = None,
        assignee: int | None = None,
    ) -> _TaskRow:
        self.task_id += 1
        task = _TaskRow(
            id=self.task_id,
            directive_id=directive,
            unit_id=unit,
            role=role,
            assigned_by_id=assigned_by,
            title=title,
            assigned_on=assigned_on,
            deadline=deadline,
            original_deadline=original,
            created_at=self.now,
            updated_at=self.now,
            parent_id=parent,
            assignee_id=assignee,
        )
        self.rows.tasks.append(task)
        return task

    def _outcome(self, task: _TaskRow, *, accepter: int, reporter: int) -> None:
        """Done on time (most), done late, or still open; open ones may wait for a decision."""
        rng = self.random
        start = task.assigned_on
        span = max(1, (task.deadline - start).days)
        share = rng.uniform(0.2, 1.0) if rng.random() < 0.8 else rng.uniform(1.0, 1.6)
        finished = start + dt.timedelta(days=round(span * share))
        if finished <= self.on and rng.random() < 0.92:
            task.status, task.progress, task.completed_on = TaskStatus.DONE, 100, finished
            task.accepted_by_id, task.accepted_at = accepter, self.now
            return
        elapsed = (self.on - start).days
        task.progress = max(0, min(90, round(100 * elapsed / span) // 10 * 10))
        draw = rng.random()
        if draw < 0.08 and reporter != accepter:
            task.status = TaskStatus.REPORTED
            self._report(task, reporter, CompletionReport.Decision.PENDING)
        elif draw < 0.11 and reporter != accepter:
            task.status = TaskStatus.RETURNED
            self._report(task, reporter, CompletionReport.Decision.RETURNED, decided_by=accepter)
        elif draw < 0.13 and task.parent_id is None:
            proposed = task.deadline + dt.timedelta(days=rng.randint(5, 20))
            self._extension(task, reporter, None, task.deadline, proposed, approved=False)

    def _report(
        self, task: _TaskRow, by: int, decision: str, *, decided_by: int | None = None
    ) -> None:
        self.rows.reports.append(
            {
                "created_at": self.now,
                "updated_at": self.now,
                "task_id": task.id,
                "by_id": by,
                "at": self.now,
                "note": "Đã hoàn thành (dữ liệu benchmark).",
                "decision": decision,
                "reason": "Bổ sung số liệu." if decided_by else "",
                "decided_by_id": decided_by,
                "decided_on_behalf_of_id": None,
                "decided_at": self.now if decided_by else None,
            }
        )

    def _extension(
        self,
        task: _TaskRow,
        by: int,
        decided_by: int | None,
        previous: dt.date,
        proposed: dt.date,
        *,
        approved: bool,
    ) -> None:
        self.rows.extensions.append(
            {
                "created_at": self.now,
                "updated_at": self.now,
                "task_id": task.id,
                "requested_by_id": by,
                "at": self.now,
                "reason": "Chờ kết quả giám định.",
                "previous_deadline": previous,
                "proposed_date": proposed,
                "status": ExtensionRequest.Status.APPROVED
                if approved
                else ExtensionRequest.Status.PENDING,
                "decided_by_id": decided_by if approved else None,
                "on_behalf_of_id": None,
                "decided_at": self.now if approved else None,
                "decision_note": "",
            }
        )


def _provinces(on: dt.date) -> list[_Province]:
    units = list(Unit.objects.order_by("path"))
    provinces = {unit.path: _Province(unit, [], []) for unit in units if unit.depth == 1}
    for unit in units:
        if unit.depth > 1:
            provinces[unit.path[: Unit.steplen]].units.append(unit)
    postings = (
        Posting.objects.current(on)
        .filter(unit__depth=1, position__role__in=[PositionRole.HEAD, PositionRole.DEPUTY])
        .order_by("position__rank", "person_id")
        .values_list("unit__path", "person_id")
    )
    for path, person in postings:
        provinces[path].issuers.append(person)
    total = sum(len(p.units) for p in provinces.values())
    for province in provinces.values():
        province.weight = len(province.units) / total
    return list(provinces.values())


def load_directives(*, tasks: int, seed: int = 2026, on: dt.date | None = None) -> LoadedDirectives:
    """Write about `tasks` tasks (units' and sub-tasks) into empty tables, in one transaction."""
    on = on or timezone.localdate()
    if Task.objects.exists() or Directive.objects.exists():
        raise RuntimeError("The directive tables are not empty: load into a fresh database.")
    with transaction.atomic():
        first = Unit.objects.filter(depth=1).order_by("path").first()
        if first is None:
            raise RuntimeError("Build the national organisation first.")
        teams = add_teams(first)
        provinces = _provinces(on)
        generator = _Generator(seed=seed, on=on)
        wide = _wide_directive(generator, provinces[0], on)
        weights = [province.weight for province in provinces]
        while generator.task_id < tasks:
            province = generator.random.choices(provinces, weights)[0]
            size = _addressed(generator.random, len(province.units))
            units = generator.random.sample(province.units, size)
            generator.directive(province, units)
        rows = generator.rows
        insert_rows(Directive, rows.directives)
        insert_rows(Addressee, rows.addressees)
        insert_rows(Task, rows.tasks, names=_TaskRow.__slots__)  # type: ignore[attr-defined]
        insert_rows(ExtensionRequest, rows.extensions)
        insert_rows(CompletionReport, rows.reports)
        reset_sequences([Directive, Task, Addressee, ExtensionRequest, CompletionReport])
    return LoadedDirectives(
        directives=len(rows.directives),
        unit_tasks=generator.unit_tasks,
        subtasks=generator.subtasks,
        addressees=len(rows.addressees),
        extension_requests=len(rows.extensions),
        completion_reports=len(rows.reports),
        teams=teams,
        wide_directive=wide,
    )


def _addressed(rng: random.Random, available: int) -> int:
    """How many units a directive goes to: a handful mostly, sometimes many, rarely all."""
    draw = rng.random()
    if draw < 0.70:
        size = rng.randint(3, 8)
    elif draw < 0.95:
        size = rng.randint(9, 20)
    else:
        size = available
    return min(size, available)


def _wide_directive(generator: _Generator, province: _Province, on: dt.date) -> int:
    """The first province's directive to 30 units (5 lead, 20 support, 5 informed)."""
    units = province.units[:WIDE_DIRECTIVE_UNITS]
    if len(units) < WIDE_DIRECTIVE_UNITS:
        raise RuntimeError(f"The first province has only {len(units)} units under it.")
    roles = [str(Role.LEAD)] * 5 + [str(Role.SUPPORT)] * 20 + [str(Role.INFORMED)] * 5
    return generator.directive(
        province,
        units,
        issued_on=on - dt.timedelta(days=40),
        deadline=on + dt.timedelta(days=20),
        roles=roles,
    )
