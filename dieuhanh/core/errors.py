"""Domain errors shared by every app; views turn them into messages, the API into {"detail": …}."""

from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A request the domain refuses; the message is shown to the user as is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StaleEdit(DomainError):
    """The object changed since the user loaded it; their save is refused."""


class Denied(PermissionDenied):
    """The user may see the object but may not do this to it (HTTP 403)."""
