"""The organisation's JSON API: scoped reads, audited writes, errors, and the permission matrix.

Reads return exactly what the caller's authority lets them view; anything outside is 404 with
`{"detail": "Không tìm thấy."}`. Writes go through the same services as the pages. On every
refused request nothing changes in the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from conftest import ARCHETYPES, Org
from dieuhanh.core.models import AuditEntry
from dieuhanh.org.models import Delegation, Person, Posting, Power
from dieuhanh.org.tests.factories import PersonFactory, post

NOT_FOUND = {"detail": "Không tìm thấy."}
FORBIDDEN = {"detail": "Bạn không có quyền thực hiện thao tác này."}
UNAUTHENTICATED = {"detail": "Cần đăng nhập hoặc khóa API hợp lệ."}
STALE = {
    "detail": "Dữ liệu đã được người khác sửa sau khi bạn mở trang. "
    "Thay đổi của bạn chưa được lưu; hãy tải lại trang để xem bản mới rồi sửa lại.",
    "field": "version",
}
ALL_UNITS = ["tinh-thu", "phong-1", "kv1", "kv1-to1", "kv2"]


# ---------------------------------------------------------------- helpers


def client_for(org: Org, archetype: str) -> Client:
    """A browser session of the archetype user ("anonymous": not logged in)."""
    client = Client()
    if archetype != "anonymous":
        person: Person = getattr(org, archetype)
        client.force_login(person.user)
    return client


def post_json(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data, content_type="application/json")


def db_state() -> tuple[Any, ...]:
    """Everything an org write can touch, to compare before and after a refused request."""
    return (
        list(Posting.objects.order_by("pk").values_list("pk", "end", "version", "decision")),
        list(
            Delegation.objects.order_by("pk").values_list(
                "pk", "revoked_at", "revoked_by", "version"
            )
        ),
        Person.objects.count(),
        AuditEntry.objects.count(),
    )


def fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def first_day(org: Org) -> dt.date:
    """The start of every posting in the `org` fixture."""
    return org.today - dt.timedelta(days=400)


def kv2_staffer(org: Org) -> Posting:
    """A prosecutor of KV2 (the fixture has only KV2's head there)."""
    person = PersonFactory(staff_code="kv2-staffer", full_name="Mai Văn Hai")
    return post(person, org.kv2, "ksv-so-cap", first_day(org))


# ---------------------------------------------------------------- reads


VISIBLE_UNITS = {
    "unit_head": ["kv1", "kv1-to1"],
    "chief": ALL_UNITS,
    "peer": ["kv2"],
    "deputy": ALL_UNITS,  # a deputy's posting at the province gives VIEW over its subtree
    "delegate": ["phong-1", "kv2"],  # member of Phòng 1 + delegation with VIEW on KV2
    "past_delegate": ["phong-1"],  # the delegation on KV2 ended yesterday
    "outsider": [],
    "admin": ALL_UNITS,
}


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_units_list_is_exactly_the_callers_view_scope(org: Org, archetype: str) -> None:
    # Given an archetype user; when they list units
    response = client_for(org, archetype).get("/api/org/units")
    # Then they get exactly the units they may view, parents before children
    assert response.status_code == 200
    assert [unit["code"] for unit in response.json()] == VISIBLE_UNITS[archetype]


def test_unit_list_entries_carry_level_parent_and_depth(org: Org) -> None:
    # Given the head of KV1; when they list units
    response = client_for(org, "unit_head").get("/api/org/units")
    # Then each entry names its level and its parent's code, unless the parent is out of scope
    assert response.json() == [
        {
            "code": "kv1",
            "name": "VKSND khu vực 1",
            "short_name": "KV1",
            "level": "khu-vuc",
            "parent": None,
            "depth": 2,
            "active_from": None,
            "active_to": None,
        },
        {
            "code": "kv1-to1",
            "name": "Tổ 1 KV1",
            "short_name": "",
            "level": "to",
            "parent": "kv1",
            "depth": 3,
            "active_from": None,
            "active_to": None,
        },
    ]


def test_unit_in_scope_is_returned(org: Org) -> None:
    # Given the Chief; when they open the province
    response = client_for(org, "chief").get("/api/org/units/tinh-thu")
    # Then it is returned, as a root
    assert response.status_code == 200
    assert response.json() == {
        "code": "tinh-thu",
        "name": "VKSND tỉnh Thử",
        "short_name": "VKS tỉnh",
        "level": "tinh",
        "parent": None,
        "depth": 1,
        "active_from": None,
        "active_to": None,
    }


@pytest.mark.parametrize(
    ("archetype", "code"),
    [("peer", "kv1"), ("unit_head", "kv2"), ("unit_head", "tinh-thu"), ("chief", "khong-co")],
)
def test_unit_out_of_scope_is_404_like_a_missing_one(org: Org, archetype: str, code: str) -> None:
    # Given a unit the user may not view (or that does not exist); when they open it
    response = client_for(org, archetype).get(f"/api/org/units/{code}")
    # Then the answer is the same 404, never a hint that it exists
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


EVERY_POSTED = [
    "chief",
    "delegate",
    "dept-head",
    "deputy",
    "past-delegate",
    "peer",
    "prosecutor",
    "team-member",
    "unit-head",
]
VISIBLE_PEOPLE = {
    "unit_head": ["prosecutor", "team-member", "unit-head"],
    "chief": EVERY_POSTED,
    "peer": ["peer"],
    "deputy": EVERY_POSTED,
    "delegate": ["delegate", "dept-head", "past-delegate", "peer"],
    "past_delegate": ["delegate", "dept-head", "past-delegate"],
    "outsider": ["outsider"],  # no posting: only themself
    "admin": sorted([*EVERY_POSTED, "admin", "outsider"]),
}


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_people_list_is_the_staff_of_viewable_units_and_oneself(org: Org, archetype: str) -> None:
    # Given an archetype user; when they list people
    response = client_for(org, archetype).get("/api/org/people")
    # Then they get the people currently posted in units they may view, and themself
    assert response.status_code == 200
    # (sorted here: the API orders by name, and collation differs between databases)
    assert sorted(p["staff_code"] for p in response.json()) == VISIBLE_PEOPLE[archetype]


def test_people_list_filters_by_name_and_pages(org: Org) -> None:
    client = client_for(org, "chief")
    # When the Chief searches for "Kiểm" and pages by one
    found = client.get("/api/org/people", {"q": "Kiểm"})
    page = client.get("/api/org/people", {"limit": 1, "offset": 1})
    # Then the search finds the one match and the page holds one person
    assert [p["full_name"] for p in found.json()] == ["Đỗ Thị Kiểm"]
    assert len(page.json()) == 1


def test_people_list_with_negative_offset_starts_at_the_beginning(org: Org) -> None:
    # Given the head of KV1 (regression: a negative offset used to raise, HTTP 500)
    client = client_for(org, "unit_head")
    # When they list people with offset -5
    response = client.get("/api/org/people", {"offset": -5})
    # Then the list starts at the beginning
    assert response.status_code == 200
    assert response.json() == client.get("/api/org/people").json()


def test_person_in_scope_is_returned(org: Org) -> None:
    # Given the head of KV1; when they open their prosecutor
    response = client_for(org, "unit_head").get(f"/api/org/people/{org.prosecutor.pk}")
    # Then the person is returned
    assert response.status_code == 200
    assert response.json() == {
        "id": org.prosecutor.pk,
        "staff_code": "prosecutor",
        "full_name": "Đỗ Thị Kiểm",
        "email": "",
    }


@pytest.mark.parametrize(("archetype", "target"), [("peer", "prosecutor"), ("outsider", "chief")])
def test_person_out_of_scope_is_404(org: Org, archetype: str, target: str) -> None:
    # Given a person the user may not view; when they open them
    person: Person = getattr(org, target)
    response = client_for(org, archetype).get(f"/api/org/people/{person.pk}")
    # Then 404
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


P_CHIEF = ("tinh-thu", "vien-truong", "Trần Văn Trưởng")
P_DEPUTY = ("tinh-thu", "pho-vien-truong", "Lê Thị Phó")
P_DEPT_HEAD = ("phong-1", "truong-phong", "Phạm Văn Phòng")
P_DELEGATE = ("phong-1", "ksv-cao-cap", "Bùi Thị Ủy")
P_PAST_DELEGATE = ("phong-1", "ksv-trung-cap", "Đặng Văn Cũ")
P_UNIT_HEAD = ("kv1", "vien-truong", "Nguyễn Văn Khu")
P_PROSECUTOR = ("kv1", "ksv-trung-cap", "Đỗ Thị Kiểm")
P_TEAM = ("kv1-to1", "chuyen-vien", "Vũ Văn Tổ")
P_PEER = ("kv2", "vien-truong", "Hoàng Văn Bên")
P_ALL = [
    P_CHIEF,
    P_DEPUTY,
    P_DEPT_HEAD,
    P_DELEGATE,
    P_PAST_DELEGATE,
    P_UNIT_HEAD,
    P_PROSECUTOR,
    P_TEAM,
    P_PEER,
]
VISIBLE_POSTINGS = {
    "unit_head": [P_UNIT_HEAD, P_PROSECUTOR, P_TEAM],
    "chief": P_ALL,
    "peer": [P_PEER],
    "deputy": P_ALL,
    "delegate": [P_DEPT_HEAD, P_DELEGATE, P_PAST_DELEGATE, P_PEER],
    "past_delegate": [P_DEPT_HEAD, P_DELEGATE, P_PAST_DELEGATE],
    "outsider": [],
    "admin": P_ALL,
}


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_postings_list_is_the_current_postings_in_view_scope(org: Org, archetype: str) -> None:
    # Given an archetype user; when they list postings
    response = client_for(org, archetype).get("/api/org/postings")
    # Then they get the current postings of units they may view, by unit then rank
    assert response.status_code == 200
    assert [(p["unit"], p["position"], p["person"]) for p in response.json()] == (
        VISIBLE_POSTINGS[archetype]
    )


def test_postings_list_filters_by_unit_and_includes_past_on_request(org: Org) -> None:
    # Given the prosecutor's earlier posting in KV1, ended before the current one
    earlier = post(
        org.prosecutor,
        org.kv1,
        "ksv-so-cap",
        first_day(org) - dt.timedelta(days=700),
        end=first_day(org) - dt.timedelta(days=1),
    )
    client = client_for(org, "unit_head")
    # When the head of KV1 lists KV1's postings, current only and then all
    current = client.get("/api/org/postings", {"unit": "kv1"})
    everything = client.get("/api/org/postings", {"unit": "kv1", "current": "false"})
    # Then the past posting appears only in the full list
    assert [p["position"] for p in current.json()] == ["vien-truong", "ksv-trung-cap"]
    assert [p["position"] for p in everything.json()] == [
        "vien-truong",
        "ksv-trung-cap",
        "ksv-so-cap",
    ]
    assert everything.json()[2] == {
        "id": earlier.pk,
        "person_id": org.prosecutor.pk,
        "person": "Đỗ Thị Kiểm",
        "unit": "kv1",
        "position": "ksv-so-cap",
        "start": earlier.start.isoformat(),
        "end": (first_day(org) - dt.timedelta(days=1)).isoformat(),
        "concurrent": False,
        "decision": "",
        "version": 1,
    }


POSITION_CODES = [
    "vien-truong",
    "pho-vien-truong",
    "chanh-thanh-tra",
    "chanh-van-phong",
    "truong-phong",
    "pho-chanh-thanh-tra",
    "pho-chanh-van-phong",
    "pho-truong-phong",
    "to-truong",
    "ksv-cao-cap",
    "ksv-trung-cap",
    "ksv-so-cap",
    "ktv-cao-cap",
    "ktv-chinh",
    "ktv",
    "chuyen-vien",
    "cong-chuc",
    "vien-chuc",
    "nguoi-lao-dong",
]
WORK_AREA_CODES = [
    "TGTB",
    "DTRA",
    "XXHS",
    "GIAM",
    "DSHN",
    "HCKT",
    "THADS",
    "KNTC",
    "TTTP",
    "TKTP",
    "KKDS",
    "TCCB",
    "VP",
    "TTRA",
    "TDKT",
]


@pytest.mark.parametrize("archetype", ["outsider", "unit_head", "admin"])
def test_reference_data_is_readable_by_any_authenticated_user(org: Org, archetype: str) -> None:
    client = client_for(org, archetype)
    # When any logged-in user reads positions and work areas
    positions = client.get("/api/org/positions")
    work_areas = client.get("/api/org/work-areas")
    # Then they get the whole active catalogue, in its order
    assert [p["code"] for p in positions.json()] == POSITION_CODES
    assert positions.json()[0] == {
        "code": "vien-truong",
        "name": "Viện trưởng",
        "role": "head",
        "single_holder": True,
    }
    assert [w["code"] for w in work_areas.json()] == WORK_AREA_CODES
    assert work_areas.json()[0] == {
        "code": "TGTB",
        "name": "Giải quyết tố giác, tin báo về tội phạm và kiến nghị khởi tố",
        "function": "prosecution",
    }


VISIBLE_DELEGATIONS = {
    "unit_head": [],
    "chief": ["01/QĐ-VKS", "02/QĐ-VKS"],  # the grantor of both
    "peer": ["01/QĐ-VKS", "02/QĐ-VKS"],  # both apply to KV2, which the peer heads
    "deputy": ["01/QĐ-VKS", "02/QĐ-VKS"],
    "delegate": ["01/QĐ-VKS", "02/QĐ-VKS"],  # sees KV2 through her delegation
    "past_delegate": ["02/QĐ-VKS"],  # only the one he received
    "outsider": [],
    "admin": ["01/QĐ-VKS", "02/QĐ-VKS"],
}


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_delegation_register_shows_viewable_given_and_received(org: Org, archetype: str) -> None:
    # Given an archetype user; when they list delegations
    response = client_for(org, archetype).get("/api/org/delegations")
    # Then they see those on units they may view, and those given to or by them, newest first
    assert response.status_code == 200
    assert [d["instrument_number"] for d in response.json()] == VISIBLE_DELEGATIONS[archetype]


# ---------------------------------------------------------------- writes: postings


def test_unit_head_posts_a_member_of_their_unit(org: Org) -> None:
    # Given the head of KV1
    client = client_for(org, "unit_head")
    # When they make the prosecutor also the leader of Tổ 1
    response = post_json(
        client,
        "/api/org/postings",
        {
            "person_id": org.prosecutor.pk,
            "unit": "kv1-to1",
            "position": "to-truong",
            "start": org.today.isoformat(),
            "concurrent": True,
            "decision": "QĐ 15/QĐ-VKS",
        },
    )
    # Then the posting is created and returned
    assert response.status_code == 201, response.content
    posting = Posting.objects.get(person=org.prosecutor, unit=org.team)
    assert response.json() == {
        "id": posting.pk,
        "person_id": org.prosecutor.pk,
        "person": "Đỗ Thị Kiểm",
        "unit": "kv1-to1",
        "position": "to-truong",
        "start": org.today.isoformat(),
        "end": None,
        "concurrent": True,
        "decision": "QĐ 15/QĐ-VKS",
        "version": 1,
    }
    # And it is audited as done by the head of KV1 in their own right
    entry = AuditEntry.objects.get(action="org.posting.create")
    assert entry.actor == org.unit_head.user
    assert entry.actor_label == "Nguyễn Văn Khu"
    assert entry.object_id == str(posting.pk)
    assert entry.on_behalf_of is None
    assert entry.on_behalf_of_label == ""
    assert entry.delegation_id is None


def test_peer_cannot_post_into_sibling_unit(org: Org) -> None:
    # Given the head of KV2, who cannot see KV1
    before = db_state()
    # When they try to post KV1's prosecutor into KV1
    response = post_json(
        client_for(org, "peer"),
        "/api/org/postings",
        {
            "person_id": org.prosecutor.pk,
            "unit": "kv1",
            "position": "chuyen-vien",
            "start": org.today.isoformat(),
            "concurrent": True,
        },
    )
    # Then it is 404, and nothing changes
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert db_state() == before


def test_second_holder_of_single_holder_position_is_refused_with_400(org: Org) -> None:
    # Given KV1 already has its Viện trưởng
    before = db_state()
    # When the head of KV1 posts the prosecutor as a second Viện trưởng from today
    response = post_json(
        client_for(org, "unit_head"),
        "/api/org/postings",
        {
            "person_id": org.prosecutor.pk,
            "unit": "kv1",
            "position": "vien-truong",
            "start": org.today.isoformat(),
            "concurrent": True,
        },
    )
    # Then it is refused in Vietnamese, naming the position and its holder; nothing is saved
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"Chức vụ “Viện trưởng” của “VKSND khu vực 1” đã do Nguyễn Văn Khu giữ "
        f"từ ngày {fmt(first_day(org))}; mỗi thời điểm chỉ một người giữ chức vụ này.",
        "field": "position",
    }
    assert db_state() == before


