"""Reading an import file: its layout (row 1), its data rows, and the value of each cell.

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
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Any, BinaryIO

from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from dieuhanh.core.periods import Month
from dieuhanh.plans.errors import CellError, ImportFileError
from dieuhanh.plans.models import StatItem

SHEET = "So lieu"
GUIDE_SHEET = "Huong dan"
UNIT_HEADER = "Mã đơn vị"
MONTH_HEADER = "Tháng"
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
            raise ImportFileError([file_error(name, bad_extension(name))])
        numbered = enumerate(raw_rows, start=1)
        first = next(numbered, None)
        if first is None:
            raise ImportFileError([file_error(sheet, "Tệp không có dữ liệu.")])
        layout = _layout(sheet, first[1])
        yield layout, _data_rows(layout, numbered)


def _xlsx_rows(
    name: str, stream: BinaryIO, cleanup: ExitStack
) -> tuple[str, Iterator[tuple[Cell, ...]]]:
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # any failure to open is the file's fault, not ours
        message = f"Không đọc được “{name}” như bảng tính Excel (.xlsx)."
        raise ImportFileError([file_error(name, message)]) from error
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
        raise ImportFileError([file_error(sheet, message)]) from error


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
        raise ImportFileError([file_error(file_name, message)]) from error
    except csv.Error as error:
        message = f"Tệp CSV bị lỗi định dạng sau dòng {rows_read}."
        raise ImportFileError([file_error(file_name, message)]) from error
    finally:
        text.detach()  # the caller owns (and closes) the binary stream


def _layout(sheet: str, header: tuple[Cell, ...]) -> Layout:
    names = [cell_text(cell) for cell in header]
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
    # Per cell work is kept to a lookup and a comparison: a national file has a million cells.
    items = list(layout.items.items())
    others = (layout.unit_index, layout.month_index, *layout.unused)
    for number, cells in numbered:
        size = len(cells)
        values = {}
        for code, index in items:
            if index < size:
                cell = cells[index]
                if cell is not None and cell != "" and not (type(cell) is str and cell.isspace()):
                    values[code] = cell
        stray = tuple(
            i
            for i in itertools.chain(layout.unused, range(layout.width, size))
            if i < size and not _blank(cells[i])
        )
        if not values and not stray and all(_blank(cells[i]) for i in others if i < size):
            continue  # an entirely empty row
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


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def shown(cell: Cell) -> str:
    """A cell as the user wrote it, numbers in the Vietnamese format."""
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        return f"{cell}".replace(".", ",")
    return cell_text(cell)


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _plain(text: str) -> str:
    """Lower case without diacritics, so "Mã đơn vị", "ma don vi" and "MÃ ĐƠN VỊ" match."""
    decomposed = unicodedata.normalize("NFD", text.strip().casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def bad_extension(file_name: str) -> str:
    return (
        f"Tệp “{file_name}” không phải .xlsx hoặc .csv; hãy lưu bảng tính dạng Excel (.xlsx) "
        "hoặc CSV (UTF-8)."
    )


def file_error(sheet: str, message: str) -> CellError:
    return CellError(None, "", sheet, "", message)


def _header_error(sheet: str, index: int, header: str, message: str) -> CellError:
    return CellError(1, get_column_letter(index + 1), sheet, header, message)
