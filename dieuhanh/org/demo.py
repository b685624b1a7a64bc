"""The demo province “Tỉnh Sông Hồng (DEMO)”: fictional units, people, history and logins.

`demo_plan()` is the data definition: pure and deterministic (one `random.Random(2026)`), so
every run draws the same people. `build_demo()` applies it through the org services, keyed on
codes (unit codes, staff codes, usernames, instrument numbers), so a second run creates nothing.
`demo_logins()` lists the archetype accounts for the login page and the start-up banner.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from dieuhanh.core.audit import Actor, diff, record, request_id_var, snapshot
from dieuhanh.core.models import AuditEntry
from dieuhanh.org import services
from dieuhanh.org.access import Authority, authority_for
from dieuhanh.org.errors import OrgError
from dieuhanh.org.models import (
    Delegation,
    Person,
    Portfolio,
    Position,
    Posting,
    Power,
    Unit,
    UnitLevel,
    UnitName,
    WorkArea,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SEED = 2026
# Printed on purpose: it only ever protects fictional demo data.
DEMO_PASSWORD = "demo12345"  # noqa: S105
PROVINCE_LABEL = "Tỉnh Sông Hồng (DEMO)"
PROVINCE_CODE = "demo-tinh"
EMAIL_DOMAIN = "demo.invalid"  # RFC 2606: can never reach a real mailbox
ADMIN_STAFF_CODE = "demo-qtht"
# Law 82/2025/QH15: regional procuracies replace the district level from this day.
RESTRUCTURED_ON = dt.date(2025, 7, 1)
MERGE_DECISION = "QĐ số 15/QĐ-VKSTC (demo) hợp nhất VKSND khu vực 7 (cũ) và khu vực 8 (cũ)"
RENAME_DECISION = "QĐ số 18/QĐ-VKS (demo) đổi tên phòng"
PORTFOLIO_DECISION = "QĐ số 01/QĐ-VKS-demo"
DELEGATION_NUMBER = "05/QĐ-VKS (demo)"
TRANSFER_TO = "demo-p1"
TRANSFER_ON = dt.date(2026, 3, 2)
TRANSFER_DECISION = "QĐ số 31/QĐ-VKS (demo) điều động cán bộ"
UNIT_NOTE = "Dữ liệu demo — đơn vị giả định."
PROVINCE_NOTE = (
    f"Dữ liệu demo: {PROVINCE_LABEL} là tỉnh giả định; mọi đơn vị, cán bộ và số liệu đều hư cấu."
)
OLD_UNIT_NOTE = "Dữ liệu demo — đơn vị giả định, hoạt động đến 30/06/2025 rồi hợp nhất."


# ---------------------------------------------------------------- the data definition


@dataclass(frozen=True)
class UnitSpec:
    """A demo unit; `staff` counts the people it has today, leaders included."""

    code: str
    name: str
    short_name: str
    level: str
    parent: str
    staff: int = 0
    profile: str = "regional"
    head: str = "truong-phong"
    deputy: str = "pho-truong-phong"
    deputies: int = 1
    former_name: str = ""
    active_from: dt.date | None = None
    note: str = UNIT_NOTE


@dataclass(frozen=True)
class PersonSpec:
    """A fictional member of staff and their first posting."""

    staff_code: str
    full_name: str
    gender: str
    birth_date: dt.date
    unit: str
    position: str
    start: dt.date

    @property
    def email(self) -> str:
        return f"{self.staff_code}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class PostingSpec:
    """A further posting of someone already in the plan (a new head, a kiêm nhiệm)."""

    staff_code: str
    unit: str
    position: str
    start: dt.date
    decision: str = ""
    concurrent: bool = False


@dataclass(frozen=True)
class AccountSpec:
    """A demo login for one archetype user."""

    username: str
    staff_code: str

    @property
    def archetype(self) -> str:
        return ARCHETYPES[self.username]


@dataclass(frozen=True)
class PortfolioSpec:
    """What one deputy chief is in charge of (phân công)."""

    staff_code: str
    units: tuple[str, ...]
    work_areas: tuple[str, ...]


@dataclass(frozen=True)
class DemoPlan:
    """Everything the demo province contains, before it touches the database."""

    province: UnitSpec
    departments: tuple[UnitSpec, ...]
    old_units: tuple[UnitSpec, ...]
    regional: tuple[UnitSpec, ...]
    teams: tuple[UnitSpec, ...]
    people: tuple[PersonSpec, ...]
    postings: tuple[PostingSpec, ...]
    transfer: PostingSpec
    chief: str
    deputies: tuple[str, ...]
    portfolios: tuple[PortfolioSpec, ...]
    accounts: tuple[AccountSpec, ...]


# Heads and deputies by kind of unit; business departments use truong-phong.
LEADER_POSITIONS = {
    "office": ("chanh-van-phong", "pho-chanh-van-phong"),
    "inspectorate": ("chanh-thanh-tra", "pho-chanh-thanh-tra"),
}
FORMER_NAMES = {
    "demo-p7": "Phòng 7 – Thực hành quyền công tố, kiểm sát xét xử phúc thẩm án hình sự",
}


def _department(code: str, short_name: str, staff: int, profile: str, name: str) -> UnitSpec:
    """A department, office or inspectorate of the province."""
    head, deputy = LEADER_POSITIONS.get(profile, ("truong-phong", "pho-truong-phong"))
    return UnitSpec(
        code=code,
        name=f"{short_name} – {name}" if short_name.removeprefix("Phòng ").isdigit() else name,
        short_name=short_name,
        level="phong",
        parent=PROVINCE_CODE,
        staff=staff,
        profile=profile,
        head=head,
        deputy=deputy,
        # Rule of 2015 (DOMAIN.md §1): a department of 5 or more has one deputy, below none.
        deputies=1 if staff >= 5 else 0,
        former_name=FORMER_NAMES.get(code, ""),
    )


PROVINCE = UnitSpec(
    code=PROVINCE_CODE,
    name="VKSND tỉnh Sông Hồng (demo)",
    short_name="VKS tỉnh Sông Hồng",
    level="tinh",
    parent="",
    staff=4,
    head="vien-truong",
    deputy="pho-vien-truong",
    deputies=3,
    note=PROVINCE_NOTE,
)

# The department list is DOMAIN.md §1's typical one, marked [L]: editable demo data, not law.
# fmt: off
DEPARTMENTS = tuple(_department(*row) for row in (
    # code, short name, staff today, member profile, name
    ("demo-p1", "Phòng 1", 14, "criminal", "Thực hành quyền công tố, kiểm sát điều tra, "
     "kiểm sát xét xử hình sự về an ninh, ma túy, trật tự xã hội"),
    ("demo-p2", "Phòng 2", 12, "criminal", "Thực hành quyền công tố, kiểm sát điều tra, "
     "kiểm sát xét xử hình sự về kinh tế, tham nhũng, chức vụ"),
    ("demo-p7", "Phòng 7", 9, "criminal", "Thực hành quyền công tố, kiểm sát xét xử phúc thẩm"),
    ("demo-p8", "Phòng 8", 7, "supervision",
     "Kiểm sát tạm giữ, tạm giam và thi hành án hình sự"),
    ("demo-p9", "Phòng 9", 8, "supervision",
     "Kiểm sát giải quyết các vụ việc dân sự, hôn nhân và gia đình"),
    ("demo-p10", "Phòng 10", 7, "supervision", "Kiểm sát giải quyết các vụ án hành chính, "
     "vụ việc kinh doanh thương mại, lao động"),
    ("demo-p11", "Phòng 11", 6, "supervision",
     "Kiểm sát thi hành án dân sự, thi hành án hành chính"),
    ("demo-p12", "Phòng 12", 4, "supervision",
     "Kiểm sát giải quyết khiếu nại, tố cáo trong hoạt động tư pháp"),
    ("demo-tccb", "Phòng TCCB", 6, "personnel", "Phòng Tổ chức cán bộ"),
    ("demo-tt", "Thanh tra", 4, "inspectorate", "Thanh tra"),
    ("demo-vp", "Văn phòng", 16, "office", "Văn phòng tổng hợp"),
))
# fmt: on


def _regional(code: str, number: int, staff: int, deputies: int) -> UnitSpec:
    """A regional procuracy (VKSND khu vực), active from the reorganisation."""
    return UnitSpec(
        code=code,
        name=f"VKSND khu vực {number}",
        short_name=f"KV{number}",
        level="khu-vuc",
        parent=PROVINCE_CODE,
        staff=staff,
        head="vien-truong",
        deputy="pho-vien-truong",
        deputies=deputies,
        active_from=RESTRUCTURED_ON,
    )


# demo-kv6 is not created directly: merge_units makes it out of the two old units below.
REGIONAL = (
    _regional("demo-kv1", 1, 30, 2),
    _regional("demo-kv2", 2, 22, 2),
    _regional("demo-kv3", 3, 16, 2),
    _regional("demo-kv4", 4, 12, 1),
    _regional("demo-kv5", 5, 10, 1),
    _regional("demo-kv6", 6, 8, 2),
)

# Before 01/07/2025 these were district-level units; "huyen" is the level the reference data
# keeps for them, so today's tree shows six regional units and the old ones as history.
OLD_UNITS = tuple(
    UnitSpec(
        code=f"demo-kv{number}-cu",
        name=f"VKSND khu vực {number} (cũ)",
        short_name=f"KV{number} (cũ)",
        level="huyen",
        parent=PROVINCE_CODE,
        staff=staff,
        head="vien-truong",
        deputy="pho-vien-truong",
        deputies=deputies,
        note=OLD_UNIT_NOTE,
    )
    for number, staff, deputies in ((7, 5, 1), (8, 3, 0))
)


def _team(code: str, name: str, parent: str, staff: int) -> UnitSpec:
    """A team (tổ) inside a regional procuracy."""
    return UnitSpec(
        code=code,
        name=name,
        short_name=name,
        level="to",
        parent=parent,
        staff=staff,
        profile="team",
        head="to-truong",
        deputies=0,
        active_from=RESTRUCTURED_ON,
    )


# The head of KV1's criminal team is a KV1 deputy holding it concurrently (kiêm nhiệm), so that
# team's own staff are all members.
CONCURRENT_TEAM = "demo-kv1-hs"
TEAMS = (
    _team(CONCURRENT_TEAM, "Tổ hình sự (KV1)", "demo-kv1", 9),
    _team("demo-kv1-dshc", "Tổ dân sự – hành chính (KV1)", "demo-kv1", 7),
    _team("demo-kv2-hs", "Tổ hình sự (KV2)", "demo-kv2", 7),
    _team("demo-kv2-dshc", "Tổ dân sự – hành chính (KV2)", "demo-kv2", 5),
)

# fmt: off
# Member positions by kind of unit, as weights: prosecutors dominate business units, support
# staff the office.
PROFILES: dict[str, tuple[tuple[str, int], ...]] = {
    "criminal": (("ksv-cao-cap", 2), ("ksv-trung-cap", 5), ("ksv-so-cap", 1), ("ktv-chinh", 1),
                 ("ktv", 1), ("chuyen-vien", 1)),
    "supervision": (("ksv-cao-cap", 1), ("ksv-trung-cap", 5), ("ksv-so-cap", 1),
                    ("ktv-chinh", 2), ("ktv", 1), ("chuyen-vien", 1)),
    "personnel": (("chuyen-vien", 5), ("ktv-chinh", 2), ("ksv-trung-cap", 2)),
    "inspectorate": (("ksv-trung-cap", 2), ("ktv-chinh", 2), ("chuyen-vien", 1)),
    "office": (("chuyen-vien", 4), ("ktv", 1), ("cong-chuc", 2), ("vien-chuc", 2),
               ("nguoi-lao-dong", 2)),
    "regional": (("ksv-trung-cap", 4), ("ksv-so-cap", 4), ("ktv-chinh", 1), ("ktv", 2),
                 ("chuyen-vien", 2), ("cong-chuc", 1), ("nguoi-lao-dong", 1)),
    "team": (("ksv-trung-cap", 4), ("ksv-so-cap", 4), ("ktv", 2), ("chuyen-vien", 1)),
}

# Family names weighted roughly by how common they are.
FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Vũ", 4), ("Phan", 4),
    ("Đặng", 3), ("Bùi", 3), ("Đỗ", 3), ("Hồ", 2), ("Ngô", 2), ("Dương", 2), ("Đinh", 2),
    ("Trịnh", 2), ("Lý", 1), ("Lương", 1), ("Mai", 1), ("Cao", 1), ("Tạ", 1),
)
MIDDLE_NAMES = {
    "m": ("Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Công", "Ngọc", "Mạnh"),
    "f": ("Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Thùy", "Phương", "Kim"),
}
GIVEN_NAMES = {
    "m": (
        "Anh", "Bình", "Cường", "Dũng", "Đạt", "Định", "Hải", "Hiếu", "Hùng", "Huy", "Khánh",
        "Khoa", "Kiên", "Lâm", "Long", "Lực", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quyết",
        "Sơn", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh",
    ),
    "f": (
        "An", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Huế",
        "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Ngân", "Nhung", "Oanh", "Quyên", "Tâm",
        "Thảo", "Thủy", "Trang", "Vân", "Yến",
    ),
}
# fmt: on

PORTFOLIO_SCOPES = (
    (("demo-p1", "demo-p2", "demo-p7", "demo-kv1", "demo-kv2"), ("TGTB", "DTRA", "XXHS", "KKDS")),
    (
        ("demo-p8", "demo-p9", "demo-p10", "demo-p11", "demo-kv3", "demo-kv4"),
        ("GIAM", "DSHN", "HCKT", "THADS"),
    ),
    (
        ("demo-p12", "demo-tccb", "demo-tt", "demo-vp", "demo-kv5", "demo-kv6"),
        ("KNTC", "TTTP", "TKTP", "TCCB", "VP", "TTRA", "TDKT"),
    ),
)

ARCHETYPES = {
    "admin": "Quản trị hệ thống: tài khoản, cơ cấu tổ chức, danh mục",
    "vientruong": "Viện trưởng tỉnh: toàn bộ đơn vị",
    "phovt1": "Phó Viện trưởng: có phân công và đang được Viện trưởng ủy quyền",
    "phovt2": "Phó Viện trưởng: chỉ trong phạm vi phân công",
    "truongphong1": "Trưởng phòng nghiệp vụ cấp tỉnh",
    "vtkv1": "Thủ trưởng đơn vị khu vực",
    "vtkv2": "Thủ trưởng đơn vị ngang cấp (so sánh)",
    "ksv1": "Kiểm sát viên: việc của mình",
    "tccb": "Phòng Tổ chức cán bộ: đào tạo, đánh giá, chuyên đề",
    "vanphong": "Văn phòng, thống kê: số liệu, báo cáo",
    "thanhtra": "Thanh tra: kết luận, kiểm tra khắc phục",
}


def _date_between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    """A date drawn uniformly between two dates, both included."""
    return dt.date.fromordinal(rng.randint(low.toordinal(), high.toordinal()))


@dataclass
class _Drawer:
    """Draws fictional people in a fixed order from one seeded generator."""

    rng: random.Random = field(default_factory=lambda: random.Random(SEED))  # noqa: S311
    people: list[PersonSpec] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def name(self, gender: str) -> str:
        """A full name not drawn before."""
        families = [name for name, _ in FAMILY_NAMES]
        weights = [weight for _, weight in FAMILY_NAMES]
        while True:
            family = self.rng.choices(families, weights)[0]
            middle = self.rng.choice(MIDDLE_NAMES[gender])
            given = self.rng.choice(GIVEN_NAMES[gender])
            full_name = f"{family} {middle} {given}"
            # Names shown in pickers must tell people apart.
            if middle != given and full_name not in self.names:
                self.names.add(full_name)
                return full_name

    def position(self, profile: str) -> str:
        codes = [code for code, _ in PROFILES[profile]]
        weights = [weight for _, weight in PROFILES[profile]]
        return self.rng.choices(codes, weights)[0]

    def start(self, low: dt.date, high: dt.date) -> dt.date:
        return _date_between(self.rng, low, high)

    def add(self, unit: str, position: str, start: dt.date, *, leader: bool = False) -> str:
        """Draw one person with their first posting; returns their staff code."""
        gender = "m" if self.rng.random() < 0.55 else "f"
        # Nobody starts a posting younger than 23; leaders are older.
        youngest = dt.date(1980, 12, 31) if leader else dt.date(start.year - 23, 12, 31)
        spec = PersonSpec(
            staff_code=f"demo-{len(self.people) + 1:04d}",
            full_name=self.name(gender),
            gender=gender,
            birth_date=_date_between(self.rng, dt.date(1966, 1, 1), youngest),
            unit=unit,
            position=position,
            start=start,
        )
        self.people.append(spec)
        return spec.staff_code

    def staff_unit(
        self, unit: UnitSpec, low: dt.date, high: dt.date, *, members: int | None = None
    ) -> list[str]:
        """Head, deputies and members of one unit; returns their staff codes, head first."""
        codes = [self.add(unit.code, unit.head, self.start(low, high), leader=True)]
        codes += [
            self.add(unit.code, unit.deputy, self.start(low, high), leader=True)
            for _ in range(unit.deputies)
        ]
        count = unit.staff - len(codes) if members is None else members
        codes += [
            self.add(unit.code, self.position(unit.profile), self.start(low, high))
            for _ in range(count)
        ]
        return codes


def demo_plan() -> DemoPlan:
    """The demo province as data: the same units, people and dates on every call."""
    drawer = _Drawer()
    early, late = dt.date(2018, 1, 1), dt.date(2024, 12, 31)
    province = drawer.staff_unit(PROVINCE, early, late)
    chief, deputies = province[0], tuple(province[1:])
    heads: dict[str, str] = {}
    for department in DEPARTMENTS:
        # Phòng 1 gains a prosecutor from KV3 later (the transfer), so it is drawn one short.
        arriving = 1 if department.code == TRANSFER_TO else 0
        members = department.staff - 1 - department.deputies - arriving
        heads[department.code] = drawer.staff_unit(
            department, early, dt.date(2025, 11, 30), members=members
        )[0]
    old_heads = [drawer.staff_unit(unit, early, late)[0] for unit in OLD_UNITS]
    ksv1 = ""
    for regional in REGIONAL[:-1]:
        leaders = drawer.staff_unit(regional, RESTRUCTURED_ON, RESTRUCTURED_ON, members=0)
        heads[regional.code] = leaders[0]
        teams = [team for team in TEAMS if team.parent == regional.code]
        direct = regional.staff - len(leaders) - sum(team.staff for team in teams)
        if regional.code == "demo-kv1":
            # The account `ksv1` must be a prosecutor posted in KV1 itself, not in a team.
            ksv1 = drawer.add(regional.code, "ksv-trung-cap", RESTRUCTURED_ON)
            direct -= 1
        for _ in range(direct):
            # Most regional staff arrived with the reorganisation; some joined later that year.
            joined = drawer.start(dt.date(2025, 7, 2), dt.date(2025, 12, 31))
            start = joined if drawer.rng.random() < 0.15 else RESTRUCTURED_ON
            drawer.add(regional.code, drawer.position("regional"), start)
        for team in teams:
            if team.code == CONCURRENT_TEAM:
                for _ in range(team.staff):
                    drawer.add(team.code, drawer.position("team"), RESTRUCTURED_ON)
            else:
                drawer.staff_unit(team, RESTRUCTURED_ON, RESTRUCTURED_ON)
    kv1_deputy = next(
        person.staff_code
        for person in drawer.people
        if person.unit == "demo-kv1" and person.position == "pho-vien-truong"
    )
    moved = drawer.add("demo-kv3", "ksv-trung-cap", RESTRUCTURED_ON)
    return DemoPlan(
        province=PROVINCE,
        departments=DEPARTMENTS,
        old_units=OLD_UNITS,
        regional=REGIONAL,
        teams=TEAMS,
        people=tuple(drawer.people),
        postings=(
            # The merge does not carry heads over; the new unit's decision names its leaders.
            PostingSpec(old_heads[0], "demo-kv6", "vien-truong", RESTRUCTURED_ON, MERGE_DECISION),
            PostingSpec(
                old_heads[1], "demo-kv6", "pho-vien-truong", RESTRUCTURED_ON, MERGE_DECISION
            ),
            PostingSpec(kv1_deputy, CONCURRENT_TEAM, "to-truong", RESTRUCTURED_ON, concurrent=True),
        ),
        transfer=PostingSpec(moved, TRANSFER_TO, "ksv-trung-cap", TRANSFER_ON, TRANSFER_DECISION),
        chief=chief,
        deputies=deputies,
        portfolios=tuple(
            PortfolioSpec(code, units, areas)
            for code, (units, areas) in zip(deputies, PORTFOLIO_SCOPES, strict=True)
        ),
        accounts=(
            AccountSpec("admin", ADMIN_STAFF_CODE),
            AccountSpec("vientruong", chief),
            AccountSpec("phovt1", deputies[0]),
            AccountSpec("phovt2", deputies[1]),
            AccountSpec("truongphong1", heads["demo-p1"]),
            AccountSpec("vtkv1", heads["demo-kv1"]),
            AccountSpec("vtkv2", heads["demo-kv2"]),
            AccountSpec("ksv1", ksv1),
            AccountSpec("tccb", heads["demo-tccb"]),
            AccountSpec("vanphong", heads["demo-vp"]),
            AccountSpec("thanhtra", heads["demo-tt"]),
        ),
    )


def working_year_start(on: dt.date) -> dt.date:
    """The 1 December that opens the working year containing `on` (DOMAIN.md §5)."""
    return dt.date(on.year if on.month == 12 else on.year - 1, 12, 1)


# ---------------------------------------------------------------- the builder


class DemoError(OrgError):
    """The demo cannot be loaded into this database as it stands."""


@dataclass
class SeedResult:
    """What one run created, by kind; empty when the demo was already complete."""

    created: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the command's output."""
        if not self.created:
            return f"Dữ liệu demo {PROVINCE_LABEL} đã đầy đủ; không có gì thay đổi."
        parts = ", ".join(f"{count} {kind}" for kind, count in self.created.items())
        return f"Đã nạp dữ liệu demo {PROVINCE_LABEL}: tạo mới {parts}."


