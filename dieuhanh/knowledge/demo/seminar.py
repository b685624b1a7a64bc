"""The demo province's learning loop so far: a past seminar, its contributions and their
assessment, and the guidance document (chuyên đề) in two versions.

The story, counted back from `today` (each day moved back to a weekday):

- 330 days ago the Chief creates the guidance document, kept by the personnel department
  (Phòng TCCB, login `tccb`), which compiles version 1 — four sections, for the heads of the
  regional procuracies — and sends it for review; the Chief approves it 325 days ago and
  brings it into force 320 days ago;
- 75 days ago the personnel department organises a seminar, chaired by the Chief and held 45
  days ago, with eleven units; twenty contributions arrive from 2 to 10 days before it, each
  with its unit's profile computed by the app from the demo figures and postings (KV1–KV3 and
  Phòng 1, 9: many cases; KV4–KV6: few cases and few staff; Phòng 2: few cases, many staff;
  Phòng 7, 12: no caseload figures);
- 40 days ago they are assessed: the Chief, as chair, adopts nine (eight good practices; one
  joins another's practice) and merges one into Phòng 1's checklist; the personnel department
  judges four unsuitable, with advice, and answers the six difficulties; 35 days ago the
  seminar is closed;
- 30 days ago the personnel department compiles version 2 from version 1 and the eight
  practices, extends it to the heads of the provincial departments and sends it for review;
  the Chief approves it 25 days ago, effective from 20 days ago, when he brings it into force
  and version 1 is superseded.

Everything goes through the knowledge services, as each person on that day (their authority
on the date), so every step has its audit row. The services stamp a contribution's submission
and an assessment with the moment of the call; the demo then moves those two stamps to the
story's days (audit rows keep the moment the demo was loaded). Authors without a demo login
get an account without a password (they cannot log in; the audit trail names them), linked
to their person like the org demo's accounts. Nothing is created if the guidance document is
already there: the whole story is one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from dieuhanh.core.audit import record
from dieuhanh.knowledge import services
from dieuhanh.knowledge.demo.texts import (
    ADOPT,
    CONTRIBUTIONS,
    FIRST_VERSION_SECTIONS,
    GENERAL_ADDITION,
    MERGED,
    SEMINAR_AGENDA,
    SEMINAR_KEYNOTE,
    SEMINAR_MINUTES,
    ContributionSpec,
)
from dieuhanh.knowledge.models import (
    Assessment,
    Contribution,
    GoodPractice,
    GuidanceDocument,
    GuidanceVersion,
    Seminar,
)
from dieuhanh.org.access import Authority, authority_for
from dieuhanh.org.demo.data import PROVINCE_CODE
from dieuhanh.org.models import Person, PositionRole, Posting, Unit, WorkArea

PROVINCE = PROVINCE_CODE
PERSONNEL = "demo-tccb"
CHIEF_LOGIN, PERSONNEL_LOGIN = "vientruong", "tccb"
LOGINS = (CHIEF_LOGIN, PERSONNEL_LOGIN, "vtkv1", "vtkv2", "ksv1", "truongphong1")
SEMINAR_TITLE = "Tọa đàm kinh nghiệm quản lý, chỉ đạo, điều hành của người đứng đầu đơn vị (demo)"
SEMINAR_PLACE = "Hội trường Viện kiểm sát nhân dân tỉnh Sông Hồng (demo)"
SEMINAR_UNITS = (
    "demo-kv1",
    "demo-kv2",
    "demo-kv3",
    "demo-kv4",
    "demo-kv5",
    "demo-kv6",
    "demo-p1",
    "demo-p2",
    "demo-p7",
    "demo-p9",
    "demo-p12",
)
DOCUMENT_TITLE = "Kỹ năng quản lý, chỉ đạo, điều hành của người đứng đầu đơn vị (demo)"
FIRST_APPLIES_TO = "Viện trưởng các Viện kiểm sát nhân dân khu vực"
SECOND_APPLIES_TO = (
    f"{FIRST_APPLIES_TO}; Trưởng phòng nghiệp vụ, Chánh Văn phòng, Chánh Thanh tra "
    "Viện kiểm sát nhân dân tỉnh"
)
FIRST_NUMBER, SECOND_NUMBER = "01/CĐ-VKS (demo)", "02/CĐ-VKS (demo)"
RECIPIENTS = (
    "Viện trưởng, các Phó Viện trưởng;\n"
    "Các Viện kiểm sát nhân dân khu vực;\n"
    "Các phòng nghiệp vụ, Văn phòng, Thanh tra;\n"
    "Lưu: VT, TCCB."
)


@dataclass(frozen=True)
class Days:
    """The story's days, counted back from `today` (see the module)."""

    document: int = 330
    first_approved: int = 325
    first_in_force: int = 320
    seminar_created: int = 75
    seminar_held: int = 45
    assessed: int = 40
    seminar_closed: int = 35
    second_compiled: int = 30
    second_approved: int = 25
    second_in_force: int = 20


