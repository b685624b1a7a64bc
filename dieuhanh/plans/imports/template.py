"""The XLSX template of an import: one row per unit × month, a column per item, a guide."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.comments import Comment  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from dieuhanh.core.periods import Month
from dieuhanh.org.models import Unit
from dieuhanh.plans.imports.reading import GUIDE_SHEET, MONTH_HEADER, SHEET, UNIT_HEADER
from dieuhanh.plans.models import StatItem


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
