"""Indicators on the cockpit: heat map, ranking in peer groups, the unit against its peers."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from dieuhanh.org.models import Unit
from dieuhanh.plans import selectors as plans
from dieuhanh.plans.models import Indicator

# A peer group's median is shown only when at least this many units have a value.
MEDIAN_MINIMUM = 3


@dataclass
class HeatRow:
    """One unit's row of the heat map: a cell per indicator."""

    unit: Unit
    cells: list[plans.Row]
    total: bool = False  # the unit shown, with its whole subtree


@dataclass
class RankLine:
    """A sub-unit's value for the ranking indicator, its overall place and its peer group."""

    position: int | None
    row: plans.Row
    workload: plans.Workload | None
    group_rank: tuple[int, int] | None


@dataclass
class PeerLine:
    """The unit's result for one indicator against its peer group."""

    row: plans.Row
    rank: tuple[int, int] | None
    median: Decimal | None
    with_data: int


@dataclass
class PeerComparison:
    """The unit against the units of the same level, parent and workload band."""

    group: str
    members: int
    lines: list[PeerLine]


def heat_map(table: plans.Table, units: Sequence[Unit], total: Unit | None) -> list[HeatRow]:
    return [
        HeatRow(
            unit=unit,
            cells=[table.row(unit, indicator) for indicator in table.indicators],
            total=total is not None and unit.pk == total.pk,
        )
        for unit in units
    ]


def ranking(
    rows: Sequence[plans.Row], loads: dict[int, plans.Workload], indicator: Indicator
) -> list[RankLine]:
    """Rows best first by the indicator's direction, units without data last and unranked."""
    group_ranks = plans.rank_in_groups(rows, loads)
    with_data = [row for row in rows if row.result.value is not None]
    higher = indicator.direction == Indicator.Direction.HIGHER and not indicator.zero_tolerance
    with_data.sort(key=lambda row: row.result.value or Decimal(0), reverse=higher)
    ordered: list[tuple[int | None, plans.Row]] = list(enumerate(with_data, start=1))
    ordered += [(None, row) for row in rows if row.result.value is None]
    return [
        RankLine(
            position=position,
            row=row,
            workload=loads.get(row.unit.pk),
            group_rank=group_ranks.get(row.unit.pk),
        )
        for position, row in ordered
    ]


def peer_comparison(
    unit: Unit,
    peers: Sequence[Unit],
    table: plans.Table,
    loads: dict[int, plans.Workload],
) -> PeerComparison | None:
    """Per indicator: the unit's rank in its peer group and the group's median value.

    The peers may be outside the user's scope: only the rank and the median are shown, never
    their names, and the median only when at least MEDIAN_MINIMUM units have a value (with two,
    it would give the other unit's value away).
    """
    own = loads.get(unit.pk)
    if not peers or own is None:
        return None
    group = [unit, *(p for p in peers if p.pk in loads and loads[p.pk].group == own.group)]
    lines = []
    for indicator in table.indicators:
        rows = [table.row(member, indicator) for member in group]
        values = [row.result.value for row in rows if row.result.value is not None]
        lines.append(
            PeerLine(
                row=rows[0],
                rank=plans.rank_in_groups(rows, loads).get(unit.pk),
                median=Decimal(statistics.median(values)).quantize(Decimal("0.01"))
                if len(values) >= MEDIAN_MINIMUM
                else None,
                with_data=len(values),
            )
        )
    return PeerComparison(group=own.group, members=len(group), lines=lines)
