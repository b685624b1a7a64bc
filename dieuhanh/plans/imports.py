"""Importing monthly figures from a spreadsheet: layout, template, parsing, checking, writing.

File layout (XLSX and CSV)
--------------------------
- XLSX: the sheet named "So lieu" (any case, with or without diacritics); if there is none,
  the first sheet. Other sheets (the template's "Huong dan") are ignored.
- Row 1 holds the headers: `Mã đơn vị`, `Tháng` (mm/yyyy), then one column per statistical
  item, headed by the item's code (`TB_MOI`, `TB_GQ` …). Header order is free.
- Every next row is one unit × one month. An empty cell means "no value" (it is skipped, never
  read as zero); an entirely empty row is skipped.
- Numbers: numeric cells, or text in the Vietnamese format — "1.234" and "1 234" are 1234,
  "12,5" is 12.5. "1.5" or "12.5" are refused rather than guessed.
- CSV: the same columns, UTF-8 with or without BOM, separated by commas (a semicolon file, as
  Excel writes it on a Vietnamese Windows, is recognised from its header line). In error
  messages the "sheet" of a CSV file is its file name and columns are lettered as in Excel.

An import is checked whole first (pass 1) and every bad cell is reported; only a file without
a single error is written (pass 2), in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import IO, Any, BinaryIO

from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.comments import Comment  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from dieuhanh.core.audit import Actor, record
from dieuhanh.core.periods import Month
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit
from dieuhanh.plans import services
from dieuhanh.plans.errors import PlansError
from dieuhanh.plans.models import Figure, ImportBatch, StatItem

SHEET = "So lieu"
GUIDE_SHEET = "Huong dan"
UNIT_HEADER = "Mã đơn vị"
MONTH_HEADER = "Tháng"
MAX_STORED_ERRORS = 1000
PROGRESS_EVERY = 1000  # rows between two progress writes
CHECK_EVERY = 1000  # rows checked together against closed months (one query per group)
# StatItem has no "integer" flag: counts (vụ, tin, người …) are the norm, so every measure is
# a count except these, which may carry decimals.
FRACTIONAL_MEASURES = frozenset({"%", "tỷ lệ", "đồng", "nghìn đồng", "triệu đồng", "ngày", "giờ"})
LIMIT = Decimal(10) ** 12  # Figure.value: 14 digits, 2 of them decimal

Cell = Any  # a raw cell: str, int, float, Decimal, datetime, bool or None

_NUMBER = re.compile(
    r"(?P<sign>[-+−]?)"
    r"(?P<whole>\d{1,3}(?P<sep>[. \u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*|\d+)"
    r"(?:,(?P<fraction>\d+))?"
)
_MONTH = re.compile(r"(\d{1,2})/(\d{4})")


@dataclass(frozen=True)
class CellError:
    """One bad cell (or header, or row) with its place and the reason, in Vietnamese."""

    row: int | None  # None: the whole file
    column: str  # letter, as Excel shows it
    sheet: str
    header: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class ImportFileError(PlansError):
    """The file cannot be read as an import at all (format, encoding, headers)."""

    def __init__(self, errors: Sequence[CellError]) -> None:
        super().__init__("; ".join(e.message for e in errors), field="file")
        self.errors = list(errors)


@dataclass(frozen=True)
class Layout:
    """Where the columns are, as read from row 1."""

    sheet: str
    unit_index: int
    month_index: int
    items: dict[str, int]  # item code as written in row 1 → column index (from 0)
    width: int
    unused: tuple[int, ...]  # columns with a blank header

    def letter(self, code: str) -> str:
        return str(get_column_letter(self.items[code] + 1))


@dataclass(frozen=True)
class ParsedRow:
    """One data row: unit code, month and item values exactly as the cells hold them."""

    sheet: str
    row: int
    unit_code: Cell
    month: Cell
    values: dict[str, Cell]  # item code (header) → raw cell; empty cells left out
    stray: tuple[int, ...] = ()  # filled cells under a blank header (column indexes)


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the counts, or every error (capped) with their total."""

    batch: ImportBatch
    errors: list[CellError]
    error_count: int
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0


