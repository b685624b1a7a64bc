"""Writes to the organisation: one function per use case, each audited in its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from treebeard.exceptions import InvalidMoveToDescendant

from dieuhanh.core.audit import Actor, diff, record, snapshot
from dieuhanh.core.concurrency import claim_version
from dieuhanh.core.errors import Denied
from dieuhanh.org.access import Authority, own_grants
from dieuhanh.org.errors import OrgError
from dieuhanh.org.models import (
    Delegation,
    Person,
    Portfolio,
    Position,
    PositionRole,
    Posting,
    Power,
    Unit,
    UnitLevel,
    UnitName,
    WorkArea,
)

UNIT_FIELDS = ("code", "name", "short_name", "level", "active_from", "active_to", "note")
PERSON_FIELDS = ("staff_code", "full_name", "gender", "birth_date", "email", "phone")
POSTING_FIELDS = ("person", "unit", "position", "start", "end", "concurrent", "decision")


def _check_dates(start: dt.date | None, end: dt.date | None, *, field: str = "end") -> None:
    if start is not None and end is not None and end < start:
        raise OrgError("Ngày kết thúc không được trước ngày bắt đầu.", field=field)


# ---------------------------------------------------------------- units


@transaction.atomic
def create_unit(
    *,
    parent: Unit | None,
    code: str,
    name: str,
    level: UnitLevel,
    authority: Authority,
    short_name: str = "",
    active_from: dt.date | None = None,
    note: str = "",
) -> Unit:
    """Create a unit under `parent` (a root when None, administrators only)."""
    if parent is None:
        if not authority.is_admin:
            raise Denied(Power.MANAGE_UNITS)
        actor = authority.actor
    else:
        actor = authority.actor_for(parent, Power.MANAGE_UNITS)
    if Unit.objects.filter(code=code).exists():
        raise OrgError(f"Mã đơn vị “{code}” đã được dùng.", field="code")
    values = {
        "code": code,
        "name": name,
        "short_name": short_name,
        "level": level,
        "active_from": active_from,
        "note": note,
    }
    unit: Unit = (
        Unit.objects.add_root(create_kwargs=values)
        if parent is None
        else Unit.objects.add_child(parent, create_kwargs=values)
    )
    record("org.unit.create", unit, actor=actor, changes=diff({}, snapshot(unit, UNIT_FIELDS)))
    return unit


@transaction.atomic
def update_unit(
    unit: Unit,
    *,
    expected_version: int,
    authority: Authority,
    name: str,
    short_name: str,
    level: UnitLevel,
    active_from: dt.date | None,
    active_to: dt.date | None,
    note: str,
    renamed_on: dt.date | None = None,
    rename_decision: str = "",
) -> Unit:
    """Edit a unit; a new name keeps the old one in the unit's history."""
    actor = authority.actor_for(unit, Power.MANAGE_UNITS)
    _check_dates(active_from, active_to, field="active_to")
    claim_version(unit, expected_version)
    before = snapshot(unit, UNIT_FIELDS)
    if name != unit.name:
        valid_to = (renamed_on or timezone.localdate()) - dt.timedelta(days=1)
        UnitName.objects.create(
            unit=unit, name=unit.name, valid_to=valid_to, decision=rename_decision
        )
    unit.name, unit.short_name, unit.level = name, short_name, level
    unit.active_from, unit.active_to, unit.note = active_from, active_to, note
    unit.save(update_fields=[*UNIT_FIELDS[1:], "updated_at"])
    record("org.unit.update", unit, actor=actor, changes=diff(before, snapshot(unit, UNIT_FIELDS)))
    return unit


