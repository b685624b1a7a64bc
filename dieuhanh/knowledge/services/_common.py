"""Helpers shared by the knowledge services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dieuhanh.core.errors import Denied
from dieuhanh.knowledge.errors import KnowledgeError
from dieuhanh.knowledge.models import GuidanceDocument
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Person, Power, Unit


def today() -> dt.date:
    return timezone.localdate()


def fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def acting_person(authority: Authority, power: str = Power.VIEW) -> Person:
    """The person behind the request; an account without a person may not act here."""
    if authority.person is None:
        raise Denied(power)
    return authority.person


def ancestors_and_self(unit: Unit) -> list[str]:
    """The paths of a unit and of every unit above it."""
    return [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]


def guidance_for(unit: Unit) -> GuidanceDocument | None:
    """The guidance document issued by the nearest unit above (or at) `unit`, newest first.

    Its keeper is the personnel department (Phòng Tổ chức cán bộ) that unit's staff send
    experience to: the default organiser of seminars and the assessor of contributions made
    outside any seminar.
    """
    documents = GuidanceDocument.objects.select_related("keeper", "issuer").filter(
        issuer__path__in=ancestors_and_self(unit)
    )
    return max(
        documents,
        key=lambda d: (len(d.issuer.path), d.created_at, d.pk),
        default=None,
    )


def personnel_department_for(unit: Unit) -> Unit:
    """The unit that gathers and assesses experience for `unit` (see `guidance_for`)."""
    document = guidance_for(unit)
    if document is None:
        raise KnowledgeError(
            "Chưa có chuyên đề nào của đơn vị cấp trên nên chưa xác định được Phòng Tổ chức cán bộ "
            "tiếp nhận; hãy chọn đơn vị tổ chức.",
            field="organiser",
        )
    return document.keeper
