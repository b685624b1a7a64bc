"""Load the demo province's figures and programme (after `seed_demo`)."""

from typing import Any

from django.core.management.base import BaseCommand

from dieuhanh.plans.demo import build_demo_figures


class Command(BaseCommand):
    help = "Nạp hai năm số liệu tháng và chương trình công tác của tỉnh demo (không nhân đôi)."

    def handle(self, *args: Any, **options: Any) -> None:
        build_demo_figures(progress=self.stdout.write)
