"""The demo province's directives: a working year with every timeliness group, loaded once."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from dieuhanh.core.models import AuditEntry
from dieuhanh.directives import selectors
from dieuhanh.directives.demo import DUTY_TITLE, build_demo_directives
from dieuhanh.directives.models import (
    CompletionReport,
    Directive,
    DutyOccurrence,
    ExtensionRequest,
    ProgressUpdate,
    Task,
    TaskStatus,
)
from dieuhanh.directives.selectors import Basis
from dieuhanh.org.access import authority_for
from dieuhanh.org.demo import build_demo
from dieuhanh.org.demo.data import DELEGATION_NUMBER

TODAY = dt.date(2026, 11, 28)  # a Saturday: the last working day before is 27/11/2026


@pytest.fixture
def demo(db):
    """The demo province and its directives, both seeded on 28/11/2026."""
    build_demo(today=TODAY)
    return build_demo_directives(today=TODAY)


def groups(counts):
    return (counts.done_on_time, counts.done_late, counts.open_within, counts.open_overdue)


def chief():
    return authority_for(get_user_model().objects.get(username="vientruong"), TODAY)


def test_the_demo_year_has_every_timeliness_group(demo):
    # Given the demo seeded on 28/11/2026
    assert (demo.directives, demo.tasks, demo.occurrences) == (8, 43, 11)
    # Then on that day the province's tasks (units' tasks and monthly reports) stand at
    # 19 done on time, 6 done late, 8 open within the deadline and 4 open overdue
    assert groups(selectors.timeliness_summary(chief(), on=TODAY)) == (19, 6, 8, 4)
    # And against the original deadlines the two approved extensions count as they were:
    # Phòng 1 done late instead of on time, KV2 overdue instead of within
    original = selectors.timeliness_summary(chief(), on=TODAY, basis=Basis.ORIGINAL)
    assert groups(original) == (18, 7, 7, 5)
    # And per unit: KV1 (its 11 monthly reports included) is mostly on time, KV4 overdue
    by_unit = {
        unit.code: groups(counts)
        for unit, counts in selectors.timeliness_by_unit(chief(), on=TODAY)
    }
    assert by_unit == {
        "demo-kv1": (11, 4, 3, 0),
        "demo-kv2": (3, 1, 2, 1),
        "demo-kv3": (0, 0, 1, 0),
        "demo-kv4": (0, 0, 0, 1),
        "demo-kv5": (0, 0, 0, 1),
        "demo-p1": (2, 1, 1, 0),
        "demo-tccb": (2, 0, 0, 0),
        "demo-tt": (1, 0, 0, 1),
        "demo-vp": (0, 0, 1, 0),
    }


def test_the_demo_tells_each_story_through_the_services(demo):
    directives = {d.title: d for d in Directive.objects.select_related("issuer", "on_behalf_of")}
    # One directive closed once every unit was done; one draft still short of "5 rõ"
    closed = directives["Rà soát các vụ án tạm đình chỉ điều tra"]
    assert closed.status == Directive.Status.CLOSED
    draft = directives["Kiểm tra công tác lưu trữ hồ sơ nghiệp vụ"]
    assert (draft.status, draft.expected_result) == (Directive.Status.DRAFT, "")
    # The year-end directive was issued by deputy chief #1 on the Chief's behalf
    year_end = directives["Chuẩn bị số liệu phục vụ hội nghị tổng kết năm"]
    assert year_end.issuer.user.username == "phovt1"
    assert year_end.on_behalf_of.user.username == "vientruong"
    assert year_end.delegation.instrument_number == DELEGATION_NUMBER
    assert year_end.issued_on == dt.date(2026, 11, 20)
    # Others were issued by the Chief, the first on 30/01/2026
    issued = Directive.objects.exclude(status=Directive.Status.DRAFT).order_by("issued_on")
    assert [d.issuer.user.username for d in issued].count("vientruong") == 7
    assert issued.first().issued_on == dt.date(2026, 1, 30)
    # Two extensions approved (the original deadline kept), one refused
    extensions = Counter(ExtensionRequest.objects.values_list("status", flat=True))
    assert extensions == {"approved": 2, "refused": 1}
    extended = Task.objects.get(directive__title__startswith="Sơ kết", unit__code="demo-kv2")
    assert (extended.original_deadline, extended.deadline) == (
        dt.date(2026, 11, 13),
        dt.date(2026, 12, 13),
    )
    # KV1's report on custody was returned once, then accepted
    custody = Task.objects.get(directive__title__startswith="Tăng cường", unit__code="demo-kv1")
    decisions = list(custody.completion_reports.order_by("at").values_list("decision", flat=True))
    assert decisions == [CompletionReport.Decision.RETURNED, CompletionReport.Decision.ACCEPTED]
    assert (custody.status, custody.completed_on) == (TaskStatus.DONE, dt.date(2026, 6, 19))
    # Sub-tasks went to KV1's prosecutors: ksv1 finished one and is working on another
    subtasks = Task.objects.filter(parent__isnull=False).order_by("assigned_on", "id")
    assert [(t.assignee.user and t.assignee.user.username, t.status) for t in subtasks] == [
        ("ksv1", TaskStatus.DONE),
        ("ksv1", TaskStatus.OPEN),
        (None, TaskStatus.OPEN),
    ]
    assert ProgressUpdate.objects.count() == 6
    # KV1's monthly report: 11 occurrences, February to December 2026, each once
    periods = list(
        DutyOccurrence.objects.filter(duty__title=DUTY_TITLE)
        .order_by("period")
        .values_list("period", flat=True)
    )
    assert (periods[0], periods[-1], len(periods)) == ("2026-02", "2026-12", 11)
    # And every step left its audit row, with the right actor
    actions = Counter(
        AuditEntry.objects.filter(action__startswith="directives.").values_list("action", flat=True)
    )
    assert actions["directives.directive.issue"] == 8
    assert actions["directives.directive.draft"] == 9
    assert actions["directives.task.accept"] == 26
    assert actions["directives.task.return"] == 1
    assert actions["directives.duty.occurrence"] == 11
    on_behalf = AuditEntry.objects.get(
        action="directives.directive.issue", delegation_id__isnull=False
    )
    assert on_behalf.on_behalf_of.username == "vientruong"


def test_a_second_run_adds_nothing(demo):
    # Given the demo loaded once
    before = (
        Directive.objects.count(),
        Task.objects.count(),
        ExtensionRequest.objects.count(),
        AuditEntry.objects.count(),
    )
    # When it is loaded again, through the command `make run` calls
    out = StringIO()
    call_command("seed_demo_directives", "--today", "2026-11-28", stdout=out)
    # Then nothing is added, and the command says so
    assert out.getvalue().strip() == "Chỉ đạo demo đã có; bỏ qua."
    after = (
        Directive.objects.count(),
        Task.objects.count(),
        ExtensionRequest.objects.count(),
        AuditEntry.objects.count(),
    )
    assert after == before == (9, 43, 3, before[3])


def test_without_the_demo_province_nothing_is_loaded(db):
    # Given an empty database, when the command runs, then it explains and creates nothing
    out = StringIO()
    call_command("seed_demo_directives", stdout=out)
    assert out.getvalue().strip() == "Chưa có tỉnh demo; chạy seed_demo trước."
    assert Directive.objects.count() == 0
