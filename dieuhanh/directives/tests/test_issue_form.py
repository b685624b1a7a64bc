"""The issue form: who may open it, the live "5 rõ" check, issue all or nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import ARCHETYPES
from dieuhanh.directives.models import Directive, Task

#                unit_head chief peer deputy delegate past outsider admin
NEW_MATRIX = [200, 200, 200, 200, 200, 403, 403, 200]


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_the_issue_form_is_for_those_who_direct(client, org, archetype):
    client.force_login(getattr(org, archetype).user)
    response = client.get(reverse("directives:directive_new"))
    assert response.status_code == NEW_MATRIX[ARCHETYPES.index(archetype)]


def form_data(org, **overrides):
    data = {
        "issuing_unit": org.province.pk,
        "source_kind": "document",
        "source_number": "15",
        "source_symbol": "CT-VKS",
        "source_date": org.today.strftime("%d/%m/%Y"),
        "title": "Kiểm tra hồ sơ tạm giam",
        "content": "Kiểm tra toàn bộ hồ sơ tạm giam quá hạn.",
        "expected_result": "Báo cáo kết quả kiểm tra.",
        "lead_units": [org.kv1.pk],
        "support_units": [org.kv2.pk],
        "accountable": org.deputy.pk,
        "deadline_kind": "date",
        "deadline": (org.today + dt.timedelta(days=20)).strftime("%d/%m/%Y"),
        "priority": "normal",
        "action": "issue",
    }
    data.update(overrides)
    return data


def test_the_chief_issues_a_directive_to_two_units(client, org):
    client.force_login(org.chief.user)
    response = client.post(reverse("directives:directive_new"), form_data(org))
    directive = Directive.objects.get()
    assert response.status_code == 302
    assert directive.status == Directive.Status.ISSUED
    assert sorted(Task.objects.values_list("unit__code", "role")) == [
        ("kv1", "lead"),
        ("kv2", "support"),
    ]


def test_issue_with_missing_points_lists_them_and_saves_nothing(client, org):
    client.force_login(org.chief.user)
    response = client.post(
        reverse("directives:directive_new"),
        form_data(org, lead_units=[], expected_result=""),
    )
    assert response.status_code == 200
    assert [p.code for p in response.context["missing"]] == ["person", "result"]
    assert Directive.objects.count() == 0


def test_a_refused_issue_keeps_no_draft(client, org):
    client.force_login(org.chief.user)
    yesterday = (org.today - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(reverse("directives:directive_new"), form_data(org, deadline=yesterday))
    assert response.status_code == 200
    assert "trước ngày ban hành" in str(response.context["form"].errors)
    assert Directive.objects.count() == 0


def test_a_draft_is_saved_then_issued_from_its_page(client, org):
    client.force_login(org.chief.user)
    client.post(reverse("directives:directive_new"), form_data(org, action="draft"))
    directive = Directive.objects.get()
    assert directive.status == Directive.Status.DRAFT
    client.post(
        reverse("directives:directive_issue", kwargs={"pk": directive.pk}),
        {"version": directive.version},
    )
    directive.refresh_from_db()
    assert directive.status == Directive.Status.ISSUED


def test_the_live_check_returns_the_missing_points_only(client, org):
    client.force_login(org.chief.user)
    response = client.post(
        reverse("directives:directive_check"),
        form_data(org, title="", content="", accountable=""),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="five-clear"' in html
    assert "<form" not in html
    assert "Chưa rõ việc" in html
    assert "Chưa rõ trách nhiệm" in html
    assert "Chưa rõ người" not in html
    assert Directive.objects.count() == 0
