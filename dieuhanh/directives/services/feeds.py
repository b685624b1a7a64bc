"""Calendar-feed addresses: a secret in the address lets a calendar app read one's deadlines."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from dieuhanh.core.audit import Actor, record
from dieuhanh.core.models import hash_token
from dieuhanh.directives.models import CalendarFeedToken

PREFIX_LENGTH = 8


@transaction.atomic
def issue_feed_token(user: User) -> tuple[CalendarFeedToken, str]:
    """A new feed address for `user`; the previous one stops working. Returns the raw secret,
    which exists only in the return value (the database keeps its SHA-256)."""
    revoke_feed_tokens(user)
    raw = CalendarFeedToken.generate()
    token = CalendarFeedToken.objects.create(
        user=user, prefix=raw[:PREFIX_LENGTH], key_hash=hash_token(raw)
    )
    record(
        "directives.feed_token.issue",
        token,
        actor=Actor(user=user),
        changes={"prefix": [None, token.prefix]},
    )
    return token, raw


@transaction.atomic
def revoke_feed_tokens(user: User) -> int:
    """Stop every feed address of `user` from working; returns how many were active."""
    tokens = list(CalendarFeedToken.objects.select_for_update().filter(user=user, revoked_at=None))
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at", "updated_at"])
        record(
            "directives.feed_token.revoke",
            token,
            actor=Actor(user=user),
            changes={"revoked": [False, True]},
        )
    return len(tokens)


def feed_user(raw: str) -> User | None:
    """The active user whose feed address carries this secret, else None (marks it used)."""
    token = (
        CalendarFeedToken.objects.active()
        .select_related("user")
        .filter(key_hash=hash_token(raw))
        .first()
    )
    if token is None:
        return None
    CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
