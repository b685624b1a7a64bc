"""Follow-up pages: the inbox and its bell, reminder settings, the calendar and timeliness by
unit — who sees what, who may change what, nothing changed on denial, fixed query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import ARCHETYPES
from dieuhanh.core.models import AuditEntry
from dieuhanh.directives import services
from dieuhanh.directives.models import Notification, ReminderSettings, Role, Task
from dieuhanh.directives.tests.factories import issued
from dieuhanh.org.access import authority_for


def url(name, **kwargs):
    return reverse(f"directives:{name}", kwargs=kwargs)


@pytest.fixture
def directive(org, settings, tmp_path):
    """Issued today by the Chief to KV1 (lead) and KV2 (support), due in 30 days; the
    reminders of its deadline day are in the heads' inboxes."""
    settings.MEDIA_ROOT = tmp_path
    directive = issued(org, on=org.today, deadline=org.today + dt.timedelta(days=30))
    services.send_reminders(on=directive.deadline)
    return directive


#                    unit_head chief peer deputy delegate past outsider admin
MATRIX = {
    "inbox": [200, 200, 200, 200, 200, 200, 200, 200],
    "calendar": [200, 200, 200, 200, 200, 200, 200, 200],
    "timeliness": [200, 200, 200, 200, 200, 200, 404, 200],
    "timeliness_kv1": [200, 200, 404, 200, 404, 404, 404, 200],
    "settings_kv1": [200, 200, 404, 200, 404, 404, 404, 200],
}


def page_url(page):
    return {
        "inbox": url("inbox"),
        "calendar": url("calendar"),
        "timeliness": url("timeliness"),
        "timeliness_kv1": url("timeliness") + "?unit=kv1",
        "settings_kv1": url("reminder_settings", code="kv1"),
    }[page]


@pytest.mark.parametrize("archetype", ARCHETYPES)
@pytest.mark.parametrize("page", list(MATRIX))
def test_page_matrix(client, org, directive, page, archetype):
    client.force_login(getattr(org, archetype).user)
    response = client.get(page_url(page))
    assert response.status_code == MATRIX[page][ARCHETYPES.index(archetype)]


def test_anonymous_users_are_sent_to_log_in(client, org):
    for page in MATRIX:
        response = client.get(page_url(page))
        assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


# ---------------------------------------------------------------- inbox and bell


def test_the_bell_shows_the_unread_count_and_reading_clears_it(client, org, directive):
    client.force_login(org.unit_head.user)
    response = client.get(url("my_tasks"))
    assert response.context["unread_notifications"] == 1
    bell = response.content.decode().split('data-testid="inbox-bell"')[1].split("</a>")[0]
    assert '<span class="badge rounded-pill text-bg-danger">1</span>' in bell
    inbox = client.get(url("inbox"))
    [notification] = inbox.context["page"].object_list
    assert notification.text == (
        f"Nhiệm vụ “Rà soát án tạm đình chỉ” (KV1) đến hạn hôm nay, {directive.deadline:%d/%m/%Y}."
    )
    response = client.post(
        url("notification_read", pk=notification.pk),
        {"next": url("task", pk=notification.task_id)},
    )
    assert response.url == url("task", pk=notification.task_id)
    assert client.get(url("my_tasks")).context["unread_notifications"] == 0
    assert "text-bg-danger" not in client.get(url("inbox")).content.decode().split("</nav>")[0]


def test_one_cannot_read_anothers_notification(client, org, directive):
    notification = Notification.objects.get(recipient=org.unit_head.user)
    client.force_login(org.peer.user)
    assert client.post(url("notification_read", pk=notification.pk)).status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None
    # An outside address in "next" is not followed
    mine = Notification.objects.get(recipient=org.peer.user)
    response = client.post(url("notification_read", pk=mine.pk), {"next": "https://example.com/"})
    assert response.url == url("inbox")


def test_read_all_marks_only_ones_own(client, org, directive):
    client.force_login(org.peer.user)
    client.post(url("notifications_read_all"))
    assert list(
        Notification.objects.filter(read_at__isnull=True).values_list("recipient", flat=True)
    ) == [org.unit_head.user_id]


# ---------------------------------------------------------------- reminder settings

#                unit_head chief peer deputy delegate past outsider admin
SETTINGS_POST = [302, 302, 404, 302, 404, 404, 404, 302]


def settings_form(**overrides):
    values = {
        "version": 0,
        "days_before": 5,
        "on_the_day": "on",
        "repeat_every": 2,
        "escalate_head_after": 2,
        "escalate_issuer_after": 6,
    }
    return values | overrides


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_whoever_directs_the_unit_sets_its_reminders(client, org, archetype):
    client.force_login(getattr(org, archetype).user)
    audit = AuditEntry.objects.count()
    response = client.post(url("reminder_settings", code="kv1"), settings_form())
    expected = SETTINGS_POST[ARCHETYPES.index(archetype)]
    assert response.status_code == expected
    if expected == 302:
        row = ReminderSettings.objects.get(unit=org.kv1)
        assert (row.days_before, row.on_the_day, row.repeat_every, row.email) == (5, True, 2, False)
    else:
        assert not ReminderSettings.objects.exists()
        assert AuditEntry.objects.count() == audit


