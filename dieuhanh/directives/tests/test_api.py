"""Directives API: the same rules as the pages; errors are {"detail", "field"}; out of scope is
404, in scope without the right 403, a stale version 409; a refused write changes nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import ARCHETYPES
from dieuhanh.core.models import AuditEntry
from dieuhanh.directives import services
from dieuhanh.directives.models import (
    CompletionReport,
    Directive,
    ExtensionRequest,
    Notification,
    ProgressUpdate,
    ReminderSettings,
    Role,
    Task,
    TaskStatus,
)
from dieuhanh.directives.tests.factories import draft, issued
from dieuhanh.org.access import authority_for

A = ARCHETYPES  # unit_head, chief, peer, deputy, delegate, past_delegate, outsider, admin
STALE = (
    "Dữ liệu đã được người khác sửa sau khi bạn mở trang. "
    "Thay đổi của bạn chưa được lưu; hãy tải lại trang để xem bản mới rồi sửa lại."
)


def row(*statuses):
    assert len(statuses) == len(A)
    return dict(zip(A, statuses, strict=True))


def client_for(org, archetype):
    client = Client()
    client.force_login(getattr(org, archetype).user)
    return client


def post(client, address, body=None):
    return client.post(address, body or {}, content_type="application/json")


def put(client, address, body):
    return client.put(address, body, content_type="application/json")


def auth(org, who):
    return authority_for(getattr(org, who).user)


def fresh(task):
    return Task.objects.select_related("unit", "directive", "parent").get(pk=task.pk)


def task_of(directive, unit_code):
    return Task.objects.get(directive=directive, unit__code=unit_code, parent=None)


@pytest.fixture
def directive(org, settings, tmp_path):
    """Issued today by the Chief to KV1 (lead) and KV2 (support), due in 30 days."""
    settings.MEDIA_ROOT = tmp_path
    return issued(org, on=org.today, deadline=org.today + dt.timedelta(days=30))


def body(org, **overrides):
    values = {
        "issuing_unit": "tinh-thu",
        "title": "Kiểm tra việc tạm giữ",
        "content": "Kiểm tra toàn bộ người bị tạm giữ quá hạn.",
        "expected_result": "Báo cáo kết quả kiểm tra.",
        "accountable_id": org.deputy.pk,
        "source_kind": "meeting",
        "source_date": org.today.isoformat(),
        "source_title": "Giao ban tháng",
        "deadline": (org.today + dt.timedelta(days=20)).isoformat(),
        "lead_units": ["kv1"],
        "support_units": ["kv2"],
    }
    return values | overrides


# ---------------------------------------------------------------- reads


def test_my_tasks_lists_the_heads_unit_task_with_its_group(org, directive):
    response = client_for(org, "unit_head").get("/api/directives/tasks/mine")
    assert response.status_code == 200
    task = task_of(directive, "kv1")
    assert response.json() == [
        {
            "id": task.pk,
            "title": "Rà soát án tạm đình chỉ",
            "unit": "kv1",
            "unit_name": "VKSND khu vực 1",
            "role": "lead",
            "status": "open",
            "directive_id": directive.pk,
            "parent_id": None,
            "assignee_id": None,
            "assignee": None,
            "assigned_by": "Trần Văn Trưởng",
            "assigned_on": org.today.isoformat(),
            "deadline": (org.today + dt.timedelta(days=30)).isoformat(),
            "original_deadline": (org.today + dt.timedelta(days=30)).isoformat(),
            "completed_on": None,
            "progress": 0,
            "progress_rule": "Theo báo cáo của đơn vị",
            "group": "open_within",
            "version": 1,
        }
    ]


def test_a_directive_shows_every_addressed_unit(org, directive):
    response = client_for(org, "chief").get(f"/api/directives/{directive.pk}")
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["source"], data["accountable"], data["version"]) == (
        "issued",
        "Số 12/KH-VKS ngày 25/01/2027",
        "Lê Thị Phó",
        2,
    )
    assert data["counts"] == {
        "done_on_time": 0,
        "done_late": 0,
        "open_within": 2,
        "open_overdue": 0,
        "on_time_rate": None,
    }
    assert [(u["unit"], u["role"], u["status"], u["group"]) for u in data["units"]] == [
        ("kv1", "lead", "open", "open_within"),
        ("kv2", "support", "open", "open_within"),
    ]


def test_a_units_tasks_filter_by_role_group_and_name(org, directive):
    other = issued(
        org,
        on=org.today,
        title="Báo cáo chuyên đề",
        deadline=org.today + dt.timedelta(days=5),
        addressees=[(org.kv2, Role.LEAD), (org.kv1, Role.SUPPORT)],
    )
    client = client_for(org, "chief")

    def ids(**params):
        response = client.get("/api/directives/units/kv1/tasks", params)
        assert response.status_code == 200
        return [t["directive_id"] for t in response.json()]

    assert ids() == [other.pk, directive.pk]
    assert ids(role="lead") == [directive.pk]
    assert ids(q="chuyên đề") == [other.pk]
    assert ids(group="open_overdue") == []
    response = client.get("/api/directives/units/kv1/tasks", {"group": "khac"})
    assert (response.status_code, response.json()["field"]) == (422, "group")


def test_a_tasks_page_says_what_the_caller_may_do(org, directive):
    task = task_of(directive, "kv1")
    head = client_for(org, "unit_head").get(f"/api/directives/tasks/{task.pk}").json()
    assert head["actions"] == {
        "report_progress": True,
        "report_completion": True,
        "decide_completion": False,
        "request_extension": True,
        "decide_extension": False,
        "assign_subtask": True,
    }
    chief = client_for(org, "chief").get(f"/api/directives/tasks/{task.pk}").json()
    assert chief["actions"]["decide_completion"] is False  # nothing reported yet
    assert (chief["directive_title"], chief["subtasks"], chief["reports"]) == (
        "Rà soát án tạm đình chỉ",
        [],
        [],
    )


# ---------------------------------------------------------------- issuing


def test_a_complete_directive_is_issued_with_one_task_per_unit(org):
    response = post(client_for(org, "chief"), "/api/directives/", body(org))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["issued_on"], data["source"]) == (
        "issued",
        org.today.isoformat(),
        f"Giao ban tháng ngày {org.today:%d/%m/%Y}",
    )
    assert [(u["unit"], u["role"]) for u in data["units"]] == [("kv1", "lead"), ("kv2", "support")]
    assert Task.objects.count() == 2


def test_a_draft_is_saved_then_issued_with_its_version(org):
    client = client_for(org, "chief")
    saved = post(client, "/api/directives/", body(org, issue=False)).json()
    assert (saved["status"], saved["units"], saved["version"]) == ("draft", [], 1)
    stale = post(client, f"/api/directives/{saved['id']}/issue", {"version": 0})
    assert (stale.status_code, stale.json()) == (409, {"detail": STALE, "field": "version"})
    issued_now = post(client, f"/api/directives/{saved['id']}/issue", {"version": 1})
    assert (issued_now.status_code, issued_now.json()["status"]) == (200, "issued")


@pytest.mark.parametrize(
    ("overrides", "field", "detail"),
    [
        (
            {"lead_units": [], "support_units": ["kv1"], "expected_result": ""},
            "addressees",
            "Chưa đủ “5 rõ”, chưa thể ban hành: Chưa rõ người: chưa có đơn vị chủ trì; "
            "Chưa rõ kết quả: chưa nêu kết quả, sản phẩm phải đạt.",
        ),
        (
            {"title": ""},
            "title",
            "Chưa đủ “5 rõ”, chưa thể ban hành: "
            "Chưa rõ việc: chưa có tên nhiệm vụ và nội dung công việc.",
        ),
        (
            {"deadline": None},
            "deadline",
            "Chưa đủ “5 rõ”, chưa thể ban hành: Chưa rõ thời gian: chưa có thời hạn hoàn thành.",
        ),
        (
            {"accountable_id": None},
            "accountable",
            "Chưa đủ “5 rõ”, chưa thể ban hành: "
            "Chưa rõ trách nhiệm: chưa có lãnh đạo chịu trách nhiệm.",
        ),
    ],
)
def test_a_directive_missing_a_point_of_five_clear_is_refused_and_nothing_saved(
    org, overrides, field, detail
):
    response = post(client_for(org, "chief"), "/api/directives/", body(org, **overrides))
    assert response.status_code == 400
    assert response.json() == {"detail": detail, "field": field}
    assert (Directive.objects.count(), Task.objects.count()) == (0, 0)


def test_a_deadline_before_the_issue_date_is_refused(org):
    yesterday = (org.today - dt.timedelta(days=1)).isoformat()
    response = post(client_for(org, "chief"), "/api/directives/", body(org, deadline=yesterday))
    assert response.json() == {
        "detail": f"Thời hạn {org.today - dt.timedelta(days=1):%d/%m/%Y} trước ngày ban hành "
        f"{org.today:%d/%m/%Y}.",
        "field": "deadline",
    }
    assert Directive.objects.count() == 0


def test_units_outside_the_issuers_scope(org):
    # The delegate directs KV2 for the Chief and sees Phòng 1, where they work, but may not
    # direct it
    delegate = client_for(org, "delegate")
    refused = post(
        delegate,
        "/api/directives/",
        body(org, lead_units=["kv2"], support_units=["phong-1"], accountable_id=org.peer.pk),
    )
    assert refused.json() == {
        "detail": "Đơn vị “Phòng 1” nằm ngoài phạm vi chỉ đạo của bạn; không thể giao nhiệm vụ.",
        "field": "addressees",
    }
    # A unit under another unit cannot be addressed from it
    deputy = client_for(org, "deputy")
    other_branch = post(deputy, "/api/directives/", body(org, issuing_unit="kv1"))
    assert other_branch.json() == {
        "detail": "Đơn vị “VKSND khu vực 2” không trực thuộc “VKSND khu vực 1”.",
        "field": "addressees",
    }
    # Issuing in the name of a unit one does not direct
    not_theirs = post(deputy, "/api/directives/", body(org, issuing_unit="kv2"))
    assert not_theirs.json() == {
        "detail": "Bạn không có quyền chỉ đạo nhân danh đơn vị mã “kv2”.",
        "field": "issuing_unit",
    }
    # A unit the caller cannot see does not exist for them
    hidden = post(client_for(org, "unit_head"), "/api/directives/", body(org, issuing_unit="kv1"))
    assert hidden.status_code == 404
    assert Directive.objects.count() == 0
    # Within their scope, the delegate issues on the Chief's behalf
    allowed = post(
        delegate,
        "/api/directives/",
        body(org, lead_units=["kv2"], support_units=[], accountable_id=org.peer.pk),
    )
    assert (allowed.status_code, allowed.json()["on_behalf_of"]) == (201, "Trần Văn Trưởng")


# ---------------------------------------------------------------- tasks


def test_progress_with_a_stale_version_is_409_and_the_first_save_kept(org, directive):
    task = task_of(directive, "kv1")
    client = client_for(org, "unit_head")
    first = post(client, f"/api/directives/tasks/{task.pk}/progress", {"version": 1, "percent": 40})
    assert (first.status_code, first.json()["progress"], first.json()["version"]) == (200, 40, 2)
    second = post(
        client, f"/api/directives/tasks/{task.pk}/progress", {"version": 1, "percent": 70}
    )
    assert (second.status_code, second.json()) == (409, {"detail": STALE, "field": "version"})
    assert fresh(task).progress == 40
    bad = post(client, f"/api/directives/tasks/{task.pk}/progress", {"version": 2, "percent": 101})
    assert (bad.status_code, bad.json()["field"]) == (422, "percent")


def test_completion_is_reported_then_returned_then_accepted(org, directive):
    task = task_of(directive, "kv1")
    head, chief = client_for(org, "unit_head"), client_for(org, "chief")
    reported = post(
        head, f"/api/directives/tasks/{task.pk}/completion", {"version": 1, "note": "Xong"}
    )
    assert reported.json()["status"] == "reported"
    version = reported.json()["version"]
    no_reason = post(
        chief, f"/api/directives/tasks/{task.pk}/decision", {"version": version, "accept": False}
    )
    assert no_reason.json() == {"detail": "Hãy nêu lý do trả lại.", "field": "reason"}
    returned = post(
        chief,
        f"/api/directives/tasks/{task.pk}/decision",
        {"version": version, "accept": False, "reason": "Thiếu danh sách"},
    )
    assert (returned.json()["status"], returned.json()["reports"][0]["decision"]) == (
        "returned",
        "returned",
    )
    again = post(
        head, f"/api/directives/tasks/{task.pk}/completion", {"version": returned.json()["version"]}
    )
    accepted = post(
        chief,
        f"/api/directives/tasks/{task.pk}/decision",
        {"version": again.json()["version"], "accept": True},
    )
    data = accepted.json()
    assert (data["status"], data["progress"], data["group"], data["completed_on"]) == (
        "done",
        100,
        "done_on_time",
        org.today.isoformat(),
    )
    assert [r["decision"] for r in data["reports"]] == ["accepted", "returned"]


def test_accepting_ones_own_completion_report_is_refused(org):
    # The Chief reports the province's own task complete and may not accept it himself
    directive = issued(
        org,
        on=org.today,
        deadline=org.today + dt.timedelta(days=3),
        addressees=[(org.province, Role.LEAD)],
    )
    task = task_of(directive, "tinh-thu")
    chief = client_for(org, "chief")
    version = post(chief, f"/api/directives/tasks/{task.pk}/completion", {"version": 1}).json()[
        "version"
    ]
    response = post(
        chief, f"/api/directives/tasks/{task.pk}/decision", {"version": version, "accept": True}
    )
    assert response.json() == {
        "detail": "Không được tự nghiệm thu báo cáo hoàn thành của chính mình.",
        "field": "decision",
    }
    assert fresh(task).status == TaskStatus.REPORTED


def test_an_extension_keeps_the_original_deadline_and_a_closed_task_cannot_be_extended(
    org, directive
):
    task = task_of(directive, "kv1")
    head, chief = client_for(org, "unit_head"), client_for(org, "chief")
    proposed = directive.deadline + dt.timedelta(days=14)
    requested = post(
        head,
        f"/api/directives/tasks/{task.pk}/extensions",
        {"proposed_date": proposed.isoformat(), "reason": "Chờ giám định"},
    )
    assert requested.status_code == 201
    assert (requested.json()["status"], requested.json()["previous_deadline"]) == (
        "pending",
        directive.deadline.isoformat(),
    )
    decided = post(
        chief, f"/api/directives/extensions/{requested.json()['id']}/decision", {"approve": True}
    )
    assert (decided.json()["status"], decided.json()["decided_by"]) == (
        "approved",
        "Trần Văn Trưởng",
    )
    task = fresh(task)
    assert (task.deadline, task.original_deadline) == (proposed, directive.deadline)
    # Once done, an extension is refused
    services.report_completion(
        task, authority=auth(org, "unit_head"), expected_version=task.version
    )
    task = fresh(task)
    services.accept_completion(task, authority=auth(org, "chief"), expected_version=task.version)
    refused = post(
        head,
        f"/api/directives/tasks/{task.pk}/extensions",
        {"proposed_date": (proposed + dt.timedelta(days=5)).isoformat(), "reason": "Thêm"},
    )
    assert refused.json() == {
        "detail": "Nhiệm vụ “Rà soát án tạm đình chỉ” đang ở trạng thái “Đã hoàn thành”; "
        "không thể gia hạn.",
        "field": "status",
    }
    assert ExtensionRequest.objects.count() == 1


def test_a_subtask_is_assigned_then_edited_with_its_version(org, directive):
    task = task_of(directive, "kv1")
    head = client_for(org, "unit_head")
    deadline = (org.today + dt.timedelta(days=10)).isoformat()
    created = post(
        head,
        f"/api/directives/tasks/{task.pk}/subtasks",
        {"assignee_id": org.prosecutor.pk, "title": "Lập danh sách", "deadline": deadline},
    )
    assert created.status_code == 201
    sub = created.json()
    assert (sub["parent_id"], sub["assignee"], sub["unit"], sub["version"]) == (
        task.pk,
        "Đỗ Thị Kiểm",
        "kv1",
        1,
    )
    edit = {"assignee_id": org.prosecutor.pk, "title": "Lập danh sách vụ án", "deadline": deadline}
    first = put(head, f"/api/directives/tasks/{sub['id']}", edit | {"version": 1})
    assert (first.status_code, first.json()["title"]) == (200, "Lập danh sách vụ án")
    second = put(head, f"/api/directives/tasks/{sub['id']}", edit | {"version": 1, "title": "Khác"})
    assert second.status_code == 409
    # Someone who is not KV1's staff cannot be given the work
    outsider = post(
        client_for(org, "chief"),
        f"/api/directives/tasks/{task.pk}/subtasks",
        {"assignee_id": org.peer.pk, "title": "Việc", "deadline": deadline},
    )
    assert outsider.json() == {
        "detail": "Hoàng Văn Bên không phải cán bộ của “VKSND khu vực 1”; "
        "chỉ giao việc cho cán bộ đơn vị.",
        "field": "assignee",
    }


# ---------------------------------------------------------------- follow-up


def test_reminder_settings_inherit_then_are_set_with_their_version(org):
    head = client_for(org, "unit_head")
    inherited = head.get("/api/directives/units/kv1/reminder-settings").json()
    assert inherited == {
        "unit": "kv1",
        "own": False,
        "inherited_from": None,
        "version": 0,
        "days_before": 3,
        "on_the_day": True,
        "repeat_every": 3,
        "escalate_head_after": 3,
        "escalate_issuer_after": 7,
        "email": True,
    }
    new = inherited | {"days_before": 5, "escalate_issuer_after": 10}
    saved = put(head, "/api/directives/units/kv1/reminder-settings", new)
    assert (saved.status_code, saved.json()["own"], saved.json()["version"]) == (200, True, 1)
    stale = put(head, "/api/directives/units/kv1/reminder-settings", new)
    assert stale.status_code == 409
    team = head.get("/api/directives/units/kv1-to1/reminder-settings").json()
    assert (team["own"], team["inherited_from"], team["days_before"]) == (False, "kv1", 5)
    wrong = put(
        head,
        "/api/directives/units/kv1/reminder-settings",
        new | {"version": 1, "escalate_issuer_after": 2},
    )
    assert (wrong.status_code, wrong.json()["field"]) == (400, "escalate_issuer_after")


def test_the_inbox_counts_unread_and_marks_read(org, directive):
    services.send_reminders(on=directive.deadline)
    head = client_for(org, "unit_head")
    inbox = head.get("/api/directives/notifications").json()
    assert inbox["unread"] == 1
    [item] = inbox["items"]
    assert (item["kind"], item["read_at"]) == ("due_today", None)
    read = post(head, f"/api/directives/notifications/{item['id']}/read")
    assert read.json()["read_at"] is not None
    assert head.get("/api/directives/notifications", {"unread_only": True}).json() == {
        "unread": 0,
        "items": [],
    }
    # Another person's notification does not exist for the caller
    assert (
        post(
            client_for(org, "peer"), f"/api/directives/notifications/{item['id']}/read"
        ).status_code
        == 404
    )


def test_timeliness_by_unit_for_a_period(org, directive):
    # Given KV1 completed on time and KV2 still open within its deadline
    task = fresh(task_of(directive, "kv1"))
    services.report_completion(
        task, authority=auth(org, "unit_head"), expected_version=task.version
    )
    task = fresh(task)
    services.accept_completion(task, authority=auth(org, "chief"), expected_version=task.version)
    deadline = directive.deadline
    period = f"m-{deadline.year}-{deadline.month:02d}"
    data = client_for(org, "chief").get("/api/directives/timeliness", {"period": period}).json()
    assert (data["unit"], data["period"], data["on"], data["basis"]) == (
        "tinh-thu",
        period,
        org.today.isoformat(),
        "current",
    )
    assert data["total"] == {
        "done_on_time": 1,
        "done_late": 0,
        "open_within": 1,
        "open_overdue": 0,
        "on_time_rate": "100.0",
    }
    rows = {
        r["unit"]: (r["counts"]["done_on_time"], r["counts"]["open_within"]) for r in data["units"]
    }
    assert rows == {"phong-1": (0, 0), "kv1": (1, 0), "kv2": (0, 1)}
    bad = client_for(org, "chief").get("/api/directives/timeliness", {"period": "x-1"})
    assert (bad.status_code, bad.json()["field"]) == (400, "period")


# ---------------------------------------------------------------- permission matrix

#                            unit_head chief peer deputy delegate past outsider admin
MATRIX = {
    "get_mine":            row(200, 200, 200, 200, 200, 200, 200, 200),
    "get_unit_tasks_kv1":  row(200, 200, 404, 200, 404, 404, 404, 200),
    "get_task_kv1":        row(200, 200, 404, 200, 404, 404, 404, 200),
    "get_list":            row(200, 200, 200, 200, 200, 200, 200, 200),
    "get_directive":       row(200, 200, 200, 200, 200, 404, 404, 200),
    "create_kv2":          row(404, 201, 201, 400, 201, 403, 403, 201),
    "issue_draft":         row(404, 200, 404, 404, 404, 404, 404, 200),
    "progress_kv1":        row(200, 200, 404, 200, 404, 404, 404, 200),
    "completion_kv1":      row(200, 200, 404, 200, 404, 404, 404, 200),
    "decide_reported":     row(403, 200, 404, 403, 404, 404, 404, 403),
    "extension_kv1":       row(201, 201, 404, 201, 404, 404, 404, 201),
    "decide_extension":    row(404, 200, 403, 403, 200, 404, 404, 403),
    "subtask_kv1":         row(201, 201, 404, 201, 404, 404, 404, 201),
    "update_subtask":      row(200, 200, 404, 200, 404, 404, 404, 200),
    "get_timeliness":      row(200, 200, 200, 200, 200, 200, 404, 200),
    "get_settings_kv1":    row(200, 200, 404, 200, 404, 404, 404, 200),
    "put_settings_kv1":    row(200, 200, 404, 200, 404, 404, 404, 200),
    "get_notifications":   row(200, 200, 200, 200, 200, 200, 200, 200),
    "read_notification":   row(200, 404, 404, 404, 404, 404, 404, 404),
    "read_all":            row(200, 200, 200, 200, 200, 200, 200, 200),
}  # fmt: skip


@pytest.fixture
def world(org, directive):
    """Everything the endpoints act on: a pending report, a pending extension, a sub-task,
    a draft and a notification."""
    later = org.today + dt.timedelta(days=20)
    only_kv1 = [(org.kv1, Role.LEAD)]
    reported = issued(org, on=org.today, title="Đã báo cáo", deadline=later, addressees=only_kv1)
    task = task_of(reported, "kv1")
    services.report_completion(task, authority=auth(org, "unit_head"), expected_version=1)
    extension = services.request_extension(
        fresh(task_of(directive, "kv2")),
        reason="Chờ giám định",
        proposed_date=directive.deadline + dt.timedelta(days=10),
        authority=auth(org, "peer"),
    )
    with_subtask = issued(
        org, on=org.today, title="Có việc giao", deadline=later, addressees=only_kv1
    )
    subtask = services.assign_subtask(
        fresh(task_of(with_subtask, "kv1")),
        assignee=org.prosecutor,
        title="Lập danh sách",
        deadline=later,
        authority=auth(org, "unit_head"),
    )
    notification = Notification.objects.create(
        recipient=org.unit_head.user,
        kind=Notification.Kind.DUE_TODAY,
        task=task_of(directive, "kv1"),
        occurrence=org.today,
        text="Nhiệm vụ đến hạn hôm nay.",
    )
    return {
        "directive": directive,
        "kv1": task_of(directive, "kv1"),
        "reported": fresh(task),
        "extension": extension,
        "subtask": subtask,
        "draft": draft(org, title="Dự thảo", deadline=later),
        "notification": notification,
    }


def state():
    return (
        list(Task.objects.order_by("pk").values_list("pk", "status", "version", "deadline")),
        list(Directive.objects.order_by("pk").values_list("pk", "status", "version")),
        ProgressUpdate.objects.count(),
        list(CompletionReport.objects.values_list("pk", "decision")),
        list(ExtensionRequest.objects.values_list("pk", "status")),
        list(Notification.objects.values_list("pk", "read_at")),
        list(ReminderSettings.objects.values_list("unit_id", "version")),
        AuditEntry.objects.count(),
    )


def call(name, client, org, w):
    later = (org.today + dt.timedelta(days=10)).isoformat()
    kv1 = w["kv1"].pk
    settings_body = {
        "version": 0,
        "days_before": 2,
        "on_the_day": True,
        "repeat_every": 1,
        "escalate_head_after": 2,
        "escalate_issuer_after": 5,
        "email": False,
    }
    base = "/api/directives"
    return {
        "get_mine": lambda: client.get(f"{base}/tasks/mine"),
        "get_unit_tasks_kv1": lambda: client.get(f"{base}/units/kv1/tasks"),
        "get_task_kv1": lambda: client.get(f"{base}/tasks/{kv1}"),
        "get_list": lambda: client.get(f"{base}/"),
        "get_directive": lambda: client.get(f"{base}/{w['directive'].pk}"),
        "create_kv2": lambda: post(
            client,
            f"{base}/",
            body(
                org,
                issuing_unit="kv2",
                lead_units=["kv2"],
                support_units=[],
                accountable_id=org.peer.pk,
            ),
        ),
        "issue_draft": lambda: post(client, f"{base}/{w['draft'].pk}/issue", {"version": 1}),
        "progress_kv1": lambda: post(
            client, f"{base}/tasks/{kv1}/progress", {"version": 1, "percent": 30}
        ),
        "completion_kv1": lambda: post(client, f"{base}/tasks/{kv1}/completion", {"version": 1}),
        "decide_reported": lambda: post(
            client,
            f"{base}/tasks/{w['reported'].pk}/decision",
            {"version": w["reported"].version, "accept": True},
        ),
        "extension_kv1": lambda: post(
            client,
            f"{base}/tasks/{kv1}/extensions",
            {
                "proposed_date": (w["directive"].deadline + dt.timedelta(days=3)).isoformat(),
                "reason": "Chờ kết quả",
            },
        ),
        "decide_extension": lambda: post(
            client, f"{base}/extensions/{w['extension'].pk}/decision", {"approve": True}
        ),
        "subtask_kv1": lambda: post(
            client,
            f"{base}/tasks/{kv1}/subtasks",
            {"assignee_id": org.prosecutor.pk, "title": "Việc mới", "deadline": later},
        ),
        "update_subtask": lambda: put(
            client,
            f"{base}/tasks/{w['subtask'].pk}",
            {"version": 1, "assignee_id": org.prosecutor.pk, "title": "Sửa", "deadline": later},
        ),
        "get_timeliness": lambda: client.get(f"{base}/timeliness"),
        "get_settings_kv1": lambda: client.get(f"{base}/units/kv1/reminder-settings"),
        "put_settings_kv1": lambda: put(
            client, f"{base}/units/kv1/reminder-settings", settings_body
        ),
        "get_notifications": lambda: client.get(f"{base}/notifications"),
        "read_notification": lambda: post(
            client, f"{base}/notifications/{w['notification'].pk}/read"
        ),
        "read_all": lambda: post(client, f"{base}/notifications/read-all"),
    }[name]()


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_endpoint_matrix_and_nothing_changes_on_denial(org, world, endpoint, archetype):
    before = state()
    response = call(endpoint, client_for(org, archetype), org, world)
    expected = MATRIX[endpoint][archetype]
    assert response.status_code == expected, response.content.decode()[:1000]
    changes = expected < 400 and not endpoint.startswith("get_")
    if endpoint == "read_all":
        changes = archetype == "unit_head"
    if expected >= 400:
        assert set(response.json()) <= {"detail", "field"}
    assert (state() != before) == changes


def test_anonymous_is_401(org, directive):
    assert Client().get("/api/directives/tasks/mine").status_code == 401
    assert post(Client(), "/api/directives/", {}).status_code == 401


# ---------------------------------------------------------------- query budgets


def _count(client, address, params=None):
    client.get(address, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address, params or {})
    assert response.status_code == 200
    return len(captured)


def test_api_queries_do_not_grow_with_the_data(org, directive):
    client = client_for(org, "chief")
    head = client_for(org, "unit_head")
    task = task_of(directive, "kv1")

    def measure():
        return {
            "mine": _count(head, "/api/directives/tasks/mine"),
            "unit": _count(client, "/api/directives/units/kv1/tasks"),
            "list": _count(client, "/api/directives/"),
            "directive": _count(client, f"/api/directives/{directive.pk}"),
            "task": _count(client, f"/api/directives/tasks/{task.pk}"),
            "timeliness": _count(client, "/api/directives/timeliness"),
            "inbox": _count(head, "/api/directives/notifications"),
        }

    one = measure()
    for index in range(9):
        issued(
            org,
            on=org.today,
            title=f"Chỉ đạo {index}",
            deadline=org.today + dt.timedelta(days=20),
            addressees=[(org.kv1, Role.LEAD), (org.kv2, Role.SUPPORT), (org.team, Role.SUPPORT)],
        )
        services.assign_subtask(
            fresh(task),
            assignee=org.prosecutor,
            title=f"Việc {index}",
            deadline=org.today + dt.timedelta(days=5),
            authority=auth(org, "unit_head"),
        )
    services.send_reminders(on=org.today + dt.timedelta(days=5))
    assert measure() == one


def test_each_choice_list_has_its_own_name_in_the_schema(db):
    # The models' nested enums share names (Status, Kind…); the schema gives each its own
    schemas = Client().get("/api/openapi.json").json()["components"]["schemas"]
    expected = {
        "DirectiveStatus": Directive.Status.values,
        "DirectivePriority": Directive.Priority.values,
        "SourceKind": Directive.SourceKind.values,
        "DeadlineKind": Directive.DeadlineKind.values,
        "ReportDecision": CompletionReport.Decision.values,
        "ExtensionStatus": ExtensionRequest.Status.values,
        "NotificationKind": Notification.Kind.values,
        "TaskStatus": TaskStatus.values,
        "Role": Role.values,
        "Kind": ["key_task", "breakthrough"],  # the programme's, untouched
    }
    assert {name: schemas[name]["enum"] for name in expected} == expected
    assert schemas["ExtensionOut"]["properties"]["status"] == {
        "$ref": "#/components/schemas/ExtensionStatus"
    }
