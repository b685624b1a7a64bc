"""Reads of the organisation, scoped by the access authority, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Substr

from dieuhanh.org.access import Authority
from dieuhanh.org.models import (
    Delegation,
    Person,
    Portfolio,
    PositionRole,
    Posting,
    Power,
    Unit,
    UnitName,
    UnitQuerySet,
)


def visible_units(authority: Authority) -> UnitQuerySet:
    return cast(UnitQuerySet, authority.units(Power.VIEW).select_related("level"))


def visible_people(authority: Authority) -> QuerySet[Person]:
    """People with a current posting in a unit the user may view, and the user themself."""
    # pk IN (subquery) rather than a correlated EXISTS: PostgreSQL then avoids scanning every
    # person (see docs/benchmarks.md, organisation, "What to change").
    scoped = (
        Posting.objects.current(authority.on)
        .filter(authority.scope_q(Power.VIEW))
        .values("person_id")
    )
    condition = Q(pk__in=scoped)
    if authority.person is not None:
        condition |= Q(pk=authority.person.pk)
    if authority.is_admin:
        condition = Q()
    return Person.objects.filter(condition)


@dataclass
class TreeNode:
    """A unit in the tree page with its leaders and headcounts."""

    unit: Unit
    depth: int
    heads: list[Person] = field(default_factory=list)
    direct_staff: int = 0
    total_staff: int = 0
    hidden_children: int = 0  # children not shown: the tree loads them on demand
    children: list[TreeNode] = field(default_factory=list)


def leaders_by_unit(unit_ids: list[int], on: dt.date, role: str) -> dict[int, list[Person]]:
    """The holders of head (or deputy) positions of each unit on a date: one query."""
    result: dict[int, list[Person]] = defaultdict(list)
    postings = (
        Posting.objects.current(on)
        .filter(unit_id__in=unit_ids, position__role=role)
        .select_related("person")
        .order_by("position__rank", "person__full_name")
    )
    for posting in postings:
        result[posting.unit_id].append(posting.person)
    return result


# Beyond this many units the tree shows only its upper levels; deeper subtrees load on demand.
TREE_EXPANDED_LIMIT = 150


def organisation_tree(
    authority: Authority,
    *,
    include_inactive: bool = False,
    under: Unit | None = None,
    expanded_limit: int | None = None,
) -> list[TreeNode]:
    """The units the user may view as nested nodes with heads and headcounts (3 queries).

    With `under`, only that unit's subtree. When the subtree holds more than `expanded_limit`
    units, levels are shown from the top while they fit (see `_shown_depth`); a node whose
    children are not shown has `hidden_children` (its totals still count its whole subtree).
    """
    on = authority.on
    units_qs = (
        visible_units(authority) if include_inactive else visible_units(authority).active_on(on)
    )
    if under is not None:
        units_qs = units_qs.filter(path__startswith=under.path)
    units = list(
        units_qs.only("path", "depth", "code", "name", "active_to", "level__name").order_by("path")
    )
    ids = [u.pk for u in units]
    counts = (
        dict(
            Posting.objects.current(on)
            .filter(unit_id__in=ids, concurrent=False)
            .values_list("unit_id")
            .annotate(n=Count("person_id", distinct=True))
            .values_list("unit_id", "n")
            .order_by()
        )
        if ids
        else {}
    )
    shown_depth = _shown_depth(units, expanded_limit or TREE_EXPANDED_LIMIT)
    shown = [u for u in units if u.depth <= shown_depth]
    heads = leaders_by_unit([u.pk for u in shown], on, PositionRole.HEAD) if shown else {}
    totals: dict[str, int] = defaultdict(int)
    hidden_children: dict[str, int] = defaultdict(int)
    for unit in units:
        staff = counts.get(unit.pk, 0)
        for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen):
            totals[unit.path[:end]] += staff
        if unit.depth == shown_depth + 1:
            hidden_children[unit.path[: -Unit.steplen]] += 1
    nodes: dict[str, TreeNode] = {}
    roots: list[TreeNode] = []
    for unit in shown:  # ordered by path: parents come before children
        node = TreeNode(
            unit=unit,
            depth=0,
            heads=heads.get(unit.pk, []),
            direct_staff=counts.get(unit.pk, 0),
            total_staff=totals[unit.path],
            hidden_children=hidden_children.get(unit.path, 0),
        )
        parent = nodes.get(unit.path[: -Unit.steplen])
        if parent is None:
            roots.append(node)
        else:
            node.depth = parent.depth + 1
            parent.children.append(node)
        nodes[unit.path] = node
    return roots


def _shown_depth(units: list[Unit], limit: int) -> int:
    """The deepest level shown: levels from the top while they fit the limit.

    The top level is always shown, and so is the level under it when the top is a single unit
    (a province's page should never be just its name).
    """
    per_depth: dict[int, int] = defaultdict(int)
    for unit in units:
        per_depth[unit.depth] += 1
    if not per_depth:
        return 0
    depths = sorted(per_depth)
    always = 2 if per_depth[depths[0]] == 1 else 1
    shown, total = depths[0], 0
    for index, depth in enumerate(depths):
        total += per_depth[depth]
        if total > limit and index >= always:
            break
        shown = depth
    return shown


def scope_summary(authority: Authority) -> tuple[int, int]:
    """How many active units the user may view and how many people work in them (2 queries)."""
    on = authority.on
    units = visible_units(authority).active_on(on)
    staff = (
        Posting.objects.current(on)
        .filter(concurrent=False, unit__in=units.values("pk"))
        .values("person_id")
        .distinct()
        .count()
    )
    return units.count(), staff


@dataclass
class UnitPage:
    """Everything the unit page shows."""

    unit: Unit
    ancestors: list[Unit]
    heads: list[Posting]
    deputies: list[Posting]
    members: list[Posting]
    past_members: list[Posting]
    children: list[TreeNode]
    former_names: list[UnitName]
    predecessors: list[Unit]
    successors: list[Unit]
    portfolios: list[Portfolio]


def unit_page(unit: Unit, authority: Authority) -> UnitPage:
    """The unit page's content in a fixed number of queries."""
    on = authority.on
    ancestor_paths = [unit.path[:i] for i in range(Unit.steplen, len(unit.path), Unit.steplen)]
    visible_paths = authority.paths(Power.VIEW)
    ancestors = (
        [
            a
            for a in Unit.objects.filter(path__in=ancestor_paths)
            if any(a.path.startswith(p) for p in visible_paths)
        ]
        if ancestor_paths
        else []
    )
    postings = list(
        Posting.objects.filter(unit=unit)
        .filter(Q(end__isnull=True) | Q(end__gte=on - dt.timedelta(days=3 * 365)))
        .select_related("person", "position")
        .order_by("position__rank", "person__full_name")
    )
    current = [p for p in postings if p.is_current(on)]
    past = sorted(
        (p for p in postings if p.end is not None and p.end < on),
        key=lambda p: p.end or on,
        reverse=True,
    )
    child_units = list(Unit.objects.get_children(unit).select_related("level").active_on(on))
    child_ids = [c.pk for c in child_units]
    subtree_counts: dict[int, int] = {}
    if child_ids:
        prefix = Substr("unit__path", 1, len(unit.path) + Unit.steplen)
        staff = (
            Posting.objects.current(on)
            .filter(concurrent=False, unit__path__startswith=unit.path)
            .exclude(unit=unit)
            .annotate(child_path=prefix)
            .values("child_path")
            .annotate(n=Count("id"))
            .values_list("child_path", "n")
            .order_by()
        )
        by_child = {c.path: c.pk for c in child_units}
        for path, n in staff:
            if path in by_child:
                subtree_counts[by_child[path]] = n
    child_heads = leaders_by_unit(child_ids, on, PositionRole.HEAD) if child_ids else {}
    children = [
        TreeNode(
            unit=c,
            depth=0,
            heads=child_heads.get(c.pk, []),
            total_staff=subtree_counts.get(c.pk, 0),
        )
        for c in child_units
    ]
    return UnitPage(
        unit=unit,
        ancestors=ancestors,
        heads=[p for p in current if p.position.role == PositionRole.HEAD],
        deputies=[p for p in current if p.position.role == PositionRole.DEPUTY],
        members=[p for p in current if p.position.role == PositionRole.MEMBER],
        past_members=past,
        children=children,
        former_names=list(unit.former_names.all()),
        predecessors=list(unit.predecessors.all()),
        successors=list(unit.successors.all()),
        portfolios=list(
            Portfolio.objects.current(on)
            .filter(unit=unit)
            .select_related("deputy")
            .prefetch_related("units", "work_areas")
        ),
    )


@dataclass
class PersonPage:
    """Everything the person page shows."""

    person: Person
    postings: list[Posting]
    portfolios: list[Portfolio]
    delegations_given: list[Delegation]
    delegations_received: list[Delegation]


def person_page(person: Person) -> PersonPage:
    delegations = Delegation.objects.select_related(
        "grantor", "grantee", "revoked_by"
    ).prefetch_related(Prefetch("units", queryset=Unit.objects.all()))
    return PersonPage(
        person=person,
        postings=list(person.postings.select_related("unit", "position").order_by("-start")),
        portfolios=list(
            person.portfolios.select_related("unit").prefetch_related("units", "work_areas")
        ),
        delegations_given=list(delegations.filter(grantor=person)),
        delegations_received=list(delegations.filter(grantee=person)),
    )


def head_of(unit: Unit, on: dt.date) -> Person | None:
    """The head of a unit on a date, derived from postings."""
    posting = (
        Posting.objects.current(on)
        .filter(unit=unit, position__role=PositionRole.HEAD, concurrent=False)
        .select_related("person")
        .order_by("position__rank")
        .first()
    )
    if posting is None:
        posting = (
            Posting.objects.current(on)
            .filter(unit=unit, position__role=PositionRole.HEAD)
            .select_related("person")
            .first()
        )
    return posting.person if posting else None


def delegations_visible(authority: Authority) -> QuerySet[Delegation]:
    """The register: delegations on units the user may view, or given or received by them."""
    condition = Q(
        Exists(
            Unit.objects.filter(delegations=OuterRef("pk")).filter(
                authority.scope_q(Power.VIEW, prefix="")
            )
        )
    )
    if authority.person is not None:
        condition |= Q(grantor=authority.person) | Q(grantee=authority.person)
    queryset = (
        Delegation.objects.all() if authority.is_admin else Delegation.objects.filter(condition)
    )
    return queryset.select_related("grantor", "grantee").prefetch_related("units")


def main_postings(person_ids: list[int], on: dt.date) -> dict[int, Posting]:
    """Each person's main posting on a date (one query), for lists of people."""
    result: dict[int, Posting] = {}
    postings = (
        Posting.objects.current(on)
        .filter(person_id__in=person_ids)
        .select_related("unit", "position")
        .order_by("concurrent", "position__rank", "start")
    )
    for posting in postings:
        result.setdefault(posting.person_id, posting)
    return result


def can_manage_person(authority: Authority, person: Person) -> bool:
    """Whether the user manages staff in one of the person's current units."""
    if authority.is_admin:
        return True
    postings = Posting.objects.current(authority.on).filter(person=person).select_related("unit")
    return any(authority.can(p.unit, Power.MANAGE_STAFF) for p in postings)