@dataclass
class _Context:
    """What the builder steps share: the admin's authority, lookups and the warnings."""

    authority: Authority
    today: dt.date
    progress: Callable[[str], None]
    result: SeedResult
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    levels: dict[str, UnitLevel] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)


def _counts() -> dict[str, int]:
    """Rows of each kind the demo writes; the difference over a run is what it created."""
    models: list[tuple[str, type[Model]]] = [
        ("đơn vị", Unit),
        ("tên cũ của đơn vị", UnitName),
        ("cán bộ", Person),
        ("bố trí công tác", Posting),
        ("phân công phụ trách", Portfolio),
        ("ủy quyền", Delegation),
        ("tài khoản", get_user_model()),
    ]
    return {label: model._default_manager.count() for label, model in models}


def _silent(message: str) -> None:
    """Progress sink for callers that want none."""


def has_units() -> bool:
    """Whether the database already holds any unit (the `--if-empty` test)."""
    return bool(Unit.objects.exists())


def is_loaded() -> bool:
    """Whether the demo province is in the database."""
    return bool(Unit.objects.filter(code=PROVINCE_CODE).exists())


def build_demo(
    *, today: dt.date | None = None, progress: Callable[[str], None] = _silent
) -> SeedResult:
    """Create whatever part of the demo province is missing, in one transaction."""
    plan = demo_plan()
    today = today or timezone.localdate()
    result = SeedResult()
    before = _counts()
    with transaction.atomic():
        progress(f"Nạp dữ liệu demo: {PROVINCE_LABEL} — đơn vị và cán bộ đều hư cấu.")
        admin = _ensure_admin()
        context = _Context(
            authority=authority_for(admin, today), today=today, progress=progress, result=result
        )
        context.levels = {level.code: level for level in UnitLevel.objects.all()}
        context.positions = {position.code: position for position in Position.objects.all()}
        _ensure_admin_person(context)
        # KV6 comes last: merge_units makes it from the old units, so they need their staff first.
        _ensure_units(
            context,
            (plan.province, *plan.departments, *plan.regional[:-1], *plan.teams, *plan.old_units),
        )
        _ensure_people(context, plan.people)
        _ensure_merge(context, plan)
        _ensure_postings(context, plan.postings)
        _ensure_transfer(context, plan.transfer)
        _ensure_portfolios(context, plan)
        _ensure_delegation(context, plan)
        _ensure_accounts(context, plan.accounts)
    after = _counts()
    result.created = {
        kind: after[kind] - before[kind] for kind in after if after[kind] != before[kind]
    }
    for warning in result.warnings:
        progress(f"Lưu ý: {warning}")
    return result


