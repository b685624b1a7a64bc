"""Fixtures for the knowledge tests: the root `org` plus a personnel department and the
province's guidance document.

    Tỉnh Thử                       issuer of the guidance document
    ├── Phòng TCCB (personnel)     head: tccb_head; specialist: tccb_staff — the keeper
    ├── Phòng 1, KV1 (+ Tổ 1), KV2 as in the root conftest
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from conftest import Org
from dieuhanh.core.periods import Month
from dieuhanh.knowledge import services
from dieuhanh.knowledge.models import GuidanceDocument, Seminar
from dieuhanh.org.access import Authority, authority_for
from dieuhanh.org.models import Person, Unit, WorkArea
from dieuhanh.org.tests.factories import PersonFactory, make_unit, post
from dieuhanh.plans.models import Figure, StatItem


@dataclass
class Knowledge:
    org: Org
    personnel: Unit
    tccb_head: Person
    tccb_staff: Person
    document: GuidanceDocument

    def __getattr__(self, name: str) -> Any:
        return getattr(self.org, name)

    def auth(self, person: Person) -> Authority:
        return authority_for(person.user, on=self.org.today)


def area(code: str) -> WorkArea:
    return WorkArea.objects.get(code=code)


@pytest.fixture
def kn(org: Org) -> Knowledge:
    personnel = make_unit("tccb", "Phòng Tổ chức cán bộ", "phong", org.province)
    tccb_head = PersonFactory(staff_code="tccb-head", full_name="Lý Thị Cán")
    tccb_staff = PersonFactory(staff_code="tccb-staff", full_name="Mai Văn Bộ")
    start = org.today.replace(year=org.today.year - 2)
    post(tccb_head, personnel, "truong-phong", start)
    post(tccb_staff, personnel, "chuyen-vien", start)
    document = services.create_document(
        authority=authority_for(org.chief.user, on=org.today),
        title="Chuyên đề quản lý, chỉ đạo, điều hành",
        issuer=org.province,
        keeper=personnel,
        place="Thử",
        issuer_superior="VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
    )
    return Knowledge(
        org=org,
        personnel=personnel,
        tccb_head=tccb_head,
        tccb_staff=tccb_staff,
        document=document,
    )


def make_seminar(kn: Knowledge, *, by: Person | None = None, **extra: Any) -> Seminar:
    values: dict[str, Any] = {
        "title": "Tọa đàm kinh nghiệm quản lý, chỉ đạo, điều hành",
        "date": kn.org.today,
        "chair": kn.org.chief,
        "units": [kn.org.kv1, kn.org.kv2, kn.org.department],
    }
    values.update(extra)
    return services.create_seminar(authority=kn.auth(by or kn.org.chief), **values)


def add_figures(unit: Unit, monthly: int, *, through: Month, code: str = "TB_MOI") -> None:
    """`monthly` caseload items for each of the twelve months up to `through`."""
    item = StatItem.objects.get(code=code)
    Figure.objects.bulk_create(
        Figure(unit=unit, item=item, month=through.shift(-offset).key, value=Decimal(monthly))
        for offset in range(12)
    )
