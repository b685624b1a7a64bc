"""Writes to directives: drafts, the "5 rõ" check, issue with fan-out, close, cancel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from dieuhanh.core.audit import Actor, diff, record, record_many, snapshot
from dieuhanh.core.concurrency import claim_version
from dieuhanh.core.errors import Denied
from dieuhanh.directives.deadlines import deadline_from
from dieuhanh.directives.errors import DirectiveError, MissingPoint, NotFiveClear
from dieuhanh.directives.models import (
    OPEN_STATUSES,
    Addressee,
    Directive,
    Role,
    Task,
    TaskStatus,
)
from dieuhanh.directives.rules import acting_person
from dieuhanh.directives.services._common import fmt, today
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Delegation, Person, Posting, Power, Unit
from dieuhanh.plans.models import ProgrammeItem

DIRECTIVE_FIELDS = (
    "source_kind",
    "source_number",
    "source_symbol",
    "source_date",
    "source_title",
    "programme_item",
    "issuing_unit",
    "title",
    "content",
    "expected_result",
    "accountable",
    "deadline_kind",
    "deadline_days",
    "deadline",
    "priority",
    "restricted",
)


@dataclass
class DirectiveData:
    """What a leader types into the directive form."""

    issuing_unit: Unit
    title: str = ""
    content: str = ""
    expected_result: str = ""
    accountable: Person | None = None
    source_kind: str = Directive.SourceKind.DOCUMENT
    source_number: str = ""
    source_symbol: str = ""
    source_date: dt.date | None = None
    source_title: str = ""
    programme_item: ProgrammeItem | None = None
    deadline_kind: str = Directive.DeadlineKind.DATE
    deadline_days: int | None = None
    deadline: dt.date | None = None
    priority: str = Directive.Priority.NORMAL
    restricted: bool = False
    addressees: Sequence[tuple[Unit, str]] = field(default_factory=list)


# ---------------------------------------------------------------- "5 rõ"


def check_five_clear(
    draft: Directive, addressees: Sequence[tuple[Unit, str]] | None = None
) -> list[MissingPoint]:
    """The points of the "5 rõ" rule the draft does not make clear yet (empty: ready).

    Rõ người: at least one unit leads; rõ việc: a title and the work; rõ thời gian: a deadline
    (a date or a number of days); rõ kết quả: the expected result; rõ trách nhiệm: the leader
    accountable. `addressees` lets the form check unsaved choices; by default the draft's own.
    """
    if addressees is None:
        roles = [a.role for a in draft.addressees.all()] if draft.pk is not None else []
    else:
        roles = [role for _unit, role in addressees]
    missing = []
    if Role.LEAD not in roles:
        missing.append(
            MissingPoint("person", "addressees", "Chưa rõ người: chưa có đơn vị chủ trì")
        )
    if not draft.title.strip() or not draft.content.strip():
        missing.append(
            MissingPoint(
                "work",
                "content" if draft.title.strip() else "title",
                "Chưa rõ việc: chưa có tên nhiệm vụ và nội dung công việc",
            )
        )
    has_time = (
        draft.deadline is not None
        if draft.deadline_kind == Directive.DeadlineKind.DATE
        else bool(draft.deadline_days)
    )
    if not has_time:
        missing.append(
            MissingPoint(
                "time",
                "deadline"
                if draft.deadline_kind == Directive.DeadlineKind.DATE
                else "deadline_days",
                "Chưa rõ thời gian: chưa có thời hạn hoàn thành",
            )
        )
    if not draft.expected_result.strip():
        missing.append(
            MissingPoint(
                "result", "expected_result", "Chưa rõ kết quả: chưa nêu kết quả, sản phẩm phải đạt"
            )
        )
    if draft.accountable_id is None:
        missing.append(
            MissingPoint(
                "responsibility",
                "accountable",
                "Chưa rõ trách nhiệm: chưa có lãnh đạo chịu trách nhiệm",
            )
        )
    return missing


# ---------------------------------------------------------------- drafts


def _check_source(data: DirectiveData) -> None:
    kind = data.source_kind
    if kind == Directive.SourceKind.DOCUMENT and (not data.source_number or not data.source_date):
        raise DirectiveError(
            "Chỉ đạo theo văn bản cần số và ngày của văn bản.", field="source_number"
        )
    if kind == Directive.SourceKind.MEETING and data.source_date is None:
        raise DirectiveError("Kết luận cuộc họp cần ngày họp.", field="source_date")
    if kind == Directive.SourceKind.PROGRAMME and data.programme_item is None:
        raise DirectiveError(
            "Hãy chọn nội dung chương trình công tác làm nguồn.", field="programme_item"
        )
    days = data.deadline_days
    if data.deadline_kind != Directive.DeadlineKind.DATE and days is not None and days < 1:
        raise DirectiveError("Số ngày phải từ 1 trở lên.", field="deadline_days")


def _check_addressees(
    issuing_unit: Unit, addressees: Sequence[tuple[Unit, str]], authority: Authority
) -> list[Actor]:
    """Each addressed unit once, under the issuing unit and in the user's DIRECT scope."""
    seen: set[int] = set()
    actors = []
    for unit, role in addressees:
        if unit.pk in seen:
            raise DirectiveError(f"Đơn vị “{unit}” được chọn hai lần.", field="addressees")
        seen.add(unit.pk)
        if role not in Role.values:
            raise DirectiveError(f"Vai trò của “{unit}” không hợp lệ.", field="addressees")
        if not unit.path.startswith(issuing_unit.path):
            raise DirectiveError(
                f"Đơn vị “{unit}” không trực thuộc “{issuing_unit}”.", field="addressees"
            )
        try:
            actors.append(authority.actor_for(unit, Power.DIRECT))
        except Denied as error:
            raise DirectiveError(
                f"Đơn vị “{unit}” nằm ngoài phạm vi chỉ đạo của bạn; không thể giao nhiệm vụ.",
                field="addressees",
            ) from error
    return actors


