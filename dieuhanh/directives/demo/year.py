"""The demo's working year, directive by directive: each step tells one story (see its
docstring) through the services, with dates counted back from the seed day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dieuhanh.core.periods import Month
from dieuhanh.directives import services
from dieuhanh.directives.demo.seeder import INFORMED, LEAD, PROVINCE, SUPPORT, TAG, Seeder, Spec
from dieuhanh.directives.models import Directive, Task
from dieuhanh.org.demo.data import DELEGATION_NUMBER
from dieuhanh.org.models import Delegation, Person, PositionRole, Posting

DUTY_TITLE = "Báo cáo kết quả công tác tháng"


def _suspended_cases(seed: Seeder) -> None:
    """Ten months ago: a review every unit finished on time; the Chief closes the directive."""
    issued = seed.issue(
        Spec(
            title="Rà soát các vụ án tạm đình chỉ điều tra",
            content="Rà soát toàn bộ vụ án, vụ việc đang tạm đình chỉ điều tra; phân loại theo "
            "lý do tạm đình chỉ và đề xuất hướng giải quyết từng vụ.",
            expected_result="Báo cáo kết quả rà soát kèm danh sách vụ án và đề xuất.",
            days_ago=300,
            deadline=45,
            addressees=(
                ("demo-kv1", LEAD),
                ("demo-kv2", LEAD),
                ("demo-p1", SUPPORT),
                ("demo-vp", INFORMED),
            ),
            accountable="vientruong",
            source_number="15",
            source_symbol=f"KH-VKS {TAG}",
        )
    )
    start, tasks = issued.on, issued.tasks

    def day(n: int) -> dt.date:
        return seed.not_after(start + dt.timedelta(days=n))

    work = seed.subtask(
        tasks["demo-kv1"],
        "vtkv1",
        seed.people["ksv1"],
        "Rà soát các vụ án tạm đình chỉ của Tổ hình sự",
        day(2),
        day(35),
    )
    seed.progress(work, "ksv1", 50, day(14), "Đã rà soát 12/25 vụ.")
    seed.complete(
        work, "ksv1", day(28), "Đã rà soát 25 vụ; đề xuất phục hồi 3 vụ.", accepter="vtkv1"
    )
    seed.complete(
        tasks["demo-kv1"], "vtkv1", day(32), "Báo cáo số 21/BC-VKS (demo).", accepter="vientruong"
    )
    seed.progress(tasks["demo-kv2"], "vtkv2", 50, day(20), "Đã rà soát một nửa số vụ.")
    seed.complete(
        tasks["demo-kv2"], "vtkv2", day(40), "Báo cáo số 18/BC-VKS (demo).", accepter="vientruong"
    )
    seed.complete(
        tasks["demo-p1"], "truongphong1", day(44), "Ý kiến phối hợp đã gửi.", accepter="vientruong"
    )
    seed.close(issued.directive)


def _crime_reports(seed: Seeder) -> None:
    """A meeting conclusion: KV1 late, KV2 on time, Phòng 1 extended, KV4 still overdue."""
    issued = seed.issue(
        Spec(
            title="Kiểm sát chặt chẽ việc tiếp nhận, giải quyết tố giác, tin báo về tội phạm",
            content="Kiểm sát 100% tố giác, tin báo ngay từ khi tiếp nhận; trực tiếp kiểm sát "
            "tại cơ quan điều tra cùng cấp ít nhất một lần.",
            expected_result="Kết luận kiểm sát trực tiếp và báo cáo kết quả.",
            days_ago=260,
            deadline=20,
            deadline_kind=Directive.DeadlineKind.WORKING_DAYS,
            addressees=(
                ("demo-kv1", LEAD),
                ("demo-kv2", LEAD),
                ("demo-kv4", LEAD),
                ("demo-p1", SUPPORT),
            ),
            accountable="phovt1",
            source_kind=Directive.SourceKind.MEETING,
            source_title=f"Kết luận họp giao ban quý I {TAG}",
        )
    )
    tasks, deadline = issued.tasks, issued.deadline
    seed.complete(
        tasks["demo-kv1"],
        "vtkv1",
        seed.not_before(deadline + dt.timedelta(days=6)),
        "Đã kiểm sát trực tiếp; kết luận số 05/KL-VKS (demo).",
        accepter="vientruong",
    )
    seed.complete(
        tasks["demo-kv2"],
        "vtkv2",
        seed.not_after(deadline - dt.timedelta(days=5)),
        "Kết luận kiểm sát số 03/KL-VKS (demo).",
        accepter="vientruong",
    )
    seed.extend(
        tasks["demo-p1"],
        "truongphong1",
        seed.not_after(deadline - dt.timedelta(days=3)),
        to=deadline + dt.timedelta(days=21),
        reason="Chờ cơ quan điều tra cung cấp hồ sơ các tin báo tạm đình chỉ.",
        decider="vientruong",
        approve=True,
    )
    seed.complete(
        tasks["demo-p1"],
        "truongphong1",
        seed.not_before(deadline + dt.timedelta(days=14)),
        "Báo cáo tổng hợp kết quả phối hợp.",
        accepter="vientruong",
    )


def _custody(seed: Seeder) -> None:
    """A directive of high priority: KV1 returned once then accepted; KV2 refused an extension."""
    issued = seed.issue(
        Spec(
            title="Tăng cường kiểm sát việc tạm giữ, tạm giam tại nhà tạm giữ",
            content="Kiểm sát trực tiếp nhà tạm giữ; kiểm tra việc phân loại, quản lý người bị "
            "tạm giữ, tạm giam và chế độ ăn ở, khám chữa bệnh.",
            expected_result="Kết luận kiểm sát trực tiếp, kiến nghị khắc phục vi phạm (nếu có).",
            days_ago=220,
            deadline=60,
            addressees=(("demo-kv1", LEAD), ("demo-kv2", LEAD), ("demo-tt", SUPPORT)),
            accountable="vientruong",
            source_number="02",
            source_symbol=f"CT-VKS {TAG}",
            priority=Directive.Priority.HIGH,
        )
    )
    tasks, deadline = issued.tasks, issued.deadline
    seed.report(
        tasks["demo-kv1"],
        "vtkv1",
        seed.not_after(deadline - dt.timedelta(days=10)),
        "Đã kiểm sát nhà tạm giữ.",
    )
    seed.send_back(
        tasks["demo-kv1"],
        "vientruong",
        seed.not_after(deadline - dt.timedelta(days=8)),
        "Chưa có số liệu người bị tạm giữ quá hạn; bổ sung trước khi nghiệm thu.",
    )
    seed.complete(
        tasks["demo-kv1"],
        "vtkv1",
        seed.not_after(deadline - dt.timedelta(days=3)),
        "Đã bổ sung số liệu tạm giữ quá hạn (0 trường hợp).",
        accepter="vientruong",
    )
    seed.extend(
        tasks["demo-kv2"],
        "vtkv2",
        seed.not_after(deadline - dt.timedelta(days=4)),
        to=deadline + dt.timedelta(days=30),
        reason="Đơn vị đang tập trung cho đợt cao điểm xét xử.",
        decider="vientruong",
        approve=False,
        note="Không có lý do chính đáng; yêu cầu hoàn thành sớm nhất.",
    )
    seed.complete(
        tasks["demo-kv2"],
        "vtkv2",
        seed.not_before(deadline + dt.timedelta(days=12)),
        "Kết luận kiểm sát số 07/KL-VKS (demo).",
        accepter="vientruong",
    )
    seed.complete(
        tasks["demo-tt"],
        "thanhtra",
        seed.not_after(deadline - dt.timedelta(days=2)),
        "Đã cử cán bộ tham gia đoàn kiểm sát.",
        accepter="vientruong",
    )


def _training(seed: Seeder) -> None:
    """Training: the personnel department on time, Phòng 1 late, KV2 stuck at 60%."""
    issued = seed.issue(
        Spec(
            title="Tổ chức tập huấn kỹ năng xét hỏi, tranh luận tại phiên tòa",
            content="Tổ chức lớp tập huấn cho kiểm sát viên các đơn vị; mỗi đơn vị cử ít nhất "
            "hai kiểm sát viên trẻ tham gia phiên tòa rút kinh nghiệm.",
            expected_result="Lớp tập huấn được tổ chức; danh sách học viên và báo cáo kết quả.",
            days_ago=150,
            deadline=90,
            addressees=(
                ("demo-tccb", LEAD),
                ("demo-p1", SUPPORT),
                ("demo-kv2", SUPPORT),
                ("demo-p7", INFORMED),
            ),
            accountable="vientruong",
            source_number="40",
            source_symbol=f"KH-VKS {TAG}",
        )
    )
    tasks, deadline = issued.tasks, issued.deadline
    seed.complete(
        tasks["demo-tccb"],
        "tccb",
        seed.not_after(deadline - dt.timedelta(days=6)),
        "Lớp tập huấn đã tổ chức, 42 học viên.",
        accepter="vientruong",
    )
    seed.complete(
        tasks["demo-p1"],
        "truongphong1",
        seed.not_before(deadline + dt.timedelta(days=9)),
        "Đã tổ chức phiên tòa rút kinh nghiệm.",
        accepter="vientruong",
    )
    seed.progress(
        tasks["demo-kv2"],
        "vtkv2",
        60,
        seed.not_after(deadline - dt.timedelta(days=20)),
        "Đã cử kiểm sát viên; chưa tổ chức được phiên tòa rút kinh nghiệm.",
    )


def _breakthrough(seed: Seeder) -> None:
    """The year's breakthrough area: four units at work, sub-tasks to prosecutors, in time."""
    issued = seed.issue(
        Spec(
            title="Chuyên đề kiểm sát giải quyết nguồn tin về tội phạm (khâu đột phá)",
            content="Xây dựng và thực hiện chuyên đề kiểm sát việc giải quyết nguồn tin về tội "
            "phạm từ khi tiếp nhận; mỗi đơn vị chọn ít nhất 10 tin báo để theo dõi đến khi "
            "giải quyết xong.",
            expected_result="Báo cáo chuyên đề với số liệu, vi phạm phát hiện và kiến nghị.",
            days_ago=90,
            deadline=120,
            addressees=(
                ("demo-kv1", LEAD),
                ("demo-kv2", LEAD),
                ("demo-kv3", LEAD),
                ("demo-p1", SUPPORT),
            ),
            accountable="phovt1",
            source_kind=Directive.SourceKind.PROGRAMME,
            source_title=f"Chương trình công tác năm {TAG}",
        )
    )
    tasks, start = issued.tasks, issued.on
    prosecutor = _other_prosecutor(seed, start)
    first = seed.subtask(
        tasks["demo-kv1"],
        "vtkv1",
        seed.people["ksv1"],
        "Theo dõi 10 tin báo của cơ quan điều tra khu vực",
        seed.not_before(start + dt.timedelta(days=1)),
        seed.today + dt.timedelta(days=10),
    )
    seed.progress(first, "ksv1", 40, seed.back(12), "Đã theo dõi 4/10 tin báo đến khi giải quyết.")
    if prosecutor is not None:
        seed.subtask(
            tasks["demo-kv1"],
            "vtkv1",
            prosecutor,
            "Tổng hợp vi phạm phát hiện qua kiểm sát tin báo",
            seed.not_before(start + dt.timedelta(days=1)),
            seed.today + dt.timedelta(days=20),
        )
    seed.progress(tasks["demo-kv2"], "vtkv2", 70, seed.back(5), "Đã chọn và theo dõi 10 tin báo.")