@transaction.atomic
def move_unit(unit: Unit, *, new_parent: Unit, authority: Authority, expected_version: int) -> Unit:
    """Move a unit (with its subtree) under another parent."""
    actor = authority.actor_for(unit, Power.MANAGE_UNITS)
    authority.actor_for(new_parent, Power.MANAGE_UNITS)
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise OrgError(
            "Không thể chuyển đơn vị vào chính nó hoặc vào một đơn vị cấp dưới của nó.",
            field="new_parent",
        )
    old_parent = Unit.objects.get_parent(unit)
    claim_version(unit, expected_version)
    try:
        Unit.objects.move(unit, new_parent, "last-child")
    except InvalidMoveToDescendant as error:  # pragma: no cover - guarded above
        raise OrgError("Không thể chuyển đơn vị vào đơn vị cấp dưới của nó.") from error
    unit.refresh_from_db()
    record(
        "org.unit.move",
        unit,
        actor=actor,
        changes={"parent": [str(old_parent) if old_parent else None, str(new_parent)]},
    )
    return unit


@transaction.atomic
def merge_units(
    predecessors: Sequence[Unit],
    *,
    parent: Unit,
    code: str,
    name: str,
    level: UnitLevel,
    on: dt.date,
    authority: Authority,
    decision: str = "",
    transfer_staff: bool = True,
) -> Unit:
    """Merge units into a new one from date `on`; the old ones end the day before.

    Staff of the old units move with the same positions, except single-holder positions
    (heads), which the new unit's leadership decision fills separately.
    """
    if len(predecessors) < 2:
        raise OrgError("Cần chọn ít nhất hai đơn vị để hợp nhất.", field="predecessors")
    for old in predecessors:
        authority.actor_for(old, Power.MANAGE_UNITS)
        if old.active_to is not None and old.active_to < on:
            raise OrgError(
                f"Đơn vị “{old}” đã ngừng hoạt động trước ngày hợp nhất.", field="predecessors"
            )
        if parent.path.startswith(old.path):
            raise OrgError(
                "Đơn vị cấp trên không được là một trong các đơn vị bị hợp nhất.", field="parent"
            )
    unit = create_unit(
        parent=parent,
        code=code,
        name=name,
        level=level,
        authority=authority,
        active_from=on,
        note=decision,
    )
    unit.predecessors.set(predecessors)
    actor = authority.actor_for(parent, Power.MANAGE_UNITS)
    day_before = on - dt.timedelta(days=1)
    for old in predecessors:
        Unit.objects.filter(pk=old.pk).update(active_to=day_before)
        record(
            "org.unit.merged_into",
            old,
            actor=actor,
            changes={"active_to": [None, day_before.isoformat()], "successor": [None, unit.code]},
        )
    # The old units cease: their current postings end the day before; staff move across
    # with the same positions, except single-holder ones (heads), filled by a separate decision.
    moving = (
        Posting.objects.current(on)
        .filter(unit__in=predecessors)
        .select_related("person", "position")
    )
    for posting in moving:
        before = snapshot(posting, POSTING_FIELDS)
        posting.end = day_before
        posting.version += 1
        posting.save(update_fields=["end", "version", "updated_at"])
        record(
            "org.posting.end",
            posting,
            actor=actor,
            changes=diff(before, snapshot(posting, POSTING_FIELDS)),
        )
        if not transfer_staff or posting.position.single_holder:
            continue
        new = Posting.objects.create(
            person=posting.person,
            unit=unit,
            position=posting.position,
            start=on,
            concurrent=posting.concurrent,
            decision=decision,
        )
        record(
            "org.posting.create",
            new,
            actor=actor,
            changes=diff({}, snapshot(new, POSTING_FIELDS)),
        )
    record(
        "org.unit.merge",
        unit,
        actor=actor,
        changes={"predecessors": [None, [old.code for old in predecessors]]},
    )
    return unit


# ---------------------------------------------------------------- people and postings


@transaction.atomic
def create_person(
    *,
    unit: Unit,
    position: Position,
    start: dt.date,
    staff_code: str,
    full_name: str,
    authority: Authority,
    gender: str = "",
    birth_date: dt.date | None = None,
    email: str = "",
    phone: str = "",
    decision: str = "",
) -> Person:
    """Register a new member of staff together with their first posting."""
    actor = authority.actor_for(unit, Power.MANAGE_STAFF)
    if Person.objects.filter(staff_code=staff_code).exists():
        raise OrgError(f"Mã cán bộ “{staff_code}” đã được dùng.", field="staff_code")
    person = Person.objects.create(
        staff_code=staff_code,
        full_name=full_name,
        gender=gender,
        birth_date=birth_date,
        email=email,
        phone=phone,
    )
    record(
        "org.person.create", person, actor=actor, changes=diff({}, snapshot(person, PERSON_FIELDS))
    )
    create_posting(
        person=person,
        unit=unit,
        position=position,
        start=start,
        authority=authority,
        decision=decision,
    )
    return person


