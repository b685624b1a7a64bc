"""Every API error is {"detail": …}; domain errors and denials map to fixed statuses."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ValidationError

from dieuhanh.core.errors import Denied, DomainError, StaleEdit


class ErrorOut(Schema):
    """An error: a human-readable Vietnamese message, and the field when one is at fault."""

    detail: str
    field: str | None = None


ERRORS_READ = {401: ErrorOut, 404: ErrorOut}
ERRORS_WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def install_error_handlers(api: NinjaAPI) -> None:
    """Map exceptions to `{"detail": …}` responses."""

    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        status = 409 if isinstance(exc, StaleEdit) else 400
        return api.create_response(
            request, {"detail": exc.message, "field": exc.field}, status=status
        )

    def denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(
            request, {"detail": "Bạn không có quyền thực hiện thao tác này."}, status=403
        )

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)

    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(
            request, {"detail": "Cần đăng nhập hoặc khóa API hợp lệ."}, status=401
        )

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        parts = []
        for error in exc.errors:
            location = ".".join(
                str(p)
                for p in error.get("loc", [])
                if p not in ("body", "payload", "query", "path")
            )
            parts.append(
                f"{location}: {error.get('msg', '')}" if location else str(error.get("msg", ""))
            )
        message = "Dữ liệu không hợp lệ — " + "; ".join(parts)
        return api.create_response(request, {"detail": message}, status=422)

    api.add_exception_handler(DomainError, domain_error)  # type: ignore[arg-type]
    # ninja types a handler's exception as "the class or an instance": hence the ignores.
    api.add_exception_handler(Denied, denied)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, not_found)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, unauthenticated)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, invalid)  # type: ignore[arg-type]
