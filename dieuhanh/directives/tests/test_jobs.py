"""The daily round: queued once, re-queues itself for the next morning, runs duties and reminders."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dieuhanh.directives import jobs, services
from dieuhanh.directives.models import DutyOccurrence, Notification
from dieuhanh.directives.tests.factories import issued
from dieuhanh.org.access import authority_for

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    return dt.datetime(*args, tzinfo=HCM)


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def waiting_rounds():
    return list(
        DBTaskResult.objects.filter(
            task_path="dieuhanh.directives.jobs.daily_round", status=TaskResultStatus.READY
        ).values_list("run_after", flat=True)
    )


@pytest.mark.parametrize(
    ("now", "at_start", "expected"),
    [
        (at(2027, 3, 1, 6, 59), False, at(2027, 3, 1, 7, 0)),
        (at(2027, 3, 1, 7, 0), False, at(2027, 3, 2, 7, 0)),
        (at(2027, 3, 1, 23, 30), False, at(2027, 3, 2, 7, 0)),
        (at(2027, 3, 1, 5, 0), True, at(2027, 3, 1, 7, 0)),
        (at(2027, 3, 1, 9, 0), True, None),
    ],
)
def test_the_next_round_is_the_next_seven_oclock(now, at_start, expected):
    assert jobs.next_round_at(now, at_start=at_start) == expected


def test_schedule_jobs_queues_one_round_however_often_it_runs(db, database_backend):
    # Given the worker is started three times
    output = io.StringIO()
    for _ in range(3):
        call_command("schedule_jobs", stdout=output)
    # Then one round waits
    assert len(waiting_rounds()) == 1
    lines = output.getvalue().splitlines()
    assert lines[0].startswith("Đã xếp vòng việc hằng ngày")
    assert lines[1:] == ["Vòng việc hằng ngày đã có trong hàng đợi (hoặc không cần xếp lịch)."] * 2


def test_a_round_queues_the_next_one_then_does_the_days_work(
    org, database_backend, django_capture_on_commit_callbacks
):
    # Given a monthly duty of KV1 (due on the 2nd working day, from 01/03/2027) and a directive
    # to KV1 and KV2 due 10/03/2027; KV1's head has an e-mail address
    org.unit_head.email = "khu@vks.example"
    org.unit_head.save()
    services.create_recurring_duty(
        unit=org.kv1,
        title="Báo cáo công tác tháng",
        nth=2,
        starts_on=dt.date(2027, 3, 1),
        authority=authority_for(org.chief.user),
    )
    issued(org, on=dt.date(2027, 3, 1), deadline=dt.date(2027, 3, 10))
    # When the round runs for 15/03 (as the worker would), twice
    with django_capture_on_commit_callbacks(execute=True):
        first = jobs.daily_round.call(on="2027-03-15")
    with django_capture_on_commit_callbacks(execute=True):
        second = jobs.daily_round.call(on="2027-03-15")
    # Then the next round waits (once), the duty's periods exist and the reminders went once
    assert len(waiting_rounds()) == 1
    # March's period only (due 02/03; April's, due 02/04, appears 7 days ahead, from 26/03)
    assert (first["occurrences"], second["occurrences"]) == (1, 0)
    assert list(DutyOccurrence.objects.values_list("period", flat=True)) == ["2027-03"]
    # Overdue: both heads on the directive, KV1's head on the duty (13 days late), and the
    # Chief who set the duty (7 days and more)
    assert first["reminders"] == {
        "on": "2027-03-15",
        "sent": {"overdue": 3, "escalate_issuer": 1},
        "emails": 2,
    }
    assert second["reminders"] == {"on": "2027-03-15", "sent": {}, "emails": 0}
    assert Notification.objects.count() == 4
    # The e-mails wait for the worker's next job (queued after commit, once)
    assert (
        DBTaskResult.objects.filter(
            task_path="dieuhanh.directives.jobs.email_notifications"
        ).count()
        == 1
    )


def test_with_a_backend_that_runs_jobs_at_once_nothing_is_queued(db):
    assert jobs.schedule_daily_round() is None
    assert DBTaskResult.objects.count() == 0


def test_run_now_does_todays_round_in_process(db, capsys):
    call_command("schedule_jobs", "--run-now")
    assert capsys.readouterr().out.startswith("Đã chạy vòng việc hôm nay: {'occurrences': 0")
