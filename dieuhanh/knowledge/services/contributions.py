"""Contributions: submit, edit before assessment, assess; good practices born of them.

Powers:
- any member of staff contributes for a unit they are posted to (REPORT on that unit, which
  every posting gives);
- a contribution is assessed by the chair of its seminar, or by whoever holds APPROVE on the
  unit it was sent to (the organiser of the seminar, else the personnel department): the head
  of the personnel department, the Chief above it, a deputy whose portfolio covers it or their
  delegate;
- good practices are edited with APPROVE on the keeper of their guidance document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dieuhanh.core.audit import Actor, diff, record, snapshot
from dieuhanh.core.concurrency import claim_version
from dieuhanh.knowledge import indexing
from dieuhanh.knowledge.errors import KnowledgeError
from dieuhanh.knowledge.models import (
    Assessment,
    CaseProfile,
    Contribution,
    ContributionAttachment,
    GoodPractice,
    GuidanceDocument,
    ProfileTag,
    Seminar,
    StaffProfile,
)
from dieuhanh.knowledge.profiles import unit_profile
from dieuhanh.knowledge.services._common import (
    acting_person,
    guidance_for,
    personnel_department_for,
)
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power, Unit, WorkArea

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
CONTRIBUTION_FIELDS = ("title", "text", "kind", "unit", "seminar", "addressed_to")
PRACTICE_FIELDS = ("title", "statement", "profiles", "active")
Decision = Assessment.Decision


def _check_text(title: str, text: str, kind: str) -> None:
    if not title.strip():
        raise KnowledgeError("Hãy nhập tiêu đề ý kiến.", field="title")
    if not text.strip():
        raise KnowledgeError("Hãy nhập nội dung ý kiến.", field="text")
    if kind not in Contribution.Kind.values:
        raise KnowledgeError("Hãy chọn loại ý kiến.", field="kind")


def _own_unit(authority: Authority, unit: Unit | None) -> Unit:
    units = [posting.unit for posting in authority.postings]
    if not units:
        raise KnowledgeError(
            "Bạn chưa được bố trí công tác tại đơn vị nào nên chưa gửi ý kiến được.", field="unit"
        )
    if unit is None:
        return units[0]
    if unit.pk not in {u.pk for u in units}:
        raise KnowledgeError(
            "Chỉ gửi ý kiến với tư cách cán bộ của đơn vị mình đang công tác.", field="unit"
        )
    return unit


def _check_seminar(seminar: Seminar, unit: Unit, person_id: int) -> None:
    if seminar.status not in (Seminar.Status.PLANNED, Seminar.Status.HELD):
        raise KnowledgeError(
            f"Tọa đàm “{seminar}” {seminar.get_status_display().lower()}, không nhận thêm ý kiến.",
            field="seminar",
        )
    units = list(seminar.units.all())
    participants = {p.pk for p in seminar.participants.all()}
    if not units and not participants:
        return
    if person_id in participants or any(unit.path.startswith(u.path) for u in units):
        return
    raise KnowledgeError(f"Đơn vị {unit} không tham dự tọa đàm “{seminar}”.", field="seminar")


def _attach(contribution: Contribution, files: Sequence[UploadedFile[bytes]]) -> None:
    for upload in files:
        if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
            raise KnowledgeError(
                f"Tệp “{upload.name}” lớn hơn 20 MB, không đính kèm được.", field="attachments"
            )
    for upload in files:
        ContributionAttachment.objects.create(
            contribution=contribution,
            file=upload,
            name=(upload.name or "tep")[:255],
            size=upload.size or 0,
        )


@transaction.atomic
def submit_contribution(
    *,
    authority: Authority,
    title: str,
    text: str,
    kind: str,
    work_areas: Sequence[WorkArea] = (),
    seminar: Seminar | None = None,
    unit: Unit | None = None,
    attachments: Sequence[UploadedFile[bytes]] = (),
    on: dt.date | None = None,
) -> Contribution:
    """Submit a contribution for one's own unit, to a seminar or to the personnel department.

    The unit's profile is computed now and stored with its basis.
    """
    person = acting_person(authority, Power.REPORT)
    unit = _own_unit(authority, unit)
    actor = authority.actor_for(unit, Power.REPORT)
    _check_text(title, text, kind)
    if seminar is not None:
        _check_seminar(seminar, unit, person.pk)
        addressed_to = seminar.organiser
    else:
        addressed_to = personnel_department_for(unit)
    profile = unit_profile(unit, on or timezone.localdate())
    contribution = Contribution.objects.create(
        seminar=seminar,
        author=person,
        unit=unit,
        addressed_to=addressed_to,
        kind=kind,
        title=title.strip(),
        text=text,
        case_profile=profile.cases,
        staff_profile=profile.staff,
        profile_basis=profile.basis,
    )
    contribution.work_areas.set(work_areas)
    _attach(contribution, attachments)
    indexing.index_contributions([contribution])
    changes = diff({}, snapshot(contribution, CONTRIBUTION_FIELDS))
    changes["work_areas"] = [None, sorted(a.code for a in work_areas)]
    changes["profile"] = [None, [profile.cases, profile.staff]]
    if attachments:
        changes["attachments"] = [None, [a.name for a in attachments]]
    record("knowledge.contribution.submit", contribution, actor=actor, changes=changes)
    return contribution


@transaction.atomic
def update_contribution(
    contribution: Contribution,
    *,
    authority: Authority,
    expected_version: int,
    title: str,
    text: str,
    kind: str,
    work_areas: Sequence[WorkArea],
    attachments: Sequence[UploadedFile[bytes]] = (),
) -> Contribution:
    """The author edits their contribution while it is not yet assessed."""
    person = acting_person(authority, Power.REPORT)
    if person.pk != contribution.author_id:
        raise KnowledgeError("Chỉ người viết mới sửa được ý kiến này.", field="author")
    if Assessment.objects.filter(contribution=contribution).exists():
        raise KnowledgeError("Ý kiến đã được đánh giá, không sửa được nữa.", field="status")
    _check_text(title, text, kind)
    claim_version(contribution, expected_version)
    before = snapshot(contribution, ("title", "text", "kind"))
    before["work_areas"] = sorted(a.code for a in contribution.work_areas.all())
    contribution.title, contribution.text, contribution.kind = title.strip(), text, kind
    contribution.save()
    contribution.work_areas.set(work_areas)
    _attach(contribution, attachments)
    indexing.index_contributions([contribution])
    after = snapshot(contribution, ("title", "text", "kind"))
    after["work_areas"] = sorted(a.code for a in work_areas)
    record(
        "knowledge.contribution.update",
        contribution,
        actor=authority.actor,
        changes=diff(before, after),
    )
    return contribution


def assessor_actor(contribution: Contribution, authority: Authority) -> Actor:
    """The actor assessing `contribution`: its seminar's chair, else APPROVE on its addressee."""
    seminar = contribution.seminar
    person = authority.person
    if seminar is not None and person is not None and person.pk == seminar.chair_id:
        return authority.actor
    return authority.actor_for(contribution.addressed_to, Power.APPROVE)


