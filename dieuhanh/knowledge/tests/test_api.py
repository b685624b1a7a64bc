"""Knowledge API: the same rules as the pages; errors are {"detail", "field"}; out of scope is
404, in scope without the right 403, a refused change 400, a stale version 409; a refused write
changes nothing; lists cost the same number of queries with ten times the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import ARCHETYPES
from dieuhanh.core.models import AuditEntry
from dieuhanh.directives.models import Directive, Task
from dieuhanh.knowledge import services
from dieuhanh.knowledge.models import (
    Assessment,
    Contribution,
    GoodPractice,
    GuidanceVersion,
    Resolution,
    ResolutionAction,
)
from dieuhanh.knowledge.tests.conftest import area, make_seminar
from dieuhanh.knowledge.tests.resolution_world import action, draft

A = [*ARCHETYPES, "tccb_head", "tccb_staff"]
BASE = "/api/knowledge"


def row(*statuses):
    assert len(statuses) == len(A)
    return dict(zip(A, statuses, strict=True))


def client_for(kn, archetype):
    client = Client()
    client.force_login(getattr(kn, archetype).user)
    return client


def post(client, address, body=None):
    return client.post(address, body or {}, content_type="application/json")


@pytest.fixture
def world(kn):
    """A seminar of the personnel department with a KV1 contribution, a KV2 contribution
    outside it; version 1 in force and version 2 a draft; a province draft resolution and an
    adopted one."""
    seminar = make_seminar(kn, by=kn.tccb_head, units=[kn.kv1, kn.kv2])
    kv1 = services.submit_contribution(
        authority=kn.auth(kn.prosecutor),
        title="Kiểm tra chéo hồ sơ",
        text="Hồ sơ được đọc lại trước khi trình.",
        kind="practice",
        work_areas=[area("DTRA")],
        seminar=seminar,
    )
    kv2 = services.submit_contribution(
        authority=kn.auth(kn.peer), title="Sổ theo dõi", text="Sổ điện tử.", kind="practice"
    )
    keeper, chief = kn.auth(kn.tccb_head), kn.auth(kn.chief)
    v1 = services.compile_version(kn.document, authority=keeper, applies_to="Viện trưởng khu vực")
    services.add_section(v1, authority=keeper, topic="Những vấn đề chung", body="Quản lý, chỉ đạo.")
    services.submit_for_review(v1, authority=keeper, expected_version=1)
    services.approve_version(
        v1, authority=chief, expected_version=2, effective_from=kn.today, document_number="01/CĐ"
    )
    v2 = services.compile_version(kn.document, authority=keeper)
    section = v2.sections.get()
    services.update_section(
        section,
        authority=keeper,
        expected_version=1,
        topic=section.topic,
        body="Quản lý, chỉ đạo, điều hành.",
        work_area=None,
        order=1,
    )
    pending = draft(kn, title="Dự thảo nghị quyết")
    adopted = draft(kn, title="Nghị quyết đã thông qua", document_number="04/NQ-VKS")
    services.adopt_resolution(adopted, authority=chief, expected_version=1)
    return {
        "seminar": seminar,
        "kv1": kv1,
        "kv2": kv2,
        "v1": GuidanceVersion.objects.get(pk=v1.pk),
        "v2": v2,
        "draft": pending,
        "adopted": adopted,
    }


def state():
    """Everything a refused request must leave as it was."""
    return (
        list(Contribution.objects.order_by("pk").values_list("pk", "title", "version")),
        list(Assessment.objects.values_list("contribution_id", "decision")),
        list(GoodPractice.objects.values_list("pk", flat=True)),
        list(Resolution.objects.order_by("pk").values_list("pk", "status", "version")),
        list(ResolutionAction.objects.order_by("pk").values_list("pk", "directive_id")),
        Directive.objects.count(),
        Task.objects.count(),
        AuditEntry.objects.count(),
    )


# ---------------------------------------------------------------- reads

#                          unit_head chief peer deputy delegate past outsider admin tccb_h tccb_s
GET_MATRIX = {
    "seminars":             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "seminar":              row(200, 200, 200, 200, 200, 404, 404, 200, 200, 200),
    "contributions":        row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "contribution_kv1":     row(200, 200, 404, 200, 404, 404, 404, 200, 200, 404),
    "contribution_kv2":     row(404, 200, 200, 200, 200, 404, 404, 200, 200, 404),
    "practices":            row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "versions":             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "version_in_force":     row(200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
    "version_draft":        row(404, 200, 404, 200, 404, 404, 404, 200, 200, 200),
    "compare":              row(404, 200, 404, 200, 404, 404, 404, 200, 200, 200),
    "search":               row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "resolutions":          row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "resolution_draft":     row(404, 200, 404, 200, 404, 404, 404, 200, 404, 404),
    "resolution_adopted":   row(200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
}  # fmt: skip


def get_url(name, w):
    return (
        BASE
        + {
            "seminars": "/seminars",
            "seminar": f"/seminars/{w['seminar'].pk}",
            "contributions": "/contributions",
            "contribution_kv1": f"/contributions/{w['kv1'].pk}",
            "contribution_kv2": f"/contributions/{w['kv2'].pk}",
            "practices": "/practices",
            "versions": "/guidance/versions",
            "version_in_force": f"/guidance/versions/{w['v1'].pk}",
            "version_draft": f"/guidance/versions/{w['v2'].pk}",
            "compare": f"/guidance/versions/{w['v2'].pk}/compare",
            "search": "/search?q=quan+ly",
            "resolutions": "/resolutions",
            "resolution_draft": f"/resolutions/{w['draft'].pk}",
            "resolution_adopted": f"/resolutions/{w['adopted'].pk}",
        }[name]
    )


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("endpoint", list(GET_MATRIX))
def test_read_matrix(kn, world, endpoint, archetype):
    response = client_for(kn, archetype).get(get_url(endpoint, world))
    assert response.status_code == GET_MATRIX[endpoint][archetype], response.content
    if response.status_code == 404:
        assert response.json() == {"detail": "Không tìm thấy."}


@pytest.mark.parametrize("endpoint", list(GET_MATRIX))
def test_anonymous_is_401(world, endpoint):
    response = Client().get(get_url(endpoint, world))
    assert response.status_code == 401
    assert response.json() == {"detail": "Cần đăng nhập hoặc khóa API hợp lệ."}


def test_lists_are_scoped(kn, world):
    def ids(archetype, path):
        return [item["id"] for item in client_for(kn, archetype).get(BASE + path).json()]

    assert ids("peer", "/contributions") == [world["kv2"].pk]
    assert ids("unit_head", "/contributions") == [world["kv1"].pk]
    assert ids("outsider", "/seminars") == []
    assert ids("unit_head", "/resolutions") == [world["adopted"].pk]
    assert ids("chief", "/resolutions") == [world["adopted"].pk, world["draft"].pk]
    assert ids("unit_head", "/guidance/versions") == [world["v1"].pk]
    assert ids("tccb_staff", "/guidance/versions") == [world["v2"].pk, world["v1"].pk]


# ---------------------------------------------------------------- writes

#                          unit_head chief peer deputy delegate past outsider admin tccb_h tccb_s
POST_MATRIX = {
    "contribute":           row(201, 201, 201, 201, 201, 201, 403, 403, 201, 201),
    "assess_kv1":           row(403, 201, 404, 403, 404, 404, 404, 201, 201, 404),
    "adopt":                row(404, 200, 404, 403, 404, 404, 404, 200, 404, 404),
}  # fmt: skip


def post_request(name, w):
    if name == "contribute":
        return "/contributions", {"title": "Kinh nghiệm", "text": "Nội dung.", "kind": "experience"}
    if name == "assess_kv1":
        return f"/contributions/{w['kv1'].pk}/assessment", {"decision": "adopt", "reason": "Tốt"}
    return f"/resolutions/{w['draft'].pk}/adopt", {"version": 1}


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("name", list(POST_MATRIX))
def test_write_matrix_and_nothing_changes_on_refusal(kn, world, name, archetype):
    before = state()
    path, body = post_request(name, world)
    response = post(client_for(kn, archetype), BASE + path, body)
    expected = POST_MATRIX[name][archetype]
    assert response.status_code == expected, response.content
    if expected < 400:
        assert state() != before
    else:
        assert state() == before
        assert set(response.json()) <= {"detail", "field"}


# ---------------------------------------------------------------- what comes back


def test_contribution_is_submitted_to_a_seminar_and_assessed(kn, world):
    client = client_for(kn, "unit_head")
    response = post(
        client,
        BASE + "/contributions",
        {
            "title": "Giao ban tuần",
            "text": "Giao ban mỗi sáng thứ Hai.",
            "kind": "practice",
            "work_areas": ["DTRA"],
            "seminar_id": world["seminar"].pk,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["seminar_id"], body["unit"], body["addressed_to"], body["work_areas"]) == (
        world["seminar"].pk,
        "kv1",
        "tccb",
        ["DTRA"],
    )
    assert (body["decision"], body["assessment"]) == (None, None)
    assessed = post(
        client_for(kn, "tccb_head"),
        f"{BASE}/contributions/{body['id']}/assessment",
        {"decision": "adopt", "reason": "Hiệu quả", "practice_title": "Giao ban đầu tuần"},
    )
    assert assessed.status_code == 201
    practice = GoodPractice.objects.get(title="Giao ban đầu tuần")
    assessment = assessed.json()["assessment"]
    assert (assessment["decision"], assessment["practice_ids"], assessment["by"]) == (
        "adopt",
        [practice.pk],
        "Lý Thị Cán",
    )
    practices = client.get(BASE + "/practices").json()
    assert [(p["title"], p["source_ids"]) for p in practices] == [
        ("Giao ban đầu tuần", [body["id"]])
    ]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "practice", "title": "T", "text": " "}, 400, "text"),
        (
            {"kind": "practice", "title": "T", "text": "x", "work_areas": ["KHONG"]},
            400,
            "work_areas",
        ),
        ({"kind": "practice", "title": "T", "text": "x", "unit": "kv2"}, 400, "unit"),
        ({"kind": "other", "title": "T", "text": "x"}, 422, "kind"),
        ({"kind": "practice", "title": "T", "text": "x", "seminar_id": 999999}, 404, None),
    ],
)
def test_bad_contribution_is_refused_and_nothing_saved(kn, world, body, status, field):
    before = state()
    response = post(client_for(kn, "unit_head"), BASE + "/contributions", body)
    assert response.status_code == status, response.content
    assert response.json().get("field") == field
    assert state() == before


def test_assessment_refusal_names_the_field(kn, world):
    before = state()
    response = post(
        client_for(kn, "tccb_head"),
        f"{BASE}/contributions/{world['kv2'].pk}/assessment",
        {"decision": "unsuitable", "reason": "Chưa phù hợp"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Ý kiến chưa phù hợp cần có hướng dẫn gửi đơn vị.",
        "field": "advice",
    }
    assert state() == before


def test_version_detail_and_comparison(kn, world):
    client = client_for(kn, "tccb_head")
    detail = client.get(f"{BASE}/guidance/versions/{world['v2'].pk}").json()
    assert (detail["number"], detail["status"], detail["based_on_id"]) == (
        2,
        "draft",
        world["v1"].pk,
    )
    assert [(s["order"], s["topic"], s["body"]) for s in detail["sections"]] == [
        (1, "Những vấn đề chung", "Quản lý, chỉ đạo, điều hành.")
    ]
    comparison = client.get(f"{BASE}/guidance/versions/{world['v2'].pk}/compare").json()
    assert (comparison["older_number"], comparison["newer_number"]) == (1, 2)
    assert (comparison["added"], comparison["removed"], comparison["changed"]) == (0, 0, 1)
    change = comparison["changes"][0]
    assert (change["kind"], change["before"], change["after"]) == (
        "changed",
        "Quản lý, chỉ đạo.",
        "Quản lý, chỉ đạo, điều hành.",
    )
    assert [line["tag"] for line in change["lines"]] == ["delete", "insert"]
    # A version of another document, or none to compare with, is 404
    missing = client.get(f"{BASE}/guidance/versions/{world['v1'].pk}/compare")
    assert missing.status_code == 404


def test_search_ignores_diacritics_and_case_and_highlights(kn, world):
    client = client_for(kn, "chief")
    body = client.get(BASE + "/search", {"q": "QUAN LY CHI DAO", "kind": "section"}).json()
    assert (body["terms"], body["total"]) == (["quan", "ly", "chi", "dao"], 2)
    assert {hit["snippet_html"] for hit in body["hits"]} == {
        "<mark>Quản</mark> <mark>lý</mark>, <mark>chỉ</mark> <mark>đạo</mark>.",
        "<mark>Quản</mark> <mark>lý</mark>, <mark>chỉ</mark> <mark>đạo</mark>, điều hành.",
    }
    # the KV1 head does not see the draft's section
    assert client_for(kn, "unit_head").get(BASE + "/search", {"q": "dieu hanh"}).json() == {
        "query": "dieu hanh",
        "terms": ["dieu", "hanh"],
        "total": 0,
        "hits": [],
    }
    wrong = client.get(BASE + "/search", {"q": "x", "kind": "khac"})
    assert wrong.status_code == 422
    assert wrong.json()["field"] == "kind"
    assert client.get(BASE + "/search").status_code == 422


def test_resolution_detail_shows_directives_and_what_a_draft_misses(kn, world):
    client = client_for(kn, "chief")
    adopted = client.get(f"{BASE}/resolutions/{world['adopted'].pk}").json()
    directives = list(
        Directive.objects.filter(resolution_action__resolution=world["adopted"]).order_by(
            "resolution_action__order"
        )
    )
    assert (adopted["status"], adopted["adopted_on"], adopted["missing"]) == (
        "adopted",
        kn.today.isoformat(),
        [],
    )
    assert [
        (a["order"], a["owner"], a["directive_id"], a["task_status"], a["progress"], a["group"])
        for a in adopted["actions"]
    ] == [
        (1, "kv1", directives[0].pk, "open", 0, "open_within"),
        (2, "kv2", directives[1].pk, "open", 0, "open_within"),
    ]
    assert adopted["actions"][0]["indicators"] == [
        {
            "indicator": "TL_KNG",
            "name": "Tỷ lệ kiến nghị được chấp nhận",
            "before": None,
            "after": None,
            "delta": None,
            "trend": None,
        }
    ]
    gaps = draft(kn, document_number="", actions=[action("Tập huấn", kn.kv1, None)])
    body = client.get(f"{BASE}/resolutions/{gaps.pk}").json()
    assert body["missing"] == [
        "chưa có số, ký hiệu của nghị quyết",
        "nội dung 1 “Tập huấn”: chưa rõ thời gian: chưa có thời hạn hoàn thành",
    ]
    # Someone who cannot adopt is not told what adoption would need
    deputy = client_for(kn, "deputy").get(f"{BASE}/resolutions/{gaps.pk}").json()
    assert deputy["missing"] == []


def test_adoption_through_the_api(kn, world):
    client = client_for(kn, "chief")
    response = post(client, f"{BASE}/resolutions/{world['draft'].pk}/adopt", {"version": 1})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["version"]) == ("adopted", 2)
    assert all(a["directive_id"] is not None for a in body["actions"])
    assert Directive.objects.filter(resolution_action__resolution=world["draft"]).count() == 2


def test_adoption_refused_lists_the_gaps_stale_is_409_and_nothing_saved(kn, world):
    gaps = draft(
        kn, document_number="", actions=[action("Tập huấn", None, kn.today + dt.timedelta(1))]
    )
    client = client_for(kn, "chief")
    before = state()
    refused = post(client, f"{BASE}/resolutions/{gaps.pk}/adopt", {"version": 1})
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "Chưa thể thông qua nghị quyết, còn thiếu: chưa có số, ký hiệu của nghị "
        "quyết; nội dung 1 “Tập huấn”: chưa rõ người: chưa có đơn vị chủ trì.",
        "field": "actions",
    }
    stale = post(client, f"{BASE}/resolutions/{world['draft'].pk}/adopt", {"version": 5})
    assert stale.status_code == 409
    assert stale.json()["field"] == "version"
    invalid = post(client, f"{BASE}/resolutions/{world['draft'].pk}/adopt", {})
    assert invalid.status_code == 422
    assert state() == before


# ---------------------------------------------------------------- query budgets


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name",
    ["seminars", "seminar", "contributions", "practices", "versions", "search", "resolutions"],
)
def test_same_number_of_queries_with_ten_times_the_data(kn, world, name):
    # Given one good practice already (an empty list skips its prefetches)
    services.assess_contribution(
        world["kv1"], authority=kn.auth(kn.tccb_head), decision="adopt", reason="Tốt"
    )
    client = client_for(kn, "chief")
    address = get_url(name, world)
    count_queries(client, address)  # warm caches (content types, sessions)
    before = count_queries(client, address)
    # When there are ten times more seminars, contributions, practices and resolutions
    for number in range(10):
        for _ in range(3):
            contribution = services.submit_contribution(
                authority=kn.auth(kn.prosecutor),
                title=f"Quản lý {number}",
                text="Hồ sơ x",
                kind="experience",
                work_areas=[area("DTRA")],
                seminar=world["seminar"],
            )
        services.assess_contribution(
            contribution, authority=kn.auth(kn.tccb_head), decision="adopt", reason="Tốt"
        )
        draft(kn, title=f"Nghị quyết {number}")
        make_seminar(kn, title=f"Tọa đàm {number}", units=[kn.kv1])
    # Then the endpoint costs the same number of queries
    assert count_queries(client, address) == before


def test_resolution_detail_costs_the_same_queries_with_ten_times_the_items(kn, world):
    deadline = kn.today + dt.timedelta(days=30)
    units = [kn.kv1, kn.kv2, kn.team, kn.department]

    def adopted(items):
        resolution = draft(
            kn,
            title=f"Nghị quyết {items}",
            actions=[action(f"Nội dung {n}", units[n % 4], deadline) for n in range(items)],
        )
        services.adopt_resolution(resolution, authority=kn.auth(kn.chief), expected_version=1)
        return f"{BASE}/resolutions/{resolution.pk}"

    client = client_for(kn, "chief")
    small, large = adopted(2), adopted(20)
    count_queries(client, small)
    assert count_queries(client, small) == count_queries(client, large)
