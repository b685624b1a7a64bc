"""Follow-up through the API: timeliness by unit for a period, reminder settings, the inbox."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router

from dieuhanh.core.api_errors import ERRORS_QUERY, ERRORS_READ, ERRORS_WRITE
from dieuhanh.core.periods import Month, Period, parse_period, year_to_date
from dieuhanh.directives import selectors, services
from dieuhanh.directives.api._common import counts_out
from dieuhanh.directives.api.schemas import (
    InboxOut,
    NotificationOut,
    ReminderSettingsIn,
    ReminderSettingsOut,
    TimelinessOut,
)
from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import Notification, ReminderSettings
from dieuhanh.directives.selectors import Basis, TimelinessRow
from dieuhanh.org.access import request_authority, unit_in_scope
from dieuhanh.org.models import Unit

router = Router()


def _period(slug: str) -> Period:
    if not slug:
        return year_to_date(Month.of(timezone.localdate()))
    try:
        return parse_period(slug)
    except ValueError as error:
        raise DirectiveError(str(error), field="period") from error


def _row_out(row: TimelinessRow) -> dict[str, Any]:
    return {
        "unit": row.unit.code,
        "unit_name": row.unit.name,
        "counts": counts_out(row.counts),
        "extensions": row.extensions,
    }


@router.get(
    "/timeliness",
    response={200: TimelinessOut, 400: ERRORS_WRITE[400], **ERRORS_QUERY},
    summary="Tiến độ theo đơn vị trong một kỳ: bốn nhóm, tỷ lệ đúng hạn, số lần gia hạn",
    description=(
        "Các nhiệm vụ của đơn vị có thời hạn (hiện tại hoặc ban đầu, theo basis) trong kỳ, "
        "tính tại cuối kỳ hoặc hôm nay nếu kỳ chưa hết; mỗi đơn vị trực thuộc gồm cả cấp dưới. "
        "Không có unit: đơn vị rộng nhất người gọi được xem."
    ),
)
def timeliness(
    request: HttpRequest, unit: str = "", period: str = "", basis: Basis = Basis.CURRENT
) -> dict[str, Any]:
    authority = request_authority(request)
    chosen = unit_in_scope(authority, unit) if unit else selectors.default_report_unit(authority)
    if chosen is None:
        raise Http404
    report = selectors.timeliness_report(
        chosen, authority, period=_period(period), today=authority.on, basis=basis
    )
    assert report.total is not None  # noqa: S101 - always set by the selector
    return {
        "unit": chosen.code,
        "period": report.period.slug,
        "period_label": report.period.label,
        "start": report.period.start,
        "end": report.period.end,
        "on": report.on,
        "basis": basis,
        "total": counts_out(report.total.counts),
        "units": [_row_out(row) for row in report.rows],
    }


def _settings_out(unit: Unit) -> dict[str, Any]:
    rules, source = services.effective_rules(unit)
    own = source is not None and source.pk == unit.pk
    version = ReminderSettings.objects.filter(unit=unit).values_list("version", flat=True).first()
    return {
        "unit": unit.code,
        "own": own,
        "inherited_from": source.code if source is not None else None,
        "version": version or 0,
        **vars(rules),
    }


@router.get(
    "/units/{code}/reminder-settings",
    response={200: ReminderSettingsOut, **ERRORS_READ},
    summary="Thiết lập nhắc việc đang áp dụng cho đơn vị",
)
def get_reminder_settings(request: HttpRequest, code: str) -> dict[str, Any]:
    return _settings_out(unit_in_scope(request_authority(request), code))


@router.put(
    "/units/{code}/reminder-settings",
    response={200: ReminderSettingsOut, **ERRORS_WRITE},
    summary="Đặt thiết lập nhắc việc riêng của đơn vị (người chỉ đạo đơn vị)",
)
def put_reminder_settings(
    request: HttpRequest, code: str, payload: ReminderSettingsIn
) -> dict[str, Any]:
    authority = request_authority(request)
    unit = unit_in_scope(authority, code)
    values = payload.dict()
    services.update_reminder_settings(
        unit, authority=authority, expected_version=values.pop("version"), **values
    )
    return _settings_out(unit)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the API's authentication requires a login
    return user


@router.get(
    "/notifications",
    response={200: InboxOut, **ERRORS_QUERY},
    summary="Hộp thông báo của người gọi: nhắc việc, cảnh báo quá hạn; mới nhất trước",
)
def list_notifications(
    request: HttpRequest, unread_only: bool = False, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    user = _user(request)
    items = selectors.inbox(user)
    if unread_only:
        items = items.filter(read_at__isnull=True)
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    return {"unread": selectors.unread_count(user), "items": list(items[offset : offset + limit])}


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **ERRORS_WRITE},
    summary="Đánh dấu đã đọc một thông báo",
)
def read_notification(request: HttpRequest, notification_id: int) -> Notification:
    user = _user(request)
    notification = selectors.inbox(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return services.mark_read(notification, user=user)


@router.post(
    "/notifications/read-all",
    response={200: InboxOut, **ERRORS_WRITE},
    summary="Đánh dấu đã đọc mọi thông báo",
)
def read_all_notifications(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    services.mark_all_read(user=user)
    return {"unread": 0, "items": []}
