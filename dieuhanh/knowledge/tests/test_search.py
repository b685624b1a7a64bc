"""One search over contributions, practices and guidance: diacritics, case and đ/Đ ignored,
ranked, highlighted, and scoped by the access authority. Runs on SQLite and PostgreSQL."""

import importlib
import io

import pytest
from django.db import connection

from dieuhanh.knowledge import services
from dieuhanh.knowledge.models import SearchDocument
from dieuhanh.knowledge.selectors import search
from dieuhanh.knowledge.tests.conftest import area


@pytest.fixture
def corpus(kn):
    """KV1 and KV2 contributions, an adopted practice, and version 1 of the guidance in force."""
    kv1 = services.submit_contribution(
        authority=kn.auth(kn.unit_head),
        title="Kinh nghiệm quản lý, chỉ đạo, điều hành ở đơn vị nhiều việc",
        text="Viện trưởng giao ban hằng tuần, phân công rõ người, rõ việc, rõ thời hạn.",
        kind="experience",
        work_areas=[area("DTRA")],
    )
    kv2 = services.submit_contribution(
        authority=kn.auth(kn.peer),
        title="Vướng mắc khi chuyển hồ sơ",
        text="Đề nghị hướng dẫn cách quản lý hồ sơ đình chỉ; công tác chỉ đạo còn chậm.",
        kind="difficulty",
    )
    practice_source = services.submit_contribution(
        authority=kn.auth(kn.prosecutor),
        title="Sổ theo dõi án",
        text="Lập sổ điện tử theo dõi thời hạn.",
        kind="practice",
    )
    services.assess_contribution(
        practice_source,
        authority=kn.auth(kn.tccb_head),
        decision="adopt",
        reason="Dễ áp dụng",
        practice_title="Sổ điện tử theo dõi thời hạn điều tra",
        practice_statement="Mỗi kiểm sát viên cập nhật hằng ngày; lãnh đạo xem tiến độ để chỉ đạo kịp thời.",
    )
    keeper = kn.auth(kn.tccb_head)
    version = services.compile_version(
        kn.document, authority=keeper, applies_to="Viện trưởng khu vực", practices=[]
    )
    services.add_section(
        version,
        authority=keeper,
        topic="Quản lý, chỉ đạo, điều hành",
        body="Thủ trưởng ĐƠN VỊ trực tiếp chỉ đạo các khâu công tác trọng tâm.",
    )
    services.submit_for_review(version, authority=keeper, expected_version=version.version)
    services.approve_version(
        version,
        authority=kn.auth(kn.chief),
        expected_version=version.version,
        effective_from=kn.today,
        document_number="01/CĐ-VKS",
    )
    return {"kv1": kv1, "kv2": kv2, "source": practice_source}


# The module (the package re-exports its function under the same name), for its cap.
search_module = importlib.import_module("dieuhanh.knowledge.selectors.search")


def titles(results):
    return [hit.title.text for hit in results.hits]


@pytest.mark.parametrize(
    "query",
    [
        "quan ly chi dao",
        "quản lý, chỉ đạo",
        "QUẢN LÝ CHỈ ĐẠO",
        "QUAN LY CHI DAO",
        "Quan Ly Chi Đao",
    ],
)
def test_query_with_or_without_diacritics_and_in_capitals_finds_the_same(kn, corpus, query):
    results = search(kn.auth(kn.chief), query)
    # The section (title match) and the KV1 contribution (title match) rank above the KV2
    # contribution, which has the words only in its body
    assert results.total == 3
    assert titles(results)[2] == "Vướng mắc khi chuyển hồ sơ"
    assert set(titles(results)[:2]) == {
        "Quản lý, chỉ đạo, điều hành",
        "Kinh nghiệm quản lý, chỉ đạo, điều hành ở đơn vị nhiều việc",
    }


