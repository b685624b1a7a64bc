"""Plans pages: indicator catalogue, a unit's results, an indicator across units, drill-down."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from dieuhanh.core.errors import Denied, DomainError
from dieuhanh.core.http import render_page
from dieuhanh.core.periods import (
    Month,
    Period,
    full_year,
    half_year,
    month_period,
    parse_period,
    quarter,
    working_year_of,
    year_to_date,
)
from dieuhanh.org.access import request_authority, unit_in_scope
from dieuhanh.org.models import Power, Unit
from dieuhanh.plans import selectors, services
from dieuhanh.plans.attainment import Definition
from dieuhanh.plans.models import Figure, Indicator, StatItem


def default_period() -> Period:
    """Year to date through the last finished month."""
    return year_to_date(Month.of(timezone.localdate()).shift(-1))


def period_from(request: HttpRequest) -> Period:
    slug = request.GET.get("period", "")
    if not slug:
        return default_period()
    try:
        return parse_period(slug)
    except ValueError as error:
        raise Http404(str(error)) from error


def period_choices(current: Period) -> list[Period]:
    """The periods offered in the selector: this working year's and last year's."""
    last = Month.of(timezone.localdate()).shift(-1)
    choices: list[Period] = []
    for year in (working_year_of(last), working_year_of(last) - 1):
        through = last if working_year_of(last) == year else full_year(year).last
        choices.append(
            year_to_date(through) if through != full_year(year).last else full_year(year)
        )
        if year_to_date(through).months()[-1] >= half_year(year).last:
            choices.append(half_year(year))
        choices += [quarter(year, q) for q in range(1, 5) if quarter(year, q).last <= through]
        months = year_to_date(through).months()
        choices += [month_period(m.year, m.month) for m in reversed(months)]
    if current not in choices:
        choices.insert(0, current)
    return choices


def _common(request: HttpRequest, period: Period) -> dict[str, Any]:
    return {"period": period, "period_choices": period_choices(period)}


@login_required
def indicator_catalogue(request: HttpRequest) -> HttpResponse:
    """Indicators with their versions, formulas, basis and sector targets."""
    year = working_year_of(Month.of(timezone.localdate()))
    items = list(selectors.indicators(active_only=False).prefetch_related("targets"))
    targets = {
        t.indicator_id: t.value
        for i in items
        for t in i.targets.all()
        if t.unit_id is None and t.year == year and t.superseded_at is None
    }
    return render_page(
        request,
        "plans/indicators.html",
        {
            "rows": [(indicator, targets.get(indicator.pk)) for indicator in items],
            "year": year,
            "stat_items": StatItem.objects.select_related("work_area"),
        },
    )


def _children_or_self(unit: Unit) -> list[Unit]:
    return [unit, *Unit.objects.get_children(unit).select_related("level")]


@login_required
def unit_results(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's results: each indicator with status, trend and projection; and its sub-units."""
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    period = period_from(request)
    items = list(selectors.indicators())
    units = _children_or_self(unit)
    table = selectors.attainment_table(units, items, period)
    rows = [table.row(unit, indicator) for indicator in items]
    corrected = selectors.corrected_indicators(items, selectors.corrected_items(unit, period))
    return render_page(
        request,
        "plans/unit_results.html",
        {
            **_common(request, period),
            "unit": unit,
            "rows": rows,
            "table": table,
            "matrix": [
                (sub, [table.row(sub, indicator) for indicator in items]) for sub in units[1:]
            ],
            "at_risk": [row for row in rows if selectors.at_risk(row)],
            "corrected": {i.code for i in items if i.pk in corrected},
        },
        fragment="results",
    )