# ---------------------------------------------------------------- parsing


def parse(file_name: str, stream: BinaryIO) -> Iterator[ParsedRow]:
    """Stream the data rows of an XLSX or CSV file (chosen by extension)."""
    with open_sheet(file_name, stream) as (_layout, rows):
        yield from rows


@contextmanager
def open_sheet(file_name: str, stream: BinaryIO) -> Iterator[tuple[Layout, Iterator[ParsedRow]]]:
    """Open a file's figures sheet: its layout and a stream of its data rows.

    Raises ImportFileError when the file is not XLSX/CSV, is unreadable, or lacks the headers.
    """
    name = PurePath(file_name).name
    extension = PurePath(name).suffix.lower()
    with ExitStack() as cleanup:
        if extension == ".xlsx":
            sheet, raw_rows = _xlsx_rows(name, stream, cleanup)
        elif extension == ".csv":
            sheet, raw_rows = name, _csv_rows(name, stream)
        else:
            raise ImportFileError([_file_error(name, _bad_extension(name))])
        numbered = enumerate(raw_rows, start=1)
        first = next(numbered, None)
        if first is None:
            raise ImportFileError([_file_error(sheet, "Tệp không có dữ liệu.")])
        layout = _layout(sheet, first[1])
        yield layout, _data_rows(layout, numbered)


def _xlsx_rows(
    name: str, stream: BinaryIO, cleanup: ExitStack
) -> tuple[str, Iterator[tuple[Cell, ...]]]:
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # any failure to open is the file's fault, not ours
        message = f"Không đọc được “{name}” như bảng tính Excel (.xlsx)."
        raise ImportFileError([_file_error(name, message)]) from error
    cleanup.callback(workbook.close)  # read-only workbooks keep the zip open
    named = [ws for ws in workbook.worksheets if _plain(ws.title) == _plain(SHEET)]
    sheet = (named or workbook.worksheets)[0]
    # The stored dimension may be wrong (some tools write "A1"); read every row regardless.
    sheet.reset_dimensions()
    return str(sheet.title), _guarded(sheet.title, sheet.iter_rows(values_only=True))


def _guarded(sheet: str, rows: Iterable[tuple[Cell, ...]]) -> Iterator[tuple[Cell, ...]]:
    """Turn a broken sheet (bad XML inside the zip) into a Vietnamese error, not a crash."""
    try:
        yield from rows
    except Exception as error:
        message = "Bảng tính bị hỏng, không đọc tiếp được; hãy lưu lại tệp bằng Excel."
        raise ImportFileError([_file_error(sheet, message)]) from error


def _csv_rows(file_name: str, stream: BinaryIO) -> Iterator[tuple[Cell, ...]]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    rows_read = 0
    try:
        first = text.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        for row in csv.reader(itertools.chain([first], text), delimiter=delimiter):
            rows_read += 1
            yield tuple(row)
    except UnicodeDecodeError as error:
        # Text is decoded a block ahead of the rows, so no row number would be exact here.
        message = "Tệp CSV phải mã hóa UTF-8; hãy lưu lại với kiểu “CSV UTF-8”."
        raise ImportFileError([_file_error(file_name, message)]) from error
    except csv.Error as error:
        message = f"Tệp CSV bị lỗi định dạng sau dòng {rows_read}."
        raise ImportFileError([_file_error(file_name, message)]) from error
    finally:
        text.detach()  # the caller owns (and closes) the binary stream


