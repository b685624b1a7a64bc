"""Plans API for the programme, targets and period closes: same rules as the pages.

Errors are {"detail", "field"}; out of scope is 404, in scope without the power 403, and a
refused write changes nothing.
"""

from decimal import Decimal as D  # noqa: N817 - short for tables of figures

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import ARCHETYPES
from dieuhanh.core.models import AuditEntry
from dieuhanh.core.periods import Month
from dieuhanh.org.access import authority_for
from dieuhanh.plans import services
from dieuhanh.plans.models import (
    ImportBatch,
    Indicator,
    PeriodClose,
    ProgrammeItem,
    StatItem,
    Target,
)

A = ARCHETYPES  # unit_head, chief, peer, deputy, delegate, past_delegate, outsider, admin
YEAR = 2026
STALE = (
    "Dữ liệu đã được người khác sửa sau khi bạn mở trang. "
    "Thay đổi của bạn chưa được lưu; hãy tải lại trang để xem bản mới rồi sửa lại."
)


def row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(A)
    return dict(zip(A, statuses, strict=True))


def client_for(org, archetype):
    client = Client()
    client.force_login(getattr(org, archetype).user)
    return client


def post(client, address, body):
    return client.post(address, body, content_type="application/json")


def put(client, address, body):
    return client.put(address, body, content_type="application/json")


def indicator(code):
    return Indicator.objects.get(code=code)


def last_month(org):
    return Month.of(org.today).shift(-1)


def add_item(org, unit, title="Nâng cao chất lượng giải quyết tin báo", **extra):
    values = {
        "year": YEAR,
        "kind": ProgrammeItem.Kind.KEY_TASK,
        "title": title,
        "indicators": [indicator("TL_GQ_TGTB")],
        **extra,
    }
    return services.create_programme_item(unit, authority=authority_for(org.chief.user), **values)


def seed(org, rows, reason=""):
    authority = authority_for(org.admin.user)
    batch = services.new_batch(ImportBatch.Source.SEED, authority=authority)
    inputs = [
        services.FigureInput(unit, StatItem.objects.get(code=code), month, D(value))
        for unit, code, month, value in rows
    ]
    services.save_figures(inputs, batch=batch, authority=authority, reason=reason)


def state():
    return (
        list(ProgrammeItem.objects.order_by("pk").values_list("pk", "title", "version")),
        list(ProgrammeItem.objects.values_list("archived_at", flat=True)),
        list(Target.objects.order_by("pk").values_list("pk", "value", "superseded_at")),
        list(PeriodClose.objects.values_list("unit_id", "month")),
        AuditEntry.objects.count(),
    )


# ---------------------------------------------------------------- programme


def test_programme_lists_items_with_their_attainment(org):
    # Given KV1 resolved 10 of 20 crime reports in January 2026 and a key task measured by it
    seed(
        org,
        [
            (org.kv1, "TB_MOI", Month(2026, 1), 10),
            (org.kv1, "TB_GQ", Month(2026, 1), 9),
            (org.team, "TB_MOI", Month(2026, 1), 10),
            (org.team, "TB_GQ", Month(2026, 1), 1),
        ],
    )
    item = add_item(org, org.kv1, description="Không để tồn đọng")
    # When the programme is read
    response = client_for(org, "unit_head").get("/api/plans/units/kv1/programme", {"year": YEAR})
    # Then the item comes with its indicator's value, target and status
    assert response.status_code == 200
    body = response.json()
    assert (body["unit"], body["year"]) == ("kv1", YEAR)
    assert body["items"] == [
        {
            "id": item.pk,
            "year": YEAR,
            "kind": "key_task",
            "title": "Nâng cao chất lượng giải quyết tin báo",
            "description": "Không để tồn đọng",
            "work_area": None,
            "rank": 1,
            "version": 1,
            "indicators": [
                {
                    "code": "TL_GQ_TGTB",
                    "name": "Tỷ lệ giải quyết tố giác, tin báo về tội phạm và kiến nghị khởi tố",
                    "value": "50.00",
                    "target": "90.00",
                    "status": "khong_dat",
                    "projection": body["items"][0]["indicators"][0]["projection"],
                    "at_risk": body["items"][0]["indicators"][0]["at_risk"],
                }
            ],
        }
    ]


