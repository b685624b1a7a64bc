"""Programme, targets and period-close pages: who may do what, what they show, what they refuse.

Allowed is 200 (302 after a successful POST); a unit the user may see but not act on is 403;
a unit outside the user's scope is 404. On every denied POST nothing changes.
"""

from decimal import Decimal as D  # noqa: N817 - short for tables of figures

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import ARCHETYPES
from dieuhanh.core.errors import Denied
from dieuhanh.core.models import AuditEntry
from dieuhanh.core.periods import Month
from dieuhanh.org.access import authority_for
from dieuhanh.plans import services
from dieuhanh.plans.errors import ClosedPeriod, PlansError
from dieuhanh.plans.models import (
    FigureChange,
    ImportBatch,
    Indicator,
    PeriodClose,
    ProgrammeItem,
    StatItem,
    Target,
)

A = ARCHETYPES  # unit_head, chief, peer, deputy, delegate, past_delegate, outsider, admin
YEAR = 2026


def row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(A)
    return dict(zip(A, statuses, strict=True))


def url(name, *args, query=""):
    return reverse(f"plans:{name}", args=args) + (f"?{query}" if query else "")


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
    """Save (unit, item code, month, value) rows as the administrator."""
    authority = authority_for(org.admin.user)
    batch = services.new_batch(ImportBatch.Source.SEED, authority=authority)
    inputs = [
        services.FigureInput(unit, StatItem.objects.get(code=code), month, D(value))
        for unit, code, month, value in rows
    ]
    summary = services.save_figures(inputs, batch=batch, authority=authority, reason=reason)
    services.finish_batch(batch, summary)
    return summary


def state():
    """Everything a denied request must leave as it was."""
    return (
        list(ProgrammeItem.objects.order_by("pk").values_list("pk", "title", "version")),
        list(ProgrammeItem.objects.values_list("archived_at", flat=True)),
        list(Target.objects.order_by("pk").values_list("pk", "value", "superseded_at")),
        list(PeriodClose.objects.values_list("unit_id", "month")),
        AuditEntry.objects.count(),
    )


# ---------------------------------------------------------------- permission matrix

#                              unit_head chief peer deputy delegate past outsider admin
GET_MATRIX = {
    "programme_kv1":        row(200, 200, 404, 200, 404, 404, 404, 200),
    "programme_kv2":        row(404, 200, 200, 200, 200, 404, 404, 200),
    "programme_province":   row(404, 200, 404, 200, 404, 404, 404, 200),
    "item_create_kv1":      row(200, 200, 404, 200, 404, 404, 404, 200),
    "item_create_kv2":      row(404, 200, 200, 403, 200, 404, 404, 200),
    "item_edit_kv2":        row(404, 200, 200, 403, 200, 404, 404, 200),
    "targets_kv1":          row(200, 200, 404, 200, 404, 404, 404, 200),
    "targets_kv2":          row(404, 200, 200, 200, 200, 404, 404, 200),
    "target_set_kv2":       row(404, 200, 200, 403, 200, 404, 404, 200),
    "target_set_province":  row(404, 200, 404, 403, 404, 404, 404, 200),
    "closes_kv1":           row(200, 200, 404, 200, 404, 404, 404, 200),
    "closes_kv2":           row(404, 200, 200, 200, 200, 404, 404, 200),
}  # fmt: skip


def get_url(name, org, item):
    return {
        "programme_kv1": url("programme", "kv1", query=f"year={YEAR}"),
        "programme_kv2": url("programme", "kv2", query=f"year={YEAR}"),
        "programme_province": url("programme", "tinh-thu", query=f"year={YEAR}"),
        "item_create_kv1": url("programme_item_create", "kv1", query=f"year={YEAR}"),
        "item_create_kv2": url("programme_item_create", "kv2", query=f"year={YEAR}"),
        "item_edit_kv2": url("programme_item_edit", "kv2", item.pk),
        "targets_kv1": url("targets", "kv1", query=f"year={YEAR}"),
        "targets_kv2": url("targets", "kv2", query=f"year={YEAR}"),
        "target_set_kv2": url("target_set", "kv2", "TL_GQ_TGTB", query=f"year={YEAR}"),
        "target_set_province": url("target_set", "tinh-thu", "TL_GQ_TGTB", query=f"year={YEAR}"),
        "closes_kv1": url("closes", "kv1"),
        "closes_kv2": url("closes", "kv2"),
    }[name]


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("page", list(GET_MATRIX))
def test_page_matrix(client, org, page, archetype):
    # Given an item in KV2's programme
    item = add_item(org, org.kv2)
    client.force_login(getattr(org, archetype).user)
    # When the page is opened; then the status follows the user's scope and powers
    assert client.get(get_url(page, org, item)).status_code == GET_MATRIX[page][archetype]


