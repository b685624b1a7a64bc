"""Errors of the organisation domain."""

from dieuhanh.core.errors import DomainError


class OrgError(DomainError):
    """An organisation change the rules refuse."""