def test_create_item_returns_it_and_audits(org):
    response = post(
        client_for(org, "unit_head"),
        "/api/plans/units/kv1/programme",
        {
            "year": YEAR,
            "kind": "breakthrough",
            "title": "Đột phá: kiểm sát nguồn tin từ khi tiếp nhận",
            "work_area": "TGTB",
            "indicators": ["TL_GQ_TGTB", "TL_QH_TGTB"],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["work_area"], body["rank"], body["version"]) == (
        "breakthrough",
        "TGTB",
        1,
        1,
    )
    assert [i["code"] for i in body["indicators"]] == ["TL_GQ_TGTB", "TL_QH_TGTB"]
    assert AuditEntry.objects.filter(action="plans.programme.create").count() == 1


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"indicators": ["KHONG_CO"]}, 400, "indicators"),
        ({"work_area": "KHONG_CO"}, 400, "work_area"),
        ({"title": ""}, 422, "title"),
        ({"kind": "khac"}, 422, "kind"),
        ({"year": 1999}, 422, "year"),
    ],
)
def test_invalid_item_is_refused_naming_the_field(org, body, status, field):
    good = {"year": YEAR, "kind": "key_task", "title": "Nhiệm vụ", "indicators": []}
    response = post(client_for(org, "unit_head"), "/api/plans/units/kv1/programme", good | body)
    assert (response.status_code, response.json()["field"]) == (status, field)
    assert ProgrammeItem.objects.count() == 0


def test_inactive_indicator_is_refused(org):
    Indicator.objects.filter(code="TL_KNG").update(active=False)
    response = post(
        client_for(org, "unit_head"),
        "/api/plans/units/kv1/programme",
        {"year": YEAR, "kind": "key_task", "title": "X", "indicators": ["TL_KNG"]},
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Chỉ tiêu đo lường đã ngừng sử dụng, không gắn vào chương trình được: "
        "“Tỷ lệ kiến nghị được chấp nhận”.",
        "field": "indicators",
    }
    assert ProgrammeItem.objects.count() == 0


def test_update_with_a_stale_version_is_409_and_changes_nothing(org):
    item = add_item(org, org.kv1)
    client = client_for(org, "unit_head")
    body = {"kind": "key_task", "title": "Bản sửa", "indicators": [], "rank": 1}
    first = put(client, f"/api/plans/units/kv1/programme/{item.pk}", {**body, "version": 1})
    assert (first.status_code, first.json()["version"], first.json()["title"]) == (
        200,
        2,
        "Bản sửa",
    )
    second = put(
        client, f"/api/plans/units/kv1/programme/{item.pk}", {**body, "version": 1, "title": "Khác"}
    )
    assert second.status_code == 409
    assert second.json() == {"detail": STALE, "field": "version"}
    item.refresh_from_db()
    assert (item.title, item.version) == ("Bản sửa", 2)


def test_archive_removes_the_item_from_the_programme(org):
    item = add_item(org, org.kv1)
    client = client_for(org, "unit_head")
    response = post(
        client, f"/api/plans/units/kv1/programme/{item.pk}/archive", {"version": 1, "reason": "Gộp"}
    )
    assert (response.status_code, response.json()["version"]) == (200, 2)
    listed = client.get("/api/plans/units/kv1/programme", {"year": YEAR}).json()["items"]
    assert listed == []
    again = post(client, f"/api/plans/units/kv1/programme/{item.pk}/archive", {"version": 2})
    assert again.status_code == 404


def test_bad_year_is_400_or_422(org):
    client = client_for(org, "chief")
    response = client.get("/api/plans/units/kv1/programme", {"year": 99999})
    assert (response.status_code, response.json()["field"]) == (400, "year")
    assert client.get("/api/plans/units/kv1/targets", {"year": "abc"}).status_code == 422


# ---------------------------------------------------------------- targets