#                              unit_head chief peer deputy delegate past outsider admin
POST_MATRIX = {
    "create_item_kv2":      row(404, 302, 302, 403, 302, 404, 404, 302),
    "edit_item_kv2":        row(404, 302, 302, 403, 302, 404, 404, 302),
    "archive_item_kv2":     row(404, 302, 302, 403, 302, 404, 404, 302),
    "set_target_kv2":       row(404, 302, 302, 403, 302, 404, 404, 302),
    "set_target_province":  row(404, 302, 404, 403, 404, 404, 404, 302),
    "close_kv2":            row(404, 302, 302, 403, 302, 404, 404, 302),
    "create_item_kv1":      row(302, 302, 404, 302, 404, 404, 404, 302),
    "close_kv1":            row(302, 302, 404, 302, 404, 404, 404, 302),
}  # fmt: skip


def post_request(name, org, item):
    month = last_month(org)
    new_item = {"kind": "key_task", "title": "Kiểm sát chặt chẽ việc tạm giữ", "rank": ""}
    close = {"month": f"{month.year}-{month.month:02d}", "signed_by": "Trần Văn Trưởng"}
    target = {"value": "95", "decision": "QĐ 12/QĐ-VKS", "based_on": ""}
    return {
        "create_item_kv2": (url("programme_item_create", "kv2", query=f"year={YEAR}"), new_item),
        "create_item_kv1": (url("programme_item_create", "kv1", query=f"year={YEAR}"), new_item),
        "edit_item_kv2": (
            url("programme_item_edit", "kv2", item.pk),
            {**new_item, "version": item.version, "rank": "2"},
        ),
        "archive_item_kv2": (
            url("programme_item_archive", "kv2", item.pk),
            {"version": item.version, "reason": "Gộp vào nhiệm vụ khác"},
        ),
        "set_target_kv2": (
            url("target_set", "kv2", "TL_GQ_TGTB", query=f"year={YEAR}"),
            target,
        ),
        "set_target_province": (
            url("target_set", "tinh-thu", "TL_GQ_TGTB", query=f"year={YEAR}"),
            target,
        ),
        "close_kv2": (url("closes", "kv2"), close),
        "close_kv1": (url("closes", "kv1"), close),
    }[name]


@pytest.mark.parametrize("archetype", A)
@pytest.mark.parametrize("action", list(POST_MATRIX))
def test_action_matrix_and_nothing_changes_on_denial(client, org, action, archetype):
    # Given an item in KV2's programme
    item = add_item(org, org.kv2)
    client.force_login(getattr(org, archetype).user)
    before = state()
    # When the action is posted
    address, data = post_request(action, org, item)
    response = client.post(address, data)
    # Then it succeeds (a redirect) or is refused, and a refusal changes nothing
    expected = POST_MATRIX[action][archetype]
    assert response.status_code == expected, response.content.decode()[:2000]
    if expected == 302:
        assert state() != before
    else:
        assert state() == before


def test_a_delegate_acts_on_behalf_of_the_chief(client, org):
    # Given the delegate holding DIRECT on KV2 under the Chief's delegation
    client.force_login(org.delegate.user)
    # When they add a key task to KV2's programme
    client.post(
        url("programme_item_create", "kv2", query=f"year={YEAR}"),
        {"kind": "key_task", "title": "Giải quyết dứt điểm án tồn"},
    )
    # Then the audit says it was done on the Chief's behalf under that delegation
    entry = AuditEntry.objects.get(action="plans.programme.create")
    assert (entry.actor_id, entry.on_behalf_of_label, entry.delegation_id) == (
        org.delegate.user.pk,
        "Trần Văn Trưởng",
        org.delegation.pk,
    )


# ---------------------------------------------------------------- programme page


