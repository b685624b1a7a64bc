"""The guidance document: compiling versions from adopted practices, the states a version goes
through, one in force at a time, and comparing versions."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from dieuhanh.core.errors import Denied, StaleEdit
from dieuhanh.core.models import AuditEntry
from dieuhanh.knowledge import services
from dieuhanh.knowledge.errors import KnowledgeError
from dieuhanh.knowledge.models import GuidanceSection, GuidanceVersion, SearchDocument
from dieuhanh.knowledge.selectors import compare_versions
from dieuhanh.knowledge.tests.conftest import area

APPLIES_TO = "Viện trưởng các Viện kiểm sát khu vực"


def adopt(kn, person, title, areas, statement):
    contribution = services.submit_contribution(
        authority=kn.auth(person), title=title, text=statement, kind="practice", work_areas=areas
    )
    services.assess_contribution(
        contribution,
        authority=kn.auth(kn.tccb_head),
        decision="adopt",
        reason="Hiệu quả",
        practice_title=title,
        practice_statement=statement,
    )
    return contribution.practices.get()


def first_version(kn, *, effective_from=None):
    """Version 1 with a general section and a DTRA section, approved and in force."""
    keeper = kn.auth(kn.tccb_head)
    version = services.compile_version(kn.document, authority=keeper, applies_to=APPLIES_TO)
    services.add_section(
        version, authority=keeper, topic="Những vấn đề chung", body="Thủ trưởng chịu trách nhiệm."
    )
    services.add_section(
        version,
        authority=keeper,
        topic="Kiểm sát điều tra",
        body="Nắm chắc tiến độ từng vụ án.",
        work_area=area("DTRA"),
    )
    services.submit_for_review(version, authority=keeper, expected_version=version.version)
    services.approve_version(
        version,
        authority=kn.auth(kn.chief),
        expected_version=version.version,
        effective_from=effective_from or kn.today,
        document_number="01/CĐ-VKS",
        recipients="Các đơn vị trực thuộc;\nLưu: VT, TCCB.",
    )
    version.refresh_from_db()
    return version


def test_first_version_goes_from_draft_to_in_force(kn):
    version = first_version(kn)
    assert (version.number, version.status, version.effective_from) == (1, "in_force", kn.today)
    assert (version.approved_by, version.signer_power, version.signer_title) == (
        kn.chief,
        "",
        "VIỆN TRƯỞNG",
    )
    actions = list(
        AuditEntry.objects.for_object(version).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "knowledge.guidance.compile",
        "knowledge.guidance.review",
        "knowledge.guidance.approve",
        "knowledge.guidance.in_force",
    ]
    # Its sections are searchable by everyone under the province
    assert set(
        SearchDocument.objects.filter(kind="section").values_list("audience", "unit_path")
    ) == {("tree", kn.province.path)}


def test_compile_copies_the_in_force_sections_and_pulls_adopted_practices_by_area(kn):
    v1 = first_version(kn)
    dtra = adopt(
        kn, kn.unit_head, "Kiểm tra chéo hồ sơ", [area("DTRA")], "Đọc lại hồ sơ trước khi trình."
    )
    civil = adopt(
        kn, kn.peer, "Lịch tiếp dân cố định", [area("DSHN")], "Tiếp dân thứ Năm hằng tuần."
    )
    general = adopt(kn, kn.prosecutor, "Giao ban ngắn", [], "Giao ban 15 phút đầu tuần.")
    # When the personnel department compiles version 2
    v2 = services.compile_version(
        kn.document, authority=kn.auth(kn.tccb_head), summary="Bổ sung cách làm hay"
    )
    # Then it is a draft based on version 1, for the same people
    assert (v2.number, v2.status, v2.based_on, v2.applies_to) == (2, "draft", v1, APPLIES_TO)
    sections = list(v2.sections.order_by("order"))
    assert [(s.topic, s.work_area.code if s.work_area else None) for s in sections] == [
        ("Những vấn đề chung", None),
        ("Kiểm sát điều tra", "DTRA"),
        ("Kiểm sát giải quyết các vụ việc dân sự, hôn nhân và gia đình", "DSHN"),
    ]
    # The copied sections keep their keys; practices land in the section of their area
    assert [s.key for s in sections[:2]] == [s.key for s in v1.sections.order_by("order")]
    assert (
        sections[0].body
        == "Thủ trưởng chịu trách nhiệm.\n\nGiao ban ngắn: Giao ban 15 phút đầu tuần."
    )
    assert (
        sections[1].body
        == "Nắm chắc tiến độ từng vụ án.\n\nKiểm tra chéo hồ sơ: Đọc lại hồ sơ trước khi trình."
    )
    assert sections[2].body == "Lịch tiếp dân cố định: Tiếp dân thứ Năm hằng tuần."
    assert [list(s.practices.all()) for s in sections] == [[general], [dtra], [civil]]
    # And version 1 is untouched
    assert v1.sections.get(topic="Kiểm sát điều tra").body == "Nắm chắc tiến độ từng vụ án."
    # The draft's sections are visible to the keeper only, in the index
    assert set(
        SearchDocument.objects.filter(
            kind="section", object_id__in=[s.pk for s in sections]
        ).values_list("audience", "unit_path")
    ) == {("unit", kn.personnel.path)}


def test_practices_already_in_the_base_are_not_pulled_again(kn):
    first_version(kn)
    adopt(kn, kn.unit_head, "Kiểm tra chéo hồ sơ", [area("DTRA")], "Đọc lại hồ sơ.")
    v2 = services.compile_version(kn.document, authority=kn.auth(kn.tccb_head))
    services.submit_for_review(v2, authority=kn.auth(kn.tccb_head), expected_version=v2.version)
    services.approve_version(
        v2,
        authority=kn.auth(kn.chief),
        expected_version=v2.version,
        effective_from=kn.today,
        document_number="02/CĐ-VKS",
    )
    v3 = services.compile_version(kn.document, authority=kn.auth(kn.tccb_head))
    body = v3.sections.get(work_area__code="DTRA").body
    assert body.count("Kiểm tra chéo hồ sơ") == 1


def test_only_one_version_in_preparation(kn):
    keeper = kn.auth(kn.tccb_head)
    services.compile_version(kn.document, authority=keeper, applies_to=APPLIES_TO)
    with pytest.raises(KnowledgeError) as error:
        services.compile_version(kn.document, authority=keeper, applies_to=APPLIES_TO)
    assert error.value.message == (
        "Phiên bản 1 đang ở trạng thái dự thảo; hãy hoàn tất phiên bản đó trước khi biên soạn "
        "phiên bản mới."
    )
    assert GuidanceVersion.objects.count() == 1
    # The database refuses it too
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidanceVersion.objects.create(
            document=kn.document, number=2, applies_to="x", status="review"
        )


def test_a_first_version_needs_whom_it_applies_to(kn):
    with pytest.raises(KnowledgeError) as error:
        services.compile_version(kn.document, authority=kn.auth(kn.tccb_head))
    assert error.value.field == "applies_to"
    assert GuidanceVersion.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("tccb_head", True), ("chief", True), ("tccb_staff", False), ("unit_head", False)],
)
def test_who_compiles(kn, who, allowed):
    def call():
        return services.compile_version(
            kn.document, authority=kn.auth(getattr(kn, who)), applies_to="x"
        )

    if allowed:
        assert call().number == 1
    else:
        with pytest.raises(Denied):
            call()
        assert GuidanceVersion.objects.count() == 0


def test_bad_transitions_are_refused_and_change_nothing(kn):
    keeper, chief = kn.auth(kn.tccb_head), kn.auth(kn.chief)
    version = services.compile_version(kn.document, authority=keeper, applies_to=APPLIES_TO)
    # An empty draft cannot go to review
    with pytest.raises(KnowledgeError) as error:
        services.submit_for_review(version, authority=keeper, expected_version=1)
    assert error.value.message == "Dự thảo chưa có mục nào có nội dung; chưa trình xem xét được."
    # A draft cannot be approved, sent back, or put in force
    with pytest.raises(KnowledgeError) as error:
        services.approve_version(
            version,
            authority=chief,
            expected_version=1,
            effective_from=kn.today,
            document_number="1",
        )
    assert error.value.message == "Phiên bản 1 dự thảo; chỉ phê duyệt được phiên bản đang xem xét."
    with pytest.raises(KnowledgeError):
        services.return_to_draft(version, authority=chief, expected_version=1, note="Sửa")
    with pytest.raises(KnowledgeError):
        services.put_in_force(version, authority=chief, expected_version=1)
    services.add_section(version, authority=keeper, topic="Chung", body="Nội dung")
    services.submit_for_review(version, authority=keeper, expected_version=1)
    version.refresh_from_db()
    # Under review: sections are frozen; approval needs a number and a date not in the past
    section = version.sections.get()
    with pytest.raises(KnowledgeError) as error:
        services.update_section(
            section,
            authority=keeper,
            expected_version=1,
            topic="x",
            body="y",
            work_area=None,
            order=1,
        )
    assert (
        error.value.message == "Phiên bản 1 đang xem xét; chỉ sửa được nội dung khi còn là dự thảo."
    )
    with pytest.raises(KnowledgeError) as error:
        services.approve_version(
            version,
            authority=chief,
            expected_version=2,
            effective_from=kn.today - dt.timedelta(days=1),
            document_number="01/CĐ-VKS",
        )
    assert error.value.field == "effective_from"
    with pytest.raises(KnowledgeError) as error:
        services.approve_version(
            version,
            authority=chief,
            expected_version=2,
            effective_from=kn.today,
            document_number=" ",
        )
    assert error.value.field == "document_number"
    # The keeper may not approve; a stale approval is refused
    with pytest.raises(Denied):
        services.approve_version(
            version,
            authority=keeper,
            expected_version=2,
            effective_from=kn.today,
            document_number="1",
        )
    with pytest.raises(StaleEdit):
        services.approve_version(
            version,
            authority=chief,
            expected_version=1,
            effective_from=kn.today,
            document_number="1",
        )
    version.refresh_from_db()
    assert (version.status, version.version, version.document_number, version.approved_by) == (
        "review",
        2,
        "",
        None,
    )


def test_return_to_draft_with_a_note_then_edit_and_resubmit(kn):
    keeper, chief = kn.auth(kn.tccb_head), kn.auth(kn.chief)
    version = services.compile_version(kn.document, authority=keeper, applies_to=APPLIES_TO)
    section = services.add_section(version, authority=keeper, topic="Chung", body="Bản đầu")
    services.submit_for_review(version, authority=keeper, expected_version=1)
    with pytest.raises(KnowledgeError) as error:
        services.return_to_draft(version, authority=chief, expected_version=2, note=" ")
    assert error.value.field == "review_note"
    services.return_to_draft(
        version, authority=chief, expected_version=2, note="Bổ sung phần đào tạo"
    )
    version.refresh_from_db()
    assert (version.status, version.review_note) == ("draft", "Bổ sung phần đào tạo")
    services.update_section(
        section,
        authority=keeper,
        expected_version=1,
        topic="Chung",
        body="Bản sửa",
        work_area=None,
        order=1,
    )
    # A second edit from the same stale form is refused
    with pytest.raises(StaleEdit):
        services.update_section(
            section,
            authority=keeper,
            expected_version=1,
            topic="Chung",
            body="Khác",
            work_area=None,
            order=1,
        )
    section.refresh_from_db()
    assert (section.body, section.revision) == ("Bản sửa", 2)
    assert SearchDocument.objects.get(kind="section", object_id=section.pk).body == "Bản sửa"


def test_a_new_version_in_force_supersedes_the_previous(kn):
    v1 = first_version(kn)
    keeper, chief = kn.auth(kn.tccb_head), kn.auth(kn.chief)
    v2 = services.compile_version(
        kn.document, authority=keeper, applies_to="Viện trưởng khu vực; Trưởng phòng nghiệp vụ"
    )
    services.submit_for_review(v2, authority=keeper, expected_version=1)
    future = kn.today + dt.timedelta(days=10)
    services.approve_version(
        v2, authority=chief, expected_version=2, effective_from=future, document_number="02/CĐ-VKS"
    )
    v1.refresh_from_db()
    v2.refresh_from_db()
    # Approved for a later date: version 1 stays in force until then
    assert (v1.status, v2.status) == ("in_force", "approved")
    with pytest.raises(KnowledgeError) as error:
        services.put_in_force(v2, authority=chief, expected_version=v2.version)
    assert (
        error.value.message
        == f"Phiên bản 2 có hiệu lực từ ngày {future:%d/%m/%Y}; chưa đến ngày áp dụng."
    )
    # On the date, the daily activation brings it into force and version 1 is superseded
    assert services.activate_due_versions(future) == [v2]
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == ("superseded", "in_force")
    assert v1.superseded_at is not None
    assert GuidanceVersion.objects.filter(status="in_force").count() == 1
    # Superseded sections leave the search index; the new ones are there
    section_ids = set(
        SearchDocument.objects.filter(kind="section").values_list("object_id", flat=True)
    )
    assert section_ids == set(v2.sections.values_list("pk", flat=True))
    entry = AuditEntry.objects.for_object(v1).latest("id")
    assert (entry.action, entry.actor_label, entry.changes["superseded_by"]) == (
        "knowledge.guidance.superseded",
        "hệ thống",
        [None, 2],
    )
    # The database allows one version in force per document
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidanceVersion.objects.filter(pk=v1.pk).update(status="in_force")


def test_a_deputy_approving_signs_on_behalf_of_the_chief(kn):
    from dieuhanh.org.models import Delegation

    delegation = Delegation.objects.create(
        grantor=kn.chief,
        grantee=kn.deputy,
        powers=["view", "approve"],
        start=kn.today,
        end=kn.today + dt.timedelta(days=3),
        instrument_number="07/QĐ-VKS",
        instrument_date=kn.today,
    )
    delegation.units.set([kn.province])
    keeper = kn.auth(kn.tccb_head)
    version = services.compile_version(kn.document, authority=keeper, applies_to=APPLIES_TO)
    services.add_section(version, authority=keeper, topic="Chung", body="Nội dung")
    services.submit_for_review(version, authority=keeper, expected_version=1)
    services.approve_version(
        version,
        authority=kn.auth(kn.deputy),
        expected_version=2,
        effective_from=kn.today,
        document_number="03/CĐ-VKS",
    )
    version.refresh_from_db()
    assert (version.signer_power, version.signer_title) == ("KT. VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG")
    entry = AuditEntry.objects.for_object(version).filter(action="knowledge.guidance.approve").get()
    assert (entry.on_behalf_of_label, entry.delegation_id) == ("Trần Văn Trưởng", delegation.pk)


def test_compare_versions_section_by_section(kn):
    v1 = first_version(kn)
    keeper = kn.auth(kn.tccb_head)
    adopt(kn, kn.unit_head, "Kiểm tra chéo hồ sơ", [area("DTRA")], "Đọc lại hồ sơ.")
    v2 = services.compile_version(kn.document, authority=keeper)
    general = v2.sections.get(work_area=None)
    services.update_section(
        general,
        authority=keeper,
        expected_version=1,
        topic="Những vấn đề chung",
        body="Thủ trưởng đơn vị chịu trách nhiệm.",
        work_area=None,
        order=1,
    )
    services.add_section(
        v2,
        authority=keeper,
        topic="Đào tạo cán bộ",
        body="Kèm cặp người mới.",
        work_area=area("TCCB"),
    )
    old_only = GuidanceSection.objects.create(version=v1, topic="Mục đã bỏ", order=9, body="Cũ")
    comparison = compare_versions(v2, v1)
    assert (comparison.older, comparison.newer) == (v1, v2)
    assert [(c.kind, c.section.topic) for c in comparison.changes] == [
        ("changed", "Những vấn đề chung"),
        ("changed", "Kiểm sát điều tra"),
        ("added", "Đào tạo cán bộ"),
        ("removed", "Mục đã bỏ"),
    ]
    assert (comparison.added, comparison.removed, comparison.changed) == (1, 1, 2)
    words = comparison.changes[0].lines[1].words
    assert [(w.tag, w.text) for w in words if w.tag != "equal"] == [("insert", " đơn vị")]
    assert [(line.tag, line.text) for line in comparison.changes[1].lines] == [
        ("equal", "Nắm chắc tiến độ từng vụ án."),
        ("insert", ""),
        ("insert", "Kiểm tra chéo hồ sơ: Đọc lại hồ sơ."),
    ]
    assert [(line.tag, line.text) for line in comparison.changes[3].lines] == [("delete", "Cũ")]
    assert comparison.changes[3].before == old_only
    # Comparing a version with itself finds nothing changed
    same = compare_versions(v1, v1)
    assert {c.kind for c in same.changes} == {"unchanged"}


def test_daily_command_brings_due_versions_into_force(kn):
    from io import StringIO

    from django.core.management import call_command

    keeper, chief = kn.auth(kn.tccb_head), kn.auth(kn.chief)
    version = services.compile_version(kn.document, authority=keeper, applies_to=APPLIES_TO)
    services.add_section(version, authority=keeper, topic="Chung", body="Nội dung")
    services.submit_for_review(version, authority=keeper, expected_version=1)
    services.approve_version(
        version,
        authority=chief,
        expected_version=2,
        effective_from=kn.today,
        document_number="01/CĐ-VKS",
        on=kn.today - dt.timedelta(days=2),
    )
    # Approved two days ago, effective today: it waits for the daily run
    version.refresh_from_db()
    assert (version.status, version.approved_at.date()) == (
        "approved",
        kn.today - dt.timedelta(days=2),
    )
    out = StringIO()
    call_command("activate_guidance_versions", stdout=out)
    version.refresh_from_db()
    assert version.status == "in_force"
    assert out.getvalue().endswith("1 phiên bản được đưa vào áp dụng.\n")
    # Run again: nothing left to do
    call_command("activate_guidance_versions", stdout=out)
    assert out.getvalue().endswith("0 phiên bản được đưa vào áp dụng.\n")