def profile_tags(contribution: Contribution) -> list[str]:
    tags = []
    if contribution.case_profile == CaseProfile.MANY:
        tags.append(ProfileTag.MANY_CASES)
    elif contribution.case_profile == CaseProfile.FEW:
        tags.append(ProfileTag.FEW_CASES)
    if contribution.staff_profile == StaffProfile.MANY:
        tags.append(ProfileTag.MANY_STAFF)
    elif contribution.staff_profile == StaffProfile.FEW:
        tags.append(ProfileTag.FEW_STAFF)
    return [str(tag) for tag in tags]


def _document_for(
    contribution: Contribution, document: GuidanceDocument | None
) -> GuidanceDocument:
    if document is not None:
        return document
    found = guidance_for(contribution.unit)
    if found is None:
        raise KnowledgeError(
            "Chưa có chuyên đề để đưa cách làm hay vào; hãy tạo chuyên đề trước.", field="document"
        )
    return found


def _adopt(
    contribution: Contribution,
    *,
    practice: GoodPractice | None,
    title: str,
    statement: str,
    document: GuidanceDocument | None,
) -> GoodPractice:
    if contribution.kind == Contribution.Kind.DIFFICULTY:
        raise KnowledgeError(
            "Ý kiến nêu khó khăn, vướng mắc không công nhận là cách làm hay; hãy giải đáp.",
            field="decision",
        )
    areas = list(contribution.work_areas.all())
    tags = profile_tags(contribution)
    if practice is not None:
        if not practice.active:
            raise KnowledgeError("Cách làm hay này đã ngừng sử dụng.", field="practice")
        practice.sources.add(contribution)
        practice.work_areas.add(*areas)
        merged = sorted(set(practice.profiles) | set(tags))
        if merged != sorted(practice.profiles):
            practice.profiles = merged
            practice.save(update_fields=["profiles", "updated_at"])
        indexing.index_practice(practice)
        return practice
    statement = statement.strip() or contribution.text
    created = GoodPractice.objects.create(
        document=_document_for(contribution, document),
        title=(title.strip() or contribution.title)[:300],
        statement=statement,
        profiles=tags,
    )
    created.work_areas.set(areas)
    created.sources.add(contribution)
    indexing.index_practice(created)
    return created