def test_unknown_position_is_refused_with_400(org: Org) -> None:
    before = db_state()
    # When the head of KV1 names a position that does not exist
    response = post_json(
        client_for(org, "unit_head"),
        "/api/org/postings",
        {
            "person_id": org.prosecutor.pk,
            "unit": "kv1",
            "position": "tong-thu-ky",
            "start": org.today.isoformat(),
            "concurrent": True,
        },
    )
    # Then 400 on the position field, nothing saved
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Không có chức vụ, ngạch mã “tong-thu-ky”.",
        "field": "position",
    }
    assert db_state() == before


def test_unit_head_ends_a_posting_and_the_version_moves_on(org: Org) -> None:
    # Given the prosecutor's posting in KV1
    posting = org.prosecutor.postings.get()
    # When the head of KV1 ends it today
    response = post_json(
        client_for(org, "unit_head"),
        f"/api/org/postings/{posting.pk}/end",
        {"end": org.today.isoformat(), "version": 1, "decision": "QĐ 20/QĐ-VKS"},
    )
    # Then it ends today, keeps its history, and is audited
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["end"], body["version"], body["decision"]) == (
        org.today.isoformat(),
        2,
        "QĐ 20/QĐ-VKS",
    )
    entry = AuditEntry.objects.get(action="org.posting.end")
    assert entry.actor == org.unit_head.user
    assert entry.changes == {
        "end": [None, org.today.isoformat()],
        "decision": ["", "QĐ 20/QĐ-VKS"],
    }


