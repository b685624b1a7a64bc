"""The deadline calendar page and the iCalendar feed: RFC 5545 text, stable UIDs, a secret
address that can be replaced and revoked."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from dieuhanh.core.models import AuditEntry
from dieuhanh.directives import ical, services
from dieuhanh.directives.models import CalendarFeedToken, Role, Task
from dieuhanh.directives.tests.factories import issued
from dieuhanh.org.access import authority_for

D = dt.date


# ---------------------------------------------------------------- parsing, as a calendar app


def unfold(text):
    """Content lines of an iCalendar text (RFC 5545 §3.1), checking the physical lines."""
    assert text.endswith("\r\n")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, line
        assert "\n" not in line
        assert "\r" not in line
    lines = []
    for line in physical:
        if line.startswith((" ", "\t")):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value):
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def events(text):
    """Each VEVENT as {name: value} (parameters kept in the name, text unescaped)."""
    result, current = [], None
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            result.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = unescape(value)
    return result


# ---------------------------------------------------------------- the writer


def test_text_is_escaped_and_long_lines_fold_without_splitting_a_character():
    title = "Rà soát; tổng hợp, báo cáo\\kết quả\nđợt 2 — " + "Viện kiểm sát nhân dân " * 6
    event = ical.Event(
        task_id=7,
        day=D(2027, 2, 10),
        summary=title,
        description="Dòng 1\r\nDòng 2",
        url="https://dieuhanh.vks.example/directives/tasks/7/",
        sequence=3,
        stamp=dt.datetime(2027, 2, 1, 1, 2, 3, tzinfo=dt.UTC),
    )
    text = ical.calendar("Hạn của Nguyễn Văn Khu", [event])
    [parsed] = events(text)
    assert parsed == {
        "UID": "task-7@dieuhanh",
        "DTSTAMP": "20270201T010203Z",
        "DTSTART;VALUE=DATE": "20270210",
        "DTEND;VALUE=DATE": "20270211",
        "SEQUENCE": "3",
        "SUMMARY": title,
        "DESCRIPTION": "Dòng 1\nDòng 2",
        "URL": "https://dieuhanh.vks.example/directives/tasks/7/",
        "TRANSP": "TRANSPARENT",
    }
    assert "SUMMARY:Rà soát\\; tổng hợp\\, báo cáo\\\\kết quả\\nđợt 2" in "".join(unfold(text))
    assert unfold(text)[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert unfold(text)[-1] == "END:VCALENDAR"


def test_folding_counts_octets_not_characters():
    line = "SUMMARY:" + "đ" * 100  # "đ" is two octets in UTF-8
    folded = ical.fold(line)
    # 8 + 33 × 2 = 74 octets (one more "đ" would make 76); then a space and 37 × 2; the rest
    assert [len(part.encode()) for part in folded] == [74, 75, 61]
    assert "".join([folded[0], *(part[1:] for part in folded[1:])]) == line


# ---------------------------------------------------------------- the page and the feed


@pytest.fixture
def deadlines(org, settings, tmp_path):
    """Due 30/04/2027 (a holiday is shown that day): KV1 leads, KV2 supports; a sub-task of
    KV1's task for the prosecutor, due 20/04/2027."""
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://dieuhanh.vks.example"
    directive = issued(
        org,
        on=D(2027, 4, 1),
        title="Kiểm tra, rà soát; báo cáo",
        deadline=D(2027, 4, 30),
        addressees=[(org.kv1, Role.LEAD), (org.kv2, Role.SUPPORT)],
    )
    kv1 = Task.objects.get(directive=directive, unit=org.kv1)
    subtask = services.assign_subtask(
        kv1,
        assignee=org.prosecutor,
        title="Lập danh sách vụ án",
        deadline=D(2027, 4, 20),
        authority=authority_for(org.unit_head.user),
        on=D(2027, 4, 1),
    )
    return kv1, subtask