def test_programme_shows_items_with_their_indicators_attainment(client, org):
    # Given KV1 resolved 10 of 20 crime reports (with its team) in January, a stricter own
    # target of 95 %, a key task and the breakthrough area measured by that indicator
    seed(
        org,
        [
            (org.kv1, "TB_MOI", Month(2026, 1), 10),
            (org.kv1, "TB_GQ", Month(2026, 1), 9),
            (org.team, "TB_MOI", Month(2026, 1), 10),
            (org.team, "TB_GQ", Month(2026, 1), 1),
        ],
    )
    services.set_target(
        indicator("TL_GQ_TGTB"),
        year=YEAR,
        unit=org.kv1,
        value=D(95),
        authority=authority_for(org.unit_head.user),
    )
    add_item(org, org.kv1, indicators=[indicator("TL_GQ_TGTB"), indicator("TL_KNG")])
    add_item(
        org,
        org.kv1,
        title="Đột phá: kiểm sát nguồn tin từ khi tiếp nhận",
        kind=ProgrammeItem.Kind.BREAKTHROUGH,
    )
    client.force_login(org.unit_head.user)
    # When the head opens the programme for 2026
    response = client.get(url("programme", "kv1", query=f"year={YEAR}"))
    # Then each item lists its indicators with value, target and status
    [(task, task_rows)] = response.context["key_tasks"]
    [(breakthrough, breakthrough_rows)] = response.context["breakthroughs"]
    assert (task.title, breakthrough.title) == (
        "Nâng cao chất lượng giải quyết tin báo",
        "Đột phá: kiểm sát nguồn tin từ khi tiếp nhận",
    )
    assert [
        (r.result.indicator.code, r.result.value, r.result.target, r.result.status.label)
        for r, _risk in task_rows
    ] == [
        ("TL_GQ_TGTB", D("50.00"), D(95), "Không đạt"),
        ("TL_KNG", None, D(80), "Chưa có số liệu"),
    ]
    assert [r.result.value for r, _risk in breakthrough_rows] == [D("50.00")]
    assert "50,00%" in response.text
    assert "Đặt khâu công tác đột phá" not in response.text  # only one breakthrough area


def test_viewer_without_direct_sees_no_edit_links(client, org):
    # Given an item of KV2; the deputy may view KV2 but not direct it
    add_item(org, org.kv2)
    client.force_login(org.deputy.user)
    # When the deputy opens KV2's programme
    response = client.get(url("programme", "kv2", query=f"year={YEAR}"))
    # Then the item is shown without edit or add links
    assert "Nâng cao chất lượng giải quyết tin báo" in response.text
    assert "Thêm nhiệm vụ trọng tâm" not in response.text
    assert url("programme_item_edit", "kv2", ProgrammeItem.objects.get().pk) not in response.text


