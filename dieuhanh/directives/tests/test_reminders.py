"""Reminders: the rule day by day, a simulated month of the worker, exactly once, escalation."""

import datetime as dt

import pytest
from django.core import mail

from dieuhanh.core.errors import Denied, StaleEdit
from dieuhanh.directives import jobs, services
from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import Notification, ReminderSettings, Role, Task
from dieuhanh.directives.services import reminders
from dieuhanh.directives.services.reminder_settings import Rules, RulesBook
from dieuhanh.directives.services.reminders import Due
from dieuhanh.directives.tests.factories import issued
from dieuhanh.org.access import authority_for

D = dt.date
K = Notification.Kind
DEFAULTS = Rules(
    days_before=3,
    on_the_day=True,
    repeat_every=3,
    escalate_head_after=3,
    escalate_issuer_after=7,
    email=True,
)


def auth(org, who):
    return authority_for(getattr(org, who).user)


def fresh(task):
    return Task.objects.select_related("unit", "directive", "parent").get(pk=task.pk)


# ---------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2027, 3, 6), []),
        (D(2027, 3, 7), [Due(K.BEFORE, D(2027, 3, 10), 3)]),
        (D(2027, 3, 9), [Due(K.BEFORE, D(2027, 3, 10), 1)]),
        (D(2027, 3, 10), [Due(K.DUE_TODAY, D(2027, 3, 10), 0)]),
        (D(2027, 3, 11), [Due(K.OVERDUE, D(2027, 3, 11), 1)]),
        (
            D(2027, 3, 13),
            [Due(K.OVERDUE, D(2027, 3, 11), 3), Due(K.ESCALATE_HEAD, D(2027, 3, 10), 3)],
        ),
        (
            D(2027, 3, 14),
            [Due(K.OVERDUE, D(2027, 3, 14), 4), Due(K.ESCALATE_HEAD, D(2027, 3, 10), 4)],
        ),
        (
            D(2027, 3, 17),
            [
                Due(K.OVERDUE, D(2027, 3, 17), 7),
                Due(K.ESCALATE_HEAD, D(2027, 3, 10), 7),
                Due(K.ESCALATE_ISSUER, D(2027, 3, 10), 7),
            ],
        ),
    ],
)
def test_the_reminders_due_on_each_day_with_the_defaults(on, expected):
    # Given a deadline of Wednesday 10/03/2027 and the default settings
    # Then each day is due exactly these reminders
    assert reminders.due_reminders(D(2027, 3, 10), on, DEFAULTS) == expected


def test_without_repeats_an_overdue_task_is_reminded_once_and_no_day_of_notice():
    rules = Rules(1, False, 0, 2, 4, False)
    deadline = D(2027, 3, 10)
    assert reminders.due_reminders(deadline, D(2027, 3, 10), rules) == []
    assert [d.occurrence for d in reminders.due_reminders(deadline, D(2027, 3, 20), rules)] == [
        D(2027, 3, 11),
        D(2027, 3, 10),
        D(2027, 3, 10),
    ]


def test_a_unit_without_settings_follows_the_nearest_unit_above(org):
    # Given the province set its own; KV1 has none; its team has its own
    services.update_reminder_settings(
        org.province,
        authority=auth(org, "chief"),
        expected_version=0,
        days_before=5,
        on_the_day=True,
        repeat_every=2,
        escalate_head_after=2,
        escalate_issuer_after=5,
        email=True,
    )
    services.update_reminder_settings(
        org.team,
        authority=auth(org, "unit_head"),
        expected_version=0,
        days_before=1,
        on_the_day=False,
        repeat_every=0,
        escalate_head_after=1,
        escalate_issuer_after=1,
        email=False,
    )
    # Then KV1 follows the province and the team keeps its own
    assert services.effective_rules(org.kv1) == (Rules(5, True, 2, 2, 5, True), org.province)
    assert services.effective_rules(org.team)[0] == Rules(1, False, 0, 1, 1, False)
    assert services.effective_rules(org.kv2)[0] == Rules(5, True, 2, 2, 5, True)
    book = RulesBook.load()
    assert book.for_path(org.team.path) == Rules(1, False, 0, 1, 1, False)
    assert book.for_path(org.kv1.path) == Rules(5, True, 2, 2, 5, True)