DAYS = Days()


@dataclass
class DemoKnowledgeResult:
    """What one run created; `skipped` says why nothing was."""

    contributions: int = 0
    assessments: int = 0
    practices: int = 0
    versions: int = 0
    accounts: int = 0
    skipped: str = ""

    def summary(self) -> str:
        if self.skipped:
            return self.skipped
        return (
            f"Đã nạp kinh nghiệm demo: 1 tọa đàm, {self.contributions} ý kiến "
            f"({self.assessments} đã đánh giá), {self.practices} cách làm hay, chuyên đề "
            f"{self.versions} phiên bản; {self.accounts} tài khoản không mật khẩu cho người "
            "viết chưa có tài khoản demo."
        )


def is_loaded() -> bool:
    """Whether the demo guidance document (the first thing the story creates) is there."""
    return bool(
        GuidanceDocument.objects.filter(title=DOCUMENT_TITLE, issuer__code=PROVINCE).exists()
    )


def weekday(day: dt.date) -> dt.date:
    """`day`, or the Friday before it when it falls on a weekend."""
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@dataclass
class _Story:
    """The people, units and days the steps share."""

    today: dt.date
    admin: Authority
    users: dict[str, User]
    units: dict[str, Unit]
    areas: dict[str, WorkArea]
    result: DemoKnowledgeResult = field(default_factory=DemoKnowledgeResult)
    contributions: dict[str, Contribution] = field(default_factory=dict)
    practices: dict[str, GoodPractice] = field(default_factory=dict)

    def day(self, days_ago: int) -> dt.date:
        return weekday(self.today - dt.timedelta(days=days_ago))

    def auth(self, login: str, days_ago: int) -> Authority:
        return authority_for(self.users[login], self.day(days_ago))

    def person(self, login: str) -> Person:
        person: Person = self.users[login].person  # type: ignore[attr-defined]
        return person

    def author(self, unit: Unit, reference: str, on: dt.date) -> User:
        """The login of a contribution's author (see `texts`), created if they have none."""
        if reference.startswith("login:"):
            return self.users[reference.removeprefix("login:")]
        postings = list(
            Posting.objects.current(on)
            .filter(unit=unit, concurrent=False)
            .select_related("person__user", "position")
            .order_by("person__staff_code")
        )
        role = {"head": PositionRole.HEAD, "deputy": PositionRole.DEPUTY}.get(
            reference, PositionRole.MEMBER
        )
        found = next(
            (
                p.person
                for p in postings
                if p.position.role == role
                and (role != PositionRole.MEMBER or p.position.code.startswith("ksv"))
            ),
            None,
        )
        if found is None:
            raise LookupError(f"{unit.code}: nobody posted as {reference} on {on}")
        return self.account(found)

    def account(self, person: Person) -> User:
        """The person's login; a new one, without a password, if they have none."""
        if person.user is not None:
            return person.user
        user_model = get_user_model()
        user = user_model.objects.filter(username=person.staff_code).first()
        if user is None:
            # No password given: an unusable one, so this account never logs in.
            user = user_model.objects.create_user(person.staff_code, email=person.email)
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        record(
            "org.person.update",
            person,
            actor=self.admin.actor,
            changes={"user": [None, user.get_username()]},
        )
        self.result.accounts += 1
        return user


