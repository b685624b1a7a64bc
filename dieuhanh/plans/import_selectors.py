"""Reads behind the import pages: which batches a user may see, and what a batch reached.

Who sees a batch (ImportBatch has no unit of its own: one file may carry many units):

- the person who uploaded it, always;
- a user holding Power.APPROVE (heads, deputies over their portfolio units, a delegate who was
  given that power) over a unit where the uploader was posted on the day of the upload — the
  heads who answer for that unit's figures;
- an administrator, every batch (also the system's, which have no uploader).

VIEW or REPORT alone is not enough: every member of a unit holds them, and a member does not
oversee colleagues' imports. The figures themselves stay visible to VIEW in the results and
drill-down pages, which name the batch as their source without linking to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate

from dieuhanh.core.periods import Month, Period, month_period
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Posting, Power, Unit
from dieuhanh.plans.models import FigureChange, ImportBatch
from dieuhanh.plans.selectors import minimal_roots

FINISHED = (ImportBatch.Status.DONE, ImportBatch.Status.REJECTED, ImportBatch.Status.FAILED)


def batch_scope(authority: Authority) -> Q:
    """A filter on ImportBatch: the batches `authority` may see (see the module's docstring)."""
    if authority.is_admin:
        return Q()
    if not authority.user.is_authenticated:
        return Q(pk__in=[])
    own = Q(uploaded_by=authority.user.pk)
    paths = authority.paths(Power.APPROVE)
    if not paths:
        return own
    in_paths = Q()
    for path in paths:
        in_paths |= Q(unit__path__startswith=path)
    # The wrapper gives the outer column a type, which TruncDate needs to resolve.
    upload_day = TruncDate(ExpressionWrapper(OuterRef("created_at"), output_field=DateTimeField()))
    posted_then = Posting.objects.filter(
        in_paths,
        person__user=OuterRef("uploaded_by"),
        start__lte=upload_day,
    ).filter(Q(end__isnull=True) | Q(end__gte=upload_day))
    return own | Q(Exists(posted_then))


def import_batches(authority: Authority) -> QuerySet[ImportBatch]:
    """Batches the user may see, newest first, with the uploader's name; errors left unloaded
    (up to a thousand per batch) because a list shows only their status."""
    return (
        ImportBatch.objects.filter(batch_scope(authority))
        .select_related("uploaded_by__person")
        .defer("errors")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class Reach:
    """Where a finished batch changed figures: the top units (in the viewer's scope) and the
    months, so the page can link to the results the import moved."""

    units: list[Unit]
    period: Period | None
    corrections: int


def batch_reach(batch: ImportBatch, authority: Authority) -> Reach:
    """The units and months whose figures this batch created or changed (two queries)."""
    touched = list(
        FigureChange.objects.filter(batch=batch)
        .values("figure__unit_id")
        .annotate(
            first=Min("figure__month"),
            last=Max("figure__month"),
            corrections=Count("pk", filter=Q(correction=True)),
        )
        .order_by()
    )
    if not touched:
        return Reach([], None, 0)
    units = list(
        Unit.objects.filter(pk__in=[t["figure__unit_id"] for t in touched]).select_related("level")
    )
    roots = set(minimal_roots(units))
    shown = [u for u in units if u.path in roots and authority.can(u, Power.VIEW)]
    first = min(t["first"] for t in touched)
    last = max(t["last"] for t in touched)
    start, end = Month(first // 100, first % 100), Month(last // 100, last % 100)
    period = month_period(start.year, start.month) if start == end else Period.between(start, end)
    corrections = sum(t["corrections"] for t in touched)
    return Reach(sorted(shown, key=lambda u: u.path), period, corrections)
