"""`manage.py seed_demo_knowledge`: the demo seminar, its contributions and the guidance document
in two versions (after `seed_demo` and `seed_demo_figures`), then the demo resolution when
`dieuhanh.knowledge.demo.resolution` exists. Running it again creates nothing."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dieuhanh.core.errors import DomainError
from dieuhanh.knowledge.demo.seminar import build_demo_knowledge, is_loaded

RESOLUTION_MODULE = "dieuhanh.knowledge.demo.resolution"


def resolution_builder() -> Callable[..., object] | None:
    """`build_demo_resolution` of the resolution demo, if that module exists."""
    if importlib.util.find_spec(RESOLUTION_MODULE) is None:
        return None
    module: Any = importlib.import_module(RESOLUTION_MODULE)
    builder: Callable[..., object] = module.build_demo_resolution
    return builder


class Command(BaseCommand):
    help = (
        "Nạp tọa đàm, ý kiến, cách làm hay, chuyên đề hai phiên bản (và nghị quyết chuyên đề) "
        "giả định của tỉnh demo. Không làm gì nếu đã nạp."
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
        today: dt.date = options["today"] or timezone.localdate()
        try:
            result = build_demo_knowledge(today=today, progress=self.stdout.write)
            if result.skipped:
                self.stdout.write(result.summary())
            else:
                self.stdout.write(self.style.SUCCESS(result.summary()))
            builder = resolution_builder()
            # The resolution is drawn from the seminar and the guidance: only once they exist.
            if builder is not None and is_loaded():
                self._report(builder(today=today))
        except DomainError as error:
            raise CommandError(error.message) from error

    def _report(self, outcome: object) -> None:
        """Print what the resolution step returned: a result with `summary()`, or text."""
        summary = getattr(outcome, "summary", None)
        if callable(summary):
            self.stdout.write(str(summary()))
        elif isinstance(outcome, str) and outcome:
            self.stdout.write(outcome)
