"""Reminder settings of each unit: how many days before, on the day, how often while overdue,
when to escalate to the unit's head and to the issuer; a unit without its own settings
follows the nearest unit above that has them, else the defaults."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dieuhanh.core.audit import diff, record, snapshot
from dieuhanh.core.concurrency import claim_version
from dieuhanh.core.errors import StaleEdit
from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import ReminderSettings
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit

SETTING_FIELDS = (
    "days_before",
    "on_the_day",
    "repeat_every",
    "escalate_head_after",
    "escalate_issuer_after",
    "email",
)
STALE = (
    "Dữ liệu đã được người khác sửa sau khi bạn mở trang. "
    "Thay đổi của bạn chưa được lưu; hãy tải lại trang để xem bản mới rồi sửa lại."
)


@dataclass(frozen=True)
class Rules:
    """The reminder settings that apply to one unit."""

    days_before: int
    on_the_day: bool
    repeat_every: int
    escalate_head_after: int
    escalate_issuer_after: int
    email: bool

    @classmethod
    def of(cls, row: ReminderSettings | None) -> Rules:
        if row is None:
            return cls(**ReminderSettings.DEFAULTS)  # type: ignore[arg-type]
        return cls(**{name: getattr(row, name) for name in SETTING_FIELDS})


class RulesBook:
    """Every unit's settings, loaded once; a unit without its own follows the nearest above."""

    def __init__(self, rows: Iterable[ReminderSettings]) -> None:
        self.by_path = {row.unit.path: Rules.of(row) for row in rows}
        self.paths = sorted(self.by_path, key=len, reverse=True)
        self.default = Rules.of(None)

    @classmethod
    def load(cls) -> RulesBook:
        return cls(ReminderSettings.objects.select_related("unit"))

    def for_path(self, path: str) -> Rules:
        return next((self.by_path[p] for p in self.paths if path.startswith(p)), self.default)

    def widest_before(self) -> int:
        return max([self.default.days_before, *(r.days_before for r in self.by_path.values())])


def effective_rules(unit: Unit) -> tuple[Rules, Unit | None]:
    """The settings that apply to a unit's tasks and the unit they come from (None: defaults)."""
    rows = ReminderSettings.objects.filter(
        unit__path__in=[
            unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)
        ]
    ).select_related("unit")
    best = max(rows, key=lambda row: len(row.unit.path), default=None)
    return Rules.of(best), best.unit if best else None


@transaction.atomic
def update_reminder_settings(
    unit: Unit,
    *,
    authority: Authority,
    expected_version: int | None,
    days_before: int,
    on_the_day: bool,
    repeat_every: int,
    escalate_head_after: int,
    escalate_issuer_after: int,
    email: bool,
) -> ReminderSettings:
    """Set how a unit's tasks (and its sub-units' without their own) are reminded.

    Whoever directs the unit may; `expected_version` is the version the form loaded (0 when
    the unit had no settings of its own yet).
    """
    actor = authority.actor_for(unit, Power.DIRECT)
    if not 0 <= days_before <= 60:
        raise DirectiveError(_("Số ngày nhắc trước hạn phải từ 0 đến 60."), field="days_before")
    if not 0 <= repeat_every <= 60:
        raise DirectiveError(_("Số ngày nhắc lại phải từ 0 đến 60."), field="repeat_every")
    if not 1 <= escalate_head_after <= 365:
        raise DirectiveError(
            _("Số ngày quá hạn trước khi báo lãnh đạo đơn vị phải từ 1 đến 365."),
            field="escalate_head_after",
        )
    if not escalate_head_after <= escalate_issuer_after <= 365:
        raise DirectiveError(
            _("Báo người giao phải sau (hoặc cùng ngày) khi báo lãnh đạo đơn vị, tối đa 365 ngày."),
            field="escalate_issuer_after",
        )
    row = ReminderSettings.objects.select_for_update().filter(unit=unit).first()
    if row is None:
        if expected_version not in (None, 0):
            raise StaleEdit(STALE, field="version")
        row = ReminderSettings(unit=unit)
        before: dict[str, Any] = {}
    else:
        claim_version(row, expected_version)
        before = snapshot(row, SETTING_FIELDS)
    row.days_before, row.on_the_day, row.repeat_every = days_before, on_the_day, repeat_every
    row.escalate_head_after, row.escalate_issuer_after = escalate_head_after, escalate_issuer_after
    row.email = email
    row.save()
    record(
        "directives.reminders.settings",
        row,
        actor=actor,
        changes=diff(before, snapshot(row, SETTING_FIELDS)),
    )
    return row


def settings_summary(rules: Rules) -> str:
    """The settings in one sentence, for the settings page."""
    return _(
        "Nhắc trước %(before)s ngày; %(today)s; quá hạn nhắc lại mỗi %(repeat)s ngày; "
        "báo lãnh đạo đơn vị sau %(head)s ngày, báo người giao sau %(issuer)s ngày quá hạn."
    ) % {
        "before": rules.days_before,
        "today": _("nhắc vào ngày đến hạn") if rules.on_the_day else _("không nhắc ngày đến hạn"),
        "repeat": rules.repeat_every,
        "head": rules.escalate_head_after,
        "issuer": rules.escalate_issuer_after,
    }