def _delegation_used(actors: Sequence[Actor]) -> int | None:
    """The delegation the issue relies on, if any; one directive relies on at most one."""
    ids = {a.delegation_id for a in actors if a.delegation_id is not None}
    if len(ids) > 1:
        raise DirectiveError(
            "Các đơn vị được chọn thuộc các văn bản ủy quyền khác nhau; hãy ban hành riêng.",
            field="addressees",
        )
    return ids.pop() if ids else None


def _check_issuing_unit(
    unit: Unit, authority: Authority, delegation: Delegation | None, on: dt.date
) -> None:
    """The issuer directs from a unit they direct, or from the grantor's unit under delegation."""
    if authority.can(unit, Power.DIRECT):
        return
    if (
        delegation is not None
        and Posting.objects.current(on).filter(person=delegation.grantor, unit=unit).exists()
    ):
        return
    raise DirectiveError(f"Bạn không có quyền chỉ đạo nhân danh “{unit}”.", field="issuing_unit")


@transaction.atomic
def save_draft(
    data: DirectiveData,
    *,
    authority: Authority,
    directive: Directive | None = None,
    expected_version: int | None = None,
) -> Directive:
    """Create or edit a draft directive with its addressed units; nothing is sent yet."""
    person = acting_person(authority)
    if not authority.paths(Power.DIRECT):
        raise Denied(Power.DIRECT)
    _check_source(data)
    actors = _check_addressees(data.issuing_unit, data.addressees, authority)
    if directive is None:
        directive = Directive(issuer=person)
        before: dict[str, object] = {}
        action = "directives.directive.draft"
    else:
        if directive.status != Directive.Status.DRAFT:
            raise DirectiveError("Chỉ sửa được chỉ đạo đang là dự thảo.", field="status")
        if directive.issuer_id != person.pk:
            authority.actor_for(directive.issuing_unit, Power.DIRECT)
        claim_version(directive, expected_version)
        before = snapshot(directive, DIRECTIVE_FIELDS)
        action = "directives.directive.edit_draft"
    for name in DIRECTIVE_FIELDS:
        setattr(directive, name, getattr(data, name))
    if directive.deadline_kind != Directive.DeadlineKind.DATE:
        directive.deadline = None
    else:
        directive.deadline_days = None
    directive.save()
    directive.addressees.all().delete()
    Addressee.objects.bulk_create(
        Addressee(directive=directive, unit=unit, role=role) for unit, role in data.addressees
    )
    changes = diff(before, snapshot(directive, DIRECTIVE_FIELDS))
    changes["addressees"] = [None, [f"{unit.code}:{role}" for unit, role in data.addressees]]
    record(action, directive, actor=actors[0] if actors else authority.actor, changes=changes)
    return directive


# ---------------------------------------------------------------- issue


