"""Errors of the knowledge domain (seminars, contributions, practices, guidance)."""

from dieuhanh.core.errors import DomainError


class KnowledgeError(DomainError):
    """A seminar, contribution, assessment or guidance change the rules refuse."""
