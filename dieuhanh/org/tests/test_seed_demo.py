"""The demo province: its shape, accounts and history, and a seed that never duplicates."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from dieuhanh.core.models import AuditEntry
from dieuhanh.org import demo
from dieuhanh.org.access import authority_for
from dieuhanh.org.models import (
    Delegation,
    Person,
    Portfolio,
    PositionRole,
    Posting,
    Power,
    Unit,
    UnitName,
)
from dieuhanh.org.tests.factories import make_unit

User = get_user_model()

USERNAMES = [
    "admin",
    "vientruong",
    "phovt1",
    "phovt2",
    "truongphong1",
    "vtkv1",
    "vtkv2",
    "ksv1",
    "tccb",
    "vanphong",
    "thanhtra",
]


def counts():
    return {
        "units": Unit.objects.count(),
        "unit_names": UnitName.objects.count(),
        "people": Person.objects.count(),
        "postings": Posting.objects.count(),
        "portfolios": Portfolio.objects.count(),
        "delegations": Delegation.objects.count(),
        "users": User.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def staff(code, on):
    """People with a current posting in the unit or below it (a kiêm nhiệm counts once)."""
    unit = Unit.objects.get(code=code)
    postings = Posting.objects.current(on).filter(unit__path__startswith=unit.path)
    return postings.values("person").distinct().count()


def person_of(username):
    return Person.objects.get(user__username=username)


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    demo.build_demo()


def test_seeding_twice_creates_nothing_the_second_time(db):
    # Given an empty database, seeded once through the command (--if-empty lets it through)
    first = run("seed_demo", "--if-empty")
    after_first = counts()
    # When the command runs again
    second = run("seed_demo")
    # Then nothing was added or changed, not even an audit row
    assert counts() == after_first
    assert after_first == {
        "units": 24,
        "unit_names": 1,
        "people": 196,
        "postings": 205,
        "portfolios": 3,
        "delegations": 1,
        "users": 11,
        "audit": after_first["audit"],
    }
    assert "tạo mới 24 đơn vị, 1 tên cũ của đơn vị, 196 cán bộ, 205 bố trí công tác" in first
    assert "đã đầy đủ; không có gì thay đổi" in second
    # And no posting is recorded twice
    duplicates = (
        Posting.objects.values("person", "unit", "position", "start")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert list(duplicates) == []
    # And both runs end with the login table
    assert "vtkv1" in second
    assert "demo12345" in second


def test_if_empty_skips_when_a_unit_exists(db):
    # Given a database with one unit of its own
    make_unit("tinh-that", "VKSND tỉnh Thật", "tinh")
    # When the demo is seeded with --if-empty
    output = run("seed_demo", "--if-empty")
    # Then it says so and creates nothing
    assert output == "Cơ sở dữ liệu đã có đơn vị; bỏ qua việc nạp dữ liệu demo.\n"
    assert list(Unit.objects.values_list("code", flat=True)) == ["tinh-that"]
    assert User.objects.count() == 0


def test_demo_logins_says_when_the_demo_is_not_loaded(db):
    # Given no demo province; when the logins are asked for
    output = run("demo_logins")
    # Then the command says how to load it
    assert output == (
        "Chưa có dữ liệu demo (Tỉnh Sông Hồng (DEMO)). Nạp bằng lệnh: python manage.py seed_demo\n"
    )


def test_plan_is_deterministic_and_fictional():
    # Given the plan drawn twice from the fixed seed
    first, second = demo.demo_plan(), demo.demo_plan()
    # Then both draws are the same, with distinct names and sequential staff codes
    assert first == second
    names = [person.full_name for person in first.people]
    assert len(names) == len(set(names)) == 195
    assert [p.staff_code for p in first.people][:2] == ["demo-0001", "demo-0002"]
    assert first.people[-1].staff_code == "demo-0195"
    assert all(p.email == f"{p.staff_code}@demo.invalid" for p in first.people)


def test_province_shape_and_staff_counts(seeded):
    today = timezone.localdate()
    province = Unit.objects.get(code="demo-tinh")
    # The province is labelled as demo
    assert province.name == "VKSND tỉnh Sông Hồng (demo)"
    assert province.level.code == "tinh"
    assert "demo" in province.note
    # Six regional units today, sized 30 > 22 > 16 > 12 > 10 > 8
    regional = Unit.objects.active_on(today).filter(level__code="khu-vuc").order_by("code")
    assert [(u.code, staff(u.code, today)) for u in regional] == [
        ("demo-kv1", 30),
        ("demo-kv2", 22),
        ("demo-kv3", 16),
        ("demo-kv4", 12),
        ("demo-kv5", 10),
        ("demo-kv6", 8),
    ]
    # The two largest have two teams each
    teams = Unit.objects.filter(level__code="to").order_by("code")
    assert [(t.code, Unit.objects.get_parent(t).code) for t in teams] == [
        ("demo-kv1-dshc", "demo-kv1"),
        ("demo-kv1-hs", "demo-kv1"),
        ("demo-kv2-dshc", "demo-kv2"),
        ("demo-kv2-hs", "demo-kv2"),
    ]
    # Departments, office and inspectorate with their staff today
    departments = Unit.objects.filter(level__code="phong").order_by("path")
    assert {d.code: staff(d.code, today) for d in departments} == {
        "demo-p1": 14,
        "demo-p2": 12,
        "demo-p7": 9,
        "demo-p8": 7,
        "demo-p9": 8,
        "demo-p10": 7,
        "demo-p11": 6,
        "demo-p12": 4,
        "demo-tccb": 6,
        "demo-tt": 4,
        "demo-vp": 16,
    }
    assert Person.objects.count() == 196


def test_leadership_portfolios_and_delegation(seeded):
    today = timezone.localdate()
    current = Posting.objects.current(today)
    chief, deputy1 = person_of("vientruong"), person_of("phovt1")
    # One Chief and three deputy chiefs at the province
    assert list(
        current.filter(unit__code="demo-tinh", position__code="vien-truong").values_list(
            "person", flat=True
        )
    ) == [chief.pk]
    deputies = current.filter(unit__code="demo-tinh", position__code="pho-vien-truong")
    assert deputies.count() == 3
    # Each deputy has one portfolio from the start of the working year
    for posting in deputies:
        portfolios = Portfolio.objects.current(today).filter(deputy=posting.person)
        assert [(p.unit.code, p.start, p.decision) for p in portfolios] == [
            ("demo-tinh", demo.working_year_start(today), "QĐ số 01/QĐ-VKS-demo")
        ]
    first = Portfolio.objects.get(deputy=deputy1)
    assert sorted(first.units.values_list("code", flat=True)) == [
        "demo-kv1",
        "demo-kv2",
        "demo-p1",
        "demo-p2",
        "demo-p7",
    ]
    # Exactly one delegation in force today: the Chief to deputy chief #1 over the province
    delegation = Delegation.objects.in_force(today).get()
    assert (delegation.grantor, delegation.grantee) == (chief, deputy1)
    assert delegation.powers == ["view", "direct", "approve"]
    assert list(delegation.units.values_list("code", flat=True)) == ["demo-tinh"]
    assert delegation.start == delegation.instrument_date == today - dt.timedelta(days=10)
    assert delegation.end == today + dt.timedelta(days=20)
    assert delegation.instrument_number == "05/QĐ-VKS (demo)"
    assert AuditEntry.objects.for_object(delegation).get().action == "org.delegation.grant"


def test_postings_keep_the_rules_the_services_enforce(seeded):
    today = timezone.localdate()
    current = Posting.objects.current(today)
    # No unit has two holders of a single-holder position (one head per unit)
    heads = (
        current.filter(position__single_holder=True)
        .values("unit", "position")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert list(heads) == []
    # Every unit active today has a head, and every department of 5 or more one deputy
    active = Unit.objects.active_on(today).filter(code__startswith="demo-")
    headed = set(current.filter(position__role=PositionRole.HEAD).values_list("unit", flat=True))
    assert [u.code for u in active if u.pk not in headed] == []
    for department in Unit.objects.filter(level__code="phong"):
        deputies = current.filter(unit=department, position__role=PositionRole.DEPUTY).count()
        assert deputies == (1 if staff(department.code, today) >= 5 else 0), department.code
    # Nobody holds two main postings at once; exactly one posting is held concurrently
    mains = current.filter(concurrent=False).values("person").annotate(n=Count("id"))
    assert [row for row in mains if row["n"] > 1] == []
    concurrent = Posting.objects.get(concurrent=True)
    assert (concurrent.unit.code, concurrent.position.code) == ("demo-kv1-hs", "to-truong")
    assert current.filter(
        person=concurrent.person, unit__code="demo-kv1", position__code="pho-vien-truong"
    ).exists()
    # Postings in post-2025 units start on or after 01/07/2025, inside the unit's dates
    regional = Posting.objects.filter(unit__level__code__in=["khu-vuc", "to"])
    assert not regional.filter(start__lt=dt.date(2025, 7, 1)).exists()
    # Every person and posting has its creation audited
    assert AuditEntry.objects.filter(action="org.person.create").count() == 196
    assert AuditEntry.objects.filter(action="org.posting.create").count() == 205


def test_each_archetype_logs_in_with_the_expected_scope(seeded):
    # Every demo account exists with the demo password
    users = {user.username: user for user in User.objects.filter(username__in=USERNAMES)}
    assert sorted(users) == sorted(USERNAMES)
    assert all(user.check_password("demo12345") for user in users.values())
    assert users["admin"].is_superuser
    assert users["admin"].is_staff
    assert not any(users[name].is_staff for name in USERNAMES[1:])
    units = {unit.code: unit for unit in Unit.objects.all()}
    # The regional head sees their unit and its teams, not the peer's
    vtkv1 = authority_for(users["vtkv1"])
    assert vtkv1.can(units["demo-kv1"], Power.VIEW)
    assert vtkv1.can(units["demo-kv1-hs"], Power.MANAGE_STAFF)
    assert not vtkv1.can(units["demo-kv2"], Power.VIEW)
    assert not authority_for(users["vtkv2"]).can(units["demo-kv1"], Power.VIEW)
    # The Chief sees every unit, history included
    assert set(
        authority_for(users["vientruong"]).units(Power.VIEW).values_list("code", flat=True)
    ) == set(units)
    # Deputy #1 directs KV3 only through the delegation; deputy #2 through the portfolio
    phovt1, phovt2 = authority_for(users["phovt1"]), authority_for(users["phovt2"])
    assert phovt1.grant_for(units["demo-kv3"], Power.DIRECT).basis == "delegation"
    assert phovt1.grant_for(units["demo-kv1"], Power.DIRECT).basis == "portfolio"
    assert phovt2.grant_for(units["demo-kv3"], Power.DIRECT).basis == "portfolio"
    assert not phovt2.can(units["demo-kv1"], Power.DIRECT)
    # The prosecutor sees KV1 but manages no one; the department head only their department
    ksv1 = authority_for(users["ksv1"])
    assert ksv1.can(units["demo-kv1"], Power.VIEW)
    assert not ksv1.can(units["demo-kv1"], Power.MANAGE_STAFF)
    truongphong1 = authority_for(users["truongphong1"])
    assert truongphong1.can(units["demo-p1"], Power.DIRECT)
    assert not truongphong1.can(units["demo-p2"], Power.VIEW)
    for username, code in [("tccb", "demo-tccb"), ("vanphong", "demo-vp"), ("thanhtra", "demo-tt")]:
        assert [g.path for g in authority_for(users[username]).grants] == [units[code].path]


def test_demo_logins_lists_every_account_with_who_it_is(seeded):
    # When the logins are printed
    rows = demo.demo_logins()
    output = run("demo_logins")
    # Then every archetype is there with its person, position and unit today
    assert [row.username for row in rows] == USERNAMES
    by_name = {row.username: row for row in rows}
    assert (by_name["vtkv1"].position, by_name["vtkv1"].unit) == ("Viện trưởng", "KV1")
    assert (by_name["phovt1"].position, by_name["phovt1"].unit) == (
        "Phó Viện trưởng",
        "VKS tỉnh Sông Hồng",
    )
    assert (by_name["ksv1"].position, by_name["ksv1"].unit) == ("Kiểm sát viên trung cấp", "KV1")
    assert (by_name["thanhtra"].position, by_name["vanphong"].position) == (
        "Chánh Thanh tra",
        "Chánh Văn phòng",
    )
    assert by_name["admin"].full_name == "Quản trị hệ thống (demo)"
    assert {row.password for row in rows} == {"demo12345"}
    assert "chỉ dùng cho dữ liệu demo" in output
    for username in USERNAMES:
        assert f"\n{username} " in output


def test_history_merge_rename_and_transfer(seeded):
    # The merged unit KV6 has the two old units as predecessors, which ended the day before
    kv6 = Unit.objects.get(code="demo-kv6")
    assert kv6.active_from == dt.date(2025, 7, 1)
    old = kv6.predecessors.order_by("code")
    assert [(u.code, u.name, u.active_to) for u in old] == [
        ("demo-kv7-cu", "VKSND khu vực 7 (cũ)", dt.date(2025, 6, 30)),
        ("demo-kv8-cu", "VKSND khu vực 8 (cũ)", dt.date(2025, 6, 30)),
    ]
    past = Posting.objects.filter(unit__in=old)
    assert past.count() == 8
    assert set(past.values_list("end", flat=True)) == {dt.date(2025, 6, 30)}
    assert AuditEntry.objects.for_object(kv6).filter(action="org.unit.merge").count() == 1
    # Phòng 7 keeps its former name until 30/06/2025
    renamed = UnitName.objects.get()
    assert (renamed.unit.code, renamed.valid_to) == ("demo-p7", dt.date(2025, 6, 30))
    assert renamed.name == "Phòng 7 – Thực hành quyền công tố, kiểm sát xét xử phúc thẩm án hình sự"
    assert renamed.unit.name == "Phòng 7 – Thực hành quyền công tố, kiểm sát xét xử phúc thẩm"
    # The transferred prosecutor left KV3 on 01/03/2026 and is in Phòng 1 from 02/03/2026
    transferred = Person.objects.get(staff_code="demo-0195")
    postings = transferred.postings.order_by("start")
    assert [(p.unit.code, p.position.code, p.start, p.end) for p in postings] == [
        ("demo-kv3", "ksv-trung-cap", dt.date(2025, 7, 1), dt.date(2026, 3, 1)),
        ("demo-p1", "ksv-trung-cap", dt.date(2026, 3, 2), None),
    ]
