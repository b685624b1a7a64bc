"""Typing a month's figures in the grid: saved whole, refused whole, never overwriting others."""

from decimal import Decimal as D  # noqa: N817

from django.urls import reverse

from dieuhanh.plans.models import Figure, StatItem


def entry_url(code="kv1", month="2026-01"):
    return reverse("plans:figure_entry", kwargs={"code": code}) + f"?month={month}"


def cell(org, unit, code):
    return f"v-{unit.pk}-{StatItem.objects.get(code=code).pk}"


def original(org, unit, code):
    return f"o-{unit.pk}-{StatItem.objects.get(code=code).pk}"


def test_grid_saves_vietnamese_numbers(client, org):
    client.force_login(org.unit_head.user)
    response = client.post(
        entry_url(), {cell(org, org.kv1, "TB_MOI"): "1.234", cell(org, org.team, "TB_MOI"): "12"}
    )
    assert response.status_code == 302
    values = dict(Figure.objects.values_list("unit__code", "value"))
    assert values == {"kv1": D(1234), "kv1-to1": D(12)}


def test_one_bad_cell_saves_nothing_and_is_shown_next_to_the_cell(client, org):
    client.force_login(org.unit_head.user)
    bad = cell(org, org.team, "TB_GQ")
    response = client.post(entry_url(), {cell(org, org.kv1, "TB_MOI"): "10", bad: "mười"})
    assert response.status_code == 200
    assert response.context["errors"] == {bad: "“mười” không phải là số."}
    assert Figure.objects.count() == 0


def test_a_value_changed_by_someone_else_is_not_overwritten(client, org):
    # Given two people opened January's grid when TB_MOI of KV1 was empty
    client.force_login(org.unit_head.user)
    client.post(entry_url(), {cell(org, org.kv1, "TB_MOI"): "10"})  # the first saves 10
    # When the second saves 11 from the stale form (which loaded an empty cell)
    client.force_login(org.chief.user)
    response = client.post(
        entry_url(), {cell(org, org.kv1, "TB_MOI"): "11", original(org, org.kv1, "TB_MOI"): ""}
    )
    # Then nothing is saved and they are told why
    assert response.status_code == 200
    assert "vừa được người khác sửa thành 10" in response.context["general"][0]
    assert Figure.objects.get().value == D(10)


def test_entry_needs_report_power(client, org):
    client.force_login(org.peer.user)
    assert client.get(entry_url()).status_code == 404
    client.force_login(org.unit_head.user)
    assert client.get(entry_url()).status_code == 200
    assert client.get(entry_url(code="kv2")).status_code == 404
