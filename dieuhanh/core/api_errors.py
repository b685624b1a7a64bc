"""Every API error is {"detail": …}; domain errors and denials map to fixed statuses."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from dieuhanh.core.errors import DomainError, StaleEdit

# ninja's message when the body is not JSON (with the parser's error appended under DEBUG).
_UNPARSABLE_BODY = "Cannot parse request body"
_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})
_DATE = "phải là ngày dạng YYYY-MM-DD"
# Pydantic's messages are English; users read Vietnamese. Unlisted types keep pydantic's text.
_MESSAGES = {
    "missing": "bắt buộc phải có",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "string_type": "phải là chuỗi ký tự",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "date_parsing": _DATE,
    "date_type": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "list_type": "phải là một danh sách",
    "string_too_short": "cần ít nhất {min_length} ký tự",
    "string_too_long": "dài tối đa {max_length} ký tự",
    "too_short": "cần ít nhất {min_length} mục",
    "too_long": "tối đa {max_length} mục",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "enum": "phải là một trong: {expected}",
}


class ErrorOut(Schema):
    """An error: a human-readable Vietnamese message, and the field when one is at fault."""

    detail: str
    field: str | None = None


ERRORS_READ = {401: ErrorOut, 404: ErrorOut}
# Reads that take query parameters also answer 422 when one does not parse.
ERRORS_QUERY = {**ERRORS_READ, 422: ErrorOut}
ERRORS_WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def _location(error: dict[str, Any]) -> str:
    """The dotted field name of a validation error, without ninja's source and param name."""
    loc = [str(part) for part in error.get("loc", ())]
    if loc and loc[0] in _SOURCES:
        source, loc = loc[0], loc[1:]
        # A body arrives as the handler's `payload` argument: that name is not a field.
        if source == "body" and loc[:1] == ["payload"]:
            loc = loc[1:]
    return ".".join(loc)


def _describe(error: dict[str, Any]) -> str:
    """One validation error in Vietnamese: "field: what is wrong"."""
    template = _MESSAGES.get(str(error.get("type", "")))
    text = str(error.get("msg", ""))
    if template is not None:
        # Should a context value be missing, pydantic's own text is still right.
        with suppress(KeyError, IndexError):
            text = template.format(**error.get("ctx", {}))
    location = _location(error)
    return f"{location}: {text}" if location else text


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
        parts = [_describe(error) for error in exc.errors]
        message = "Dữ liệu không hợp lệ — " + "; ".join(parts)
        field = next((_location(e) for e in exc.errors if _location(e)), None)
        return api.create_response(request, {"detail": message, "field": field}, status=422)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if message.startswith(_UNPARSABLE_BODY):
            message = "Không đọc được nội dung yêu cầu: cần một đối tượng JSON hợp lệ."
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    api.add_exception_handler(DomainError, domain_error)  # type: ignore[arg-type]
    # ninja types a handler's exception as "the class or an instance": hence the ignores.
    api.add_exception_handler(PermissionDenied, denied)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, not_found)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, unauthenticated)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, invalid)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, http_error)  # type: ignore[arg-type]