def test_ending_a_posting_with_a_stale_version_is_409(org: Org) -> None:
    # Given the prosecutor's posting, edited by someone else since it was loaded
    posting = org.prosecutor.postings.get()
    Posting.objects.filter(pk=posting.pk).update(version=2)
    before = db_state()
    # When the head of KV1 ends it on the strength of version 1
    response = post_json(
        client_for(org, "unit_head"),
        f"/api/org/postings/{posting.pk}/end",
        {"end": org.today.isoformat(), "version": 1},
    )
    # Then it is refused with 409 and nothing changes
    assert response.status_code == 409
    assert response.json() == STALE
    assert db_state() == before


def test_ending_a_posting_before_it_started_is_refused(org: Org) -> None:
    posting = org.prosecutor.postings.get()
    before = db_state()
    # When the end date precedes the start
    response = post_json(
        client_for(org, "unit_head"),
        f"/api/org/postings/{posting.pk}/end",
        {"end": (first_day(org) - dt.timedelta(days=1)).isoformat(), "version": 1},
    )
    # Then 400 on the end field, nothing changes
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Ngày kết thúc không được trước ngày bắt đầu.",
        "field": "end",
    }
    assert db_state() == before


# ---------------------------------------------------------------- writes: delegations


def delegation_payload(
    org: Org, grantor: Person, grantee: Person, **changes: Any
) -> dict[str, Any]:
    return {
        "grantor_id": grantor.pk,
        "grantee_id": grantee.pk,
        "powers": ["direct", "approve"],
        "units": ["kv2"],
        "start": org.today.isoformat(),
        "end": (org.today + dt.timedelta(days=30)).isoformat(),
        "instrument_number": "05/QĐ-VKS",
        "instrument_date": org.today.isoformat(),
        **changes,
    }


