"""The unit a cockpit shows and the units around it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit, WorkArea
from dieuhanh.plans import selectors as plans
from dieuhanh.plans.models import Indicator


@dataclass
class Surroundings:
    """The units around the one shown: sub-units, peers, the parent and the unit choices."""

    children: list[Unit]
    peers: list[Unit]  # same parent and level, active, without the unit itself
    parent: Unit | None  # only when the user may view it
    choices: list[Unit]  # scope roots, ancestors in scope, the unit and its sub-units


def surroundings(unit: Unit, authority: Authority, *, on: dt.date) -> Surroundings:
    """Sub-units, peers, parent and unit choices of the unit shown (1 query)."""
    roots = authority.paths(Power.VIEW)
    chain = plans.chain_paths(unit)
    in_scope = [path for path in chain if any(path.startswith(root) for root in roots)]
    parent_path = unit.path[: -Unit.steplen]
    condition = Q(path__in=in_scope) | Q(path__startswith=unit.path, depth=unit.depth + 1)
    condition |= Q(depth=1) if "" in roots else Q(path__in=roots)
    if parent_path:
        condition |= Q(path__startswith=parent_path, depth=unit.depth, level_id=unit.level_id)
    units = list(
        Unit.objects.filter(condition).active_on(on).select_related("level").order_by("path")
    )
    children = [u for u in units if u.depth == unit.depth + 1 and u.path.startswith(unit.path)]
    peers = (
        [
            u
            for u in units
            if u.depth == unit.depth
            and u.pk != unit.pk
            and u.level_id == unit.level_id
            and u.path.startswith(parent_path)
        ]
        if parent_path
        else []
    )
    parent = next((u for u in units if u.path == parent_path and parent_path in in_scope), None)
    picked = {
        u.pk: u
        for u in units
        if u.path in in_scope or u.path in roots or ("" in roots and u.depth == 1)
    }
    picked[unit.pk] = unit
    for child in children:
        picked[child.pk] = child
    choices = sorted(picked.values(), key=lambda u: u.path)
    return Surroundings(children=children, peers=peers, parent=parent, choices=choices)


def default_unit(authority: Authority) -> Unit | None:
    """The unit a leader's cockpit opens on: the main posting's, else the top of the scope."""
    for posting in authority.postings:
        if authority.can(posting.unit, Power.VIEW):
            return posting.unit
    roots = authority.paths(Power.VIEW)
    if not roots:
        return None
    top = Q(depth=1) if "" in roots else Q(path__in=roots)
    found: Unit | None = Unit.objects.filter(top).select_related("level").order_by("path").first()
    return found


def indicators_for(area: WorkArea | None) -> list[Indicator]:
    """The active indicators, of one work area when given (2 queries, versions prefetched)."""
    items = plans.indicators()
    if area is not None:
        items = items.filter(work_area=area)
    return list(items)