def _ensure_admin() -> User:
    """The `admin` superuser whose authority builds the demo; created if missing."""
    user_model = get_user_model()
    admin = user_model.objects.filter(username="admin").first()
    if admin is None:
        admin = user_model.objects.create_superuser(
            "admin", email=f"admin@{EMAIL_DOMAIN}", password=DEMO_PASSWORD
        )
    if not admin.is_superuser:
        raise DemoError(
            "Tài khoản “admin” đã có nhưng không phải quản trị hệ thống; "
            "không nạp được dữ liệu demo."
        )
    return admin


def _ensure_admin_person(context: _Context) -> None:
    """The person the `admin` login belongs to, without any posting."""
    person = Person.objects.filter(staff_code=ADMIN_STAFF_CODE).first()
    if person is None:
        person = Person.objects.create(
            staff_code=ADMIN_STAFF_CODE,
            full_name="Quản trị hệ thống (demo)",
            email=f"{ADMIN_STAFF_CODE}@{EMAIL_DOMAIN}",
        )
        # No service registers a person without a posting; record what create_person would.
        record(
            "org.person.create",
            person,
            actor=context.authority.actor,
            changes=diff({}, snapshot(person, services.PERSON_FIELDS)),
        )
    context.people[ADMIN_STAFF_CODE] = person


