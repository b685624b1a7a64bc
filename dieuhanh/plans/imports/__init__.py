"""Importing monthly figures from a spreadsheet (XLSX or CSV): all of a file or nothing.

- `reading`: the file layout (row 1), the data rows, the value of each cell;
- `checking`: pass 1, every row and cell checked, every error kept with its place;
- `pipeline`: the run: pass 1, then pass 2 writing in one transaction, progress, the result;
- `template`: the XLSX template to fill in.

Pages, jobs and tests use the names re-exported here.
"""

from dieuhanh.plans.errors import CellError, ImportFileError
from dieuhanh.plans.imports import pipeline
from dieuhanh.plans.imports.pipeline import (
    PROGRESS_EVERY,
    ImportResult,
    _Progress,
    start_import,
    validate_and_save,
)
from dieuhanh.plans.imports.reading import (
    FRACTIONAL_MEASURES,
    GUIDE_SHEET,
    LIMIT,
    MONTH_HEADER,
    SHEET,
    UNIT_HEADER,
    Cell,
    Layout,
    ParsedRow,
    open_sheet,
    parse,
    read_month,
    read_number,
    value_problem,
)
from dieuhanh.plans.imports.template import template_workbook

__all__ = [
    "FRACTIONAL_MEASURES",
    "GUIDE_SHEET",
    "LIMIT",
    "MONTH_HEADER",
    "PROGRESS_EVERY",
    "SHEET",
    "UNIT_HEADER",
    "Cell",
    "CellError",
    "ImportFileError",
    "ImportResult",
    "Layout",
    "ParsedRow",
    "_Progress",
    "open_sheet",
    "parse",
    "pipeline",
    "read_month",
    "read_number",
    "start_import",
    "template_workbook",
    "validate_and_save",
    "value_problem",
]