def test_create_item_with_linked_indicators_is_audited(client, org):
    client.force_login(org.unit_head.user)
    # When the head adds a key task with two indicators
    response = client.post(
        url("programme_item_create", "kv1", query=f"year={YEAR}"),
        {
            "kind": "key_task",
            "title": "Truy tố đúng thời hạn, đúng tội danh",
            "description": "Không để quá hạn truy tố",
            "indicators": [indicator("TL_TT_DUNGHAN").pk, indicator("TL_TT_DUNGTOI").pk],
        },
    )
    # Then it is saved for 2026 with rank 1, and the change is audited
    assert response.status_code == 302
    assert response["Location"] == url("programme", "kv1", query=f"year={YEAR}")
    item = ProgrammeItem.objects.get()
    assert (item.unit, item.year, item.kind, item.title, item.rank, item.version) == (
        org.kv1,
        YEAR,
        "key_task",
        "Truy tố đúng thời hạn, đúng tội danh",
        1,
        1,
    )
    assert sorted(i.code for i in item.indicators.all()) == ["TL_TT_DUNGHAN", "TL_TT_DUNGTOI"]
    entry = AuditEntry.objects.get(action="plans.programme.create")
    assert entry.changes["indicators"] == [None, ["TL_TT_DUNGHAN", "TL_TT_DUNGTOI"]]
    assert entry.actor_id == org.unit_head.user.pk


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "key_task", "title": ""}, "title", "Nội dung: cần ghi nội dung của nhiệm vụ."),
        (
            {"kind": "khac", "title": "X"},
            "kind",
            "Loại: “khac” không phải là lựa chọn hợp lệ.",
        ),
        (
            {"kind": "key_task", "title": "X", "rank": "0"},
            "rank",
            "Thứ tự: phải từ 1 trở lên.",
        ),
    ],
)
def test_invalid_item_is_refused_naming_the_field(client, org, data, field, message):
    client.force_login(org.unit_head.user)
    response = client.post(url("programme_item_create", "kv1", query=f"year={YEAR}"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.text
    assert ProgrammeItem.objects.count() == 0


def test_inactive_indicators_are_not_offered_nor_accepted(client, org):
    # Given an indicator no longer in use
    retired = indicator("TL_KNG")
    Indicator.objects.filter(pk=retired.pk).update(active=False)
    client.force_login(org.unit_head.user)
    # Then the form does not offer it
    form_page = client.get(url("programme_item_create", "kv1", query=f"year={YEAR}"))
    assert retired.name not in form_page.text
    # And posting it anyway is refused with a message naming the field
    response = client.post(
        url("programme_item_create", "kv1", query=f"year={YEAR}"),
        {"kind": "key_task", "title": "X", "indicators": [retired.pk]},
    )
    assert response.context["form"].errors["indicators"] == [
        f"Chỉ tiêu đo lường: lựa chọn {retired.pk} không có hoặc đã ngừng sử dụng."
    ]
    assert ProgrammeItem.objects.count() == 0
    # And the service refuses it too (for callers other than the form)
    with pytest.raises(PlansError) as error:
        add_item(org, org.kv1, indicators=[indicator("TL_KNG")])
    assert error.value.field == "indicators"


def test_a_second_breakthrough_area_is_refused(client, org):
    add_item(org, org.kv1, title="Đột phá thứ nhất", kind=ProgrammeItem.Kind.BREAKTHROUGH)
    client.force_login(org.unit_head.user)
    response = client.post(
        url("programme_item_create", "kv1", query=f"year={YEAR}"),
        {"kind": "breakthrough", "title": "Đột phá thứ hai"},
    )
    assert response.context["form"].errors["kind"] == [
        "VKSND khu vực 1 đã có khâu công tác đột phá năm 2026: “Đột phá thứ nhất”. "
        "Hãy sửa nội dung đó hoặc lưu trữ nó trước khi thêm khâu đột phá khác."
    ]
    assert ProgrammeItem.objects.count() == 1


def test_edit_saves_and_moves_the_version_on(client, org):
    item = add_item(org, org.kv1)
    client.force_login(org.unit_head.user)
    response = client.post(
        url("programme_item_edit", "kv1", item.pk),
        {
            "version": 1,
            "kind": "key_task",
            "title": "Giải quyết tin báo đúng hạn",
            "rank": "3",
            "indicators": [indicator("TL_QH_TGTB").pk],
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.rank, item.version) == ("Giải quyết tin báo đúng hạn", 3, 2)
    assert [i.code for i in item.indicators.all()] == ["TL_QH_TGTB"]
    entry = AuditEntry.objects.get(action="plans.programme.update")
    assert entry.changes == {
        "title": ["Nâng cao chất lượng giải quyết tin báo", "Giải quyết tin báo đúng hạn"],
        "rank": [1, 3],
        "indicators": [["TL_GQ_TGTB"], ["TL_QH_TGTB"]],
    }


def test_concurrent_edit_is_refused_and_the_first_save_kept(client, org):
    # Given two leaders who opened the same item at version 1; the Chief saved first
    item = add_item(org, org.kv1)
    services.update_programme_item(
        item,
        expected_version=1,
        authority=authority_for(org.chief.user),
        kind="key_task",
        title="Bản của Viện trưởng",
        description="",
        work_area=None,
        indicators=[],
        rank=1,
    )
    client.force_login(org.unit_head.user)
    # When the head saves on the strength of version 1
    response = client.post(
        url("programme_item_edit", "kv1", item.pk),
        {"version": 1, "kind": "key_task", "title": "Bản của trưởng khu vực", "rank": "1"},
    )
    # Then the form comes back with the reason above it, and the Chief's save is kept
    assert response.status_code == 200
    message = (
        "Dữ liệu đã được người khác sửa sau khi bạn mở trang. "
        "Thay đổi của bạn chưa được lưu; hãy tải lại trang để xem bản mới rồi sửa lại."
    )
    assert response.context["form"].non_field_errors() == [message]
    assert message in response.text
    item.refresh_from_db()
    assert (item.title, item.version) == ("Bản của Viện trưởng", 2)
    assert AuditEntry.objects.filter(action="plans.programme.update").count() == 1


def test_archive_takes_the_item_out_and_keeps_its_history(client, org):
    item = add_item(org, org.kv1)
    client.force_login(org.unit_head.user)
    # A stale version is refused
    stale = client.post(
        url("programme_item_archive", "kv1", item.pk), {"version": 7, "reason": ""}, follow=True
    )
    assert "Dữ liệu đã được người khác sửa" in stale.text
    assert ProgrammeItem.objects.get().archived_at is None
    # The current one archives it
    response = client.post(
        url("programme_item_archive", "kv1", item.pk),
        {"version": 1, "reason": "Gộp vào nhiệm vụ khác"},
        follow=True,
    )
    assert response.context["key_tasks"] == []
    item.refresh_from_db()
    assert item.archived_at is not None
    entry = AuditEntry.objects.get(action="plans.programme.archive")
    assert entry.changes["reason"] == [None, "Gộp vào nhiệm vụ khác"]
    # And it can no longer be opened for editing
    assert client.get(url("programme_item_edit", "kv1", item.pk)).status_code == 404


def test_an_item_of_another_unit_is_404_through_this_unit(client, org):
    item = add_item(org, org.kv2)
    client.force_login(org.chief.user)
    assert client.get(url("programme_item_edit", "kv1", item.pk)).status_code == 404


def test_absurd_year_is_404(client, org):
    client.force_login(org.chief.user)
    assert client.get(url("programme", "kv1", query="year=abc")).status_code == 404
    assert client.get(url("targets", "kv1", query="year=99999")).status_code == 404


# ---------------------------------------------------------------- targets


def test_targets_page_shows_each_level_the_target_in_force_and_history(client, org):
    # Given the sector's 90, the province's 92 (set by the Chief) and KV1's own 95
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
    services.change_target(
        tl,
        year=YEAR,
        unit=org.kv1,
        value=D(95),
        based_on=None,
        decision="QĐ 5/QĐ-VKSKV1",
        authority=authority_for(org.unit_head.user),
    )
    client.force_login(org.chief.user)
    # When the KV1 page and the team's page are opened
    kv1 = {
        line.indicator.code: line
        for line in client.get(url("targets", "kv1", query=f"year={YEAR}")).context["lines"]
    }["TL_GQ_TGTB"]
    team = {
        line.indicator.code: line
        for line in client.get(url("targets", "kv1-to1", query=f"year={YEAR}")).context["lines"]
    }["TL_GQ_TGTB"]
    # Then each level, the target in force and its source are shown
    assert (
        kv1.sector.value,
        kv1.province.value,
        kv1.own.value,
        kv1.effective.value,
        kv1.source,
    ) == (D(90), D(92), D(95), D(95), "KV1")
    assert (team.own, team.effective.value, team.source) == (None, D(95), "KV1")
    # And the history, newest first: who, which level, old → new, basis
    assert [(c.who, c.level, c.before, c.target.value, c.target.decision) for c in kv1.history] == [
        ("Nguyễn Văn Khu", "KV1", None, D(95), "QĐ 5/QĐ-VKSKV1"),
        ("Trần Văn Trưởng", "VKS tỉnh", None, D(92), "KH 01/KH-VKS"),
        ("hệ thống", "Ngành", None, D(90), "Mức chung của ngành (mẫu)"),
    ]


def test_a_looser_target_is_refused_with_the_reason(client, org):
    # Given KV1's head, whose target in force is the sector's 90
    client.force_login(org.unit_head.user)
    form_page = client.get(url("target_set", "kv1", "TL_GQ_TGTB", query=f"year={YEAR}"))
    assert "looser_allowed" not in form_page.context["form"].fields  # not the Chief above
    # When they set 85 (even posting the permission box the form does not offer)
    response = client.post(
        url("target_set", "kv1", "TL_GQ_TGTB", query=f"year={YEAR}"),
        {"value": "85", "decision": "Đề nghị của đơn vị", "based_on": "", "looser_allowed": "on"},
    )
    # Then it is refused next to the value, and nothing is saved
    message = (
        "Mức 85 lỏng hơn mức đang áp dụng 90.00 của “Tỷ lệ giải quyết tố giác, tin báo về tội "
        "phạm và kiến nghị khởi tố”; chỉ được đặt chặt hơn, trừ khi Viện trưởng cấp trên cho phép."
    )
    assert response.context["form"].errors["value"] == [message]
    assert Target.objects.filter(unit=org.kv1).count() == 0


def test_a_head_cannot_allow_a_looser_target_for_their_own_unit(org):
    # Given KV1's head (who holds APPROVE on KV1 itself, not on the province above)
    head = authority_for(org.unit_head.user)
    # When they try to allow themselves a looser target
    with pytest.raises(PlansError) as error:
        services.set_target(
            indicator("TL_GQ_TGTB"),
            year=YEAR,
            unit=org.kv1,
            value=D(85),
            authority=head,
            looser_allowed=True,
        )
    # Then only the Chief above may
    assert error.value.field == "looser_allowed"
    assert not services.may_allow_looser(head, org.kv1)
    assert services.may_allow_looser(authority_for(org.chief.user), org.kv1)
    assert not services.may_allow_looser(authority_for(org.delegate.user), org.kv2)
    assert not services.may_allow_looser(authority_for(org.chief.user), org.province)
    assert services.may_allow_looser(authority_for(org.admin.user), org.province)
    assert Target.objects.filter(unit=org.kv1).count() == 0


def test_lowering_a_units_own_target_is_looser_too(org):
    # Given KV1's own 95 set by its head
    tl = indicator("TL_GQ_TGTB")
    head = authority_for(org.unit_head.user)
    services.set_target(tl, year=YEAR, unit=org.kv1, value=D(95), authority=head)
    # When the head lowers it to 92 (still above the sector's 90)
    with pytest.raises(PlansError) as error:
        services.set_target(tl, year=YEAR, unit=org.kv1, value=D(92), authority=head)
    # Then it is refused: only stricter than the target in force
    assert error.value.field == "value"
    assert services.target_for(tl, YEAR, org.kv1) == D(95)


def test_the_chief_above_may_allow_a_looser_target(client, org):
    client.force_login(org.chief.user)
    form_page = client.get(url("target_set", "kv1", "TL_GQ_TGTB", query=f"year={YEAR}"))
    assert "looser_allowed" in form_page.context["form"].fields
    # Without ticking the permission it is still refused
    refused = client.post(
        url("target_set", "kv1", "TL_GQ_TGTB", query=f"year={YEAR}"),
        {"value": "85", "decision": "Địa bàn có nhiều án phức tạp", "based_on": ""},
    )
    assert list(refused.context["form"].errors) == ["value"]
    # With it, the looser target is saved and marked as allowed
    response = client.post(
        url("target_set", "kv1", "TL_GQ_TGTB", query=f"year={YEAR}"),
        {
            "value": "85,5",
            "decision": "Địa bàn có nhiều án phức tạp",
            "based_on": "",
            "looser_allowed": "on",
        },
    )
    assert response.status_code == 302
    target = Target.objects.current().get(unit=org.kv1)
    assert (target.value, target.looser_allowed, target.set_by) == (
        D("85.50"),
        True,
        org.chief.user,
    )
    page = client.get(url("targets", "kv1", query=f"year={YEAR}"))
    assert "được phép lỏng hơn" in page.text


def test_a_target_set_meanwhile_refuses_the_stale_form(client, org):
    # Given the head opened the form while KV1 had no own target; then the Chief set 95
    tl = indicator("TL_GQ_TGTB")
    client.force_login(org.unit_head.user)
    form_page = client.get(url("target_set", "kv1", "TL_GQ_TGTB", query=f"year={YEAR}"))
    assert form_page.context["form"].initial["based_on"] is None
    services.set_target(
        tl, year=YEAR, unit=org.kv1, value=D(95), authority=authority_for(org.chief.user)
    )
    # When the head saves 96 on the strength of what they saw
    response = client.post(
        url("target_set", "kv1", "TL_GQ_TGTB", query=f"year={YEAR}"),
        {"value": "96", "decision": "QĐ 9", "based_on": ""},
    )
    # Then nothing is saved and they are told to reload
    assert response.context["form"].non_field_errors() == [
        "Mức chỉ tiêu “Tỷ lệ giải quyết tố giác, tin báo về tội phạm và kiến nghị khởi tố” của "
        "VKSND khu vực 1 vừa được người khác đặt lại (hiện là: 95.00); chưa lưu gì. "
        "Hãy tải lại trang để xem mức mới."
    ]
    assert services.target_for(tl, YEAR, org.kv1) == D(95)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"value": "", "decision": "QĐ 1"}, "value", "Mức chỉ tiêu: cần ghi một số."),
        ({"value": "chín mươi", "decision": "QĐ 1"}, "value", "Mức chỉ tiêu: “chín mươi” không phải là số."),
        ({"value": "101", "decision": "QĐ 1"}, "value", "Mức chỉ tiêu: tỷ lệ không quá 100%."),
        ({"value": "95", "decision": ""}, "decision", "Căn cứ, lý do: cần ghi số quyết định hoặc lý do."),
    ],
)  # fmt: skip
def test_invalid_target_is_refused_naming_the_field(client, org, data, field, message):
    client.force_login(org.unit_head.user)
    response = client.post(
        url("target_set", "kv1", "TL_GQ_TGTB", query=f"year={YEAR}"), {**data, "based_on": ""}
    )
    assert response.context["form"].errors[field] == [message]
    assert Target.objects.filter(unit=org.kv1).count() == 0