def _layout(sheet: str, header: tuple[Cell, ...]) -> Layout:
    names = [_text(cell) for cell in header]
    errors: list[CellError] = []
    fixed: dict[str, int] = {}
    for wanted in (UNIT_HEADER, MONTH_HEADER):
        found = [i for i, name in enumerate(names) if _plain(name) == _plain(wanted)]
        if found:
            fixed[wanted] = found[0]
        else:
            errors.append(_header_error(sheet, len(names), wanted, f"Thiếu cột “{wanted}”."))
    items: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name or index in fixed.values():
            continue
        if name.upper() in {code.upper() for code in items}:
            first = next(i for code, i in items.items() if code.upper() == name.upper())
            message = f"Mã chỉ tiêu “{name}” trùng với cột {get_column_letter(first + 1)}."
            errors.append(_header_error(sheet, index, name, message))
            continue
        items[name] = index
    if errors:
        raise ImportFileError(errors)
    unused = tuple(i for i, name in enumerate(names) if not name)
    return Layout(sheet, fixed[UNIT_HEADER], fixed[MONTH_HEADER], items, len(names), unused)


def _data_rows(
    layout: Layout, numbered: Iterator[tuple[int, tuple[Cell, ...]]]
) -> Iterator[ParsedRow]:
    for number, cells in numbered:
        if all(_blank(cell) for cell in cells):
            continue
        size = len(cells)
        values = {
            code: cells[i] for code, i in layout.items.items() if i < size and not _blank(cells[i])
        }
        stray = tuple(
            i
            for i in itertools.chain(layout.unused, range(layout.width, size))
            if i < size and not _blank(cells[i])
        )
        unit = cells[layout.unit_index] if layout.unit_index < size else None
        month = cells[layout.month_index] if layout.month_index < size else None
        yield ParsedRow(layout.sheet, number, unit, month, values, stray)


# ---------------------------------------------------------------- reading cells


def read_number(raw: Cell) -> Decimal:
    """A cell as a number: numeric cells, or text in the Vietnamese format. ValueError if not."""
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float | Decimal):
        # repr is the shortest text of the same float: 12.5, not 12.4999…
        value = Decimal(repr(raw)) if isinstance(raw, float) else raw
        if not value.is_finite():
            raise ValueError(raw)
        return value
    match = _NUMBER.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if match is None:
        raise ValueError(raw)
    digits = re.sub(r"\D", "", match["whole"])
    value = Decimal(f"{digits}.{match['fraction'] or 0}")
    return -value if match["sign"] in ("-", "−") else value


def read_month(raw: Cell) -> Month:
    """A month cell: text mm/yyyy, or a date cell (Excel turns "03/2026" into a date)."""
    if isinstance(raw, dt.date):
        return Month(raw.year, raw.month)
    match = _MONTH.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if match is None:
        raise ValueError(raw)
    return Month(int(match[2]), int(match[1]))  # ValueError for month 13


