"""Thematic resolutions: drafting from the guidance and a seminar, editing while a draft,
adoption turning each action item into a directive with its task (or refusing with the list of
what is missing, saving nothing), and the before/after values of the targeted indicators."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from dieuhanh.core.errors import Denied, StaleEdit
from dieuhanh.core.models import AuditEntry
from dieuhanh.core.periods import Month, Period
from dieuhanh.directives import services as directive_services
from dieuhanh.directives.models import Addressee, Directive, Task
from dieuhanh.knowledge import selectors, services
from dieuhanh.knowledge.errors import KnowledgeError, NotReadyToAdopt
from dieuhanh.knowledge.models import Resolution, ResolutionAction
from dieuhanh.knowledge.tests.resolution_world import (
    MINUTES,
    action,
    draft,
    figures,
    held_seminar,
    in_force_version,
)
from dieuhanh.plans.models import Indicator


def saved():
    """Everything a refused change must leave as it was."""
    return (
        list(Resolution.objects.order_by("pk").values_list("pk", "status", "version", "title")),
        list(
            ResolutionAction.objects.order_by("pk").values_list(
                "pk", "order", "title", "owner_id", "deadline", "directive_id"
            )
        ),
        Directive.objects.count(),
        Task.objects.count(),
        AuditEntry.objects.count(),
    )


# ---------------------------------------------------------------- drafting


def test_chief_drafts_from_the_guidance_in_force_and_the_seminar_conclusions(kn):
    # Given version 1 in force and a seminar held with its conclusions
    version, seminar = in_force_version(kn), held_seminar(kn)
    # When the Chief drafts a resolution from both, typing no conclusions of his own
    resolution = draft(kn, guidance=version, seminar=seminar)
    # Then the draft takes the seminar's conclusions and keeps its two items in order
    assert (resolution.status, resolution.version, resolution.conclusions) == ("draft", 1, MINUTES)
    assert (resolution.guidance, resolution.seminar, resolution.issuer) == (
        version,
        seminar,
        kn.province,
    )
    items = list(resolution.actions.order_by("order"))
    assert [(a.order, a.title, a.owner, a.directive) for a in items] == [
        (1, "Tập huấn kỹ năng quản lý cho lãnh đạo khu vực", kn.kv1, None),
        (2, "Kèm cặp kiểm sát viên mới", kn.kv2, None),
    ]
    assert [i.code for i in items[0].indicators.all()] == ["TL_KNG"]
    entry = AuditEntry.objects.for_object(resolution).get()
    deadline = (kn.today + dt.timedelta(days=90)).isoformat()
    assert entry.action == "knowledge.resolution.create"
    assert entry.changes["actions"] == [
        None,
        [
            f"1. Tập huấn kỹ năng quản lý cho lãnh đạo khu vực — kv1 — {deadline}",
            f"2. Kèm cặp kiểm sát viên mới — kv2 — {deadline}",
        ],
    ]


@pytest.mark.parametrize("who", ["unit_head", "peer", "tccb_head", "prosecutor", "outsider"])
def test_drafting_a_province_resolution_needs_direct_on_the_province(kn, who):
    before = saved()
    with pytest.raises(Denied):
        draft(kn, by=getattr(kn, who))
    assert saved() == before


def test_a_regional_head_drafts_for_his_own_unit_only(kn):
    # Given the head of KV1 drafting for KV1
    resolution = draft(
        kn,
        by=kn.unit_head,
        issuer=kn.kv1,
        actions=[action("Rà soát hồ sơ", kn.team, kn.today + dt.timedelta(days=30))],
    )
    assert resolution.issuer == kn.kv1
    # When he names KV2 as the owner of an item, the draft is refused
    before = saved()
    with pytest.raises(KnowledgeError) as refused:
        draft(
            kn,
            by=kn.unit_head,
            issuer=kn.kv1,
            actions=[action("Phối hợp", kn.kv2, kn.today + dt.timedelta(days=30))],
        )
    assert refused.value.message == (
        "Nội dung 1: đơn vị “VKSND khu vực 2” không trực thuộc “VKSND khu vực 1”."
    )
    assert saved() == before


def test_draft_refuses_a_guidance_in_preparation_and_a_seminar_not_held(kn):
    keeper = kn.auth(kn.tccb_head)
    preparing = services.compile_version(kn.document, authority=keeper, applies_to="Mọi đơn vị")
    planned = held_seminar(kn)
    planned.status = "planned"
    planned.save()
    before = saved()
    with pytest.raises(KnowledgeError) as refused:
        draft(kn, guidance=preparing)
    assert (refused.value.message, refused.value.field) == (
        "Chỉ căn cứ vào phiên bản chuyên đề đã được phê duyệt.",
        "guidance",
    )
    with pytest.raises(KnowledgeError) as refused:
        draft(kn, seminar=planned)
    assert refused.value.field == "seminar"
    with pytest.raises(KnowledgeError) as refused:
        draft(kn, title="  ")
    assert refused.value.message == "Hãy nhập tên nghị quyết."
    assert saved() == before


def test_edit_while_draft_keeps_updates_adds_and_removes_items(kn):
    resolution = draft(kn)
    first, second = resolution.actions.order_by("order")
    # When the Chief edits the first item, drops the second and adds a third
    services.update_resolution(
        resolution,
        authority=kn.auth(kn.chief),
        expected_version=1,
        title="Nghị quyết về đào tạo, bồi dưỡng cán bộ quản lý",
        guidance=None,
        seminar=None,
        conclusions="Kết luận mới.",
        document_number="06/NQ-VKS",
        actions=[
            action("Đào tạo lại kỹ năng quản lý", kn.kv1, kn.today, "Xong", id=first.pk),
            action("Sơ kết 6 tháng", kn.department, kn.today, "Báo cáo sơ kết"),
        ],
    )
    resolution.refresh_from_db()
    # Then the first item is the same row, the second is gone, the new one follows
    items = list(resolution.actions.order_by("order"))
    assert [(a.pk == first.pk, a.order, a.title, a.owner) for a in items] == [
        (True, 1, "Đào tạo lại kỹ năng quản lý", kn.kv1),
        (False, 2, "Sơ kết 6 tháng", kn.department),
    ]
    assert not ResolutionAction.objects.filter(pk=second.pk).exists()
    assert list(items[0].indicators.all()) == []
    assert (resolution.version, resolution.document_number) == (2, "06/NQ-VKS")
    entry = AuditEntry.objects.for_object(resolution).latest("id")
    assert entry.action == "knowledge.resolution.update"
    assert entry.changes["document_number"] == ["05/NQ-VKS", "06/NQ-VKS"]


def test_edit_from_a_stale_page_is_refused_and_the_first_save_kept(kn):
    resolution = draft(kn)
    edit = {
        "guidance": None,
        "seminar": None,
        "conclusions": "",
        "document_number": "05/NQ-VKS",
        "actions": [],
    }
    services.update_resolution(
        resolution, authority=kn.auth(kn.chief), expected_version=1, title="Lần một", **edit
    )
    before = saved()
    with pytest.raises(StaleEdit):
        services.update_resolution(
            resolution, authority=kn.auth(kn.admin), expected_version=1, title="Lần hai", **edit
        )
    assert saved() == before
    assert Resolution.objects.get().title == "Lần một"


# ---------------------------------------------------------------- adoption


def test_adoption_issues_one_directive_with_its_task_per_item(kn):
    # Given a draft with two items (KV1, KV2)
    resolution = draft(kn, guidance=in_force_version(kn))
    deadline = kn.today + dt.timedelta(days=90)
    # When the Chief adopts it
    services.adopt_resolution(resolution, authority=kn.auth(kn.chief), expected_version=1)
    resolution.refresh_from_db()
    # Then it is adopted, and exactly two directives are issued, one task each
    assert (resolution.status, resolution.adopted_by, resolution.version) == (
        "adopted",
        kn.chief,
        2,
    )
    assert Directive.objects.count() == 2
    items = list(resolution.actions.select_related("directive").order_by("order"))
    directives = [item.directive for item in items]
    assert [
        (
            d.status,
            d.title,
            d.issuing_unit,
            d.issuer,
            d.accountable,
            d.source_kind,
            d.source_number,
            d.source_symbol,
            d.source_date,
            d.source_title,
            d.issued_on,
            d.deadline,
            d.expected_result,
        )
        for d in directives
    ] == [
        (
            "issued",
            "Tập huấn kỹ năng quản lý cho lãnh đạo khu vực",
            kn.province,
            kn.chief,
            kn.chief,
            "document",
            "05",
            "NQ-VKS",
            kn.today,
            "Nghị quyết chuyên đề về đào tạo cán bộ quản lý",
            kn.today,
            deadline,
            "100% lãnh đạo KV1 được tập huấn",
        ),
        (
            "issued",
            "Kèm cặp kiểm sát viên mới",
            kn.province,
            kn.chief,
            kn.chief,
            "document",
            "05",
            "NQ-VKS",
            kn.today,
            "Nghị quyết chuyên đề về đào tạo cán bộ quản lý",
            kn.today,
            deadline,
            "Mỗi KSV mới có người kèm",
        ),
    ]
    assert directives[0].content == (
        "Tập huấn kỹ năng quản lý cho lãnh đạo khu vực\n\n"
        "Chỉ tiêu hướng tới: Tỷ lệ kiến nghị được chấp nhận."
    )
    assert directives[1].content == "Kèm cặp kiểm sát viên mới"
    tasks = list(Task.objects.order_by("directive_id").values_list("directive_id", "unit", "role"))
    assert tasks == [(directives[0].pk, kn.kv1.pk, "lead"), (directives[1].pk, kn.kv2.pk, "lead")]
    assert Addressee.objects.count() == 2
    entry = AuditEntry.objects.for_object(resolution).latest("id")
    assert entry.action == "knowledge.resolution.adopt"
    assert entry.changes["status"] == ["draft", "adopted"]
    assert [d["id"] for d in entry.changes["directives"][1]] == [d.pk for d in directives]


def test_adoption_is_refused_with_the_list_of_what_is_missing_and_nothing_saved(kn):
    # Given a draft without a number, one item without owner nor deadline, one without result
    resolution = draft(
        kn,
        document_number="",
        actions=[
            action("Tập huấn", None, None),
            action("Kèm cặp", kn.kv2, kn.today, expected_result=""),
            action("Sơ kết", kn.kv1, kn.today - dt.timedelta(days=1)),
        ],
    )
    before = saved()
    # When the Chief tries to adopt it
    with pytest.raises(NotReadyToAdopt) as refused:
        services.adopt_resolution(resolution, authority=kn.auth(kn.chief), expected_version=1)
    # Then every missing point is listed, in Vietnamese, and nothing is saved
    yesterday = (kn.today - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert refused.value.missing == [
        "chưa có số, ký hiệu của nghị quyết",
        "nội dung 1 “Tập huấn”: chưa rõ người: chưa có đơn vị chủ trì, "
        "chưa rõ thời gian: chưa có thời hạn hoàn thành",
        "nội dung 2 “Kèm cặp”: chưa rõ kết quả: chưa nêu kết quả, sản phẩm phải đạt",
        f"nội dung 3 “Sơ kết”: thời hạn {yesterday} trước ngày thông qua {kn.today:%d/%m/%Y}",
    ]
    assert refused.value.message.startswith("Chưa thể thông qua nghị quyết, còn thiếu: ")
    assert saved() == before


def test_a_resolution_without_items_cannot_be_adopted(kn):
    resolution = draft(kn, actions=[])
    with pytest.raises(NotReadyToAdopt) as refused:
        services.adopt_resolution(resolution, authority=kn.auth(kn.chief), expected_version=1)
    assert refused.value.missing == ["nghị quyết chưa có nội dung thực hiện nào"]


@pytest.mark.parametrize("who", ["deputy", "tccb_head", "unit_head", "delegate", "outsider"])
def test_adoption_needs_approve_on_the_issuer(kn, who):
    resolution = draft(kn)
    before = saved()
    with pytest.raises(Denied):
        services.adopt_resolution(
            resolution, authority=kn.auth(getattr(kn, who)), expected_version=1
        )
    assert saved() == before


def test_a_stale_or_second_adoption_is_refused(kn):
    resolution = draft(kn)
    before = saved()
    with pytest.raises(StaleEdit):
        services.adopt_resolution(resolution, authority=kn.auth(kn.chief), expected_version=7)
    assert saved() == before
    services.adopt_resolution(resolution, authority=kn.auth(kn.chief), expected_version=1)
    after = saved()
    with pytest.raises(KnowledgeError) as refused:
        services.adopt_resolution(resolution, authority=kn.auth(kn.admin), expected_version=2)
    assert refused.value.message == "Nghị quyết đã được thông qua."
    assert saved() == after
    with pytest.raises(KnowledgeError):
        services.update_resolution(
            resolution,
            authority=kn.auth(kn.chief),
            expected_version=2,
            title="Sửa",
            guidance=None,
            seminar=None,
            conclusions="",
            document_number="",
            actions=[],
        )
    assert saved() == after


def test_a_delegate_adopts_a_kv2_resolution_on_the_chiefs_behalf(kn):
    # Given KV2's head drafts a KV2 resolution, and the delegate holds DIRECT+APPROVE on KV2
    resolution = draft(
        kn,
        by=kn.peer,
        issuer=kn.kv2,
        actions=[action("Sổ theo dõi điện tử", kn.kv2, kn.today + dt.timedelta(days=10))],
    )
    # When the delegate adopts it
    services.adopt_resolution(resolution, authority=kn.auth(kn.delegate), expected_version=1)
    # Then the directive is issued under the delegation, on behalf of the Chief
    directive = Directive.objects.get()
    assert (directive.issuer, directive.on_behalf_of, directive.delegation) == (
        kn.delegate,
        kn.chief,
        kn.delegation,
    )
    entry = AuditEntry.objects.for_object(Resolution.objects.get()).latest("id")
    assert (entry.action, entry.on_behalf_of_label, entry.delegation_id) == (
        "knowledge.resolution.adopt",
        "Trần Văn Trưởng",
        kn.delegation.pk,
    )


# ---------------------------------------------------------------- the effect on indicators


def test_effect_periods_are_equally_long_around_the_month_of_adoption():
    before, after = selectors.effect_periods(dt.date(2026, 3, 15), dt.date(2026, 6, 20))
    assert (after.first, after.last) == (Month(2026, 3), Month(2026, 5))
    assert (before.first, before.last) == (Month(2025, 12), Month(2026, 2))
    only = selectors.effect_periods(dt.date(2026, 5, 31), dt.date(2026, 6, 1))
    assert [p.label for p in only] == [
        Period.between(Month(2026, 4), Month(2026, 4)).label,
        Period.between(Month(2026, 5), Month(2026, 5)).label,
    ]


def test_before_a_whole_month_since_adoption_only_the_baseline_is_shown():
    before, after = selectors.effect_periods(dt.date(2026, 6, 2), dt.date(2026, 6, 20))
    assert (before.first, before.last, after) == (Month(2026, 3), Month(2026, 5), None)


def test_page_shows_each_action_progress_and_its_indicators_before_and_after(kn):
    # Given a resolution adopted on the first day of the month three months ago, KV1's item
    # aiming at recommendations accepted (higher is better) and at wrongful convictions (zero)
    this_month = Month.of(kn.today)
    adopted = this_month.shift(-3)
    resolution = draft(
        kn,
        actions=[
            action(
                "Nâng chất lượng kiến nghị",
                kn.kv1,
                kn.today + dt.timedelta(days=30),
                indicators=list(Indicator.objects.filter(code__in=["TL_KNG", "SO_OAN"])),
            ),
            action("Kèm cặp", kn.kv2, kn.today + dt.timedelta(days=30)),
        ],
    )
    services.adopt_resolution(
        resolution, authority=kn.auth(kn.chief), expected_version=1, on=adopted.first_day
    )
    before_months = [adopted.shift(-3), adopted.shift(-2), adopted.shift(-1)]
    after_months = [adopted, adopted.shift(1), adopted.shift(2)]
    figures(kn.kv1, {"KNG": 10, "KNG_CN": 5, "OAN": 1}, before_months)
    figures(kn.kv1, {"KNG": 10, "KNG_CN": 8, "OAN": 0}, after_months)
    figures(kn.team, {"KNG": 10, "KNG_CN": 10}, after_months)  # counted in KV1's subtree
    # and KV2's task half done
    task = Task.objects.get(unit=kn.kv2)
    directive_services.report_progress(
        task, percent=50, authority=kn.auth(kn.peer), expected_version=task.version
    )
    # When the page is read today
    page = selectors.resolution_page(Resolution.objects.get(), kn.auth(kn.chief), on=kn.today)
    # Then the periods are the three months before and the three since adoption
    assert page.adopted_on == adopted.first_day
    assert (page.before.first, page.before.last) == (adopted.shift(-3), adopted.shift(-1))
    assert (page.after.first, page.after.last) == (adopted, adopted.shift(2))
    first, second = page.actions
    changes = {c.indicator.code: c for c in first.indicators}
    assert (changes["TL_KNG"].before.value, changes["TL_KNG"].after.value) == (
        Decimal("50.00"),
        Decimal("90.00"),
    )
    assert (changes["TL_KNG"].delta, changes["TL_KNG"].trend) == (Decimal("40.00"), "better")
    assert (changes["SO_OAN"].before.value, changes["SO_OAN"].after.value) == (
        Decimal("3.00"),
        Decimal("0.00"),
    )
    assert changes["SO_OAN"].trend == "better"
    assert second.indicators == []
    assert (first.progress.percent, second.progress.percent) == (0, 50)
    assert (first.group, second.group) == ("open_within", "open_within")
    assert (first.directive_visible, second.directive_visible) == (True, True)
    assert (page.counts.open_within, page.counts.total) == (2, 2)


def test_adopted_today_shows_the_baseline_and_no_after_yet(kn):
    # Given KV1's recommendations in the three months before this one: 4 of 8 accepted
    this_month = Month.of(kn.today)
    figures(kn.kv1, {"KNG": 8, "KNG_CN": 4}, [this_month.shift(-n) for n in (1, 2, 3)])
    resolution = draft(kn)
    # When the resolution is adopted today
    services.adopt_resolution(resolution, authority=kn.auth(kn.chief), expected_version=1)
    page = selectors.resolution_page(resolution, kn.auth(kn.chief), on=kn.today)
    # Then the page has the baseline of the three months before, and no "after" yet
    assert page.adopted_on == timezone.localdate()
    assert (page.before.first, page.before.last, page.after) == (
        this_month.shift(-3),
        this_month.shift(-1),
        None,
    )
    change = page.actions[0].indicators[0]
    assert (change.indicator.code, change.before.value, change.after, change.trend) == (
        "TL_KNG",
        Decimal("50.00"),
        None,
        None,
    )
