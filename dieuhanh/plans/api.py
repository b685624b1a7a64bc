"""JSON API of plans: indicators, results with drill-down figures, and posting figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from dieuhanh.core.api_errors import ERRORS_QUERY, ERRORS_READ, ERRORS_WRITE
from dieuhanh.core.audit import user_label
from dieuhanh.core.periods import Month, Period, parse_period, working_year_of
from dieuhanh.org.access import get_in_scope, request_authority, unit_in_scope
from dieuhanh.org.models import Power, Unit, WorkArea
from dieuhanh.plans import selectors, services
from dieuhanh.plans.errors import PlansError
from dieuhanh.plans.models import (
    ImportBatch,
    Indicator,
    PeriodClose,
    ProgrammeItem,
    StatItem,
    Target,
)

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


# ---------------------------------------------------------------- programme, targets, closes


class ProgrammeIndicatorOut(Schema):
    code: str
    name: str
    value: Decimal | None
    target: Decimal | None
    status: str
    projection: Decimal | None
    at_risk: bool


class ProgrammeItemOut(Schema):
    id: int
    year: int
    kind: ProgrammeItem.Kind
    title: str
    description: str
    work_area: str | None = Field(..., description="Mã khâu công tác")
    rank: int
    version: int
    indicators: list[ProgrammeIndicatorOut]


class ProgrammeOut(Schema):
    unit: str
    year: int
    period: str = Field(..., description="Kỳ dùng để đánh giá: lũy kế năm đang chạy, hoặc 12 tháng")
    period_label: str
    items: list[ProgrammeItemOut]


class ProgrammeItemIn(Schema):
    year: int = Field(..., ge=2000, le=2100, description="Năm công tác")
    kind: ProgrammeItem.Kind
    title: str = Field(..., min_length=1, max_length=300)
    description: str = ""
    work_area: str | None = Field(None, description="Mã khâu công tác")
    indicators: list[str] = Field([], description="Mã các chỉ tiêu đo lường (đang dùng)")
    rank: int | None = Field(None, ge=1, le=999, description="Để trống: xếp cuối")


class ProgrammeItemUpdateIn(Schema):
    version: int
    kind: ProgrammeItem.Kind
    title: str = Field(..., min_length=1, max_length=300)
    description: str = ""
    work_area: str | None = None
    indicators: list[str] = []
    rank: int = Field(..., ge=1, le=999)


class ProgrammeArchiveIn(Schema):
    version: int
    reason: str = Field("", max_length=300)


class TargetChangeOut(Schema):
    level: str | None = Field(..., description="Mã đơn vị đặt mức; null: mức chung của ngành")
    before: Decimal | None
    after: Decimal
    decision: str
    looser_allowed: bool
    set_by: str
    set_at: dt.datetime
    current: bool


class TargetLineOut(Schema):
    indicator: str
    sector: Decimal | None
    province: Decimal | None = Field(..., description="Mức của đơn vị gốc (tỉnh) nếu khác đơn vị")
    own: Decimal | None
    own_id: int | None = Field(..., description="Gửi lại làm based_on khi đặt mức mới")
    effective: Decimal | None
    source: str | None = Field(..., description="Mã đơn vị của mức áp dụng; null: của ngành")
    history: list[TargetChangeOut]


class TargetsOut(Schema):
    unit: str
    year: int
    may_allow_looser: bool = Field(
        ..., description="Người gọi là Viện trưởng cấp trên: được cho phép mức lỏng hơn"
    )
    targets: list[TargetLineOut]


class TargetIn(Schema):
    indicator: str = Field(..., description="Mã chỉ tiêu")
    year: int = Field(..., ge=2000, le=2100)
    value: Decimal = Field(..., ge=0)
    decision: str = Field(..., min_length=1, max_length=200, description="Căn cứ hoặc lý do")
    looser_allowed: bool = False
    based_on: int | None = Field(
        ..., description="own_id đã đọc (null nếu đơn vị chưa có mức riêng); khác thì 409"
    )


class CloseOut(Schema):
    id: int
    unit: str
    month: str = Field(..., description="mm/yyyy")
    signed_by: str
    closed_by: str
    closed_at: dt.datetime
    note: str


class CloseIn(Schema):
    month: str = Field(..., pattern=r"^\d{2}/\d{4}$", description="mm/yyyy")
    signed_by: str = Field(..., min_length=1, max_length=200)
    note: str = Field("", max_length=300)


def _year(year: int | None) -> int:
    if year is None:
        return working_year_of(timezone.localdate())
    if year not in services.PROGRAMME_YEARS:
        raise PlansError(f"Năm công tác {year} không hợp lệ.", field="year")
    return year


def _programme_out(unit: Unit, items: list[ProgrammeItem], period: Period) -> list[dict[str, Any]]:
    return [
        {
            "id": line.item.pk,
            "year": line.item.year,
            "kind": line.item.kind,
            "title": line.item.title,
            "description": line.item.description,
            "work_area": line.item.work_area.code if line.item.work_area else None,
            "rank": line.item.rank,
            "version": line.item.version,
            "indicators": [
                {
                    "code": row.result.indicator.code,
                    "name": row.result.indicator.name,
                    "value": row.result.value,
                    "target": row.result.target,
                    "status": row.result.status.value,
                    "projection": row.projection,
                    "at_risk": selectors.at_risk(row),
                }
                for row in line.rows
            ],
        }
        for line in selectors.programme_attainment(unit, items, period)
    ]


def _one_item_out(unit: Unit, item: ProgrammeItem) -> dict[str, Any]:
    period = selectors.programme_period(item.year, timezone.localdate())
    fresh = [i for i in selectors.programme_items(unit, item.year) if i.pk == item.pk]
    if not fresh:  # archived: shown with its indicators but no attainment
        fresh = [item]
    return _programme_out(unit, fresh, period)[0]


def _programme_refs(
    work_area: str | None, codes: list[str]
) -> tuple[WorkArea | None, list[Indicator]]:
    area = None
    if work_area:
        area = WorkArea.objects.filter(code=work_area, active=True).first()
        if area is None:
            raise PlansError(f"Không có khâu công tác mã “{work_area}”.", field="work_area")
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise PlansError(
            "Không có chỉ tiêu mã " + ", ".join(f"“{c}”" for c in missing) + ".",
            field="indicators",
        )
    return area, [found[code] for code in dict.fromkeys(codes)]


@router.get(
    "/units/{code}/programme",
    response={200: ProgrammeOut, 400: ERRORS_WRITE[400], **ERRORS_QUERY},
    summary="Chương trình công tác năm của đơn vị (nhiệm vụ trọng tâm, khâu đột phá)",
)
def unit_programme(request: HttpRequest, code: str, year: int | None = None) -> dict[str, Any]:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    chosen = _year(year)
    period = selectors.programme_period(chosen, timezone.localdate())
    items = selectors.programme_items(unit, chosen)
    return {
        "unit": unit.code,
        "year": chosen,
        "period": period.slug,
        "period_label": period.label,
        "items": _programme_out(unit, items, period),
    }


@router.post(
    "/units/{code}/programme",
    response={201: ProgrammeItemOut, **ERRORS_WRITE},
    summary="Thêm nội dung vào chương trình công tác năm",
)
def create_programme_item(
    request: HttpRequest, code: str, payload: ProgrammeItemIn
) -> Status[dict[str, Any]]:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    area, linked = _programme_refs(payload.work_area, payload.indicators)
    item = services.create_programme_item(
        unit,
        year=payload.year,
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        work_area=area,
        indicators=linked,
        rank=payload.rank,
        authority=authority,
    )
    return Status(201, _one_item_out(unit, item))


def _item_in_scope(request: HttpRequest, code: str, item_id: int) -> tuple[Unit, ProgrammeItem]:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    item: ProgrammeItem = get_in_scope(
        ProgrammeItem.objects.current().select_related("unit", "work_area"),
        authority.scope_q(Power.VIEW),
        pk=item_id,
        unit=unit,
    )
    return unit, item


@router.put(
    "/units/{code}/programme/{item_id}",
    response={200: ProgrammeItemOut, **ERRORS_WRITE},
    summary="Sửa nội dung chương trình công tác (gửi kèm version đã đọc)",
)
def update_programme_item(
    request: HttpRequest, code: str, item_id: int, payload: ProgrammeItemUpdateIn
) -> dict[str, Any]:
    unit, item = _item_in_scope(request, code, item_id)
    area, linked = _programme_refs(payload.work_area, payload.indicators)
    services.update_programme_item(
        item,
        expected_version=payload.version,
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        work_area=area,
        indicators=linked,
        rank=payload.rank,
        authority=request_authority(request),
    )
    return _one_item_out(unit, item)


@router.post(
    "/units/{code}/programme/{item_id}/archive",
    response={200: ProgrammeItemOut, **ERRORS_WRITE},
    summary="Lưu trữ (đưa ra khỏi chương trình) một nội dung",
)
def archive_programme_item(
    request: HttpRequest, code: str, item_id: int, payload: ProgrammeArchiveIn
) -> dict[str, Any]:
    unit, item = _item_in_scope(request, code, item_id)
    services.archive_programme_item(
        item,
        expected_version=payload.version,
        reason=payload.reason,
        authority=request_authority(request),
    )
    return _one_item_out(unit, item)


def _target_lines(unit: Unit, lines: list[selectors.TargetLine]) -> list[dict[str, Any]]:
    def code_of(target: Target | None) -> str | None:
        return target.unit.code if target is not None and target.unit is not None else None

    return [
        {
            "indicator": line.indicator.code,
            "sector": line.sector.value if line.sector else None,
            "province": line.province.value if line.province else None,
            "own": line.own.value if line.own else None,
            "own_id": line.own.pk if line.own else None,
            "effective": line.effective.value if line.effective else None,
            "source": code_of(line.effective),
            "history": [
                {
                    "level": code_of(change.target),
                    "before": change.before,
                    "after": change.target.value,
                    "decision": change.target.decision,
                    "looser_allowed": change.target.looser_allowed,
                    "set_by": change.who,
                    "set_at": change.target.created_at,
                    "current": change.target.superseded_at is None,
                }
                for change in line.history
            ],
        }
        for line in lines
    ]


@router.get(
    "/units/{code}/targets",
    response={200: TargetsOut, 400: ERRORS_WRITE[400], **ERRORS_QUERY},
    summary="Mức chỉ tiêu của đơn vị: mức chung, mức của tỉnh, mức riêng, mức áp dụng, lịch sử",
)
def unit_targets(request: HttpRequest, code: str, year: int | None = None) -> dict[str, Any]:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    chosen = _year(year)
    lines = selectors.target_sheet(unit, chosen, list(selectors.indicators()))
    return {
        "unit": unit.code,
        "year": chosen,
        "may_allow_looser": services.may_allow_looser(authority, unit),
        "targets": _target_lines(unit, lines),
    }


@router.post(
    "/units/{code}/targets",
    response={201: TargetLineOut, **ERRORS_WRITE},
    summary="Đặt mức chỉ tiêu riêng của đơn vị (chỉ chặt hơn, trừ khi cấp trên cho phép)",
)
def set_unit_target(request: HttpRequest, code: str, payload: TargetIn) -> Status[dict[str, Any]]:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    indicator = Indicator.objects.filter(code=payload.indicator).first()
    if indicator is None:
        raise PlansError(f"Không có chỉ tiêu mã “{payload.indicator}”.", field="indicator")
    services.change_target(
        indicator,
        year=payload.year,
        unit=unit,
        value=payload.value,
        based_on=payload.based_on,
        decision=payload.decision,
        looser_allowed=payload.looser_allowed,
        authority=authority,
    )
    line = selectors.target_sheet(unit, payload.year, [indicator])
    return Status(201, _target_lines(unit, line)[0])


def _close_out(close: PeriodClose) -> dict[str, Any]:
    return {
        "id": close.pk,
        "unit": close.unit.code,
        "month": f"{close.month % 100:02d}/{close.month // 100}",
        "signed_by": close.signed_by,
        "closed_by": user_label(close.closed_by),
        "closed_at": close.created_at,
        "note": close.note,
    }


@router.get(
    "/units/{code}/closes",
    response={200: list[CloseOut], **ERRORS_READ},
    summary="Các tháng đã khóa sổ của đơn vị, đơn vị trực thuộc và cấp trên",
)
def unit_closes(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    unit = unit_in_scope(request_authority(request), code)
    return [_close_out(close) for close in selectors.period_closes(unit)]


@router.post(
    "/units/{code}/closes",
    response={201: CloseOut, **ERRORS_WRITE},
    summary="Khóa sổ một tháng cho đơn vị và các đơn vị trực thuộc",
)
def close_unit_month(request: HttpRequest, code: str, payload: CloseIn) -> Status[dict[str, Any]]:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    month_text, year_text = payload.month.split("/")
    try:
        month = Month(int(year_text), int(month_text))
    except ValueError as error:
        raise PlansError(f"Tháng “{payload.month}” không hợp lệ.", field="month") from error
    close = services.close_period(
        unit, month=month, signed_by=payload.signed_by, note=payload.note, authority=authority
    )
    return Status(201, _close_out(close))