def build_demo_knowledge(
    *, today: dt.date | None = None, progress: Callable[[str], None] = lambda line: None
) -> DemoKnowledgeResult:
    """Load the demo seminar and guidance document once, in one transaction."""
    if is_loaded():
        return DemoKnowledgeResult(skipped="Kinh nghiệm demo đã có; bỏ qua.")
    codes = {PROVINCE, PERSONNEL, *SEMINAR_UNITS}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    if PROVINCE not in units:
        return DemoKnowledgeResult(skipped="Chưa có tỉnh demo; chạy seed_demo trước.")
    user_model = get_user_model()
    users = {
        user.get_username(): user
        for user in user_model.objects.filter(username__in=[*LOGINS, "admin"]).select_related(
            "person"
        )
    }
    missing = sorted(login for login in LOGINS if getattr(users.get(login), "person", None) is None)
    if missing or "admin" not in users:
        return DemoKnowledgeResult(
            skipped=f"Thiếu tài khoản demo gắn với cán bộ: {', '.join(missing or ['admin'])}; "
            "bỏ qua."
        )
    today = today or timezone.localdate()
    story = _Story(
        today=today,
        admin=authority_for(users["admin"], today),
        users=users,
        units=units,
        areas={area.code: area for area in WorkArea.objects.all()},
    )
    with transaction.atomic():
        document, first = _first_version(story)
        progress(
            f"• Chuyên đề “{document}”, phiên bản 1 có hiệu lực từ {first.in_force_at:%d/%m/%Y}"
        )
        seminar = _seminar(story)
        progress(f"• {seminar} ({seminar.date:%d/%m/%Y}): {len(story.contributions)} ý kiến")
        _assess(story, document)
        services.close_seminar(
            seminar,
            authority=story.auth(PERSONNEL_LOGIN, DAYS.seminar_closed),
            expected_version=seminar.version,
        )
        progress(f"• Đánh giá xong, {len(set(story.practices.values()))} cách làm hay")
        second = _second_version(story, document)
        progress(f"• Phiên bản 2 có hiệu lực từ {second.effective_from:%d/%m/%Y}")
    story.result.contributions = len(story.contributions)
    story.result.practices = len(set(story.practices.values()))
    story.result.versions = 2
    return story.result


def _first_version(story: _Story) -> tuple[GuidanceDocument, GuidanceVersion]:
    chief = story.auth(CHIEF_LOGIN, DAYS.document)
    keeper = story.auth(PERSONNEL_LOGIN, DAYS.document)
    document = services.create_document(
        authority=chief,
        title=DOCUMENT_TITLE,
        issuer=story.units[PROVINCE],
        keeper=story.units[PERSONNEL],
        place="Sông Hồng",
        issuer_superior="VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
    )
    version = services.compile_version(
        document,
        authority=keeper,
        applies_to=FIRST_APPLIES_TO,
        summary="Phiên bản đầu tiên, áp dụng với Viện trưởng các Viện kiểm sát khu vực sau khi "
        "tổ chức lại đơn vị.",
        practices=[],
    )
    for area, topic, body in FIRST_VERSION_SECTIONS:
        services.add_section(
            version,
            authority=keeper,
            topic=topic,
            body=body,
            work_area=story.areas[area] if area else None,
        )
    services.submit_for_review(version, authority=keeper, expected_version=version.version)
    _approve_and_bring_into_force(
        story,
        version,
        number=FIRST_NUMBER,
        approved=DAYS.first_approved,
        in_force=DAYS.first_in_force,
    )
    return document, version


def _approve_and_bring_into_force(
    story: _Story, version: GuidanceVersion, *, number: str, approved: int, in_force: int
) -> None:
    services.approve_version(
        version,
        authority=story.auth(CHIEF_LOGIN, approved),
        expected_version=version.version,
        effective_from=story.day(in_force),
        document_number=number,
        recipients=RECIPIENTS,
        on=story.day(approved),
    )
    services.put_in_force(
        version,
        authority=story.auth(CHIEF_LOGIN, in_force),
        expected_version=version.version,
        on=story.day(in_force),
    )


