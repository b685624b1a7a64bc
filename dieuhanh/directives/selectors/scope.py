"""Which directives and tasks a user may see.

Both filters name units by id — `unit_id IN (SELECT id FROM org_unit WHERE path LIKE …)` —
rather than through a join on the task's unit, and people's own directives by id, so that the
database reaches tasks through their unit, assignee or directive indexes instead of reading
every task (benchmarks/bench_directives.py, a million tasks). On PostgreSQL the lists are
written `unit_id = ANY(ARRAY(SELECT …))`: the planner runs such a subquery once and can then
combine the indexes of every branch of the condition (a BitmapOr), which it cannot do with
`IN (SELECT …)` inside an OR. A directive seen through its tasks is looked up from the tasks of
the user's units alone.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Q, QuerySet
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler

from dieuhanh.directives.models import (
    Directive,
    Task,
    TaskQuerySet,
)
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit


class _AnyOf(In):
    """`column IN (subquery)`; on PostgreSQL `column = ANY(ARRAY(subquery))` (see the module).

    A lookup rather than a function, so that Django uses it as the condition itself instead
    of comparing it with true (which SQLite could not match with an index).
    """

    def __init__(self, column: str, subquery: QuerySet[Any]) -> None:
        super().__init__(F(column), subquery.order_by())

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def _own_units(authority: Authority) -> list[int]:
    return [posting.unit_id for posting in authority.postings]


def _units(authority: Authority, power: str) -> QuerySet[Unit]:
    """The ids of the units (subtrees included) on which the user holds `power`, as a subquery."""
    units: QuerySet[Unit] = Unit.objects.filter(authority.scope_q(power, prefix="")).values("pk")
    return units


def visible_tasks(authority: Authority) -> TaskQuerySet:
    """Tasks the user may see.

    Those of units in the user's VIEW scope; for a restricted directive (only the named units
    see it), those of units the user directs or is posted in. Plus, always, the tasks assigned
    to the user, assigned by the user, or of directives the user issued (or on whose behalf,
    or is accountable for). When the VIEW and DIRECT scopes are the same (a head's, a Chief's)
    one unit list serves both.
    """
    if authority.is_admin:
        return Task.objects.all()
    condition = Q(_AnyOf("unit_id", _units(authority, Power.DIRECT)))
    if authority.paths(Power.VIEW) != authority.paths(Power.DIRECT):
        viewed = Q(_AnyOf("unit_id", _units(authority, Power.VIEW)))
        condition |= viewed & ~Q(directive__restricted=True)
    own_units = _own_units(authority)
    if own_units:
        condition |= Q(unit_id__in=own_units)
    person = authority.person
    if person is not None:
        theirs = Directive.objects.filter(
            Q(issuer=person) | Q(on_behalf_of=person) | Q(accountable=person)
        ).values("pk")
        condition |= Q(assignee=person) | Q(assigned_by=person) | Q(_AnyOf("directive_id", theirs))
    return Task.objects.filter(condition)


def _addressed(units: QuerySet[Unit] | list[int]) -> Q:
    """The directives addressed to any of `units` (one of their tasks is a unit's).

    Sub-tasks carry their unit's task's directive and unit, so they need not be left out (and
    the unit index serves the lookup).
    """
    tasks = Task.objects.filter(directive__isnull=False, unit_id__in=units)
    return Q(pk__in=tasks.values("directive_id"))


def _above(authority: Authority) -> list[str]:
    """The paths of the units at or above the roots of the user's scopes and own units, but
    outside the DIRECT scope (whose directives the user sees in any case)."""
    direct = authority.paths(Power.DIRECT)
    roots = set(authority.paths(Power.VIEW)) | set(direct)
    roots |= {posting.unit.path for posting in authority.postings}
    paths = {
        root[:end] for root in roots for end in range(Unit.steplen, len(root) + 1, Unit.steplen)
    }
    return sorted(path for path in paths if not any(path.startswith(d) for d in direct))


def visible_directives(authority: Authority) -> QuerySet[Directive]:
    """Directives the user may see: drafts only to their author and to those who direct the
    issuing unit; issued ones to the issuing unit's viewers (unless restricted), to those
    concerned by name, and to anyone who sees one of its units' tasks.

    A unit's task is seen (see `visible_tasks`) in the user's VIEW scope unless the directive
    is restricted, in the DIRECT scope and in the user's own units; a unit's task assigned by
    the user, or of a directive issued by, for or under the user, belongs to one of the user's
    own directives already. Since a directive is addressed only to units under its issuing
    unit, one seen through its tasks and not otherwise was issued at or above the root of one
    of those scopes, outside the DIRECT scope (`_above`): only those directives are looked up
    through their tasks. The condition is a flat OR whose every branch can use an index of the
    directive table.
    """
    directives = Directive.objects.all()
    if authority.is_admin:
        return directives
    issued = ~Q(status=Directive.Status.DRAFT)
    condition = Q(_AnyOf("issuing_unit_id", _units(authority, Power.DIRECT)))
    if authority.paths(Power.VIEW) != authority.paths(Power.DIRECT):
        viewed = _AnyOf("issuing_unit_id", _units(authority, Power.VIEW))
        condition |= Q(viewed) & Q(restricted=False) & issued
    person = authority.person
    if person is not None:
        condition |= (
            Q(issuer=person) | (Q(on_behalf_of=person) & issued) | (Q(accountable=person) & issued)
        )
    above = _above(authority)
    if above:
        through_tasks = _addressed(_units(authority, Power.DIRECT))
        if authority.paths(Power.VIEW) != authority.paths(Power.DIRECT):
            through_tasks |= _addressed(_units(authority, Power.VIEW)) & Q(restricted=False)
        own_units = _own_units(authority)
        if own_units:
            through_tasks |= _addressed(own_units)
        issued_above = _AnyOf("issuing_unit_id", Unit.objects.filter(path__in=above).values("pk"))
        condition |= Q(issued_above) & issued & through_tasks
    return directives.filter(condition)