def test_zero_tolerance_target_must_stay_zero(client, org):
    client.force_login(org.chief.user)
    response = client.post(
        url("target_set", "kv1", "SO_OAN", query=f"year={YEAR}"),
        {"value": "1", "decision": "QĐ 1", "based_on": ""},
    )
    assert response.context["form"].errors["value"] == [
        "Chỉ tiêu “tuyệt đối không để xảy ra” có mức bằng 0."
    ]


# ---------------------------------------------------------------- period close


def test_close_a_month_then_a_correction_needs_a_reason_and_shows(client, org):
    # Given KV1's figures for last month
    month = last_month(org)
    seed(org, [(org.kv1, "TB_MOI", month, 10), (org.kv1, "TB_GQ", month, 9)])
    client.force_login(org.unit_head.user)
    # When the head closes that month with a named sign-off
    response = client.post(
        url("closes", "kv1"),
        {
            "month": f"{month.year}-{month.month:02d}",
            "signed_by": "Nguyễn Văn Khu — Viện trưởng",
            "note": "Đã đối chiếu với Cơ quan điều tra",
        },
    )
    assert response.status_code == 302
    close = PeriodClose.objects.get()
    assert (close.unit, close.month, close.signed_by, close.closed_by, close.note) == (
        org.kv1,
        month.key,
        "Nguyễn Văn Khu — Viện trưởng",
        org.unit_head.user,
        "Đã đối chiếu với Cơ quan điều tra",
    )
    # Then a change without a reason is refused and the figure kept
    with pytest.raises(ClosedPeriod):
        seed(org, [(org.kv1, "TB_GQ", month, 10)])
    # And a change with a reason is recorded as a correction
    seed(org, [(org.kv1, "TB_GQ", month, 10)], reason="Đính chính theo biên bản đối chiếu")
    change = FigureChange.objects.get(correction=True)
    assert (change.before, change.after, change.reason) == (
        D(9),
        D(10),
        "Đính chính theo biên bản đối chiếu",
    )
    # And the close page lists the close and the correction
    page = client.get(url("closes", "kv1"))
    assert [c.pk for c in page.context["closes"]] == [close.pk]
    assert [c.pk for c in page.context["corrections"]] == [change.pk]
    assert "Đính chính theo biên bản đối chiếu" in page.text
    # And the month is no longer offered for closing
    offered = [value for value, _label in page.context["form"].fields["month"].choices]
    assert f"{month.year}-{month.month:02d}" not in offered
    # And the unit's results mark the corrected indicator
    results = client.get(
        url("unit_results", "kv1", query=f"period=m-{month.year}-{month.month:02d}")
    )
    assert results.context["corrected"] == {"TL_GQ_TGTB"}
    assert 'data-testid="corrected"' in results.text


