"""Small helpers for views: htmx fragments and turning domain errors into form errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dieuhanh.core.errors import DomainError


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    fragment: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the page, or only its `{% partialdef fragment %}` block for an htmx request."""
    if fragment and getattr(request, "htmx", False):
        return render(request, f"{template}#{fragment}", context, status=status)
    return render(request, template, context, status=status)


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a refused change next to the field it concerns, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1
