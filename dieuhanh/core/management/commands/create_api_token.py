"""`manage.py create_api_token <username> --name "<label>"`: issue a token, print it once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.errors import DomainError
from dieuhanh.core.tokens import issue_api_token


class Command(BaseCommand):
    help = (
        "Cấp một khóa API cho tài khoản; khóa chỉ được in ra một lần, "
        "hệ thống chỉ lưu mã băm của nó."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Tên đăng nhập của tài khoản dùng khóa.")
        parser.add_argument(
            "--name", required=True, help="Tên gợi nhớ của khóa, ví dụ hệ thống sẽ dùng nó."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        username: str = options["username"]
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist as error:
            raise CommandError(f"Không có tài khoản “{username}”.") from error
        try:
            token, raw = issue_api_token(user, name=options["name"])
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stderr.write(
            f"Đã cấp khóa API “{token.name}” ({token.prefix}…) cho {username}. "
            "Hãy lưu khóa dưới đây ngay: nó sẽ không được hiển thị lại."
        )
        self.stdout.write(raw)
