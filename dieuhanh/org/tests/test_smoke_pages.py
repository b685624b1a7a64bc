"""Every organisation page renders for the Chief (smoke; the matrix is in test_permissions)."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("home", {}),
        ("org:tree", {}),
        ("org:unit", {"code": "kv1"}),
        ("org:people", {}),
        ("org:delegations", {}),
        ("org:unit_edit", {"code": "kv1"}),
        ("org:unit_create", {"code": "kv1"}),
        ("org:unit_move", {"code": "kv1"}),
        ("org:unit_merge", {"code": "tinh-thu"}),
        ("org:person_create", {"code": "kv1"}),
        ("org:portfolio_create", {"code": "tinh-thu"}),
        ("org:delegation_create", {}),
    ],
)
def test_page_renders_for_chief(client, org, name, kwargs):
    client.force_login(org.chief.user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


def test_person_and_delegation_pages_render(client, org):
    client.force_login(org.chief.user)
    assert client.get(reverse("org:person", kwargs={"pk": org.prosecutor.pk})).status_code == 200
    assert (
        client.get(reverse("org:delegation", kwargs={"pk": org.delegation.pk})).status_code == 200
    )
    posting = org.prosecutor.postings.get()
    assert client.get(reverse("org:posting_end", kwargs={"pk": posting.pk})).status_code == 200
    assert (
        client.get(reverse("org:posting_create", kwargs={"pk": org.prosecutor.pk})).status_code
        == 200
    )
    assert (
        client.get(reverse("org:person_edit", kwargs={"pk": org.prosecutor.pk})).status_code == 200
    )


def test_people_search_answers_htmx_with_the_results_fragment_only(client, org):
    client.force_login(org.chief.user)
    url = reverse("org:people")
    full = client.get(url, {"q": "Kiểm"})
    fragment = client.get(url, {"q": "Kiểm"}, headers={"HX-Request": "true"})
    assert "<html" in full.text
    assert "<html" not in fragment.text
    assert "Đỗ Thị Kiểm" in fragment.text
    assert [p.full_name for p, _ in fragment.context["rows"]] == ["Đỗ Thị Kiểm"]


def test_reference_data_changes_in_administration_are_audited(client, org):
    from dieuhanh.core.models import AuditEntry
    from dieuhanh.org.models import WorkArea

    # Given the administrator edits a work area's name in the administration pages
    client.force_login(org.admin.user)
    area = WorkArea.objects.get(code="TTTP")
    response = client.post(
        reverse("admin:org_workarea_change", args=[area.pk]),
        {
            "code": "TTTP",
            "name": "Tương trợ tư pháp hình sự",
            "function": area.function,
            "rank": area.rank,
            "active": "on",
            "basis": area.basis,
        },
    )
    # Then the change is saved and audited with before and after
    assert response.status_code == 302
    entry = AuditEntry.objects.for_object(area).get()
    assert entry.action == "org.workarea.update"
    assert entry.changes == {"name": ["Tương trợ tư pháp", "Tương trợ tư pháp hình sự"]}


def test_reference_data_administration_is_for_administrators_only(client, org):
    client.force_login(org.chief.user)
    response = client.get(reverse("admin:org_workarea_changelist"))
    assert response.status_code == 302  # to the admin login: the Chief is not staff


def test_out_of_scope_and_forbidden_pages_explain_themselves_in_the_layout(client, org):
    # Given the prosecutor of KV1 (views KV1, manages nothing)
    client.force_login(org.prosecutor.user)

    # When he opens KV2 (out of scope) and the edit form of his own unit (no power)
    missing = client.get(reverse("org:unit", args=["kv2"]))
    forbidden = client.get(reverse("org:unit_edit", args=["kv1"]))

    # Then KV2 is 404 and the edit form 403, each with a Vietnamese page inside the layout
    assert missing.status_code == 404
    assert "Không tìm thấy trang hoặc đối tượng này" in missing.content.decode()
    assert 'id="main-nav"' in missing.content.decode()
    assert forbidden.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này" in forbidden.content.decode()
