"""Shared fixtures: a small organisation and the archetype users of the permission matrix.

    Tỉnh Thử (province)            Chief: chief; deputy: deputy (portfolio: KV1 + work area XXHS)
    ├── Phòng 1 (department)       head: dept_head
    ├── KV1 (regional)             head: unit_head; prosecutor: prosecutor
    │   └── Tổ 1 (team)            member: team_member
    └── KV2 (regional, sibling)    head: peer
Delegations from the Chief: `delegate` holds DIRECT+APPROVE on KV2 now; `past_delegate` held
the same until yesterday. `outsider` has a login and no posting; `admin` is a superuser.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from dieuhanh.org.models import Delegation, Person, Portfolio, Power, Unit, WorkArea
from dieuhanh.org.tests.factories import PersonFactory, UserFactory, make_unit, post


@dataclass
class Org:
    today: dt.date
    province: Unit
    department: Unit
    kv1: Unit
    team: Unit
    kv2: Unit
    chief: Person
    deputy: Person
    dept_head: Person
    unit_head: Person
    prosecutor: Person
    team_member: Person
    peer: Person
    delegate: Person
    past_delegate: Person
    outsider: Person
    admin: Person
    delegation: Delegation
    past_delegation: Delegation
    portfolio: Portfolio


ARCHETYPES = [
    "unit_head",
    "chief",
    "peer",
    "deputy",
    "delegate",
    "past_delegate",
    "outsider",
    "admin",
]


@pytest.fixture
def org(db: None) -> Org:
    today = timezone.localdate()
    start = today - dt.timedelta(days=400)
    province = make_unit("tinh-thu", "VKSND tỉnh Thử", "tinh", short_name="VKS tỉnh")
    department = make_unit("phong-1", "Phòng 1", "phong", province)
    kv1 = make_unit("kv1", "VKSND khu vực 1", "khu-vuc", province, short_name="KV1")
    team = make_unit("kv1-to1", "Tổ 1 KV1", "to", kv1)
    kv2 = make_unit("kv2", "VKSND khu vực 2", "khu-vuc", province, short_name="KV2")
    people = {
        name: PersonFactory(staff_code=name.replace("_", "-"), full_name=label)
        for name, label in [
            ("chief", "Trần Văn Trưởng"),
            ("deputy", "Lê Thị Phó"),
            ("dept_head", "Phạm Văn Phòng"),
            ("unit_head", "Nguyễn Văn Khu"),
            ("prosecutor", "Đỗ Thị Kiểm"),
            ("team_member", "Vũ Văn Tổ"),
            ("peer", "Hoàng Văn Bên"),
            ("delegate", "Bùi Thị Ủy"),
            ("past_delegate", "Đặng Văn Cũ"),
            ("outsider", "Ngô Văn Ngoài"),
        ]
    }
    post(people["chief"], province, "vien-truong", start)
    post(people["deputy"], province, "pho-vien-truong", start)
    post(people["dept_head"], department, "truong-phong", start)
    post(people["unit_head"], kv1, "vien-truong", start)
    post(people["prosecutor"], kv1, "ksv-trung-cap", start)
    post(people["team_member"], team, "chuyen-vien", start)
    post(people["peer"], kv2, "vien-truong", start)
    post(people["delegate"], department, "ksv-cao-cap", start)
    post(people["past_delegate"], department, "ksv-trung-cap", start)
    admin_user = UserFactory(username="admin", is_superuser=True, is_staff=True)
    admin = Person.objects.create(
        staff_code="admin", full_name="Quản trị Hệ thống", user=admin_user
    )
    portfolio = Portfolio.objects.create(deputy=people["deputy"], unit=province, start=start)
    portfolio.units.set([kv1])
    portfolio.work_areas.set([WorkArea.objects.get(code="XXHS")])
    delegation = Delegation.objects.create(
        grantor=people["chief"],
        grantee=people["delegate"],
        powers=[Power.VIEW, Power.DIRECT, Power.APPROVE],
        start=today - dt.timedelta(days=5),
        end=today + dt.timedelta(days=5),
        instrument_number="01/QĐ-VKS",
        instrument_date=today - dt.timedelta(days=6),
    )
    delegation.units.set([kv2])
    past = Delegation.objects.create(
        grantor=people["chief"],
        grantee=people["past_delegate"],
        powers=[Power.VIEW, Power.DIRECT, Power.APPROVE],
        start=today - dt.timedelta(days=30),
        end=today - dt.timedelta(days=1),
        instrument_number="02/QĐ-VKS",
        instrument_date=today - dt.timedelta(days=31),
    )
    past.units.set([kv2])
    return Org(
        today=today,
        province=province,
        department=department,
        kv1=kv1,
        team=team,
        kv2=kv2,
        admin=admin,
        delegation=delegation,
        past_delegation=past,
        portfolio=portfolio,
        **people,
    )