def test_chief_delegates_powers_he_holds(org: Org) -> None:
    # Given the Chief
    # When he delegates direction and approval on KV2 to his deputy
    response = post_json(
        client_for(org, "chief"),
        "/api/org/delegations",
        delegation_payload(org, org.chief, org.deputy),
    )
    # Then the delegation is registered and returned
    assert response.status_code == 201, response.content
    delegation = Delegation.objects.get(instrument_number="05/QĐ-VKS")
    assert response.json() == {
        "id": delegation.pk,
        "grantor_id": org.chief.pk,
        "grantor": "Trần Văn Trưởng",
        "grantee_id": org.deputy.pk,
        "grantee": "Lê Thị Phó",
        "powers": ["direct", "approve"],
        "units": ["kv2"],
        "start": org.today.isoformat(),
        "end": (org.today + dt.timedelta(days=30)).isoformat(),
        "instrument_number": "05/QĐ-VKS",
        "instrument_date": org.today.isoformat(),
        "revoked": False,
        "version": 1,
    }
    # And audited as the Chief's own act
    entry = AuditEntry.objects.get(action="org.delegation.grant")
    assert entry.actor == org.chief.user
    assert entry.object_id == str(delegation.pk)
    assert entry.changes["units"] == [None, ["kv2"]]
    assert entry.changes["powers"] == [None, ["direct", "approve"]]