def _civil_judgments(seed: Seeder) -> None:
    """Six weeks ago: KV1 on time, KV2 extended into next month, KV5 overdue."""
    issued = seed.issue(
        Spec(
            title="Sơ kết công tác kiểm sát thi hành án dân sự",
            content="Sơ kết công tác kiểm sát thi hành án dân sự; nêu rõ số việc kiểm sát, vi "
            "phạm phát hiện, kiến nghị và kết quả khắc phục.",
            expected_result="Báo cáo sơ kết theo đề cương gửi kèm.",
            days_ago=45,
            deadline=30,
            addressees=(("demo-kv1", LEAD), ("demo-kv2", LEAD), ("demo-kv5", SUPPORT)),
            accountable="vientruong",
            source_number="88",
            source_symbol=f"VKS-P11 {TAG}",
        )
    )
    tasks, deadline = issued.tasks, issued.deadline
    seed.complete(
        tasks["demo-kv1"],
        "vtkv1",
        seed.not_after(deadline - dt.timedelta(days=4)),
        "Báo cáo số 35/BC-VKS (demo).",
        accepter="vientruong",
    )
    seed.extend(
        tasks["demo-kv2"],
        "vtkv2",
        seed.not_after(deadline - dt.timedelta(days=2)),
        to=seed.today + dt.timedelta(days=15),
        reason="Chi cục thi hành án chưa cung cấp đủ số liệu.",
        decider="vientruong",
        approve=True,
        note="Đồng ý; không gia hạn thêm.",
    )