@transaction.atomic
def update_person(
    person: Person, *, expected_version: int, authority: Authority, **values: object
) -> Person:
    """Edit a person's details; needs staff management over one of their current units."""
    units = [
        p.unit
        for p in Posting.objects.current(authority.on).filter(person=person).select_related("unit")
    ]
    allowed = [u for u in units if authority.can(u, Power.MANAGE_STAFF)]
    if not allowed and not authority.is_admin:
        raise Denied(Power.MANAGE_STAFF)
    actor = authority.actor_for(allowed[0], Power.MANAGE_STAFF) if allowed else authority.actor
    unknown = set(values) - set(PERSON_FIELDS[1:])
    if unknown:
        raise OrgError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    claim_version(person, expected_version)
    before = snapshot(person, PERSON_FIELDS)
    for name, value in values.items():
        setattr(person, name, value)
    person.save()
    record(
        "org.person.update",
        person,
        actor=actor,
        changes=diff(before, snapshot(person, PERSON_FIELDS)),
    )
    return person


def _check_posting(
    *,
    person: Person,
    unit: Unit,
    position: Position,
    start: dt.date,
    end: dt.date | None,
    concurrent: bool,
    exclude: int | None = None,
) -> None:
    _check_dates(start, end)
    if unit.active_to is not None and start > unit.active_to:
        raise OrgError(
            f"Đơn vị “{unit}” đã ngừng hoạt động từ sau ngày {unit.active_to:%d/%m/%Y}.",
            field="unit",
        )
    if unit.active_from is not None and start < unit.active_from:
        raise OrgError(
            f"Đơn vị “{unit}” chỉ hoạt động từ ngày {unit.active_from:%d/%m/%Y}.", field="start"
        )
    others = Posting.objects.overlapping(start, end)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if position.single_holder:
        holder = (
            others.filter(unit=unit, position=position)
            .exclude(person=person)
            .select_related("person")
            .first()
        )
        if holder is not None:
            raise OrgError(
                f"Chức vụ “{position}” của “{unit}” đã do {holder.person} giữ "
                f"từ ngày {holder.start:%d/%m/%Y}; mỗi thời điểm chỉ một người giữ chức vụ này.",
                field="position",
            )
    if not concurrent:
        main = (
            others.filter(person=person, concurrent=False)
            .select_related("unit", "position")
            .first()
        )
        if main is not None:
            raise OrgError(
                f"{person} đang giữ {main.position} tại {main.unit} trong cùng thời gian; "
                "hãy kết thúc chức vụ đó hoặc đánh dấu chức vụ mới là kiêm nhiệm.",
                field="start",
            )


@transaction.atomic
def create_posting(
    *,
    person: Person,
    unit: Unit,
    position: Position,
    start: dt.date,
    authority: Authority,
    end: dt.date | None = None,
    concurrent: bool = False,
    decision: str = "",
) -> Posting:
    """Post a person to a position in a unit."""
    actor = authority.actor_for(unit, Power.MANAGE_STAFF)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # serialise single-holder checks
    _check_posting(
        person=person, unit=unit, position=position, start=start, end=end, concurrent=concurrent
    )
    posting = Posting.objects.create(
        person=person,
        unit=unit,
        position=position,
        start=start,
        end=end,
        concurrent=concurrent,
        decision=decision,
    )
    record(
        "org.posting.create",
        posting,
        actor=actor,
        changes=diff({}, snapshot(posting, POSTING_FIELDS)),
    )
    return posting


