"""The cockpit's content for a small organisation: exact statuses, lists and counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D  # noqa: N817 - short for tables of figures

from django.utils import timezone

from dieuhanh.cockpit import selectors
from dieuhanh.cockpit.tests.data import DAY, JANUARY, complete, save, seed_results, seed_tasks
from dieuhanh.core.periods import Month, Period, month_period
from dieuhanh.directives.models import Role, Task
from dieuhanh.directives.tests.factories import issued
from dieuhanh.knowledge.models import Resolution, ResolutionAction
from dieuhanh.org.access import authority_for
from dieuhanh.org.models import WorkArea
from dieuhanh.org.tests.factories import make_unit
from dieuhanh.plans.attainment import Status

E, M, X, N = Status.EXCEEDED, Status.MET, Status.MISSED, Status.NO_DATA


def page(org, who="chief", unit=None, period=None, **options):
    return selectors.cockpit(
        unit or org.province,
        authority_for(getattr(org, who).user),
        period=period or month_period(2026, 1),
        today=org.today,
        **options,
    )


def statuses(cockpit, codes):
    return {
        line.unit.code: [
            cell.result.status for cell in line.cells if cell.result.indicator.code in codes
        ]
        for line in cockpit.heat
    }


def test_heat_map_has_the_unit_then_its_sub_units_each_indicator_judged(org):
    # Given January 2026 figures: KV1 (with its team) 50% resolved, KV2 95%, Phòng 1 90% on time
    seed_results(org)

    # When the Chief opens the province's cockpit for January 2026
    cockpit = page(org)

    # Then the province comes first (its whole subtree), then each sub-unit, in tree order
    assert [(line.unit.code, line.total) for line in cockpit.heat] == [
        ("tinh-thu", True),
        ("phong-1", False),
        ("kv1", False),
        ("kv2", False),
    ]
    # And each cell has the status of the unit's result against the target (90% for both)
    assert statuses(cockpit, {"TL_GQ_TGTB", "TL_TT_DUNGHAN"}) == {
        "tinh-thu": [X, M],  # 48 of 60 resolved = 80%; 9 of 10 on time = 90%
        "phong-1": [N, M],
        "kv1": [X, N],
        "kv2": [E, N],
    }
    province = cockpit.heat[0].cells[0].result
    assert (province.numerator, province.denominator, province.value) == (D(48), D(60), D("80.00"))
    # And zero-tolerance indicators without any figure have no data
    assert statuses(cockpit, {"SO_OAN"})["kv1"] == [N]
    # And the headline counts are the province's own row
    summary = cockpit.summary
    assert (summary.exceeded, summary.met, summary.missed, summary.no_data) == (1, 1, 1, 5)


def test_at_risk_lists_the_projected_misses_first_then_the_narrow_passes(org):
    # Given January 2026 figures (projected to year end at the same pace)
    seed_results(org)

    # When the Chief opens the province's cockpit
    cockpit = page(org)

    # Then the misses come first, then the results projected within 2 points of the target
    assert [(row.unit.code, row.result.indicator.code) for row in cockpit.at_risk] == [
        ("tinh-thu", "TL_GQ_TGTB"),
        ("kv1", "TL_GQ_TGTB"),
        ("tinh-thu", "TL_TT_DUNGHAN"),
        ("phong-1", "TL_TT_DUNGHAN"),
    ]
    first = cockpit.at_risk[0]
    assert (first.projection, first.projection_status) == (D("80.00"), X)
    assert first.projection_basis == (
        "Lũy kế 2 tháng cộng 10 tháng còn lại theo bình quân 3 tháng gần nhất (11/2025–01/2026)"
    )
    assert cockpit.summary.at_risk == 4


def test_work_area_filter_keeps_only_its_indicators(org):
    seed_results(org)
    cockpit = page(org, area=WorkArea.objects.get(code="DTRA"))
    assert [i.code for i in cockpit.indicators] == ["TL_TT_DUNGHAN", "TL_TT_DUNGTOI", "SO_OAN"]
    assert [(row.unit.code, row.result.indicator.code) for row in cockpit.at_risk] == [
        ("tinh-thu", "TL_TT_DUNGHAN"),
        ("phong-1", "TL_TT_DUNGHAN"),
    ]


def test_ranking_orders_sub_units_best_first_with_their_rank_in_the_peer_group(org):
    seed_results(org)
    cockpit = page(org, ranking_code="TL_GQ_TGTB")
    # All three have fewer than 12 staff and under 600 cases a year: one peer group
    assert [
        (line.position, line.row.unit.code, line.row.result.value, line.group_rank)
        for line in cockpit.ranking
    ] == [
        (1, "kv2", D("95.00"), (1, 2)),
        (2, "kv1", D("50.00"), (2, 2)),
        (None, "phong-1", None, None),
    ]
    assert cockpit.ranking[0].workload.group == "Dưới 12 cán bộ · Ít việc (dưới 600/năm)"


def test_unknown_ranking_indicator_falls_back_to_the_first(org):
    cockpit = page(org, ranking_code="KHONG_CO")
    assert cockpit.ranking_indicator.code == "TL_GQ_TGTB"


def test_a_unit_head_sees_the_unit_against_its_peer_group_without_the_peers_names(org):
    # Given a third regional procuracy with 27 of 30 reports resolved (90%)
    kv3 = make_unit("kv3", "VKSND khu vực 3", "khu-vuc", org.province, short_name="KV3")
    seed_results(org)
    save(org, [(kv3, "TB_MOI", JANUARY, 30), (kv3, "TB_GQ", JANUARY, 27)])

    # When the head of KV1 opens KV1's cockpit
    cockpit = page(org, who="unit_head", unit=org.kv1)

    # Then KV1 (50%) is third of three in its peer group, whose median is KV3's 90%
    comparison = cockpit.peers
    assert (comparison.group, comparison.members) == (
        "Dưới 12 cán bộ · Ít việc (dưới 600/năm)",
        3,
    )
    line = next(x for x in comparison.lines if x.row.result.indicator.code == "TL_GQ_TGTB")
    assert (line.row.result.value, line.rank, line.median, line.with_data) == (
        D("50.00"),
        (3, 3),
        D("90.00"),
        3,
    )
    # And with fewer than three values the median is not shown (it would give a peer away)
    dtra = next(x for x in comparison.lines if x.row.result.indicator.code == "TL_TT_DUNGHAN")
    assert (dtra.median, dtra.with_data) == (None, 0)
    # And the rows of the page are KV1 and its team only
    assert [line.unit.code for line in cockpit.heat] == ["kv1", "kv1-to1"]


def test_the_province_has_no_peers(org):
    assert page(org).peers is None


def test_overdue_and_due_soon_tasks_per_sub_unit_with_its_subtree(org):
    # Given directives A (due 10 days ago), B (due in 3 days) and C (due in 30 days)
    seed_tasks(org)

    # When the Chief opens the province's cockpit
    cockpit = page(org)

    # Then KV2's support task of A is overdue, KV1's B is due soon; the province adds them up
    # (its total first, then its own tasks, then each sub-unit's)
    assert [
        (load.unit.code, load.scope, load.overdue, load.due_soon) for load in cockpit.tasks
    ] == [
        ("tinh-thu", "total", 1, 1),
        ("tinh-thu", "own", 0, 0),
        ("phong-1", "sub_unit", 0, 0),
        ("kv1", "sub_unit", 0, 1),
        ("kv2", "sub_unit", 1, 0),
    ]
    # And KV1's own tasks are told apart from its team's
    kv1 = page(org, who="unit_head", unit=org.kv1)
    assert [(load.unit.code, load.scope, load.overdue, load.due_soon) for load in kv1.tasks] == [
        ("kv1", "total", 0, 1),
        ("kv1", "own", 0, 1),
        ("kv1-to1", "sub_unit", 0, 0),
    ]
    assert [(task.unit.code, task.title) for task in cockpit.overdue_tasks] == [
        ("kv2", "Rà soát án tạm đình chỉ")
    ]
    assert (cockpit.summary.overdue, cockpit.summary.due_soon) == (1, 1)


def test_timeliness_counts_the_tasks_due_in_the_period_in_the_four_groups(org):
    seed_tasks(org)
    this_month = Month.of(org.today)
    period = Period.between(this_month.shift(-2), this_month.shift(2))

    cockpit = page(org, period=period)

    groups = {
        (line.unit.code, line.scope): (
            line.counts.done_on_time,
            line.counts.done_late,
            line.counts.open_within,
            line.counts.open_overdue,
            line.counts.on_time_rate,
        )
        for line in cockpit.timeliness
    }
    assert groups == {
        ("tinh-thu", "total"): (1, 1, 2, 1, D("33.3")),
        ("tinh-thu", "own"): (0, 0, 0, 0, None),
        ("phong-1", "sub_unit"): (0, 1, 0, 0, D("0.0")),
        ("kv1", "sub_unit"): (1, 0, 1, 0, D("100.0")),
        ("kv2", "sub_unit"): (0, 0, 1, 1, D("0.0")),
    }
    # And tasks due outside the period are not counted
    january = page(org, period=month_period(2026, 1))
    assert january.timeliness[0].counts.total == 0


def test_not_reported_lists_units_that_usually_report_and_have_nothing_for_last_month(org):
    # Given last month L: KV2 reported L; KV1 reported L-1 only; Phòng 1 only 13 months
    # before L (too long ago to be expected); the team never reported
    last = Month.of(org.today).shift(-1)
    save(
        org,
        [
            (org.kv2, "TB_MOI", last, 5),
            (org.kv2, "TB_MOI", last.shift(-1), 5),
            (org.kv1, "TB_MOI", last.shift(-1), 5),
            (org.department, "TT_VU", last.shift(-13), 3),
        ],
    )

    cockpit = page(org)

    assert cockpit.report_month == last
    assert [(x.unit.code, x.last_month, x.can_report) for x in cockpit.not_reported] == [
        ("kv1", last.shift(-1), True)
    ]
    # And the deputy (view and report over the province) may enter them too; the head of KV2
    # sees only KV2, which has reported
    assert [x.can_report for x in page(org, who="deputy").not_reported] == [True]
    assert page(org, who="peer", unit=org.kv2).not_reported == []


def test_resolutions_in_progress_count_their_action_items_in_the_subtree(org):
    # Given two directives whose KV1 tasks are done
    directive, other = (
        issued(
            org,
            on=org.today - 20 * DAY,
            deadline=org.today - 2 * DAY,
            title=title,
            addressees=[(org.kv1, Role.LEAD)],
        )
        for title in ("Rà soát tin báo", "Tập huấn")
    )
    for done in (directive, other):
        complete(org, Task.objects.get(directive=done), "unit_head", org.today - 3 * DAY)
    adopted = {
        "status": Resolution.Status.ADOPTED,
        "adopted_by": org.chief,
        "adopted_at": timezone.now(),
        "issuer": org.province,
    }
    # And resolution R1 with KV1's done item, KV2's item due in 10 days and one 3 days late
    r1 = Resolution.objects.create(title="Nâng cao chất lượng giải quyết tin báo", **adopted)
    today = org.today
    for order, (owner, deadline, linked) in enumerate(
        [
            (org.kv1, today - DAY, directive.pk),
            (org.kv2, today + 10 * DAY, None),
            (org.kv2, today - 3 * DAY, None),
        ],
        start=1,
    ):
        ResolutionAction.objects.create(
            resolution=r1,
            order=order,
            title=f"Nội dung {order}",
            owner=owner,
            deadline=deadline,
            expected_result="Báo cáo",
            directive_id=linked,
        )
    # And R2 whose only item is done, and a draft R3
    r2 = Resolution.objects.create(title="Đã xong", **adopted)
    ResolutionAction.objects.create(
        resolution=r2,
        title="Xong",
        owner=org.kv1,
        deadline=today,
        expected_result="Báo cáo",
        directive_id=other.pk,
    )
    r3 = Resolution.objects.create(title="Dự thảo", issuer=org.province)
    ResolutionAction.objects.create(
        resolution=r3, title="Chưa", owner=org.kv1, deadline=today, expected_result="Báo cáo"
    )

    # Then the Chief sees R1 in progress: 1 of 3 done, 1 overdue, the nearest open deadline
    lines = page(org).resolutions
    assert [
        (line.resolution.title, line.actions, line.done, line.overdue, line.next_deadline)
        for line in lines
    ] == [("Nâng cao chất lượng giải quyết tin báo", 3, 1, 1, today - 3 * DAY)]
    # And KV1's head, whose only item of R1 is done, has none in progress
    assert page(org, who="unit_head", unit=org.kv1).resolutions == []


def test_recent_activity_is_that_of_the_people_posted_in_the_subtree(org):
    seed_tasks(org)
    # The head of KV1 reported A and is in KV1; the Chief issued and accepted, in the province
    kv1 = page(org, who="unit_head", unit=org.kv1).activity
    assert {entry.actor_label for entry in kv1} == {"Nguyễn Văn Khu"}
    assert [entry.action for entry in kv1] == ["directives.task.report_completion"]
    province = page(org).activity
    assert len(province) == selectors.ACTIVITY_LIMIT
    assert province[0].at >= province[-1].at


def test_default_unit_is_the_main_posting_else_the_top_of_the_scope(org):
    def default(who):
        unit = selectors.default_unit(authority_for(getattr(org, who).user))
        return unit.code if unit else None

    assert [default(who) for who in ["chief", "unit_head", "delegate", "admin", "outsider"]] == [
        "tinh-thu",
        "kv1",
        "phong-1",
        "tinh-thu",
        None,
    ]


def test_unit_choices_are_the_scope_roots_ancestors_in_scope_and_sub_units(org):
    # The delegate is posted in Phòng 1 and holds a delegation over KV2
    cockpit = page(org, who="delegate", unit=org.kv2)
    assert [u.code for u in cockpit.around.choices] == ["phong-1", "kv2"]
    assert cockpit.around.parent is None  # the province is outside the delegate's scope
    assert [u.code for u in cockpit.around.peers] == ["kv1"]
    chief = page(org, unit=org.kv1)
    assert [u.code for u in chief.around.choices] == ["tinh-thu", "kv1", "kv1-to1"]
    assert chief.around.parent == org.province


def test_inactive_sub_units_are_left_out(org):
    org.team.active_to = org.today - dt.timedelta(days=1)
    org.team.save()
    assert [line.unit.code for line in page(org, unit=org.kv1).heat] == ["kv1"]
