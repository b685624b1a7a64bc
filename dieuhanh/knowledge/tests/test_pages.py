"""Knowledge pages: who may open and do what (allowed 200 / 302; visible but not allowed 403;
out of scope 404, with nothing changed), what the pages show, and their query budgets."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from conftest import ARCHETYPES
from dieuhanh.core.models import AuditEntry
from dieuhanh.knowledge import services
from dieuhanh.knowledge.models import (
    Assessment,
    Contribution,
    GoodPractice,
    GuidanceSection,
    GuidanceVersion,
    Seminar,
)
from dieuhanh.knowledge.tests.conftest import area, make_seminar

A = [*ARCHETYPES, "tccb_head", "tccb_staff"]


def row(*statuses):
    assert len(statuses) == len(A)
    return dict(zip(A, statuses, strict=True))


def url(name, *args, query=""):
    return reverse(f"knowledge:{name}", args=args) + (f"?{query}" if query else "")


@pytest.fixture
def world(kn):
    """A seminar of the personnel department chaired by the Chief, with KV1 and KV2; a KV1
    contribution in it and a KV2 one outside it; version 1 in force and version 2 a draft."""
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
        v1,
        authority=chief,
        expected_version=2,
        effective_from=kn.today,
        document_number="01/CĐ-VKS",
    )
    v2 = services.compile_version(kn.document, authority=keeper)
    return {
        "seminar": seminar,
        "kv1": kv1,
        "kv2": kv2,
        "v1": GuidanceVersion.objects.get(pk=v1.pk),
        "v2": v2,
        "section": v2.sections.get(),
    }


def state():
    """Everything a refused request must leave as it was."""
    return (
        list(Seminar.objects.order_by("pk").values_list("pk", "status", "minutes", "version")),
        list(Contribution.objects.order_by("pk").values_list("pk", "title", "version")),
        list(Assessment.objects.values_list("contribution_id", "decision")),
        list(GoodPractice.objects.values_list("pk", flat=True)),
        list(GuidanceVersion.objects.order_by("pk").values_list("pk", "status", "version")),
        list(GuidanceSection.objects.order_by("pk").values_list("pk", "body", "revision")),
        AuditEntry.objects.count(),
    )


# ---------------------------------------------------------------- pages

#                          unit_head chief peer deputy delegate past outsider admin tccb_h tccb_s
GET_MATRIX = {
    "seminars":             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "seminar_create":       row(200, 200, 200, 200, 200, 403, 403, 200, 200, 403),
    "seminar":              row(200, 200, 200, 200, 200, 404, 404, 200, 200, 200),
    "contribution_create":  row(200, 200, 200, 200, 200, 200, 403, 403, 200, 200),
    "contribution_kv1":     row(200, 200, 404, 200, 404, 404, 404, 200, 200, 404),
    "contribution_kv2":     row(404, 200, 200, 200, 200, 404, 404, 200, 200, 404),
    "practices":            row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "guidance":             row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "version_in_force":     row(200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
    "version_draft":        row(404, 200, 404, 200, 404, 404, 404, 200, 200, 200),
    "compare":              row(404, 200, 404, 200, 404, 404, 404, 200, 200, 200),
    "docx_in_force":        row(200, 200, 200, 200, 200, 200, 404, 200, 200, 200),
    "section_edit":         row(404, 200, 404, 403, 404, 404, 404, 200, 200, 403),
    "search":               row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
}  # fmt: skip


def get_url(name, w):
    return {
        "seminars": url("seminars"),
        "seminar_create": url("seminar_create"),
        "seminar": url("seminar", w["seminar"].pk),
        "contribution_create": url("contribution_create"),
        "contribution_kv1": url("contribution", w["kv1"].pk),
        "contribution_kv2": url("contribution", w["kv2"].pk),
        "practices": url("practices"),
        "guidance": url("guidance"),
        "version_in_force": url("version", w["v1"].pk),
        "version_draft": url("version", w["v2"].pk),
        "compare": url("version_compare", w["v2"].pk),
        "docx_in_force": url("version_docx", w["v1"].pk),
        "section_edit": url("section_edit", w["section"].pk),
        "search": url("search", query="q=quan+ly"),
    }[name]


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("page", list(GET_MATRIX))
def test_page_matrix(client, kn, world, page, archetype):
    client.force_login(getattr(kn, archetype).user)
    response = client.get(get_url(page, world))
    assert response.status_code == GET_MATRIX[page][archetype]


# ---------------------------------------------------------------- actions

#                          unit_head chief peer deputy delegate past outsider admin tccb_h tccb_s
POST_MATRIX = {
    "seminar_create":       row(200, 302, 200, 200, 200, 403, 403, 302, 302, 403),
    "minutes":              row(403, 302, 403, 403, 403, 404, 404, 302, 302, 403),
    "contribute":           row(302, 302, 302, 302, 302, 302, 403, 403, 302, 302),
    "assess_kv1":           row(403, 302, 404, 403, 404, 404, 404, 302, 302, 404),
    "assess_kv2":           row(404, 302, 403, 403, 403, 404, 404, 302, 302, 404),
    "compile":              row(403, 302, 403, 403, 403, 403, 404, 302, 302, 403),
    "review":               row(404, 302, 404, 403, 404, 404, 404, 302, 302, 403),
    "approve":              row(404, 302, 404, 403, 404, 404, 404, 302, 403, 403),
    "return":               row(404, 302, 404, 403, 404, 404, 404, 302, 403, 403),
    "section_add":          row(404, 302, 404, 403, 404, 404, 404, 302, 302, 403),
    "section_edit":         row(404, 302, 404, 403, 404, 404, 404, 302, 302, 403),
}  # fmt: skip


def prepare(action, kn, w):
    """Bring the world to where the action applies (before the state is taken)."""
    if action == "compile":
        GuidanceSection.objects.filter(version=w["v2"]).delete()
        GuidanceVersion.objects.filter(pk=w["v2"].pk).delete()
    if action in ("approve", "return"):
        keeper = kn.auth(kn.tccb_head)
        services.add_section(w["v2"], authority=keeper, topic="Đào tạo", body="Kèm cặp.")
        services.submit_for_review(w["v2"], authority=keeper, expected_version=1)


def post_request(action, kn, w):
    v2 = w["v2"]
    return {
        "seminar_create": (
            url("seminar_create"),
            {
                "title": "Tọa đàm mới",
                "date": kn.today.strftime("%d/%m/%Y"),
                "chair": kn.chief.pk,
                "organiser": kn.personnel.pk,
            },
        ),
        "minutes": (
            url("seminar_minutes", w["seminar"].pk),
            {"version": w["seminar"].version, "minutes": "Kết luận của tọa đàm."},
        ),
        "contribute": (
            url("contribution_create"),
            {"kind": "experience", "title": "Kinh nghiệm", "text": "Nội dung."},
        ),
        "assess_kv1": (
            url("contribution_assess", w["kv1"].pk),
            {"decision": "adopt", "reason": "Hiệu quả"},
        ),
        "assess_kv2": (
            url("contribution_assess", w["kv2"].pk),
            {"decision": "unsuitable", "reason": "Chưa phù hợp", "advice": "Làm sổ giấy."},
        ),
        "compile": (url("guidance_compile", kn.document.pk), {"summary": "Bổ sung"}),
        "review": (url("version_review", v2.pk), {"version": v2.version}),
        "approve": (
            url("version_approve", v2.pk),
            {
                "version": 2,
                "document_number": "02/CĐ-VKS",
                "effective_from": kn.today.strftime("%d/%m/%Y"),
            },
        ),
        "return": (url("version_return", v2.pk), {"version": 2, "note": "Bổ sung"}),
        "section_add": (url("section_add", v2.pk), {"topic": "Mục mới", "body": "Nội dung"}),
        "section_edit": (
            url("section_edit", w["section"].pk),
            {"version": 1, "topic": "Những vấn đề chung", "body": "Sửa", "order": 1},
        ),
    }[action]


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("action", list(POST_MATRIX))
def test_action_matrix_and_nothing_changes_on_refusal(client, kn, world, action, archetype):
    prepare(action, kn, world)
    client.force_login(getattr(kn, archetype).user)
    before = state()
    address, data = post_request(action, kn, world)
    response = client.post(address, data)
    expected = POST_MATRIX[action][archetype]
    assert response.status_code == expected, response.content.decode()[:3000]
    if expected == 302:
        assert state() != before
    else:
        assert state() == before


# ---------------------------------------------------------------- what the pages show


def test_contribution_page_shows_the_assessment_to_the_author(client, kn, world):
    services.assess_contribution(
        world["kv2"],
        authority=kn.auth(kn.tccb_head),
        decision="unsuitable",
        reason="Chưa phù hợp với đơn vị ít cán bộ",
        advice="Dùng sổ giấy có mẫu thống nhất.",
    )
    client.force_login(kn.peer.user)
    html = client.get(url("contribution", world["kv2"].pk)).content.decode()
    assert "Chưa phù hợp, có hướng dẫn" in html
    assert "Dùng sổ giấy có mẫu thống nhất." in html
    assert 'data-testid="assessment-form"' not in html


def test_assessor_sees_the_form_and_an_invalid_decision_is_shown_next_to_its_field(
    client, kn, world
):
    client.force_login(kn.tccb_head.user)
    html = client.get(url("contribution", world["kv2"].pk)).content.decode()
    assert 'data-testid="assessment-form"' in html
    response = client.post(
        url("contribution_assess", world["kv2"].pk), {"decision": "unsuitable", "reason": "x"}
    )
    assert response.status_code == 200
    assert "Ý kiến chưa phù hợp cần có hướng dẫn gửi đơn vị." in response.content.decode()
    assert not Assessment.objects.exists()


def test_search_page_highlights_and_htmx_fragment(client, kn, world):
    client.force_login(kn.chief.user)
    response = client.get(url("search", query="q=QUAN+LY+CHI+DAO"))
    html = response.content.decode()
    assert "<mark>Quản</mark> <mark>lý</mark>, <mark>chỉ</mark> <mark>đạo</mark>." in html
    assert f'href="/knowledge/guidance/versions/{world["v1"].pk}/#section-' in html
    fragment = client.get(url("search", query="q=ho+so"), headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert "<html" not in body
    assert "<mark>Hồ</mark> <mark>sơ</mark>" in body


def test_compare_page_lists_the_changes(client, kn, world):
    keeper = kn.auth(kn.tccb_head)
    services.update_section(
        world["section"],
        authority=keeper,
        expected_version=1,
        topic="Những vấn đề chung",
        body="Quản lý, chỉ đạo, điều hành.",
        work_area=None,
        order=1,
    )
    services.add_section(world["v2"], authority=keeper, topic="Đào tạo", body="Kèm cặp.")
    client.force_login(kn.chief.user)
    html = client.get(url("version_compare", world["v2"].pk)).content.decode()
    assert "1 mục mới, 0 mục bỏ, 1 mục sửa." in html
    assert 'data-change="added"' in html
    assert "<ins> điều hành.</ins>" in html or "<ins>" in html


def test_docx_download(client, kn, world):
    client.force_login(kn.unit_head.user)
    response = client.get(url("version_docx", world["v1"].pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        f'attachment; filename="chuyen-de-{kn.document.pk}-phien-ban-1.docx"'
    )
    document = Document(io.BytesIO(response.content))
    assert "CHUYÊN ĐỀ" in [p.text for p in document.paragraphs]


def test_full_cycle_through_the_pages(client, kn, world):
    # The head of the personnel department assesses the KV1 contribution: adopted
    client.force_login(kn.tccb_head.user)
    client.post(
        url("contribution_assess", world["kv1"].pk),
        {"decision": "adopt", "reason": "Hiệu quả", "practice_title": "Kiểm tra chéo"},
    )
    practice = GoodPractice.objects.get()
    # The draft gets the practice only from a new compilation: discard and compile again
    GuidanceVersion.objects.filter(pk=world["v2"].pk).delete()
    response = client.post(url("guidance_compile", kn.document.pk), {})
    v3 = GuidanceVersion.objects.get(status="draft")
    assert response.status_code == 302
    assert list(v3.sections.get(work_area__code="DTRA").practices.all()) == [practice]
    client.post(url("version_review", v3.pk), {"version": v3.version})
    client.force_login(kn.chief.user)
    client.post(
        url("version_approve", v3.pk),
        {
            "version": 2,
            "document_number": "03/CĐ-VKS",
            "effective_from": kn.today.strftime("%d/%m/%Y"),
        },
    )
    v3.refresh_from_db()
    world["v1"].refresh_from_db()
    assert (v3.status, world["v1"].status) == ("in_force", "superseded")


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["seminars", "seminar", "contribution_kv1", "guidance", "version_in_force", "search"]
)
def test_same_number_of_queries_with_ten_times_the_data(client, kn, world, name):
    client.force_login(kn.chief.user)
    address = get_url(name, world) if name != "search" else url("search", query="q=ho+so")
    count_queries(client, address)  # warm caches (content types, sessions)
    before = count_queries(client, address)
    # Given ten times more seminars, contributions and practices
    for number in range(10):
        seminar = make_seminar(kn, title=f"Tọa đàm {number}", units=[kn.kv1])
        for _ in range(3):
            contribution = services.submit_contribution(
                authority=kn.auth(kn.prosecutor),
                title=f"Quản lý {number}",
                text="Hồ sơ x",
                kind="experience",
                seminar=seminar,
            )
        services.assess_contribution(
            contribution, authority=kn.auth(kn.tccb_head), decision="adopt", reason="Tốt"
        )
    # Then the page costs the same number of queries
    assert count_queries(client, address) == before
