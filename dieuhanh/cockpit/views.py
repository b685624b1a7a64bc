"""The cockpit page: one screen per leader, for a unit in scope, a period and a work area."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dieuhanh.cockpit import selectors
from dieuhanh.core.http import render_page
from dieuhanh.core.periods import Month, Period, parse_period, year_to_date
from dieuhanh.directives.models import Timeliness
from dieuhanh.org.access import request_authority, unit_in_scope
from dieuhanh.org.models import WorkArea
from dieuhanh.plans.models import Indicator
from dieuhanh.plans.views import period_choices


def _period(request: HttpRequest, today_month: Month) -> Period:
    """The period asked for, else the year to date through the latest ended month."""
    slug = request.GET.get("period", "")
    if not slug:
        return year_to_date(today_month.shift(-1))
    try:
        return parse_period(slug)
    except ValueError as error:
        raise Http404(str(error)) from error


def _area(request: HttpRequest, areas: list[WorkArea]) -> WorkArea | None:
    code = request.GET.get("area", "")
    if not code:
        return None
    found = next((area for area in areas if area.code == code), None)
    if found is None:
        raise Http404
    return found


@login_required
def cockpit(request: HttpRequest) -> HttpResponse:
    """The leader's cockpit; `?unit=` any unit the user may view (404 outside), `?period=`,
    `?area=` a work area, `?indicator=` the indicator ranked."""
    authority = request_authority(request)
    code = request.GET.get("unit", "")
    unit = unit_in_scope(authority, code) if code else selectors.default_unit(authority)
    period = _period(request, Month.of(authority.on))
    areas = list(
        WorkArea.objects.filter(active=True, indicator__active=True).distinct().order_by("rank")
    )
    area = _area(request, areas)
    context: dict[str, Any] = {
        "period": period,
        "period_choices": period_choices(period),
        "areas": areas,
        "area": area,
        "unit": unit,
    }
    if unit is None:
        return render_page(request, "cockpit/cockpit.html", context)
    page = selectors.cockpit(
        unit,
        authority,
        period=period,
        today=authority.on,
        area=area,
        ranking_code=request.GET.get("indicator", ""),
    )
    filters = {"period": period.slug, **({"area": area.code} if area else {})}
    context.update(
        page=page,
        summary=page.summary,
        filters=filters,
        unit_query=urlencode(filters),
        ranking_chart=ranking_chart(page),
        timeliness_chart=timeliness_chart(page),
        timeliness_groups=Timeliness.choices,
        due_soon_days=selectors.DUE_SOON_DAYS,
        lookback_months=selectors.REPORTING_LOOKBACK_MONTHS,
    )
    return render_page(request, "cockpit/cockpit.html", context)


def _name(unit: Any) -> str:
    return str(unit.short_name or unit.name)


def _number(value: Any) -> float | None:
    return float(value) if value is not None else None


def ranking_chart(page: selectors.Cockpit) -> dict[str, Any] | None:
    """Bars of the ranked indicator per unit, best first, with each unit's target."""
    indicator = page.ranking_indicator
    if indicator is None or not any(line.row.result.value is not None for line in page.ranking):
        return None
    return {
        "title": indicator.name,
        "suffix": "%" if indicator.kind == Indicator.Kind.RATIO else "",
        "labels": [_name(line.row.unit) for line in page.ranking],
        "values": [_number(line.row.result.value) for line in page.ranking],
        "targets": [_number(line.row.result.target) for line in page.ranking],
        "value_label": "Kết quả",
        "target_label": "Mức chỉ tiêu",
    }


def timeliness_chart(page: selectors.Cockpit) -> dict[str, Any] | None:
    """Stacked bars of the four timeliness groups per listed unit."""
    lines = page.timeliness[1:] or page.timeliness  # the unit's own and its sub-units
    if not any(line.counts.total for line in lines):
        return None
    return {
        "labels": [
            _("%(name)s (nhiệm vụ của đơn vị)") % {"name": _name(line.unit)}
            if line.scope == selectors.Scope.OWN
            else _name(line.unit)
            for line in lines
        ],
        "series": [
            {
                "key": key,
                "label": str(label),
                "values": [line.counts.as_dict()[key] for line in lines],
            }
            for key, label in Timeliness.choices
        ],
    }
