"""Recurring duties: each occurrence generated exactly once, on time, twice, or late."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from dieuhanh.core.errors import Denied
from dieuhanh.core.periods import Month
from dieuhanh.directives import services
from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import DutyOccurrence, RecurringDuty, Role, Task
from dieuhanh.org.access import authority_for

D = dt.date


@pytest.fixture
def duty(org):
    """KV1's monthly report, due on the 2nd working day, created 7 days ahead, from 01/12/2026."""
    return services.create_recurring_duty(
        unit=org.kv1,
        title="Báo cáo công tác tháng",
        nth=2,
        lead_days=7,
        starts_on=D(2026, 12, 1),
        authority=authority_for(org.chief.user),
    )


def occurrences():
    return list(
        Task.objects.filter(occurrence__isnull=False)
        .order_by("deadline")
        .values_list("occurrence__period", "deadline", "assigned_on", "role", "unit__code")
    )


def test_an_occurrence_appears_lead_days_before_its_deadline(duty):
    # On 28/12/2026 only December exists (due 02/12); January is due 05/01/2027
    # (01/01 is a holiday, then the weekend), so it appears from 29/12/2026
    services.generate_occurrences(on=D(2026, 12, 28))
    assert [row[0] for row in occurrences()] == ["2026-12"]
    services.generate_occurrences(on=D(2026, 12, 29))
    assert occurrences() == [
        ("2026-12", D(2026, 12, 2), D(2026, 12, 1), Role.LEAD, "kv1"),
        ("2027-01", D(2027, 1, 5), D(2026, 12, 29), Role.LEAD, "kv1"),
    ]


def test_running_twice_generates_each_occurrence_once(duty):
    first = services.generate_occurrences(on=D(2027, 1, 10))
    second = services.generate_occurrences(on=D(2027, 1, 10))
    assert [o.period for o in first] == ["2026-12", "2027-01"]
    assert second == []
    assert DutyOccurrence.objects.count() == 2
    assert Task.objects.filter(occurrence__isnull=False).count() == 2


def test_running_late_generates_every_missed_occurrence_once_with_its_own_deadline(duty):
    # Given the scheduler did not run from December to 10/03/2027
    created = services.generate_occurrences(on=D(2027, 3, 10))
    # Then December to March exist, each with the deadline it always had;
    # February's 2nd working day is 02/02/2027, before Tết
    assert [(o.period, o.due_on) for o in created] == [
        ("2026-12", D(2026, 12, 2)),
        ("2027-01", D(2027, 1, 5)),
        ("2027-02", D(2027, 2, 2)),
        ("2027-03", D(2027, 3, 2)),
    ]
    # And running again, late or not, adds nothing
    assert services.generate_occurrences(on=D(2027, 3, 10)) == []
    assert services.generate_occurrences(on=D(2027, 3, 24)) == []
    assert [o.period for o in services.generate_occurrences(on=D(2027, 3, 26))] == ["2027-04"]


def test_a_working_day_rule_skips_tet(org):
    # The 4th working day of February 2027 comes after Tết (04–10/02): 11/02/2027
    duty = services.create_recurring_duty(
        unit=org.kv2,
        title="Báo cáo thống kê",
        nth=4,
        lead_days=0,
        starts_on=D(2027, 2, 1),
        authority=authority_for(org.chief.user),
    )
    services.generate_occurrences(on=D(2027, 2, 11))
    assert list(DutyOccurrence.objects.filter(duty=duty).values_list("due_on", flat=True)) == [
        D(2027, 2, 11)
    ]


def test_a_duty_ends_and_an_inactive_duty_generates_nothing(org, duty):
    RecurringDuty.objects.filter(pk=duty.pk).update(ends_on=D(2027, 1, 31))
    services.generate_occurrences(on=D(2027, 3, 10))
    assert [row[0] for row in occurrences()] == ["2026-12", "2027-01"]
    RecurringDuty.objects.filter(pk=duty.pk).update(active=False, ends_on=None)
    assert services.generate_occurrences(on=D(2027, 6, 10)) == []


def test_a_duplicate_occurrence_is_refused_and_nothing_saved(org, duty):
    services.generate_occurrences(on=D(2027, 1, 10))
    chief = authority_for(org.chief.user)
    # When someone adds January 2027 by hand
    with pytest.raises(DirectiveError) as error:
        services.add_occurrence(duty, month=Month(2027, 1), authority=chief)
    # Then it is refused with the period named, and nothing is added
    assert error.value.message == (
        "Kỳ tháng 01/2027 của “Báo cáo công tác tháng” đã được tạo; mỗi kỳ chỉ tạo một lần."
    )
    assert DutyOccurrence.objects.count() == 2
    # And the database refuses a second row for the same period whatever the path
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyOccurrence.objects.create(duty=duty, period="2027-01", due_on=D(2027, 1, 5))
    # A new period by hand is accepted once
    services.add_occurrence(duty, month=Month(2027, 2), authority=chief)
    assert services.generate_occurrences(on=D(2027, 1, 30)) == []


def test_only_whoever_directs_the_unit_sets_a_duty(org):
    with pytest.raises(Denied):
        services.create_recurring_duty(
            unit=org.kv1,
            title="Báo cáo",
            nth=2,
            starts_on=D(2027, 1, 1),
            authority=authority_for(org.peer.user),
        )
    with pytest.raises(DirectiveError, match="từ 1 đến 20"):
        services.create_recurring_duty(
            unit=org.kv1,
            title="Báo cáo",
            nth=21,
            starts_on=D(2027, 1, 1),
            authority=authority_for(org.chief.user),
        )
    assert RecurringDuty.objects.count() == 0


def test_administrators_edit_the_calendar_exceptions(org):
    from dieuhanh.directives.deadlines import deadline_from
    from dieuhanh.directives.models import CalendarException

    with pytest.raises(Denied):
        services.set_calendar_exception(
            date=D(2027, 2, 3),
            kind=CalendarException.Kind.OFF,
            reason="Nghỉ thêm",
            authority=authority_for(org.chief.user),
        )
    services.set_calendar_exception(
        date=D(2027, 2, 3),
        kind=CalendarException.Kind.OFF,
        reason="Nghỉ thêm trước Tết (giả định)",
        authority=authority_for(org.admin.user),
    )
    assert deadline_from(D(2027, 2, 2), days=5, working=True) == D(2027, 2, 17)
