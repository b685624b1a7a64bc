"""Thematic resolutions (nghị quyết chuyên đề): draft one from a guidance version and a
seminar's conclusions, edit it while it is a draft, adopt it — each action item then becomes a
directive with its task, through the directive services.

Powers:
- drafting and editing a draft: DIRECT on the issuing unit;
- adopting: APPROVE on the issuing unit (the Chief, or a deputy or delegate holding it). The
  adopter issues the directives and is the leader accountable for them, so, as for any
  directive, the adopter also directs each owner unit.

A draft may leave an item's owner unit, deadline or expected result open. Adoption checks every
item against the "5 rõ" rule of directives (`check_five_clear`): who leads (the owner unit), the
work (the item), by when (its deadline, not before the adoption date), the result expected, who
is accountable (the adopter); it also needs the resolution's number. Anything missing refuses
the adoption with the whole list, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dieuhanh.core.audit import diff, record, snapshot
from dieuhanh.core.concurrency import claim_version
from dieuhanh.directives import services as directive_services
from dieuhanh.directives.errors import DirectiveError
from dieuhanh.directives.models import Directive, Role
from dieuhanh.knowledge.errors import KnowledgeError, NotReadyToAdopt
from dieuhanh.knowledge.models import (
    GuidanceVersion,
    Resolution,
    ResolutionAction,
    Seminar,
)
from dieuhanh.knowledge.services._common import acting_person, fmt
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Person, Power, Unit
from dieuhanh.plans.models import Indicator

RESOLUTION_FIELDS = ("title", "issuer", "guidance", "seminar", "conclusions", "document_number")
MAX_ACTIONS = 30


@dataclass(frozen=True)
class ActionData:
    """An action item as typed; `id` names an item of the draft being edited."""

    title: str
    owner: Unit | None = None
    deadline: dt.date | None = None
    expected_result: str = ""
    content: str = ""
    indicators: Sequence[Indicator] = ()
    id: int | None = None


def _check_title(title: str) -> None:
    if not title.strip():
        raise KnowledgeError("Hãy nhập tên nghị quyết.", field="title")


def _check_basis(issuer: Unit, guidance: GuidanceVersion | None, seminar: Seminar | None) -> None:
    """The guidance must be published and apply at the issuer; the seminar must have been held
    by a unit above, at or under the issuer."""
    if guidance is not None:
        if guidance.status in (GuidanceVersion.Status.DRAFT, GuidanceVersion.Status.REVIEW):
            raise KnowledgeError(
                "Chỉ căn cứ vào phiên bản chuyên đề đã được phê duyệt.", field="guidance"
            )
        if not issuer.path.startswith(guidance.document.issuer.path):
            raise KnowledgeError(
                f"Chuyên đề “{guidance.document}” không áp dụng cho “{issuer}”.", field="guidance"
            )
    if seminar is not None:
        if seminar.status not in (Seminar.Status.HELD, Seminar.Status.CLOSED):
            raise KnowledgeError(
                f"Tọa đàm “{seminar}” chưa có kết luận; chỉ căn cứ vào tọa đàm đã tổ chức.",
                field="seminar",
            )
        organiser = seminar.organiser.path
        if not (organiser.startswith(issuer.path) or issuer.path.startswith(organiser)):
            raise KnowledgeError(
                f"Tọa đàm “{seminar}” không do “{issuer}” hay đơn vị cấp trên, trực thuộc tổ chức.",
                field="seminar",
            )


def _check_actions(issuer: Unit, actions: Sequence[ActionData]) -> None:
    if len(actions) > MAX_ACTIONS:
        raise KnowledgeError(
            f"Một nghị quyết có tối đa {MAX_ACTIONS} nội dung thực hiện.", field="actions"
        )
    for number, action in enumerate(actions, start=1):
        if not action.title.strip():
            raise KnowledgeError(f"Nội dung {number}: hãy nhập nội dung.", field="actions")
        if action.owner is not None and not action.owner.path.startswith(issuer.path):
            raise KnowledgeError(
                f"Nội dung {number}: đơn vị “{action.owner}” không trực thuộc “{issuer}”.",
                field="actions",
            )


def _action_label(action: ResolutionAction) -> str:
    owner = action.owner.code if action.owner is not None else "?"
    deadline = action.deadline.isoformat() if action.deadline is not None else "?"
    return f"{action.order}. {action.title} — {owner} — {deadline}"


def _write_actions(resolution: Resolution, actions: Sequence[ActionData]) -> list[str]:
    """Create, update and remove the draft's items to match `actions`; their labels in order."""
    existing = {a.pk: a for a in resolution.actions.all()}
    labels = []
    for order, data in enumerate(actions, start=1):
        if data.id is not None:
            action = existing.pop(data.id, None)
            if action is None:
                raise KnowledgeError(
                    f"Nội dung {order} không thuộc nghị quyết này; hãy tải lại trang.",
                    field="actions",
                )
        else:
            action = ResolutionAction(resolution=resolution)
        action.order = order
        action.title = data.title.strip()
        action.content = data.content.strip()
        action.owner = data.owner
        action.deadline = data.deadline
        action.expected_result = data.expected_result.strip()
        action.save()
        action.indicators.set(data.indicators)
        labels.append(_action_label(action))
    for leftover in existing.values():
        leftover.delete()
    return labels