def test_targets_show_each_level_and_the_history(org):
    tl = indicator("TL_GQ_TGTB")
    services.change_target(
        tl,
        year=YEAR,
        unit=org.province,
        value=D(92),
        based_on=None,
        decision="KH 01/KH-VKS",
        authority=authority_for(org.chief.user),
    )
    response = client_for(org, "unit_head").get("/api/plans/units/kv1/targets", {"year": YEAR})
    assert response.status_code == 200
    body = response.json()
    assert (body["unit"], body["year"], body["may_allow_looser"]) == ("kv1", YEAR, False)
    line = next(t for t in body["targets"] if t["indicator"] == "TL_GQ_TGTB")
    assert {key: value for key, value in line.items() if key != "history"} == {
        "indicator": "TL_GQ_TGTB",
        "sector": "90.00",
        "province": "92.00",
        "own": None,
        "own_id": None,
        "effective": "92.00",
        "source": "tinh-thu",
    }
    assert [
        (h["level"], h["before"], h["after"], h["decision"], h["set_by"], h["current"])
        for h in line["history"]
    ] == [
        ("tinh-thu", None, "92.00", "KH 01/KH-VKS", "Trần Văn Trưởng", True),
        (None, None, "90.00", "Mức chung của ngành (mẫu)", "hệ thống", True),
    ]


def target(value, based_on=None, **extra):
    return {
        "indicator": "TL_GQ_TGTB",
        "year": YEAR,
        "value": value,
        "decision": "QĐ 12/QĐ-VKS",
        "based_on": based_on,
        **extra,
    }


def test_stricter_target_is_set_and_history_records_old_and_new(org):
    client = client_for(org, "unit_head")
    first = post(client, "/api/plans/units/kv1/targets", target("95"))
    assert first.status_code == 201
    assert (first.json()["own"], first.json()["effective"], first.json()["source"]) == (
        "95.00",
        "95.00",
        "kv1",
    )
    second = post(client, "/api/plans/units/kv1/targets", target("97", first.json()["own_id"]))
    assert second.status_code == 201
    assert [(h["level"], h["before"], h["after"]) for h in second.json()["history"]][:2] == [
        ("kv1", "95.00", "97.00"),
        ("kv1", None, "95.00"),
    ]


def test_looser_target_is_refused_unless_the_chief_above_allows(org):
    # The unit head: refused, with or without claiming the permission
    head = client_for(org, "unit_head")
    refused = post(head, "/api/plans/units/kv1/targets", target("85"))
    assert (refused.status_code, refused.json()["field"]) == (400, "value")
    self_allowed = post(head, "/api/plans/units/kv1/targets", target("85", looser_allowed=True))
    assert self_allowed.status_code == 400
    assert self_allowed.json() == {
        "detail": "Chỉ Viện trưởng cấp trên (người có quyền phê duyệt ở đơn vị cấp trên) "
        "được cho phép mức lỏng hơn.",
        "field": "looser_allowed",
    }
    assert Target.objects.filter(unit=org.kv1).count() == 0
    # The Chief of the province above: allowed when stated
    chief = client_for(org, "chief")
    assert chief.get("/api/plans/units/kv1/targets", {"year": YEAR}).json()["may_allow_looser"]
    allowed = post(chief, "/api/plans/units/kv1/targets", target("85", looser_allowed=True))
    assert allowed.status_code == 201
    assert allowed.json()["history"][0]["looser_allowed"] is True
    assert services.target_for(indicator("TL_GQ_TGTB"), YEAR, org.kv1) == D(85)


def test_stale_based_on_is_409(org):
    client = client_for(org, "unit_head")
    post(client, "/api/plans/units/kv1/targets", target("95"))
    response = post(client, "/api/plans/units/kv1/targets", target("96", based_on=None))
    assert response.status_code == 409
    assert response.json()["field"] == "based_on"
    assert services.target_for(indicator("TL_GQ_TGTB"), YEAR, org.kv1) == D(95)


