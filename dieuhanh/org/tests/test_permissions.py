"""Permission matrix: every organisation page and action, as every archetype.

Allowed is 200 (302 after a successful POST); a visible object the user may not act on is 403;
anything outside the user's scope is 404, never a hint that it exists. On every denied POST
nothing changes.
"""

import pytest
from django.urls import reverse

from conftest import ARCHETYPES
from dieuhanh.core.models import AuditEntry
from dieuhanh.org.models import Delegation, Posting, Unit

A = ARCHETYPES  # unit_head, chief, peer, deputy, delegate, past_delegate, outsider, admin


def row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(A)
    return dict(zip(A, statuses, strict=True))


#                                   unit_head chief peer deputy delegate past outsider admin
GET_MATRIX = {
    "home":                         row(200, 200, 200, 200, 200, 200, 200, 200),
    "tree":                         row(200, 200, 200, 200, 200, 200, 200, 200),
    "people":                       row(200, 200, 200, 200, 200, 200, 200, 200),
    "delegations":                  row(200, 200, 200, 200, 200, 200, 200, 200),
    "unit_kv1":                     row(200, 200, 404, 200, 404, 404, 404, 200),
    "unit_kv2":                     row(404, 200, 200, 200, 200, 404, 404, 200),
    "unit_province":                row(404, 200, 404, 200, 404, 404, 404, 200),
    "unit_edit_kv1":                row(200, 200, 404, 403, 404, 404, 404, 200),
    "unit_create_kv1":              row(200, 200, 404, 403, 404, 404, 404, 200),
    "unit_move_kv1":                row(200, 200, 404, 403, 404, 404, 404, 200),
    "unit_merge_province":          row(404, 200, 404, 403, 404, 404, 404, 200),
    "person_create_kv1":            row(200, 200, 404, 200, 404, 404, 404, 200),
    "portfolio_create_province":    row(404, 200, 404, 403, 404, 404, 404, 200),
    "person_prosecutor":            row(200, 200, 404, 200, 404, 404, 404, 200),
    "person_edit_prosecutor":       row(200, 200, 404, 200, 404, 404, 404, 200),
    "posting_create_prosecutor":    row(200, 200, 404, 200, 404, 404, 404, 200),
    "posting_end_prosecutor":       row(200, 200, 404, 200, 404, 404, 404, 200),
    "delegation_detail":            row(404, 200, 200, 200, 200, 404, 404, 200),
    "delegation_create":            row(200, 200, 200, 403, 403, 403, 403, 200),
    "audit_log":                    row(404, 404, 404, 404, 404, 404, 404, 200),
}  # fmt: skip


def url_for(name: str, org) -> str:
    prosecutor_posting = Posting.objects.get(person=org.prosecutor)
    urls = {
        "home": reverse("home"),
        "tree": reverse("org:tree"),
        "people": reverse("org:people"),
        "delegations": reverse("org:delegations"),
        "unit_kv1": reverse("org:unit", kwargs={"code": "kv1"}),
        "unit_kv2": reverse("org:unit", kwargs={"code": "kv2"}),
        "unit_province": reverse("org:unit", kwargs={"code": "tinh-thu"}),
        "unit_edit_kv1": reverse("org:unit_edit", kwargs={"code": "kv1"}),
        "unit_create_kv1": reverse("org:unit_create", kwargs={"code": "kv1"}),
        "unit_move_kv1": reverse("org:unit_move", kwargs={"code": "kv1"}),
        "unit_merge_province": reverse("org:unit_merge", kwargs={"code": "tinh-thu"}),
        "person_create_kv1": reverse("org:person_create", kwargs={"code": "kv1"}),
        "portfolio_create_province": reverse("org:portfolio_create", kwargs={"code": "tinh-thu"}),
        "person_prosecutor": reverse("org:person", kwargs={"pk": org.prosecutor.pk}),
        "person_edit_prosecutor": reverse("org:person_edit", kwargs={"pk": org.prosecutor.pk}),
        "posting_create_prosecutor": reverse(
            "org:posting_create", kwargs={"pk": org.prosecutor.pk}
        ),
        "posting_end_prosecutor": reverse("org:posting_end", kwargs={"pk": prosecutor_posting.pk}),
        "delegation_detail": reverse("org:delegation", kwargs={"pk": org.delegation.pk}),
        "delegation_create": reverse("org:delegation_create"),
        "audit_log": reverse("core:audit_log"),
    }
    return urls[name]


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("page", list(GET_MATRIX))
def test_get_matrix(client, org, page, archetype):
    # Given an archetype user; when they open the page
    client.force_login(getattr(org, archetype).user)
    response = client.get(url_for(page, org))
    # Then the status is exactly the one in the matrix
    assert response.status_code == GET_MATRIX[page][archetype]


