"""Errors of the plans domain."""

from dieuhanh.core.errors import DomainError


class PlansError(DomainError):
    """A plans or figures change the rules refuse."""


class ClosedPeriod(PlansError):
    """A figure of a closed month changed without a correction reason."""
