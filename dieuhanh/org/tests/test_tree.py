"""The organisation tree: totals over subtrees, and large trees that load deep levels on demand."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Org
from dieuhanh.org import selectors
from dieuhanh.org.access import authority_for

pytestmark = pytest.mark.django_db


def _codes(nodes: list[selectors.TreeNode]) -> list[str]:
    found: list[str] = []
    for node in nodes:
        found.append(node.unit.code)
        found.extend(_codes(node.children))
    return found


def test_small_tree_is_shown_whole_with_subtree_totals(org: Org) -> None:
    # Given the test province (5 units) and its Chief
    authority = authority_for(org.chief.user)

    # When the tree is read
    roots = selectors.organisation_tree(authority)

    # Then every unit is shown, nothing is collapsed, and the root counts the whole province
    assert _codes(roots) == ["tinh-thu", "phong-1", "kv1", "kv1-to1", "kv2"]
    kv1 = roots[0].children[1]
    assert (kv1.unit.code, kv1.hidden_children, kv1.direct_staff, kv1.total_staff) == (
        "kv1",
        0,
        2,  # unit_head, prosecutor
        3,  # and team_member in Tổ 1
    )
    assert roots[0].total_staff == sum(
        node.direct_staff for node in [roots[0], *roots[0].children, kv1.children[0]]
    )


def test_large_tree_shows_two_levels_and_collapses_the_rest(org: Org) -> None:
    # Given a limit of 3 units shown at once (the test province has 5 on three levels)
    authority = authority_for(org.chief.user)

    # When the tree is read
    roots = selectors.organisation_tree(authority, expanded_limit=3)

    # Then the two upper levels are shown and KV1 says it has one child not shown,
    # while its total still counts the team's staff
    assert _codes(roots) == ["tinh-thu", "phong-1", "kv1", "kv2"]
    kv1 = roots[0].children[1]
    assert (kv1.hidden_children, kv1.children, kv1.total_staff) == (1, [], 3)


def test_collapsed_node_expands_in_place_through_htmx(
    client: Client, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the Chief on a tree limited to 3 units
    monkeypatch.setattr(selectors, "TREE_EXPANDED_LIMIT", 3)
    client.force_login(org.chief.user)
    page = client.get(reverse("org:tree")).content.decode()
    assert 'data-testid="tree-expand"' in page
    assert 'data-code="kv1-to1"' not in page

    # When the expand button asks for KV1's subtree through htmx
    fragment = client.get(reverse("org:tree"), {"under": "kv1"}, headers={"HX-Request": "true"})

    # Then only KV1's node comes back, with its team, and no page layout
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert body.lstrip().startswith("<li")
    assert 'data-code="kv1"' in body
    assert 'data-code="kv1-to1"' in body
    assert "<nav" not in body


def test_subtree_of_a_unit_out_of_scope_is_404(client: Client, org: Org) -> None:
    # Given the head of KV2, who sees only KV2
    client.force_login(org.peer.user)

    # When she asks for KV1's subtree, with and without htmx
    plain = client.get(reverse("org:tree"), {"under": "kv1"})
    htmx = client.get(reverse("org:tree"), {"under": "kv1"}, headers={"HX-Request": "true"})

    # Then both are 404
    assert (plain.status_code, htmx.status_code) == (404, 404)


def test_scope_summary_counts_units_and_people_once(org: Org) -> None:
    # Given the head of KV1 (KV1 and its team) and the Chief (the whole province)
    # When their scope is summarised
    # Then the counts are those of their subtrees; an administrator sees everything
    assert selectors.scope_summary(authority_for(org.unit_head.user)) == (2, 3)
    chief_units, chief_staff = selectors.scope_summary(authority_for(org.chief.user))
    assert chief_units == 5
    assert chief_staff == selectors.organisation_tree(authority_for(org.chief.user))[0].total_staff