def test_the_calendar_shows_ones_deadlines_and_the_days_off(client, org, deadlines):
    kv1, subtask = deadlines
    client.force_login(org.unit_head.user)
    response = client.get(reverse("directives:calendar"), {"month": "2027-04"})
    assert response.status_code == 200
    days = {day["date"]: day for week in response.context["weeks"] for day in week}
    # The head sees KV1's task on its deadline, not the prosecutor's sub-task
    assert [t.pk for t, _group in days[D(2027, 4, 30)]["tasks"]] == [kv1.pk]
    assert days[D(2027, 4, 20)]["tasks"] == []
    assert days[D(2027, 4, 30)]["holiday"] == "Ngày Chiến thắng"
    assert (days[D(2027, 4, 30)]["working"], days[D(2027, 4, 29)]["working"]) == (False, True)
    # The grid runs from Monday 29/03 to Sunday 02/05
    assert (min(days), max(days), len(response.context["weeks"])) == (
        D(2027, 3, 29),
        D(2027, 5, 2),
        5,
    )
    assert [t.pk for t in response.context["month_tasks"]] == [kv1.pk]
    client.force_login(org.prosecutor.user)
    response = client.get(reverse("directives:calendar"), {"month": "2027-04"})
    assert [t.pk for t in response.context["month_tasks"]] == [subtask.pk]
    assert client.get(reverse("directives:calendar"), {"month": "2027-13"}).status_code == 404


def feed_address(client, org, who):
    client.force_login(getattr(org, who).user)
    response = client.post(reverse("directives:feed_create"))
    assert response.status_code == 302
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    return re.search(r"http://testserver(\S+\.ics)", message).group(1)


def test_the_feed_lists_open_deadlines_with_stable_uids(client, org, deadlines):
    kv1, _subtask = deadlines
    address = feed_address(client, org, "unit_head")
    # A calendar app, with no login, reads it
    response = Client().get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    [event] = events(text)
    assert event == {
        "UID": f"task-{kv1.pk}@dieuhanh",
        "DTSTAMP": event["DTSTAMP"],
        "DTSTART;VALUE=DATE": "20270430",
        "DTEND;VALUE=DATE": "20270501",
        "SEQUENCE": "1",
        "SUMMARY": "Hạn: Kiểm tra, rà soát; báo cáo",
        "DESCRIPTION": "Đơn vị: VKSND khu vực 1\nNguồn: Số 12/KH-VKS ngày 25/01/2027\n"
        "Trạng thái: Đang thực hiện\nNgười giao: Trần Văn Trưởng",
        "URL": f"https://dieuhanh.vks.example/directives/tasks/{kv1.pk}/",
        "TRANSP": "TRANSPARENT",
    }
    assert "X-WR-CALNAME:Điều hành — hạn nhiệm vụ của Nguyễn Văn Khu" in unfold(text)
    # After an extension, the same event moves (same UID, later SEQUENCE)
    request = services.request_extension(
        kv1,
        reason="Chờ giám định",
        proposed_date=D(2027, 5, 14),
        authority=authority_for(org.unit_head.user),
    )
    services.decide_extension(request, approve=True, authority=authority_for(org.chief.user))
    [moved] = events(Client().get(address).content.decode())
    assert (moved["UID"], moved["DTSTART;VALUE=DATE"], moved["SEQUENCE"]) == (
        event["UID"],
        "20270514",
        "2",
    )
    assert CalendarFeedToken.objects.get().last_used_at is not None


def test_a_new_address_replaces_the_old_and_a_revoked_one_is_gone(client, org, deadlines):
    first = feed_address(client, org, "prosecutor")
    second = feed_address(client, org, "prosecutor")
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    client.post(reverse("directives:feed_revoke"))
    assert Client().get(second).status_code == 404
    assert Client().get("/directives/calendar/feed/khong-co.ics").status_code == 404
    assert CalendarFeedToken.objects.filter(revoked_at__isnull=True).count() == 0
    assert list(
        AuditEntry.objects.filter(action__startswith="directives.feed_token")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "directives.feed_token.issue",
        "directives.feed_token.revoke",
        "directives.feed_token.issue",
        "directives.feed_token.revoke",
    ]


def test_the_feed_of_a_deactivated_account_is_gone(client, org, deadlines):
    address = feed_address(client, org, "prosecutor")
    org.prosecutor.user.is_active = False
    org.prosecutor.user.save()
    assert Client().get(address).status_code == 404


def test_the_raw_secret_is_not_stored(client, org, deadlines):
    address = feed_address(client, org, "prosecutor")
    raw = address.rsplit("/", 1)[1].removesuffix(".ics")
    token = CalendarFeedToken.objects.get()
    assert raw not in (token.key_hash, token.prefix)
    assert token.prefix == raw[:8]


def test_calendar_apps_may_ask_with_head_but_not_post(client, org, deadlines):
    address = feed_address(client, org, "unit_head")
    assert Client().head(address).status_code == 200
    assert Client().post(address).status_code == 405