def _old_labels(resolution: Resolution) -> list[str]:
    return [_action_label(a) for a in resolution.actions.select_related("owner")]


@transaction.atomic
def create_resolution(
    *,
    authority: Authority,
    issuer: Unit,
    title: str,
    guidance: GuidanceVersion | None = None,
    seminar: Seminar | None = None,
    conclusions: str = "",
    document_number: str = "",
    actions: Sequence[ActionData] = (),
) -> Resolution:
    """Draft a resolution of `issuer`; without conclusions typed, the seminar's minutes."""
    actor = authority.actor_for(issuer, Power.DIRECT)
    _check_title(title)
    _check_basis(issuer, guidance, seminar)
    _check_actions(issuer, actions)
    if not conclusions.strip() and seminar is not None:
        conclusions = seminar.minutes
    resolution = Resolution.objects.create(
        title=title.strip(),
        issuer=issuer,
        guidance=guidance,
        seminar=seminar,
        conclusions=conclusions.strip(),
        document_number=document_number.strip(),
    )
    labels = _write_actions(resolution, actions)
    changes = diff({}, snapshot(resolution, RESOLUTION_FIELDS))
    changes["actions"] = [None, labels]
    record("knowledge.resolution.create", resolution, actor=actor, changes=changes)
    return resolution


@transaction.atomic
def update_resolution(
    resolution: Resolution,
    *,
    authority: Authority,
    expected_version: int,
    title: str,
    guidance: GuidanceVersion | None,
    seminar: Seminar | None,
    conclusions: str,
    document_number: str,
    actions: Sequence[ActionData],
) -> Resolution:
    """Edit a draft and its action items (items left out are removed)."""
    actor = authority.actor_for(resolution.issuer, Power.DIRECT)
    if resolution.status != Resolution.Status.DRAFT:
        raise KnowledgeError("Nghị quyết đã được thông qua, không sửa được nữa.", field="status")
    _check_title(title)
    _check_basis(resolution.issuer, guidance, seminar)
    _check_actions(resolution.issuer, actions)
    claim_version(resolution, expected_version)
    before = snapshot(resolution, RESOLUTION_FIELDS)
    before_actions = _old_labels(resolution)
    resolution.title = title.strip()
    resolution.guidance, resolution.seminar = guidance, seminar
    resolution.conclusions = conclusions.strip()
    resolution.document_number = document_number.strip()
    resolution.save()
    labels = _write_actions(resolution, actions)
    changes = diff(before, snapshot(resolution, RESOLUTION_FIELDS))
    if labels != before_actions:
        changes["actions"] = [before_actions, labels]
    record("knowledge.resolution.update", resolution, actor=actor, changes=changes)
    return resolution


# ---------------------------------------------------------------- adoption


def _unsaved_directive(action: ResolutionAction, accountable: Person | None) -> Directive:
    return Directive(
        title=action.title,
        content=action.content or action.title,
        expected_result=action.expected_result,
        deadline_kind=Directive.DeadlineKind.DATE,
        deadline=action.deadline,
        accountable=accountable,
    )


