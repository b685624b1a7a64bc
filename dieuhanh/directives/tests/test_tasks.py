"""Tasks: sub-tasks, progress roll-up, completion accepted or returned, extensions, locking."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from dieuhanh.core.errors import Denied, StaleEdit
from dieuhanh.core.models import AuditEntry
from dieuhanh.directives import selectors, services
from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import (
    CompletionReport,
    ExtensionRequest,
    ProgressUpdate,
    Role,
    Task,
    TaskAttachment,
    TaskStatus,
)
from dieuhanh.directives.tests.factories import issued
from dieuhanh.org.access import authority_for

D = dt.date
MID_MARCH = D(2027, 3, 15)
MID_APRIL = D(2027, 4, 15)


def auth(org, who):
    return authority_for(getattr(org, who).user)


def fresh(task):
    return Task.objects.select_related("unit", "directive", "parent").get(pk=task.pk)


@pytest.fixture
def tasks(org, settings, tmp_path):
    """A directive issued 01/02/2027, due 31/03/2027: KV1 leads, KV2 supports."""
    settings.MEDIA_ROOT = tmp_path
    directive = issued(org)
    by_unit = {t.unit.code: t for t in Task.objects.filter(directive=directive)}
    return by_unit["kv1"], by_unit["kv2"]


def subtask(org, task, assignee, deadline=MID_MARCH, title="Rà soát vụ án"):
    return services.assign_subtask(
        fresh(task),
        assignee=getattr(org, assignee),
        title=title,
        deadline=deadline,
        authority=auth(org, "unit_head"),
        on=D(2027, 2, 2),
    )


def progress(org, task, who, percent):
    task = fresh(task)
    return services.report_progress(
        task, percent=percent, authority=auth(org, who), expected_version=task.version
    )


def report(org, task, who, at=None):
    task = fresh(task)
    return services.report_completion(
        task, authority=auth(org, who), expected_version=task.version, note="Xong", at=at
    )


def accept(org, task, who):
    task = fresh(task)
    return services.accept_completion(task, authority=auth(org, who), expected_version=task.version)


# ---------------------------------------------------------------- sub-tasks


def test_the_head_breaks_the_unit_task_into_subtasks_for_staff(org, tasks):
    kv1, _ = tasks
    # When the head of KV1 assigns work to a prosecutor of KV1 and to a member of its team
    first = subtask(org, kv1, "prosecutor")
    second = subtask(org, kv1, "team_member", deadline=D(2027, 3, 31))
    # Then both are sub-tasks of KV1's task, assigned by the head, with their deadlines
    assert [
        (t.parent_id, t.assignee_id, t.assigned_by_id, t.deadline, t.original_deadline)
        for t in (first, second)
    ] == [
        (kv1.pk, org.prosecutor.pk, org.unit_head.pk, D(2027, 3, 15), D(2027, 3, 15)),
        (kv1.pk, org.team_member.pk, org.unit_head.pk, D(2027, 3, 31), D(2027, 3, 31)),
    ]
    assert AuditEntry.objects.filter(action="directives.task.assign").count() == 2


def test_a_subtask_goes_only_to_staff_of_the_unit_within_its_deadline(org, tasks):
    kv1, _ = tasks
    with pytest.raises(DirectiveError) as error:
        subtask(org, kv1, "peer")
    assert error.value.message == (
        "Hoàng Văn Bên không phải cán bộ của “VKSND khu vực 1”; chỉ giao việc cho cán bộ đơn vị."
    )
    with pytest.raises(DirectiveError) as error:
        subtask(org, kv1, "prosecutor", deadline=D(2027, 4, 1))
    assert error.value.message == ("Thời hạn 01/04/2027 muộn hơn thời hạn của đơn vị 31/03/2027.")
    assert Task.objects.filter(parent__isnull=False).count() == 0


def test_only_whoever_directs_the_unit_assigns_subtasks(org, tasks):
    kv1, _ = tasks
    with pytest.raises(Denied):
        services.assign_subtask(
            fresh(kv1),
            assignee=org.prosecutor,
            title="Việc",
            deadline=D(2027, 3, 1),
            authority=auth(org, "peer"),
            on=D(2027, 2, 2),
        )
    assert Task.objects.filter(parent__isnull=False).count() == 0


# ---------------------------------------------------------------- progress roll-up


def test_without_subtasks_the_unit_shows_its_own_figure(org, tasks, tmp_path):
    kv1, _ = tasks
    # When the head reports 40% with a file
    task = fresh(kv1)
    services.report_progress(
        task,
        percent=40,
        note="Đã rà soát 12/30 vụ",
        authority=auth(org, "unit_head"),
        expected_version=task.version,
        files=[ContentFile(b"bao cao", name="bao-cao.txt")],
    )
    # Then the unit shows 40%, from its own report
    shown = selectors.progress_of([fresh(kv1)])[kv1.pk]
    assert (shown.percent, shown.subtasks, shown.rule) == (40, 0, "Theo báo cáo của đơn vị")
    assert ProgressUpdate.objects.get().note == "Đã rà soát 12/30 vụ"
    assert TaskAttachment.objects.get().name == "bao-cao.txt"


def test_with_subtasks_the_unit_shows_their_mean_rounded_down(org, tasks):
    kv1, _ = tasks
    # Given the head reported 90% before assigning any work
    progress(org, kv1, "unit_head", 90)
    # And then three sub-tasks at 100%, 50% and 0%
    first = subtask(org, kv1, "prosecutor")
    second = subtask(org, kv1, "team_member")
    third = subtask(org, kv1, "unit_head")
    progress(org, first, "prosecutor", 100)
    progress(org, second, "team_member", 50)
    # Then the unit shows their mean, (100 + 50 + 0) / 3 = 50%, not its old 90%
    shown = selectors.progress_of([fresh(kv1)])[kv1.pk]
    assert (shown.percent, shown.subtasks, shown.rule) == (
        50,
        3,
        "Trung bình của 3 việc giao cho cán bộ",
    )
    # And with the third at 1%: 151 / 3 = 50.33 → 50%; at 100% and 100%, 0 → 66.67 → 66%
    progress(org, third, "unit_head", 1)
    assert selectors.progress_of([fresh(kv1)])[kv1.pk].percent == 50
    progress(org, second, "team_member", 100)
    progress(org, third, "unit_head", 0)
    assert selectors.progress_of([fresh(kv1)])[kv1.pk].percent == 66
    # And the unit's own figure can no longer be reported
    with pytest.raises(DirectiveError, match="trung bình cộng"):
        progress(org, kv1, "unit_head", 95)


def test_progress_outside_0_to_100_is_refused(org, tasks):
    kv1, _ = tasks
    with pytest.raises(DirectiveError, match="từ 0 đến 100"):
        progress(org, kv1, "unit_head", 101)
    assert fresh(kv1).progress == 0
    assert ProgressUpdate.objects.count() == 0


# ---------------------------------------------------------------- completion


def test_the_assigner_accepts_a_completion_report(org, tasks):
    kv1, _ = tasks
    # Given the head reports KV1's task complete on 20/03/2027
    at = timezone.make_aware(dt.datetime(2027, 3, 20, 9, 30))
    report(org, kv1, "unit_head", at=at)
    assert fresh(kv1).status == TaskStatus.REPORTED
    # When the Chief (who issued it) accepts
    accept(org, kv1, "chief")
    # Then the task is done from the day of the report, at 100%
    task = fresh(kv1)
    assert (task.status, task.completed_on, task.progress, task.accepted_by) == (
        TaskStatus.DONE,
        D(2027, 3, 20),
        100,
        org.chief,
    )
    assert CompletionReport.objects.get().decision == CompletionReport.Decision.ACCEPTED


def test_a_returned_task_keeps_its_history(org, tasks):
    kv1, _ = tasks
    chief = auth(org, "chief")
    # Given a completion report the Chief returns with a reason
    report(org, kv1, "unit_head")
    task = fresh(kv1)
    with pytest.raises(DirectiveError, match="lý do"):
        services.return_completion(task, reason="", authority=chief, expected_version=task.version)
    services.return_completion(
        task, reason="Thiếu danh sách vụ án", authority=chief, expected_version=task.version
    )
    assert fresh(kv1).status == TaskStatus.RETURNED
    # When the head reports again and the Chief accepts
    report(org, kv1, "unit_head")
    accept(org, kv1, "chief")
    # Then both reports are kept, the first with its reason
    reports = CompletionReport.objects.order_by("pk")
    assert [(r.decision, r.reason, r.decided_by_id) for r in reports] == [
        (CompletionReport.Decision.RETURNED, "Thiếu danh sách vụ án", org.chief.pk),
        (CompletionReport.Decision.ACCEPTED, "", org.chief.pk),
    ]
    assert list(
        AuditEntry.objects.filter(action__startswith="directives.task.")
        .exclude(action="directives.task.create")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "directives.task.report_completion",
        "directives.task.return",
        "directives.task.report_completion",
        "directives.task.accept",
    ]


def test_accepting_ones_own_completion_report_is_refused(org, tasks):
    kv1, _ = tasks
    # Given the head assigned a sub-task to himself and reported it complete
    own = subtask(org, kv1, "unit_head")
    report(org, own, "unit_head")
    # When he tries to accept it
    with pytest.raises(DirectiveError) as error:
        accept(org, own, "unit_head")
    # Then it is refused and nothing changed
    assert error.value.message == "Không được tự nghiệm thu báo cáo hoàn thành của chính mình."
    assert fresh(own).status == TaskStatus.REPORTED
    assert CompletionReport.objects.get().decision == CompletionReport.Decision.PENDING


def test_only_the_assigner_or_a_delegate_decides(org, tasks):
    kv1, kv2 = tasks
    report(org, kv1, "unit_head")
    # The head of KV2 did not assign KV1's task
    with pytest.raises(Denied):
        accept(org, kv1, "peer")
    assert fresh(kv1).status == TaskStatus.REPORTED
    # The delegate acts for the Chief on KV2 (DIRECT under the delegation)
    report(org, kv2, "peer")
    accept(org, kv2, "delegate")
    decided = CompletionReport.objects.get(task=kv2)
    assert (decided.decided_by, decided.decided_on_behalf_of) == (org.delegate, org.chief)
    entry = AuditEntry.objects.get(action="directives.task.accept")
    assert (entry.on_behalf_of_label, entry.delegation_id) == ("Trần Văn Trưởng", org.delegation.pk)


def test_a_unit_task_is_reported_complete_only_when_its_subtasks_are_done(org, tasks):
    kv1, _ = tasks
    first = subtask(org, kv1, "prosecutor")
    with pytest.raises(DirectiveError) as error:
        report(org, kv1, "unit_head")
    assert error.value.message == "Còn 1 việc giao cho cán bộ chưa được nghiệm thu."
    report(org, first, "prosecutor")
    accept(org, first, "unit_head")
    report(org, kv1, "unit_head")
    assert fresh(kv1).status == TaskStatus.REPORTED


def test_informed_units_have_nothing_to_report(org):
    directive = issued(org, addressees=[(org.kv1, Role.LEAD), (org.kv2, Role.INFORMED)])
    informed = Task.objects.get(directive=directive, role=Role.INFORMED)
    with pytest.raises(DirectiveError, match="để biết"):
        report(org, informed, "peer")


# ---------------------------------------------------------------- extensions


def request(org, task, who="unit_head", date=MID_APRIL, reason="Chờ kết quả giám định"):
    return services.request_extension(
        fresh(task), reason=reason, proposed_date=date, authority=auth(org, who)
    )


def test_an_approved_extension_keeps_the_original_deadline(org, tasks):
    kv1, _ = tasks
    # Given KV1 asks to move 31/03/2027 to 15/04/2027
    extension = request(org, kv1)
    # When the Chief approves
    services.decide_extension(extension, approve=True, authority=auth(org, "chief"))
    # Then the current deadline moves and the original stays
    task = fresh(kv1)
    assert (task.deadline, task.original_deadline, task.extended) == (
        D(2027, 4, 15),
        D(2027, 3, 31),
        True,
    )
    extension.refresh_from_db()
    assert (extension.status, extension.previous_deadline, extension.decided_by) == (
        ExtensionRequest.Status.APPROVED,
        D(2027, 3, 31),
        org.chief,
    )
    # And extensions are counted per unit
    counts = selectors.extension_counts(auth(org, "chief"), units=[org.province, org.kv1, org.kv2])
    assert counts == {org.province.pk: 1, org.kv1.pk: 1, org.kv2.pk: 0}


def test_a_refused_extension_needs_a_reason_and_changes_nothing(org, tasks):
    kv1, _ = tasks
    extension = request(org, kv1)
    with pytest.raises(DirectiveError, match="lý do"):
        services.decide_extension(extension, approve=False, authority=auth(org, "chief"))
    services.decide_extension(
        extension, approve=False, authority=auth(org, "chief"), note="Đủ thời gian"
    )
    assert fresh(kv1).deadline == D(2027, 3, 31)


def test_an_extension_on_a_closed_task_is_refused(org, tasks):
    kv1, _ = tasks
    # Given KV1's request pending while its task is completed and accepted
    pending = request(org, kv1)
    report(org, kv1, "unit_head")
    accept(org, kv1, "chief")
    # Then a new request is refused
    with pytest.raises(DirectiveError) as error:
        request(org, kv1, date=D(2027, 5, 1))
    assert (
        error.value.message
        == "Nhiệm vụ “Rà soát án tạm đình chỉ” đang ở trạng thái “Đã hoàn thành”; không thể gia hạn."
    )
    # And approving the pending one is refused, nothing changed
    with pytest.raises(DirectiveError):
        services.decide_extension(pending, approve=True, authority=auth(org, "chief"))
    pending.refresh_from_db()
    assert pending.status == ExtensionRequest.Status.PENDING
    assert fresh(kv1).deadline == D(2027, 3, 31)


def test_an_extension_must_be_later_and_one_at_a_time(org, tasks):
    kv1, _ = tasks
    with pytest.raises(DirectiveError) as error:
        request(org, kv1, date=D(2027, 3, 31))
    assert error.value.message == ("Ngày đề nghị 31/03/2027 phải sau thời hạn hiện tại 31/03/2027.")
    with pytest.raises(DirectiveError, match="lý do"):
        request(org, kv1, reason="  ")
    request(org, kv1)
    with pytest.raises(DirectiveError, match="đang chờ quyết định"):
        request(org, kv1, date=D(2027, 4, 30))
    assert ExtensionRequest.objects.count() == 1


# ---------------------------------------------------------------- concurrent edits


def test_a_second_save_from_an_old_page_is_refused_and_the_first_kept(org, tasks):
    kv1, _ = tasks
    own = subtask(org, kv1, "prosecutor")
    # Given two people opened the same sub-task
    first, second = fresh(own), fresh(own)
    head = auth(org, "unit_head")
    # When the first saves a new title
    services.update_subtask(
        first,
        expected_version=first.version,
        title="Rà soát 30 vụ án",
        note="",
        assignee=org.prosecutor,
        deadline=D(2027, 3, 15),
        authority=head,
    )
    # Then the second save is refused with a clear message
    with pytest.raises(StaleEdit) as error:
        services.update_subtask(
            second,
            expected_version=second.version,
            title="Rà soát 25 vụ án",
            note="",
            assignee=org.prosecutor,
            deadline=D(2027, 3, 10),
            authority=head,
        )
    assert "đã được người khác sửa" in error.value.message
    # And the first save is kept
    kept = fresh(own)
    assert (kept.title, kept.deadline) == ("Rà soát 30 vụ án", D(2027, 3, 15))


def test_a_progress_report_from_an_old_page_is_refused(org, tasks):
    kv1, _ = tasks
    stale = fresh(kv1)
    progress(org, kv1, "unit_head", 30)
    with pytest.raises(StaleEdit):
        services.report_progress(
            stale, percent=60, authority=auth(org, "unit_head"), expected_version=stale.version
        )
    assert fresh(kv1).progress == 30
    assert ProgressUpdate.objects.count() == 1