def test_settings_are_refused_when_out_of_order_stale_or_not_directing(org):
    values = {
        "days_before": 3,
        "on_the_day": True,
        "repeat_every": 3,
        "escalate_head_after": 5,
        "escalate_issuer_after": 4,
        "email": True,
    }
    with pytest.raises(DirectiveError) as refused:
        services.update_reminder_settings(
            org.kv1, authority=auth(org, "unit_head"), expected_version=0, **values
        )
    assert refused.value.field == "escalate_issuer_after"
    values["escalate_issuer_after"] = 9
    with pytest.raises(Denied):
        services.update_reminder_settings(
            org.kv1, authority=auth(org, "prosecutor"), expected_version=0, **values
        )
    row = services.update_reminder_settings(
        org.kv1, authority=auth(org, "unit_head"), expected_version=0, **values
    )
    assert row.version == 1
    with pytest.raises(StaleEdit):
        services.update_reminder_settings(
            org.kv1, authority=auth(org, "unit_head"), expected_version=0, **values
        )
    assert ReminderSettings.objects.get(unit=org.kv1).escalate_issuer_after == 9


# ---------------------------------------------------------------- a simulated month


def run_day(on, capture):
    """The worker's daily job on `on`: the reminders, then their e-mails after commit."""
    with capture(execute=True):
        jobs.send_reminders.enqueue(on=on.isoformat())


@pytest.fixture
def march(org, settings, tmp_path):
    """Issued 01/03/2027, due Wednesday 10/03: KV1 leads, KV2 supports.

    KV1 keeps the defaults; KV2's head set: 1 day before, no day-of notice, no repeats,
    head after 2 days, issuer after 4 days, no e-mail.
    """
    settings.MEDIA_ROOT = tmp_path
    for who in ("chief", "unit_head", "prosecutor", "peer"):
        person = getattr(org, who)
        person.email = f"{person.staff_code}@vks.example"
        person.save()
    directive = issued(
        org,
        on=D(2027, 3, 1),
        deadline=D(2027, 3, 10),
        source_date=D(2027, 2, 25),
    )
    services.update_reminder_settings(
        org.kv2,
        authority=auth(org, "peer"),
        expected_version=0,
        days_before=1,
        on_the_day=False,
        repeat_every=0,
        escalate_head_after=2,
        escalate_issuer_after=4,
        email=False,
    )
    tasks = {t.unit.code: t for t in Task.objects.filter(directive=directive)}
    return tasks["kv1"], tasks["kv2"]