def adoption_gaps(
    resolution: Resolution,
    actions: Sequence[ResolutionAction],
    *,
    authority: Authority,
    on: dt.date,
) -> list[str]:
    """What still keeps the resolution from being adopted by this user on `on` (empty: ready).

    No query beyond what is passed in: the actions come with their owner units.
    """
    gaps = []
    if not resolution.document_number.strip():
        gaps.append("chưa có số, ký hiệu của nghị quyết")
    if not actions:
        gaps.append("nghị quyết chưa có nội dung thực hiện nào")
    accountable = authority.person
    for number, action in enumerate(actions, start=1):
        owner = action.owner
        points = [
            point.message[:1].lower() + point.message[1:]
            for point in directive_services.check_five_clear(
                _unsaved_directive(action, accountable),
                [(owner, Role.LEAD)] if owner is not None else [],
            )
        ]
        if action.deadline is not None and action.deadline < on:
            points.append(f"thời hạn {fmt(action.deadline)} trước ngày thông qua {fmt(on)}")
        if owner is not None and not authority.can(owner, Power.DIRECT):
            points.append(f"đơn vị “{owner}” nằm ngoài phạm vi chỉ đạo của người thông qua")
        if points:
            gaps.append(f"nội dung {number} “{action.title}”: " + ", ".join(points))
    return gaps


def _number_and_symbol(document_number: str) -> tuple[str, str]:
    """ "05/NQ-VKS" → ("05", "NQ-VKS"): the directive cites the resolution as its source."""
    number, _slash, symbol = document_number.strip().partition("/")
    return number.strip()[:30], symbol.strip()[:60]


def _directive_content(action: ResolutionAction) -> str:
    content = action.content or action.title
    names = [indicator.name for indicator in action.indicators.all()]
    if names:
        content += "\n\nChỉ tiêu hướng tới: " + "; ".join(names) + "."
    return content


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@transaction.atomic
def adopt_resolution(
    resolution: Resolution,
    *,
    authority: Authority,
    expected_version: int | None,
    on: dt.date | None = None,
) -> Resolution:
    """Adopt a draft: each action item becomes a directive issued by the adopter to its owner
    unit (lead), with the adopter accountable; all of them or none."""
    actor = authority.actor_for(resolution.issuer, Power.APPROVE)
    person = acting_person(authority, Power.APPROVE)
    on = on or timezone.localdate()
    # Lock the draft so that two adopters cannot both issue its directives.
    Resolution.objects.select_for_update().filter(pk=resolution.pk).first()
    status = Resolution.objects.filter(pk=resolution.pk).values_list("status", flat=True).first()
    if status != Resolution.Status.DRAFT:
        raise KnowledgeError("Nghị quyết đã được thông qua.", field="status")
    actions = list(
        resolution.actions.select_related("owner")
        .prefetch_related("indicators")
        .order_by("order", "id")
    )
    gaps = adoption_gaps(resolution, actions, authority=authority, on=on)
    if gaps:
        raise NotReadyToAdopt(gaps)
    claim_version(resolution, expected_version)
    number, symbol = _number_and_symbol(resolution.document_number)
    directives = []
    for position, action in enumerate(actions, start=1):
        assert action.owner is not None  # noqa: S101 - "5 rõ" checked above
        data = directive_services.DirectiveData(
            issuing_unit=resolution.issuer,
            title=action.title,
            content=_directive_content(action),
            expected_result=action.expected_result,
            accountable=person,
            source_kind=Directive.SourceKind.DOCUMENT,
            source_number=number,
            source_symbol=symbol,
            source_date=on,
            source_title=resolution.title[:300],
            deadline_kind=Directive.DeadlineKind.DATE,
            deadline=action.deadline,
            addressees=[(action.owner, Role.LEAD)],
        )
        try:
            draft = directive_services.save_draft(data, authority=authority)
            directive = directive_services.issue_directive(
                draft, authority=authority, expected_version=draft.version, on=on
            )
        except DirectiveError as error:
            raise KnowledgeError(
                f"Nội dung {position} “{action.title}”: {error.message}", field="actions"
            ) from error
        action.directive = directive
        action.save(update_fields=["directive", "updated_at"])
        directives.append(directive)
    resolution.status = Resolution.Status.ADOPTED
    resolution.adopted_by = person
    resolution.adopted_at = timezone.now() if on == timezone.localdate() else _noon(on)
    resolution.save()
    record(
        "knowledge.resolution.adopt",
        resolution,
        actor=actor,
        changes={
            "status": [Resolution.Status.DRAFT, Resolution.Status.ADOPTED],
            "adopted_at": [None, on.isoformat()],
            "directives": [None, [{"id": d.pk, "repr": str(d)} for d in directives]],
        },
    )
    return resolution
