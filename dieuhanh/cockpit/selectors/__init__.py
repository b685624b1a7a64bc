"""The leader's cockpit: what one page shows about a unit, read in a fixed number of queries.

Where each part comes from:
- heat map, at-risk projections, ranking in peer groups and the unit against its peers: the
  attainment of the plans app (`attainment_table`, `at_risk`, `workloads`, `rank_in_groups`),
  computed once for the unit, its sub-units and its peers;
- overdue and due-soon tasks, timeliness: the tasks the user may see (directives app), counted
  per sub-unit with its subtree;
- units that have not reported: figures of the latest ended month;
- resolutions in progress: the knowledge app's resolutions and their action items, when the app
  is installed;
- recent activity: the audit trail of the people posted in the unit's subtree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dieuhanh.cockpit.selectors.activity import (
    ACTIVITY_LIMIT,
    REPORTING_LOOKBACK_MONTHS,
    ResolutionLine,
    SilentUnit,
    not_reported,
    recent_activity,
    resolutions_in_progress,
)
from dieuhanh.cockpit.selectors.indicators import (
    MEDIAN_MINIMUM,
    HeatRow,
    PeerComparison,
    PeerLine,
    RankLine,
    heat_map,
    peer_comparison,
    ranking,
)
from dieuhanh.cockpit.selectors.tasks import (
    DUE_SOON_DAYS,
    OVERDUE_LIST_LIMIT,
    Scope,
    TaskLoad,
    TimelinessLine,
    deadline_window,
    task_loads,
    timeliness_lines,
)
from dieuhanh.cockpit.selectors.units import (
    Surroundings,
    default_unit,
    indicators_for,
    surroundings,
)
from dieuhanh.core.models import AuditEntry
from dieuhanh.core.periods import Month, Period
from dieuhanh.directives.models import Task
from dieuhanh.directives.selectors import TimelinessCounts
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Unit, WorkArea
from dieuhanh.plans import selectors as plans
from dieuhanh.plans.attainment import Status
from dieuhanh.plans.models import Indicator

__all__ = [
    "ACTIVITY_LIMIT",
    "DUE_SOON_DAYS",
    "MEDIAN_MINIMUM",
    "OVERDUE_LIST_LIMIT",
    "REPORTING_LOOKBACK_MONTHS",
    "Cockpit",
    "HeatRow",
    "PeerComparison",
    "PeerLine",
    "RankLine",
    "ResolutionLine",
    "Scope",
    "SilentUnit",
    "Summary",
    "Surroundings",
    "TaskLoad",
    "TimelinessLine",
    "cockpit",
    "deadline_window",
    "default_unit",
    "heat_map",
    "indicators_for",
    "not_reported",
    "peer_comparison",
    "ranking",
    "recent_activity",
    "resolutions_in_progress",
    "surroundings",
    "task_loads",
    "timeliness_lines",
]


@dataclass
class Summary:
    """The headline figures of the unit shown."""

    exceeded: int
    met: int
    missed: int
    no_data: int
    at_risk: int
    overdue: int
    due_soon: int
    on_time_rate: Decimal | None
    not_reported: int


@dataclass
class Cockpit:
    """Everything the cockpit page shows for one unit, period and work area."""

    unit: Unit
    period: Period
    today: dt.date
    area: WorkArea | None
    around: Surroundings
    indicators: list[Indicator]
    heat: list[HeatRow]
    at_risk: list[plans.Row]
    ranking_indicator: Indicator | None
    ranking: list[RankLine]
    peers: PeerComparison | None
    tasks: list[TaskLoad]
    overdue_tasks: list[Task]
    timeliness: list[TimelinessLine]
    timeliness_window: tuple[dt.date, dt.date]
    report_month: Month
    not_reported: list[SilentUnit]
    resolutions: list[ResolutionLine] | None
    activity: list[AuditEntry]

    @property
    def listed(self) -> list[Unit]:
        """The units listed per section: the sub-units, or the unit itself when it has none."""
        return self.around.children or [self.unit]

    @property
    def summary(self) -> Summary:
        own = self.heat[0].cells if self.heat else []
        statuses = [row.result.status for row in own]
        total_tasks = self.tasks[0] if self.tasks else TaskLoad(unit=self.unit, scope=Scope.TOTAL)
        total_time = self.timeliness[0].counts if self.timeliness else TimelinessCounts()
        return Summary(
            exceeded=statuses.count(Status.EXCEEDED),
            met=statuses.count(Status.MET),
            missed=statuses.count(Status.MISSED),
            no_data=statuses.count(Status.NO_DATA),
            at_risk=len(self.at_risk),
            overdue=total_tasks.overdue,
            due_soon=total_tasks.due_soon,
            on_time_rate=total_time.on_time_rate,
            not_reported=len(self.not_reported),
        )


def _with_total(unit: Unit, children: Iterable[Unit]) -> list[Unit]:
    """The unit first (its whole subtree), then its sub-units."""
    return [unit, *children]


def cockpit(
    unit: Unit,
    authority: Authority,
    *,
    period: Period,
    today: dt.date,
    area: WorkArea | None = None,
    ranking_code: str = "",
) -> Cockpit:
    """The cockpit of a unit the user may view, in a fixed number of queries."""
    around = surroundings(unit, authority, on=today)
    items = indicators_for(area)
    rows_units = _with_total(unit, around.children)
    table = plans.attainment_table(
        [*rows_units, *around.peers], items, period, trends=False, projection=True
    )
    loads = plans.workloads([*rows_units, *around.peers], period)
    heat = heat_map(table, rows_units, unit if around.children else None)
    chosen = next((i for i in items if i.code == ranking_code), items[0] if items else None)
    listed = around.children or [unit]
    tasks, overdue = task_loads(unit, around.children, authority, today=today)
    report_month = Month.of(today).shift(-1)
    window = deadline_window(period, today)
    return Cockpit(
        unit=unit,
        period=period,
        today=today,
        area=area,
        around=around,
        indicators=items,
        heat=heat,
        at_risk=sorted(
            (row for line in heat for row in line.cells if plans.at_risk(row)),
            key=lambda row: (row.projection_status != Status.MISSED, row.unit.path),
        ),
        ranking_indicator=chosen,
        ranking=ranking([table.row(u, chosen) for u in listed], loads, chosen) if chosen else [],
        peers=peer_comparison(unit, around.peers, table, loads) if items else None,
        tasks=tasks,
        overdue_tasks=overdue,
        timeliness=timeliness_lines(unit, around.children, authority, window=window, on=today),
        timeliness_window=window,
        report_month=report_month,
        not_reported=not_reported(unit, authority, month=report_month, on=today),
        resolutions=resolutions_in_progress(unit, authority, today=today),
        activity=recent_activity(unit, on=today),
    )
