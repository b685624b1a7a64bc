"""Who sees what in the knowledge app: scoped querysets built from the access authority.

- A seminar: whoever may view its organiser or one of its participating units, the staff of
  a participating unit's subtree, its chair and its named participants.
- A contribution (with its assessment): whoever may view the author's unit, the approvers of
  the unit it was sent to, its author and the chair of its seminar.
- A good practice, and an approved, in-force or superseded guidance version: everyone working
  under the issuer of the guidance document (and those above it).
- A guidance version in preparation (draft, under review): whoever may view the keeper.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dieuhanh.knowledge.models import (
    Contribution,
    GoodPractice,
    GuidanceDocument,
    GuidanceVersion,
    Seminar,
)
from dieuhanh.knowledge.models.seminars import SeminarQuerySet
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Person, Posting, Power, Unit


def ancestor_paths(paths: list[str]) -> list[str]:
    """Every path above (or equal to) one of `paths`."""
    return sorted(
        {path[:end] for path in paths for end in range(Unit.steplen, len(path) + 1, Unit.steplen)}
    )


def subtree_q(paths: list[str], field: str) -> Q:
    """Rows whose unit path (reached by `field`) lies in one of the subtrees."""
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def tree_q(authority: Authority, field: str) -> Q:
    """Rows of a unit the user works under or above (a document issued for the whole tree)."""
    paths = authority.paths(Power.VIEW)
    if not paths:
        return Q(pk__in=[])
    return subtree_q(paths, field) | Q(**{f"{field}__in": ancestor_paths(paths)})


def _person_id(authority: Authority) -> int | None:
    return authority.person.pk if authority.person is not None else None


def seminars(authority: Authority) -> SeminarQuerySet:
    paths = authority.paths(Power.VIEW)
    person_id = _person_id(authority)
    condition = subtree_q(paths, "organiser__path")
    by_unit = Seminar.units.through.objects.filter(
        subtree_q(paths, "unit__path") | Q(unit__path__in=ancestor_paths(paths))
    ).values("seminar_id")
    condition |= Q(pk__in=by_unit)
    if person_id is not None:
        condition |= Q(chair_id=person_id) | Q(
            pk__in=Seminar.participants.through.objects.filter(person_id=person_id).values(
                "seminar_id"
            )
        )
    return Seminar.objects.filter(condition)


def contributions(authority: Authority) -> QuerySet[Contribution]:
    condition = subtree_q(authority.paths(Power.VIEW), "unit__path") | subtree_q(
        authority.paths(Power.APPROVE), "addressed_to__path"
    )
    person_id = _person_id(authority)
    if person_id is not None:
        condition |= Q(author_id=person_id) | Q(seminar__chair_id=person_id)
    return Contribution.objects.filter(condition)


def documents(authority: Authority) -> QuerySet[GuidanceDocument]:
    return GuidanceDocument.objects.filter(tree_q(authority, "issuer__path"))


def practices(authority: Authority) -> QuerySet[GoodPractice]:
    return GoodPractice.objects.filter(tree_q(authority, "document__issuer__path"))


def versions(authority: Authority) -> QuerySet[GuidanceVersion]:
    preparing = [GuidanceVersion.Status.DRAFT, GuidanceVersion.Status.REVIEW]
    published = tree_q(authority, "document__issuer__path") & ~Q(status__in=preparing)
    in_preparation = subtree_q(authority.paths(Power.VIEW), "document__keeper__path") & Q(
        status__in=preparing
    )
    return GuidanceVersion.objects.filter(published | in_preparation)


def organising_roots(authority: Authority) -> list[str]:
    """The procuracies a seminar organiser works for: the parent of each unit on which the
    user holds DIRECT (the unit itself at the top of the tree)."""
    paths = authority.paths(Power.DIRECT)
    roots = {path[: -Unit.steplen] or path for path in paths}
    return sorted(
        root for root in roots if not any(root.startswith(r) and root != r for r in roots)
    )


def seminar_units(authority: Authority) -> QuerySet[Unit]:
    """Units an organiser may invite: every unit of the procuracies they organise for."""
    units: QuerySet[Unit] = Unit.objects.within(organising_roots(authority))
    return units


def seminar_people(authority: Authority) -> QuerySet[Person]:
    """People an organiser may name as chair or participant: those currently posted in the
    procuracies they organise for."""
    posted = (
        Posting.objects.current(authority.on)
        .filter(subtree_q(organising_roots(authority), "unit__path"))
        .values("person_id")
    )
    return Person.objects.filter(pk__in=posted)
