"""Errors of the plans domain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from dieuhanh.core.errors import DomainError


class PlansError(DomainError):
    """A plans or figures change the rules refuse."""


class ClosedPeriod(PlansError):
    """A figure of a closed month changed without a correction reason."""


@dataclass(frozen=True)
class CellError:
    """One bad cell (or header, or row) of an imported file with its place and the reason."""

    row: int | None  # None: the whole file
    column: str  # letter, as Excel shows it
    sheet: str
    header: str
    message: str  # in Vietnamese

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class ImportFileError(PlansError):
    """The file cannot be read as an import at all (format, encoding, headers)."""

    def __init__(self, errors: Sequence[CellError]) -> None:
        super().__init__("; ".join(e.message for e in errors), field="file")
        self.errors = list(errors)
