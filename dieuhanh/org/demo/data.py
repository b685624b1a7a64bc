"""The demo province “Tỉnh Sông Hồng (DEMO)” as data: fictional units, people and accounts.

`demo_plan()` is pure and deterministic (one `random.Random(2026)`), so every run draws the same
people; nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

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
