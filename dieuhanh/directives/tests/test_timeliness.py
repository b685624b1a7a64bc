"""Timeliness: the four groups at any date, against the current or the original deadline;
on-time rates per unit, head, directive and month; my tasks; a directive's page; query budgets."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dieuhanh.directives import selectors, services
from dieuhanh.directives.models import Role, Task, Timeliness
from dieuhanh.directives.selectors import Basis, TimelinessCounts
from dieuhanh.directives.tests.factories import issued
from dieuhanh.org.access import authority_for

D = dt.date


def auth(org, who):
    return authority_for(getattr(org, who).user)


def at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def complete(org, task, who, on, accepter="chief"):
    task = Task.objects.get(pk=task.pk)
    services.report_completion(
        task, authority=auth(org, who), expected_version=task.version, at=at(on)
    )
    task = Task.objects.get(pk=task.pk)
    services.accept_completion(task, authority=auth(org, accepter), expected_version=task.version)


@pytest.fixture
def scenario(org):
    """Issued 01/02/2027, due Monday 01/03/2027, to KV1, KV2 and Phòng 1 (all lead):

    KV1 completes on 20/02/2027 (on time);
    KV2 is extended to 15/03/2027 and completes on 10/03/2027 (late against the original);
    Phòng 1 never completes (overdue from 02/03/2027).
    """
    directive = issued(
        org,
        deadline=D(2027, 3, 1),
        addressees=[(org.kv1, Role.LEAD), (org.kv2, Role.LEAD), (org.department, Role.LEAD)],
    )
    tasks = {t.unit.code: t for t in Task.objects.filter(directive=directive)}
    complete(org, tasks["kv1"], "unit_head", D(2027, 2, 20))
    extension = services.request_extension(
        tasks["kv2"],
        reason="Chờ kết quả giám định",
        proposed_date=D(2027, 3, 15),
        authority=auth(org, "peer"),
    )
    services.decide_extension(extension, approve=True, authority=auth(org, "chief"))
    complete(org, tasks["kv2"], "peer", D(2027, 3, 10))
    return directive, tasks


def groups(counts):
    return (counts.done_on_time, counts.done_late, counts.open_within, counts.open_overdue)


@pytest.mark.parametrize(
    ("on", "basis", "expected"),
    [
        (D(2027, 1, 31), Basis.CURRENT, (0, 0, 0, 0)),  # before the directive was issued
        (D(2027, 2, 19), Basis.CURRENT, (0, 0, 3, 0)),  # KV1's report is dated 20/02
        (D(2027, 2, 20), Basis.CURRENT, (1, 0, 2, 0)),
        (D(2027, 3, 1), Basis.CURRENT, (1, 0, 2, 0)),  # the deadline day is still in time
        (D(2027, 3, 2), Basis.CURRENT, (1, 0, 1, 1)),  # Phòng 1 overdue, KV2 extended
        (D(2027, 3, 2), Basis.ORIGINAL, (1, 0, 0, 2)),  # KV2 overdue against 01/03
        (D(2027, 3, 20), Basis.CURRENT, (2, 0, 0, 1)),
        (D(2027, 3, 20), Basis.ORIGINAL, (1, 1, 0, 1)),  # KV2 done late against 01/03
    ],
)
def test_the_four_groups_at_a_date(org, scenario, on, basis, expected):
    chief = auth(org, "chief")
    summary = selectors.timeliness_summary(chief, on=on, basis=basis)
    assert groups(summary) == expected
    # And the model's own rule agrees with the SQL, task by task
    _, tasks = scenario
    counted = [Task.objects.get(pk=t.pk) for t in tasks.values()]
    by_model = TimelinessCounts()
    for task in counted:
        if task.assigned_on <= on:
            by_model.add(TimelinessCounts.of(task.timeliness(on, original=basis == Basis.ORIGINAL)))
    assert groups(by_model) == expected


def test_on_time_rate_counts_only_known_outcomes(org, scenario):
    chief = auth(org, "chief")
    # On 20/03/2027: 2 done on time, 1 overdue → 66.7%; against the original: 1 of 3 → 33.3%
    assert str(selectors.timeliness_summary(chief, on=D(2027, 3, 20)).on_time_rate) == "66.7"
    original = selectors.timeliness_summary(chief, on=D(2027, 3, 20), basis=Basis.ORIGINAL)
    assert str(original.on_time_rate) == "33.3"
    # On 19/02/2027 nothing is known yet: no rate rather than 0%
    assert selectors.timeliness_summary(chief, on=D(2027, 2, 19)).on_time_rate is None


def test_rates_per_unit_per_head_per_directive_and_per_month(org, scenario):
    directive, _ = scenario
    chief = auth(org, "chief")
    on = D(2027, 3, 20)
    # Per unit, each unit's own tasks
    by_unit = selectors.timeliness_by_unit(chief, on=on, basis=Basis.ORIGINAL)
    assert [(u.code, groups(c)) for u, c in by_unit] == [
        ("phong-1", (0, 0, 0, 1)),
        ("kv1", (1, 0, 0, 0)),
        ("kv2", (0, 1, 0, 0)),
    ]
    # Per listed unit with its subtree: the province sums all three
    rolled = selectors.timeliness_by_unit(chief, on=on, units=[org.province, org.kv1])
    assert [(u.code, groups(c), str(c.on_time_rate)) for u, c in rolled] == [
        ("tinh-thu", (2, 0, 0, 1), "66.7"),
        ("kv1", (1, 0, 0, 0), "100.0"),
    ]
    # Per head: each unit's tasks count for whoever heads it
    by_head = selectors.timeliness_by_head(chief, on=on)
    assert [(p.full_name, groups(c)) for p, c in by_head] == [
        ("Hoàng Văn Bên", (1, 0, 0, 0)),
        ("Nguyễn Văn Khu", (1, 0, 0, 0)),
        ("Phạm Văn Phòng", (0, 0, 0, 1)),
    ]
    # Per directive
    assert groups(selectors.timeliness_by_directive(chief, on=on)[directive.pk]) == (2, 0, 0, 1)
    # Per month of the deadline: March 2027 (current deadlines 01/03 and 15/03)
    by_month = selectors.timeliness_by_month(chief, on=on, start=D(2027, 1, 1), end=D(2027, 12, 31))
    assert {month: groups(c) for month, c in by_month.items()} == {D(2027, 3, 1): (2, 0, 0, 1)}


def test_a_head_sees_only_their_units_timeliness(org, scenario):
    head = auth(org, "unit_head")
    assert groups(selectors.timeliness_summary(head, on=D(2027, 3, 20))) == (1, 0, 0, 0)
    outsider = auth(org, "outsider")
    assert groups(selectors.timeliness_summary(outsider, on=D(2027, 3, 20))) == (0, 0, 0, 0)


def test_informed_and_cancelled_tasks_are_not_counted(org):
    issued(org, addressees=[(org.kv1, Role.LEAD), (org.kv2, Role.INFORMED)])
    summary = selectors.timeliness_summary(auth(org, "chief"), on=D(2027, 2, 2))
    assert groups(summary) == (0, 0, 1, 0)


# ---------------------------------------------------------------- lists and pages


def test_my_tasks_are_due_soonest_first(org):
    # Given two directives to KV1 and a sub-task for its prosecutor
    later = issued(org, title="Việc muộn", deadline=D(2027, 4, 30))
    sooner = issued(org, title="Việc sớm", deadline=D(2027, 3, 15))
    kv1_later = Task.objects.get(directive=later, unit=org.kv1)
    services.assign_subtask(
        kv1_later,
        assignee=org.prosecutor,
        title="Lập danh sách",
        deadline=D(2027, 3, 1),
        authority=auth(org, "unit_head"),
        on=D(2027, 2, 2),
    )
    # Then the head of KV1 sees KV1's two tasks, soonest first
    mine = selectors.my_tasks(auth(org, "unit_head"), on=D(2027, 2, 2))
    assert [(t.title, t.deadline) for t in mine] == [
        ("Việc sớm", D(2027, 3, 15)),
        ("Việc muộn", D(2027, 4, 30)),
    ]
    # And the prosecutor sees the sub-task
    assert [t.title for t in selectors.my_tasks(auth(org, "prosecutor"), on=D(2027, 2, 2))] == [
        "Lập danh sách"
    ]
    assert sooner.pk != later.pk


def test_a_units_tasks_with_filters(org, scenario):
    chief = auth(org, "chief")
    on = D(2027, 3, 20)
    overdue = selectors.unit_tasks(org.department, chief, on=on, group=Timeliness.OPEN_OVERDUE)
    assert [t.unit.code for t in overdue] == ["phong-1"]
    assert list(selectors.unit_tasks(org.kv1, chief, on=on, group=Timeliness.OPEN_OVERDUE)) == []
    late = selectors.unit_tasks(
        org.kv2, chief, on=on, group=Timeliness.DONE_LATE, basis=Basis.ORIGINAL
    )
    assert len(late) == 1
    assert selectors.unit_tasks(org.kv2, chief, on=on, search="tạm đình").count() == 1
    assert selectors.unit_tasks(org.kv2, chief, on=on, search="không có").count() == 0


def test_the_directive_page_shows_every_addressed_unit(org, scenario):
    directive, _tasks = scenario
    page = selectors.directive_page(directive, auth(org, "chief"), on=D(2027, 3, 5))
    assert [
        (row.task.unit.code, row.group, row.progress.percent, row.extensions) for row in page.rows
    ] == [
        ("phong-1", Timeliness.OPEN_OVERDUE, 0, 0),
        ("kv1", Timeliness.DONE_ON_TIME, 100, 0),
        ("kv2", Timeliness.OPEN_WITHIN, 100, 1),  # progress as it is now, group on 05/03
    ]
    assert groups(page.counts) == (1, 0, 1, 1)


def _queries(callable_):
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


def test_query_counts_do_not_grow_with_the_data(org):
    chief = auth(org, "chief")
    head = auth(org, "unit_head")
    on = D(2027, 3, 20)

    def measure():
        directive = Task.objects.filter(unit=org.kv1).latest("pk").directive
        return {
            "summary": _queries(lambda: selectors.timeliness_summary(chief, on=on)),
            "by unit": _queries(lambda: selectors.timeliness_by_unit(chief, on=on)),
            "by head": _queries(lambda: selectors.timeliness_by_head(chief, on=on)),
            "by month": _queries(
                lambda: selectors.timeliness_by_month(
                    chief, on=on, start=D(2027, 1, 1), end=D(2027, 12, 31)
                )
            ),
            "my tasks": _queries(lambda: selectors.my_tasks(head, on=on)),
            "unit tasks": _queries(
                lambda: list(selectors.unit_tasks(org.kv1, chief, on=on, group="open_within"))
            ),
            "directive page": _queries(lambda: selectors.directive_page(directive, chief, on=on)),
        }

    issued(org)
    one = measure()
    for index in range(9):
        issued(org, title=f"Chỉ đạo {index}")
    ten = measure()
    assert one == ten
    assert one == {
        "summary": 1,
        "by unit": 2,
        "by head": 2,
        "by month": 1,
        "my tasks": 1,
        "unit tasks": 1,
        "directive page": 4,
    }