def test_unknown_indicator_is_400(org):
    response = post(
        client_for(org, "chief"),
        "/api/plans/units/kv1/targets",
        target("95") | {"indicator": "KHONG_CO"},
    )
    assert response.json() == {"detail": "Không có chỉ tiêu mã “KHONG_CO”.", "field": "indicator"}


# ---------------------------------------------------------------- closes


def test_close_a_month_then_list_it(org):
    month = last_month(org)
    client = client_for(org, "unit_head")
    response = post(
        client,
        "/api/plans/units/kv1/closes",
        {"month": str(month), "signed_by": "Nguyễn Văn Khu", "note": "Đã đối chiếu"},
    )
    assert response.status_code == 201
    close = PeriodClose.objects.get()
    expected = {
        "id": close.pk,
        "unit": "kv1",
        "month": str(month),
        "signed_by": "Nguyễn Văn Khu",
        "closed_by": "Nguyễn Văn Khu",
        "closed_at": response.json()["closed_at"],
        "note": "Đã đối chiếu",
    }
    assert response.json() == expected
    assert client.get("/api/plans/units/kv1/closes").json() == [expected]
    # The parent's list shows its sub-unit's close; a sibling's does not
    chief = client_for(org, "chief")
    assert [c["unit"] for c in chief.get("/api/plans/units/tinh-thu/closes").json()] == ["kv1"]
    assert chief.get("/api/plans/units/kv2/closes").json() == []
    again = post(client, "/api/plans/units/kv1/closes", {"month": str(month), "signed_by": "X"})
    assert (again.status_code, again.json()["field"]) == (400, "month")


def test_close_then_a_correction_needs_a_reason(org):
    month = last_month(org)
    client = client_for(org, "unit_head")
    figure = {"unit": "kv1", "item": "TB_MOI", "month": str(month), "value": "10"}
    post(client, "/api/plans/figures", {"figures": [figure]})
    post(
        client, "/api/plans/units/kv1/closes", {"month": str(month), "signed_by": "Nguyễn Văn Khu"}
    )
    changed = {"figures": [{**figure, "value": "12"}]}
    refused = post(client, "/api/plans/figures", changed)
    assert (refused.status_code, refused.json()["field"]) == (400, "reason")
    accepted = post(client, "/api/plans/figures", {**changed, "reason": "Sai sót khi tổng hợp"})
    assert (accepted.status_code, accepted.json()["corrections"]) == (201, 1)


@pytest.mark.parametrize(
    ("month", "status", "field"),
    [("13/2026", 400, "month"), ("2026-01", 422, "month")],
)
def test_bad_close_month(org, month, status, field):
    response = post(
        client_for(org, "unit_head"),
        "/api/plans/units/kv1/closes",
        {"month": month, "signed_by": "Nguyễn Văn Khu"},
    )
    assert (response.status_code, response.json()["field"]) == (status, field)
    assert PeriodClose.objects.count() == 0


def test_unfinished_month_cannot_be_closed(org):
    response = post(
        client_for(org, "unit_head"),
        "/api/plans/units/kv1/closes",
        {"month": str(Month.of(org.today)), "signed_by": "Nguyễn Văn Khu"},
    )
    assert response.json() == {
        "detail": f"Tháng {Month.of(org.today)} chưa kết thúc nên chưa khóa sổ được.",
        "field": "month",
    }


# ---------------------------------------------------------------- permission matrix

#                          unit_head chief peer deputy delegate past outsider admin
MATRIX = {
    "get_programme_kv2":  row(404, 200, 200, 200, 200, 404, 404, 200),
    "get_targets_kv2":    row(404, 200, 200, 200, 200, 404, 404, 200),
    "get_closes_kv2":     row(404, 200, 200, 200, 200, 404, 404, 200),
    "get_programme_kv1":  row(200, 200, 404, 200, 404, 404, 404, 200),
    "post_item_kv2":      row(404, 201, 201, 403, 201, 404, 404, 201),
    "put_item_kv2":       row(404, 200, 200, 403, 200, 404, 404, 200),
    "archive_item_kv2":   row(404, 200, 200, 403, 200, 404, 404, 200),
    "post_target_kv2":    row(404, 201, 201, 403, 201, 404, 404, 201),
    "post_close_kv2":     row(404, 201, 201, 403, 201, 404, 404, 201),
    "post_item_kv1":      row(201, 201, 404, 201, 404, 404, 404, 201),
    "post_target_prov":   row(404, 201, 404, 403, 404, 404, 404, 201),
}  # fmt: skip


