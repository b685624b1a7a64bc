"""The demo province's learning loop: a past seminar with twenty assessed contributions from
units of every profile, eight good practices, the guidance document in two versions; loaded
once, through the services, and found by a search without diacritics."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from dieuhanh.core.models import AuditEntry
from dieuhanh.knowledge.demo.seminar import (
    DOCUMENT_TITLE,
    SEMINAR_TITLE,
    build_demo_knowledge,
)
from dieuhanh.knowledge.management.commands import seed_demo_knowledge
from dieuhanh.knowledge.models import (
    Assessment,
    Contribution,
    GoodPractice,
    GuidanceVersion,
    SearchDocument,
    Seminar,
)
from dieuhanh.knowledge.selectors import search
from dieuhanh.org.access import authority_for
from dieuhanh.org.demo import build_demo
from dieuhanh.plans.demo import build_demo_figures

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def province(db):
    """The demo province and its figures (the caseloads behind the profiles), on 28/11/2026."""
    build_demo(today=TODAY)
    build_demo_figures(today=TODAY)


@pytest.fixture
def demo(province):
    return build_demo_knowledge(today=TODAY)


def as_user(login):
    return authority_for(get_user_model().objects.get(username=login), TODAY)


def knowledge_rows():
    return (
        Seminar.objects.count(),
        Contribution.objects.count(),
        Assessment.objects.count(),
        GoodPractice.objects.count(),
        GuidanceVersion.objects.count(),
        SearchDocument.objects.count(),
        AuditEntry.objects.count(),
        get_user_model().objects.count(),
    )


def test_the_seminar_has_twenty_assessed_contributions_of_every_kind(demo):
    # Given the demo loaded on 28/11/2026
    assert (demo.contributions, demo.assessments, demo.practices, demo.versions) == (20, 20, 8, 2)
    # Then one past seminar, chaired by the Chief, organised by the personnel department,
    # held on 14/10/2026 and closed
    seminar = Seminar.objects.select_related("chair__user", "organiser").get()
    assert (seminar.title, seminar.date, seminar.status) == (
        SEMINAR_TITLE,
        dt.date(2026, 10, 14),
        Seminar.Status.CLOSED,
    )
    assert (seminar.chair.user.username, seminar.organiser.code) == ("vientruong", "demo-tccb")
    assert seminar.units.count() == 11
    # And its twenty contributions, all sent to Phòng TCCB before the seminar, by kind and
    # decision
    contributions = Contribution.objects.select_related("assessment", "addressed_to")
    assert Counter((c.kind, c.assessment.decision) for c in contributions) == {
        ("practice", "adopt"): 5,
        ("experience", "adopt"): 4,
        ("practice", "unsuitable"): 3,
        ("experience", "unsuitable"): 1,
        ("difficulty", "answered"): 6,
        ("practice", "merged"): 1,
    }
    assert {c.addressed_to.code for c in contributions} == {"demo-tccb"}
    assert {c.submitted_at.date() for c in contributions} <= {
        dt.date(2026, 10, day) for day in range(2, 14)
    }
    # And the chair adopted and merged, the personnel department advised and answered
    deciders = Counter(
        (a.decision, a.by.user.username)
        for a in Assessment.objects.select_related("by__user").order_by()
    )
    assert deciders == {
        ("adopt", "vientruong"): 9,
        ("merged", "vientruong"): 1,
        ("unsuitable", "tccb"): 4,
        ("answered", "tccb"): 6,
    }


def test_each_unit_profile_was_computed_from_the_demo_figures(demo):
    # Given the demo, whose contributions came from eleven units
    profiles = {
        (c.unit.code, c.case_profile, c.staff_profile)
        for c in Contribution.objects.select_related("unit")
    }
    # Then KV1–KV3 and Phòng 1, 9 handle many cases; KV4–KV6 few cases with few staff;
    # Phòng 2 few cases with many staff; Phòng 7 and 12 report no caseload figures
    assert profiles == {
        ("demo-kv1", "many", "many"),
        ("demo-kv2", "many", "many"),
        ("demo-kv3", "many", "many"),
        ("demo-kv4", "few", "few"),
        ("demo-kv5", "few", "few"),
        ("demo-kv6", "few", "few"),
        ("demo-p1", "many", "many"),
        ("demo-p2", "few", "many"),
        ("demo-p7", "unknown", "many"),
        ("demo-p9", "many", "many"),
        ("demo-p12", "unknown", "few"),
    }
    kv4 = Contribution.objects.filter(unit__code="demo-kv4").first()
    assert kv4.profile_basis["period"] == "Từ 01/10/2025 đến 30/09/2026"
    assert (kv4.profile_basis["peers"], kv4.profile_basis["staff"]) == (6, 12)


def test_practices_and_two_guidance_versions_come_from_the_seminar(demo):
    # Given the demo
    practices = {
        p.title: (sorted(p.profiles), p.sources.count())
        for p in GoodPractice.objects.prefetch_related("sources")
    }
    # Then eight practices, tagged with their source units' profiles; the merged contribution
    # and the one adopted into an existing practice are second sources
    assert practices == {
        "Bảng kiểm trước khi ký cáo trạng": (["many_cases", "many_staff"], 2),
        "Giao ban hằng tuần theo bảng theo dõi thời hạn": (["many_cases", "many_staff"], 1),
        "Họp liên ngành hằng tháng rà soát tin báo, vụ án sắp hết hạn": (
            ["few_cases", "few_staff"],
            2,
        ),
        "Luân phiên theo quý giữa các khâu ở đơn vị ít cán bộ": (["few_cases", "few_staff"], 1),
        "Lịch kiểm sát theo mốc thời hạn tố tụng dân sự": (["many_cases", "many_staff"], 1),
        "Phân công theo nhóm án, kiểm sát viên mới có người kèm cặp": (
            ["many_cases", "many_staff"],
            1,
        ),
        "Sổ điện tử theo dõi tin báo, cảnh báo trước hạn 10 ngày và 5 ngày": (
            ["many_cases", "many_staff"],
            1,
        ),
        "Thông báo rút kinh nghiệm trong tháng sau mỗi bản án bị hủy, sửa": (["many_staff"], 1),
    }
    # And version 1 (heads of regional procuracies) was superseded when version 2, extended to
    # the heads of departments, came into force on 06/11/2026
    versions = {v.number: v for v in GuidanceVersion.objects.filter(document__title=DOCUMENT_TITLE)}
    first, second = versions[1], versions[2]
    assert (first.status, first.effective_from, first.document_number) == (
        GuidanceVersion.Status.SUPERSEDED,
        dt.date(2026, 1, 12),
        "01/CĐ-VKS (demo)",
    )
    assert first.applies_to == "Viện trưởng các Viện kiểm sát nhân dân khu vực"
    assert (second.status, second.effective_from, second.based_on_id) == (
        GuidanceVersion.Status.IN_FORCE,
        dt.date(2026, 11, 6),
        first.pk,
    )
    assert second.applies_to.startswith(first.applies_to + "; Trưởng phòng nghiệp vụ")
    assert first.sections.count() == 4
    assert second.sections.count() == 6
    assert GoodPractice.objects.filter(sections__version=second).distinct().count() == 8
    # And every step left its audit row
    actions = Counter(
        AuditEntry.objects.filter(action__startswith="knowledge.").values_list("action", flat=True)
    )
    assert actions == {
        "knowledge.guidance.create": 1,
        "knowledge.guidance.compile": 2,
        "knowledge.guidance.section.add": 4,
        "knowledge.guidance.section.update": 1,
        "knowledge.guidance.review": 2,
        "knowledge.guidance.approve": 2,
        "knowledge.guidance.in_force": 2,
        "knowledge.guidance.superseded": 1,
        "knowledge.seminar.create": 1,
        "knowledge.seminar.minutes": 1,
        "knowledge.seminar.end": 1,
        "knowledge.contribution.submit": 20,
        "knowledge.contribution.assess": 20,
    }


def test_authors_without_a_demo_login_get_an_account_that_cannot_log_in(demo):
    # Given the demo: 16 of the 20 authors had no demo login
    assert demo.accounts == 16
    created = get_user_model().objects.filter(username__startswith="demo-")
    # Then each got an account named after their staff code, without a usable password
    assert created.count() == 16
    assert not any(user.has_usable_password() for user in created)
    assert AuditEntry.objects.filter(action="org.person.update", object_repr__gt="").count() >= 16


def test_loading_twice_creates_nothing(demo):
    # Given the demo loaded once
    before = knowledge_rows()
    # When it is loaded again
    again = build_demo_knowledge(today=TODAY)
    # Then nothing changes
    assert again.skipped == "Kinh nghiệm demo đã có; bỏ qua."
    assert knowledge_rows() == before


def test_search_without_diacritics_finds_a_demo_practice(demo):
    # Given the demo, as the Chief and as the head of KV1
    chief, kv1_head = as_user("vientruong"), as_user("vtkv1")
    # When they search without diacritics, in capitals
    results = search(chief, "LUAN PHIEN theo quy")
    # Then the Chief finds the practice first (its title matches every word), then KV4's
    # contribution and the guidance section that took the practice in (their order is each
    # database's ranking)
    first = results.hits[0]
    assert (first.kind, first.title.text) == (
        "practice",
        "Luân phiên theo quý giữa các khâu ở đơn vị ít cán bộ",
    )
    assert first.title.matches == ["Luân", "phiên", "theo", "quý"]
    assert {(hit.kind, hit.title.text) for hit in results.hits[1:]} == {
        ("contribution", "Đơn vị ít người: kiêm nhiệm nhiều khâu, lãnh đạo trực tiếp kèm cặp"),
        ("section", "Chỉ đạo thực hành quyền công tố, kiểm sát điều tra"),
    }
    # And KV1's head finds the practice and the guidance, not KV4's contribution
    seen = search(kv1_head, "luan phien theo quy")
    assert [hit.kind for hit in seen.hits] == ["practice", "section"]
    # And "bang kiem" finds Phòng 1's checklist, đ folded to d alike
    assert search(kv1_head, "bang kiem truoc khi ky").hits[0].title.text == (
        "Bảng kiểm trước khi ký cáo trạng"
    )
    assert [hit.title.text for hit in search(kv1_head, "dao tao").hits] == [
        "Đào tạo, bồi dưỡng, kèm cặp cán bộ"
    ]


def run(*arguments):
    out = StringIO()
    call_command("seed_demo_knowledge", *arguments, stdout=out)
    return out.getvalue()


def test_the_command_loads_once_then_builds_the_resolution(province, monkeypatch):
    # Given a resolution demo that records the day it is asked to load
    calls = []

    def build_demo_resolution(*, today):
        calls.append(today)
        return "Nghị quyết demo: đã nạp."

    monkeypatch.setattr(seed_demo_knowledge, "resolution_builder", lambda: build_demo_resolution)
    # When the command runs twice
    first = run("--today", "2026-11-28")
    second = run("--today", "2026-11-28")
    # Then the first run loads the demo, the second nothing; the resolution step runs each time
    assert "Đã nạp kinh nghiệm demo: 1 tọa đàm, 20 ý kiến (20 đã đánh giá)" in first
    assert first.endswith("Nghị quyết demo: đã nạp.\n")
    assert second == "Kinh nghiệm demo đã có; bỏ qua.\nNghị quyết demo: đã nạp.\n"
    assert calls == [TODAY, TODAY]
    assert Contribution.objects.count() == 20


def test_the_command_without_the_demo_province_does_nothing(db, monkeypatch):
    # Given an empty database and a resolution demo
    calls = []

    def build_demo_resolution(*, today):
        calls.append(today)

    monkeypatch.setattr(seed_demo_knowledge, "resolution_builder", lambda: build_demo_resolution)
    # When the command runs
    output = run()
    # Then it says what is missing and asks for no resolution
    assert output == "Chưa có tỉnh demo; chạy seed_demo trước.\n"
    assert (Seminar.objects.count(), calls) == (0, [])
