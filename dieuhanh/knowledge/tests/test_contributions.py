"""Contributions: own unit only, the unit's profile stored with its basis, seminar rules, and
the assessment (adopt, unsuitable, answered, merged) by the chair or the personnel department."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dieuhanh.core.errors import Denied, StaleEdit
from dieuhanh.core.models import AuditEntry
from dieuhanh.core.periods import Month
from dieuhanh.knowledge import services
from dieuhanh.knowledge.errors import KnowledgeError
from dieuhanh.knowledge.models import Assessment, Contribution, GoodPractice, SearchDocument
from dieuhanh.knowledge.profiles import profile_period
from dieuhanh.knowledge.tests.conftest import add_figures, area, make_seminar
from dieuhanh.org.tests.factories import PersonFactory, post


def submit(kn, person, **extra):
    values = {
        "title": "Kiểm tra chéo hồ sơ trước khi trình",
        "text": "Mỗi hồ sơ được một kiểm sát viên khác đọc lại trước khi trình lãnh đạo.",
        "kind": "practice",
        "work_areas": [area("DTRA")],
    }
    values.update(extra)
    return services.submit_contribution(authority=kn.auth(person), **values)


# ---------------------------------------------------------------- submitting


def test_staff_submit_for_their_own_unit_to_the_personnel_department(kn):
    contribution = submit(kn, kn.prosecutor)
    assert (contribution.author, contribution.unit, contribution.addressed_to) == (
        kn.prosecutor,
        kn.kv1,
        kn.personnel,
    )
    assert [a.code for a in contribution.work_areas.all()] == ["DTRA"]
    entry = AuditEntry.objects.for_object(contribution).get()
    assert entry.action == "knowledge.contribution.submit"
    assert entry.changes["work_areas"] == [None, ["DTRA"]]
    # And it is indexed for search
    document = SearchDocument.objects.get(kind="contribution", object_id=contribution.pk)
    assert (document.folded_title, document.unit_path, document.assessor_path) == (
        "kiem tra cheo ho so truoc khi trinh",
        kn.kv1.path,
        kn.personnel.path,
    )


def test_nobody_submits_for_another_unit(kn):
    with pytest.raises(KnowledgeError) as error:
        submit(kn, kn.prosecutor, unit=kn.kv2)
    assert error.value.field == "unit"
    # A person with no posting cannot contribute either
    with pytest.raises(KnowledgeError) as error:
        submit(kn, kn.outsider)
    assert error.value.message.startswith("Bạn chưa được bố trí công tác")
    assert Contribution.objects.count() == 0


def test_a_contribution_needs_title_text_and_kind(kn):
    for field, values in [
        ("title", {"title": " "}),
        ("text", {"text": ""}),
        ("kind", {"kind": "gossip"}),
    ]:
        with pytest.raises(KnowledgeError) as error:
            submit(kn, kn.prosecutor, **values)
        assert error.value.field == field
    assert Contribution.objects.count() == 0
    assert SearchDocument.objects.count() == 0


def test_profile_is_derived_from_figures_and_postings_and_stored_with_its_basis(kn):
    # Given KV1 has 3 staff (head, prosecutor, team member) and 100 new reports a month;
    # KV2 has 1 staff and 40 a month, over the twelve months before today
    period = profile_period(kn.today)
    add_figures(kn.kv1, 100, through=period.last)
    add_figures(kn.kv2, 40, through=period.last)
    # When each unit's head contributes
    kv1 = submit(kn, kn.unit_head)
    kv2 = submit(kn, kn.peer)
    # Then KV1 is "many cases, many staff" and KV2 "few, few" against the median of the two
    assert (kv1.case_profile, kv1.staff_profile) == ("many", "many")
    assert (kv2.case_profile, kv2.staff_profile) == ("few", "few")
    assert kv1.profile_basis == {
        "period": period.label,
        "peers": 2,
        "staff": 3,
        "caseload": "1200.00",
        "staff_median": "2.0",
        "caseload_median": "840.0",
        "peers_with_figures": 2,
        "rule": "so với đơn vị cùng cấp, cùng đơn vị cấp trên; từ trung vị trở lên là nhiều",
    }
    # And later figures do not change what was stored
    add_figures(kn.kv2, 500, through=period.last.shift(-12))
    kv1.refresh_from_db()
    assert kv1.case_profile == "many"


def test_profile_is_unknown_without_figures(kn):
    contribution = submit(kn, kn.unit_head)
    assert (contribution.case_profile, contribution.staff_profile) == ("unknown", "many")
    assert "caseload_median" not in contribution.profile_basis


def test_attachments_are_kept_and_oversized_files_refused(kn, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    paper = SimpleUploadedFile("tham-luan.txt", "Tham luận".encode(), content_type="text/plain")
    contribution = submit(kn, kn.prosecutor, attachments=[paper])
    assert [(a.name, a.size) for a in contribution.attachments.all()] == [("tham-luan.txt", 11)]
    big = SimpleUploadedFile("lon.bin", b"0" * (20 * 1024 * 1024 + 1))
    with pytest.raises(KnowledgeError) as error:
        submit(kn, kn.prosecutor, attachments=[big])
    assert error.value.message == "Tệp “lon.bin” lớn hơn 20 MB, không đính kèm được."
    assert Contribution.objects.count() == 1


def test_seminar_contributions_go_to_its_organiser_from_participating_units(kn):
    seminar = make_seminar(kn, organiser=kn.department, units=[kn.kv1])
    # A team member of KV1 belongs to a participating unit's subtree
    contribution = submit(kn, kn.team_member, seminar=seminar)
    assert contribution.addressed_to == kn.department
    # KV2 does not take part
    with pytest.raises(KnowledgeError) as error:
        submit(kn, kn.peer, seminar=seminar)
    assert (
        error.value.message
        == "Đơn vị VKSND khu vực 2 không tham dự tọa đàm “Tọa đàm kinh nghiệm quản lý, chỉ đạo, điều hành”."
    )
    # A closed seminar takes no more contributions
    seminar.status = "closed"
    seminar.save()
    with pytest.raises(KnowledgeError) as error:
        submit(kn, kn.unit_head, seminar=seminar)
    assert error.value.field == "seminar"
    assert Contribution.objects.count() == 1


def test_author_edits_until_assessed(kn):
    contribution = submit(kn, kn.prosecutor)
    services.update_contribution(
        contribution,
        authority=kn.auth(kn.prosecutor),
        expected_version=1,
        title="Kiểm tra chéo",
        text="Nội dung mới",
        kind="experience",
        work_areas=[area("XXHS")],
    )
    contribution.refresh_from_db()
    assert (contribution.title, contribution.kind, contribution.version) == (
        "Kiểm tra chéo",
        "experience",
        2,
    )
    assert SearchDocument.objects.get(object_id=contribution.pk).folded_body == "noi dung moi"
    # Someone else may not edit it, and a stale form is refused
    with pytest.raises(KnowledgeError):
        services.update_contribution(
            contribution,
            authority=kn.auth(kn.unit_head),
            expected_version=2,
            title="x",
            text="x",
            kind="experience",
            work_areas=[],
        )
    with pytest.raises(StaleEdit):
        services.update_contribution(
            contribution,
            authority=kn.auth(kn.prosecutor),
            expected_version=1,
            title="x",
            text="x",
            kind="experience",
            work_areas=[],
        )
    services.assess_contribution(
        contribution, authority=kn.auth(kn.tccb_head), decision="adopt", reason="Hiệu quả"
    )
    with pytest.raises(KnowledgeError) as error:
        services.update_contribution(
            contribution,
            authority=kn.auth(kn.prosecutor),
            expected_version=2,
            title="x",
            text="x",
            kind="experience",
            work_areas=[],
        )
    assert error.value.message == "Ý kiến đã được đánh giá, không sửa được nữa."
    contribution.refresh_from_db()
    assert contribution.title == "Kiểm tra chéo"


# ---------------------------------------------------------------- assessing


def test_adopt_creates_a_good_practice_tagged_by_area_and_profile(kn):
    period = profile_period(kn.today)
    add_figures(kn.kv1, 100, through=period.last)
    add_figures(kn.kv2, 40, through=period.last)
    contribution = submit(kn, kn.unit_head)
    assessment = services.assess_contribution(
        contribution,
        authority=kn.auth(kn.tccb_head),
        decision="adopt",
        reason="Giảm trả hồ sơ điều tra bổ sung",
        practice_title="Kiểm tra chéo hồ sơ",
        practice_statement="Hồ sơ được kiểm sát viên thứ hai đọc lại trước khi trình.",
    )
    assert (assessment.decision, assessment.by) == ("adopt", kn.tccb_head)
    practice = GoodPractice.objects.get()
    assert (practice.title, practice.document) == ("Kiểm tra chéo hồ sơ", kn.document)
    assert practice.profiles == ["many_cases", "many_staff"]
    assert [a.code for a in practice.work_areas.all()] == ["DTRA"]
    assert list(practice.sources.all()) == [contribution]
    assert SearchDocument.objects.filter(kind="practice", object_id=practice.pk).exists()
    entry = AuditEntry.objects.for_object(contribution).latest("id")
    assert entry.action == "knowledge.contribution.assess"
    assert entry.changes["practice"] == [None, {"id": practice.pk, "repr": "Kiểm tra chéo hồ sơ"}]


def test_adopt_may_link_an_existing_practice(kn):
    first = submit(kn, kn.unit_head)
    second = submit(kn, kn.peer, work_areas=[area("XXHS")])
    head = kn.auth(kn.tccb_head)
    services.assess_contribution(first, authority=head, decision="adopt", reason="Tốt")
    practice = GoodPractice.objects.get()
    services.assess_contribution(
        second, authority=head, decision="adopt", reason="Cùng cách làm", practice=practice
    )
    assert GoodPractice.objects.count() == 1
    assert sorted(c.pk for c in practice.sources.all()) == sorted([first.pk, second.pk])
    assert sorted(a.code for a in practice.work_areas.all()) == ["DTRA", "XXHS"]


def test_unsuitable_needs_advice_and_answered_needs_an_answer_to_a_difficulty(kn):
    head = kn.auth(kn.tccb_head)
    method = submit(kn, kn.prosecutor)
    with pytest.raises(KnowledgeError) as error:
        services.assess_contribution(
            method, authority=head, decision="unsuitable", reason="Chưa phù hợp"
        )
    assert (error.value.field, error.value.message) == (
        "advice",
        "Ý kiến chưa phù hợp cần có hướng dẫn gửi đơn vị.",
    )
    with pytest.raises(KnowledgeError) as error:
        services.assess_contribution(
            method, authority=head, decision="answered", reason="x", answer="y"
        )
    assert error.value.message == "Chỉ ý kiến nêu khó khăn, vướng mắc mới được giải đáp."
    with pytest.raises(KnowledgeError) as error:
        services.assess_contribution(method, authority=head, decision="adopt", reason="")
    assert error.value.field == "reason"
    assert Assessment.objects.count() == 0
    services.assess_contribution(
        method,
        authority=head,
        decision="unsuitable",
        reason="Tốn nhân lực",
        advice="Đơn vị ít cán bộ nên chỉ kiểm tra chéo hồ sơ phức tạp.",
    )
    difficulty = submit(kn, kn.prosecutor, kind="difficulty", title="Vướng mắc khi chuyển hồ sơ")
    with pytest.raises(KnowledgeError) as error:
        services.assess_contribution(difficulty, authority=head, decision="adopt", reason="x")
    assert error.value.message.startswith("Ý kiến nêu khó khăn, vướng mắc không công nhận")
    with pytest.raises(KnowledgeError) as error:
        services.assess_contribution(difficulty, authority=head, decision="answered", reason="x")
    assert error.value.field == "answer"
    answered = services.assess_contribution(
        difficulty,
        authority=head,
        decision="answered",
        reason="Đã có hướng dẫn",
        answer="Áp dụng Điều 12 Quy chế phối hợp.",
    )
    assert (answered.answer, answered.advice) == ("Áp dụng Điều 12 Quy chế phối hợp.", "")
    assert GoodPractice.objects.count() == 0


def test_merge_rules(kn):
    head = kn.auth(kn.tccb_head)
    a = submit(kn, kn.prosecutor, title="A")
    b = submit(kn, kn.unit_head, title="B")
    c = submit(kn, kn.peer, title="C")
    elsewhere = submit(
        kn, kn.team_member, title="D", seminar=make_seminar(kn, organiser=kn.department)
    )
    for target, message in [
        (None, "Hãy chọn ý kiến được gộp vào."),
        (a, "Không gộp một ý kiến vào chính nó."),
        (elsewhere, "Chỉ gộp vào ý kiến gửi cùng đơn vị đánh giá."),
    ]:
        with pytest.raises(KnowledgeError) as error:
            services.assess_contribution(
                a, authority=head, decision="merged", reason="Trùng", merged_into=target
            )
        assert error.value.message == message
    # B is adopted; A merged into B becomes a source of B's practice
    services.assess_contribution(b, authority=head, decision="adopt", reason="Tốt")
    services.assess_contribution(
        a, authority=head, decision="merged", reason="Trùng ý", merged_into=b
    )
    assert sorted(x.title for x in GoodPractice.objects.get().sources.all()) == ["A", "B"]
    # Nothing may be merged into A, itself merged
    with pytest.raises(KnowledgeError) as error:
        services.assess_contribution(
            c, authority=head, decision="merged", reason="Trùng", merged_into=a
        )
    assert error.value.message == "Ý kiến “A” đã được gộp vào ý kiến khác; hãy gộp vào ý kiến đó."
    assert not Assessment.objects.filter(contribution=c).exists()


def test_a_contribution_is_assessed_once(kn):
    contribution = submit(kn, kn.prosecutor)
    services.assess_contribution(
        contribution, authority=kn.auth(kn.tccb_head), decision="adopt", reason="Tốt"
    )
    with pytest.raises(KnowledgeError) as error:
        services.assess_contribution(
            contribution, authority=kn.auth(kn.chief), decision="unsuitable", reason="x", advice="y"
        )
    assert error.value.message == "Ý kiến này đã được đánh giá: công nhận là cách làm hay."
    assert Assessment.objects.get().decision == "adopt"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("tccb_head", True),  # head of the personnel department (APPROVE on it)
        ("chief", True),  # the Chief above it
        ("tccb_staff", False),  # a specialist of the department: view and report only
        ("unit_head", False),  # head of the author's unit
        ("deputy", False),  # portfolio covers KV1, not the personnel department
        ("delegate", False),  # delegation on KV2 only
        ("outsider", False),
    ],
)
def test_who_assesses_a_contribution_outside_any_seminar(kn, who, allowed):
    contribution = submit(kn, kn.prosecutor)
    call = lambda: services.assess_contribution(  # noqa: E731
        contribution, authority=kn.auth(getattr(kn, who)), decision="adopt", reason="Tốt"
    )
    if allowed:
        call()
        assert Assessment.objects.get().by == getattr(kn, who)
    else:
        with pytest.raises(Denied):
            call()
        assert Assessment.objects.count() == 0
        assert GoodPractice.objects.count() == 0


def test_the_chair_assesses_the_contributions_of_the_seminar_they_chair(kn):
    seminar = make_seminar(kn, chair=kn.peer)
    contribution = submit(kn, kn.prosecutor, seminar=seminar)
    services.assess_contribution(
        contribution, authority=kn.auth(kn.peer), decision="adopt", reason="Tốt"
    )
    assert Assessment.objects.get().by == kn.peer
    # But not a contribution outside their seminar
    other = submit(kn, kn.unit_head)
    with pytest.raises(Denied):
        services.assess_contribution(
            other, authority=kn.auth(kn.peer), decision="adopt", reason="Tốt"
        )


def test_an_assessor_under_delegation_is_recorded_on_behalf_of_the_grantor(kn):
    # Given the Chief delegates APPROVE on the personnel department to a deputy for a week
    from dieuhanh.org.models import Delegation

    delegation = Delegation.objects.create(
        grantor=kn.chief,
        grantee=kn.deputy,
        powers=["view", "approve"],
        start=kn.today - dt.timedelta(days=1),
        end=kn.today + dt.timedelta(days=6),
        instrument_number="05/QĐ-VKS",
        instrument_date=kn.today - dt.timedelta(days=2),
    )
    delegation.units.set([kn.personnel])
    contribution = submit(kn, kn.prosecutor)
    services.assess_contribution(
        contribution, authority=kn.auth(kn.deputy), decision="adopt", reason="Tốt"
    )
    entry = AuditEntry.objects.for_object(contribution).latest("id")
    assert (entry.on_behalf_of_label, entry.delegation_id) == ("Trần Văn Trưởng", delegation.pk)


def test_contribution_from_a_member_newly_posted(kn):
    # A person posted today in KV2 contributes for KV2
    newcomer = PersonFactory(full_name="Người Mới")
    post(newcomer, kn.kv2, "ksv-so-cap", kn.today)
    contribution = submit(kn, newcomer)
    assert contribution.unit == kn.kv2
    assert contribution.profile_basis["period"] == profile_period(kn.today).label
    assert profile_period(kn.today).last == Month.of(kn.today).shift(-1)
