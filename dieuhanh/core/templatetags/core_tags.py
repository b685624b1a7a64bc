"""Template filters shared by every app."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def audit_value(value: Any) -> str:
    """A readable form of a value stored in an audit row's changes."""
    if value is None:
        return "—"
    if isinstance(value, dict) and "repr" in value:
        return str(value["repr"])
    if isinstance(value, list):
        return ", ".join(audit_value(item) for item in value)
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)
