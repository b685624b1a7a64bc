"""The unread count of the inbox, shown on the bell in the header of every page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from dieuhanh.directives.selectors import unread_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """`unread_notifications`: one query, run only if the page shows the count."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