def test_delegating_to_oneself_is_refused(org: Org) -> None:
    before = db_state()
    # When the Chief names himself as grantee
    response = post_json(
        client_for(org, "chief"),
        "/api/org/delegations",
        delegation_payload(org, org.chief, org.chief),
    )
    # Then 400 on the grantee, and no delegation is created
    assert response.status_code == 400
    assert response.json() == {"detail": "Không thể ủy quyền cho chính mình.", "field": "grantee"}
    assert db_state() == before


def test_delegating_on_a_unit_outside_ones_view_is_404(org: Org) -> None:
    before = db_state()
    # When the head of KV1 tries to delegate on KV2, which he cannot even see
    response = post_json(
        client_for(org, "unit_head"),
        "/api/org/delegations",
        delegation_payload(org, org.unit_head, org.prosecutor),
    )
    # Then 404, and no delegation is created
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert db_state() == before


def test_delegating_a_power_one_does_not_hold_is_400(org: Org) -> None:
    before = db_state()
    # When the deputy, who may view KV2 but not manage its staff, delegates that power
    response = post_json(
        client_for(org, "deputy"),
        "/api/org/delegations",
        delegation_payload(org, org.deputy, org.prosecutor, powers=["manage_staff"]),
    )
    # Then 400 naming the power, the unit and the date; no delegation is created
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Lê Thị Phó không có quyền “Bố trí, điều động cán bộ” đối với "
        f"“VKSND khu vực 2” vào ngày {fmt(org.today)}, nên không thể ủy quyền quyền đó.",
        "field": "powers",
    }
    assert db_state() == before


