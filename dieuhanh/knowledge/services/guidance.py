"""The guidance document (chuyên đề): compile a version, edit its sections, move it through
draft → under review → approved → in force → superseded.

Powers:
- creating a guidance document, sending a version back, approving it and bringing it into
  force: APPROVE on the issuer (the Chief of the procuracy, or a deputy or delegate holding it);
- compiling a version, editing its sections and sending it for review: DIRECT on the keeper
  (the personnel department's head, or those above it).

Only one version of a document is in preparation (draft or under review) and only one is in
force at a time (both are database constraints); when a version comes into force the one in
force before it, and any older approved version still waiting, become superseded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from dieuhanh.core.audit import Actor, diff, record, snapshot
from dieuhanh.core.concurrency import claim_version
from dieuhanh.core.errors import StaleEdit
from dieuhanh.knowledge import indexing
from dieuhanh.knowledge.errors import KnowledgeError
from dieuhanh.knowledge.models import (
    GoodPractice,
    GuidanceDocument,
    GuidanceSection,
    GuidanceVersion,
)
from dieuhanh.knowledge.services._common import acting_person, fmt
from dieuhanh.org.access import Authority
from dieuhanh.org.models import PositionRole, Posting, Power, Unit, WorkArea

Status = GuidanceVersion.Status
DOCUMENT_FIELDS = ("title", "kind_label", "issuer", "keeper", "issuer_superior", "place")
SECTION_FIELDS = ("work_area", "topic", "order", "body")
GENERAL_TOPIC = "Những vấn đề chung"
# The audit action recorded for each state a version moves to.
ACTIONS = {
    Status.REVIEW: "review",
    Status.DRAFT: "return",
    Status.APPROVED: "approve",
    Status.IN_FORCE: "in_force",
    Status.SUPERSEDED: "superseded",
}
STALE_MESSAGE = (
    "Mục này đã được người khác sửa sau khi bạn mở trang. Thay đổi của bạn chưa được lưu; "
    "hãy tải lại trang để xem bản mới rồi sửa lại."
)


@transaction.atomic
def create_document(
    *,
    authority: Authority,
    title: str,
    issuer: Unit,
    keeper: Unit,
    place: str,
    kind_label: str = "CHUYÊN ĐỀ",
    issuer_superior: str = "",
) -> GuidanceDocument:
    """Create a guidance document issued by `issuer` and kept by `keeper` (within it)."""
    actor = authority.actor_for(issuer, Power.APPROVE)
    if not title.strip():
        raise KnowledgeError("Hãy nhập tên chuyên đề.", field="title")
    if not place.strip():
        raise KnowledgeError("Hãy nhập địa danh ghi trên văn bản.", field="place")
    if not keeper.path.startswith(issuer.path):
        raise KnowledgeError(
            "Đơn vị biên soạn phải thuộc cơ quan ban hành chuyên đề.", field="keeper"
        )
    document = GuidanceDocument.objects.create(
        title=title.strip(),
        issuer=issuer,
        keeper=keeper,
        place=place.strip(),
        kind_label=kind_label.strip().upper() or "CHUYÊN ĐỀ",
        issuer_superior=issuer_superior.strip(),
    )
    record(
        "knowledge.guidance.create",
        document,
        actor=actor,
        changes=diff({}, snapshot(document, DOCUMENT_FIELDS)),
    )
    return document


def base_version(document: GuidanceDocument) -> GuidanceVersion | None:
    """The version a new one is compiled from: the newest approved or in force."""
    return (
        GuidanceVersion.objects.filter(
            document=document, status__in=[Status.APPROVED, Status.IN_FORCE]
        )
        .order_by("-number")
        .first()
    )


def _primary_area(practice: GoodPractice) -> WorkArea | None:
    areas = sorted(practice.work_areas.all(), key=lambda a: (a.rank, a.code))
    return areas[0] if areas else None


def _pull(version: GuidanceVersion, practices: Sequence[GoodPractice]) -> list[int]:
    """Append each practice to the first section of its main work area (a new section when
    the version has none) and link it; returns the ids pulled."""
    sections = list(version.sections.order_by("order", "id"))
    next_order = max((s.order for s in sections), default=0) + 1
    pulled: list[int] = []
    for practice in practices:
        area = _primary_area(practice)
        area_id = area.pk if area is not None else None
        section = next((s for s in sections if s.work_area_id == area_id), None)
        if section is None:
            section = GuidanceSection.objects.create(
                version=version,
                work_area=area,
                topic=area.name if area is not None else GENERAL_TOPIC,
                order=next_order,
                body="",
            )
            sections.append(section)
            next_order += 1
        paragraph = f"{practice.title}: {practice.statement.strip()}"
        section.body = f"{section.body.rstrip()}\n\n{paragraph}" if section.body else paragraph
        section.save(update_fields=["body", "updated_at"])
        section.practices.add(practice)
        pulled.append(practice.pk)
    return pulled


@transaction.atomic
def compile_version(
    document: GuidanceDocument,
    *,
    authority: Authority,
    applies_to: str = "",
    summary: str = "",
    practices: Sequence[GoodPractice] | None = None,
) -> GuidanceVersion:
    """Compile the next version: copy the sections of the newest approved or in-force
    version, then pull in the adopted practices it does not yet contain (or those chosen)."""
    actor = authority.actor_for(document.keeper, Power.DIRECT)
    # Lock the document: two compilations at once would both pass the check below.
    GuidanceDocument.objects.select_for_update().filter(pk=document.pk).first()
    pending = GuidanceVersion.objects.in_preparation().filter(document=document).first()
    if pending is not None:
        raise KnowledgeError(
            f"Phiên bản {pending.number} đang ở trạng thái {pending.get_status_display().lower()}; "
            "hãy hoàn tất phiên bản đó trước khi biên soạn phiên bản mới.",
            field="document",
        )
    base = base_version(document)
    applies_to = applies_to.strip() or (base.applies_to if base is not None else "")
    if not applies_to:
        raise KnowledgeError("Hãy ghi rõ đối tượng áp dụng của chuyên đề.", field="applies_to")
    if practices is None:
        included: set[int] = (
            set(
                GuidanceSection.objects.filter(version=base, practices__isnull=False).values_list(
                    "practices", flat=True
                )
            )
            if base is not None
            else set()
        )
        chosen = list(
            document.practices.filter(active=True)
            .exclude(pk__in=included)
            .prefetch_related("work_areas")
            .order_by("id")
        )
    else:
        chosen = list(practices)
        if any(p.document_id != document.pk or not p.active for p in chosen):
            raise KnowledgeError(
                "Chỉ đưa vào được cách làm hay đang dùng của chính chuyên đề này.",
                field="practices",
            )
    number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = GuidanceVersion.objects.create(
        document=document, number=number, based_on=base, applies_to=applies_to, summary=summary
    )
    if base is not None:
        for old in base.sections.prefetch_related("practices").order_by("order", "id"):
            copied = GuidanceSection.objects.create(
                version=version,
                key=old.key,
                work_area_id=old.work_area_id,
                topic=old.topic,
                order=old.order,
                body=old.body,
            )
            copied.practices.set(old.practices.all())
    pulled = _pull(version, chosen)
    indexing.index_version(version)
    record(
        "knowledge.guidance.compile",
        version,
        actor=actor,
        changes={
            "number": [None, number],
            "based_on": [None, base.number if base is not None else None],
            "applies_to": [None, applies_to],
            "practices": [None, pulled],
        },
    )
    return version


def _draft_only(version: GuidanceVersion) -> None:
    if version.status != Status.DRAFT:
        raise KnowledgeError(
            f"Phiên bản {version.number} {version.get_status_display().lower()}; "
            "chỉ sửa được nội dung khi còn là dự thảo.",
            field="status",
        )


def _check_section(topic: str) -> None:
    if not topic.strip():
        raise KnowledgeError("Hãy nhập tên mục.", field="topic")


@transaction.atomic
def add_section(
    version: GuidanceVersion,
    *,
    authority: Authority,
    topic: str,
    body: str,
    work_area: WorkArea | None = None,
    order: int | None = None,
) -> GuidanceSection:
    """Add a section to a draft."""
    actor = authority.actor_for(version.document.keeper, Power.DIRECT)
    _draft_only(version)
    _check_section(topic)
    if order is None:
        order = (version.sections.aggregate(top=Max("order"))["top"] or 0) + 1
    section = GuidanceSection.objects.create(
        version=version, work_area=work_area, topic=topic.strip(), order=order, body=body
    )
    indexing.index_section(section)
    record(
        "knowledge.guidance.section.add",
        section,
        actor=actor,
        changes=diff({}, snapshot(section, SECTION_FIELDS)),
    )
    return section


@transaction.atomic
def update_section(
    section: GuidanceSection,
    *,
    authority: Authority,
    expected_version: int,
    topic: str,
    body: str,
    work_area: WorkArea | None,
    order: int,
) -> GuidanceSection:
    """Edit a section of a draft."""
    version = section.version
    actor = authority.actor_for(version.document.keeper, Power.DIRECT)
    _draft_only(version)
    _check_section(topic)
    claimed = GuidanceSection.objects.filter(pk=section.pk, revision=expected_version).update(
        revision=F("revision") + 1
    )
    if claimed != 1:
        raise StaleEdit(STALE_MESSAGE, field="version")
    section.revision = expected_version + 1
    before = snapshot(section, SECTION_FIELDS)
    section.topic, section.body, section.work_area, section.order = (
        topic.strip(),
        body,
        work_area,
        order,
    )
    section.save()
    indexing.index_section(section)
    record(
        "knowledge.guidance.section.update",
        section,
        actor=actor,
        changes=diff(before, snapshot(section, SECTION_FIELDS)),
    )
    return section


@transaction.atomic
def remove_section(section: GuidanceSection, *, authority: Authority) -> None:
    """Remove a section from a draft."""
    version = section.version
    actor = authority.actor_for(version.document.keeper, Power.DIRECT)
    _draft_only(version)
    record(
        "knowledge.guidance.section.remove",
        section,
        actor=actor,
        changes=diff(snapshot(section, SECTION_FIELDS), {}),
    )
    indexing.unindex(indexing.Kind.SECTION, [section.pk])
    section.delete()


def _move(
    version: GuidanceVersion,
    to: GuidanceVersion.Status,
    *,
    actor: Actor,
    expected_version: int | None,
    changes: dict[str, object] | None = None,
) -> None:
    before = version.status
    claim_version(version, expected_version)
    version.status = to
    version.save()
    indexing.index_version(version)
    record(
        f"knowledge.guidance.{ACTIONS[to]}",
        version,
        actor=actor,
        changes={"status": [before, to], **(changes or {})},
    )


@transaction.atomic
def submit_for_review(
    version: GuidanceVersion, *, authority: Authority, expected_version: int
) -> GuidanceVersion:
    """Send a draft to the leadership for review."""
    actor = authority.actor_for(version.document.keeper, Power.DIRECT)
    _draft_only(version)
    if not version.sections.exclude(body="").exists():
        raise KnowledgeError(
            "Dự thảo chưa có mục nào có nội dung; chưa trình xem xét được.", field="sections"
        )
    _move(version, Status.REVIEW, actor=actor, expected_version=expected_version)
    return version


@transaction.atomic
def return_to_draft(
    version: GuidanceVersion, *, authority: Authority, expected_version: int, note: str
) -> GuidanceVersion:
    """Send a version under review back to the keeper, with what to change."""
    actor = authority.actor_for(version.document.issuer, Power.APPROVE)
    if version.status != Status.REVIEW:
        raise KnowledgeError("Chỉ trả lại được phiên bản đang xem xét.", field="status")
    if not note.strip():
        raise KnowledgeError("Hãy ghi ý kiến để đơn vị biên soạn sửa.", field="review_note")
    version.review_note = note.strip()
    _move(
        version,
        Status.DRAFT,
        actor=actor,
        expected_version=expected_version,
        changes={"review_note": [None, version.review_note]},
    )
    return version


def signer_of(person_id: int, issuer: Unit, on: dt.date) -> tuple[str, str]:
    """(power, title) for the signature block: the head signs as himself; a deputy signs
    "KT." (on behalf of) the head; anyone else "TL." (by order of) the head."""
    postings = list(
        Posting.objects.current(on)
        .filter(unit=issuer, position__role__in=[PositionRole.HEAD, PositionRole.DEPUTY])
        .select_related("position")
    )
    head_title = next(
        (p.position.name.upper() for p in postings if p.position.role == PositionRole.HEAD),
        "VIỆN TRƯỞNG",
    )
    own = next((p for p in postings if p.person_id == person_id), None)
    if own is None:
        return f"TL. {head_title}", ""
    if own.position.role == PositionRole.HEAD:
        return "", own.position.name.upper()
    return f"KT. {head_title}", own.position.name.upper()


@transaction.atomic
def approve_version(
    version: GuidanceVersion,
    *,
    authority: Authority,
    expected_version: int,
    effective_from: dt.date,
    document_number: str,
    recipients: str = "",
    on: dt.date | None = None,
) -> GuidanceVersion:
    """Approve a version under review, effective from a date; it comes into force at once
    when that date has come."""
    document = version.document
    actor = authority.actor_for(document.issuer, Power.APPROVE)
    person = acting_person(authority, Power.APPROVE)
    on = on or timezone.localdate()
    if version.status != Status.REVIEW:
        raise KnowledgeError(
            f"Phiên bản {version.number} {version.get_status_display().lower()}; "
            "chỉ phê duyệt được phiên bản đang xem xét.",
            field="status",
        )
    if effective_from < on:
        raise KnowledgeError(
            f"Ngày có hiệu lực ({fmt(effective_from)}) không được trước ngày phê duyệt "
            f"({fmt(on)}).",
            field="effective_from",
        )
    if not document_number.strip():
        raise KnowledgeError("Hãy nhập số, ký hiệu văn bản.", field="document_number")
    signer_power, signer_title = signer_of(person.pk, document.issuer, on)
    version.effective_from = effective_from
    version.document_number = document_number.strip()
    version.recipients = recipients.strip()
    version.approved_by = person
    version.approved_at = timezone.now() if on == timezone.localdate() else _noon(on)
    version.signer_power, version.signer_title = signer_power, signer_title
    _move(
        version,
        Status.APPROVED,
        actor=actor,
        expected_version=expected_version,
        changes={
            "effective_from": [None, effective_from.isoformat()],
            "document_number": [None, version.document_number],
        },
    )
    if effective_from <= on:
        _bring_into_force(version, actor=actor, on=on)
    return version


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _bring_into_force(version: GuidanceVersion, *, actor: Actor, on: dt.date) -> None:
    newer = GuidanceVersion.objects.filter(
        document=version.document, status=Status.IN_FORCE, number__gt=version.number
    ).first()
    if newer is not None:
        raise KnowledgeError(
            f"Phiên bản {newer.number} mới hơn đang có hiệu lực; phiên bản {version.number} "
            "không thể có hiệu lực nữa.",
            field="status",
        )
    at = timezone.now() if on == timezone.localdate() else _noon(on)
    # The old version steps down first: the database allows one version in force at a time.
    older = GuidanceVersion.objects.filter(
        document=version.document,
        status__in=[Status.IN_FORCE, Status.APPROVED],
        number__lt=version.number,
    )
    for old in older:
        old.superseded_at = at
        _move(
            old,
            Status.SUPERSEDED,
            actor=actor,
            expected_version=None,
            changes={"superseded_by": [None, version.number]},
        )
    version.in_force_at = at
    _move(version, Status.IN_FORCE, actor=actor, expected_version=None)


@transaction.atomic
def put_in_force(
    version: GuidanceVersion,
    *,
    authority: Authority,
    expected_version: int,
    on: dt.date | None = None,
) -> GuidanceVersion:
    """Bring an approved version into force once its date has come."""
    actor = authority.actor_for(version.document.issuer, Power.APPROVE)
    on = on or timezone.localdate()
    if version.status != Status.APPROVED:
        raise KnowledgeError("Chỉ phiên bản đã phê duyệt mới đưa vào áp dụng được.", field="status")
    if version.effective_from is not None and version.effective_from > on:
        raise KnowledgeError(
            f"Phiên bản {version.number} có hiệu lực từ ngày {fmt(version.effective_from)}; "
            "chưa đến ngày áp dụng.",
            field="effective_from",
        )
    claim_version(version, expected_version)
    _bring_into_force(version, actor=actor, on=on)
    return version


@transaction.atomic
def activate_due_versions(on: dt.date | None = None) -> list[GuidanceVersion]:
    """Bring into force every approved version whose date has come (run daily by the system);
    of several waiting for one document, the newest wins and the others are superseded."""
    on = on or timezone.localdate()
    due = list(
        GuidanceVersion.objects.filter(status=Status.APPROVED, effective_from__lte=on)
        .select_related("document__issuer", "document__keeper")
        .order_by("document_id", "-number")
    )
    done: list[GuidanceVersion] = []
    seen: set[int] = set()
    for version in due:
        if version.document_id in seen:
            continue
        seen.add(version.document_id)
        _bring_into_force(version, actor=Actor.system(), on=on)
        done.append(version)
    return done
