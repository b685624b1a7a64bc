"""Directives: the "5 rõ" rule, issue with fan-out, scope, delegation, bad input refused."""

import datetime as dt

import pytest

from dieuhanh.core.errors import Denied, StaleEdit
from dieuhanh.core.models import AuditEntry
from dieuhanh.directives import services
from dieuhanh.directives.errors import DirectiveError, NotFiveClear
from dieuhanh.directives.models import Addressee, Directive, Role, Task, TaskStatus
from dieuhanh.directives.tests.factories import data, draft, issued
from dieuhanh.org.access import authority_for
from dieuhanh.plans.models import ProgrammeItem

D = dt.date
ISSUE_DAY = D(2027, 2, 1)


def issue(org, directive, who="chief", on=ISSUE_DAY):
    return services.issue_directive(
        directive,
        authority=authority_for(getattr(org, who).user),
        expected_version=directive.version,
        on=on,
    )


# ---------------------------------------------------------------- "5 rõ"


def test_five_clear_names_every_missing_point(org):
    # Given an empty draft with no addressed unit
    empty = Directive(issuing_unit=org.province)
    # When it is checked
    missing = services.check_five_clear(empty, [])
    # Then the five points are named, in order, in Vietnamese
    assert [(p.code, p.field, p.message) for p in missing] == [
        ("person", "addressees", "Chưa rõ người: chưa có đơn vị chủ trì"),
        ("work", "title", "Chưa rõ việc: chưa có tên nhiệm vụ và nội dung công việc"),
        ("time", "deadline", "Chưa rõ thời gian: chưa có thời hạn hoàn thành"),
        ("result", "expected_result", "Chưa rõ kết quả: chưa nêu kết quả, sản phẩm phải đạt"),
        (
            "responsibility",
            "accountable",
            "Chưa rõ trách nhiệm: chưa có lãnh đạo chịu trách nhiệm",
        ),
    ]


def test_five_clear_needs_a_lead_unit_and_accepts_a_number_of_days(org):
    # Given a draft whose units only support, with a deadline in working days
    directive = draft(
        org,
        addressees=[(org.kv1, Role.SUPPORT), (org.kv2, Role.INFORMED)],
        deadline_kind=Directive.DeadlineKind.WORKING_DAYS,
        deadline_days=5,
    )
    # Then only the lead is missing
    assert [p.code for p in services.check_five_clear(directive)] == ["person"]
    # And with a lead the draft is clear
    assert services.check_five_clear(directive, [(org.kv1, Role.LEAD)]) == []


def test_issue_is_refused_until_five_clear_and_nothing_is_saved(org):
    # Given a draft without an expected result and without an accountable leader
    directive = draft(org, expected_result="", accountable=None)
    # When the Chief issues it
    with pytest.raises(NotFiveClear) as error:
        issue(org, directive)
    # Then the refusal names both points
    assert error.value.message == (
        "Chưa đủ “5 rõ”, chưa thể ban hành: Chưa rõ kết quả: chưa nêu kết quả, sản phẩm phải đạt; "
        "Chưa rõ trách nhiệm: chưa có lãnh đạo chịu trách nhiệm."
    )
    assert [p.code for p in error.value.missing] == ["result", "responsibility"]
    # And nothing changed
    directive.refresh_from_db()
    assert directive.status == Directive.Status.DRAFT
    assert Task.objects.count() == 0
    assert not AuditEntry.objects.filter(action="directives.directive.issue").exists()


# ---------------------------------------------------------------- issue and fan-out


def test_issue_fans_out_one_task_per_addressed_unit_with_its_role(org):
    # Given a draft to KV1 (lead), KV2 (support) and Phòng 1 (for information)
    directive = draft(
        org,
        addressees=[(org.kv1, Role.LEAD), (org.kv2, Role.SUPPORT), (org.department, Role.INFORMED)],
    )
    # When the Chief issues it on 01/02/2027
    issue(org, directive)
    # Then the directive is issued with its deadline
    directive.refresh_from_db()
    assert (directive.status, directive.issued_on, directive.deadline) == (
        Directive.Status.ISSUED,
        D(2027, 2, 1),
        D(2027, 3, 31),
    )
    assert directive.issuer == org.chief
    assert directive.on_behalf_of is None
    # And each unit has one task with its role, the same current and original deadline
    tasks = Task.objects.filter(directive=directive).order_by("unit__path")
    assert [
        (t.unit.code, t.role, t.status, t.deadline, t.original_deadline, t.assigned_by.pk)
        for t in tasks
    ] == [
        ("phong-1", Role.INFORMED, TaskStatus.OPEN, D(2027, 3, 31), D(2027, 3, 31), org.chief.pk),
        ("kv1", Role.LEAD, TaskStatus.OPEN, D(2027, 3, 31), D(2027, 3, 31), org.chief.pk),
        ("kv2", Role.SUPPORT, TaskStatus.OPEN, D(2027, 3, 31), D(2027, 3, 31), org.chief.pk),
    ]
    # And the issue and each task are audited
    assert AuditEntry.objects.filter(action="directives.directive.issue").count() == 1
    assert AuditEntry.objects.filter(action="directives.task.create").count() == 3
    assert directive.source_label == "Số 12/KH-VKS ngày 25/01/2027"