def test_a_month_of_daily_runs_sends_every_reminder_exactly_once(
    org, march, django_capture_on_commit_callbacks
):
    kv1, kv2 = march
    labels = {org.chief.user_id: "chief", org.unit_head.user_id: "unit_head"}
    labels |= {org.prosecutor.user_id: "prosecutor", org.peer.user_id: "peer"}
    sent = []  # (day, kind, recipient, task)
    subtask = None
    last = 0
    for offset in range(31):
        day = D(2027, 3, 1) + dt.timedelta(days=offset)
        mails_before = len(mail.outbox)
        # The worker runs the job in the morning — twice, as after a restart
        run_day(day, django_capture_on_commit_callbacks)
        new = list(Notification.objects.filter(pk__gt=last).order_by("pk"))
        run_day(day, django_capture_on_commit_callbacks)
        assert Notification.objects.filter(pk__gt=last).count() == len(new), day
        assert len(mail.outbox) - mails_before == sum(n.email != "none" for n in new), day
        if new:
            last = new[-1].pk
        names = {kv1.pk: "kv1", kv2.pk: "kv2", subtask.pk if subtask else 0: "sub"}
        sent += [(day.day, n.kind, labels[n.recipient_id], names[n.task_id]) for n in new]
        # Then the day's work happens
        if day == D(2027, 3, 2):
            subtask = services.assign_subtask(
                fresh(kv1),
                assignee=org.prosecutor,
                title="Lập danh sách vụ án tạm đình chỉ",
                deadline=D(2027, 3, 8),
                authority=auth(org, "unit_head"),
                on=day,
            )
        if day == D(2027, 3, 16):
            at = dt.datetime(2027, 3, 16, 9, tzinfo=dt.UTC)
            task = fresh(subtask)
            services.report_completion(
                task, authority=auth(org, "prosecutor"), expected_version=task.version, at=at
            )
            task = fresh(subtask)
            services.accept_completion(
                task, authority=auth(org, "unit_head"), expected_version=task.version
            )
        if day == D(2027, 3, 18):
            task = fresh(kv1)
            services.report_completion(
                task,
                authority=auth(org, "unit_head"),
                expected_version=task.version,
                at=dt.datetime(2027, 3, 18, 9, tzinfo=dt.UTC),
            )
        if day == D(2027, 3, 20):
            request = services.request_extension(
                fresh(kv2),
                reason="Chờ kết quả giám định",
                proposed_date=D(2027, 3, 25),
                authority=auth(org, "peer"),
            )
            services.decide_extension(request, approve=True, authority=auth(org, "chief"))

    # Then every reminder went once, on these days, to these people
    assert sorted(sent) == sorted(
        [
            (5, K.BEFORE, "prosecutor", "sub"),
            (7, K.BEFORE, "unit_head", "kv1"),
            (8, K.DUE_TODAY, "prosecutor", "sub"),
            (9, K.OVERDUE, "prosecutor", "sub"),
            (9, K.BEFORE, "peer", "kv2"),
            (10, K.DUE_TODAY, "unit_head", "kv1"),
            (11, K.OVERDUE, "unit_head", "kv1"),
            (11, K.OVERDUE, "peer", "kv2"),
            (11, K.ESCALATE_HEAD, "unit_head", "sub"),
            (12, K.OVERDUE, "prosecutor", "sub"),
            (14, K.OVERDUE, "unit_head", "kv1"),
            (14, K.ESCALATE_ISSUER, "chief", "kv2"),
            (15, K.OVERDUE, "prosecutor", "sub"),
            (15, K.ESCALATE_ISSUER, "chief", "sub"),
            (17, K.OVERDUE, "unit_head", "kv1"),
            (17, K.ESCALATE_ISSUER, "chief", "kv1"),
            (24, K.BEFORE, "peer", "kv2"),
            (26, K.OVERDUE, "peer", "kv2"),
            (29, K.ESCALATE_ISSUER, "chief", "kv2"),
        ]
    )
    # The in-app count and the e-mails are exact: KV2 sends no e-mail
    assert Notification.objects.count() == 19
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["prosecutor@vks.example"] * 5 + ["unit-head@vks.example"] * 6 + ["chief@vks.example"] * 2
    )
    assert set(Notification.objects.values_list("email", flat=True)) == {"sent", "none"}
    # The subtask was escalated to the head before the issuer
    chain = [(day, who) for day, kind, who, task in sent if task == "sub" and "escalate" in kind]
    assert chain == [(11, "unit_head"), (15, "chief")]


