"""Template helpers of the cockpit: heat-map colours, short status labels and icons."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from dieuhanh.plans.attainment import Status
from dieuhanh.plans.models import Indicator

register = template.Library()

# Colour is never the only signal: each status also has its own icon and a written label.
_HEAT = {
    Status.EXCEEDED: ("heat-exceeded", "bi-arrow-up-circle-fill", _("Vượt")),
    Status.MET: ("heat-met", "bi-check-circle-fill", _("Đạt")),
    Status.MISSED: ("heat-missed", "bi-x-circle-fill", _("Không đạt")),
    Status.NO_DATA: ("heat-no-data", "bi-dash-circle", _("Chưa có")),
}


@register.filter
def heat_class(status: Status | None) -> str:
    return _HEAT[status][0] if status is not None else ""


@register.filter
def heat_icon(status: Status | None) -> str:
    return _HEAT[status][1] if status is not None else ""


@register.filter
def heat_label(status: Status | None) -> str:
    return str(_HEAT[status][2]) if status is not None else ""


@register.filter
def measure(value: Decimal | None, indicator: Indicator) -> str:
    """A value as the indicator reads: "92,31%" for a ratio, "1.234" for a count; "—" if none."""
    if value is None:
        return "—"
    if indicator.kind == Indicator.Kind.RATIO:
        return f"{number_format(value, 2, force_grouping=True)}%"
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, places, force_grouping=True)
