"""Building blocks of the resolution tests: a guidance version in force, a seminar held with its
conclusions, a drafted resolution, and monthly figures of an indicator's items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from dieuhanh.core.periods import Month
from dieuhanh.knowledge import services
from dieuhanh.knowledge.models import GuidanceVersion, Resolution, Seminar
from dieuhanh.knowledge.tests.conftest import Knowledge, make_seminar
from dieuhanh.org.models import Unit
from dieuhanh.plans.models import Figure, Indicator, StatItem

MINUTES = "Tăng cường kèm cặp lãnh đạo trẻ; mỗi đơn vị có kế hoạch đào tạo cán bộ quản lý."


def in_force_version(kn: Knowledge) -> GuidanceVersion:
    """Version 1 of the province's guidance, approved and in force today."""
    keeper, chief = kn.auth(kn.tccb_head), kn.auth(kn.chief)
    version = services.compile_version(
        kn.document, authority=keeper, applies_to="Viện trưởng các Viện kiểm sát khu vực"
    )
    services.add_section(version, authority=keeper, topic="Đào tạo", body="Kèm cặp cán bộ trẻ.")
    services.submit_for_review(version, authority=keeper, expected_version=version.version)
    services.approve_version(
        version,
        authority=chief,
        expected_version=version.version,
        effective_from=kn.today,
        document_number="01/CĐ-VKS",
    )
    return GuidanceVersion.objects.get(pk=version.pk)


def held_seminar(kn: Knowledge) -> Seminar:
    """A seminar of the personnel department with KV1 and KV2, held, with its conclusions."""
    seminar = make_seminar(kn, by=kn.tccb_head, units=[kn.kv1, kn.kv2])
    return services.record_minutes(
        seminar, authority=kn.auth(kn.tccb_head), expected_version=seminar.version, minutes=MINUTES
    )


def action(
    title: str,
    owner: Unit | None,
    deadline: dt.date | None,
    expected_result: str = "Kết quả đạt được",
    **extra: Any,
) -> services.ActionData:
    return services.ActionData(
        title=title, owner=owner, deadline=deadline, expected_result=expected_result, **extra
    )


def draft(
    kn: Knowledge,
    *,
    by: Any = None,
    issuer: Unit | None = None,
    actions: list[services.ActionData] | None = None,
    **extra: Any,
) -> Resolution:
    """A resolution of the province drafted by the Chief: two items by default (KV1, KV2)."""
    deadline = kn.today + dt.timedelta(days=90)
    if actions is None:
        actions = [
            action(
                "Tập huấn kỹ năng quản lý cho lãnh đạo khu vực",
                kn.kv1,
                deadline,
                "100% lãnh đạo KV1 được tập huấn",
                indicators=[Indicator.objects.get(code="TL_KNG")],
            ),
            action("Kèm cặp kiểm sát viên mới", kn.kv2, deadline, "Mỗi KSV mới có người kèm"),
        ]
    values: dict[str, Any] = {
        "title": "Nghị quyết chuyên đề về đào tạo cán bộ quản lý",
        "document_number": "05/NQ-VKS",
    }
    values.update(extra)
    return services.create_resolution(
        authority=kn.auth(by or kn.chief),
        issuer=issuer or kn.province,
        actions=actions,
        **values,
    )


def figures(unit: Unit, monthly: dict[str, int], months: list[Month]) -> None:
    """The same value of each item in each month."""
    items = {item.code: item for item in StatItem.objects.filter(code__in=monthly)}
    Figure.objects.bulk_create(
        Figure(unit=unit, item=items[code], month=month.key, value=Decimal(value))
        for code, value in monthly.items()
        for month in months
    )