@pytest.mark.parametrize("query", ["đơn vị", "ĐƠN VỊ", "don vi", "DON VI", "Đon vi"])
def test_d_with_stroke_is_d_in_either_case(kn, corpus, query):
    results = search(kn.auth(kn.chief), query)
    assert sorted(titles(results)) == [
        "Kinh nghiệm quản lý, chỉ đạo, điều hành ở đơn vị nhiều việc",
        "Quản lý, chỉ đạo, điều hành",
    ]
    section = next(h for h in results.hits if h.kind == "section")
    assert section.snippet.matches == ["ĐƠN", "VỊ"]


def test_highlights_mark_the_original_words(kn, corpus):
    results = search(kn.auth(kn.chief), "chi dao kip thoi")
    assert results.total == 1
    hit = results.hits[0]
    assert (hit.kind, hit.kind_label) == ("practice", "Cách làm hay")
    assert hit.title.matches == ["thời"]
    assert hit.snippet.matches == ["đạo", "chỉ", "đạo", "kịp", "thời"]
    assert str(hit.snippet.html).endswith(
        "để <mark>chỉ</mark> <mark>đạo</mark> <mark>kịp</mark> <mark>thời</mark>."
    )


def test_the_last_word_matches_as_a_prefix(kn, corpus):
    # "dieu h" while typing "điều hành"
    assert sorted(titles(search(kn.auth(kn.chief), "dieu h"))) == [
        "Kinh nghiệm quản lý, chỉ đạo, điều hành ở đơn vị nhiều việc",
        "Quản lý, chỉ đạo, điều hành",
        "Sổ điện tử theo dõi thời hạn điều tra",
    ]
    # but not a word in the middle: "ch" alone matches nothing whole
    assert search(kn.auth(kn.chief), "ch dao").total == 0


def test_every_word_must_match(kn, corpus):
    assert search(kn.auth(kn.chief), "quan ly hoa sen").total == 0
    assert search(kn.auth(kn.chief), " ,; ").total == 0


def test_results_are_scoped_by_the_access_authority(kn, corpus):
    query = "quan ly chi dao"
    # KV2's head sees the province's guidance and KV2's own contribution, not KV1's
    assert sorted(titles(search(kn.auth(kn.peer), query))) == [
        "Quản lý, chỉ đạo, điều hành",
        "Vướng mắc khi chuyển hồ sơ",
    ]
    # A KV1 team member sees the guidance, not KV1's contribution (KV1 is above the team)
    assert titles(search(kn.auth(kn.team_member), query)) == ["Quản lý, chỉ đạo, điều hành"]
    # The personnel department sees the contributions sent to it (it assesses them)
    assert search(kn.auth(kn.tccb_staff), query).total == 1
    assert search(kn.auth(kn.tccb_head), query).total == 3
    # Someone without a posting sees nothing
    assert search(kn.auth(kn.outsider), query).total == 0


def test_drafts_are_found_only_within_the_keeper(kn, corpus):
    keeper = kn.auth(kn.tccb_head)
    draft = services.compile_version(kn.document, authority=keeper, practices=[])
    services.add_section(
        draft, authority=keeper, topic="Dự thảo bồi dưỡng", body="Nội dung dự thảo"
    )
    assert titles(search(keeper, "boi duong")) == ["Dự thảo bồi dưỡng"]
    assert titles(search(kn.auth(kn.chief), "boi duong")) == ["Dự thảo bồi dưỡng"]
    assert search(kn.auth(kn.unit_head), "boi duong").total == 0


def test_filter_by_kind_and_paging(kn, corpus):
    chief = kn.auth(kn.chief)
    only = search(chief, "quan ly", kinds=["contribution"])
    assert sorted(titles(only)) == [
        "Kinh nghiệm quản lý, chỉ đạo, điều hành ở đơn vị nhiều việc",
        "Vướng mắc khi chuyển hồ sơ",
    ]
    first = search(chief, "quan ly", limit=1)
    second = search(chief, "quan ly", limit=1, offset=1)
    assert (first.total, len(first.hits), len(second.hits)) == (3, 1, 1)
    assert (
        first.hits[0].object_id != second.hits[0].object_id
        or first.hits[0].kind != second.hits[0].kind
    )


