"""Writing the audit trail: every service calls `record` inside its transaction."""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models

from dieuhanh.core.models import AuditEntry

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


@dataclass(frozen=True)
class Actor:
    """Who performs a change and, under a delegation, on whose behalf."""

    user: User | None
    on_behalf_of: User | None = None
    on_behalf_of_label: str = ""
    delegation_id: int | None = None

    @property
    def label(self) -> str:
        if self.user is None:
            return "hệ thống"
        return user_label(self.user)

    @classmethod
    def system(cls) -> Actor:
        return cls(user=None)


def user_label(user: User) -> str:
    """A human name for a user: the linked person's name, else the full name, else the login."""
    person = getattr(user, "person", None)
    if person is not None:
        return str(person.full_name)
    return user.get_full_name() or user.get_username()


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of the named fields, ready to compare."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [before, after]}."""
    names = list(dict.fromkeys([*before, *after]))
    return {
        name: [before.get(name), after.get(name)]
        for name in names
        if before.get(name) != after.get(name)
    }


def record(
    action: str,
    obj: models.Model | None,
    *,
    actor: Actor,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit row for a change made by `actor` to `obj`."""
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    entry = _entry(action, obj, content_type, actor=actor, changes=changes)
    entry.save(force_insert=True)
    return entry


def record_many(
    entries: Iterable[tuple[str, models.Model, Mapping[str, Any] | None]], *, actor: Actor
) -> list[AuditEntry]:
    """Append the rows `record` would write for each (action, obj, changes), in one insert."""
    content_types: dict[type[models.Model], ContentType] = {}
    rows = []
    for action, obj, changes in entries:
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(obj)
        rows.append(_entry(action, obj, content_types[model], actor=actor, changes=changes))
    return AuditEntry.objects.bulk_create(rows)


def _entry(
    action: str,
    obj: models.Model | None,
    content_type: ContentType | None,
    *,
    actor: Actor,
    changes: Mapping[str, Any] | None,
) -> AuditEntry:
    """The unsaved audit row for one change; `record` and `record_many` both write these."""
    return AuditEntry(
        actor=actor.user if actor.user is not None and actor.user.pk else None,
        actor_label=actor.label,
        on_behalf_of=actor.on_behalf_of,
        on_behalf_of_label=actor.on_behalf_of_label,
        delegation_id=actor.delegation_id,
        action=action,
        content_type=content_type,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=dict(changes or {}),
        request_id=request_id_var.get(),
    )