def _year_end(seed: Seeder) -> None:
    """Last week, deputy chief #1 on the Chief's behalf (delegation): a task for year-end."""
    delegation = Delegation.objects.filter(instrument_number=DELEGATION_NUMBER).first()
    issuer, on = "vientruong", seed.back(8)
    if delegation is not None and delegation.start <= seed.today:
        issuer = "phovt1"
        latest = min(delegation.end or seed.today, seed.today)
        on = seed.not_after(min(max(on, delegation.start), latest))
        if on < delegation.start:  # no working day inside the delegation: the Chief issues
            issuer, on = "vientruong", seed.back(8)
    issued = seed.issue(
        Spec(
            title="Chuẩn bị số liệu phục vụ hội nghị tổng kết năm",
            content="Tổng hợp số liệu, kết quả thực hiện các chỉ tiêu và khâu đột phá của năm "
            "công tác; dự thảo báo cáo tổng kết.",
            expected_result="Dự thảo báo cáo tổng kết và phụ lục số liệu.",
            days_ago=8,
            deadline=10,
            deadline_kind=Directive.DeadlineKind.WORKING_DAYS,
            addressees=(
                ("demo-vp", LEAD),
                ("demo-tccb", SUPPORT),
                ("demo-kv1", SUPPORT),
                ("demo-kv6", INFORMED),
            ),
            accountable="phovt1",
            source_number="120",
            source_symbol=f"VKS-VP {TAG}",
            priority=Directive.Priority.HIGH,
        ),
        issuer=issuer,
        on=on,
    )
    seed.complete(
        issued.tasks["demo-tccb"],
        "tccb",
        seed.not_after(issued.on + dt.timedelta(days=6)),
        "Số liệu đào tạo, bồi dưỡng cán bộ đã gửi Văn phòng.",
        accepter=issuer,
    )
    seed.progress(issued.tasks["demo-vp"], "vanphong", 30, seed.back(1), "Đã có số liệu 10 tháng.")


