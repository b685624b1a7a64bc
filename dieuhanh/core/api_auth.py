"""API authentication: the browser's session, or a bearer token for machines."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from dieuhanh.core.models import ApiToken, hash_token

CSRF_FAILED = (
    "Yêu cầu bị từ chối vì thiếu hoặc sai mã chống giả mạo (CSRF); hãy tải lại trang rồi thử lại."
)


class SessionAuth(APIKeyCookie):
    """The logged-in browser session (CSRF is checked on unsafe methods)."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        # Without a logged-in session this scheme does not apply: step aside so that the
        # bearer token is tried. Checking CSRF first would refuse every machine's POST with 403.
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise HttpError(403, CSRF_FAILED)
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        return None


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` for machines; the token maps to one user account."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=hash_token(token))
            .first()
        )
        if api_token is None:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user
