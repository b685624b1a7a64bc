"""The access authority: which units a user may act on, for which power, on which date.

It is the only place that turns postings, portfolios and delegations into rights:

- an administrator (superuser) may do everything everywhere;
- a head's posting gives every power over the unit and its subtree;
- a deputy's posting gives VIEW and REPORT over the unit's subtree; the deputy's portfolio
  (phân công) adds the acting powers over the units it names (and their subtrees), and over the
  whole unit for the work areas it names;
- any other posting gives VIEW and REPORT over the unit's subtree;
- a delegation in force adds the powers it names over the units it names, and whatever is done
  under it is recorded as done on behalf of the grantor.

Every basis counts only on the dates it is valid. Build one `Authority` per request (see
`authority_for`); it loads what it needs in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from dieuhanh.core.audit import Actor
from dieuhanh.core.errors import Denied
from dieuhanh.org.models import (
    Delegation,
    Person,
    Portfolio,
    PositionRole,
    Posting,
    Power,
    Unit,
    UnitQuerySet,
)

ALL_POWERS: frozenset[str] = frozenset(Power.values)
HEAD_POWERS = ALL_POWERS
DEPUTY_BASE_POWERS: frozenset[str] = frozenset({Power.VIEW, Power.REPORT})
PORTFOLIO_POWERS: frozenset[str] = frozenset(
    {Power.VIEW, Power.MANAGE_STAFF, Power.DIRECT, Power.APPROVE, Power.EVALUATE, Power.REPORT}
)
MEMBER_POWERS: frozenset[str] = frozenset({Power.VIEW, Power.REPORT})


@dataclass(frozen=True)
class Grant:
    """One reason a user holds some powers over a subtree."""

    path: str
    powers: frozenset[str]
    basis: str  # "admin", "head", "deputy", "member", "portfolio" or "delegation"
    work_areas: frozenset[int] | None = None  # portfolio by work area: only for these
    delegation: Delegation | None = None

    def covers(self, path: str, power: str, work_area: int | None) -> bool:
        if power not in self.powers or not path.startswith(self.path):
            return False
        return self.work_areas is None or (work_area is not None and work_area in self.work_areas)


def today() -> dt.date:
    return timezone.localdate()


@dataclass
class Authority:
    """Everything one user may do on one date, loaded once."""

    user: User | AnonymousUser
    on: dt.date
    person: Person | None
    grants: list[Grant] = field(default_factory=list)
    postings: list[Posting] = field(default_factory=list)
    is_admin: bool = False

    def grant_for(self, unit: Unit, power: str, *, work_area: int | None = None) -> Grant | None:
        """The grant that allows `power` on `unit`: own bases first, delegations last."""
        matching = [g for g in self.grants if g.covers(unit.path, power, work_area)]
        if not matching:
            return None
        own = [g for g in matching if g.delegation is None]
        return own[0] if own else matching[0]

    def can(self, unit: Unit, power: str, *, work_area: int | None = None) -> bool:
        return self.grant_for(unit, power, work_area=work_area) is not None

    def own_can(self, unit: Unit, power: str) -> bool:
        """Held through the user's own postings and portfolios, not through a delegation."""
        return any(g.delegation is None and g.covers(unit.path, power, None) for g in self.grants)

    def paths(self, power: str, *, work_area: int | None = None) -> list[str]:
        """Subtree roots on which the user holds `power`, without redundant nested roots."""
        roots = sorted(
            {
                g.path
                for g in self.grants
                if power in g.powers
                and (g.work_areas is None or (work_area is not None and work_area in g.work_areas))
            }
        )
        kept: list[str] = []
        for path in roots:
            if not any(path.startswith(parent) for parent in kept):
                kept.append(path)
        return kept

    def units(self, power: str = Power.VIEW, *, work_area: int | None = None) -> UnitQuerySet:
        """Units on which the user holds `power` (subtrees included)."""
        return cast(UnitQuerySet, Unit.objects.within(self.paths(power, work_area=work_area)))

    def scope_q(self, power: str = Power.VIEW, *, prefix: str = "unit__") -> Q:
        """A filter for any queryset whose rows belong to a unit reached by `prefix`."""
        paths = self.paths(power)
        if not paths:
            return Q(pk__in=[])
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{prefix}path__startswith": path})
        return condition

    def actor_for(self, unit: Unit, power: str, *, work_area: int | None = None) -> Actor:
        """The actor to record for doing `power` on `unit`; raises Denied if not allowed."""
        grant = self.grant_for(unit, power, work_area=work_area)
        if grant is None:
            raise Denied(power)
        user = self.user if isinstance(self.user, User) else None
        if grant.delegation is None:
            return Actor(user=user)
        grantor = grant.delegation.grantor
        return Actor(
            user=user,
            on_behalf_of=grantor.user,
            on_behalf_of_label=grantor.full_name,
            delegation_id=grant.delegation.pk,
        )

    @property
    def actor(self) -> Actor:
        """The actor for changes that need no unit-level power (e.g. one's own data)."""
        return Actor(user=self.user if isinstance(self.user, User) else None)


