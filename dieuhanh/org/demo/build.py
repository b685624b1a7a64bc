"""The demo builder: applies `demo_plan()` through the org services, in one transaction.

Every step is keyed on codes (unit codes, staff codes, usernames, instrument numbers), so a second
run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from dieuhanh.core.audit import diff, record, record_many, snapshot
from dieuhanh.org import services
from dieuhanh.org.access import Authority, authority_for
from dieuhanh.org.demo.data import (
    ADMIN_STAFF_CODE,
    DELEGATION_NUMBER,
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    MERGE_DECISION,
    PORTFOLIO_DECISION,
    PROVINCE_LABEL,
    RENAME_DECISION,
    RESTRUCTURED_ON,
    UNIT_NOTE,
    AccountSpec,
    DemoPlan,
    PersonSpec,
    PostingSpec,
    UnitSpec,
    demo_plan,
    working_year_start,
)
from dieuhanh.org.errors import OrgError
from dieuhanh.org.models import (
    Delegation,
    Person,
    Portfolio,
    Position,
    Posting,
    Power,
    Unit,
    UnitLevel,
    UnitName,
    WorkArea,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class DemoError(OrgError):
    """The demo cannot be loaded into this database as it stands."""


@dataclass
class SeedResult:
    """What one run created, by kind; empty when the demo was already complete."""

    created: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the command's output."""
        if not self.created:
            return f"Dữ liệu demo {PROVINCE_LABEL} đã đầy đủ; không có gì thay đổi."
        parts = ", ".join(f"{count} {kind}" for kind, count in self.created.items())
        return f"Đã nạp dữ liệu demo {PROVINCE_LABEL}: tạo mới {parts}."


@dataclass
class _Context:
    """What the builder steps share: the admin's authority, lookups and the warnings."""

    authority: Authority
    today: dt.date
    progress: Callable[[str], None]
    result: SeedResult
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    levels: dict[str, UnitLevel] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)


def _counts() -> dict[str, int]:
    """Rows of each kind the demo writes; the difference over a run is what it created."""
    models: list[tuple[str, type[Model]]] = [
        ("đơn vị", Unit),
        ("tên cũ của đơn vị", UnitName),
        ("cán bộ", Person),
        ("bố trí công tác", Posting),
        ("phân công phụ trách", Portfolio),
        ("ủy quyền", Delegation),
        ("tài khoản", get_user_model()),
    ]
    return {label: model._default_manager.count() for label, model in models}


def _silent(message: str) -> None:
    """Progress sink for callers that want none."""


def has_units() -> bool:
    """Whether the database already holds any unit (the `--if-empty` test)."""
    return bool(Unit.objects.exists())


def build_demo(
    *, today: dt.date | None = None, progress: Callable[[str], None] = _silent
) -> SeedResult:
    """Create whatever part of the demo province is missing, in one transaction."""
    plan = demo_plan()
    today = today or timezone.localdate()
    result = SeedResult()
    before = _counts()
    with transaction.atomic():
        progress(f"Nạp dữ liệu demo: {PROVINCE_LABEL} — đơn vị và cán bộ đều hư cấu.")
        admin = _ensure_admin()
        context = _Context(
            authority=authority_for(admin, today), today=today, progress=progress, result=result
        )
        context.levels = {level.code: level for level in UnitLevel.objects.all()}
        context.positions = {position.code: position for position in Position.objects.all()}
        _ensure_admin_person(context)
        # KV6 comes last: merge_units makes it from the old units, so they need their staff first.
        _ensure_units(
            context,
            (plan.province, *plan.departments, *plan.regional[:-1], *plan.teams, *plan.old_units),
        )
        _ensure_people(context, plan.people)
        _ensure_merge(context, plan)
        _ensure_postings(context, plan.postings)
        _ensure_transfer(context, plan.transfer)
        _ensure_portfolios(context, plan)
        _ensure_delegation(context, plan)
        _ensure_accounts(context, plan.accounts)
    after = _counts()
    result.created = {
        kind: after[kind] - before[kind] for kind in after if after[kind] != before[kind]
    }
    for warning in result.warnings:
        progress(f"Lưu ý: {warning}")
    return result


def _ensure_admin() -> User:
    """The `admin` superuser whose authority builds the demo; created if missing."""
    user_model = get_user_model()
    admin = user_model.objects.filter(username="admin").first()
    if admin is None:
        admin = user_model.objects.create_superuser(
            "admin", email=f"admin@{EMAIL_DOMAIN}", password=DEMO_PASSWORD
        )
    if not admin.is_superuser:
        raise DemoError(
            "Tài khoản “admin” đã có nhưng không phải quản trị hệ thống; "
            "không nạp được dữ liệu demo."
        )
    return admin


