"""Errors of the knowledge domain (seminars, contributions, practices, guidance)."""

from dieuhanh.core.errors import DomainError


class KnowledgeError(DomainError):
    """A seminar, contribution, assessment or guidance change the rules refuse."""


class NotReadyToAdopt(KnowledgeError):
    """A resolution whose action items do not yet make the "5 rõ" clear cannot be adopted."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "Chưa thể thông qua nghị quyết, còn thiếu: " + "; ".join(missing) + ".",
            field="actions",
        )
        self.missing = missing