def test_a_member_sees_the_settings_but_may_not_change_them(client, org):
    client.force_login(org.prosecutor.user)
    page = client.get(url("reminder_settings", code="kv1"))
    assert (page.status_code, page.context["can_edit"]) == (200, False)
    assert page.context["summary"] == (
        "Nhắc trước 3 ngày; nhắc vào ngày đến hạn; quá hạn nhắc lại mỗi 3 ngày; "
        "báo lãnh đạo đơn vị sau 3 ngày, báo người giao sau 7 ngày quá hạn."
    )
    assert 'data-testid="reminder-form"' not in page.content.decode()
    assert client.post(url("reminder_settings", code="kv1"), settings_form()).status_code == 403
    assert not ReminderSettings.objects.exists()


def test_settings_errors_show_next_to_the_field_and_a_stale_form_is_refused(client, org):
    client.force_login(org.unit_head.user)
    response = client.post(
        url("reminder_settings", code="kv1"), settings_form(escalate_issuer_after=1)
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "escalate_issuer_after": [
            "Báo người giao phải sau (hoặc cùng ngày) khi báo lãnh đạo đơn vị, tối đa 365 ngày."
        ]
    }
    client.post(url("reminder_settings", code="kv1"), settings_form())
    stale = client.post(url("reminder_settings", code="kv1"), settings_form(days_before=9))
    assert "đã được người khác sửa" in str(stale.context["form"].errors)
    assert ReminderSettings.objects.get(unit=org.kv1).days_before == 5


# ---------------------------------------------------------------- timeliness by unit


def test_timeliness_by_unit_counts_each_sub_units_subtree(client, org, directive):
    # Given the team of KV1 has a task of its own, overdue, of a directive issued earlier
    earlier = org.today - dt.timedelta(days=20)
    issued(
        org,
        on=earlier,
        title="Báo cáo tổ",
        deadline=org.today - dt.timedelta(days=2),
        addressees=[(org.team, Role.LEAD)],
    )
    client.force_login(org.chief.user)
    period = f"c-{earlier:%Y%m}-{directive.deadline:%Y%m}"
    response = client.get(url("timeliness"), {"period": period})
    assert response.status_code == 200
    report = response.context["report"]
    rows = {r.unit.code: (r.counts.open_within, r.counts.open_overdue) for r in report.rows}
    assert rows == {"phong-1": (0, 0), "kv1": (1, 1), "kv2": (1, 0)}
    assert report.total.counts.on_time_rate == 0
    # Drilling into KV1 shows its own task and its team's
    response = client.get(url("timeliness"), {"period": period, "unit": "kv1"})
    rows = [(r.unit.code, r.own_only, r.counts.total) for r in response.context["report"].rows]
    assert rows == [("kv1", True, 1), ("kv1-to1", False, 1)]
    assert response.context["up"] == org.province
    assert client.get(url("timeliness"), {"period": "x"}).status_code == 404


def _count(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_page_queries_do_not_grow_with_the_data(client, org, directive):
    client.force_login(org.unit_head.user)
    month = f"?month={directive.deadline:%Y-%m}"

    def measure():
        return {
            "inbox": _count(client, url("inbox")),
            "calendar": _count(client, url("calendar") + month),
            "timeliness": _count(client, url("timeliness")),
            "settings": _count(client, url("reminder_settings", code="kv1")),
            "my_tasks": _count(client, url("my_tasks")),
        }

    one = measure()
    for index in range(9):
        issued(
            org,
            on=org.today,
            title=f"Chỉ đạo {index}",
            deadline=directive.deadline - dt.timedelta(days=index),
            addressees=[(org.kv1, Role.LEAD), (org.team, Role.SUPPORT)],
        )
    for offset in range(10):
        services.send_reminders(on=directive.deadline - dt.timedelta(days=offset))
    assert Notification.objects.filter(recipient=org.unit_head.user).count() > 10
    assert measure() == one


def test_extensions_count_against_the_current_but_not_the_original_deadline(client, org):
    directive = issued(
        org,
        on=org.today - dt.timedelta(days=10),
        deadline=org.today - dt.timedelta(days=1),
        addressees=[(org.kv1, Role.LEAD)],
    )
    task = Task.objects.get(directive=directive)
    request = services.request_extension(
        task,
        reason="Chờ giám định",
        proposed_date=org.today + dt.timedelta(days=10),
        authority=authority_for(org.unit_head.user),
    )
    services.decide_extension(request, approve=True, authority=authority_for(org.chief.user))
    client.force_login(org.chief.user)
    period = f"c-{org.today - dt.timedelta(days=10):%Y%m}-{org.today + dt.timedelta(days=10):%Y%m}"

    def kv1(basis):
        report = client.get(url("timeliness"), {"period": period, "basis": basis}).context["report"]
        row = next(r for r in report.rows if r.unit.code == "kv1")
        return (row.counts.open_within, row.counts.open_overdue, row.extensions)

    assert kv1("current") == (1, 0, 1)
    assert kv1("original") == (0, 1, 1)