def _ensure_admin_person(context: _Context) -> None:
    """The person the `admin` login belongs to, without any posting."""
    person = Person.objects.filter(staff_code=ADMIN_STAFF_CODE).first()
    if person is None:
        person = Person.objects.create(
            staff_code=ADMIN_STAFF_CODE,
            full_name="Quản trị hệ thống (demo)",
            email=f"{ADMIN_STAFF_CODE}@{EMAIL_DOMAIN}",
        )
        # No service registers a person without a posting; record what create_person would.
        record(
            "org.person.create",
            person,
            actor=context.authority.actor,
            changes=diff({}, snapshot(person, services.PERSON_FIELDS)),
        )
    context.people[ADMIN_STAFF_CODE] = person


def _ensure_units(context: _Context, specs: Sequence[UnitSpec]) -> None:
    """Create the missing units, parents before children (the specs are in that order)."""
    codes = [spec.code for spec in specs]
    context.units.update({unit.code: unit for unit in Unit.objects.filter(code__in=codes)})
    created = 0
    for spec in specs:
        if spec.code in context.units:
            continue
        parent = context.units[spec.parent] if spec.parent else None
        unit = services.create_unit(
            parent=parent,
            code=spec.code,
            name=spec.former_name or spec.name,
            level=context.levels[spec.level],
            authority=context.authority,
            short_name=spec.short_name,
            active_from=spec.active_from,
            note=spec.note,
        )
        if spec.former_name:
            # Created under its old name and renamed, so the history reads as a real rename.
            unit = services.update_unit(
                unit,
                expected_version=unit.version,
                authority=context.authority,
                name=spec.name,
                short_name=spec.short_name,
                level=unit.level,
                active_from=unit.active_from,
                active_to=unit.active_to,
                note=unit.note,
                renamed_on=RESTRUCTURED_ON,
                rename_decision=RENAME_DECISION,
            )
        context.units[spec.code] = unit
        created += 1
    context.progress(f"• Đơn vị: {created} mới, {len(specs) - created} đã có.")


def _ensure_people(context: _Context, specs: Sequence[PersonSpec]) -> None:
    """Register planned people missing from the database, each with their first posting."""
    codes = [spec.staff_code for spec in specs]
    context.people.update(
        {person.staff_code: person for person in Person.objects.filter(staff_code__in=codes)}
    )
    missing = [spec for spec in specs if spec.staff_code not in context.people]
    # Bulk inserts keep the seed (and every test that runs it) fast: create_person would cost a
    # dozen queries a head. Each row still gets the audit entry the service writes, and the
    # tests check the rules create_posting enforces (one head, one main posting at a time).
    people = Person.objects.bulk_create(
        Person(
            staff_code=spec.staff_code,
            full_name=spec.full_name,
            gender=spec.gender,
            birth_date=spec.birth_date,
            email=spec.email,
        )
        for spec in missing
    )
    postings = Posting.objects.bulk_create(
        Posting(
            person=person,
            unit=context.units[spec.unit],
            position=context.positions[spec.position],
            start=spec.start,
        )
        for spec, person in zip(missing, people, strict=True)
    )
    for person in people:
        context.people[person.staff_code] = person
    entries: list[tuple[str, Model, dict[str, list[Any]]]] = []
    for person, posting in zip(people, postings, strict=True):
        entries += [
            ("org.person.create", person, diff({}, snapshot(person, services.PERSON_FIELDS))),
            ("org.posting.create", posting, diff({}, snapshot(posting, services.POSTING_FIELDS))),
        ]
    record_many(entries, actor=context.authority.actor)
    context.progress(f"• Cán bộ: {len(missing)} mới, {len(specs) - len(missing)} đã có.")


def _ensure_merge(context: _Context, plan: DemoPlan) -> None:
    """Merge the two old units into KV6 from 01/07/2025, unless KV6 exists."""
    spec = plan.regional[-1]
    existing = Unit.objects.filter(code=spec.code).first()
    if existing is not None:
        context.units[spec.code] = existing
        return
    context.units[spec.code] = services.merge_units(
        [context.units[old.code] for old in plan.old_units],
        parent=context.units[spec.parent],
        code=spec.code,
        name=spec.name,
        level=context.levels[spec.level],
        on=RESTRUCTURED_ON,
        authority=context.authority,
        decision=MERGE_DECISION,
    )
    # merge_units writes the decision as the note; keep the demo label and short name too.
    unit = context.units[spec.code]
    context.units[spec.code] = services.update_unit(
        unit,
        expected_version=unit.version,
        authority=context.authority,
        name=unit.name,
        short_name=spec.short_name,
        level=unit.level,
        active_from=unit.active_from,
        active_to=unit.active_to,
        note=f"{UNIT_NOTE} {MERGE_DECISION}.",
    )
    context.progress(
        f"• Hợp nhất {' và '.join(old.name for old in plan.old_units)} thành {spec.name} "
        f"từ ngày {RESTRUCTURED_ON:%d/%m/%Y}."
    )