def _seminar(story: _Story) -> Seminar:
    held_on = story.day(DAYS.seminar_held)
    units = [story.units[code] for code in SEMINAR_UNITS]
    heads = Posting.objects.current(held_on).filter(
        unit__in=units, position__role=PositionRole.HEAD, concurrent=False
    )
    participants = [
        story.person(CHIEF_LOGIN),
        story.person(PERSONNEL_LOGIN),
        *Person.objects.filter(pk__in=heads.values("person_id")).order_by("staff_code"),
    ]
    organiser = story.auth(PERSONNEL_LOGIN, DAYS.seminar_created)
    seminar = services.create_seminar(
        authority=organiser,
        title=SEMINAR_TITLE,
        date=held_on,
        chair=story.person(CHIEF_LOGIN),
        organiser=story.units[PERSONNEL],
        units=units,
        participants=participants,
        place=SEMINAR_PLACE,
        agenda=SEMINAR_AGENDA,
        keynote=SEMINAR_KEYNOTE,
    )
    for spec in sorted(CONTRIBUTIONS, key=lambda s: -s.days_before):
        story.contributions[spec.key] = _contribute(story, seminar, spec, held_on)
    services.record_minutes(
        seminar,
        authority=story.auth(PERSONNEL_LOGIN, DAYS.seminar_held),
        expected_version=seminar.version,
        minutes=SEMINAR_MINUTES,
    )
    return seminar


def _contribute(
    story: _Story, seminar: Seminar, spec: ContributionSpec, held_on: dt.date
) -> Contribution:
    on = weekday(held_on - dt.timedelta(days=spec.days_before))
    unit = story.units[spec.unit]
    author = story.author(unit, spec.author, on)
    contribution = services.submit_contribution(
        authority=authority_for(author, on),
        title=spec.title,
        text=spec.text,
        kind=spec.kind,
        work_areas=[story.areas[code] for code in spec.areas],
        seminar=seminar,
        unit=unit,
        on=on,
    )
    contribution.submitted_at = at(on, 9 + spec.days_before % 7)
    Contribution.objects.filter(pk=contribution.pk).update(submitted_at=contribution.submitted_at)
    return contribution


def _order(spec: ContributionSpec) -> int:
    """Adoptions first (new practices before those joining one), merges after their target."""
    if spec.decision == ADOPT:
        return 1 if spec.joins else 0
    return 2 if spec.decision == MERGED else 3


def _assess(story: _Story, document: GuidanceDocument) -> None:
    """The chair adopts and merges; the personnel department advises and answers."""
    on = story.day(DAYS.assessed)
    chair = story.auth(CHIEF_LOGIN, DAYS.assessed)
    personnel = story.auth(PERSONNEL_LOGIN, DAYS.assessed)
    for index, spec in enumerate(sorted(CONTRIBUTIONS, key=_order)):
        contribution = story.contributions[spec.key]
        by_chair = spec.decision in (ADOPT, MERGED)
        assessment = services.assess_contribution(
            contribution,
            authority=chair if by_chair else personnel,
            decision=spec.decision,
            reason=spec.reason,
            advice=spec.advice,
            answer=spec.answer,
            merged_into=story.contributions[spec.merged_into] if spec.merged_into else None,
            practice=story.practices[spec.joins] if spec.joins else None,
            practice_title=spec.practice_title,
            practice_statement=spec.practice_statement,
            document=document,
        )
        Assessment.objects.filter(pk=assessment.pk).update(
            at=at(on, 14) + dt.timedelta(minutes=10 * index)
        )
        story.result.assessments += 1
        if spec.decision == ADOPT:
            story.practices[spec.key] = contribution.practices.get()


def _second_version(story: _Story, document: GuidanceDocument) -> GuidanceVersion:
    keeper = story.auth(PERSONNEL_LOGIN, DAYS.second_compiled)
    version = services.compile_version(
        document,
        authority=keeper,
        applies_to=SECOND_APPLIES_TO,
        summary="Bổ sung các cách làm hay được công nhận tại tọa đàm; mở rộng đối tượng áp dụng "
        "đến Trưởng phòng nghiệp vụ, Chánh Văn phòng, Chánh Thanh tra.",
    )
    general = version.sections.get(work_area__isnull=True)
    services.update_section(
        general,
        authority=keeper,
        expected_version=general.revision,
        topic=general.topic,
        body=f"{general.body}\n\n{GENERAL_ADDITION}",
        work_area=None,
        order=general.order,
    )
    services.submit_for_review(version, authority=keeper, expected_version=version.version)
    _approve_and_bring_into_force(
        story,
        version,
        number=SECOND_NUMBER,
        approved=DAYS.second_approved,
        in_force=DAYS.second_in_force,
    )
    return version
