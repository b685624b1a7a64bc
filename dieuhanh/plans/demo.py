"""Two working years of fictional monthly figures for the demo province, plus its programme.

Deterministic (`random.Random(2026)`). Regional procuracies report every item; the criminal
departments report indictments and appeals; the civil department its cases. KV2 is clearly
ahead of its targets; KV4 resolves too few crime reports and drifts down, so its year-end
projection warns; KV5 had one person wrongly prosecuted in 2025 (zero tolerance).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from dieuhanh.core.periods import Month, working_year_of, working_year_start
from dieuhanh.org.access import authority_for
from dieuhanh.org.models import Unit
from dieuhanh.plans import services
from dieuhanh.plans.models import Figure, ImportBatch, Indicator, ProgrammeItem, StatItem

SEED_FILE = "demo-so-lieu"
# Monthly new crime reports per staff member, the share of reports due that is resolved each
# month (the rest is carried over), and its drift per month, by unit.
REGIONAL = {
    "demo-kv1": (2.2, 0.80, 0.0),
    "demo-kv2": (2.0, 0.93, 0.0),  # clearly ahead
    "demo-kv3": (1.8, 0.75, 0.0),
    "demo-kv4": (2.4, 0.55, -0.008),  # at risk: falls behind month by month
    "demo-kv5": (1.6, 0.85, 0.0),
    "demo-kv6": (1.5, 0.72, 0.0),
}
STAFF = {
    "demo-kv1": 30,
    "demo-kv2": 22,
    "demo-kv3": 16,
    "demo-kv4": 12,
    "demo-kv5": 10,
    "demo-kv6": 8,
}
DEPARTMENTS = {"demo-p1": 14, "demo-p2": 12, "demo-p7": 9, "demo-p9": 8}


def months_to_seed(today_month: Month) -> list[Month]:
    """The two working years up to the last finished month."""
    last = today_month.shift(-1)
    first = working_year_start(working_year_of(last) - 1)
    months, current = [], first
    while current <= last:
        months.append(current)
        current = current.shift(1)
    return months


def _regional_values(
    code: str, months: list[Month], rng: random.Random
) -> dict[tuple[str, Month], int]:
    rate_per_staff, share, drift = REGIONAL[code]
    staff = STAFF[code]
    values: dict[tuple[str, Month], int] = {}
    pending = round(staff * rate_per_staff * 0.6)
    values[("TB_TON", months[0].shift(-1))] = pending
    for index, month in enumerate(months):
        new = max(1, round(staff * rate_per_staff * rng.uniform(0.8, 1.2)))
        transferred = round(new * rng.uniform(0.02, 0.06))
        due = pending + new - transferred
        resolved_share = min(0.995, max(0.2, share + drift * index + rng.uniform(-0.02, 0.02)))
        resolved = min(due, round(due * resolved_share))
        pending = due - resolved
        values[("TB_MOI", month)] = new
        values[("TB_CHUYEN", month)] = transferred
        values[("TB_GQ", month)] = resolved
        values[("TB_TON", month)] = pending
        values[("TB_QUAHAN", month)] = round(
            pending * (0.01 if code == "demo-kv2" else rng.uniform(0.02, 0.09))
        )
        indicted = max(1, round(staff * 0.35 * rng.uniform(0.7, 1.3)))
        values[("TT_VU", month)] = indicted
        values[("TT_DUNGHAN", month)] = (
            indicted if code == "demo-kv2" else indicted - int(rng.random() < 0.25)
        )
        values[("TT_DUNGTOI", month)] = indicted - int(rng.random() < 0.05)
        values[("XX_VU", month)] = max(1, round(indicted * rng.uniform(0.8, 1.1)))
        values[("DS_VU", month)] = round(staff * 1.1 * rng.uniform(0.8, 1.2))
        recommendations = rng.randint(0, 3)
        values[("KNG", month)] = recommendations
        values[("KNG_CN", month)] = max(0, recommendations - int(rng.random() < 0.3))
        values[("OAN", month)] = 1 if (code == "demo-kv5" and month == Month(2025, 3)) else 0
        values[("KPT", month)] = 0
    return values


def _department_values(
    code: str, months: list[Month], rng: random.Random
) -> dict[tuple[str, Month], int]:
    staff = DEPARTMENTS[code]
    values: dict[tuple[str, Month], int] = {}
    for month in months:
        if code in ("demo-p1", "demo-p2"):
            indicted = max(1, round(staff * 0.25 * rng.uniform(0.7, 1.3)))
            values[("TT_VU", month)] = indicted
            values[("TT_DUNGHAN", month)] = indicted - int(rng.random() < 0.15)
            values[("TT_DUNGTOI", month)] = indicted
        elif code == "demo-p7":
            protests = rng.randint(1, 4)
            values[("KN_PT", month)] = protests
            values[("KN_PT_CN", month)] = max(0, protests - rng.randint(0, 2))
        elif code == "demo-p9":
            values[("DS_VU", month)] = round(staff * 3 * rng.uniform(0.8, 1.2))
            recommendations = rng.randint(1, 4)
            values[("KNG", month)] = recommendations
            values[("KNG_CN", month)] = recommendations - int(rng.random() < 0.2)
    return values


@transaction.atomic
def build_demo_figures(
    progress: Callable[[str], None] = lambda line: None, *, today: dt.date | None = None
) -> int:
    """Load the demo figures and programme once; returns the number of values written."""
    if ImportBatch.objects.filter(source=ImportBatch.Source.SEED, file_name=SEED_FILE).exists():
        progress("Số liệu demo đã có; bỏ qua.")
        return 0
    province = Unit.objects.filter(code="demo-tinh").first()
    if province is None:
        progress("Chưa có tỉnh demo; chạy seed_demo trước.")
        return 0
    admin = get_user_model().objects.get(username="admin")
    authority = authority_for(admin)
    items = {item.code: item for item in StatItem.objects.all()}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[*REGIONAL, *DEPARTMENTS])}
    months = months_to_seed(Month.of(today or timezone.localdate()))
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    inputs: list[services.FigureInput] = []
    for code, unit in sorted(units.items()):
        values = (
            _regional_values(code, months, rng)
            if code in REGIONAL
            else _department_values(code, months, rng)
        )
        inputs += [
            services.FigureInput(unit, items[item_code], month, Decimal(value))
            for (item_code, month), value in values.items()
        ]
    batch = services.new_batch(ImportBatch.Source.SEED, authority=authority, file_name=SEED_FILE)
    summary = services.save_figures(inputs, batch=batch, authority=authority)
    services.finish_batch(batch, summary)
    progress(f"Đã nạp {summary.created} số liệu tháng ({months[0]}–{months[-1]}).")
    _programme(province, working_year_of(months[-1]), authority)
    _closes_targets_and_a_correction(province, months, units, items)
    return summary.created


def _closes_targets_and_a_correction(
    province: Unit,
    months: list[Month],
    units: dict[str, Unit],
    items: dict[str, StatItem],
) -> None:
    """The Chief closes last working year, raises one unit's target, and KV3 corrects a figure."""
    chief_user = get_user_model().objects.filter(username="vientruong").first()
    if chief_user is None:
        return
    chief = authority_for(chief_user)
    year = working_year_of(months[-1])
    signed_by = f"{chief_user.person.full_name}, Viện trưởng"  # type: ignore[attr-defined]
    for month in months:
        if working_year_of(month) < year:
            services.close_period(
                province,
                month=month,
                signed_by=signed_by,
                authority=chief,
                note="Khóa sổ số liệu năm công tác trước (demo).",
            )
    indicator = Indicator.objects.filter(code="TL_GQ_TGTB").first()
    if indicator is not None:
        services.set_target(
            indicator,
            year=year,
            unit=units["demo-kv2"],
            value=Decimal("95"),
            authority=chief,
            decision="Kế hoạch công tác năm của VKSND khu vực 2 (demo): phấn đấu cao hơn ngành",
        )
    closed = next((m for m in months if working_year_of(m) < year), None)
    item = items.get("TB_MOI")
    if closed is not None and item is not None:
        figure = (
            Figure.objects.filter(unit=units["demo-kv3"], item=item, month=closed.key)
            .values_list("value", flat=True)
            .first()
        )
        if figure is not None:
            reason = "Bổ sung 2 tin báo tiếp nhận muộn do vào sổ thiếu (demo)."
            batch = services.new_batch(ImportBatch.Source.FORM, authority=chief, reason=reason)
            summary = services.save_figures(
                [services.FigureInput(units["demo-kv3"], item, closed, figure + 2)],
                batch=batch,
                authority=chief,
                reason=reason,
            )
            services.finish_batch(batch, summary)


