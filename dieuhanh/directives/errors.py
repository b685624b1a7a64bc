"""Errors of the directives domain."""

from __future__ import annotations

from dataclasses import dataclass

from dieuhanh.core.errors import DomainError


class DirectiveError(DomainError):
    """A directive or task change the rules refuse."""


@dataclass(frozen=True)
class MissingPoint:
    """One point of the "5 rõ" rule a draft does not make clear yet."""

    code: str  # person, work, time, result, responsibility
    field: str  # the form field to fill
    message: str


class NotFiveClear(DirectiveError):
    """A directive is missing points of the "5 rõ" rule and cannot be issued."""

    def __init__(self, missing: list[MissingPoint]) -> None:
        super().__init__(
            "Chưa đủ “5 rõ”, chưa thể ban hành: " + "; ".join(p.message for p in missing) + ".",
            field=missing[0].field if missing else None,
        )
        self.missing = missing