@login_required
def indicator_units(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator across the sub-units of a unit, ranked."""
    authority = request_authority(request)
    indicator = selectors.indicators().filter(code=code).first()
    if indicator is None:
        raise Http404
    period = period_from(request)
    roots = list(
        authority.units().filter(
            depth=min(authority.units().values_list("depth", flat=True), default=1)
        )
    )
    root_code = request.GET.get("unit") or (roots[0].code if roots else "")
    if not root_code:
        raise Http404
    root = unit_in_scope(authority, root_code)
    units = _children_or_self(root)
    table = selectors.attainment_table(units, [indicator], period, projection=False)
    rows = [table.row(u, indicator) for u in units[1:]]
    ranked = rank_rows(rows, indicator)
    loads = selectors.workloads(units[1:], period)
    group_ranks = selectors.rank_in_groups(rows, loads)
    ranked_rows = [
        (position, row, loads.get(row.unit.pk), group_ranks.get(row.unit.pk))
        for position, row in ranked
    ]
    return render_page(
        request,
        "plans/indicator_units.html",
        {
            **_common(request, period),
            "indicator": indicator,
            "root": root,
            "root_row": table.row(root, indicator),
            "ranked": ranked_rows,
        },
    )


def rank_rows(
    rows: Sequence[selectors.Row], indicator: Indicator
) -> list[tuple[int | None, selectors.Row]]:
    """Rows ordered best first (by direction); units without data last and unranked."""
    with_data = [r for r in rows if r.result.value is not None]
    reverse = indicator.direction == Indicator.Direction.HIGHER and not indicator.zero_tolerance
    with_data.sort(key=lambda r: r.result.value or 0, reverse=reverse)
    ranked: list[tuple[int | None, selectors.Row]] = []
    for position, row in enumerate(with_data, start=1):
        ranked.append((position, row))
    ranked += [(None, r) for r in rows if r.result.value is None]
    return ranked


@login_required
def drill_down(request: HttpRequest, code: str, indicator_code: str) -> HttpResponse:
    """The monthly figures behind a unit's indicator value, and where each came from."""
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    indicator = selectors.indicators().filter(code=indicator_code).first()
    if indicator is None:
        raise Http404
    period = period_from(request)
    definitions = [Definition.of(v) for v in indicator.versions.all()]
    codes = sorted(set().union(*(d.codes() for d in definitions))) if definitions else []
    items = list(StatItem.objects.filter(code__in=codes))
    table = selectors.attainment_table([unit], [indicator], period, trends=False, projection=False)
    sections = [(item, selectors.drill_down(unit, item, period)) for item in items]
    return render_page(
        request,
        "plans/drill_down.html",
        {
            **_common(request, period),
            "unit": unit,
            "indicator": indicator,
            "row": table.row(unit, indicator),
            "sections": sections,
            "definitions": definitions,
        },
    )


def parse_number(text: str) -> Decimal:
    """A number typed the Vietnamese way: "1.234" and "1 234" are 1234, "12,5" is 12.5."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") >= 1 and all(len(part) == 3 for part in cleaned.split(".")[1:]):
        cleaned = cleaned.replace(".", "")
    return Decimal(cleaned)


@login_required
def figure_entry(request: HttpRequest, code: str) -> HttpResponse:
    """Type a month's figures for a unit and its sub-units (a grid of units × items)."""
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    if not authority.can(unit, Power.REPORT):
        raise Denied(Power.REPORT)
    try:
        year_text, month_text = request.GET.get("month", "").split("-")
        month = Month(int(year_text), int(month_text))
    except ValueError:
        month = Month.of(timezone.localdate()).shift(-1)
    units = [
        u
        for u in [unit, *Unit.objects.get_descendants(unit).select_related("level")]
        if authority.can(u, Power.REPORT)
    ]
    items = list(StatItem.objects.filter(active=True))
    stored = {
        (f.unit_id, f.item_id): f.value
        for f in Figure.objects.filter(unit__in=units, item__in=items, month=month.key)
    }
    locked = services.closed_months(units, [month.key])
    errors: dict[str, str] = {}
    general: list[str] = []
    typed: dict[str, str] = {}
    if request.method == "POST":
        inputs, loaded = [], {}
        for u in units:
            for item in items:
                name = f"v-{u.pk}-{item.pk}"
                text = request.POST.get(name, "").strip()
                typed[name] = text
                if not text:
                    continue
                try:
                    value = parse_number(text)
                except InvalidOperation:
                    errors[name] = _("“%(text)s” không phải là số.") % {"text": text}
                    continue
                if value < 0 or value != value.to_integral_value():
                    errors[name] = _("Phải là số nguyên không âm.")
                    continue
                original = request.POST.get(f"o-{u.pk}-{item.pk}", "")
                loaded[(u.pk, item.pk, month.key)] = Decimal(original) if original else None
                inputs.append(services.FigureInput(u, item, month, value))
        if not errors:
            try:
                summary = services.enter_figures(
                    inputs,
                    loaded=loaded,
                    authority=authority,
                    reason=request.POST.get("reason", ""),
                )
            except DomainError as error:
                general.append(error.message)
            else:
                messages.success(
                    request,
                    _("Đã lưu: %(created)s số mới, %(changed)s số sửa, %(unchanged)s số không đổi.")
                    % {
                        "created": summary.created,
                        "changed": summary.changed,
                        "unchanged": summary.unchanged,
                    },
                )
                return redirect(f"{request.path}?month={month.year}-{month.month:02d}")
    rows = [
        (
            u,
            [
                (
                    item,
                    f"v-{u.pk}-{item.pk}",
                    typed.get(f"v-{u.pk}-{item.pk}", _plain(stored.get((u.pk, item.pk)))),
                    _plain(stored.get((u.pk, item.pk))),
                    errors.get(f"v-{u.pk}-{item.pk}"),
                )
                for item in items
            ],
            (u.pk, month.key) in locked,
        )
        for u in units
    ]
    return render_page(
        request,
        "plans/figure_entry.html",
        {
            "unit": unit,
            "month": month,
            "items": items,
            "rows": rows,
            "errors": errors,
            "general": general,
            "any_locked": bool(locked),
            "previous": month.shift(-1),
            "next": month.shift(1),
            "reason": request.POST.get("reason", ""),
        },
    )


def _plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"
