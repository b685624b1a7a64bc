"""Bring into force the guidance versions whose date has come (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from dieuhanh.knowledge.services import activate_due_versions


class Command(BaseCommand):
    help = "Đưa vào áp dụng các phiên bản chuyên đề đã phê duyệt khi đến ngày có hiệu lực."

    def handle(self, *args: Any, **options: Any) -> None:
        done = activate_due_versions()
        for version in done:
            self.stdout.write(f"Có hiệu lực: {version}")
        self.stdout.write(f"{len(done)} phiên bản được đưa vào áp dụng.")
