"""Seminars: the organiser defaults to the personnel department; who may organise; states."""

import datetime as dt

import pytest

from dieuhanh.core.errors import Denied, StaleEdit
from dieuhanh.core.models import AuditEntry
from dieuhanh.knowledge import services
from dieuhanh.knowledge.errors import KnowledgeError
from dieuhanh.knowledge.models import Seminar
from dieuhanh.knowledge.tests.conftest import make_seminar


def test_seminar_organiser_defaults_to_the_personnel_department(kn):
    # When the head of the personnel department creates a seminar without naming the organiser
    seminar = make_seminar(kn, by=kn.tccb_head, participants=[kn.unit_head, kn.peer])
    # Then the personnel department (keeper of the province's guidance) organises it
    assert seminar.organiser == kn.personnel
    assert seminar.status == Seminar.Status.PLANNED
    assert sorted(u.code for u in seminar.units.all()) == ["kv1", "kv2", "phong-1"]
    entry = AuditEntry.objects.for_object(seminar).get()
    assert entry.action == "knowledge.seminar.create"
    assert entry.actor_label == "Lý Thị Cán"
    assert entry.changes["organiser"] == [
        None,
        {"id": kn.personnel.pk, "repr": "Phòng Tổ chức cán bộ"},
    ]
    assert entry.changes["participants"] == [None, ["peer", "unit-head"]]


def test_chief_may_organise_and_name_another_organiser(kn):
    seminar = services.create_seminar(
        authority=kn.auth(kn.chief),
        title="Hội nghị chuyên đề",
        date=kn.today,
        chair=kn.chief,
        organiser=kn.department,
    )
    assert seminar.organiser == kn.department


@pytest.mark.parametrize("who", ["unit_head", "tccb_staff", "peer", "outsider"])
def test_only_direct_power_on_the_organiser_creates_a_seminar(kn, who):
    person = getattr(kn, who)
    with pytest.raises(Denied):
        services.create_seminar(
            authority=kn.auth(person),
            title="Tọa đàm",
            date=kn.today,
            chair=kn.chief,
            organiser=kn.personnel,
        )
    assert Seminar.objects.count() == 0


def test_a_seminar_needs_a_title(kn):
    with pytest.raises(KnowledgeError) as error:
        make_seminar(kn, title="  ")
    assert (error.value.field, error.value.message) == ("title", "Hãy nhập tên tọa đàm.")
    assert Seminar.objects.count() == 0


def test_without_any_guidance_document_the_organiser_must_be_chosen(kn):
    # Given a unit outside the province, with no guidance document above it
    kn.document.delete()
    with pytest.raises(KnowledgeError) as error:
        make_seminar(kn)
    assert error.value.field == "organiser"
    assert Seminar.objects.count() == 0


def test_minutes_hold_the_seminar_then_it_closes(kn):
    seminar = make_seminar(kn)
    # The chair records the minutes (the chair needs no power on the organiser)
    services.record_minutes(
        seminar,
        authority=kn.auth(kn.chief),
        expected_version=seminar.version,
        minutes="Kết luận: giao Phòng TCCB tổng hợp.",
    )
    seminar.refresh_from_db()
    assert (seminar.status, seminar.minutes) == ("held", "Kết luận: giao Phòng TCCB tổng hợp.")
    services.close_seminar(
        seminar, authority=kn.auth(kn.tccb_head), expected_version=seminar.version
    )
    seminar.refresh_from_db()
    assert seminar.status == "closed"
    actions = list(
        AuditEntry.objects.for_object(seminar).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "knowledge.seminar.create",
        "knowledge.seminar.minutes",
        "knowledge.seminar.end",
    ]


def test_refused_transitions_change_nothing(kn):
    seminar = make_seminar(kn)
    head = kn.auth(kn.tccb_head)
    # Closing a seminar not yet held
    with pytest.raises(KnowledgeError) as error:
        services.close_seminar(seminar, authority=head, expected_version=seminar.version)
    assert error.value.message == "Chỉ kết thúc được tọa đàm đã tổ chức và đã có biên bản."
    # Empty minutes
    with pytest.raises(KnowledgeError):
        services.record_minutes(
            seminar, authority=head, expected_version=seminar.version, minutes=" "
        )
    # Cancelling without a reason
    with pytest.raises(KnowledgeError) as error:
        services.cancel_seminar(
            seminar, authority=head, expected_version=seminar.version, reason=""
        )
    assert error.value.field == "reason"
    # A stale form
    with pytest.raises(StaleEdit):
        services.record_minutes(
            seminar, authority=head, expected_version=seminar.version - 1, minutes="x"
        )
    seminar.refresh_from_db()
    assert (seminar.status, seminar.minutes, seminar.version) == ("planned", "", 1)
    assert AuditEntry.objects.for_object(seminar).count() == 1


def test_cancel_a_planned_seminar_without_contributions(kn):
    seminar = make_seminar(kn)
    services.cancel_seminar(
        seminar, authority=kn.auth(kn.tccb_head), expected_version=1, reason="Trùng lịch hội nghị"
    )
    seminar.refresh_from_db()
    assert seminar.status == "cancelled"
    entry = AuditEntry.objects.for_object(seminar).latest("id")
    assert entry.changes == {"status": ["planned", "cancelled"], "reason": "Trùng lịch hội nghị"}
    # A cancelled seminar can no longer be edited
    with pytest.raises(KnowledgeError) as error:
        services.update_seminar(
            seminar,
            authority=kn.auth(kn.tccb_head),
            expected_version=seminar.version,
            title="Mới",
            date=kn.today + dt.timedelta(days=3),
            chair=kn.chief,
            units=[],
            participants=[],
            place="",
            agenda="",
            keynote="",
        )
    assert error.value.message == "Tọa đàm đã hủy, không sửa được nữa."


def test_a_seminar_with_contributions_cannot_be_cancelled(kn):
    seminar = make_seminar(kn)
    services.submit_contribution(
        authority=kn.auth(kn.unit_head),
        title="Ý kiến",
        text="Nội dung",
        kind="experience",
        seminar=seminar,
    )
    with pytest.raises(KnowledgeError):
        services.cancel_seminar(
            seminar, authority=kn.auth(kn.tccb_head), expected_version=seminar.version, reason="x"
        )
    seminar.refresh_from_db()
    assert seminar.status == "planned"


def test_update_seminar_records_the_changes(kn):
    seminar = make_seminar(kn)
    services.update_seminar(
        seminar,
        authority=kn.auth(kn.tccb_head),
        expected_version=1,
        title="Tọa đàm (sửa)",
        date=kn.today,
        chair=kn.deputy,
        units=[kn.kv1],
        participants=[],
        place="Hội trường tầng 3",
        agenda="1. Báo cáo đề dẫn",
        keynote="Báo cáo đề dẫn về công tác quản lý",
    )
    seminar.refresh_from_db()
    assert (seminar.title, seminar.chair, seminar.version) == ("Tọa đàm (sửa)", kn.deputy, 2)
    changes = AuditEntry.objects.for_object(seminar).latest("id").changes
    assert changes["units"] == [["kv1", "kv2", "phong-1"], ["kv1"]]
    assert changes["chair"][1] == {"id": kn.deputy.pk, "repr": "Lê Thị Phó"}