def _ensure_units(context: _Context, specs: Sequence[UnitSpec]) -> None:
    """Create the missing units, parents before children (the specs are in that order)."""
    codes = [spec.code for spec in specs]
    context.units.update({unit.code: unit for unit in Unit.objects.filter(code__in=codes)})
    created = 0
    for spec in specs:
        if spec.code in context.units:
            continue
        parent = context.units[spec.parent] if spec.parent else None
        unit = services.create_unit(
            parent=parent,
            code=spec.code,
            name=spec.former_name or spec.name,
            level=context.levels[spec.level],
            authority=context.authority,
            short_name=spec.short_name,
            active_from=spec.active_from,
            note=spec.note,
        )
        if spec.former_name:
            # Created under its old name and renamed, so the history reads as a real rename.
            unit = services.update_unit(
                unit,
                expected_version=unit.version,
                authority=context.authority,
                name=spec.name,
                short_name=spec.short_name,
                level=unit.level,
                active_from=unit.active_from,
                active_to=unit.active_to,
                note=unit.note,
                renamed_on=RESTRUCTURED_ON,
                rename_decision=RENAME_DECISION,
            )
        context.units[spec.code] = unit
        created += 1
    context.progress(f"• Đơn vị: {created} mới, {len(specs) - created} đã có.")