def call(name, client, org, item):
    month = str(last_month(org))
    new_item = {"year": YEAR, "kind": "key_task", "title": "Kiểm sát việc tạm giữ"}
    edit = {"version": item.version, "kind": "key_task", "title": "Sửa", "rank": 1}
    programme = "/api/plans/units/{}/programme"
    return {
        "get_programme_kv2": lambda: client.get(programme.format("kv2"), {"year": YEAR}),
        "get_targets_kv2": lambda: client.get("/api/plans/units/kv2/targets", {"year": YEAR}),
        "get_closes_kv2": lambda: client.get("/api/plans/units/kv2/closes"),
        "get_programme_kv1": lambda: client.get(programme.format("kv1"), {"year": YEAR}),
        "post_item_kv2": lambda: post(client, programme.format("kv2"), new_item),
        "post_item_kv1": lambda: post(client, programme.format("kv1"), new_item),
        "put_item_kv2": lambda: put(client, f"{programme.format('kv2')}/{item.pk}", edit),
        "archive_item_kv2": lambda: post(
            client, f"{programme.format('kv2')}/{item.pk}/archive", {"version": item.version}
        ),
        "post_target_kv2": lambda: post(client, "/api/plans/units/kv2/targets", target("95")),
        "post_target_prov": lambda: post(client, "/api/plans/units/tinh-thu/targets", target("95")),
        "post_close_kv2": lambda: post(
            client, "/api/plans/units/kv2/closes", {"month": month, "signed_by": "Hoàng Văn Bên"}
        ),
    }[name]()


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_endpoint_matrix_and_nothing_changes_on_denial(org, endpoint, archetype):
    item = add_item(org, org.kv2)
    before = state()
    response = call(endpoint, client_for(org, archetype), org, item)
    expected = MATRIX[endpoint][archetype]
    assert response.status_code == expected, response.content.decode()[:1000]
    if expected >= 400:
        assert set(response.json()) <= {"detail", "field"}
        assert state() == before
    elif endpoint.startswith("get_"):
        assert state() == before
    else:
        assert state() != before


def test_anonymous_is_401(org):
    assert Client().get("/api/plans/units/kv1/programme").status_code == 401
    assert post(Client(), "/api/plans/units/kv1/closes", {}).status_code == 401


# ---------------------------------------------------------------- query budgets


def _count(client, address, params=None):
    client.get(address, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address, params or {})
    assert response.status_code == 200
    return len(captured)


def grow(org, count):
    chief = authority_for(org.chief.user)
    tl = indicator("TL_GQ_TGTB")
    start = PeriodClose.objects.count()
    for index in range(start, start + count):
        add_item(org, org.kv1, title=f"Nhiệm vụ {index}", indicators=[tl, indicator("TL_KNG")])
        services.set_target(
            tl,
            year=YEAR,
            unit=org.kv1,
            value=D(91 + index % 9),
            authority=chief,
            looser_allowed=True,
        )
        services.set_target(tl, year=YEAR, unit=org.province, value=D(90), authority=chief)
        services.close_period(
            org.kv1, month=last_month(org).shift(-index), signed_by="X", authority=chief
        )


@pytest.mark.parametrize(
    "address", ["/api/plans/units/kv1/programme", "/api/plans/units/kv1/targets", "/api/plans/units/kv1/closes"]
)  # fmt: skip
def test_queries_do_not_grow_with_data(org, address):
    client = client_for(org, "chief")
    grow(org, 1)
    small = _count(client, address, {"year": YEAR} if "closes" not in address else None)
    grow(org, 9)
    large = _count(client, address, {"year": YEAR} if "closes" not in address else None)
    assert large == small
    assert large <= 15
