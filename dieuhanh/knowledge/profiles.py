"""A unit's profile (many or few cases, many or few staff), derived from figures and postings.

Rule: the unit is compared with its peers — the units of the same level under the same parent
that are active on the date — over the last twelve complete months. Staff are the people posted
during those months (subtree included, concurrent postings left out) and the caseload is the sum
of the statistical items marked as caseload (`plans.workloads`). At or above the peers' median is
"many", below it "few". Without at least two peers to compare, or without any caseload figure
for the unit, the profile is "unknown". The result is stored on the contribution with its basis,
so later figures never change what the assessors saw.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dieuhanh.core.periods import Month, Period
from dieuhanh.knowledge.models import CaseProfile, StaffProfile
from dieuhanh.org.models import Unit
from dieuhanh.plans.selectors import workloads


@dataclass(frozen=True)
class UnitProfile:
    """A unit's profile on a date and what it was computed from."""

    cases: str
    staff: str
    basis: dict[str, Any]


def profile_period(on: dt.date) -> Period:
    """The twelve complete months before `on`."""
    last = Month.of(on).shift(-1)
    return Period.between(last.shift(-11), last)


def _compare(value: Decimal, values: list[Decimal]) -> tuple[bool, Decimal]:
    median = Decimal(statistics.median(values))
    return value >= median, median.quantize(Decimal("0.1"))


def unit_profile(unit: Unit, on: dt.date) -> UnitProfile:
    """The profile of `unit` on `on` (4 queries)."""
    period = profile_period(on)
    parent_path = unit.path[: -Unit.steplen]
    peers = list(
        Unit.objects.active_on(on).filter(
            level_id=unit.level_id, path__startswith=parent_path, depth=unit.depth
        )
    )
    if unit.pk not in {peer.pk for peer in peers}:
        peers.append(unit)
    loads = workloads(peers, period)
    own = loads[unit.pk]
    basis: dict[str, Any] = {
        "period": period.label,
        "peers": len(peers),
        "staff": own.staff,
        "caseload": str(own.caseload),
        "rule": "so với đơn vị cùng cấp, cùng đơn vị cấp trên; từ trung vị trở lên là nhiều",
    }
    staff = StaffProfile.UNKNOWN
    if len(peers) >= 2:
        many, median = _compare(
            Decimal(own.staff), [Decimal(load.staff) for load in loads.values()]
        )
        staff = StaffProfile.MANY if many else StaffProfile.FEW
        basis["staff_median"] = str(median)
    cases = CaseProfile.UNKNOWN
    with_figures = [load.caseload for load in loads.values() if load.caseload > 0]
    if own.caseload > 0 and len(with_figures) >= 2:
        many, median = _compare(own.caseload, with_figures)
        cases = CaseProfile.MANY if many else CaseProfile.FEW
        basis["caseload_median"] = str(median)
        basis["peers_with_figures"] = len(with_figures)
    return UnitProfile(cases=cases, staff=staff, basis=basis)
