"""The cockpit page: who sees which unit, what it shows, and a fixed number of queries."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import ARCHETYPES
from dieuhanh.cockpit.tests.data import JANUARY, seed_resolution, seed_results, seed_tasks
from dieuhanh.core.models import AuditEntry
from dieuhanh.org.tests.factories import make_unit

URL = reverse("cockpit:cockpit")

#                unit_head chief peer deputy delegate past outsider admin
MATRIX = {
    "": [200, 200, 200, 200, 200, 200, 200, 200],
    "?unit=kv1": [200, 200, 404, 200, 404, 404, 404, 200],
    "?unit=kv2": [404, 200, 200, 200, 200, 404, 404, 200],
    "?unit=tinh-thu": [404, 200, 404, 200, 404, 404, 404, 200],
    "?unit=khong-co": [404, 404, 404, 404, 404, 404, 404, 404],
}
# The unit each one's cockpit opens on: the main posting's, else the top of the scope.
DEFAULT_UNIT = ["kv1", "tinh-thu", "kv2", "tinh-thu", "phong-1", "phong-1", None, "tinh-thu"]


@pytest.mark.parametrize("archetype", ARCHETYPES)
@pytest.mark.parametrize("query", list(MATRIX))
def test_page_matrix(client, org, query, archetype):
    # Given some figures and tasks, and each archetype logged in
    seed_results(org)
    client.force_login(getattr(org, archetype).user)
    # When they open the cockpit (of a unit, by its code)
    response = client.get(URL + query)
    # Then a unit outside their scope is not found, whichever it is
    assert response.status_code == MATRIX[query][ARCHETYPES.index(archetype)]
    if response.status_code == 404:
        main = response.text[response.text.index("<main") :]
        assert "VKSND" not in main
        assert "Bảng điều hành —" not in main


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_the_cockpit_opens_on_the_users_own_unit(client, org, archetype):
    client.force_login(getattr(org, archetype).user)
    response = client.get(URL)
    unit = response.context["unit"]
    assert (unit.code if unit else None) == DEFAULT_UNIT[ARCHETYPES.index(archetype)]


def test_someone_without_any_unit_gets_an_explanation(client, org):
    client.force_login(org.outsider.user)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'data-testid="cockpit-empty"' in response.text
    assert "heat-map" not in response.text


def test_anonymous_users_are_sent_to_the_login_page(client, org):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("query", ["?period=m-2026-13", "?area=KHONG-CO", "?period=abc"])
def test_unknown_filters_are_not_found(client, org, query):
    client.force_login(org.chief.user)
    assert client.get(URL + query).status_code == 404


def test_heat_map_cells_show_value_and_status_and_link_to_the_drill_down(client, org):
    # Given January 2026 figures
    seed_results(org)
    client.force_login(org.chief.user)

    # When the Chief opens the province's cockpit for January
    response = client.get(URL + "?period=m-2026-01")

    # Then KV1's cell for crime reports resolved says 50,00% and "Không đạt" in words, is
    # coloured as a miss and opens the figures behind it
    html = response.text
    cell = re.search(
        r'<td class="heat-cell heat-missed"\s+data-indicator="TL_GQ_TGTB"\s+'
        r'data-status="khong_dat">\s*<a href="([^"]+)"\s+title="([^"]+)">(.*?)</a>',
        html[html.index('data-unit="kv1"') :],
        re.S,
    )
    assert cell is not None
    href, title, text = cell.groups()
    assert href == "/plans/units/kv1/drill/TL_GQ_TGTB/?period=m-2026-01"
    assert "50,00%" in text
    assert "Không đạt" in text
    assert title.startswith("KV1 · Tỷ lệ giải quyết tố giác")
    assert "(chỉ tiêu 90,00%)" in title
    # And every row and column has a header with its scope
    assert len(re.findall(r"<th scope=\"row\"\s+class=\"heat-unit", html)) == 4
    assert html.count('<th scope="col" class="small text-center"') == 8


def test_charts_get_their_data_from_json_and_a_static_script(client, org):
    seed_results(org)
    seed_tasks(org)
    client.force_login(org.chief.user)
    # For the default period (year to date) the tasks due this month count as well
    response = client.get(URL + "?indicator=TL_GQ_TGTB")
    assert response.context["timeliness_chart"]["series"][3] == {
        "key": "open_overdue",
        "label": "Chưa hoàn thành, quá hạn",
        "values": [0, 0, 0, 1],
    }
    assert response.context["timeliness_chart"]["labels"] == [
        "VKS tỉnh (nhiệm vụ của đơn vị)",
        "Phòng 1",
        "KV1",
        "KV2",
    ]
    response = client.get(URL + "?period=m-2026-01&indicator=TL_GQ_TGTB")
    assert response.context["timeliness_chart"] is None  # no task due in January
    ranking = response.context["ranking_chart"]
    assert (ranking["labels"], ranking["values"], ranking["targets"]) == (
        ["KV2", "KV1", "Phòng 1"],
        [95.0, 50.0, None],
        [90.0, 90.0, 90.0],
    )
    html = response.text
    data = re.search(
        r'<script id="ranking-chart-data" type="application/json">(.*?)</script>', html
    )
    assert data is not None
    assert json.loads(data.group(1))["suffix"] == "%"
    assert '/static/vendor/chart.js/chart.umd.min.js"' in html
    assert '/static/cockpit/cockpit.js"' in html
    # No inline script: only JSON data blocks and scripts loaded from static files
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline == []
    # And each chart has a table beside it with the same figures
    assert 'data-testid="ranking"' in html
    assert 'data-testid="timeliness"' in html
    html = client.get(URL).text
    assert '<script id="timeliness-chart-data" type="application/json">' in html


def test_work_area_filter_and_links_keep_the_filters(client, org):
    seed_results(org)
    client.force_login(org.chief.user)
    response = client.get(URL + "?period=m-2026-01&area=DTRA")
    assert [i.code for i in response.context["page"].indicators] == [
        "TL_TT_DUNGHAN",
        "TL_TT_DUNGTOI",
        "SO_OAN",
    ]
    # A sub-unit's name opens its own cockpit for the same period and work area
    assert 'href="?unit=kv1&amp;period=m-2026-01&amp;area=DTRA"' in response.text


def test_overdue_counts_link_to_the_units_task_list(client, org):
    seed_tasks(org)
    client.force_login(org.chief.user)
    html = client.get(URL).text
    table = html[html.index('data-testid="task-loads"') :]
    # A sub-unit's count opens its list of overdue tasks
    kv2 = table[table.index('<tr data-unit="kv2"') :]
    assert re.match(
        r'.*?<a class="text-danger"\s+href="/directives/units/kv2/\?group=open_overdue">1</a>',
        kv2,
        re.S,
    )
    # The province's own tasks open its list; its total (sub-units included) is plain text
    own = table[table.index('data-scope="own"') :]
    assert re.match(r'.*?href="/directives/units/tinh-thu/\?group=open_overdue">0</a>', own, re.S)
    total = table[table.index("<tfoot>") : table.index("</tfoot>")]
    assert "href" not in total
    assert re.search(r'<span class="text-danger">1</span>', total)


def test_home_page_and_navigation_lead_to_the_cockpit(client, org):
    client.force_login(org.unit_head.user)
    html = client.get(reverse("home")).text
    assert html.count(f'href="{URL}"') == 2  # the navigation bar and the home page's button
    assert 'data-testid="open-cockpit"' in html


def _grow(org, index):
    """Ten times the data: more months and bigger figures, more units, tasks, resolutions and
    history."""
    extra = [
        make_unit(f"kv{n}", f"VKSND khu vực {n}", "khu-vuc", org.province) for n in (3, 4, 5, 6)
    ]
    months = [JANUARY.shift(-n) for n in range(10)]
    seed_results(org, months=months, scale=10, extra=extra)
    for n in range(index):
        seed_resolution(org, seed_tasks(org, suffix=f" ({n})"), title=f"Nghị quyết {n}")


@pytest.mark.parametrize(("who", "query"), [("chief", ""), ("unit_head", "?unit=kv1")])
def test_queries_do_not_grow_with_data(client, org, who, query):
    # Given a little data
    seed_results(org)
    seed_resolution(org, seed_tasks(org)[:1], title="Nghị quyết")
    client.force_login(getattr(org, who).user)
    url = URL + query + ("&" if query else "?") + "period=m-2026-01"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    # When there is ten times as much
    _grow(org, 10)
    assert AuditEntry.objects.count() > 100
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    # Then the page takes exactly as many queries
    assert len(large) == len(small) == QUERY_BUDGET[who]


QUERY_BUDGET = {"chief": 24, "unit_head": 25}