def test_registering_someone_elses_delegation_is_403(org: Org) -> None:
    before = db_state()
    # When the deputy, who can see the Chief and KV2, registers a delegation in his name
    response = post_json(
        client_for(org, "deputy"),
        "/api/org/delegations",
        delegation_payload(org, org.chief, org.prosecutor),
    )
    # Then 403 and nothing is created
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert db_state() == before


def test_delegate_posts_staff_on_behalf_of_the_chief(org: Org) -> None:
    # Given a delegation from the Chief to the delegate of staff management on KV2, in force
    delegation = Delegation.objects.create(
        grantor=org.chief,
        grantee=org.delegate,
        powers=[Power.MANAGE_STAFF],
        start=org.today - dt.timedelta(days=1),
        end=org.today + dt.timedelta(days=10),
        instrument_number="07/QĐ-VKS",
        instrument_date=org.today - dt.timedelta(days=2),
    )
    delegation.units.set([org.kv2])
    # And a prosecutor of KV2 whose current posting ends today
    current = kv2_staffer(org)
    Posting.objects.filter(pk=current.pk).update(end=org.today)
    # When the delegate promotes him from tomorrow
    response = post_json(
        client_for(org, "delegate"),
        "/api/org/postings",
        {
            "person_id": current.person_id,
            "unit": "kv2",
            "position": "ksv-trung-cap",
            "start": (org.today + dt.timedelta(days=1)).isoformat(),
        },
    )
    # Then the posting is created, and audited as done on the Chief's behalf
    assert response.status_code == 201, response.content
    entry = AuditEntry.objects.get(action="org.posting.create")
    assert entry.object_id == str(response.json()["id"])
    assert entry.actor == org.delegate.user
    assert entry.actor_label == "Bùi Thị Ủy"
    assert entry.on_behalf_of == org.chief.user
    assert entry.on_behalf_of_label == "Trần Văn Trưởng"
    assert entry.delegation_id == delegation.pk


def test_grantor_revokes_a_delegation_and_the_grantee_loses_its_scope(org: Org) -> None:
    # Given the Chief's delegation to the delegate on KV2
    # When the Chief revokes it
    response = post_json(
        client_for(org, "chief"),
        f"/api/org/delegations/{org.delegation.pk}/revoke",
        {"reason": "Đồng chí Viện trưởng đã trở lại", "version": 1},
    )
    # Then it is revoked and stays in the register
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["revoked"], body["version"]) == (org.delegation.pk, True, 2)
    org.delegation.refresh_from_db()
    assert org.delegation.revoked_by == org.chief
    assert org.delegation.revocation_reason == "Đồng chí Viện trưởng đã trở lại"
    entry = AuditEntry.objects.get(action="org.delegation.revoke")
    assert entry.actor == org.chief.user
    # And the delegate no longer sees KV2
    units = client_for(org, "delegate").get("/api/org/units").json()
    assert [unit["code"] for unit in units] == ["phong-1"]


@pytest.mark.parametrize(
    ("archetype", "status", "body"),
    [
        ("peer", 403, FORBIDDEN),  # sees it (it applies to KV2) but did not grant it
        ("delegate", 403, FORBIDDEN),  # the grantee cannot revoke it
        ("unit_head", 404, NOT_FOUND),  # cannot see it at all
    ],
)
def test_only_the_grantor_may_revoke(org: Org, archetype: str, status: int, body: Any) -> None:
    before = db_state()
    # When someone other than the grantor revokes the delegation
    response = post_json(
        client_for(org, archetype),
        f"/api/org/delegations/{org.delegation.pk}/revoke",
        {"reason": "Không còn cần", "version": 1},
    )
    # Then it is refused and nothing changes
    assert response.status_code == status
    assert response.json() == body
    assert db_state() == before


