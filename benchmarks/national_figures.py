"""National-scale monthly figures for benchmarks: a 60-item catalogue and a file to import.

The sample catalogue (16 items, 8 indicators, loaded by the plans migrations) is extended with
generated items in pairs — a count of cases handled and the part of it handled well — and one
ratio indicator per pair, so every item feeds an indicator. The reporting units are the
provinces and the regional units of `benchmarks/national_org.py` (34 + 355 = 389 at scale 1);
each reports every item every month. Values are fictional and deterministic for a seed: a
ratio's numerator never exceeds its denominator, and stocks stay small next to the flows.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from dieuhanh.core.periods import Month
from dieuhanh.org.models import Unit
from dieuhanh.plans.catalog import TARGET_YEARS
from dieuhanh.plans.imports import MONTH_HEADER, SHEET, UNIT_HEADER
from dieuhanh.plans.models import Indicator, IndicatorVersion, StatItem, Target

REPORTING_LEVELS = ("tinh", "khu-vuc")  # provinces and regional units report figures
GENERATED_BASIS = "Chỉ tiêu sinh tự động cho benchmark (hư cấu)"
# (numerator of a sample ratio, its denominator) — the numerator is drawn as a share of it.
SAMPLE_SHARES = {
    "TB_GQ": ("TB_MOI", 0.85, 1.0),
    "TB_CHUYEN": ("TB_MOI", 0.0, 0.1),
    "TT_DUNGHAN": ("TT_VU", 0.88, 1.0),
    "TT_DUNGTOI": ("TT_VU", 0.93, 1.0),
    "KN_PT_CN": ("KN_PT", 0.5, 1.0),
    "KNG_CN": ("KNG", 0.6, 1.0),
    "TB_QUAHAN": ("TB_TON", 0.0, 0.08),
}
SAMPLE_SIZES = {"TB_MOI": 60, "TB_TON": 25, "TT_VU": 12, "XX_VU": 12, "KN_PT": 2, "KNG": 3}
SAMPLE_SIZES |= {"DS_VU": 30, "OAN": 0, "KPT": 0}


@dataclass(frozen=True)
class Catalogue:
    """The items (in file column order) and how each one's value is drawn."""

    items: list[StatItem]
    indicators: int
    # item code → (base size) or (code of the item it is a share of, low share, high share)
    rules: dict[str, int | tuple[str, float, float]]


def extend_catalogue(total_items: int = 60) -> Catalogue:
    """Add generated item pairs and their ratio indicators until there are `total_items`."""
    rules: dict[str, int | tuple[str, float, float]] = {**SAMPLE_SIZES, **SAMPLE_SHARES}
    with transaction.atomic():
        existing = StatItem.objects.count()
        pairs = max(0, (total_items - existing) // 2)
        items, indicators, versions, targets = [], [], [], []
        for number in range(1, pairs + 1):
            whole, good = f"BM{number:02d}", f"BM{number:02d}_DAT"
            items.append(_item(whole, f"Số việc loại {number:02d} (benchmark)", 200 + number))
            items.append(_item(good, f"Số việc loại {number:02d} đạt yêu cầu", 200 + number))
            rules[whole] = 5 + (number * 7) % 40
            rules[good] = (whole, 0.7, 1.0)
            indicators.append(
                Indicator(
                    code=f"TL_BM{number:02d}",
                    name=f"Tỷ lệ việc loại {number:02d} đạt yêu cầu (benchmark)",
                    kind=Indicator.Kind.RATIO,
                    direction=Indicator.Direction.HIGHER,
                    rank=1000 + number,
                    basis=GENERATED_BASIS,
                )
            )
        if len(items) + existing < total_items:  # an odd total: one more count item
            code = f"BM{pairs + 1:02d}"
            items.append(_item(code, "Số việc khác (benchmark)", 300))
            rules[code] = 10
        StatItem.objects.bulk_create(items)
        Indicator.objects.bulk_create(indicators)
        for indicator in Indicator.objects.filter(basis=GENERATED_BASIS):
            whole = indicator.code.removeprefix("TL_")
            versions.append(
                IndicatorVersion(
                    indicator=indicator,
                    effective_from=Month(2020, 12).first_day,
                    numerator=f"{whole}_DAT",
                    denominator=whole,
                    legal_basis=GENERATED_BASIS,
                )
            )
            targets += [
                Target(indicator=indicator, year=year, unit=None, value=Decimal(85))
                for year in TARGET_YEARS
            ]
        IndicatorVersion.objects.bulk_create(versions)
        Target.objects.bulk_create(targets)
    return Catalogue(
        items=list(StatItem.objects.order_by("rank", "code")),
        indicators=Indicator.objects.filter(active=True).count(),
        rules=rules,
    )


def _item(code: str, name: str, rank: int) -> StatItem:
    return StatItem(code=code, name=name, measure="việc", kind=StatItem.Kind.FLOW, rank=rank)


def reporting_units() -> list[Unit]:
    """The provinces and regional units, in tree order."""
    return list(Unit.objects.filter(level__code__in=REPORTING_LEVELS).order_by("path"))


def months_back(last: Month, count: int) -> list[Month]:
    """`count` months ending with `last`, oldest first."""
    return [last.shift(-back) for back in reversed(range(count))]


def rows(
    catalogue: Catalogue, units: Sequence[Unit], months: Sequence[Month], *, seed: int
) -> Iterator[list[str | int]]:
    """The file's rows: the header, then one row per unit × month with every item's value."""
    draw = random.Random(seed)
    codes = [item.code for item in catalogue.items]
    yield [UNIT_HEADER, MONTH_HEADER, *codes]
    for unit in units:
        size = 3.0 if unit.depth == 1 else 1.0  # a province's own work is larger
        for month in months:
            values: dict[str, int] = {}
            for code in codes:
                rule = catalogue.rules.get(code, 10)
                if isinstance(rule, int):
                    values[code] = round(rule * size * draw.uniform(0.5, 1.5))
            for code in codes:
                rule = catalogue.rules.get(code, 10)
                if not isinstance(rule, int):
                    whole, low, high = rule
                    values[code] = round(values[whole] * draw.uniform(low, high))
            yield [unit.code, str(month), *(values[code] for code in codes)]


def write_csv(path: Path, table: Iterator[list[str | int]]) -> int:
    """Write the rows as a UTF-8 CSV (with BOM, as Excel saves it); return the values written."""
    values = 0
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        header = next(table)
        writer.writerow(header)
        for row in table:
            writer.writerow(row)
            values += len(row) - 2
    return values


def write_xlsx(path: Path, table: Iterator[list[str | int]]) -> int:
    """Write the rows into the figures sheet of an XLSX (write-only, so memory stays flat)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    values = 0
    sheet.append(next(table))
    for row in table:
        sheet.append(row)
        values += len(row) - 2
    workbook.save(path)
    return values


def changed_copy(source: Path, target: Path, *, every: int, seed: int) -> int:
    """A copy of a CSV with one value in `every` raised by one (a corrected file)."""
    draw = random.Random(seed)
    changed = 0
    with (
        source.open(encoding="utf-8-sig", newline="") as reading,
        target.open("w", encoding="utf-8-sig", newline="") as writing,
    ):
        reader, writer = csv.reader(reading), csv.writer(writing)
        writer.writerow(next(reader))
        for row in reader:
            for index in range(2, len(row)):
                if draw.randrange(every) == 0:
                    row[index] = str(int(row[index]) + 1)
                    changed += 1
            writer.writerow(row)
    return changed