def _custody_peak(seed: Seeder) -> None:
    """An urgent week-long check: KV2 on time, KV1 two days late, the Inspectorate overdue."""
    issued = seed.issue(
        Spec(
            title="Kiểm tra việc chấp hành pháp luật trong tạm giữ dịp cao điểm",
            content="Kiểm tra đột xuất việc tạm giữ trong đợt cao điểm tấn công trấn áp tội phạm.",
            expected_result="Báo cáo nhanh kết quả kiểm tra.",
            days_ago=20,
            deadline=7,
            deadline_kind=Directive.DeadlineKind.CALENDAR_DAYS,
            addressees=(("demo-kv1", LEAD), ("demo-kv2", LEAD), ("demo-tt", SUPPORT)),
            accountable="vientruong",
            source_number="95",
            source_symbol=f"VKS-P8 {TAG}",
            priority=Directive.Priority.URGENT,
        )
    )
    tasks, deadline = issued.tasks, issued.deadline
    seed.complete(
        tasks["demo-kv2"],
        "vtkv2",
        seed.not_after(deadline - dt.timedelta(days=1)),
        "Không phát hiện vi phạm.",
        accepter="vientruong",
    )
    seed.complete(
        tasks["demo-kv1"],
        "vtkv1",
        seed.not_before(deadline + dt.timedelta(days=2)),
        "Phát hiện 1 trường hợp quá hạn tạm giữ; đã kiến nghị.",
        accepter="vientruong",
    )