@pytest.mark.parametrize("page", ["home", "tree", "unit_kv1", "people", "delegation_create"])
def test_anonymous_user_is_sent_to_login(client, org, page):
    response = client.get(url_for(page, org))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def snapshot():
    return (
        list(Unit.objects.order_by("pk").values_list("code", "name", "path", "version")),
        list(Posting.objects.order_by("pk").values_list("pk", "end", "version")),
        list(Delegation.objects.order_by("pk").values_list("pk", "revoked_at", "version")),
        AuditEntry.objects.count(),
    )


#                                   unit_head chief peer deputy delegate past outsider admin
POST_MATRIX = {
    "rename_kv1":                   row(302, 302, 404, 403, 404, 404, 404, 302),
    "end_prosecutor_posting":       row(302, 302, 404, 302, 404, 404, 404, 302),
    "revoke_delegation":            row(404, 302, 403, 403, 403, 404, 404, 302),
    "create_unit_under_kv1":        row(302, 302, 404, 403, 404, 404, 404, 302),
    "end_deputy_portfolio":         row(404, 302, 404, 403, 404, 404, 404, 302),
}  # fmt: skip


def post(client, action: str, org):
    if action == "rename_kv1":
        return client.post(
            reverse("org:unit_edit", kwargs={"code": "kv1"}),
            {
                "version": 1,
                "name": "VKSND khu vực Một",
                "short_name": "KV1",
                "level": org.kv1.level_id,
            },
        )
    if action == "end_prosecutor_posting":
        posting = Posting.objects.get(person=org.prosecutor)
        return client.post(
            reverse("org:posting_end", kwargs={"pk": posting.pk}),
            {"version": posting.version, "end": org.today.strftime("%d/%m/%Y")},
        )
    if action == "revoke_delegation":
        return client.post(
            reverse("org:delegation_revoke", kwargs={"pk": org.delegation.pk}),
            {"version": org.delegation.version, "reason": "Hết việc"},
        )
    if action == "create_unit_under_kv1":
        return client.post(
            reverse("org:unit_create", kwargs={"code": "kv1"}),
            {"code": "kv1-to2", "name": "Tổ 2 KV1", "level": org.team.level_id},
        )
    if action == "end_deputy_portfolio":
        return client.post(
            reverse("org:portfolio_end", kwargs={"pk": org.portfolio.pk}),
            {"version": org.portfolio.version},
        )
    raise AssertionError(action)


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("action", list(POST_MATRIX))
def test_post_matrix_and_nothing_changes_on_denial(client, org, action, archetype):
    # Given an archetype user and the state before
    client.force_login(getattr(org, archetype).user)
    before = snapshot()
    # When they submit the action
    response = post(client, action, org)
    # Then the status is the matrix's; a success writes an audit row, a denial changes nothing
    expected = POST_MATRIX[action][archetype]
    assert response.status_code == expected
    if expected == 302:
        assert AuditEntry.objects.count() > before[3]
    else:
        assert snapshot() == before
