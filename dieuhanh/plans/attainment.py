"""Attainment: an indicator's value for a unit (its subtree summed) and a period, against target.

Rules, in one place:
- Figures of a unit's whole subtree are summed item by item, then the formula is applied: a
  province's ratio comes from summed numerators and denominators, never a mean of ratios.
- A flow reference sums the months of the period; a stock reference takes the value at the end
  of the month before the period (`@start`) or of its last month (`@end`, the default).
- Each month is computed with the definition in force on its first day. A period that spans a
  change of definition is split into runs of months with one definition; each run is computed
  on its own (its own start and end stocks) and the runs' numerators and denominators are added.
- Status: a zero-tolerance indicator is met only at 0. Otherwise, with the direction: better
  than the target is "vượt", equal is "đạt", worse is "không đạt". No figures, or a zero
  denominator, is "chưa có số liệu".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from dieuhanh.core.periods import Month, Period
from dieuhanh.plans.formula import At, Node, Ref, parse
from dieuhanh.plans.models import Indicator, IndicatorVersion, StatItem

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


class Status(StrEnum):
    EXCEEDED = "vuot"
    MET = "dat"
    MISSED = "khong_dat"
    NO_DATA = "chua_co"

    @property
    def label(self) -> str:
        return {
            Status.EXCEEDED: "Vượt",
            Status.MET: "Đạt",
            Status.MISSED: "Không đạt",
            Status.NO_DATA: "Chưa có số liệu",
        }[self]


@dataclass(frozen=True)
class Definition:
    """A parsed version of an indicator's definition."""

    version: IndicatorVersion
    numerator: Node
    denominator: Node | None

    @classmethod
    def of(cls, version: IndicatorVersion) -> Definition:
        return cls(
            version=version,
            numerator=parse(version.numerator),
            denominator=parse(version.denominator) if version.denominator.strip() else None,
        )

    def codes(self) -> set[str]:
        codes = self.numerator.codes()
        if self.denominator is not None:
            codes |= self.denominator.codes()
        return codes


@dataclass(frozen=True)
class Run:
    """Consecutive months of a period computed with one definition."""

    first: Month
    last: Month
    definition: Definition


def runs(definitions: Sequence[Definition], period: Period) -> list[Run]:
    """Split a period into runs of months by the definition in force on each month's first day."""
    ordered = sorted(definitions, key=lambda d: d.version.effective_from)
    result: list[Run] = []
    for month in period.months():
        in_force = [d for d in ordered if d.version.effective_from <= month.first_day]
        if not in_force:
            continue  # before the indicator existed: these months do not count
        definition = in_force[-1]
        if result and result[-1].definition is definition and result[-1].last.shift(1) == month:
            result[-1] = Run(result[-1].first, month, definition)
        else:
            result.append(Run(month, month, definition))
    return result


def months_needed(period: Period) -> list[Month]:
    """The months whose figures a period needs: its own and the one before (opening stocks)."""
    return [period.first.shift(-1), *period.months()]


# Values of one unit (subtree summed): {(item code, yyyymm): value}
Values = Mapping[tuple[str, int], Decimal]
# A run of months of one item, summed: (item code, first yyyymm, last yyyymm). A stock's
# value at a point is the window of that single month.
Window = tuple[str, int, int]
# A unit's figures (subtree summed) per window; a window without any figure is left out.
WindowSums = Mapping[Window, Decimal]


@dataclass(frozen=True)
class Bound:
    """A formula bound to a run: its constants added up, the windows it adds and subtracts."""

    constant: Decimal
    added: tuple[Window, ...]
    subtracted: tuple[Window, ...]

    @property
    def windows(self) -> set[Window]:
        return {*self.added, *self.subtracted}


def _window(ref: Ref, kind: str, run: Run) -> Window:
    """The months a reference takes in a run."""
    at = ref.at or (At.END if kind == StatItem.Kind.STOCK else At.PERIOD)
    if at == At.START:
        month = run.first.shift(-1).key
        return (ref.code, month, month)
    if at == At.END and kind == StatItem.Kind.STOCK:
        return (ref.code, run.last.key, run.last.key)
    return (ref.code, run.first.key, run.last.key)


def _bind(node: Node, kinds: Mapping[str, str], run: Run) -> Bound:
    constant = Decimal(0)
    added: list[Window] = []
    subtracted: list[Window] = []
    for sign, term in node.terms:
        if isinstance(term, Decimal):
            constant += sign * term
            continue
        window = _window(term, kinds.get(term.code, StatItem.Kind.FLOW), run)
        (added if sign > 0 else subtracted).append(window)
    return Bound(constant, tuple(added), tuple(subtracted))


@dataclass(frozen=True)
class Plan:
    """How to compute an indicator for a period: its runs, each run's formula on windows.

    Built once per indicator and period, then evaluated for every unit (`evaluate`).
    """

    indicator: Indicator
    runs: tuple[Run, ...]
    numerators: tuple[Bound, ...]
    denominators: tuple[Bound | None, ...]

    @property
    def windows(self) -> set[Window]:
        bounds = [*self.numerators, *(d for d in self.denominators if d is not None)]
        return {window for bound in bounds for window in bound.windows}


def plan(
    indicator: Indicator,
    definitions: Sequence[Definition],
    period: Period,
    kinds: Mapping[str, str],
) -> Plan:
    """The runs of a period and the windows of every reference in each run."""
    period_runs = tuple(runs(definitions, period))
    return Plan(
        indicator=indicator,
        runs=period_runs,
        numerators=tuple(_bind(run.definition.numerator, kinds, run) for run in period_runs),
        denominators=tuple(
            _bind(run.definition.denominator, kinds, run)
            if run.definition.denominator is not None
            else None
            for run in period_runs
        ),
    )