def _posting_grants(postings: Iterable[Posting]) -> list[Grant]:
    grants = []
    for posting in postings:
        role = posting.position.role
        if role == PositionRole.HEAD:
            grants.append(Grant(posting.unit.path, HEAD_POWERS, "head"))
        elif role == PositionRole.DEPUTY:
            grants.append(Grant(posting.unit.path, DEPUTY_BASE_POWERS, "deputy"))
        else:
            grants.append(Grant(posting.unit.path, MEMBER_POWERS, "member"))
    return grants


def _portfolio_grants(portfolios: Iterable[Portfolio]) -> list[Grant]:
    grants: list[Grant] = []
    for portfolio in portfolios:
        grants.extend(
            Grant(unit.path, PORTFOLIO_POWERS, "portfolio") for unit in portfolio.units.all()
        )
        area_ids = frozenset(area.pk for area in portfolio.work_areas.all())
        if area_ids:
            grants.append(Grant(portfolio.unit.path, PORTFOLIO_POWERS, "portfolio", area_ids))
    return grants


def _delegation_grants(delegations: Iterable[Delegation]) -> list[Grant]:
    grants: list[Grant] = []
    for delegation in delegations:
        powers = frozenset(delegation.powers) & ALL_POWERS
        grants.extend(
            Grant(unit.path, powers, "delegation", delegation=delegation)
            for unit in delegation.units.all()
        )
    return grants


def own_grants(person: Person, on: dt.date, postings: list[Posting] | None = None) -> list[Grant]:
    """Grants from a person's own postings and portfolios on a date (no delegations)."""
    if postings is None:
        postings = current_postings(person, on)
    # A portfolio counts only while its holder is still a deputy of that unit.
    still_deputy = Posting.objects.current(on).filter(
        person=person, unit=OuterRef("unit"), position__role=PositionRole.DEPUTY
    )
    portfolios = (
        Portfolio.objects.current(on)
        .filter(Exists(still_deputy), deputy=person)
        .select_related("unit")
        .prefetch_related("units", "work_areas")
    )
    return _posting_grants(postings) + _portfolio_grants(portfolios)


def current_postings(person: Person, on: dt.date) -> list[Posting]:
    """A person's postings on a date, main posting first."""
    return list(
        Posting.objects.current(on)
        .filter(person=person)
        .select_related("unit", "position")
        .order_by("concurrent", "position__rank", "start")
    )


def authority_for(user: User | AnonymousUser, on: dt.date | None = None) -> Authority:
    """Load what `user` may do on `on` (today by default)."""
    on = on or today()
    if not user.is_authenticated:
        return Authority(user=user, on=on, person=None)
    person = Person.objects.filter(user_id=user.pk).first()
    if getattr(user, "is_superuser", False):
        return Authority(
            user=user,
            on=on,
            person=person,
            grants=[Grant("", ALL_POWERS, "admin")],
            postings=current_postings(person, on) if person else [],
            is_admin=True,
        )
    if person is None:
        return Authority(user=user, on=on, person=None)
    postings = current_postings(person, on)
    grants = own_grants(person, on, postings)
    delegations = (
        Delegation.objects.in_force(on)
        .filter(grantee=person)
        .select_related("grantor__user")
        .prefetch_related("units")
    )
    grants += _delegation_grants(delegations)
    return Authority(user=user, on=on, person=person, grants=grants, postings=postings)


def request_authority(request: Any) -> Authority:
    """The authority of the request's user for today, computed once per request."""
    cached: Authority | None = getattr(request, "_authority", None)
    if cached is None:
        cached = authority_for(request.user)
        request._authority = cached
    return cached


def get_in_scope[M: Model](queryset: QuerySet[M], scope: Q, **lookup: Any) -> M:
    """Fetch one object through a scope filter: anything outside is 404, never a hint."""
    obj = queryset.filter(scope).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def unit_in_scope(authority: Authority, code: str, power: str = Power.VIEW) -> Unit:
    """The unit with this code if the user holds `power` on it; 404 otherwise."""
    unit = Unit.objects.select_related("level").filter(
        authority.scope_q(power, prefix=""), code=code
    )
    found = cast(Unit | None, unit.first())
    if found is None:
        raise Http404
    return found
