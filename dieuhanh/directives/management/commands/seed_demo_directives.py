"""`manage.py seed_demo_directives`: a working year of demo directives (after `seed_demo`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.errors import DomainError
from dieuhanh.directives.demo import build_demo_directives


class Command(BaseCommand):
    help = (
        "Nạp một năm công tác chỉ đạo, nhiệm vụ giả định của tỉnh demo (sau seed_demo). "
        "Không làm gì nếu đã nạp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Ngày nạp (YYYY-MM-DD); các ngày của dữ liệu tính lùi từ ngày này. "
            "Mặc định: hôm nay.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = build_demo_directives(today=options["today"], progress=self.stdout.write)
        except DomainError as error:
            raise CommandError(error.message) from error
        if result.skipped:
            self.stdout.write(result.summary())
        else:
            self.stdout.write(self.style.SUCCESS(result.summary()))
