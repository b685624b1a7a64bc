"""`manage.py seed_demo [--if-empty]`: load the fictional demo province (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.errors import DomainError
from dieuhanh.org import demo


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu demo: tỉnh Sông Hồng giả định với các đơn vị, cán bộ và tài khoản thử. "
        "Chạy lại nhiều lần không tạo bản trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Không làm gì nếu cơ sở dữ liệu đã có bất kỳ đơn vị nào.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and demo.has_units():
            self.stdout.write("Cơ sở dữ liệu đã có đơn vị; bỏ qua việc nạp dữ liệu demo.")
            return
        try:
            result = demo.build_demo(progress=self.stdout.write)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(result.summary()))
        self.stdout.write("")
        self.stdout.write(demo.logins_text())
