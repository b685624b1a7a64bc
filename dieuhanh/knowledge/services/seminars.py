"""Seminars: create, edit, record the minutes, close, cancel.

Power: organising a seminar is DIRECT on the organiser unit (the head of the personnel
department, the Chief above it, a deputy whose portfolio covers it, or their delegate). The
chair may also record the minutes of the seminar they chaired.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from dieuhanh.core.audit import Actor, diff, record, snapshot
from dieuhanh.core.concurrency import claim_version
from dieuhanh.knowledge.errors import KnowledgeError
from dieuhanh.knowledge.models import Seminar
from dieuhanh.knowledge.services._common import personnel_department_for
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Person, Power, Unit

SEMINAR_FIELDS = (
    "title",
    "date",
    "place",
    "chair",
    "organiser",
    "agenda",
    "keynote",
    "minutes",
    "status",
)
Status = Seminar.Status


def _snapshot(seminar: Seminar) -> dict[str, object]:
    values = snapshot(seminar, SEMINAR_FIELDS)
    if seminar.pk:
        values["units"] = sorted(u.code for u in seminar.units.all())
        values["participants"] = sorted(p.staff_code for p in seminar.participants.all())
    return values


def _check(title: str) -> None:
    if not title.strip():
        raise KnowledgeError("Hãy nhập tên tọa đàm.", field="title")


@transaction.atomic
def create_seminar(
    *,
    authority: Authority,
    title: str,
    date: dt.date,
    chair: Person,
    organiser: Unit | None = None,
    units: Sequence[Unit] = (),
    participants: Sequence[Person] = (),
    place: str = "",
    agenda: str = "",
    keynote: str = "",
) -> Seminar:
    """Create a seminar; the organiser defaults to the personnel department of the user's unit."""
    if organiser is None:
        if not authority.postings:
            raise KnowledgeError("Hãy chọn đơn vị tổ chức.", field="organiser")
        organiser = personnel_department_for(authority.postings[0].unit)
    actor = authority.actor_for(organiser, Power.DIRECT)
    _check(title)
    seminar = Seminar.objects.create(
        title=title.strip(),
        date=date,
        place=place,
        chair=chair,
        organiser=organiser,
        agenda=agenda,
        keynote=keynote,
    )
    seminar.units.set(units)
    seminar.participants.set(participants)
    record("knowledge.seminar.create", seminar, actor=actor, changes=diff({}, _snapshot(seminar)))
    return seminar


@transaction.atomic
def update_seminar(
    seminar: Seminar,
    *,
    authority: Authority,
    expected_version: int,
    title: str,
    date: dt.date,
    chair: Person,
    units: Sequence[Unit],
    participants: Sequence[Person],
    place: str,
    agenda: str,
    keynote: str,
) -> Seminar:
    """Edit a seminar that has not ended."""
    actor = authority.actor_for(seminar.organiser, Power.DIRECT)
    if seminar.status in (Status.CLOSED, Status.CANCELLED):
        raise KnowledgeError(
            f"Tọa đàm {seminar.get_status_display().lower()}, không sửa được nữa.", field="status"
        )
    _check(title)
    claim_version(seminar, expected_version)
    before = _snapshot(seminar)
    seminar.title, seminar.date, seminar.chair, seminar.place = title.strip(), date, chair, place
    seminar.agenda, seminar.keynote = agenda, keynote
    seminar.save()
    seminar.units.set(units)
    seminar.participants.set(participants)
    record(
        "knowledge.seminar.update", seminar, actor=actor, changes=diff(before, _snapshot(seminar))
    )
    return seminar


def _organiser_or_chair(seminar: Seminar, authority: Authority) -> Actor:
    if authority.person is not None and authority.person.pk == seminar.chair_id:
        return authority.actor
    return authority.actor_for(seminar.organiser, Power.DIRECT)


@transaction.atomic
def record_minutes(
    seminar: Seminar, *, authority: Authority, expected_version: int, minutes: str
) -> Seminar:
    """Record the minutes and conclusions; the seminar is then held."""
    actor = _organiser_or_chair(seminar, authority)
    if seminar.status not in (Status.PLANNED, Status.HELD):
        raise KnowledgeError(
            f"Tọa đàm {seminar.get_status_display().lower()}, không ghi biên bản được nữa.",
            field="status",
        )
    if not minutes.strip():
        raise KnowledgeError("Hãy nhập biên bản, kết luận của tọa đàm.", field="minutes")
    claim_version(seminar, expected_version)
    before = snapshot(seminar, ("minutes", "status"))
    seminar.minutes, seminar.status = minutes, Status.HELD
    seminar.save(update_fields=["minutes", "status", "updated_at"])
    record(
        "knowledge.seminar.minutes",
        seminar,
        actor=actor,
        changes=diff(before, snapshot(seminar, ("minutes", "status"))),
    )
    return seminar


@transaction.atomic
def close_seminar(seminar: Seminar, *, authority: Authority, expected_version: int) -> Seminar:
    """End a held seminar: no more contributions are taken for it."""
    actor = authority.actor_for(seminar.organiser, Power.DIRECT)
    if seminar.status != Status.HELD:
        raise KnowledgeError(
            "Chỉ kết thúc được tọa đàm đã tổ chức và đã có biên bản.", field="status"
        )
    claim_version(seminar, expected_version)
    seminar.status = Status.CLOSED
    seminar.save(update_fields=["status", "updated_at"])
    record(
        "knowledge.seminar.end",
        seminar,
        actor=actor,
        changes={"status": [Status.HELD, Status.CLOSED]},
    )
    return seminar


@transaction.atomic
def cancel_seminar(
    seminar: Seminar, *, authority: Authority, expected_version: int, reason: str
) -> Seminar:
    """Cancel a planned seminar that has received no contribution yet."""
    actor = authority.actor_for(seminar.organiser, Power.DIRECT)
    if seminar.status != Status.PLANNED:
        raise KnowledgeError("Chỉ hủy được tọa đàm chưa tổ chức.", field="status")
    if not reason.strip():
        raise KnowledgeError("Hãy nêu lý do hủy tọa đàm.", field="reason")
    if seminar.contributions.exists():
        raise KnowledgeError(
            "Tọa đàm đã có ý kiến gửi đến nên không hủy được; hãy đổi ngày tổ chức.",
            field="status",
        )
    claim_version(seminar, expected_version)
    seminar.status = Status.CANCELLED
    seminar.save(update_fields=["status", "updated_at"])
    record(
        "knowledge.seminar.cancel",
        seminar,
        actor=actor,
        changes={"status": [Status.PLANNED, Status.CANCELLED], "reason": reason},
    )
    return seminar