@transaction.atomic
def end_posting(
    posting: Posting,
    *,
    end: dt.date,
    expected_version: int,
    authority: Authority,
    decision: str = "",
) -> Posting:
    """End a posting on a date; the posting stays in the person's history."""
    actor = authority.actor_for(posting.unit, Power.MANAGE_STAFF)
    _check_dates(posting.start, end)
    if posting.end is not None and posting.end < end:
        raise OrgError("Chức vụ này đã kết thúc trước ngày đó.", field="end")
    claim_version(posting, expected_version)
    before = snapshot(posting, POSTING_FIELDS)
    posting.end = end
    if decision:
        posting.decision = f"{posting.decision}; {decision}".strip("; ")
    posting.save(update_fields=["end", "decision", "updated_at"])
    record(
        "org.posting.end",
        posting,
        actor=actor,
        changes=diff(before, snapshot(posting, POSTING_FIELDS)),
    )
    return posting


@transaction.atomic
def transfer_person(
    posting: Posting,
    *,
    to_unit: Unit,
    position: Position,
    on: dt.date,
    authority: Authority,
    decision: str = "",
) -> Posting:
    """Move a person from one posting to a new one starting on `on` (điều động)."""
    if on <= posting.start:
        raise OrgError("Ngày điều động phải sau ngày bắt đầu chức vụ hiện tại.", field="on")
    end_posting(
        posting,
        end=on - dt.timedelta(days=1),
        expected_version=posting.version,
        authority=authority,
        decision=decision,
    )
    return create_posting(
        person=posting.person,
        unit=to_unit,
        position=position,
        start=on,
        authority=authority,
        decision=decision,
    )


# ---------------------------------------------------------------- portfolios


@transaction.atomic
def assign_portfolio(
    *,
    deputy: Person,
    unit: Unit,
    units: Iterable[Unit],
    work_areas: Iterable[WorkArea],
    start: dt.date,
    authority: Authority,
    end: dt.date | None = None,
    decision: str = "",
) -> Portfolio:
    """Assign a deputy the units and work areas they are in charge of (phân công)."""
    actor = authority.actor_for(unit, Power.MANAGE_STAFF)
    units, work_areas = list(units), list(work_areas)
    _check_dates(start, end)
    if not units and not work_areas:
        raise OrgError("Cần chọn ít nhất một đơn vị hoặc một khâu công tác.", field="units")
    is_deputy = (
        Posting.objects.overlapping(start, end)
        .filter(person=deputy, unit=unit, position__role=PositionRole.DEPUTY, start__lte=start)
        .exists()
    )
    if not is_deputy:
        raise OrgError(
            f"{deputy} không phải cấp phó của {unit} vào ngày {start:%d/%m/%Y}.", field="deputy"
        )
    outside = [u for u in units if not u.path.startswith(unit.path)]
    if outside:
        raise OrgError(
            f"Đơn vị “{outside[0]}” không thuộc {unit}; chỉ phân công trong đơn vị mình.",
            field="units",
        )
    portfolio = Portfolio.objects.create(
        deputy=deputy, unit=unit, start=start, end=end, decision=decision
    )
    portfolio.units.set(units)
    portfolio.work_areas.set(work_areas)
    record(
        "org.portfolio.assign",
        portfolio,
        actor=actor,
        changes={
            "deputy": [None, str(deputy)],
            "units": [None, [u.code for u in units]],
            "work_areas": [None, [w.code for w in work_areas]],
            "start": [None, start.isoformat()],
            "end": [None, end.isoformat() if end else None],
        },
    )
    return portfolio


@transaction.atomic
def end_portfolio(
    portfolio: Portfolio, *, end: dt.date, expected_version: int, authority: Authority
) -> Portfolio:
    """End a portfolio assignment on a date."""
    actor = authority.actor_for(portfolio.unit, Power.MANAGE_STAFF)
    _check_dates(portfolio.start, end)
    claim_version(portfolio, expected_version)
    before = snapshot(portfolio, ("end",))
    portfolio.end = end
    portfolio.save(update_fields=["end", "updated_at"])
    record(
        "org.portfolio.end",
        portfolio,
        actor=actor,
        changes=diff(before, snapshot(portfolio, ("end",))),
    )
    return portfolio


