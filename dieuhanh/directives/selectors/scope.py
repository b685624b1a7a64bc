"""Which directives and tasks a user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dieuhanh.directives.models import (
    Directive,
    Task,
    TaskQuerySet,
)
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power


def _own_units(authority: Authority) -> list[int]:
    return [posting.unit_id for posting in authority.postings]


def visible_tasks(authority: Authority) -> TaskQuerySet:
    """Tasks the user may see.

    Those of units in the user's VIEW scope; for a restricted directive (only the named units
    see it), those of units the user directs or is posted in. Plus, always, the tasks assigned
    to the user, assigned by the user, or of directives the user issued.
    """
    if authority.is_admin:
        return Task.objects.all()
    condition = (
        authority.scope_q(Power.VIEW) & ~Q(directive__restricted=True)
    ) | authority.scope_q(Power.DIRECT)
    own_units = _own_units(authority)
    if own_units:
        condition |= Q(unit_id__in=own_units)
    person = authority.person
    if person is not None:
        condition |= (
            Q(assignee=person)
            | Q(assigned_by=person)
            | Q(directive__issuer=person)
            | Q(directive__on_behalf_of=person)
            | Q(directive__accountable=person)
        )
    return Task.objects.filter(condition)


def visible_directives(authority: Authority) -> QuerySet[Directive]:
    """Directives the user may see: drafts only to their author and to those who direct the
    issuing unit; issued ones to the issuing unit's viewers (unless restricted), to those
    concerned by name, and to anyone who sees one of its tasks."""
    directives = Directive.objects.all()
    if authority.is_admin:
        return directives
    person = authority.person
    mine = (
        Q(issuer=person) | Q(on_behalf_of=person) | Q(accountable=person)
        if person is not None
        else Q(pk__in=[])
    )
    directing = authority.scope_q(Power.DIRECT, prefix="issuing_unit__")
    drafts = Q(status=Directive.Status.DRAFT) & (
        Q(issuer=person) | directing if person else directing
    )
    task_ids = visible_tasks(authority).filter(parent__isnull=True).values("directive_id")
    issued = ~Q(status=Directive.Status.DRAFT) & (
        mine
        | directing
        | (authority.scope_q(Power.VIEW, prefix="issuing_unit__") & Q(restricted=False))
        | Q(pk__in=task_ids)
    )
    return directives.filter(drafts | issued)
