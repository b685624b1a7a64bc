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