def _total(bound: Bound, sums: WindowSums) -> tuple[Decimal, bool]:
    """A bound formula's value, and whether any figure stood behind it."""
    total, seen = bound.constant, False
    for window in bound.added:
        value = sums.get(window)
        if value is not None:
            total += value
            seen = True
    for window in bound.subtracted:
        value = sums.get(window)
        if value is not None:
            total -= value
            seen = True
    return total, seen


def window_sums(values: Values, windows: Iterable[Window]) -> dict[Window, Decimal]:
    """Sum monthly values ((item code, yyyymm) → value) into windows."""
    result: dict[Window, Decimal] = {}
    for window in windows:
        code, first, last = window
        month, end = Month(first // 100, first % 100), Month(last // 100, last % 100)
        while month <= end:
            value = values.get((code, month.key))
            if value is not None:
                result[window] = result.get(window, Decimal(0)) + value
            month = month.shift(1)
    return result


@dataclass(frozen=True)
class Result:
    """An indicator's result for one unit and period."""

    indicator: Indicator
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    target: Decimal | None
    status: Status
    runs: tuple[Run, ...] = ()

    @property
    def gap(self) -> Decimal | None:
        """Value minus target (percentage points for ratios)."""
        if self.value is None or self.target is None:
            return None
        return (self.value - self.target).quantize(TWO_PLACES)

    @property
    def has_data(self) -> bool:
        return self.status != Status.NO_DATA


def judge(indicator: Indicator, value: Decimal | None, target: Decimal | None) -> Status:
    """The status of a value against a target, by the indicator's direction and tolerance."""
    if value is None:
        return Status.NO_DATA
    if indicator.zero_tolerance:
        return Status.MET if value == 0 else Status.MISSED
    if target is None:
        return Status.NO_DATA
    better = value > target if indicator.direction == Indicator.Direction.HIGHER else value < target
    if better:
        return Status.EXCEEDED
    return Status.MET if value == target else Status.MISSED


def compute(
    indicator: Indicator,
    definitions: Sequence[Definition],
    period: Period,
    values: Values,
    kinds: Mapping[str, str],
    target: Decimal | None,
) -> Result:
    """An indicator's numerator, denominator, value and status for one unit's monthly values."""
    indicator_plan = plan(indicator, definitions, period, kinds)
    return evaluate(indicator_plan, window_sums(values, indicator_plan.windows), target)


def evaluate(indicator_plan: Plan, sums: WindowSums, target: Decimal | None) -> Result:
    """An indicator's numerator, denominator, value and status for one unit's window sums."""
    indicator, period_runs = indicator_plan.indicator, indicator_plan.runs
    numerator, denominator, seen = Decimal(0), Decimal(0), False
    for numerator_bound, denominator_bound in zip(
        indicator_plan.numerators, indicator_plan.denominators, strict=True
    ):
        num, num_seen = _total(numerator_bound, sums)
        numerator += num
        seen = seen or num_seen
        if denominator_bound is not None:
            den, den_seen = _total(denominator_bound, sums)
            denominator += den
            seen = seen or den_seen
    if not seen:
        return Result(indicator, None, None, None, target, Status.NO_DATA, period_runs)
    if indicator.kind == Indicator.Kind.RATIO:
        if denominator == 0:
            return Result(
                indicator, numerator, denominator, None, target, Status.NO_DATA, period_runs
            )
        value = (numerator * HUNDRED / denominator).quantize(TWO_PLACES)
        return Result(
            indicator,
            numerator,
            denominator,
            value,
            target,
            judge(indicator, value, target),
            period_runs,
        )
    return Result(
        indicator,
        numerator,
        None,
        numerator,
        target,
        judge(indicator, numerator, target),
        period_runs,
    )


def roll_up(
    rows: Iterable[tuple[str, str, int, Decimal]], targets: Mapping[str, int], steplen: int
) -> dict[int, dict[tuple[str, int], Decimal]]:
    """Sum figure rows (unit path, item code, month, value) into the display units.

    `targets` maps each display unit's path to its id; a row counts towards every display unit
    whose path is a prefix of its unit's path (its ancestors and itself).
    """
    result: dict[int, dict[tuple[str, int], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for path, code, month, value in rows:
        for end in range(steplen, len(path) + 1, steplen):
            unit_id = targets.get(path[:end])
            if unit_id is not None:
                result[unit_id][(code, month)] += value
    return result


def projected_year_end(
    ytd_numerator: Decimal,
    ytd_denominator: Decimal,
    recent_numerator: Decimal,
    recent_denominator: Decimal,
    recent_months: int,
    remaining_months: int,
    *,
    ratio: bool,
) -> Decimal | None:
    """Year-end value if the remaining months go at the recent months' monthly average."""
    if recent_months <= 0:
        return None
    numerator = ytd_numerator + recent_numerator / recent_months * remaining_months
    if not ratio:
        return numerator.quantize(TWO_PLACES)
    denominator = ytd_denominator + recent_denominator / recent_months * remaining_months
    if denominator == 0:
        return None
    return (numerator * HUNDRED / denominator).quantize(TWO_PLACES)


def in_force_on(definitions: Sequence[Definition], day: dt.date) -> Definition | None:
    ordered = [d for d in definitions if d.version.effective_from <= day]
    return max(ordered, key=lambda d: d.version.effective_from) if ordered else None