@transaction.atomic
def issue_directive(
    directive: Directive,
    *,
    authority: Authority,
    expected_version: int | None,
    on: dt.date | None = None,
) -> Directive:
    """Issue a draft: refused unless "5 rõ"; one task per addressed unit with its role.

    Every addressed unit must be in the issuer's DIRECT scope; under a delegation the directive
    is issued on behalf of the grantor. A deadline given in days is computed here from the
    issue date (`deadline_from`); a deadline before the issue date is refused.
    """
    person = acting_person(authority)
    if directive.status != Directive.Status.DRAFT:
        raise DirectiveError("Chỉ đạo này đã được ban hành hoặc đã hủy.", field="status")
    addressees = list(directive.addressees.select_related("unit"))
    missing = check_five_clear(directive, [(a.unit, a.role) for a in addressees])
    if missing:
        raise NotFiveClear(missing)
    actors = _check_addressees(
        directive.issuing_unit, [(a.unit, a.role) for a in addressees], authority
    )
    delegation_id = _delegation_used(actors)
    delegation = (
        next(
            g.delegation
            for g in authority.grants
            if g.delegation and g.delegation.pk == delegation_id
        )
        if delegation_id
        else None
    )
    issued_on = on or today()
    _check_issuing_unit(directive.issuing_unit, authority, delegation, issued_on)
    if directive.deadline_kind == Directive.DeadlineKind.DATE:
        deadline = directive.deadline
        assert deadline is not None  # noqa: S101 - "5 rõ" checked above
        if deadline < issued_on:
            raise DirectiveError(
                f"Thời hạn {fmt(deadline)} trước ngày ban hành {fmt(issued_on)}.",
                field="deadline",
            )
    else:
        deadline = deadline_from(
            issued_on,
            days=directive.deadline_days or 0,
            working=directive.deadline_kind == Directive.DeadlineKind.WORKING_DAYS,
        )
    claim_version(directive, expected_version)
    directive.issuer = person
    directive.delegation = delegation
    directive.on_behalf_of = delegation.grantor if delegation else None
    directive.status = Directive.Status.ISSUED
    directive.issued_on, directive.issued_at = issued_on, timezone.now()
    directive.deadline = deadline
    directive.save()
    tasks = Task.objects.bulk_create(
        Task(
            directive=directive,
            unit=addressee.unit,
            role=addressee.role,
            assigned_by=person,
            title=directive.title,
            assigned_on=issued_on,
            deadline=deadline,
            original_deadline=deadline,
        )
        for addressee in addressees
    )
    actor = next((a for a in actors if a.delegation_id), actors[0])
    record(
        "directives.directive.issue",
        directive,
        actor=actor,
        changes={
            "status": [Directive.Status.DRAFT, Directive.Status.ISSUED],
            "issued_on": [None, issued_on.isoformat()],
            "deadline": [None, deadline.isoformat()],
        },
    )
    record_many(
        (
            (
                "directives.task.create",
                task,
                {"unit": [None, task.unit.code], "role": [None, task.role]},
            )
            for task in tasks
        ),
        actor=actor,
    )
    return directive


# ---------------------------------------------------------------- close, cancel


def _issuer_actor(directive: Directive, authority: Authority) -> Actor:
    """The issuer, the leader on whose behalf it was issued, or whoever directs the unit."""
    person = acting_person(authority)
    if person.pk in (directive.issuer_id, directive.on_behalf_of_id):
        return authority.actor
    return authority.actor_for(directive.issuing_unit, Power.DIRECT)


@transaction.atomic
def close_directive(
    directive: Directive, *, authority: Authority, expected_version: int | None
) -> Directive:
    """Close an issued directive once every unit's task is done."""
    actor = _issuer_actor(directive, authority)
    if directive.status != Directive.Status.ISSUED:
        raise DirectiveError("Chỉ kết thúc được chỉ đạo đang thực hiện.", field="status")
    still_open = Task.objects.top_level().actionable().open().filter(directive=directive).count()
    if still_open:
        raise DirectiveError(
            f"Còn {still_open} đơn vị chưa hoàn thành; chưa thể kết thúc chỉ đạo.",
            field="status",
        )
    claim_version(directive, expected_version)
    directive.status, directive.closed_at = Directive.Status.CLOSED, timezone.now()
    directive.save(update_fields=["status", "closed_at", "updated_at"])
    record(
        "directives.directive.close",
        directive,
        actor=actor,
        changes={"status": [Directive.Status.ISSUED, Directive.Status.CLOSED]},
    )
    return directive


@transaction.atomic
def cancel_directive(
    directive: Directive, *, reason: str, authority: Authority, expected_version: int | None
) -> Directive:
    """Cancel a draft or an issued directive; its open tasks are cancelled, done ones kept."""
    actor = _issuer_actor(directive, authority)
    if directive.status not in (Directive.Status.DRAFT, Directive.Status.ISSUED):
        raise DirectiveError("Chỉ đạo này đã kết thúc hoặc đã hủy.", field="status")
    if not reason.strip():
        raise DirectiveError("Hãy nêu lý do hủy chỉ đạo.", field="reason")
    claim_version(directive, expected_version)
    before = directive.status
    directive.status, directive.closed_at = Directive.Status.CANCELLED, timezone.now()
    directive.save(update_fields=["status", "closed_at", "updated_at"])
    cancelled = Task.objects.filter(directive=directive, status__in=OPEN_STATUSES).update(
        status=TaskStatus.CANCELLED, updated_at=timezone.now()
    )
    record(
        "directives.directive.cancel",
        directive,
        actor=actor,
        changes={
            "status": [before, Directive.Status.CANCELLED],
            "reason": [None, reason],
            "tasks_cancelled": [None, cancelled],
        },
    )
    return directive
