"""Plans pages: who sees what, what they show, and a fixed number of queries."""

from decimal import Decimal as D  # noqa: N817

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import ARCHETYPES
from dieuhanh.core.periods import Month
from dieuhanh.org.access import authority_for
from dieuhanh.plans import services
from dieuhanh.plans.models import ImportBatch, StatItem


def seed(org, months=((2026, 1),), scale=1):
    authority = authority_for(org.admin.user)
    batch = services.new_batch(ImportBatch.Source.SEED, authority=authority)
    rows = []
    for year, month in months:
        for unit, new, done in [(org.kv1, 10, 9), (org.team, 10, 1), (org.kv2, 80, 40)]:
            rows.append(
                services.FigureInput(
                    unit, StatItem.objects.get(code="TB_MOI"), Month(year, month), D(new * scale)
                )
            )
            rows.append(
                services.FigureInput(
                    unit, StatItem.objects.get(code="TB_GQ"), Month(year, month), D(done * scale)
                )
            )
    services.save_figures(rows, batch=batch, authority=authority)


def url(name, **kwargs):
    return reverse(f"plans:{name}", kwargs=kwargs)


#             unit_head chief peer deputy delegate past outsider admin
MATRIX = {
    "indicators": [200, 200, 200, 200, 200, 200, 200, 200],
    "results_kv1": [200, 200, 404, 200, 404, 404, 404, 200],
    "results_kv2": [404, 200, 200, 200, 200, 404, 404, 200],
    "drill_kv1": [200, 200, 404, 200, 404, 404, 404, 200],
    "ranking_kv1": [200, 200, 404, 200, 404, 404, 404, 200],
}


def page_url(page):
    return {
        "indicators": url("indicators"),
        "results_kv1": url("unit_results", code="kv1") + "?period=m-2026-01",
        "results_kv2": url("unit_results", code="kv2") + "?period=m-2026-01",
        "drill_kv1": url("drill_down", code="kv1", indicator_code="TL_GQ_TGTB")
        + "?period=m-2026-01",
        "ranking_kv1": url("indicator_units", code="TL_GQ_TGTB") + "?period=m-2026-01&unit=kv1",
    }[page]


@pytest.mark.parametrize("archetype", ARCHETYPES)
@pytest.mark.parametrize("page", list(MATRIX))
def test_page_matrix(client, org, page, archetype):
    seed(org)
    client.force_login(getattr(org, archetype).user)
    assert client.get(page_url(page)).status_code == MATRIX[page][ARCHETYPES.index(archetype)]


def test_unit_results_show_value_target_and_status(client, org):
    seed(org)
    client.force_login(org.chief.user)
    response = client.get(url("unit_results", code="kv1") + "?period=m-2026-01")
    rows = {row.result.indicator.code: row for row in response.context["rows"]}
    resolved = rows["TL_GQ_TGTB"].result
    assert (resolved.numerator, resolved.denominator, resolved.value, resolved.target) == (
        D(10),
        D(20),
        D("50.00"),
        D(90),
    )
    assert "50,00%" in response.text  # Vietnamese decimal comma
    assert "Không đạt" in response.text


def test_drill_down_lists_the_figures_and_their_source(client, org):
    seed(org)
    client.force_login(org.unit_head.user)
    response = client.get(
        url("drill_down", code="kv1", indicator_code="TL_GQ_TGTB") + "?period=m-2026-01"
    )
    sections = {item.code: figures for item, figures in response.context["sections"]}
    assert sorted((f.unit.code, f.value) for f in sections["TB_GQ"]) == [
        ("kv1", D(9)),
        ("kv1-to1", D(1)),
    ]
    assert "Dữ liệu demo" in response.text


def test_unknown_period_is_404(client, org):
    client.force_login(org.chief.user)
    assert client.get(url("unit_results", code="kv1") + "?period=m-2026-13").status_code == 404


@pytest.mark.parametrize("page", ["results_kv1", "drill_kv1", "ranking_kv1", "indicators"])
def test_queries_do_not_grow_with_data(client, org, page):
    seed(org)
    client.force_login(org.chief.user)
    client.get(page_url(page))
    with CaptureQueriesContext(connection) as small:
        client.get(page_url(page))
    seed(org, months=[(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 12)], scale=3)
    with CaptureQueriesContext(connection) as large:
        client.get(page_url(page))
    assert len(large) == len(small)
    assert len(large) <= 20