def test_the_texts_and_the_mail_say_what_is_late_and_link_to_the_task(
    org, march, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://dieuhanh.vks.example"
    kv1, _kv2 = march
    run_day(D(2027, 3, 12), django_capture_on_commit_callbacks)
    notification = Notification.objects.get(task=kv1, kind=K.OVERDUE)
    assert notification.text == (
        "Nhiệm vụ “Rà soát án tạm đình chỉ” (KV1) đã quá hạn 2 ngày (hạn 10/03/2027)."
    )
    message = next(m for m in mail.outbox if m.to == ["unit-head@vks.example"])
    assert message.subject == "[Điều hành] Quá hạn"
    assert f"https://dieuhanh.vks.example/directives/tasks/{kv1.pk}/" in message.body
    assert notification.recipient == org.unit_head.user


def test_a_late_run_sends_the_current_reminder_once_not_the_missed_ones(org, march):
    kv1, _kv2 = march
    # Given the worker was down from 01/03 to 15/03
    run = services.send_reminders(on=D(2027, 3, 15))
    # Then KV1's head gets one overdue reminder (the one of 14/03) and no "before" or "today"
    rows = list(
        Notification.objects.filter(task=kv1).values_list("kind", "occurrence", "recipient")
    )
    assert rows == [(K.OVERDUE, D(2027, 3, 14), org.unit_head.user_id)]
    # and the Chief is told of KV2's task only (its head set 4 days; KV1 waits for 7)
    assert dict(run.by_kind) == {K.OVERDUE: 2, K.ESCALATE_ISSUER: 1}
    issuer = Notification.objects.get(kind=K.ESCALATE_ISSUER)
    assert (issuer.task.unit.code, issuer.recipient) == ("kv2", org.chief.user)


def test_people_without_an_active_login_are_not_reminded(org, march):
    kv1, _kv2 = march
    org.unit_head.user.is_active = False
    org.unit_head.user.save()
    services.send_reminders(on=D(2027, 3, 10))
    assert not Notification.objects.filter(task=kv1).exists()


def test_a_concurrent_run_that_wrote_first_is_not_duplicated(org, march, monkeypatch):
    kv1, _kv2 = march
    services.send_reminders(on=D(2027, 3, 10))
    # Given a second runner that did not see the rows the first wrote
    monkeypatch.setattr(reminders, "_existing", lambda tasks, occurrences: set())
    run = services.send_reminders(on=D(2027, 3, 10))
    # Then the unique key refuses the copies and nothing is counted twice
    assert run.total == 0
    assert Notification.objects.filter(task=kv1, kind=K.DUE_TODAY).count() == 1


def test_a_failed_e_mail_is_marked_and_the_others_still_go(org, march, monkeypatch):
    services.send_reminders(on=D(2027, 3, 17))
    pending = list(Notification.objects.filter(email="pending").order_by("pk"))
    assert len(pending) == 2  # KV1's head: overdue; the Chief: KV1's task 7 days overdue
    original = reminders._message

    def failing(notification):
        if notification.pk == pending[0].pk:
            raise OSError("relay down")
        return original(notification)

    monkeypatch.setattr(reminders, "_message", failing)
    assert services.deliver_pending_emails() == 1
    assert dict(Notification.objects.values_list("pk", "email")) | {} == {
        pending[0].pk: "failed",
        pending[1].pk: "sent",
        **{n.pk: "none" for n in Notification.objects.exclude(pk__in=[p.pk for p in pending])},
    }
    assert services.deliver_pending_emails() == 0


def test_reading_marks_only_ones_own(org, march):
    services.send_reminders(on=D(2027, 3, 12))
    mine = Notification.objects.filter(recipient=org.unit_head.user).first()
    with pytest.raises(DirectiveError):
        services.mark_read(mine, user=org.peer.user)
    assert Notification.objects.get(pk=mine.pk).read_at is None
    services.mark_read(mine, user=org.unit_head.user)
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert (
        services.mark_all_read(user=org.peer.user)
        == Notification.objects.filter(recipient=org.peer.user).count()
    )
    assert not Notification.objects.unread().filter(recipient=org.peer.user).exists()


def test_informed_units_and_reported_tasks_are_not_reminded(org, march):
    kv1, _kv2 = march
    directive = issued(
        org,
        on=D(2027, 3, 1),
        title="Để biết",
        deadline=D(2027, 3, 10),
        addressees=[(org.kv1, Role.LEAD), (org.kv2, Role.INFORMED)],
    )
    task = fresh(kv1)
    services.report_completion(
        task, authority=auth(org, "unit_head"), expected_version=task.version
    )
    services.send_reminders(on=D(2027, 3, 10))
    reminded = set(Notification.objects.values_list("task__directive_id", "task__unit__code"))
    assert reminded == {(directive.pk, "kv1")}
