"""Plans API: results, figures with their source, and posting figures all-or-nothing."""

from decimal import Decimal as D  # noqa: N817

import pytest
from django.test import Client

from conftest import ARCHETYPES
from dieuhanh.core.periods import Month
from dieuhanh.org.access import authority_for
from dieuhanh.plans import services
from dieuhanh.plans.models import Figure, FigureChange, ImportBatch


def client_for(org, archetype):
    client = Client()
    client.force_login(getattr(org, archetype).user)
    return client


def post(client, figures, reason=""):
    return client.post(
        "/api/plans/figures",
        {"figures": figures, "reason": reason},
        content_type="application/json",
    )


GOOD = [
    {"unit": "kv1", "item": "TB_MOI", "month": "01/2026", "value": "10"},
    {"unit": "kv1", "item": "TB_GQ", "month": "01/2026", "value": "9"},
    {"unit": "kv1-to1", "item": "TB_MOI", "month": "01/2026", "value": "10"},
    {"unit": "kv1-to1", "item": "TB_GQ", "month": "01/2026", "value": "1"},
]


def test_posted_figures_land_and_show_in_results(org):
    client = client_for(org, "unit_head")
    response = post(client, GOOD)
    assert response.status_code == 201
    assert response.json()["created"] == 4
    assert post(client, GOOD).json() == {
        **response.json(),
        "batch_id": response.json()["batch_id"] + 1,
        "created": 0,
        "unchanged": 4,
    }
    results = client.get("/api/plans/units/kv1/results", {"period": "m-2026-01"}).json()
    resolved = next(r for r in results["results"] if r["indicator"] == "TL_GQ_TGTB")
    assert (
        results["period_label"],
        resolved["numerator"],
        resolved["denominator"],
        resolved["value"],
        resolved["status"],
    ) == ("Tháng 1/2026", "10.00", "20.00", "50.00", "khong_dat")
    figures = client.get(
        "/api/plans/units/kv1/figures", {"item": "TB_GQ", "period": "m-2026-01"}
    ).json()
    assert [(f["unit"], f["value"], f["source"]) for f in figures] == [
        ("kv1", "9.00", "api"),
        ("kv1-to1", "1.00", "api"),
    ]


def test_one_bad_row_saves_nothing(org):
    before = (Figure.objects.count(), ImportBatch.objects.count())
    response = post(
        client_for(org, "unit_head"),
        [*GOOD, {"unit": "kv1", "item": "KHONG_CO", "month": "01/2026", "value": "1"}],
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dòng 5: không có chỉ tiêu thống kê mã “KHONG_CO”.",
        "field": "item",
    }
    assert (Figure.objects.count(), ImportBatch.objects.count()) == before


def test_negative_value_and_bad_month_are_refused(org):
    client = client_for(org, "unit_head")
    assert (
        post(
            client, [{"unit": "kv1", "item": "TB_MOI", "month": "01/2026", "value": "-1"}]
        ).status_code
        == 422
    )
    response = post(client, [{"unit": "kv1", "item": "TB_MOI", "month": "13/2026", "value": "1"}])
    assert (response.status_code, response.json()["field"]) == (400, "month")
    assert Figure.objects.count() == 0


def test_unit_outside_scope_is_404_and_nothing_saved(org):
    response = post(client_for(org, "peer"), GOOD)
    assert response.status_code == 404
    assert Figure.objects.count() == 0


def test_closed_month_needs_a_reason(org):
    client = client_for(org, "unit_head")
    post(client, GOOD)
    services.close_period(
        org.province,
        month=Month(2026, 1),
        signed_by="Trần Văn Trưởng",
        authority=authority_for(org.chief.user),
    )
    changed = [{**GOOD[0], "value": "12"}]
    response = post(client, changed)
    assert (response.status_code, response.json()["field"]) == (400, "reason")
    assert Figure.objects.get(unit=org.kv1, item__code="TB_MOI").value == D(10)
    response = post(client, changed, reason="Đính chính theo báo cáo của Cơ quan điều tra")
    assert response.json()["corrections"] == 1
    assert FigureChange.objects.filter(correction=True).count() == 1


#                 unit_head chief peer deputy delegate past outsider admin
RESULTS_KV1 = [200, 200, 404, 200, 404, 404, 404, 200]
POST_KV1 = [201, 201, 404, 201, 404, 404, 404, 201]


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_results_and_post_matrix(org, archetype):
    client = client_for(org, archetype)
    index = ARCHETYPES.index(archetype)
    assert (
        client.get("/api/plans/units/kv1/results", {"period": "m-2026-01"}).status_code
        == RESULTS_KV1[index]
    )
    before = Figure.objects.count()
    response = post(client, GOOD[:1])
    assert response.status_code == POST_KV1[index]
    if response.status_code != 201:
        assert Figure.objects.count() == before


def test_bad_period_is_400(org):
    response = client_for(org, "chief").get("/api/plans/units/kv1/results", {"period": "m-2026-13"})
    assert response.status_code == 400
    assert response.json()["field"] == "period"