def test_close_from_above_is_listed_on_the_sub_unit(client, org):
    month = last_month(org)
    services.close_period(
        org.province,
        month=month,
        signed_by="Trần Văn Trưởng",
        authority=authority_for(org.chief.user),
    )
    client.force_login(org.unit_head.user)
    page = client.get(url("closes", "kv1"))
    assert [(c.unit.code, c.month) for c in page.context["closes"]] == [("tinh-thu", month.key)]
    assert "cấp trên" in page.text
    offered = [value for value, _label in page.context["form"].fields["month"].choices]
    assert f"{month.year}-{month.month:02d}" not in offered  # already locked from above


def test_an_unfinished_month_cannot_be_closed(client, org):
    this_month = Month.of(org.today)
    client.force_login(org.unit_head.user)
    response = client.post(
        url("closes", "kv1"),
        {"month": f"{this_month.year}-{this_month.month:02d}", "signed_by": "Nguyễn Văn Khu"},
    )
    assert response.context["form"].errors["month"] == [
        f"Tháng khóa sổ: “{this_month.year}-{this_month.month:02d}” chưa kết thúc hoặc đã khóa."
    ]
    with pytest.raises(PlansError) as error:
        services.close_period(
            org.kv1,
            month=this_month,
            signed_by="Nguyễn Văn Khu",
            authority=authority_for(org.unit_head.user),
        )
    assert error.value.field == "month"
    assert PeriodClose.objects.count() == 0


