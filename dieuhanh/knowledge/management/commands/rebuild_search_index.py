"""Rebuild the knowledge search index from the contributions, practices and guidance."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from dieuhanh.knowledge.indexing import rebuild_index


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm ý kiến, cách làm hay và chuyên đề."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            rows = rebuild_index()
        self.stdout.write(f"Đã ghi {rows} mục vào chỉ mục tìm kiếm.")