def test_revoking_with_a_stale_version_is_409(org: Org) -> None:
    # Given the delegation, edited since the Chief loaded it
    Delegation.objects.filter(pk=org.delegation.pk).update(version=3)
    before = db_state()
    # When the Chief revokes it on the strength of version 1
    response = post_json(
        client_for(org, "chief"),
        f"/api/org/delegations/{org.delegation.pk}/revoke",
        {"reason": "Không còn cần", "version": 1},
    )
    # Then 409 and nothing changes
    assert response.status_code == 409
    assert response.json() == STALE
    assert db_state() == before


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"person_id": None},
            {"detail": "Dữ liệu không hợp lệ — person_id: bắt buộc phải có", "field": "person_id"},
        ),
        (
            {"start": "2025-02-30"},
            {
                "detail": "Dữ liệu không hợp lệ — start: phải là ngày dạng YYYY-MM-DD",
                "field": "start",
            },
        ),
        (
            {"start": "30/01/2025", "concurrent": "có"},
            {
                "detail": "Dữ liệu không hợp lệ — start: phải là ngày dạng YYYY-MM-DD; "
                "concurrent: phải là true hoặc false",
                "field": "start",
            },
        ),
        (
            {"decision": "x" * 121},
            {
                "detail": "Dữ liệu không hợp lệ — decision: dài tối đa 120 ký tự",
                "field": "decision",
            },
        ),
    ],
)
def test_invalid_posting_input_is_422_naming_the_field(
    org: Org, changes: dict[str, Any], expected: dict[str, Any]
) -> None:
    payload = {
        "person_id": org.prosecutor.pk,
        "unit": "kv1-to1",
        "position": "to-truong",
        "start": org.today.isoformat(),
        "concurrent": True,
    }
    payload.update(changes)
    payload = {key: value for key, value in payload.items() if value is not None}
    before = db_state()
    # When the head of KV1 sends a payload with a missing or malformed field
    response = post_json(client_for(org, "unit_head"), "/api/org/postings", payload)
    # Then 422 names the field in Vietnamese, and nothing is saved
    assert response.status_code == 422
    assert response.json() == expected
    assert db_state() == before


def test_invalid_delegation_input_lists_every_fault(org: Org) -> None:
    before = db_state()
    # When the Chief sends no powers, no units and an empty instrument number
    response = post_json(
        client_for(org, "chief"),
        "/api/org/delegations",
        delegation_payload(org, org.chief, org.deputy, powers=[], units=[], instrument_number=""),
    )
    # Then 422 lists each fault
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Dữ liệu không hợp lệ — powers: cần ít nhất 1 mục; units: cần ít nhất 1 mục; "
        "instrument_number: cần ít nhất 1 ký tự",
        "field": "powers",
    }
    assert db_state() == before


def test_invalid_query_parameter_is_422(org: Org) -> None:
    # When a list is asked for with a non-numeric limit
    response = client_for(org, "chief").get("/api/org/people", {"limit": "nhiều"})
    # Then 422 names the parameter
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Dữ liệu không hợp lệ — limit: phải là số nguyên",
        "field": "limit",
    }


def test_body_that_is_not_json_is_400(org: Org) -> None:
    before = db_state()
    # When the body is not JSON
    response = client_for(org, "unit_head").post(
        "/api/org/postings", "{person_id: 1", content_type="application/json"
    )
    # Then 400 says so in Vietnamese, and nothing is saved
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Không đọc được nội dung yêu cầu: cần một đối tượng JSON hợp lệ."
    }
    assert db_state() == before


# ---------------------------------------------------------------- permission matrix

COLUMNS = (*ARCHETYPES, "anonymous")


def row(*statuses: int) -> dict[str, int]:
    return dict(zip(COLUMNS, statuses, strict=True))