def test_close_needs_a_named_sign_off(client, org):
    month = last_month(org)
    client.force_login(org.unit_head.user)
    response = client.post(
        url("closes", "kv1"), {"month": f"{month.year}-{month.month:02d}", "signed_by": ""}
    )
    assert response.context["form"].errors["signed_by"] == ["Người ký xác nhận: cần ghi họ tên."]
    assert PeriodClose.objects.count() == 0


def test_viewer_without_approve_sees_closes_but_no_form(client, org):
    client.force_login(org.deputy.user)
    page = client.get(url("closes", "kv2"))
    assert page.status_code == 200
    assert page.context["form"] is None
    with pytest.raises(Denied):
        services.close_period(
            org.kv2,
            month=last_month(org),
            signed_by="Lê Thị Phó",
            authority=authority_for(org.deputy.user),
        )


def test_results_page_links_to_programme_targets_and_close(client, org):
    client.force_login(org.unit_head.user)
    page = client.get(url("unit_results", "kv1"))
    for address in (url("programme", "kv1"), url("targets", "kv1"), url("closes", "kv1")):
        assert address in page.text


# ---------------------------------------------------------------- query budgets


def _queries(client, address):
    client.get(address)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


def _grow_programme(org, count):
    for index in range(count):
        add_item(
            org,
            org.kv1,
            title=f"Nhiệm vụ {index}",
            indicators=[indicator("TL_GQ_TGTB"), indicator("TL_TT_DUNGHAN")],
        )


