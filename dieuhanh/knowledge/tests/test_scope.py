"""Who sees which seminar, contribution, practice and guidance version."""

import pytest

from dieuhanh.knowledge import selectors, services
from dieuhanh.knowledge.tests.conftest import make_seminar


@pytest.fixture
def world(kn):
    seminar = make_seminar(kn, units=[kn.kv1], participants=[kn.dept_head])
    other = make_seminar(kn, title="Hội nghị riêng", units=[kn.kv2], chair=kn.peer)
    kv1 = services.submit_contribution(
        authority=kn.auth(kn.prosecutor), title="KV1", text="x", kind="experience", seminar=seminar
    )
    kv2 = services.submit_contribution(
        authority=kn.auth(kn.peer), title="KV2", text="x", kind="practice"
    )
    services.assess_contribution(
        kv2, authority=kn.auth(kn.tccb_head), decision="adopt", reason="Tốt"
    )
    keeper = kn.auth(kn.tccb_head)
    version = services.compile_version(kn.document, authority=keeper, applies_to="x")
    return {"seminar": seminar, "other": other, "kv1": kv1, "kv2": kv2, "draft": version}


def names(queryset):
    return sorted(str(x) for x in queryset)


@pytest.mark.parametrize(
    ("who", "seminars", "contributions"),
    [
        (
            "chief",
            ["Hội nghị riêng", "Tọa đàm kinh nghiệm quản lý, chỉ đạo, điều hành"],
            ["KV1", "KV2"],
        ),
        (
            "tccb_head",
            ["Hội nghị riêng", "Tọa đàm kinh nghiệm quản lý, chỉ đạo, điều hành"],
            ["KV1", "KV2"],
        ),
        # a specialist of the organiser: sees the seminars, not the units' contributions
        ("tccb_staff", ["Hội nghị riêng", "Tọa đàm kinh nghiệm quản lý, chỉ đạo, điều hành"], []),
        ("unit_head", ["Tọa đàm kinh nghiệm quản lý, chỉ đạo, điều hành"], ["KV1"]),
        # a team member under a participating unit sees the seminar, not KV1's contributions
        ("team_member", ["Tọa đàm kinh nghiệm quản lý, chỉ đạo, điều hành"], []),
        ("prosecutor", ["Tọa đàm kinh nghiệm quản lý, chỉ đạo, điều hành"], ["KV1"]),
        # a named participant from another unit
        ("dept_head", ["Tọa đàm kinh nghiệm quản lý, chỉ đạo, điều hành"], []),
        ("peer", ["Hội nghị riêng"], ["KV2"]),
        ("outsider", [], []),
    ],
)
def test_visibility_of_seminars_and_contributions(kn, world, who, seminars, contributions):
    authority = kn.auth(getattr(kn, who))
    assert names(selectors.seminars(authority)) == seminars
    assert names(selectors.contributions(authority)) == contributions


def test_the_chair_sees_the_contributions_of_their_seminar(kn, world):
    contribution = services.submit_contribution(
        authority=kn.auth(kn.peer),
        title="KV2 tại hội nghị",
        text="x",
        kind="experience",
        seminar=world["other"],
    )
    # The chief chairs "seminar" and sees everything anyway; KV2's head chairs "other"
    assert contribution in selectors.contributions(kn.auth(kn.peer))


@pytest.mark.parametrize(
    ("who", "practices", "draft_visible"),
    [
        ("chief", 1, True),
        ("tccb_staff", 1, True),
        ("unit_head", 1, False),
        ("team_member", 1, False),
        ("outsider", 0, False),
    ],
)
def test_practices_are_shared_and_drafts_stay_with_the_keeper(
    kn, world, who, practices, draft_visible
):
    authority = kn.auth(getattr(kn, who))
    assert selectors.practices(authority).count() == practices
    assert selectors.versions(authority).filter(pk=world["draft"].pk).exists() is draft_visible
    assert selectors.documents(authority).exists() is (practices == 1)
