"""Badges of the directive pages: a timeliness group, a task's status."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from dieuhanh.directives.models import Timeliness

register = template.Library()

STYLES = {
    Timeliness.DONE_ON_TIME: "success",
    Timeliness.DONE_LATE: "warning",
    Timeliness.OPEN_WITHIN: "primary",
    Timeliness.OPEN_OVERDUE: "danger",
}


@register.simple_tag
def timeliness_badge(group: str | None) -> SafeString | str:
    """The official group as a coloured badge; the colour repeats the words, never replaces them."""
    if not group:
        return ""
    value = Timeliness(group)
    return format_html(
        '<span class="badge text-bg-{}" data-group="{}">{}</span>',
        STYLES[value],
        value.value,
        value.label,
    )
