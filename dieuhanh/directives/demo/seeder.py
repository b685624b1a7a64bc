"""The demo's building blocks: a directive as typed (`Spec`) and the `Seeder`, whose steps
call the directive services with the dates of the story (`on=`, `at=`) and the authority each
person held on that day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone

from dieuhanh.directives import services
from dieuhanh.directives.deadlines import WorkingCalendar
from dieuhanh.directives.models import Directive, Role, Task
from dieuhanh.org.access import Authority, authority_for
from dieuhanh.org.demo.data import PROVINCE_CODE
from dieuhanh.org.models import Person, Unit
from dieuhanh.plans.models import ProgrammeItem

PROVINCE = PROVINCE_CODE
TAG = "(demo)"  # ends every demo directive's source symbol or title: the "already loaded" mark
LEAD, SUPPORT, INFORMED = Role.LEAD, Role.SUPPORT, Role.INFORMED


@dataclass
class DemoDirectivesResult:
    """What one run created; empty when the demo directives were already loaded."""

    directives: int = 0
    tasks: int = 0
    occurrences: int = 0
    skipped: str = ""

    def summary(self) -> str:
        if self.skipped:
            return self.skipped
        return (
            f"Đã nạp chỉ đạo demo: {self.directives} chỉ đạo, {self.tasks} nhiệm vụ "
            f"(kể cả việc giao cho cán bộ và {self.occurrences} kỳ báo cáo định kỳ)."
        )


@dataclass(frozen=True)
class Spec:
    """One demo directive as a leader types it; dates are counted back from `today`."""

    title: str
    content: str
    expected_result: str
    days_ago: int
    deadline: int  # days after issue: see `deadline_kind`
    addressees: tuple[tuple[str, str], ...]
    accountable: str  # login of the leader accountable
    source_kind: str = Directive.SourceKind.DOCUMENT
    source_number: str = ""
    source_symbol: str = ""
    source_title: str = ""
    # A date (`deadline` days after issue, moved on to a working day), or N calendar or
    # working days, computed by the service at issue.
    deadline_kind: str = Directive.DeadlineKind.DATE
    priority: str = Directive.Priority.NORMAL


@dataclass
class Seeder:
    """The steps of the demo, with the people, units and calendar they share."""

    today: dt.date
    calendar: WorkingCalendar
    users: dict[str, User]
    people: dict[str, Person]
    units: dict[str, Unit]
    result: DemoDirectivesResult = field(default_factory=DemoDirectivesResult)

    # ------------------------------------------------------------ dates and authorities

    def back(self, days: int) -> dt.date:
        """The working day on or before `today - days`."""
        return self.not_after(self.today - dt.timedelta(days=days))

    def not_after(self, day: dt.date) -> dt.date:
        """`day` moved back to a working day (for reports made in time), never after today."""
        day = min(day, self.today)
        while not self.calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def not_before(self, day: dt.date) -> dt.date:
        """`day` moved on to a working day (for late reports), never after today."""
        return min(self.calendar.next_working_day(day), self.today)

    def auth(self, login: str, on: dt.date) -> Authority:
        return authority_for(self.users[login], on)

    @staticmethod
    def at(day: dt.date, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    @staticmethod
    def fresh(task: Task) -> Task:
        return Task.objects.select_related("unit", "directive").get(pk=task.pk)

    # ------------------------------------------------------------ directives

    def issue(self, spec: Spec, *, issuer: str = "vientruong", on: dt.date | None = None) -> Issued:
        on = on or self.back(spec.days_ago)
        authority = self.auth(issuer, on)
        programme_item = None
        if spec.source_kind == Directive.SourceKind.PROGRAMME:
            programme_item = (
                ProgrammeItem.objects.filter(unit=self.units[PROVINCE])
                .order_by("-year", "rank")
                .filter(kind=ProgrammeItem.Kind.BREAKTHROUGH)
                .first()
            )
        kind = spec.source_kind
        by_date = spec.deadline_kind == Directive.DeadlineKind.DATE
        if kind == Directive.SourceKind.PROGRAMME and programme_item is None:
            kind = Directive.SourceKind.MEETING  # the plans demo is not loaded
        data = services.DirectiveData(
            issuing_unit=self.units[PROVINCE],
            title=spec.title,
            content=spec.content,
            expected_result=spec.expected_result,
            accountable=self.people[spec.accountable],
            source_kind=kind,
            source_number=spec.source_number,
            source_symbol=spec.source_symbol,
            source_date=on - dt.timedelta(days=1) if spec.source_number else on,
            source_title=spec.source_title,
            programme_item=programme_item if kind == Directive.SourceKind.PROGRAMME else None,
            deadline_kind=spec.deadline_kind,
            deadline_days=None if by_date else spec.deadline,
            deadline=self.calendar.next_working_day(on + dt.timedelta(days=spec.deadline))
            if by_date
            else None,
            priority=spec.priority,
            addressees=[(self.units[code], role) for code, role in spec.addressees],
        )
        draft = services.save_draft(data, authority=authority)
        directive = services.issue_directive(
            draft, authority=authority, expected_version=draft.version, on=on
        )
        tasks = {
            task.unit.code: task
            for task in Task.objects.filter(directive=directive).select_related("unit")
        }
        self.result.directives += 1
        self.result.tasks += len(tasks)
        return Issued(directive, tasks, on)

    def close(self, directive: Directive) -> None:
        directive = Directive.objects.get(pk=directive.pk)
        services.close_directive(
            directive,
            authority=self.auth("vientruong", self.today),
            expected_version=directive.version,
        )

    # ------------------------------------------------------------ tasks

    def progress(self, task: Task, who: str, percent: int, on: dt.date, note: str) -> None:
        task = self.fresh(task)
        services.report_progress(
            task,
            percent=percent,
            note=note,
            authority=self.auth(who, on),
            expected_version=task.version,
            at=self.at(on, 16),
        )

    def report(self, task: Task, who: str, on: dt.date, note: str) -> None:
        task = self.fresh(task)
        services.report_completion(
            task,
            note=note,
            authority=self.auth(who, on),
            expected_version=task.version,
            at=self.at(on),
        )

    def accept(self, task: Task, who: str, on: dt.date, note: str = "") -> None:
        task = self.fresh(task)
        services.accept_completion(
            task, note=note, authority=self.auth(who, on), expected_version=task.version
        )

    def send_back(self, task: Task, who: str, on: dt.date, reason: str) -> None:
        task = self.fresh(task)
        services.return_completion(
            task, reason=reason, authority=self.auth(who, on), expected_version=task.version
        )

    def complete(self, task: Task, who: str, on: dt.date, note: str, *, accepter: str) -> None:
        """Report the task complete on `on`; the assigner accepts it (the next working day)."""
        self.report(task, who, on, note)
        self.accept(task, accepter, self.not_before(on + dt.timedelta(days=1)))

    def extend(
        self,
        task: Task,
        who: str,
        on: dt.date,
        *,
        to: dt.date,
        reason: str,
        decider: str,
        approve: bool,
        note: str = "",
    ) -> None:
        request = services.request_extension(
            self.fresh(task), reason=reason, proposed_date=to, authority=self.auth(who, on)
        )
        services.decide_extension(
            request, approve=approve, note=note, authority=self.auth(decider, on)
        )

    def subtask(
        self, task: Task, head: str, assignee: Person, title: str, on: dt.date, deadline: dt.date
    ) -> Task:
        subtask = services.assign_subtask(
            self.fresh(task),
            assignee=assignee,
            title=title,
            deadline=deadline,
            note="Báo cáo kết quả cho lãnh đạo đơn vị trước thời hạn của đơn vị.",
            authority=self.auth(head, on),
            on=on,
        )
        self.result.tasks += 1
        return subtask


@dataclass(frozen=True)
class Issued:
    """A directive just issued, its units' tasks by unit code, and its issue date."""

    directive: Directive
    tasks: dict[str, Task]
    on: dt.date

    @property
    def deadline(self) -> dt.date:
        assert self.directive.deadline is not None  # noqa: S101 - issued directives have one
        return self.directive.deadline
