"""Template helpers for results: status colours and labels, trend arrows."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from dieuhanh.plans.attainment import Status

register = template.Library()

_CLASSES = {
    Status.EXCEEDED: "text-bg-success",
    Status.MET: "text-bg-primary",
    Status.MISSED: "text-bg-danger",
    Status.NO_DATA: "text-bg-light border",
}


@register.filter
def status_badge(status: Status | None) -> SafeString:
    if status is None:
        return mark_safe("")
    return format_html('<span class="badge {}">{}</span>', _CLASSES[status], status.label)


@register.filter
def trend(delta: Decimal | None) -> SafeString:
    """An arrow and the signed change, or a dash when there is nothing to compare."""
    if delta is None:
        return mark_safe('<span class="text-body-secondary">—</span>')
    if delta > 0:
        return format_html('<span title="tăng">▲ +{}</span>', f"{delta:.2f}".replace(".", ","))
    if delta < 0:
        return format_html('<span title="giảm">▼ {}</span>', f"{delta:.2f}".replace(".", ","))
    return mark_safe('<span title="không đổi">＝ 0</span>')
