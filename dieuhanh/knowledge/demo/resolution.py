"""The demo province's thematic resolution (nghị quyết chuyên đề), drawn from the guidance
version in force and the demo seminar's conclusions, adopted and in progress.

The story, counted back from `today` (each day moved back to a weekday):

- 15 days ago the Chief (login `vientruong`) drafts the resolution from the guidance version
  in force and the conclusions of the last seminar held in the province, with three action
  items: the personnel department trains the leaders in management (no indicator); KV1 follows
  its crime reports day by day (aiming at the rates of reports resolved and overdue); KV2
  improves its recommendations (aiming at the rate accepted);
- 12 days ago he adopts it as 06/NQ-VKS: three directives are issued, one to each owner unit,
  the Chief accountable;
- since then KV1 has reported 40% progress (5 days ago) and the personnel department 60%
  (3 days ago); KV2 has not reported yet.

Everything goes through the services (knowledge for the resolution, directives for the
progress), as each person on that day. Nothing happens without a guidance version in force in
the province, and nothing is created twice: the resolution is found by its title.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from dieuhanh.directives import services as directive_services
from dieuhanh.directives.models import Task
from dieuhanh.knowledge import services
from dieuhanh.knowledge.models import GuidanceVersion, Resolution, Seminar
from dieuhanh.org.access import authority_for
from dieuhanh.org.demo.data import PROVINCE_CODE
from dieuhanh.org.models import Unit
from dieuhanh.plans.models import Indicator

TITLE = (
    "Nghị quyết chuyên đề (demo) về nâng cao năng lực quản lý, chỉ đạo, điều hành "
    "của người đứng đầu đơn vị"
)
# No "(demo)" at the end of the number or title: the directives demo recognises its own
# directives by that ending, and these directives cite the resolution as their source.
NUMBER = "06/NQ-VKS"
CHIEF, PERSONNEL, KV1_HEAD = "vientruong", "tccb", "vtkv1"
DRAFTED, ADOPTED = 15, 12


@dataclass(frozen=True)
class Item:
    """A demo action item: its owner unit, deadline (days after adoption) and indicators."""

    title: str
    content: str
    owner: str
    days: int
    expected_result: str
    indicators: tuple[str, ...] = ()


ITEMS = (
    Item(
        "Bồi dưỡng kỹ năng quản lý, chỉ đạo, điều hành cho lãnh đạo các đơn vị",
        "Xây dựng kế hoạch bồi dưỡng theo chuyên đề; mỗi lãnh đạo cấp phòng, khu vực dự ít "
        "nhất một buổi; người đứng đầu kèm cặp cấp phó mới được bổ nhiệm.",
        "demo-tccb",
        75,
        "Kế hoạch được ban hành; 100% lãnh đạo cấp phòng và khu vực được bồi dưỡng",
    ),
    Item(
        "Theo dõi tiến độ giải quyết tố giác, tin báo hằng ngày tại VKSND khu vực 1",
        "Áp dụng bảng theo dõi tin báo theo ngày của cách làm hay đã được công nhận; Viện "
        "trưởng kiểm tra hằng tuần các tin báo sắp hết hạn.",
        "demo-kv1",
        45,
        "Tỷ lệ giải quyết tố giác, tin báo trên 90%; không còn tin báo quá hạn",
        ("TL_GQ_TGTB", "TL_QH_TGTB"),
    ),
    Item(
        "Nâng cao chất lượng kiến nghị phòng ngừa tại VKSND khu vực 2",
        "Mỗi kiến nghị được lãnh đạo đơn vị duyệt nội dung và theo dõi việc trả lời.",
        "demo-kv2",
        60,
        "Tỷ lệ kiến nghị được chấp nhận từ 80% trở lên",
        ("TL_KNG",),
    ),
)
PROGRESS = (("demo-kv1", KV1_HEAD, 40, 5), ("demo-tccb", PERSONNEL, 60, 3))


@dataclass
class DemoResolutionResult:
    """What one run did; `skipped` says why nothing was created."""

    resolution: Resolution | None = None
    directives: int = 0
    skipped: str = ""

    def summary(self) -> str:
        if self.skipped:
            return self.skipped
        return (
            f"Đã nạp nghị quyết chuyên đề demo: {self.directives} nội dung đã thành chỉ đạo, "
            "đang thực hiện."
        )


def weekday(day: dt.date) -> dt.date:
    """`day`, or the Friday before it when it falls on a weekend."""
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def build_demo_resolution(*, today: dt.date | None = None) -> DemoResolutionResult:
    """Draft, adopt and start the demo resolution once (see the module)."""
    today = today or timezone.localdate()
    province = Unit.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return DemoResolutionResult(skipped="Chưa có tỉnh demo; bỏ qua nghị quyết demo.")
    if Resolution.objects.filter(issuer=province, title=TITLE).exists():
        return DemoResolutionResult(skipped="Nghị quyết chuyên đề demo đã có; bỏ qua.")
    guidance = (
        GuidanceVersion.objects.filter(
            status=GuidanceVersion.Status.IN_FORCE, document__issuer=province
        )
        .order_by("-number")
        .first()
    )
    if guidance is None:
        return DemoResolutionResult(
            skipped="Chưa có chuyên đề có hiệu lực; bỏ qua nghị quyết demo."
        )
    users = {
        user.get_username(): user
        for user in get_user_model().objects.filter(username__in=[CHIEF, PERSONNEL, KV1_HEAD])
    }
    if len(users) < 3:
        return DemoResolutionResult(skipped="Thiếu tài khoản demo; bỏ qua nghị quyết demo.")
    with transaction.atomic():
        return _build(province, guidance, users, today)


def _build(
    province: Unit, guidance: GuidanceVersion, users: dict[str, User], today: dt.date
) -> DemoResolutionResult:
    drafted, adopted = (
        weekday(today - dt.timedelta(DRAFTED)),
        weekday(today - dt.timedelta(ADOPTED)),
    )
    seminar = (
        Seminar.objects.filter(
            status__in=[Seminar.Status.HELD, Seminar.Status.CLOSED],
            organiser__path__startswith=province.path,
            date__lte=drafted,
        )
        .order_by("-date", "-id")
        .first()
    )
    units = {u.code: u for u in Unit.objects.filter(code__in=[i.owner for i in ITEMS])}
    indicators = {i.code: i for i in Indicator.objects.all()}
    resolution = services.create_resolution(
        authority=authority_for(users[CHIEF], drafted),
        issuer=province,
        title=TITLE,
        guidance=guidance,
        seminar=seminar,
        document_number=NUMBER,
        actions=[
            services.ActionData(
                title=item.title,
                content=item.content,
                owner=units.get(item.owner),
                deadline=adopted + dt.timedelta(days=item.days),
                expected_result=item.expected_result,
                indicators=[indicators[code] for code in item.indicators if code in indicators],
            )
            for item in ITEMS
        ],
    )
    services.adopt_resolution(
        resolution,
        authority=authority_for(users[CHIEF], adopted),
        expected_version=resolution.version,
        on=adopted,
    )
    tasks = {
        task.unit.code: task
        for task in Task.objects.filter(
            directive__resolution_action__resolution=resolution, parent__isnull=True
        ).select_related("unit", "directive")
    }
    for code, login, percent, days_ago in PROGRESS:
        day = weekday(today - dt.timedelta(days=days_ago))
        task = tasks[code]
        directive_services.report_progress(
            task,
            percent=percent,
            authority=authority_for(users[login], day),
            expected_version=task.version,
            note="Đang triển khai theo kế hoạch (demo).",
            at=timezone.make_aware(dt.datetime.combine(day, dt.time(16))),
        )
    return DemoResolutionResult(resolution=resolution, directives=len(tasks))