def test_a_working_day_deadline_is_computed_at_issue_across_tet(org):
    # Given a directive due 5 working days after issue
    directive = draft(
        org, deadline_kind=Directive.DeadlineKind.WORKING_DAYS, deadline_days=5, deadline=None
    )
    # When it is issued on Tuesday 02/02/2027, two days before Tết 2027
    issue(org, directive, on=D(2027, 2, 2))
    # Then the deadline skips Tết (04–10/02/2027) and the weekend: Tuesday 16/02/2027
    directive.refresh_from_db()
    assert directive.deadline == D(2027, 2, 16)
    assert set(Task.objects.values_list("deadline", "original_deadline")) == {
        (D(2027, 2, 16), D(2027, 2, 16))
    }


def test_a_calendar_day_deadline_ending_in_tet_moves_after_it(org):
    directive = draft(
        org, deadline_kind=Directive.DeadlineKind.CALENDAR_DAYS, deadline_days=10, deadline=None
    )
    issue(org, directive, on=D(2027, 1, 26))
    directive.refresh_from_db()
    assert directive.deadline == D(2027, 2, 11)


def test_a_deadline_before_the_issue_date_is_refused_and_nothing_saved(org):
    # Given a draft due 31/01/2027
    directive = draft(org, deadline=D(2027, 1, 31))
    version = directive.version
    # When it is issued on 01/02/2027
    with pytest.raises(DirectiveError) as error:
        issue(org, directive, on=D(2027, 2, 1))
    # Then it is refused with the dates named
    assert error.value.message == "Thời hạn 31/01/2027 trước ngày ban hành 01/02/2027."
    assert error.value.field == "deadline"
    # And nothing changed
    directive.refresh_from_db()
    assert (directive.status, directive.version) == (Directive.Status.DRAFT, version)
    assert Task.objects.count() == 0


def test_a_unit_outside_the_issuers_scope_is_refused_and_nothing_saved(org):
    # Given the head of KV2 (peer) who directs only KV2
    before = AuditEntry.objects.count()
    # When he drafts a directive from the province to KV1
    with pytest.raises(DirectiveError) as error:
        draft(org, "peer", addressees=[(org.kv1, Role.LEAD)])
    # Then it is refused and nothing is saved
    assert error.value.message == (
        "Đơn vị “VKSND khu vực 1” nằm ngoài phạm vi chỉ đạo của bạn; không thể giao nhiệm vụ."
    )
    assert error.value.field == "addressees"
    assert Directive.objects.count() == 0
    assert Addressee.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_issuing_someone_elses_draft_to_units_out_of_scope_is_refused(org):
    # Given the Chief's draft to KV1 and KV2
    directive = draft(org)
    # When the head of KV2 tries to issue it
    with pytest.raises(DirectiveError, match="VKSND khu vực 1"):
        issue(org, directive, who="peer")
    # Then it stays a draft without tasks
    directive.refresh_from_db()
    assert directive.status == Directive.Status.DRAFT
    assert Task.objects.count() == 0


def test_an_addressed_unit_must_be_under_the_issuing_unit(org):
    with pytest.raises(DirectiveError) as error:
        draft(org, "unit_head", issuing_unit=org.kv1, addressees=[(org.kv2, Role.LEAD)])
    assert error.value.message == "Đơn vị “VKSND khu vực 2” không trực thuộc “VKSND khu vực 1”."
    assert Directive.objects.count() == 0


def test_a_unit_chosen_twice_is_refused(org):
    with pytest.raises(DirectiveError, match="được chọn hai lần"):
        draft(org, addressees=[(org.kv1, Role.LEAD), (org.kv1, Role.SUPPORT)])
    assert Directive.objects.count() == 0