def _ensure_postings(context: _Context, specs: Sequence[PostingSpec]) -> None:
    """Add the further postings (KV6 leaders, the kiêm nhiệm) that are not there yet."""
    for spec in specs:
        person, unit = context.people[spec.staff_code], context.units[spec.unit]
        if Posting.objects.filter(person=person, unit=unit, start=spec.start).exists():
            continue
        services.create_posting(
            person=person,
            unit=unit,
            position=context.positions[spec.position],
            start=spec.start,
            authority=context.authority,
            concurrent=spec.concurrent,
            decision=spec.decision,
        )


def _ensure_transfer(context: _Context, spec: PostingSpec) -> None:
    """Move the planned prosecutor from KV3 to Phòng 1, unless already there."""
    person, to_unit = context.people[spec.staff_code], context.units[spec.unit]
    if Posting.objects.filter(person=person, unit=to_unit).exists():
        return
    current = Posting.objects.current(spec.start - dt.timedelta(days=1)).get(
        person=person, concurrent=False
    )
    services.transfer_person(
        current,
        to_unit=to_unit,
        position=context.positions[spec.position],
        on=spec.start,
        authority=context.authority,
        decision=spec.decision,
    )
    context.progress(
        f"• Điều động {person} từ {current.unit.short_name} sang {to_unit.short_name} "
        f"từ ngày {spec.start:%d/%m/%Y}."
    )


def _ensure_portfolios(context: _Context, plan: DemoPlan) -> None:
    """Assign each deputy chief their portfolio for the working year, once."""
    province = context.units[plan.province.code]
    areas = {area.code: area for area in WorkArea.objects.all()}
    for spec in plan.portfolios:
        deputy = context.people[spec.staff_code]
        if Portfolio.objects.filter(
            deputy=deputy, unit=province, decision=PORTFOLIO_DECISION
        ).exists():
            continue
        services.assign_portfolio(
            deputy=deputy,
            unit=province,
            units=[context.units[code] for code in spec.units],
            work_areas=[areas[code] for code in spec.work_areas],
            start=working_year_start(context.today),
            authority=context.authority,
            decision=PORTFOLIO_DECISION,
        )


def _ensure_delegation(context: _Context, plan: DemoPlan) -> None:
    """Register the Chief's delegation to deputy chief #1, once (keyed on its number)."""
    if Delegation.objects.filter(instrument_number=DELEGATION_NUMBER).exists():
        return
    # A window around the day of seeding, so a fresh demo always shows a delegation in force.
    start = context.today - dt.timedelta(days=10)
    services.grant_delegation(
        grantor=context.people[plan.chief],
        grantee=context.people[plan.deputies[0]],
        powers=[Power.VIEW, Power.DIRECT, Power.APPROVE],
        units=[context.units[plan.province.code]],
        start=start,
        end=context.today + dt.timedelta(days=20),
        instrument_number=DELEGATION_NUMBER,
        instrument_date=start,
        authority=context.authority,
        note="Ủy quyền giả định (demo).",
    )


def _ensure_accounts(context: _Context, specs: Sequence[AccountSpec]) -> None:
    """Create and link the demo logins; never take over an account that already exists."""
    user_model = get_user_model()
    users = {
        u.username: u for u in user_model.objects.filter(username__in=[s.username for s in specs])
    }
    for spec in specs:
        person = context.people[spec.staff_code]
        user = users.get(spec.username)
        if user is None:
            if person.user_id is not None:
                context.result.warnings.append(
                    f"{person} đã có tài khoản khác; không tạo “{spec.username}”."
                )
                continue
            user = user_model.objects.create_user(
                spec.username, email=person.email, password=DEMO_PASSWORD
            )
        if person.user_id == user.pk:
            continue
        if person.user_id is not None or Person.objects.filter(user=user).exists():
            context.result.warnings.append(
                f"Tài khoản “{spec.username}” đã có sẵn và không gắn với cán bộ demo; giữ nguyên."
            )
            continue
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        # No service links accounts yet; the audit trail still shows who got a login.
        record(
            "org.person.update",
            person,
            actor=context.authority.actor,
            changes={"user": [None, spec.username]},
        )
