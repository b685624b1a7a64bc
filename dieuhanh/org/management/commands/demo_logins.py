"""`manage.py demo_logins`: print the demo accounts and who they are."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dieuhanh.org import demo


class Command(BaseCommand):
    help = "In danh sách tài khoản demo (tên đăng nhập, mật khẩu, người dùng, vai trò thử)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(demo.logins_text())
