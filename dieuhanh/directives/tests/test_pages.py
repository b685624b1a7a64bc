"""Directive and task pages: who sees what, who may act, what changes, fixed query counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import ARCHETYPES
from dieuhanh.directives import services
from dieuhanh.directives.models import (
    CompletionReport,
    ExtensionRequest,
    ProgressUpdate,
    Role,
    Task,
    TaskStatus,
)
from dieuhanh.directives.tests.factories import issued
from dieuhanh.org.access import authority_for


def url(name, **kwargs):
    return reverse(f"directives:{name}", kwargs=kwargs)


@pytest.fixture
def directive(org, settings, tmp_path):
    """Issued today by the Chief to KV1 (lead) and KV2 (support), due in 30 days."""
    settings.MEDIA_ROOT = tmp_path
    return issued(org, on=org.today, deadline=org.today + dt.timedelta(days=30))


def kv1_task(directive):
    return Task.objects.get(directive=directive, unit__code="kv1")


#             unit_head chief peer deputy delegate past outsider admin
MATRIX = {
    "my_tasks": [200, 200, 200, 200, 200, 200, 200, 200],
    "list": [200, 200, 200, 200, 200, 200, 200, 200],
    "directive": [200, 200, 200, 200, 200, 404, 404, 200],
    "task_kv1": [200, 200, 404, 200, 404, 404, 404, 200],
    "unit_tasks_kv1": [200, 200, 404, 200, 404, 404, 404, 200],
}


def page_url(page, directive):
    return {
        "my_tasks": url("my_tasks"),
        "list": url("list"),
        "directive": url("directive", pk=directive.pk),
        "task_kv1": url("task", pk=kv1_task(directive).pk),
        "unit_tasks_kv1": url("unit_tasks", code="kv1"),
    }[page]


@pytest.mark.parametrize("archetype", ARCHETYPES)
@pytest.mark.parametrize("page", list(MATRIX))
def test_page_matrix(client, org, directive, page, archetype):
    client.force_login(getattr(org, archetype).user)
    response = client.get(page_url(page, directive))
    assert response.status_code == MATRIX[page][ARCHETYPES.index(archetype)]


#                     unit_head chief peer deputy delegate past outsider admin
DECIDE_MATRIX = [403, 302, 404, 403, 404, 404, 404, 403]


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_only_the_assigner_accepts_a_completion_report(client, org, directive, archetype):
    # Given KV1's head reported KV1's task complete
    task = kv1_task(directive)
    services.report_completion(
        task, authority=authority_for(org.unit_head.user), expected_version=task.version
    )
    task.refresh_from_db()
    # When each archetype posts an acceptance
    client.force_login(getattr(org, archetype).user)
    response = client.post(
        url("task_decide", pk=task.pk), {"version": task.version, "decision": "accept"}
    )
    # Then only the Chief (who assigned it) succeeds; for others nothing changed
    expected = DECIDE_MATRIX[ARCHETYPES.index(archetype)]
    assert response.status_code == expected
    task.refresh_from_db()
    report = CompletionReport.objects.get(task=task)
    if expected == 302:
        assert (task.status, report.decision) == (TaskStatus.DONE, "accepted")
    else:
        assert (task.status, report.decision) == (TaskStatus.REPORTED, "pending")


#                       unit_head chief peer deputy delegate past outsider admin
PROGRESS_MATRIX = [302, 302, 404, 302, 404, 404, 404, 302]


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_progress_is_reported_by_those_who_report_for_the_unit(client, org, directive, archetype):
    task = kv1_task(directive)
    client.force_login(getattr(org, archetype).user)
    response = client.post(
        url("task_progress", pk=task.pk), {"version": task.version, "percent": 30, "note": ""}
    )
    expected = PROGRESS_MATRIX[ARCHETYPES.index(archetype)]
    assert response.status_code == expected
    task.refresh_from_db()
    assert task.progress == (30 if expected == 302 else 0)
    assert ProgressUpdate.objects.count() == (1 if expected == 302 else 0)


def test_the_journey_through_the_pages(client, org, directive):
    task = kv1_task(directive)
    # The head of KV1 assigns work to a prosecutor
    client.force_login(org.unit_head.user)
    response = client.post(
        url("subtask_create", pk=task.pk),
        {
            "assignee": org.prosecutor.pk,
            "title": "Lập danh sách vụ án",
            "deadline": (org.today + dt.timedelta(days=10)).strftime("%d/%m/%Y"),
            "note": "",
        },
    )
    assert response.status_code == 302
    subtask = Task.objects.get(parent=task)
    # The prosecutor sees it in "my tasks", reports 100% with a file, then completion
    client.force_login(org.prosecutor.user)
    assert [t.pk for t, _g, _p in client.get(url("my_tasks")).context["rows"]] == [subtask.pk]
    response = client.post(
        url("task_progress", pk=subtask.pk),
        {
            "version": subtask.version,
            "percent": 100,
            "note": "Đã lập xong",
            "file": SimpleUploadedFile("danh-sach.txt", b"12 vu an"),
        },
    )
    assert response.status_code == 302
    subtask.refresh_from_db()
    client.post(url("task_complete", pk=subtask.pk), {"version": subtask.version, "note": "Xong"})
    # The head accepts it; the unit task then shows 100% from its one sub-task
    client.force_login(org.unit_head.user)
    subtask.refresh_from_db()
    response = client.post(
        url("task_decide", pk=subtask.pk), {"version": subtask.version, "decision": "accept"}
    )
    assert response.status_code == 302
    page = client.get(url("task", pk=task.pk)).context["page"]
    assert (page.progress.percent, page.progress.rule) == (
        100,
        "Trung bình của 1 việc giao cho cán bộ",
    )
    # The head reports the unit's completion; the Chief accepts; the directive page changes
    task.refresh_from_db()
    client.post(url("task_complete", pk=task.pk), {"version": task.version, "note": "Hoàn thành"})
    client.force_login(org.chief.user)
    task.refresh_from_db()
    client.post(url("task_decide", pk=task.pk), {"version": task.version, "decision": "accept"})
    rows = client.get(url("directive", pk=directive.pk)).context["page"].rows
    assert [(r.task.unit.code, r.task.status, r.group) for r in rows] == [
        ("kv1", TaskStatus.DONE, "done_on_time"),
        ("kv2", TaskStatus.OPEN, "open_within"),
    ]


def test_a_returned_report_needs_a_reason_shown_next_to_the_field(client, org, directive):
    task = kv1_task(directive)
    services.report_completion(
        task, authority=authority_for(org.unit_head.user), expected_version=task.version
    )
    task.refresh_from_db()
    client.force_login(org.chief.user)
    response = client.post(
        url("task_decide", pk=task.pk), {"version": task.version, "decision": "return"}
    )
    assert response.status_code == 200
    assert response.context["decision_form"].errors == {"reason": ["Hãy nêu lý do trả lại."]}
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED


def test_a_stale_form_is_refused_and_the_first_save_kept(client, org, directive):
    task = kv1_task(directive)
    old_version = task.version
    client.force_login(org.unit_head.user)
    client.post(url("task_progress", pk=task.pk), {"version": old_version, "percent": 40})
    response = client.post(
        url("task_progress", pk=task.pk), {"version": old_version, "percent": 70}
    )
    assert response.status_code == 200
    assert "đã được người khác sửa" in str(response.context["progress_form"].errors)
    task.refresh_from_db()
    assert task.progress == 40


def test_an_extension_is_requested_and_decided_through_the_pages(client, org, directive):
    task = kv1_task(directive)
    client.force_login(org.unit_head.user)
    proposed = directive.deadline + dt.timedelta(days=14)
    client.post(
        url("task_extension", pk=task.pk),
        {"proposed_date": proposed.strftime("%d/%m/%Y"), "reason": "Chờ giám định"},
    )
    extension = ExtensionRequest.objects.get()
    client.force_login(org.chief.user)
    response = client.post(url("extension_decide", pk=extension.pk), {"approve": "1", "note": ""})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.deadline, task.original_deadline) == (proposed, directive.deadline)


def test_a_units_tasks_filter_by_group(client, org, directive):
    client.force_login(org.chief.user)
    response = client.get(url("unit_tasks", code="kv1") + "?group=open_overdue")
    assert response.context["rows"] == []
    response = client.get(url("unit_tasks", code="kv1") + "?group=open_within")
    assert [t.unit.code for t, _g, _p in response.context["rows"]] == ["kv1"]


def _count(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_page_queries_do_not_grow_with_the_data(client, org, directive):
    client.force_login(org.chief.user)
    task = kv1_task(directive)

    def measure():
        return {
            "my_tasks": _count(client, url("my_tasks")),
            "list": _count(client, url("list")),
            "directive": _count(client, url("directive", pk=directive.pk)),
            "task": _count(client, url("task", pk=task.pk)),
            "unit_tasks": _count(client, url("unit_tasks", code="kv1")),
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
    for index in range(9):
        services.assign_subtask(
            task,
            assignee=org.prosecutor,
            title=f"Việc {index}",
            deadline=org.today + dt.timedelta(days=5),
            authority=authority_for(org.unit_head.user),
        )
    assert measure() == one