def _draft(seed: Seeder) -> None:
    """A draft the Chief has not issued: the expected result is still missing ("5 rõ")."""
    on = seed.back(2)
    services.save_draft(
        services.DirectiveData(
            issuing_unit=seed.units[PROVINCE],
            title="Kiểm tra công tác lưu trữ hồ sơ nghiệp vụ",
            content="Kiểm tra việc lập, quản lý và lưu trữ hồ sơ kiểm sát tại các đơn vị.",
            accountable=seed.people["vientruong"],
            source_kind=Directive.SourceKind.MEETING,
            source_date=on,
            source_title=f"Họp lãnh đạo viện {TAG}",
            deadline=on + dt.timedelta(days=40),
            addressees=[(seed.units["demo-kv3"], LEAD), (seed.units["demo-vp"], SUPPORT)],
        ),
        authority=seed.auth("vientruong", on),
    )


def _monthly_report(seed: Seeder) -> None:
    """KV1's monthly report on the 2nd working day: on time except two months, next one open."""
    starts_on = Month.of(seed.today - dt.timedelta(days=300)).first_day
    duty = services.create_recurring_duty(
        unit=seed.units["demo-kv1"],
        title=DUTY_TITLE,
        content="Báo cáo kết quả công tác tháng trước kèm phụ lục chỉ tiêu nghiệp vụ.",
        nth=2,
        lead_days=7,
        starts_on=starts_on,
        authority=seed.auth("vientruong", starts_on),
    )
    created = services.generate_occurrences(on=seed.today)
    seed.result.occurrences += len(created)
    seed.result.tasks += len(created)
    occurrences = Task.objects.filter(occurrence__duty=duty).order_by("deadline")
    for index, task in enumerate(occurrences):
        if task.deadline >= seed.today:
            continue
        late = index in (2, 6)
        day = (
            seed.not_before(task.deadline + dt.timedelta(days=2))
            if late
            else seed.not_after(task.deadline)
        )
        seed.complete(
            task,
            "vtkv1",
            day,
            "Báo cáo tháng đã gửi qua hệ thống.",
            accepter="vientruong",
        )


def _other_prosecutor(seed: Seeder, on: dt.date) -> Person | None:
    """A KV1 prosecutor other than `ksv1`, for a sub-task nobody has reported on yet."""
    posting = (
        Posting.objects.current(on)
        .filter(unit=seed.units["demo-kv1"], position__role=PositionRole.MEMBER)
        .filter(position__code__startswith="ksv")
        .exclude(person=seed.people["ksv1"])
        .select_related("person")
        .order_by("person__staff_code")
        .first()
    )
    return posting.person if posting else None


STEPS: tuple[tuple[str, Callable[[Seeder], None]], ...] = (
    ("Rà soát án tạm đình chỉ: các đơn vị đúng hạn, đã kết thúc", _suspended_cases),
    ("Kết luận giao ban: một đơn vị trễ hạn, một được gia hạn, KV4 quá hạn", _crime_reports),
    ("Kiểm sát tạm giữ: KV1 bị trả lại một lần, KV2 bị từ chối gia hạn", _custody),
    ("Tập huấn: Phòng TCCB đúng hạn, Phòng 1 trễ hạn, KV2 quá hạn", _training),
    ("Khâu đột phá: bốn đơn vị đang thực hiện, việc giao cho kiểm sát viên", _breakthrough),
    ("Sơ kết thi hành án dân sự: KV2 được gia hạn, KV5 quá hạn", _civil_judgments),
    ("Tổng kết năm: Phó Viện trưởng ban hành theo ủy quyền", _year_end),
    ("Kiểm tra tạm giữ dịp cao điểm: KV1 trễ hai ngày, Thanh tra quá hạn", _custody_peak),
    ("Một dự thảo chưa đủ “5 rõ”", _draft),
    ("Báo cáo tháng của KV1 vào ngày làm việc thứ hai", _monthly_report),
)
