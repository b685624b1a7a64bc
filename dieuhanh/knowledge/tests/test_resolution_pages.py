"""Resolution pages: who may open and do what (allowed 200 / 302; visible but not allowed 403;
out of scope 404, with nothing changed), the form with its action items, the adoption
confirmation, what the page shows, and query budgets."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import ARCHETYPES
from dieuhanh.core.models import AuditEntry
from dieuhanh.core.periods import Month
from dieuhanh.directives.models import Directive, Task
from dieuhanh.knowledge import services
from dieuhanh.knowledge.models import Resolution, ResolutionAction
from dieuhanh.knowledge.tests.resolution_world import (
    action,
    draft,
    figures,
    held_seminar,
    in_force_version,
)
from dieuhanh.plans.models import Indicator

A = [*ARCHETYPES, "tccb_head", "tccb_staff"]


def row(*statuses):
    assert len(statuses) == len(A)
    return dict(zip(A, statuses, strict=True))


def url(name, *args):
    return reverse(f"knowledge:{name}", args=args)


def day(value):
    return value.strftime("%d/%m/%Y")


@pytest.fixture
def world(kn):
    """Version 1 in force, a seminar held; a province draft and an adopted province resolution."""
    version, seminar = in_force_version(kn), held_seminar(kn)
    pending = draft(kn, title="Dự thảo nghị quyết", guidance=version, seminar=seminar)
    adopted = draft(kn, title="Nghị quyết đã thông qua", document_number="04/NQ-VKS")
    services.adopt_resolution(adopted, authority=kn.auth(kn.chief), expected_version=1)
    return {"version": version, "seminar": seminar, "draft": pending, "adopted": adopted}


def state():
    """Everything a refused request must leave as it was."""
    return (
        list(Resolution.objects.order_by("pk").values_list("pk", "status", "version", "title")),
        list(
            ResolutionAction.objects.order_by("pk").values_list(
                "pk", "title", "owner_id", "deadline", "directive_id"
            )
        ),
        Directive.objects.count(),
        Task.objects.count(),
        AuditEntry.objects.count(),
    )


# ---------------------------------------------------------------- pages

#                          unit_head chief peer deputy delegate past outsider admin tccb_h tccb_s
GET_MATRIX = {
    "list":                 row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "create":               row(200, 200, 200, 200, 200, 403, 403, 200, 200, 403),
    "draft":                row(404, 200, 404, 200, 404, 404, 404, 200, 404, 404),
    "adopted":              row(200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
    "edit_draft":           row(404, 200, 404, 403, 404, 404, 404, 200, 404, 404),
    "edit_adopted":         row(403, 302, 403, 403, 403, 403, 404, 302, 403, 403),
    "adopt_draft":          row(404, 200, 404, 403, 404, 404, 404, 200, 404, 404),
}  # fmt: skip


def get_url(name, w):
    return {
        "list": url("resolutions"),
        "create": url("resolution_create"),
        "draft": url("resolution", w["draft"].pk),
        "adopted": url("resolution", w["adopted"].pk),
        "edit_draft": url("resolution_edit", w["draft"].pk),
        "edit_adopted": url("resolution_edit", w["adopted"].pk),
        "adopt_draft": url("resolution_adopt", w["draft"].pk),
    }[name]


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("page", list(GET_MATRIX))
def test_page_matrix(client, kn, world, page, archetype):
    client.force_login(getattr(kn, archetype).user)
    before = state()
    response = client.get(get_url(page, world))
    assert response.status_code == GET_MATRIX[page][archetype]
    assert state() == before


# ---------------------------------------------------------------- actions

#                          unit_head chief peer deputy delegate past outsider admin tccb_h tccb_s
POST_MATRIX = {
    "create":               row(200, 302, 200, 200, 200, 403, 403, 302, 200, 403),
    "edit":                 row(404, 302, 404, 403, 404, 404, 404, 302, 404, 404),
    "adopt":                row(404, 302, 404, 403, 404, 404, 404, 302, 404, 404),
}  # fmt: skip


def management(total, initial):
    return {
        "actions-TOTAL_FORMS": str(total),
        "actions-INITIAL_FORMS": str(initial),
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "30",
    }


def post_request(action_name, kn, w):
    deadline = day(kn.today + dt.timedelta(days=60))
    if action_name == "create":
        return url("resolution_create"), {
            "title": "Nghị quyết mới",
            "issuer": kn.province.pk,
            "guidance": w["version"].pk,
            "seminar": w["seminar"].pk,
            "document_number": "07/NQ-VKS",
            **management(2, 0),
            "actions-0-title": "Tập huấn",
            "actions-0-owner": kn.kv1.pk,
            "actions-0-deadline": deadline,
            "actions-0-expected_result": "Xong",
        }
    if action_name == "edit":
        first, second = w["draft"].actions.order_by("order")
        return url("resolution_edit", w["draft"].pk), {
            "version": w["draft"].version,
            "title": "Dự thảo đã sửa",
            "document_number": "05/NQ-VKS",
            **management(3, 2),
            "actions-0-id": first.pk,
            "actions-0-title": "Tập huấn (sửa)",
            "actions-0-owner": kn.kv1.pk,
            "actions-0-deadline": deadline,
            "actions-0-expected_result": "Xong",
            "actions-1-id": second.pk,
            "actions-1-title": second.title,
            "actions-1-DELETE": "on",
        }
    return url("resolution_adopt", w["draft"].pk), {"version": w["draft"].version}


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("action_name", list(POST_MATRIX))
def test_action_matrix_and_nothing_changes_on_refusal(client, kn, world, action_name, archetype):
    client.force_login(getattr(kn, archetype).user)
    before = state()
    address, data = post_request(action_name, kn, world)
    response = client.post(address, data)
    expected = POST_MATRIX[action_name][archetype]
    assert response.status_code == expected, response.content.decode()[:3000]
    if expected == 302:
        assert state() != before
    else:
        assert state() == before


# ---------------------------------------------------------------- the form


def test_create_through_the_form_keeps_filled_rows_and_takes_the_seminar_minutes(client, kn, world):
    client.force_login(kn.chief.user)
    form = client.get(url("resolution_create")).content.decode()
    # The form offers two blank items and preselects the version in force
    assert 'name="actions-TOTAL_FORMS" value="2"' in form
    assert f'<option value="{world["version"].pk}" selected>' in form
    tl_kng = Indicator.objects.get(code="TL_KNG")
    address, data = post_request("create", kn, world)
    data.update(
        {
            **management(2, 0),
            "actions-0-indicators": [tl_kng.pk],
            "actions-1-title": "",  # the blank second row is left out
        }
    )
    response = client.post(address, data)
    resolution = Resolution.objects.get(title="Nghị quyết mới")
    assert response["Location"] == url("resolution", resolution.pk)
    assert resolution.conclusions == world["seminar"].minutes
    items = list(resolution.actions.all())
    assert [(a.title, a.owner, a.deadline) for a in items] == [
        ("Tập huấn", kn.kv1, kn.today + dt.timedelta(days=60))
    ]
    assert list(items[0].indicators.all()) == [tl_kng]


def test_edit_form_updates_one_item_and_removes_the_other(client, kn, world):
    client.force_login(kn.chief.user)
    page = client.get(url("resolution_edit", world["draft"].pk)).content.decode()
    assert 'name="actions-INITIAL_FORMS" value="2"' in page
    assert 'name="actions-TOTAL_FORMS" value="3"' in page
    address, data = post_request("edit", kn, world)
    client.post(address, data)
    resolution = Resolution.objects.get(pk=world["draft"].pk)
    assert (resolution.title, resolution.version) == ("Dự thảo đã sửa", 2)
    assert list(resolution.actions.values_list("title", flat=True)) == ["Tập huấn (sửa)"]


def test_edit_from_a_stale_page_shows_the_message_and_keeps_the_first_save(client, kn, world):
    client.force_login(kn.chief.user)
    address, data = post_request("edit", kn, world)
    client.post(address, data)
    before = state()
    data["title"] = "Lần hai"
    response = client.post(address, data)
    assert response.status_code == 200
    assert "Dữ liệu đã được người khác sửa sau khi bạn mở trang." in response.content.decode()
    assert state() == before


def test_an_owner_out_of_the_issuer_is_shown_on_the_form(client, kn, world):
    client.force_login(kn.unit_head.user)
    response = client.post(
        url("resolution_create"),
        {
            "title": "Nghị quyết KV1",
            "issuer": kn.kv1.pk,
            **management(1, 0),
            "actions-0-title": "Phối hợp",
            "actions-0-owner": kn.kv2.pk,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đơn vị chủ trì: bạn không có quyền chỉ đạo đơn vị này." in html
    assert not Resolution.objects.filter(title="Nghị quyết KV1").exists()


# ---------------------------------------------------------------- adoption


def test_adoption_confirmation_lists_what_is_missing_and_refuses(client, kn, world):
    resolution = draft(kn, document_number="", actions=[action("Tập huấn", kn.kv1, None)])
    client.force_login(kn.chief.user)
    html = client.get(url("resolution_adopt", resolution.pk)).content.decode()
    assert "chưa có số, ký hiệu của nghị quyết" in html
    assert "nội dung 1 “Tập huấn”: chưa rõ thời gian: chưa có thời hạn hoàn thành" in html
    assert 'data-testid="adopt-form"' not in html
    before = state()
    response = client.post(url("resolution_adopt", resolution.pk), {"version": 1})
    assert response.status_code == 200
    assert "Chưa thông qua được" in response.content.decode()
    assert state() == before


def test_adoption_through_the_confirmation_page_issues_the_directives(client, kn, world):
    client.force_login(kn.chief.user)
    html = client.get(url("resolution_adopt", world["draft"].pk)).content.decode()
    assert "Khi thông qua, 2 chỉ đạo sẽ được ban hành ngay" in html
    response = client.post(url("resolution_adopt", world["draft"].pk), {"version": 1})
    assert response["Location"] == url("resolution", world["draft"].pk)
    directives = Directive.objects.filter(resolution_action__resolution=world["draft"])
    assert directives.count() == 2
    page = client.get(url("resolution", world["draft"].pk)).content.decode()
    for directive in directives:
        assert f'href="/directives/{directive.pk}/"' in page
    assert "Đã thông qua" in page


def test_resolution_page_shows_indicators_before_and_after(client, kn):
    adopted = Month.of(kn.today).shift(-2)
    resolution = draft(
        kn,
        actions=[
            action(
                "Nâng chất lượng kiến nghị",
                kn.kv1,
                kn.today + dt.timedelta(days=30),
                indicators=[Indicator.objects.get(code="TL_KNG")],
            )
        ],
    )
    services.adopt_resolution(
        resolution, authority=kn.auth(kn.chief), expected_version=1, on=adopted.first_day
    )
    figures(kn.kv1, {"KNG": 8, "KNG_CN": 4}, [adopted.shift(-2), adopted.shift(-1)])
    figures(kn.kv1, {"KNG": 8, "KNG_CN": 6}, [adopted, adopted.shift(1)])
    client.force_login(kn.unit_head.user)
    html = client.get(url("resolution", resolution.pk)).content.decode()
    cells = {
        name: " ".join(value.split())
        for name, value in re.findall(r'data-testid="(before|after)">(.*?)</td>', html, re.S)
    }
    assert cells == {"before": "50,00%", "after": "75,00%"}
    assert 'data-trend="better"' in html
    assert "▲ +25,00" in html
    # KV1's head sees the directive addressed to his unit, linked
    directive = Directive.objects.get()
    assert f'href="/directives/{directive.pk}/"' in html


# ---------------------------------------------------------------- query budgets


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def resolution_of(kn, items, *, on=None):
    """A resolution with `items` action items over four units and two indicators; adopted on
    `on` if given."""
    deadline = kn.today + dt.timedelta(days=30)
    indicators = list(Indicator.objects.filter(code__in=["TL_KNG", "SO_OAN"]))
    units = [kn.kv1, kn.kv2, kn.team, kn.department]
    resolution = draft(
        kn,
        title=f"Nghị quyết {items}",
        actions=[
            action(f"Nội dung {n}", units[n % 4], deadline, indicators=indicators)
            for n in range(items)
        ],
    )
    if on is not None:
        services.adopt_resolution(
            resolution, authority=kn.auth(kn.chief), expected_version=1, on=on
        )
    return resolution


@pytest.mark.parametrize("name", ["resolution", "resolution_edit", "resolution_adopt"])
def test_a_resolution_costs_the_same_queries_with_ten_times_the_items(client, kn, name):
    on = Month.of(kn.today).shift(-2).first_day if name == "resolution" else None
    small, large = resolution_of(kn, 2, on=on), resolution_of(kn, 20, on=on)
    months = [Month.of(kn.today).shift(-n) for n in range(1, 6)]
    for unit in (kn.kv1, kn.kv2, kn.team, kn.department):
        figures(unit, {"KNG": 10, "KNG_CN": 7, "OAN": 0}, months)
    client.force_login(kn.chief.user)
    count_queries(client, url(name, small.pk))  # warm caches
    assert count_queries(client, url(name, small.pk)) == count_queries(client, url(name, large.pk))


@pytest.mark.parametrize("name", ["list", "draft", "adopt_draft", "edit_draft"])
def test_same_number_of_queries_with_ten_times_the_data(client, kn, world, name):
    client.force_login(kn.chief.user)
    address = get_url(name, world)
    count_queries(client, address)  # warm caches (content types, sessions)
    before = count_queries(client, address)
    # Given ten times more resolutions, drafts and adopted ones
    for number in range(10):
        extra = draft(kn, title=f"Nghị quyết {number}")
        if number % 2:
            services.adopt_resolution(extra, authority=kn.auth(kn.chief), expected_version=1)
    # Then the page costs the same number of queries
    assert count_queries(client, address) == before