def value_problem(value: Decimal, item: StatItem) -> str | None:
    """Why a number cannot be this item's value (None if it can)."""
    if value < 0:
        return "Số liệu không được âm"
    if value >= LIMIT:
        return "Số liệu quá lớn"
    if item.measure not in FRACTIONAL_MEASURES:
        return None if value == value.to_integral_value() else "Số liệu phải là số nguyên"
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return "Số liệu có quá 2 chữ số thập phân"
    return None


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _shown(cell: Cell) -> str:
    """A cell as the user wrote it, numbers in the Vietnamese format."""
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        return f"{cell}".replace(".", ",")
    return _text(cell)


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _plain(text: str) -> str:
    """Lower case without diacritics, so "Mã đơn vị", "ma don vi" and "MÃ ĐƠN VỊ" match."""
    decomposed = unicodedata.normalize("NFD", text.strip().casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _bad_extension(file_name: str) -> str:
    return (
        f"Tệp “{file_name}” không phải .xlsx hoặc .csv; hãy lưu bảng tính dạng Excel (.xlsx) "
        "hoặc CSV (UTF-8)."
    )


def _file_error(sheet: str, message: str) -> CellError:
    return CellError(None, "", sheet, "", message)


def _header_error(sheet: str, index: int, header: str, message: str) -> CellError:
    return CellError(1, get_column_letter(index + 1), sheet, header, message)


# ---------------------------------------------------------------- pass 1: checking


@dataclass
class _Errors:
    """Every error is counted; the first MAX_STORED_ERRORS are kept."""

    kept: list[CellError] = field(default_factory=list)
    total: int = 0

    def add(self, error: CellError) -> None:
        self.total += 1
        if len(self.kept) < MAX_STORED_ERRORS:
            self.kept.append(error)

    def extend(self, errors: Iterable[CellError]) -> _Errors:
        for error in errors:
            self.add(error)
        return self

    def as_json(self) -> list[dict[str, Any]]:
        rows = [e.as_dict() for e in sorted(self.kept, key=_error_order)]
        if self.total > len(self.kept):
            more = self.total - len(self.kept)
            rows.append(
                _file_error("", f"Còn {more} lỗi khác (tổng cộng {self.total} lỗi).").as_dict()
            )
        return rows


def _error_order(error: CellError) -> tuple[int, int, str]:
    return (error.row or 0, len(error.column), error.column)


@dataclass(frozen=True)
class _Value:
    item: StatItem
    value: Decimal
    letter: str
    header: str


@dataclass(frozen=True)
class _Row:
    number: int
    unit: Unit
    month: Month
    values: list[_Value]


class _Checker:
    """Pass 1: check every row and cell; spool the good rows for pass 2 while error-free."""

    def __init__(
        self, layout: Layout, *, authority: Authority, reason: str, spool: IO[str], errors: _Errors
    ) -> None:
        self.layout, self.reason, self.spool, self.errors = layout, reason, spool, errors
        # Out of scope is reported exactly like unknown: the user must not learn it exists.
        self.units = {u.code: u for u in authority.units(Power.REPORT)}
        self.items = {i.code.upper(): i for i in StatItem.objects.all()}
        self.columns = self._columns()
        self.seen: dict[tuple[int, int], int] = {}
        self.pending: list[_Row] = []
        self.rows = 0
        self.current = Month.of(timezone.localdate())

    def _columns(self) -> dict[str, tuple[StatItem, str]]:
        columns = {}
        for code in self.layout.items:
            letter = self.layout.letter(code)
            item = self.items.get(code.upper())
            if item is None:
                message = f"Không có chỉ tiêu thống kê mã “{code}”"
                self._error(1, letter, code, message)
            else:
                columns[code] = (item, letter)
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
        checked = (self._value(parsed, code, raw) for code, raw in parsed.values.items())
        values = [value for value in checked if value is not None]
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

    def _letter(self, index: int) -> str:
        return str(get_column_letter(index + 1))

    def _unit(self, parsed: ParsedRow) -> Unit | None:
        code = _text(parsed.unit_code)
        unit = self.units.get(code)
        if unit is None:
            message = f"Không có đơn vị mã “{code}”" if code else "Thiếu mã đơn vị"
            self._error(parsed.row, self._letter(self.layout.unit_index), UNIT_HEADER, message)
        return unit

    def _month(self, parsed: ParsedRow) -> Month | None:
        letter = self._letter(self.layout.month_index)
        try:
            month = read_month(parsed.month)
        except ValueError:
            self._error(parsed.row, letter, MONTH_HEADER, "Tháng phải có dạng mm/yyyy")
            return None
        if month > self.current:
            self._error(parsed.row, letter, MONTH_HEADER, f"Tháng {month} chưa đến")
            return None
        return month

    def _value(self, parsed: ParsedRow, code: str, raw: Cell) -> _Value | None:
        known = self.columns.get(code)
        if known is None:
            return None  # the unknown header is reported once, on row 1
        item, letter = known
        try:
            value = read_number(raw)
        except ValueError:
            self._error(parsed.row, letter, code, f"Không phải là số: “{_shown(raw)}”")
            return None
        problem = value_problem(value, item)
        if problem:
            self._error(parsed.row, letter, code, f"{problem}: “{_shown(raw)}”")
            return None
        return _Value(item, value, letter, code)

    def _flush(self) -> None:
        rows, self.pending = self.pending, []
        if rows and not self.reason:
            self._check_closed(rows)
        if self.errors.total == 0:  # once a file is refused, pass 2 never reads the spool
            for row in rows:
                cells = " ".join(f"{v.item.pk}:{v.value}" for v in row.values)
                self.spool.write(f"{row.unit.pk} {row.month.key} {cells}\n")

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
            for cell in row.values:
                if existing.get((row.unit.pk, cell.item.pk, row.month.key)) != cell.value:
                    message = f"Tháng {row.month} của {row.unit} đã khóa sổ; cần lý do đính chính"
                    self._error(row.number, cell.letter, cell.header, message)


# ---------------------------------------------------------------- pass 2: writing


class _Progress:
    """Publishes `rows_done` while the import's transaction is still open, where that can work.

    On PostgreSQL a second connection (autocommit) updates the batch row, so other sessions
    see the progress at once. It cannot wait on the import: the import's transaction holds
    only a KEY SHARE lock on the batch row (from the figures' foreign keys), which does not
    conflict with updating a non-key column, and the import does not update the batch row
    itself until its last step. SQLite has a single writer: a second connection would wait
    for the import's own write lock until it times out, so there progress shows per phase
    (rows_total once checked, rows_done at commit). Inside an outer transaction (tests, or a
    caller's atomic block) the batch row is not committed, so the side channel is off as well.
    """

    def __init__(self, batch: ImportBatch) -> None:
        main = connections[DEFAULT_DB_ALIAS]
        live = main.vendor == "postgresql" and not main.in_atomic_block
        self.side = main.copy() if live else None
        self.batch_id, self.every, self.last = batch.pk, PROGRESS_EVERY, 0
        quote = main.ops.quote_name
        table, done = quote(ImportBatch._meta.db_table), quote("rows_done")
        # Identifiers come from the model and are quoted; the values are parameters.
        self.sql = f"UPDATE {table} SET {done} = %s WHERE id = %s"  # noqa: S608

    def report(self, rows_done: int) -> None:
        if self.side is None or rows_done - self.last < self.every:
            return
        self.last = rows_done
        with self.side.cursor() as cursor:
            cursor.execute(self.sql, [rows_done, self.batch_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _write(
    spool: IO[str],
    checker: _Checker,
    *,
    batch: ImportBatch,
    authority: Authority,
    reason: str,
    progress: _Progress,
) -> tuple[services.SaveSummary, set[Unit]]:
    """Pass 2 (inside the caller's transaction): the spooled rows, CHUNK values at a time."""
    units = {u.pk: u for u in checker.units.values()}
    items = {i.pk: i for i in checker.items.values()}
    months: dict[int, Month] = {}
    total, touched = services.SaveSummary(), set()
    chunk: list[services.FigureInput] = []

    def save() -> None:
        part = services.save_figures(chunk, batch=batch, authority=authority, reason=reason)
        _add(total, part)
        chunk.clear()

    for rows_done, line in enumerate(spool, start=1):
        unit_id, key, *cells = line.split()
        unit = units[int(unit_id)]
        month = months.setdefault(int(key), Month(int(key) // 100, int(key) % 100))
        for cell in cells:
            item_id, value = cell.split(":")
            chunk.append(services.FigureInput(unit, items[int(item_id)], month, Decimal(value)))
        touched.add(unit)
        if len(chunk) >= services.CHUNK:
            save()
            progress.report(rows_done)
    if chunk:
        save()
    return total, touched


def _add(total: services.SaveSummary, part: services.SaveSummary) -> None:
    total.created += part.created
    total.changed += part.changed
    total.unchanged += part.unchanged
    total.corrections += part.corrections


def _actor(authority: Authority, units: Iterable[Unit]) -> Actor:
    """Who imported: stamped "on behalf of" when any unit is reached through a delegation."""
    actors = [authority.actor_for(unit, Power.REPORT) for unit in units]
    return next((a for a in actors if a.on_behalf_of_label), authority.actor)


# ---------------------------------------------------------------- the import


def validate_and_save(
    batch: ImportBatch,
    file_name: str,
    open_stream: Callable[[], BinaryIO],
    *,
    authority: Authority,
    reason: str = "",
) -> ImportResult:
    """Import a file into `batch`: all of it, or nothing and every bad cell reported.

    Pass 1 streams the file, checks every cell and spools the checked values to a temporary
    file; pass 2 writes them from the spool (no second parse, and exactly what was checked,
    even if the stored file changed meanwhile) in one transaction.
    """
    reason = reason.strip()
    batch.sha256 = _sha256(open_stream)
    batch.file_name = PurePath(file_name).name[:255]
    batch.status, batch.reason = ImportBatch.Status.RUNNING, reason
    batch.save(update_fields=["sha256", "file_name", "status", "reason", "updated_at"])
    errors = _Errors()
    checker: _Checker | None = None
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="ascii") as spool:
        try:
            with closing(open_stream()) as stream, open_sheet(file_name, stream) as opened:
                layout, rows = opened
                checker = _Checker(
                    layout, authority=authority, reason=reason, spool=spool, errors=errors
                )
                checker.run(rows)
        except ImportFileError as error:
            errors.extend(error.errors)
        rows_total = checker.rows if checker else 0
        if errors.total or checker is None:
            return _reject(batch, errors, rows=rows_total)
        batch.rows_total, batch.rows_done = rows_total, 0
        batch.save(update_fields=["rows_total", "rows_done", "updated_at"])
        spool.seek(0)
        return _save(batch, spool, checker, authority=authority, reason=reason)


def _save(
    batch: ImportBatch, spool: IO[str], checker: _Checker, *, authority: Authority, reason: str
) -> ImportResult:
    progress = _Progress(batch)
    try:
        with transaction.atomic():
            summary, units = _write(
                spool, checker, batch=batch, authority=authority, reason=reason, progress=progress
            )
            actor = _actor(authority, units)
            batch.rows_done, batch.on_behalf_of_label = checker.rows, actor.on_behalf_of_label
            services.finish_batch(batch, summary)
            record("plans.figures.import", batch, actor=actor, changes=_audit_changes(summary))
    except (PlansError, IntegrityError) as error:
        # Something changed between the passes (a month closed, another import of the same
        # figures committed first): nothing was written; the user imports the file again.
        message = f"Số liệu vừa thay đổi trong lúc nhập, chưa ghi gì; hãy nhập lại tệp. ({error})"
        failure = _Errors().extend([_file_error(checker.layout.sheet, message)])
        return _reject(batch, failure, rows=checker.rows)
    finally:
        progress.close()
    return ImportResult(
        batch, [], 0, created=summary.created, changed=summary.changed, unchanged=summary.unchanged
    )


def _audit_changes(summary: services.SaveSummary) -> dict[str, list[Any]]:
    return {
        "status": [ImportBatch.Status.RUNNING, ImportBatch.Status.DONE],
        "values_created": [0, summary.created],
        "values_changed": [0, summary.changed],
        "values_unchanged": [0, summary.unchanged],
    }


def _reject(batch: ImportBatch, errors: _Errors, *, rows: int) -> ImportResult:
    batch.status, batch.errors = ImportBatch.Status.REJECTED, errors.as_json()
    batch.rows_total, batch.rows_done, batch.finished_at = rows, 0, timezone.now()
    batch.values_created = batch.values_changed = batch.values_unchanged = 0
    batch.on_behalf_of_label = ""
    batch.save()
    return ImportResult(batch, sorted(errors.kept, key=_error_order), errors.total)


def _sha256(open_stream: Callable[[], BinaryIO]) -> str:
    digest = hashlib.sha256()
    with closing(open_stream()) as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@transaction.atomic
def start_import(
    uploaded_file: File[Any], *, authority: Authority, reason: str = ""
) -> ImportBatch:
    """Store an uploaded file as a pending batch and queue its import after commit."""
    # jobs imports this module; importing it here, at call time, keeps the cycle harmless.
    from dieuhanh.plans.jobs import import_figures

    name = PurePath(uploaded_file.name or "").name
    if PurePath(name).suffix.lower() not in (".xlsx", ".csv"):
        raise PlansError(_bad_extension(name), field="file")
    if len(reason.strip()) > 300:
        raise PlansError("Lý do đính chính tối đa 300 ký tự.", field="reason")
    if not authority.user.is_authenticated:
        raise PlansError("Cần đăng nhập để nhập số liệu.")
    batch = services.new_batch(
        ImportBatch.Source.FILE, authority=authority, file_name=name[:255], reason=reason.strip()
    )
    batch.file.save(name, uploaded_file, save=True)
    user_id = authority.user.pk
    transaction.on_commit(lambda: import_figures.enqueue(batch.pk, user_id))
    return batch


# ---------------------------------------------------------------- template


def template_workbook(
    units: Sequence[Unit],
    months: Sequence[Month],
    items: Sequence[StatItem],
    values: Mapping[tuple[int, int, int], Decimal] | None = None,
) -> bytes:
    """An XLSX to fill in: one row per unit × month, optionally with the values already known.

    `values` is keyed by (unit id, item id, yyyymm). Written in write-only mode, so a template
    for every unit of the sector over a year stays small in memory.
    """
    values = values or {}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 10
    bold = Font(bold=True)
    header = [_styled(sheet, UNIT_HEADER, font=bold), _styled(sheet, MONTH_HEADER, font=bold)]
    for item in items:
        cell = _styled(sheet, item.code, font=bold)
        cell.comment = Comment(f"{item.name} (đơn vị tính: {item.measure})", "Điều hành")
        header.append(cell)
    sheet.append(header)
    for unit in units:
        for month in months:
            known = (values.get((unit.pk, item.pk, month.key)) for item in items)
            sheet.append(
                [_styled(sheet, unit.code), _styled(sheet, str(month)), *map(_number, known)]
            )
    _guide(workbook.create_sheet(GUIDE_SHEET), items)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _styled(sheet: Any, value: str, *, font: Any = None) -> Any:
    """A text cell; Excel must not turn "03/2026" into a date or "001" into 1."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "@"
    if font is not None:
        cell.font = font
    return cell


def _number(value: Decimal | None) -> int | Decimal | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def _guide(sheet: Any, items: Sequence[StatItem]) -> None:
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 70
    lines = [
        ("Hướng dẫn nhập số liệu",),
        ("",),
        ("Mã đơn vị", "Mã của đơn vị báo cáo, giữ nguyên như mẫu."),
        ("Tháng", "Tháng báo cáo, dạng mm/yyyy (ví dụ 03/2026)."),
        ("Các cột còn lại", "Mỗi cột là một chỉ tiêu thống kê, tiêu đề là mã chỉ tiêu."),
        ("Ô trống", "Chưa có số liệu: bỏ qua, không tính là 0. Muốn nhập 0 thì ghi 0."),
        ("Cách ghi số", "Số nguyên, không âm; ghi 1234 hoặc 1.234; số thập phân dùng dấu phẩy."),
        ("Tháng đã khóa sổ", "Sửa số liệu tháng đã khóa sổ cần ghi lý do đính chính khi nhập."),
        (
            "Toàn bộ hoặc không",
            "Chỉ cần một ô sai là cả tệp không được ghi; sửa theo danh sách lỗi.",
        ),
        ("",),
        ("Mã chỉ tiêu", "Tên chỉ tiêu thống kê", "Đơn vị tính"),
    ]
    for line in lines:
        sheet.append(line)
    for item in items:
        sheet.append((item.code, item.name, item.measure))