def _audit_entry(action: str, obj: Model, actor: Actor, fields: Sequence[str]) -> AuditEntry:
    """The row `core.audit.record` writes for a creation, unsaved so it can go in bulk."""
    return AuditEntry(
        actor=actor.user if actor.user is not None and actor.user.pk else None,
        actor_label=actor.label,
        on_behalf_of=actor.on_behalf_of,
        on_behalf_of_label=actor.on_behalf_of_label,
        delegation_id=actor.delegation_id,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=diff({}, snapshot(obj, fields)),
        request_id=request_id_var.get(),
    )


def _ensure_people(context: _Context, specs: Sequence[PersonSpec]) -> None:
    """Register planned people missing from the database, each with their first posting."""
    codes = [spec.staff_code for spec in specs]
    context.people.update(
        {person.staff_code: person for person in Person.objects.filter(staff_code__in=codes)}
    )
    missing = [spec for spec in specs if spec.staff_code not in context.people]
    # Bulk inserts keep the seed (and every test that runs it) fast: create_person would cost a
    # dozen queries a head. Each row still gets the audit entry the service writes, and the
    # tests check the rules create_posting enforces (one head, one main posting at a time).
    people = Person.objects.bulk_create(
        Person(
            staff_code=spec.staff_code,
            full_name=spec.full_name,
            gender=spec.gender,
            birth_date=spec.birth_date,
            email=spec.email,
        )
        for spec in missing
    )
    postings = Posting.objects.bulk_create(
        Posting(
            person=person,
            unit=context.units[spec.unit],
            position=context.positions[spec.position],
            start=spec.start,
        )
        for spec, person in zip(missing, people, strict=True)
    )
    for person in people:
        context.people[person.staff_code] = person
    actor = context.authority.actor
    AuditEntry.objects.bulk_create(
        entry
        for person, posting in zip(people, postings, strict=True)
        for entry in (
            _audit_entry("org.person.create", person, actor, services.PERSON_FIELDS),
            _audit_entry("org.posting.create", posting, actor, services.POSTING_FIELDS),
        )
    )
    context.progress(f"• Cán bộ: {len(missing)} mới, {len(specs) - len(missing)} đã có.")


