"""Who sees which directive and task: issuing unit in scope, through a unit's task, restricted
directives seen only by the units named, drafts by their author and those who direct."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import ARCHETYPES
from dieuhanh.directives import selectors, services
from dieuhanh.directives.models import Role, Task
from dieuhanh.directives.tests.factories import draft, issued
from dieuhanh.org.access import authority_for

OPEN = "Rà soát án tạm đình chỉ"  # province → KV1 (lead), KV2 (support)
RESTRICTED = "Chuyên án mật"  # province → KV1 (lead), restricted
KV1_OWN = "Việc nội bộ KV1"  # KV1 → its team (lead), restricted, issued by KV1's head
DRAFT = "Dự thảo chưa ban hành"  # the Chief's draft to KV2

# Who sees what: the issuer and those who direct the issuing unit see everything it issued;
# a unit's task makes its directive visible to whoever sees the task — for a restricted
# directive only in the units named (directed, or posted in), never through a VIEW scope.
EXPECTED = {
    "chief": {OPEN, RESTRICTED, KV1_OWN, DRAFT},
    "deputy": {OPEN, RESTRICTED, KV1_OWN},  # KV1 in the portfolio: directs it
    "unit_head": {OPEN, RESTRICTED, KV1_OWN},
    "prosecutor": {OPEN, RESTRICTED},  # posted in KV1; the team's restricted task is not his
    "team_member": {KV1_OWN},  # posted in the team
    "peer": {OPEN},  # KV2 is a supporting unit of the open directive only
    "dept_head": set(),
    "delegate": {OPEN},  # DIRECT on KV2 under the Chief's delegation
    "past_delegate": set(),
    "outsider": set(),
    "admin": {OPEN, RESTRICTED, KV1_OWN, DRAFT},
}


@pytest.fixture
def directives(org):
    chief = {"accountable": org.chief}
    issued(org, title=OPEN, **chief)
    issued(org, title=RESTRICTED, restricted=True, addressees=[(org.kv1, Role.LEAD)], **chief)
    issued(
        org,
        "unit_head",
        title=KV1_OWN,
        issuing_unit=org.kv1,
        accountable=org.unit_head,
        restricted=True,
        addressees=[(org.team, Role.LEAD)],
    )
    draft(org, title=DRAFT, addressees=[(org.kv2, Role.LEAD)], **chief)


@pytest.mark.parametrize("who", [*ARCHETYPES, "prosecutor", "team_member", "dept_head"])
def test_each_person_sees_the_directives_of_their_scope_and_units(org, directives, who):
    # Given the four directives, when each person lists the directives they may see
    authority = authority_for(getattr(org, who).user)
    titles = set(selectors.visible_directives(authority).values_list("title", flat=True))
    # Then they see exactly those of their scope, their units and their own
    assert titles == EXPECTED[who]


@pytest.mark.parametrize("who", ["chief", "unit_head", "prosecutor", "team_member", "peer"])
def test_a_directive_is_seen_when_one_of_its_units_tasks_is(org, directives, who):
    # The directives seen are those of the units' tasks seen, plus one's own and those of the
    # units one directs (whose drafts have no task yet)
    authority = authority_for(getattr(org, who).user)
    through_tasks = set(
        selectors.visible_tasks(authority)
        .filter(parent__isnull=True)
        .values_list("directive__title", flat=True)
    )
    assert through_tasks == EXPECTED[who] - {DRAFT}


def test_a_prosecutor_sees_the_sub_task_given_to_him_and_his_units_tasks(org, directives):
    # Given KV1's head giving the restricted directive's task to the prosecutor
    task = Task.objects.get(directive__title=RESTRICTED, unit=org.kv1)
    subtask = services.assign_subtask(
        task,
        assignee=org.prosecutor,
        title="Lập hồ sơ",
        deadline=task.deadline,
        authority=authority_for(org.unit_head.user),
        on=task.assigned_on,
    )
    # Then he sees it with KV1's tasks; the team member sees neither, only the team's task
    seen = selectors.visible_tasks(authority_for(org.prosecutor.user))
    assert set(seen.values_list("pk", flat=True)) == set(
        Task.objects.filter(unit=org.kv1).values_list("pk", flat=True)
    )
    assert subtask.pk in set(seen.values_list("pk", flat=True))
    team = selectors.visible_tasks(authority_for(org.team_member.user))
    assert list(team.values_list("unit__code", "directive__title")) == [("kv1-to1", KV1_OWN)]


def test_the_directive_list_takes_the_same_queries_with_ten_times_the_directives(org):
    # Given one directive, then ten, seen by KV2's head through his unit's tasks
    authority = authority_for(org.peer.user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(selectors.directives_list(authority)[:30])
        return len(captured.captured_queries)

    issued(org, title="Một")
    one = queries()
    for number in range(9):
        issued(org, title=f"Thêm {number}")
    # Then listing them takes one query either way
    assert (one, queries()) == (1, 1)
    assert selectors.directives_list(authority).count() == 10
