"""A national-scale organisation for benchmarks, built in a few seconds.

The shape follows the sector since 1 July 2025: 34 provincial procuracies (level `tinh`), each
with 11 or 12 departments (`phong`) and about 10 regional procuracies (`khu-vuc`), 355
regional units and 790 units in all. A province has a Chief, three deputies and about 110
staff in its departments; a regional unit has a head, one or two deputies and 20–30 staff.
That is about 12,600 current staff; with the ~3,400 people who left in the years since the
reform (their postings ended) the database holds about 16,000 people. Provincial deputies
have portfolios (phân công), so do half of the regional deputies; Chiefs and every fifth
regional head have delegations (ủy quyền) in force, beside expired and revoked ones.

Everything is fictional ("Tỉnh Thử nghiệm 01", made-up names) and deterministic for a seed.
Units are inserted with `bulk_create` after computing the materialised paths exactly as
treebeard's MP_Node does (`Unit._get_path`: steplen 4, alphabet 0-9A-Z); the result is checked
with `Unit.objects.find_problems()`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from dieuhanh.org.models import (
    Delegation,
    Person,
    Portfolio,
    Position,
    Posting,
    Power,
    Unit,
    UnitLevel,
    WorkArea,
)

NATIONAL_PROVINCES = 34
NATIONAL_DEPARTMENTS = 401  # 11.8 a province: with 355 regional units, 790 units in all
NATIONAL_REGIONAL_UNITS = 355
REFORM_DATE = dt.date(2025, 7, 1)  # provinces merged, regional procuracies created
FORMER_STAFF_RATIO = 0.32  # people who left since the reform, per current member
TRANSFER_RATIO = 0.10  # current members who moved once between units of their province
BATCH_SIZE = 2000

# (code suffix, name); provinces take the first 11 or 12.
DEPARTMENTS: list[tuple[str, str]] = [
    ("vp", "Văn phòng"),
    ("tt", "Thanh tra"),
    ("tccb", "Phòng Tổ chức cán bộ"),
    ("p1", "Phòng 1 – Công tố, kiểm sát án an ninh, ma túy"),
    ("p2", "Phòng 2 – Công tố, kiểm sát án trật tự xã hội"),
    ("p3", "Phòng 3 – Công tố, kiểm sát án kinh tế, tham nhũng"),
    ("p4", "Phòng 4 – Kiểm sát tạm giữ, tạm giam, thi hành án hình sự"),
    ("p5", "Phòng 5 – Kiểm sát vụ việc dân sự, hôn nhân và gia đình"),
    ("p6", "Phòng 6 – Kiểm sát vụ án hành chính, kinh doanh thương mại"),
    ("p7", "Phòng 7 – Kiểm sát thi hành án dân sự"),
    ("p8", "Phòng 8 – Kiểm sát giải quyết khiếu nại, tố cáo tư pháp"),
    ("p9", "Phòng 9 – Thống kê tội phạm và công nghệ thông tin"),
]
# Head and deputy positions by department; the others have Trưởng phòng and Phó Trưởng phòng.
DEPARTMENT_LEADERS = {
    "vp": ("chanh-van-phong", "pho-chanh-van-phong"),
    "tt": ("chanh-thanh-tra", "pho-chanh-thanh-tra"),
}
DEFAULT_LEADERS = ("truong-phong", "pho-truong-phong")
PROVINCIAL_GRADES = {
    "ksv-cao-cap": 12,
    "ksv-trung-cap": 30,
    "ksv-so-cap": 8,
    "ktv-cao-cap": 3,
    "ktv-chinh": 12,
    "ktv": 10,
    "chuyen-vien": 12,
    "cong-chuc": 5,
    "vien-chuc": 3,
    "nguoi-lao-dong": 5,
}
REGIONAL_GRADES = {
    "ksv-trung-cap": 25,
    "ksv-so-cap": 30,
    "ktv-chinh": 5,
    "ktv": 20,
    "chuyen-vien": 8,
    "cong-chuc": 4,
    "nguoi-lao-dong": 8,
}
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
FAMILY_NAMES += ["Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai"]
MIDDLE_NAMES = {"m": ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân"]}
MIDDLE_NAMES["f"] = ["Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Minh", "Kim", "Phương"]
GIVEN_NAMES = {"m": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam"]}
GIVEN_NAMES["m"] += ["Phong", "Quân", "Sơn", "Tài", "Thắng", "Toàn", "Trung", "Tuấn", "Vinh"]
GIVEN_NAMES["f"] = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh"]
GIVEN_NAMES["f"] += ["Mai", "Nga", "Nhung", "Oanh", "Phượng", "Thảo", "Trang", "Vân", "Yến"]
WORK_AREA_CODES = ["TGTB", "DTRA", "XXHS", "GIAM", "DSHN", "HCKT", "THADS", "KNTC", "TKTP"]


@dataclass(frozen=True)
class Shape:
    """How many units of each kind each province gets, and how staffed units are."""

    departments: list[int]
    regional_units: list[int]
    staff_factor: float

    @property
    def provinces(self) -> int:
        return len(self.departments)


def shape_for(scale: float) -> Shape:
    """The national shape at `scale`: a share of the provinces, each staffed at that share.

    Scaling both the number of units and the staff of each unit makes every list grow with
    `scale`, which is what a query-count comparison between two scales needs.
    """
    provinces = max(1, round(NATIONAL_PROVINCES * scale))
    share = provinces / NATIONAL_PROVINCES
    departments = _spread(round(NATIONAL_DEPARTMENTS * share), provinces)
    regional = _spread(round(NATIONAL_REGIONAL_UNITS * share), provinces)
    return Shape(
        departments=[min(n, len(DEPARTMENTS)) for n in departments],
        regional_units=regional,
        staff_factor=min(1.0, scale),
    )


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


@dataclass(frozen=True)
class NationalOrg:
    """What was built, and the units and people benchmarks look at or log in as."""

    units: int
    people: int
    current_staff: int
    postings: int
    portfolios: int
    delegations: int
    delegations_in_force: int
    province: Unit
    regional_unit: Unit
    chief: Person  # Viện trưởng of the first province
    deputy: Person  # its second deputy: a portfolio and a delegation in force from the Chief
    regional_head: Person  # Viện trưởng of the province's first regional unit
    administrator: User  # a superuser with no posting: sees everything


@dataclass
class _Staffed:
    """A unit and the leaders the portfolios and delegations are given to."""

    unit: Unit
    head: Person | None = None
    deputies: list[Person] = field(default_factory=list)


class _Builder:
    """Accumulates the rows of every table, then inserts them in a few bulk statements."""

    def __init__(self, shape: Shape, *, seed: int, on: dt.date) -> None:
        self.shape = shape
        self.random = random.Random(seed)
        self.on = on
        self.reform = min(REFORM_DATE, on - dt.timedelta(days=365))
        self.levels = {level.code: level for level in UnitLevel.objects.all()}
        self.positions = {position.code: position for position in Position.objects.all()}
        self.work_areas = {area.code: area for area in WorkArea.objects.all()}
        self.units: list[Unit] = []
        self.people: list[Person] = []
        self.current: set[int] = set()  # indexes in self.people of current staff
        self.postings: list[Posting] = []
        self.provinces: list[tuple[_Staffed, list[_Staffed], list[_Staffed]]] = []
        self.units_of_province: dict[str, list[Unit]] = {}

    # Units ------------------------------------------------------------------------------

    def add_units(self) -> None:
        for index in range(self.shape.provinces):
            number = index + 1
            code = f"t{number:02d}"
            departments = DEPARTMENTS[: self.shape.departments[index]]
            regional_count = self.shape.regional_units[index]
            province = self._unit(
                Unit._get_path(None, 1, number),
                code=code,
                name=f"Viện kiểm sát nhân dân Tỉnh Thử nghiệm {number:02d}",
                short_name=f"VKS tỉnh TN{number:02d}",
                level="tinh",
                children=len(departments) + regional_count,
            )
            children = [
                self._unit(
                    Unit._get_path(province.path, 2, step),
                    code=f"{code}-{suffix}",
                    name=f"{name}, VKS tỉnh TN{number:02d}",
                    short_name=name.split(" – ")[0],
                    level="phong",
                )
                for step, (suffix, name) in enumerate(departments, start=1)
            ]
            regional = [
                self._unit(
                    Unit._get_path(province.path, 2, len(departments) + step),
                    code=f"{code}-kv{step:02d}",
                    name=f"Viện kiểm sát nhân dân khu vực {step}, Tỉnh Thử nghiệm {number:02d}",
                    short_name=f"VKS KV{step} TN{number:02d}",
                    level="khu-vuc",
                )
                for step in range(1, regional_count + 1)
            ]
            self.provinces.append(
                (
                    _Staffed(province),
                    [_Staffed(unit) for unit in children],
                    [_Staffed(unit) for unit in regional],
                )
            )
            self.units_of_province[province.code] = children + regional
        Unit.objects.bulk_create(self.units, batch_size=BATCH_SIZE)

    def _unit(
        self, path: str, *, code: str, name: str, short_name: str, level: str, children: int = 0
    ) -> Unit:
        unit = Unit(
            path=path,
            depth=len(path) // Unit.steplen,
            numchild=children,
            code=code,
            name=name,
            short_name=short_name,
            level=self.levels[level],
            active_from=self.reform,
        )
        self.units.append(unit)
        return unit

    # People and postings ----------------------------------------------------------------

    def add_staff(self) -> None:
        for province, departments, regional in self.provinces:
            self._staff_province(province, departments)
            for staffed, (suffix, _name) in zip(departments, DEPARTMENTS, strict=False):
                head, deputy = DEPARTMENT_LEADERS.get(suffix, DEFAULT_LEADERS)
                size = self.random.randint(7, 11)
                self._staff_unit(
                    staffed,
                    head=head if staffed.head is None else None,
                    deputy=deputy,
                    deputies=2 if size >= 10 else 1,
                    members=size - (3 if size >= 10 else 2),
                    grades=PROVINCIAL_GRADES,
                    province=province.unit,
                )
            for staffed in regional:
                size = self.random.randint(20, 30)
                self._staff_unit(
                    staffed,
                    head="vien-truong",
                    deputy="pho-vien-truong",
                    deputies=2 if size >= 25 else 1,
                    members=size - (3 if size >= 25 else 2),
                    grades=REGIONAL_GRADES,
                    province=province.unit,
                )

    def _staff_province(self, province: _Staffed, departments: list[_Staffed]) -> None:
        province.head = self._current(province.unit, "vien-truong", senior=True)
        province.deputies = [
            self._current(province.unit, "pho-vien-truong", senior=True) for _ in range(3)
        ]
        # The first deputy also heads the staff department (Phó Viện trưởng kiêm Trưởng phòng).
        staff_department = departments[min(2, len(departments) - 1)]
        staff_department.head = province.deputies[0]
        self._posting(province.deputies[0], staff_department.unit, "truong-phong", concurrent=True)

    def _staff_unit(
        self,
        staffed: _Staffed,
        *,
        head: str | None,
        deputy: str,
        deputies: int,
        members: int,
        grades: dict[str, int],
        province: Unit,
    ) -> None:
        if head is not None:
            staffed.head = self._current(staffed.unit, head, senior=True)
        staffed.deputies = [
            self._current(staffed.unit, deputy, senior=True) for _ in range(deputies)
        ]
        codes, weights = list(grades), list(grades.values())
        scaled = max(1, round(members * self.shape.staff_factor))
        for grade in self.random.choices(codes, weights, k=scaled):
            self._current(staffed.unit, grade, province=province)
            if self.random.random() < FORMER_STAFF_RATIO:
                self._former(staffed.unit, grade)

    def _current(
        self, unit: Unit, position: str, *, senior: bool = False, province: Unit | None = None
    ) -> Person:
        person = self._person(senior=senior)
        self.current.add(len(self.people) - 1)
        start = self.reform
        late_start = self.reform + dt.timedelta(days=60)
        if province is not None and self.random.random() < TRANSFER_RATIO:
            # Moved once since the reform: a first posting elsewhere in the province.
            start = self._date_between(late_start, self.on - dt.timedelta(days=30))
            previous = self._other_unit(province, unit)
            self._posting(person, previous, position, end=start - dt.timedelta(days=1))
        elif self.random.random() < 0.05:
            start = self._date_between(late_start, self.on - dt.timedelta(days=7))  # new hire
        self._posting(person, unit, position, start=start)
        return person

    def _former(self, unit: Unit, position: str) -> None:
        person = self._person(senior=False)
        end = self._date_between(
            self.reform + dt.timedelta(days=30), self.on - dt.timedelta(days=1)
        )
        self._posting(person, unit, position, end=end)

    def _posting(
        self,
        person: Person,
        unit: Unit,
        position: str,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        concurrent: bool = False,
    ) -> None:
        self.postings.append(
            Posting(
                person=person,
                unit=unit,
                position=self.positions[position],
                start=start or self.reform,
                end=end,
                concurrent=concurrent,
                decision=f"{self.random.randint(1, 999)}/QĐ-VKS",
            )
        )

    def _person(self, *, senior: bool) -> Person:
        gender = self.random.choice(["m", "f"])
        number = len(self.people) + 1
        age = self.random.randint(45, 58) if senior else self.random.randint(24, 60)
        person = Person(
            staff_code=f"cb{number:06d}",
            full_name=" ".join(
                [
                    self.random.choice(FAMILY_NAMES),
                    self.random.choice(MIDDLE_NAMES[gender]),
                    self.random.choice(GIVEN_NAMES[gender]),
                ]
            ),
            gender=gender,
            birth_date=self.on.replace(year=self.on.year - age, month=1, day=1)
            + dt.timedelta(days=self.random.randint(0, 364)),
            email=f"cb{number:06d}@vks.example",
        )
        self.people.append(person)
        return person

    def _other_unit(self, province: Unit, unit: Unit) -> Unit:
        others = [other for other in self.units_of_province[province.code] if other is not unit]
        return self.random.choice(others) if others else province

    def _date_between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.random.randint(0, (last - first).days))

    def save_staff(self) -> None:
        user_model = get_user_model()
        users = [
            user_model(username=self.people[index].staff_code, password=make_password(None))
            for index in sorted(self.current)
        ]
        user_model.objects.bulk_create(users, batch_size=BATCH_SIZE)
        for index, user in zip(sorted(self.current), users, strict=True):
            self.people[index].user = user
        Person.objects.bulk_create(self.people, batch_size=BATCH_SIZE)
        Posting.objects.bulk_create(self.postings, batch_size=BATCH_SIZE)

    # Portfolios and delegations ---------------------------------------------------------

    def add_portfolios(self) -> None:
        portfolios: list[Portfolio] = []
        covered: list[tuple[Portfolio, list[Unit]]] = []
        areas: list[tuple[Portfolio, list[WorkArea]]] = []
        for province, departments, regional in self.provinces:
            for number, deputy in enumerate(province.deputies):
                portfolio = Portfolio(deputy=deputy, unit=province.unit, start=self.reform)
                portfolios.append(portfolio)
                units = [s.unit for s in departments[number::3] + regional[number::3]]
                covered.append((portfolio, units))
                areas.append((portfolio, self._work_areas(1, 3)))
                # The portfolio before the current one ended when the Chief reassigned it.
                earlier = Portfolio(
                    deputy=deputy,
                    unit=province.unit,
                    start=self.reform - dt.timedelta(days=900),
                    end=self.reform - dt.timedelta(days=1),
                )
                portfolios.append(earlier)
                areas.append((earlier, self._work_areas(2, 4)))
            for staffed in regional[::2]:
                for deputy in staffed.deputies:
                    portfolio = Portfolio(deputy=deputy, unit=staffed.unit, start=self.reform)
                    portfolios.append(portfolio)
                    areas.append((portfolio, self._work_areas(2, 4)))
        Portfolio.objects.bulk_create(portfolios, batch_size=BATCH_SIZE)
        Portfolio.units.through.objects.bulk_create(
            [
                Portfolio.units.through(portfolio_id=portfolio.pk, unit_id=unit.pk)
                for portfolio, units in covered
                for unit in units
            ],
            batch_size=BATCH_SIZE,
        )
        Portfolio.work_areas.through.objects.bulk_create(
            [
                Portfolio.work_areas.through(portfolio_id=portfolio.pk, workarea_id=area.pk)
                for portfolio, chosen in areas
                for area in chosen
            ],
            batch_size=BATCH_SIZE,
        )

    def _work_areas(self, low: int, high: int) -> list[WorkArea]:
        codes = self.random.sample(WORK_AREA_CODES, self.random.randint(low, high))
        return [self.work_areas[code] for code in codes]

    def add_delegations(self) -> None:
        rows: list[tuple[Delegation, list[Unit]]] = []
        for province, _departments, regional in self.provinces:
            chief, deputies = province.head, province.deputies
            assert chief is not None  # every province is staffed with a Chief above
            units = [s.unit for s in regional[:2]] or [province.unit]
            acting = [Power.VIEW, Power.DIRECT, Power.APPROVE]
            rows.append((self._delegation(chief, deputies[1], acting, -10, 20), units))
            rows.append((self._delegation(chief, deputies[2], acting, -60, -30), units))
            revoked = self._delegation(chief, deputies[0], acting, -20, 40)
            revoked.revoked_at = timezone.now() - dt.timedelta(days=2)
            revoked.revoked_by = chief
            revoked.revocation_reason = "Viện trưởng đã trở lại làm việc"
            rows.append((revoked, units))
            for staffed in regional[::5]:
                if staffed.head is not None and staffed.deputies:
                    powers = [Power.VIEW, Power.APPROVE, Power.REPORT]
                    delegation = self._delegation(staffed.head, staffed.deputies[0], powers, -5, 10)
                    rows.append((delegation, [staffed.unit]))
        Delegation.objects.bulk_create([delegation for delegation, _ in rows])
        Delegation.units.through.objects.bulk_create(
            [
                Delegation.units.through(delegation_id=delegation.pk, unit_id=unit.pk)
                for delegation, units in rows
                for unit in units
            ],
            batch_size=BATCH_SIZE,
        )

    def _delegation(
        self, grantor: Person, grantee: Person, powers: Sequence[str], start: int, end: int
    ) -> Delegation:
        first = self.on + dt.timedelta(days=start)
        return Delegation(
            grantor=grantor,
            grantee=grantee,
            powers=[str(power) for power in powers],
            start=first,
            end=self.on + dt.timedelta(days=end),
            instrument_number=f"{self.random.randint(1, 300)}/QĐ-VKS",
            instrument_date=first - dt.timedelta(days=1),
        )


def build_national_org(
    *, scale: float = 1.0, seed: int = 2026, on: dt.date | None = None
) -> NationalOrg:
    """Build the organisation in an empty, migrated database; raise if the tree is broken."""
    on = on or timezone.localdate()
    if Unit.objects.exists():
        raise RuntimeError("The database already holds units: build into an empty database.")
    builder = _Builder(shape_for(scale), seed=seed, on=on)
    with transaction.atomic():
        builder.add_units()
        builder.add_staff()
        builder.save_staff()
        builder.add_portfolios()
        builder.add_delegations()
        administrator = get_user_model().objects.create_superuser(
            "bench-admin", "bench-admin@vks.example", None
        )
    problems = Unit.objects.find_problems()
    if any(problems):
        raise RuntimeError(f"The unit tree is inconsistent (treebeard find_problems): {problems}")
    province, _departments, regional = builder.provinces[0]
    if province.head is None or not regional or regional[0].head is None:
        raise RuntimeError("The first province has no Chief or no regional unit.")
    return NationalOrg(
        units=Unit.objects.count(),
        people=Person.objects.count(),
        current_staff=Person.objects.filter(postings__in=Posting.objects.current(on))
        .distinct()
        .count(),
        postings=Posting.objects.count(),
        portfolios=Portfolio.objects.count(),
        delegations=Delegation.objects.count(),
        delegations_in_force=Delegation.objects.in_force(on).count(),
        province=province.unit,
        regional_unit=regional[0].unit,
        chief=province.head,
        deputy=province.deputies[1],
        regional_head=regional[0].head,
        administrator=administrator,
    )