def _programme(province: Unit, year: int, authority: object) -> None:
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    rows = [
        (
            ProgrammeItem.Kind.KEY_TASK,
            "Nâng cao chất lượng giải quyết tố giác, tin báo về tội phạm",
            ["TL_GQ_TGTB", "TL_QH_TGTB"],
        ),
        (
            ProgrammeItem.Kind.KEY_TASK,
            "Truy tố đúng thời hạn, đúng tội danh; không để oan sai",
            ["TL_TT_DUNGHAN", "TL_TT_DUNGTOI", "SO_OAN"],
        ),
        (
            ProgrammeItem.Kind.KEY_TASK,
            "Nâng cao chất lượng kháng nghị, kiến nghị",
            ["TL_KN_PT", "TL_KNG"],
        ),
        (
            ProgrammeItem.Kind.BREAKTHROUGH,
            "Đột phá: kiểm sát chặt chẽ việc giải quyết nguồn tin về tội phạm từ khi tiếp nhận",
            ["TL_GQ_TGTB"],
        ),
    ]
    for rank, (kind, title, codes) in enumerate(rows, start=1):
        item, created = ProgrammeItem.objects.get_or_create(
            unit=province, year=year, title=title, defaults={"kind": kind, "rank": rank}
        )
        if created:
            item.indicators.set([indicators[c] for c in codes if c in indicators])
