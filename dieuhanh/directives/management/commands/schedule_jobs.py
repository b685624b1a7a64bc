"""Queue the periodic jobs (the daily round of duties and reminders) unless already queued."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from dieuhanh.directives import jobs


class Command(BaseCommand):
    help = (
        "Xếp lịch vòng việc hằng ngày (tạo nhiệm vụ định kỳ, gửi nhắc việc) cho tiến trình nền; "
        "chạy nhiều lần cũng chỉ có một vòng chờ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--run-now",
            action="store_true",
            help="Chạy ngay vòng việc hôm nay trong tiến trình này (không qua tiến trình nền).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["run_now"]:
            result = jobs.daily_round.call()
            self.stdout.write(f"Đã chạy vòng việc hôm nay: {result}")
            return
        now = timezone.now()
        when = jobs.schedule_daily_round(now=now, at_start=True)
        if when is None:
            self.stdout.write("Vòng việc hằng ngày đã có trong hàng đợi (hoặc không cần xếp lịch).")
        elif when == now:
            self.stdout.write("Đã xếp vòng việc hằng ngày: chạy ngay khi tiến trình nền khởi động.")
        else:
            local = timezone.localtime(when)
            self.stdout.write(f"Đã xếp vòng việc hằng ngày lúc {local:%H:%M %d/%m/%Y}.")