# ---------------------------------------------------------------- delegations


def _grantor_holds(
    grantor: Person, powers: Sequence[str], units: Sequence[Unit], on: dt.date
) -> tuple[str, Unit] | None:
    """The first (power, unit) the grantor does not hold on `on`, or None if all are held."""
    grants = own_grants(grantor, on)
    for unit in units:
        for power in powers:
            if not any(g.delegation is None and g.covers(unit.path, power, None) for g in grants):
                return power, unit
    return None


@transaction.atomic
def grant_delegation(
    *,
    grantor: Person,
    grantee: Person,
    powers: Sequence[str],
    units: Sequence[Unit],
    start: dt.date,
    end: dt.date,
    instrument_number: str,
    instrument_date: dt.date,
    authority: Authority,
    note: str = "",
) -> Delegation:
    """Register a written delegation; the grantor must hold every power over every unit."""
    if not authority.is_admin and (authority.person is None or authority.person.pk != grantor.pk):
        raise Denied(Power.DELEGATE)
    if grantor.pk == grantee.pk:
        raise OrgError("Không thể ủy quyền cho chính mình.", field="grantee")
    powers = list(dict.fromkeys(powers))
    if not powers:
        raise OrgError("Cần chọn ít nhất một quyền được ủy quyền.", field="powers")
    invalid = [p for p in powers if p not in Power.values]
    if invalid:
        raise OrgError(f"Quyền không hợp lệ: {', '.join(invalid)}.", field="powers")
    if Power.DELEGATE in powers:
        raise OrgError("Không được ủy quyền lại quyền ủy quyền.", field="powers")
    units = list(units)
    if not units:
        raise OrgError("Cần chọn ít nhất một đơn vị áp dụng.", field="units")
    _check_dates(start, end)
    if instrument_date > start:
        raise OrgError(
            "Văn bản ủy quyền phải được ký trước hoặc trong ngày bắt đầu.", field="instrument_date"
        )
    for day in (start, end):
        missing = _grantor_holds(grantor, powers, units, day)
        if missing is not None:
            power, unit = missing
            raise OrgError(
                f"{grantor} không có quyền “{Power(power).label}” đối với “{unit}” "
                f"vào ngày {day:%d/%m/%Y}, nên không thể ủy quyền quyền đó.",
                field="powers",
            )
    delegation = Delegation.objects.create(
        grantor=grantor,
        grantee=grantee,
        powers=powers,
        start=start,
        end=end,
        instrument_number=instrument_number,
        instrument_date=instrument_date,
        note=note,
    )
    delegation.units.set(units)
    record(
        "org.delegation.grant",
        delegation,
        actor=authority.actor,
        changes={
            "grantor": [None, str(grantor)],
            "grantee": [None, str(grantee)],
            "powers": [None, powers],
            "units": [None, [u.code for u in units]],
            "start": [None, start.isoformat()],
            "end": [None, end.isoformat()],
            "instrument": [None, f"{instrument_number} ngày {instrument_date:%d/%m/%Y}"],
        },
    )
    return delegation


@transaction.atomic
def revoke_delegation(
    delegation: Delegation, *, reason: str, expected_version: int, authority: Authority
) -> Delegation:
    """Revoke a delegation before its end; it stays in the register."""
    if not authority.is_admin and (
        authority.person is None or authority.person.pk != delegation.grantor_id
    ):
        raise Denied(Power.DELEGATE)
    if delegation.revoked_at is not None:
        raise OrgError("Ủy quyền này đã được thu hồi.")
    if not reason.strip():
        raise OrgError("Cần ghi lý do thu hồi.", field="reason")
    claim_version(delegation, expected_version)
    delegation.revoked_at = timezone.now()
    delegation.revoked_by = authority.person
    delegation.revocation_reason = reason
    delegation.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    record(
        "org.delegation.revoke",
        delegation,
        actor=authority.actor,
        changes={"revoked": [False, True], "reason": [None, reason]},
    )
    return delegation


def system_actor() -> Actor:
    """The actor for changes made by commands and jobs, not by a person."""
    return Actor.system()
