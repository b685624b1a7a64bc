"""JSON API of plans: indicators, results with drill-down figures, and posting figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from dieuhanh.core.api_errors import ERRORS_READ, ERRORS_WRITE
from dieuhanh.core.periods import Month, Period, parse_period
from dieuhanh.org.access import request_authority, unit_in_scope
from dieuhanh.plans import selectors, services
from dieuhanh.plans.errors import PlansError
from dieuhanh.plans.models import ImportBatch, StatItem

router = Router()


class VersionOut(Schema):
    effective_from: dt.date
    numerator: str
    denominator: str
    legal_basis: str


class IndicatorOut(Schema):
    code: str
    name: str
    kind: str
    direction: str
    zero_tolerance: bool
    sample: bool
    confidence: str
    basis: str
    versions: list[VersionOut]

    @staticmethod
    def resolve_versions(obj: object) -> list[object]:
        return list(obj.versions.all())  # type: ignore[attr-defined]


class ResultOut(Schema):
    indicator: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    target: Decimal | None
    gap: Decimal | None
    status: str
    previous_value: Decimal | None
    same_period_last_year: Decimal | None
    projection: Decimal | None
    projection_status: str | None
    projection_basis: str
    at_risk: bool


class UnitResultsOut(Schema):
    unit: str
    period: str = Field(
        ..., description="Mã kỳ, ví dụ m-2026-03, q-2026-1, h-2026, y-2026, ytd-2026-05"
    )
    period_label: str
    start: dt.date
    end: dt.date
    results: list[ResultOut]


class FigureOut(Schema):
    unit: str
    item: str
    month: str
    value: Decimal
    source: str | None
    batch_id: int | None


class FigureIn(Schema):
    unit: str = Field(..., description="Mã đơn vị")
    item: str = Field(..., description="Mã chỉ tiêu thống kê")
    month: str = Field(..., pattern=r"^\d{2}/\d{4}$", description="mm/yyyy")
    value: Decimal = Field(..., ge=0)


class FiguresIn(Schema):
    figures: list[FigureIn] = Field(..., min_length=1, max_length=50000)
    reason: str = Field("", max_length=300, description="Bắt buộc khi sửa tháng đã khóa sổ")


class FiguresOut(Schema):
    batch_id: int
    created: int
    changed: int
    unchanged: int
    corrections: int


def _period(slug: str) -> Period:
    try:
        return parse_period(slug)
    except ValueError as error:
        raise PlansError(str(error), field="period") from error


@router.get(
    "/indicators", response={200: list[IndicatorOut], **ERRORS_READ}, summary="Danh mục chỉ tiêu"
)
def list_indicators(request: HttpRequest) -> list[object]:
    return list(selectors.indicators(active_only=False))


@router.get(
    "/units/{code}/results",
    response={200: UnitResultsOut, 400: ERRORS_WRITE[400], **ERRORS_READ},
    summary="Kết quả thực hiện chỉ tiêu của một đơn vị (gồm đơn vị trực thuộc)",
)
def unit_results(request: HttpRequest, code: str, period: str) -> dict[str, object]:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    chosen = _period(period)
    items = list(selectors.indicators())
    table = selectors.attainment_table([unit], items, chosen)
    results = []
    for indicator in items:
        row = table.row(unit, indicator)
        results.append(
            {
                "indicator": indicator.code,
                "numerator": row.result.numerator,
                "denominator": row.result.denominator,
                "value": row.result.value,
                "target": row.result.target,
                "gap": row.result.gap,
                "status": row.result.status.value,
                "previous_value": row.previous.value if row.previous else None,
                "same_period_last_year": row.last_year.value if row.last_year else None,
                "projection": row.projection,
                "projection_status": row.projection_status.value if row.projection_status else None,
                "projection_basis": row.projection_basis,
                "at_risk": selectors.at_risk(row),
            }
        )
    return {
        "unit": unit.code,
        "period": chosen.slug,
        "period_label": chosen.label,
        "start": chosen.start,
        "end": chosen.end,
        "results": results,
    }


@router.get(
    "/units/{code}/figures",
    response={200: list[FigureOut], 400: ERRORS_WRITE[400], **ERRORS_READ},
    summary="Số liệu tháng của đơn vị và các đơn vị trực thuộc, với nguồn",
)
def unit_figures(
    request: HttpRequest, code: str, item: str, period: str
) -> list[dict[str, object]]:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    stat_item = StatItem.objects.filter(code=item).first()
    if stat_item is None:
        raise Http404
    figures = selectors.drill_down(unit, stat_item, _period(period))
    return [
        {
            "unit": f.unit.code,
            "item": stat_item.code,
            "month": f"{f.month % 100:02d}/{f.month // 100}",
            "value": f.value,
            "source": f.batch.source if f.batch else None,
            "batch_id": f.batch_id,
        }
        for f in figures
    ]


@router.post(
    "/figures",
    response={201: FiguresOut, **ERRORS_WRITE},
    summary="Gửi số liệu tháng (tất cả hoặc không)",
)
def post_figures(request: HttpRequest, payload: FiguresIn) -> Status[dict[str, int]]:
    authority = request_authority(request)
    codes = {f.unit for f in payload.figures}
    units = {code: unit_in_scope(authority, code) for code in codes}
    items = {i.code: i for i in StatItem.objects.filter(code__in={f.item for f in payload.figures})}
    inputs = []
    for index, figure in enumerate(payload.figures):
        if figure.item not in items:
            raise PlansError(
                f"Dòng {index + 1}: không có chỉ tiêu thống kê mã “{figure.item}”.", field="item"
            )
        month_text, year_text = figure.month.split("/")
        try:
            month = Month(int(year_text), int(month_text))
        except ValueError as error:
            raise PlansError(
                f"Dòng {index + 1}: tháng “{figure.month}” không hợp lệ.", field="month"
            ) from error
        inputs.append(
            services.FigureInput(units[figure.unit], items[figure.item], month, figure.value)
        )
    with transaction.atomic():
        batch = services.new_batch(
            ImportBatch.Source.API, authority=authority, reason=payload.reason
        )
        summary = services.save_figures(
            inputs, batch=batch, authority=authority, reason=payload.reason
        )
        services.finish_batch(batch, summary)
    return Status(
        201,
        {
            "batch_id": batch.pk,
            "created": summary.created,
            "changed": summary.changed,
            "unchanged": summary.unchanged,
            "corrections": summary.corrections,
        },
    )