def _ensure_merge(context: _Context, plan: DemoPlan) -> None:
    """Merge the two old units into KV6 from 01/07/2025, unless KV6 exists."""
    spec = plan.regional[-1]
    existing = Unit.objects.filter(code=spec.code).first()
    if existing is not None:
        context.units[spec.code] = existing
        return
    context.units[spec.code] = services.merge_units(
        [context.units[old.code] for old in plan.old_units],
        parent=context.units[spec.parent],
        code=spec.code,
        name=spec.name,
        level=context.levels[spec.level],
        on=RESTRUCTURED_ON,
        authority=context.authority,
        decision=MERGE_DECISION,
    )
    # merge_units writes the decision as the note; keep the demo label and short name too.
    unit = context.units[spec.code]
    context.units[spec.code] = services.update_unit(
        unit,
        expected_version=unit.version,
        authority=context.authority,
        name=unit.name,
        short_name=spec.short_name,
        level=unit.level,
        active_from=unit.active_from,
        active_to=unit.active_to,
        note=f"{UNIT_NOTE} {MERGE_DECISION}.",
    )
    context.progress(
        f"• Hợp nhất {' và '.join(old.name for old in plan.old_units)} thành {spec.name} "
        f"từ ngày {RESTRUCTURED_ON:%d/%m/%Y}."
    )