# Requests (see `matrix_request`): KV2 objects, so that scope, view-only and acting powers differ.
#                                              unit_head chief peer deputy delegate past outsider admin anon
MATRIX_ROWS = {
    "GET /units":                                row(200, 200, 200, 200, 200, 200, 200, 200, 401),
    "GET /units/{code}":                         row(404, 200, 200, 200, 200, 404, 404, 200, 401),
    "GET /positions":                            row(200, 200, 200, 200, 200, 200, 200, 200, 401),
    "GET /work-areas":                           row(200, 200, 200, 200, 200, 200, 200, 200, 401),
    "GET /people":                               row(200, 200, 200, 200, 200, 200, 200, 200, 401),
    "GET /people/{person_id}":                   row(404, 200, 200, 200, 200, 404, 404, 200, 401),
    "GET /postings":                             row(200, 200, 200, 200, 200, 200, 200, 200, 401),
    "POST /postings":                            row(404, 201, 201, 403, 403, 404, 404, 201, 401),
    "POST /postings/{posting_id}/end":           row(404, 200, 200, 403, 403, 404, 404, 200, 401),
    "GET /delegations":                          row(200, 200, 200, 200, 200, 200, 200, 200, 401),
    "POST /delegations":                         row(404, 201, 404, 403, 404, 404, 404, 201, 401),
    "POST /delegations/{delegation_id}/revoke":  row(404, 200, 403, 403, 403, 404, 404, 200, 401),
}  # fmt: skip
EXPECTED_STATUS = {
    (endpoint, archetype): status
    for endpoint, statuses in MATRIX_ROWS.items()
    for archetype, status in statuses.items()
}


def matrix_request(org: Org, endpoint: str) -> tuple[str, str, dict[str, Any] | None]:
    """The request the matrix sends for an endpoint: method, path, JSON body."""
    staffer = kv2_staffer(org)
    today = org.today.isoformat()
    requests: dict[str, tuple[str, str, dict[str, Any] | None]] = {
        "GET /units": ("get", "/api/org/units", None),
        "GET /units/{code}": ("get", "/api/org/units/kv2", None),
        "GET /positions": ("get", "/api/org/positions", None),
        "GET /work-areas": ("get", "/api/org/work-areas", None),
        "GET /people": ("get", "/api/org/people", None),
        "GET /people/{person_id}": ("get", f"/api/org/people/{staffer.person_id}", None),
        "GET /postings": ("get", "/api/org/postings", None),
        "POST /postings": (
            "post",
            "/api/org/postings",
            {
                "person_id": staffer.person_id,
                "unit": "kv2",
                "position": "chuyen-vien",
                "start": today,
                "concurrent": True,
            },
        ),
        "POST /postings/{posting_id}/end": (
            "post",
            f"/api/org/postings/{staffer.pk}/end",
            {"end": today, "version": 1},
        ),
        "GET /delegations": ("get", "/api/org/delegations", None),
        "POST /delegations": (
            "post",
            "/api/org/delegations",
            delegation_payload(org, org.chief, org.deputy, powers=["direct"]),
        ),
        "POST /delegations/{delegation_id}/revoke": (
            "post",
            f"/api/org/delegations/{org.delegation.pk}/revoke",
            {"reason": "Kiểm tra ma trận quyền", "version": 1},
        ),
    }
    return requests[endpoint]


@pytest.mark.parametrize("archetype", COLUMNS)
@pytest.mark.parametrize("endpoint", list(MATRIX_ROWS))
def test_permission_matrix(org: Org, endpoint: str, archetype: str) -> None:
    # Given an archetype user and the endpoint's request
    method, path, body = matrix_request(org, endpoint)
    client = client_for(org, archetype)
    before = db_state()
    # When they send it
    response = client.get(path) if method == "get" else post_json(client, path, body or {})
    # Then the status is the one in the table
    expected = EXPECTED_STATUS[(endpoint, archetype)]
    assert response.status_code == expected, response.content
    if expected >= 400:
        # And a refusal is a {"detail": …} body that changed nothing
        assert set(response.json()) <= {"detail", "field"}
        assert db_state() == before
    elif method == "post":
        assert AuditEntry.objects.count() == before[-1] + 1


def test_matrix_covers_every_org_endpoint(client: Client) -> None:
    # Given the published schema
    schema = client.get("/api/openapi.json").json()
    # Then every operation of the org router has a row in the matrix, and no row is stale
    operations = {
        f"{method.upper()} {path.removeprefix('/api/org')}"
        for path, item in schema["paths"].items()
        if path.startswith("/api/org/")
        for method in item
    }
    assert operations == set(MATRIX_ROWS)


def test_unit_parent_is_named_when_the_caller_sees_it(org: Org) -> None:
    response = client_for(org, "chief").get("/api/org/units/kv1")
    assert response.json()["parent"] == "tinh-thu"
