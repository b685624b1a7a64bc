"""The demo logins: the archetype accounts of the demo province, for the login page and banner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from dieuhanh.org.demo.data import DEMO_PASSWORD, PROVINCE_CODE, PROVINCE_LABEL, demo_plan
from dieuhanh.org.models import Person, Posting, Unit


@dataclass(frozen=True)
class DemoLogin:
    """One row of the demo login table."""

    username: str
    password: str
    full_name: str
    position: str
    unit: str
    archetype: str


def is_loaded() -> bool:
    """Whether the demo province is in the database."""
    return bool(Unit.objects.filter(code=PROVINCE_CODE).exists())


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
