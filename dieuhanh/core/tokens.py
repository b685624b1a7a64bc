"""Issuing and revoking API tokens: the secret is shown once and only its hash is stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from dieuhanh.core.audit import Actor, record
from dieuhanh.core.errors import Denied, DomainError
from dieuhanh.core.models import ApiToken, hash_token

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100
PREFIX_LENGTH = 8


class TokenError(DomainError):
    """A token request the rules refuse."""


@transaction.atomic
def issue_api_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """Create a token that lets a machine act as `user`; return it with the raw secret.

    The raw secret exists only in the return value: the database keeps its SHA-256 and the
    first characters (to recognise the token in lists), and the audit row neither.
    """
    name = name.strip()
    if not name:
        raise TokenError("Cần đặt tên cho khóa API (ví dụ: tên hệ thống sẽ dùng nó).", field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise TokenError(
            f"Tên khóa API dài tối đa {NAME_MAX_LENGTH} ký tự.",
            field="name",
        )
    if not user.is_active:
        raise TokenError(
            f"Tài khoản “{user.get_username()}” đã bị khóa; không cấp khóa API cho tài khoản này.",
            field="user",
        )
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:PREFIX_LENGTH], key_hash=hash_token(raw)
    )
    record(
        "core.api_token.issue",
        token,
        actor=Actor(user=user),
        changes={
            "user": [None, user.get_username()],
            "name": [None, name],
            "prefix": [None, token.prefix],
        },
    )
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by_user: User) -> ApiToken:
    """Revoke a token from now on; only its owner or an administrator may do so."""
    is_admin = bool(getattr(by_user, "is_superuser", False))
    if not is_admin and by_user.pk != token.user_id:
        raise Denied("core.api_token.revoke")
    # Lock the row so two revocations cannot both pass the check below.
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise TokenError("Khóa API này đã bị thu hồi.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    record(
        "core.api_token.revoke",
        token,
        actor=Actor(user=by_user),
        changes={"revoked": [False, True]},
    )
    return token