def _ensure_postings(context: _Context, specs: Sequence[PostingSpec]) -> None:
    """Add the further postings (KV6 leaders, the kiêm nhiệm) that are not there yet."""
    for spec in specs:
        person, unit = context.people[spec.staff_code], context.units[spec.unit]
        if Posting.objects.filter(person=person, unit=unit, start=spec.start).exists():
            continue
        services.create_posting(
            person=person,
            unit=unit,
            position=context.positions[spec.position],
            start=spec.start,
            authority=context.authority,
            concurrent=spec.concurrent,
            decision=spec.decision,
        )


def _ensure_transfer(context: _Context, spec: PostingSpec) -> None:
    """Move the planned prosecutor from KV3 to Phòng 1, unless already there."""
    person, to_unit = context.people[spec.staff_code], context.units[spec.unit]
    if Posting.objects.filter(person=person, unit=to_unit).exists():
        return
    current = Posting.objects.current(spec.start - dt.timedelta(days=1)).get(
        person=person, concurrent=False
    )
    services.transfer_person(
        current,
        to_unit=to_unit,
        position=context.positions[spec.position],
        on=spec.start,
        authority=context.authority,
        decision=spec.decision,
    )
    context.progress(
        f"• Điều động {person} từ {current.unit.short_name} sang {to_unit.short_name} "
        f"từ ngày {spec.start:%d/%m/%Y}."
    )


def _ensure_portfolios(context: _Context, plan: DemoPlan) -> None:
    """Assign each deputy chief their portfolio for the working year, once."""
    province = context.units[plan.province.code]
    areas = {area.code: area for area in WorkArea.objects.all()}
    for spec in plan.portfolios:
        deputy = context.people[spec.staff_code]
        if Portfolio.objects.filter(
            deputy=deputy, unit=province, decision=PORTFOLIO_DECISION
        ).exists():
            continue
        services.assign_portfolio(
            deputy=deputy,
            unit=province,
            units=[context.units[code] for code in spec.units],
            work_areas=[areas[code] for code in spec.work_areas],
            start=working_year_start(context.today),
            authority=context.authority,
            decision=PORTFOLIO_DECISION,
        )


