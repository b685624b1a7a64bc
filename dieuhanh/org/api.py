"""JSON API of the organisation: reads scoped by the access authority, writes via services."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from dieuhanh.core.api_errors import ERRORS_QUERY, ERRORS_READ, ERRORS_WRITE, ErrorOut
from dieuhanh.org import selectors, services
from dieuhanh.org.access import get_in_scope, request_authority
from dieuhanh.org.errors import OrgError
from dieuhanh.org.models import Delegation, Person, Position, Posting, Power, Unit, WorkArea

router = Router()


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    level: str = Field(..., alias="level.code")
    parent: str | None
    depth: int
    active_from: dt.date | None
    active_to: dt.date | None

    @staticmethod
    def resolve_parent(obj: Unit) -> str | None:
        return getattr(obj, "parent_code", None)


class PositionOut(Schema):
    code: str
    name: str
    role: str
    single_holder: bool


class WorkAreaOut(Schema):
    code: str
    name: str
    function: str


class PersonOut(Schema):
    id: int
    staff_code: str
    full_name: str
    email: str


class PostingOut(Schema):
    id: int
    person_id: int
    person: str = Field(..., alias="person.full_name")
    unit: str = Field(..., alias="unit.code")
    position: str = Field(..., alias="position.code")
    start: dt.date
    end: dt.date | None
    concurrent: bool
    decision: str
    version: int


class PostingIn(Schema):
    person_id: int
    unit: str = Field(..., description="Mã đơn vị")
    position: str = Field(..., description="Mã chức vụ, ngạch")
    start: dt.date
    end: dt.date | None = None
    concurrent: bool = False
    decision: str = Field("", max_length=120)


class PostingEndIn(Schema):
    end: dt.date
    version: int
    decision: str = Field("", max_length=120)


class DelegationOut(Schema):
    id: int
    grantor_id: int
    grantor: str = Field(..., alias="grantor.full_name")
    grantee_id: int
    grantee: str = Field(..., alias="grantee.full_name")
    powers: list[Power]
    units: list[str]
    start: dt.date
    end: dt.date
    instrument_number: str
    instrument_date: dt.date
    revoked: bool
    version: int

    @staticmethod
    def resolve_units(obj: Delegation) -> list[str]:
        return [unit.code for unit in obj.units.all()]

    @staticmethod
    def resolve_revoked(obj: Delegation) -> bool:
        return obj.revoked_at is not None


class DelegationIn(Schema):
    grantor_id: int
    grantee_id: int
    powers: list[Power] = Field(..., min_length=1)
    units: list[str] = Field(..., min_length=1, description="Mã các đơn vị áp dụng")
    start: dt.date
    end: dt.date
    instrument_number: str = Field(..., min_length=1, max_length=60)
    instrument_date: dt.date
    note: str = ""


class RevokeIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300)
    version: int


@router.get(
    "/units", response={200: list[UnitOut], **ERRORS_READ}, summary="Đơn vị trong phạm vi xem"
)
def list_units(request: HttpRequest) -> list[Unit]:
    authority = request_authority(request)
    units = list(selectors.visible_units(authority))
    by_path = {
        u.path: u
        for u in Unit.objects.filter(
            path__in={u.path[: -Unit.steplen] for u in units if u.depth > 1}
        )
    }
    for unit in units:
        parent = by_path.get(unit.path[: -Unit.steplen])
        # A parent outside the caller's view is not named (it does not exist for them).
        named = parent.code if parent is not None and authority.can(parent, Power.VIEW) else None
        unit.parent_code = named  # type: ignore[attr-defined]
    return units


@router.get("/units/{code}", response={200: UnitOut, **ERRORS_READ}, summary="Một đơn vị")
def get_unit(request: HttpRequest, code: str) -> Unit:
    authority = request_authority(request)
    unit: Unit = get_in_scope(
        Unit.objects.select_related("level"), authority.scope_q(Power.VIEW, prefix=""), code=code
    )
    parent = Unit.objects.get_parent(unit)
    named = parent.code if parent is not None and authority.can(parent, Power.VIEW) else None
    unit.parent_code = named  # type: ignore[attr-defined]
    return unit


@router.get(
    "/positions", response={200: list[PositionOut], **ERRORS_READ}, summary="Chức vụ, ngạch"
)
def list_positions(request: HttpRequest) -> list[Position]:
    return list(Position.objects.filter(active=True))


@router.get(
    "/work-areas", response={200: list[WorkAreaOut], **ERRORS_READ}, summary="Khâu công tác"
)
def list_work_areas(request: HttpRequest) -> list[WorkArea]:
    return list(WorkArea.objects.filter(active=True))


@router.get(
    "/people", response={200: list[PersonOut], **ERRORS_QUERY}, summary="Cán bộ trong phạm vi xem"
)
def list_people(
    request: HttpRequest, q: str = "", limit: int = 100, offset: int = 0
) -> list[Person]:
    people = selectors.visible_people(request_authority(request)).order_by("full_name", "pk")
    if q:
        people = people.filter(full_name__icontains=q)
    # Clamped like `limit`: a negative offset would make the queryset slice raise (HTTP 500).
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return list(people[offset : offset + limit])


def _person_in_scope(request: HttpRequest, person_id: int) -> Person:
    """A person the user may view, else 404."""
    person: Person | None = (
        selectors.visible_people(request_authority(request)).filter(pk=person_id).first()
    )
    if person is None:
        raise Http404
    return person


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS_READ}, summary="Một cán bộ")
def get_person(request: HttpRequest, person_id: int) -> Person:
    return _person_in_scope(request, person_id)


@router.get(
    "/postings", response={200: list[PostingOut], **ERRORS_QUERY}, summary="Bố trí công tác"
)
def list_postings(request: HttpRequest, unit: str = "", current: bool = True) -> list[Posting]:
    authority = request_authority(request)
    postings = Posting.objects.filter(authority.scope_q(Power.VIEW)).select_related(
        "person", "unit", "position"
    )
    if unit:
        postings = postings.filter(unit__code=unit)
    if current:
        postings = postings.current(authority.on)
    return list(postings.order_by("unit__path", "position__rank", "person__full_name")[:2000])


@router.post("/postings", response={201: PostingOut, **ERRORS_WRITE}, summary="Bố trí công tác")
def create_posting(request: HttpRequest, payload: PostingIn) -> Status[Posting]:
    authority = request_authority(request)
    person = _person_in_scope(request, payload.person_id)
    unit = get_in_scope(
        Unit.objects.all(), authority.scope_q(Power.VIEW, prefix=""), code=payload.unit
    )
    position = Position.objects.filter(code=payload.position, active=True).first()
    if position is None:
        raise OrgError(f"Không có chức vụ, ngạch mã “{payload.position}”.", field="position")
    posting = services.create_posting(
        person=person,
        unit=unit,
        position=position,
        start=payload.start,
        end=payload.end,
        concurrent=payload.concurrent,
        decision=payload.decision,
        authority=authority,
    )
    return Status(201, posting)


@router.post(
    "/postings/{posting_id}/end",
    response={200: PostingOut, **ERRORS_WRITE},
    summary="Kết thúc chức vụ",
)
def end_posting(request: HttpRequest, posting_id: int, payload: PostingEndIn) -> Posting:
    authority = request_authority(request)
    posting = get_in_scope(
        Posting.objects.select_related("person", "unit", "position"),
        authority.scope_q(Power.VIEW),
        pk=posting_id,
    )
    return services.end_posting(
        posting,
        end=payload.end,
        expected_version=payload.version,
        authority=authority,
        decision=payload.decision,
    )


@router.get(
    "/delegations", response={200: list[DelegationOut], **ERRORS_READ}, summary="Sổ ủy quyền"
)
def list_delegations(request: HttpRequest) -> list[Delegation]:
    return list(
        selectors.delegations_visible(request_authority(request)).order_by("-start", "-pk")[:1000]
    )


@router.post(
    "/delegations", response={201: DelegationOut, **ERRORS_WRITE}, summary="Đăng ký ủy quyền"
)
def create_delegation(request: HttpRequest, payload: DelegationIn) -> Status[Delegation]:
    authority = request_authority(request)
    grantor = _person_in_scope(request, payload.grantor_id)
    grantee = _person_in_scope(request, payload.grantee_id)
    units = list(
        Unit.objects.filter(authority.scope_q(Power.VIEW, prefix=""), code__in=payload.units)
    )
    missing = sorted(set(payload.units) - {u.code for u in units})
    if missing:
        raise Http404
    delegation = services.grant_delegation(
        grantor=grantor,
        grantee=grantee,
        powers=payload.powers,
        units=units,
        start=payload.start,
        end=payload.end,
        instrument_number=payload.instrument_number,
        instrument_date=payload.instrument_date,
        note=payload.note,
        authority=authority,
    )
    return Status(
        201,
        Delegation.objects.select_related("grantor", "grantee")
        .prefetch_related("units")
        .get(pk=delegation.pk),
    )


@router.post(
    "/delegations/{delegation_id}/revoke",
    response={200: DelegationOut, **ERRORS_WRITE},
    summary="Thu hồi ủy quyền",
)
def revoke_delegation(request: HttpRequest, delegation_id: int, payload: RevokeIn) -> Delegation:
    authority = request_authority(request)
    delegation = selectors.delegations_visible(authority).filter(pk=delegation_id).first()
    if delegation is None:
        raise Http404
    return services.revoke_delegation(
        delegation, reason=payload.reason, expected_version=payload.version, authority=authority
    )


__all__ = ["ErrorOut", "router"]