def test_search_runs_in_a_fixed_number_of_queries(kn, corpus, django_assert_num_queries):
    chief = kn.auth(kn.chief)
    # Given ten times more matching contributions
    for number in range(20):
        services.submit_contribution(
            authority=kn.auth(kn.unit_head),
            title=f"Quản lý số {number}",
            text="x",
            kind="experience",
        )
    # One statement: the matches in scope, their rank, their count and the page's rows
    with django_assert_num_queries(1):
        results = search(chief, "quan ly")
    assert (results.total, len(results.hits), results.more) == (23, 20, False)
    # Past the last page, one more to count
    with django_assert_num_queries(2):
        past = search(chief, "quan ly", offset=40)
    assert (past.total, past.hits) == (23, [])


def test_only_the_newest_matches_are_ranked_past_the_cap(kn, corpus, monkeypatch):
    # Given a cap of 2 ranked matches (1,000 in the product) and 3 matches in the Chief's scope
    monkeypatch.setattr(search_module, "MAX_RANKED", 2)
    results = search(kn.auth(kn.chief), "quan ly chi dao")
    # Then the total says "more than 2" and the two newest rows are ranked: the KV2
    # contribution and the section, not the older KV1 contribution
    assert (results.total, results.more) == (2, True)
    assert sorted(titles(results)) == ["Quản lý, chỉ đạo, điều hành", "Vướng mắc khi chuyển hồ sơ"]
    # And within the cap nothing changes
    monkeypatch.setattr(search_module, "MAX_RANKED", 3)
    within = search(kn.auth(kn.chief), "quan ly chi dao")
    assert (within.total, within.more) == (3, False)


def test_each_row_carries_the_words_of_its_scope(kn, corpus):
    # Given the indexed contributions, practice and section of the corpus
    rows = {
        (kind, unit_path, assessor_path, audience): scope_terms
        for kind, unit_path, assessor_path, audience, scope_terms in (
            SearchDocument.objects.values_list(
                "kind", "unit_path", "assessor_path", "audience", "scope_terms"
            )
        )
    }
    province, kv1, personnel = kn.province.path, kn.kv1.path, kn.personnel.path
    # Then a contribution names every unit above its own, the personnel department that
    # assesses it, and the province above both; a row the whole tree reads names its own unit
    assert (
        rows[("contribution", kv1, personnel, "unit")]
        == " ".join([f"scu{province}", f"scu{kv1}", f"scb{province}", f"sca{personnel}"]).lower()
    )
    assert rows[("practice", province, "", "tree")] == f"scu{province} sct{province}".lower()


def test_search_index_agrees_with_the_objects(kn, corpus):
    # One writer: every contribution, active practice and section of a live version is indexed
    rows = set(SearchDocument.objects.values_list("kind", "object_id"))
    from dieuhanh.knowledge.models import Contribution, GoodPractice, GuidanceSection

    expected = {("contribution", pk) for pk in Contribution.objects.values_list("pk", flat=True)}
    expected |= {("practice", pk) for pk in GoodPractice.objects.values_list("pk", flat=True)}
    expected |= {("section", pk) for pk in GuidanceSection.objects.values_list("pk", flat=True)}
    assert rows == expected


def test_the_database_index_is_in_place(kn, corpus):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM knowledge_search_fts WHERE knowledge_search_fts MATCH 'quan'"
            )
            assert cursor.fetchone()[0] == 3
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'knowledge_search_vector_idx'"
            )
            assert "gin (search_vector)" in cursor.fetchone()[0]


def test_rebuild_gives_back_the_same_index(kn, corpus):
    from django.core.management import call_command

    before = sorted(
        SearchDocument.objects.values_list(
            "kind", "object_id", "folded_body", "unit_path", "audience"
        )
    )
    call_command("rebuild_search_index", stdout=io.StringIO())
    after = sorted(
        SearchDocument.objects.values_list(
            "kind", "object_id", "folded_body", "unit_path", "audience"
        )
    )
    assert after == before
    assert search(kn.auth(kn.chief), "quan ly chi dao").total == 3