def _ensure_delegation(context: _Context, plan: DemoPlan) -> None:
    """Register the Chief's delegation to deputy chief #1, once (keyed on its number)."""
    if Delegation.objects.filter(instrument_number=DELEGATION_NUMBER).exists():
        return
    # A window around the day of seeding, so a fresh demo always shows a delegation in force.
    start = context.today - dt.timedelta(days=10)
    services.grant_delegation(
        grantor=context.people[plan.chief],
        grantee=context.people[plan.deputies[0]],
        powers=[Power.VIEW, Power.DIRECT, Power.APPROVE],
        units=[context.units[plan.province.code]],
        start=start,
        end=context.today + dt.timedelta(days=20),
        instrument_number=DELEGATION_NUMBER,
        instrument_date=start,
        authority=context.authority,
        note="Ủy quyền giả định (demo).",
    )


def _ensure_accounts(context: _Context, specs: Sequence[AccountSpec]) -> None:
    """Create and link the demo logins; never take over an account that already exists."""
    user_model = get_user_model()
    users = {
        u.username: u for u in user_model.objects.filter(username__in=[s.username for s in specs])
    }
    for spec in specs:
        person = context.people[spec.staff_code]
        user = users.get(spec.username)
        if user is None:
            if person.user_id is not None:
                context.result.warnings.append(
                    f"{person} đã có tài khoản khác; không tạo “{spec.username}”."
                )
                continue
            user = user_model.objects.create_user(
                spec.username, email=person.email, password=DEMO_PASSWORD
            )
        if person.user_id == user.pk:
            continue
        if person.user_id is not None or Person.objects.filter(user=user).exists():
            context.result.warnings.append(
                f"Tài khoản “{spec.username}” đã có sẵn và không gắn với cán bộ demo; giữ nguyên."
            )
            continue
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        # No service links accounts yet; the audit trail still shows who got a login.
        record(
            "org.person.update",
            person,
            actor=context.authority.actor,
            changes={"user": [None, spec.username]},
        )


# ---------------------------------------------------------------- the demo logins


@dataclass(frozen=True)
class DemoLogin:
    """One row of the demo login table."""

    username: str
    password: str
    full_name: str
    position: str
    unit: str
    archetype: str


def demo_logins(on: dt.date | None = None) -> list[DemoLogin]:
    """The archetype accounts of the demo province with who they are on `on` (4 queries)."""
    on = on or timezone.localdate()
    specs = demo_plan().accounts
    people = {
        person.staff_code: person
        for person in Person.objects.filter(
            staff_code__in=[spec.staff_code for spec in specs]
        ).select_related("user")
    }
    main: dict[int, Posting] = {}
    postings = (
        Posting.objects.current(on)
        .filter(person__in=list(people.values()))
        .select_related("unit", "position")
        .order_by("concurrent", "position__rank", "start")  # main posting first, as in access
    )
    for posting in postings:
        main.setdefault(posting.person_id, posting)
    user_model = get_user_model()
    taken = set(
        user_model.objects.filter(username__in=[spec.username for spec in specs]).values_list(
            "username", flat=True
        )
    )
    rows = []
    for spec in specs:
        person = people.get(spec.staff_code)
        if person is None:
            continue
        linked = person.user is not None and person.user.get_username() == spec.username
        if linked:
            shown = DEMO_PASSWORD
        elif spec.username in taken:
            shown = "(tài khoản có sẵn, không phải demo)"
        else:
            shown = "(chưa tạo)"
        held = main.get(person.pk)
        rows.append(
            DemoLogin(
                username=spec.username,
                password=shown,
                full_name=person.full_name,
                position=held.position.name if held else "—",
                unit=(held.unit.short_name or held.unit.name) if held else "—",
                archetype=spec.archetype,
            )
        )
    return rows


def logins_text(on: dt.date | None = None) -> str:
    """The demo logins as a plain-text table, or a line saying the demo is not loaded."""
    if not is_loaded():
        return f"Chưa có dữ liệu demo ({PROVINCE_LABEL}). Nạp bằng lệnh: python manage.py seed_demo"
    headers = ("Tài khoản", "Mật khẩu", "Họ và tên", "Chức vụ", "Đơn vị", "Dùng để thử")
    table = [headers] + [
        (row.username, row.password, row.full_name, row.position, row.unit, row.archetype)
        for row in demo_logins(on)
    ]
    widths = [max(len(line[column]) for line in table) for column in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    return "\n".join(
        [
            f"Tài khoản demo — {PROVINCE_LABEL}",
            f"Mật khẩu “{DEMO_PASSWORD}” chỉ dùng cho dữ liệu demo; "
            "đừng dùng dữ liệu hay mật khẩu này cho hệ thống thật.",
            "",
            line(headers).rstrip(),
            line(["-" * width for width in widths]).rstrip(),
            *(line(cells).rstrip() for cells in table[1:]),
        ]
    )