def _check_decision(
    contribution: Contribution,
    decision: str,
    *,
    reason: str,
    advice: str,
    answer: str,
    merged_into: Contribution | None,
) -> None:
    if decision not in Decision.values:
        raise KnowledgeError("Hãy chọn kết luận đánh giá.", field="decision")
    if not reason.strip():
        raise KnowledgeError("Hãy nêu lý do của kết luận.", field="reason")
    if decision == Decision.UNSUITABLE and not advice.strip():
        raise KnowledgeError("Ý kiến chưa phù hợp cần có hướng dẫn gửi đơn vị.", field="advice")
    if decision == Decision.ANSWERED:
        if contribution.kind != Contribution.Kind.DIFFICULTY:
            raise KnowledgeError(
                "Chỉ ý kiến nêu khó khăn, vướng mắc mới được giải đáp.", field="decision"
            )
        if not answer.strip():
            raise KnowledgeError("Hãy nhập nội dung giải đáp.", field="answer")
    if decision == Decision.MERGED:
        if merged_into is None:
            raise KnowledgeError("Hãy chọn ý kiến được gộp vào.", field="merged_into")
        if merged_into.pk == contribution.pk:
            raise KnowledgeError("Không gộp một ý kiến vào chính nó.", field="merged_into")
        if merged_into.addressed_to_id != contribution.addressed_to_id:
            raise KnowledgeError(
                "Chỉ gộp vào ý kiến gửi cùng đơn vị đánh giá.", field="merged_into"
            )
        target = Assessment.objects.filter(contribution=merged_into).first()
        if target is not None and target.decision == Decision.MERGED:
            raise KnowledgeError(
                f"Ý kiến “{merged_into}” đã được gộp vào ý kiến khác; hãy gộp vào ý kiến đó.",
                field="merged_into",
            )


@transaction.atomic
def assess_contribution(
    contribution: Contribution,
    *,
    authority: Authority,
    decision: str,
    reason: str,
    advice: str = "",
    answer: str = "",
    merged_into: Contribution | None = None,
    practice: GoodPractice | None = None,
    practice_title: str = "",
    practice_statement: str = "",
    document: GuidanceDocument | None = None,
) -> Assessment:
    """Decide on a contribution: adopt it as a good practice (new, or linked to an existing
    one), judge it unsuitable with advice to the unit, answer a difficulty, or merge it into
    another contribution. Authors and their units then see the decision."""
    actor = assessor_actor(contribution, authority)
    person = acting_person(authority, Power.APPROVE)
    # Lock the contribution so two assessors cannot both decide.
    Contribution.objects.select_for_update().filter(pk=contribution.pk).first()
    existing = Assessment.objects.filter(contribution=contribution).first()
    if existing is not None:
        raise KnowledgeError(
            f"Ý kiến này đã được đánh giá: {existing.get_decision_display().lower()}.",
            field="decision",
        )
    _check_decision(
        contribution, decision, reason=reason, advice=advice, answer=answer, merged_into=merged_into
    )
    adopted: GoodPractice | None = None
    if decision == Decision.ADOPT:
        adopted = _adopt(
            contribution,
            practice=practice,
            title=practice_title,
            statement=practice_statement,
            document=document,
        )
    elif decision == Decision.MERGED and merged_into is not None:
        # Merged into an adopted contribution: this one is a source of the same practices.
        for linked in merged_into.practices.all():
            linked.sources.add(contribution)
    assessment = Assessment.objects.create(
        contribution=contribution,
        decision=decision,
        reason=reason.strip(),
        advice=advice.strip() if decision == Decision.UNSUITABLE else "",
        answer=answer.strip() if decision == Decision.ANSWERED else "",
        merged_into=merged_into if decision == Decision.MERGED else None,
        by=person,
    )
    changes: dict[str, object] = {
        "decision": [None, decision],
        "reason": [None, assessment.reason],
    }
    for name in ("advice", "answer"):
        if getattr(assessment, name):
            changes[name] = [None, getattr(assessment, name)]
    if assessment.merged_into is not None:
        target = assessment.merged_into
        changes["merged_into"] = [None, {"id": target.pk, "repr": str(target)}]
    if adopted is not None:
        changes["practice"] = [None, {"id": adopted.pk, "repr": str(adopted)}]
    record("knowledge.contribution.assess", contribution, actor=actor, changes=changes)
    return assessment


@transaction.atomic
def update_practice(
    practice: GoodPractice,
    *,
    authority: Authority,
    expected_version: int,
    title: str,
    statement: str,
    work_areas: Sequence[WorkArea],
    profiles: Sequence[str],
    active: bool = True,
) -> GoodPractice:
    """Edit a good practice's wording, tags or use (APPROVE on the document's keeper)."""
    actor = authority.actor_for(practice.document.keeper, Power.APPROVE)
    if not title.strip():
        raise KnowledgeError("Hãy nhập tên cách làm hay.", field="title")
    if not statement.strip():
        raise KnowledgeError("Hãy nhập nội dung cách làm hay.", field="statement")
    unknown = set(profiles) - set(ProfileTag.values)
    if unknown:
        raise KnowledgeError("Đặc điểm đơn vị không hợp lệ.", field="profiles")
    claim_version(practice, expected_version)
    before = snapshot(practice, PRACTICE_FIELDS)
    before["work_areas"] = sorted(a.code for a in practice.work_areas.all())
    practice.title, practice.statement = title.strip(), statement
    practice.profiles, practice.active = sorted(profiles), active
    practice.save()
    practice.work_areas.set(work_areas)
    indexing.index_practice(practice)
    after = snapshot(practice, PRACTICE_FIELDS)
    after["work_areas"] = sorted(a.code for a in work_areas)
    record("knowledge.practice.update", practice, actor=actor, changes=diff(before, after))
    return practice