def _grow_targets(org, count):
    tl, chief = indicator("TL_GQ_TGTB"), authority_for(org.chief.user)
    for index in range(count):
        services.set_target(tl, year=YEAR, unit=org.kv1, value=D(91 + index % 9), authority=chief)
        services.set_target(tl, year=YEAR, unit=org.province, value=D(90), authority=chief)


def _grow_closes(org, count):
    chief = authority_for(org.chief.user)
    start = PeriodClose.objects.count()
    for index in range(start, start + count):
        month = last_month(org).shift(-index)
        seed(org, [(org.kv1, "TB_MOI", month, 10), (org.team, "TB_MOI", month, 1)])
        services.close_period(org.kv1, month=month, signed_by="Nguyễn Văn Khu", authority=chief)
        seed(org, [(org.team, "TB_MOI", month, 2)], reason="Đính chính")


@pytest.mark.parametrize(
    ("address", "grow"),
    [
        (url("programme", "kv1", query=f"year={YEAR}"), _grow_programme),
        (url("targets", "kv1", query=f"year={YEAR}"), _grow_targets),
        (url("closes", "kv1"), _grow_closes),
    ],
)
def test_queries_do_not_grow_with_data(client, org, address, grow):
    # Given one of each, then ten times as many
    client.force_login(org.chief.user)
    grow(org, 1)
    small = _queries(client, address)
    grow(org, 9)
    large = _queries(client, address)
    # Then the page runs the same number of queries
    assert large == small
    assert large <= 20