def test_a_delegate_issues_on_behalf_of_the_chief(org):
    # Given the delegate holding DIRECT on KV2 under the Chief's delegation (in force today)
    directive = draft(
        org,
        "delegate",
        addressees=[(org.kv2, Role.LEAD)],
        deadline=org.today + dt.timedelta(days=30),
    )
    # When she issues the directive from the province today
    issue(org, directive, who="delegate", on=org.today)
    # Then it is issued by her on behalf of the Chief, under that delegation
    directive.refresh_from_db()
    assert (directive.issuer, directive.on_behalf_of, directive.delegation) == (
        org.delegate,
        org.chief,
        org.delegation,
    )
    entry = AuditEntry.objects.get(action="directives.directive.issue")
    assert (entry.actor_label, entry.on_behalf_of_label, entry.delegation_id) == (
        "Bùi Thị Ủy",
        "Trần Văn Trưởng",
        org.delegation.pk,
    )


def test_a_past_delegate_may_not_direct(org):
    with pytest.raises(Denied):
        draft(org, "past_delegate", addressees=[(org.kv2, Role.LEAD)])
    assert Directive.objects.count() == 0


# ---------------------------------------------------------------- sources


def test_a_document_source_needs_its_number_and_date(org):
    with pytest.raises(DirectiveError) as error:
        draft(org, source_number="")
    assert (error.value.message, error.value.field) == (
        "Chỉ đạo theo văn bản cần số và ngày của văn bản.",
        "source_number",
    )
    assert Directive.objects.count() == 0


def test_a_directive_can_come_from_a_programme_item_or_a_meeting(org):
    item = ProgrammeItem.objects.create(
        unit=org.province,
        year=2027,
        kind=ProgrammeItem.Kind.KEY_TASK,
        title="Nâng cao chất lượng tranh tụng",
    )
    from_item = draft(org, source_kind=Directive.SourceKind.PROGRAMME, programme_item=item)
    assert from_item.source_label == "Nâng cao chất lượng tranh tụng"
    meeting = draft(
        org,
        source_kind=Directive.SourceKind.MEETING,
        source_title="Kết luận giao ban tháng 1",
        source_date=D(2027, 1, 28),
        source_number="",
    )
    assert meeting.source_label == "Kết luận giao ban tháng 1 ngày 28/01/2027"
    with pytest.raises(DirectiveError, match="nội dung chương trình"):
        draft(org, source_kind=Directive.SourceKind.PROGRAMME, programme_item=None)


# ---------------------------------------------------------------- drafts, close, cancel


def test_editing_a_draft_from_an_old_page_is_refused(org):
    # Given a draft opened twice
    directive = draft(org)
    first, second = Directive.objects.get(pk=directive.pk), Directive.objects.get(pk=directive.pk)
    chief = authority_for(org.chief.user)
    # When the first save changes the title
    services.save_draft(
        data(org, title="Tiêu đề mới"),
        authority=chief,
        directive=first,
        expected_version=first.version,
    )
    # Then the second save from the old page is refused and the first is kept
    with pytest.raises(StaleEdit):
        services.save_draft(
            data(org, title="Tiêu đề khác"),
            authority=chief,
            directive=second,
            expected_version=second.version,
        )
    directive.refresh_from_db()
    assert directive.title == "Tiêu đề mới"


def test_an_issued_directive_is_not_issued_again(org):
    directive = issued(org)
    with pytest.raises(DirectiveError, match="đã được ban hành"):
        issue(org, directive)
    assert Task.objects.count() == 2


def test_cancel_cancels_open_tasks_and_needs_a_reason(org):
    directive = issued(org)
    chief = authority_for(org.chief.user)
    with pytest.raises(DirectiveError, match="lý do"):
        services.cancel_directive(
            directive, reason=" ", authority=chief, expected_version=directive.version
        )
    services.cancel_directive(
        directive, reason="Trùng nội dung", authority=chief, expected_version=directive.version
    )
    assert set(Task.objects.values_list("status", flat=True)) == {TaskStatus.CANCELLED}


def test_close_is_refused_while_a_unit_is_not_done(org):
    directive = issued(org)
    with pytest.raises(DirectiveError) as error:
        services.close_directive(
            directive, authority=authority_for(org.chief.user), expected_version=directive.version
        )
    assert error.value.message == "Còn 2 đơn vị chưa hoàn thành; chưa thể kết thúc chỉ đạo."
