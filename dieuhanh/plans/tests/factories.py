"""Builders for plans tests: import files (XLSX, CSV) written from plain rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook


def xlsx(rows: Iterable[Sequence[Any]], *, sheet: str = "So lieu") -> bytes:
    """An XLSX file whose first sheet (named `sheet`) holds `rows` from A1."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    for row in rows:
        worksheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows: Iterable[Sequence[Any]], *, bom: bool = True, delimiter: str = ",") -> bytes:
    """A UTF-8 CSV file (with a BOM, as Excel writes "CSV UTF-8", unless told otherwise)."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + text.getvalue()).encode()
