"""Pass 1 of an import: every row and cell checked, every error kept with its place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, NamedTuple

from django.utils import timezone
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from dieuhanh.core.periods import Month
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit
from dieuhanh.plans import services
from dieuhanh.plans.errors import CellError
from dieuhanh.plans.imports.reading import (
    LIMIT,
    MONTH_HEADER,
    UNIT_HEADER,
    Cell,
    Layout,
    ParsedRow,
    cell_text,
    file_error,
    read_month,
    read_number,
    shown,
    value_problem,
)
from dieuhanh.plans.models import Figure, StatItem

MAX_STORED_ERRORS = 1000
CHECK_EVERY = 1000  # rows checked together against closed months (one query per group)


@dataclass
class Errors:
    """Every error is counted; the first MAX_STORED_ERRORS are kept."""

    kept: list[CellError] = field(default_factory=list)
    total: int = 0

    def add(self, error: CellError) -> None:
        self.total += 1
        if len(self.kept) < MAX_STORED_ERRORS:
            self.kept.append(error)

    def extend(self, errors: Iterable[CellError]) -> Errors:
        for error in errors:
            self.add(error)
        return self

    def as_json(self) -> list[dict[str, Any]]:
        rows = [e.as_dict() for e in sorted(self.kept, key=error_order)]
        if self.total > len(self.kept):
            more = self.total - len(self.kept)
            rows.append(
                file_error("", f"Còn {more} lỗi khác (tổng cộng {self.total} lỗi).").as_dict()
            )
        return rows


def error_order(error: CellError) -> tuple[int, int, str]:
    return (error.row or 0, len(error.column), error.column)


# A checked value: (item code as headed in the file, item id, value). Plain tuples: a national
# file has a million of them.
_Value = tuple[str, int, int | Decimal]


class _Row(NamedTuple):
    number: int
    unit: Unit
    month: Month
    values: list[_Value]


# A whole number below this, written in at most this many ASCII digits, needs no other check.
_LIMIT = int(LIMIT)
_LONGEST_FAST = len(str(_LIMIT)) - 1


class Checker:
    """Pass 1: check every row and cell; spool the good rows for pass 2 while error-free."""

    def __init__(
        self, layout: Layout, *, authority: Authority, reason: str, spool: IO[str], errors: Errors
    ) -> None:
        self.layout, self.reason, self.spool, self.errors = layout, reason, spool, errors
        # Out of scope is reported exactly like unknown: the user must not learn it exists.
        self.units = {u.code: u for u in authority.units(Power.REPORT)}
        self.items = {i.code.upper(): i for i in StatItem.objects.all()}
        self.columns = self._columns()
        self.seen: dict[tuple[int, int], int] = {}
        self.months: dict[Cell, Month] = {}  # month cells already read (a few dozen per file)
        self.pending: list[_Row] = []
        self.rows = 0
        self.current = Month.of(timezone.localdate())

    def _columns(self) -> dict[str, tuple[StatItem, int]]:
        """The item (and its id) of each column whose header is a known item code."""
        columns = {}
        for code in self.layout.items:
            item = self.items.get(code.upper())
            if item is None:
                message = f"Không có chỉ tiêu thống kê mã “{code}”"
                self._error(1, self.layout.letter(code), code, message)
            else:
                columns[code] = (item, item.pk)
        return columns

    def run(self, rows: Iterable[ParsedRow]) -> None:
        for parsed in rows:
            self.rows += 1
            row = self._check_row(parsed)
            if row is not None:
                self.pending.append(row)
            if len(self.pending) >= CHECK_EVERY:
                self._flush()
        self._flush()

    def _error(self, row: int, letter: str, header: str, message: str) -> None:
        self.errors.add(CellError(row, letter, self.layout.sheet, header, message))

    def _check_row(self, parsed: ParsedRow) -> _Row | None:
        failures = self.errors.total
        unit = self._unit(parsed)
        month = self._month(parsed)
        values = self._values(parsed)
        for index in parsed.stray:
            message = "Có số liệu nhưng cột không có mã chỉ tiêu ở dòng 1"
            self._error(parsed.row, get_column_letter(index + 1), "", message)
        if unit is not None and month is not None:
            first = self.seen.setdefault((unit.pk, month.key), parsed.row)
            if first != parsed.row:
                message = f"Đơn vị “{unit.code}” tháng {month} đã có ở dòng {first}"
                self._error(parsed.row, self._letter(self.layout.unit_index), UNIT_HEADER, message)
        if unit is None or month is None or self.errors.total > failures:
            return None
        return _Row(parsed.row, unit, month, values)

    def _values(self, parsed: ParsedRow) -> list[_Value]:
        """The row's values. A whole number (an int cell, or ASCII digits) in range is valid
        for every item and taken as is; anything else is read and checked by `read_number`
        and `value_problem`."""
        values: list[_Value] = []
        columns = self.columns
        for code, raw in parsed.values.items():
            known = columns.get(code)
            if known is None:
                continue  # the unknown header is reported once, on row 1
            kind = type(raw)
            if kind is int:
                if 0 <= raw < _LIMIT:
                    values.append((code, known[1], raw))
                    continue
            elif kind is str and raw.isdigit() and raw.isascii() and len(raw) <= _LONGEST_FAST:
                values.append((code, known[1], int(raw)))
                continue
            value = self._value(parsed.row, code, known[0], raw)
            if value is not None:
                values.append((code, known[1], value))
        return values

    def _letter(self, index: int) -> str:
        return str(get_column_letter(index + 1))

    def _unit(self, parsed: ParsedRow) -> Unit | None:
        code = cell_text(parsed.unit_code)
        unit = self.units.get(code)
        if unit is None:
            message = f"Không có đơn vị mã “{code}”" if code else "Thiếu mã đơn vị"
            self._error(parsed.row, self._letter(self.layout.unit_index), UNIT_HEADER, message)
        return unit

    def _month(self, parsed: ParsedRow) -> Month | None:
        known = self.months.get(parsed.month) if type(parsed.month) is str else None
        if known is not None:
            return known
        letter = self._letter(self.layout.month_index)
        try:
            month = read_month(parsed.month)
        except ValueError:
            self._error(parsed.row, letter, MONTH_HEADER, "Tháng phải có dạng mm/yyyy")
            return None
        if month > self.current:
            self._error(parsed.row, letter, MONTH_HEADER, f"Tháng {month} chưa đến")
            return None
        if type(parsed.month) is str:
            self.months[parsed.month] = month
        return month

    def _value(self, row: int, code: str, item: StatItem, raw: Cell) -> Decimal | None:
        letter = self.layout.letter(code)
        try:
            value = read_number(raw)
        except ValueError:
            self._error(row, letter, code, f"Không phải là số: “{shown(raw)}”")
            return None
        problem = value_problem(value, item)
        if problem:
            self._error(row, letter, code, f"{problem}: “{shown(raw)}”")
            return None
        return value

    def _flush(self) -> None:
        rows, self.pending = self.pending, []
        if rows and not self.reason:
            self._check_closed(rows)
        if self.errors.total == 0:  # once a file is refused, pass 2 never reads the spool
            write = self.spool.write
            for row in rows:
                cells = " ".join([f"{item}:{value}" for _code, item, value in row.values])
                write(f"{row.unit.pk} {row.month.key} {cells}\n")

    def _check_closed(self, rows: list[_Row]) -> None:
        """A value that would change in a closed month needs a correction reason."""
        units = {row.unit.pk: row.unit for row in rows}
        locked = services.closed_months(units.values(), {row.month.key for row in rows})
        hit = [row for row in rows if (row.unit.pk, row.month.key) in locked]
        if not hit:
            return
        existing = {
            (unit, item, month): value
            for unit, item, month, value in Figure.objects.filter(
                unit_id__in={r.unit.pk for r in hit}, month__in={r.month.key for r in hit}
            ).values_list("unit_id", "item_id", "month", "value")
        }
        for row in hit:
            for code, item, value in row.values:
                if existing.get((row.unit.pk, item, row.month.key)) != value:
                    message = f"Tháng {row.month} của {row.unit} đã khóa sổ; cần lý do đính chính"
                    self._error(row.number, self.layout.letter(code), code, message)
