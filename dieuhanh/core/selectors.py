"""Reads of the audit log."""

from __future__ import annotations

import datetime as dt

from django.db import models

from dieuhanh.core.models import AuditEntry, AuditQuerySet


def history_for(obj: models.Model, *, limit: int = 20) -> list[AuditEntry]:
    """The latest changes to one object, for its history panel (one query)."""
    return list(AuditEntry.objects.for_object(obj).select_related("content_type")[:limit])


def audit_entries(
    *,
    actor: str = "",
    action: str = "",
    object_type: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    request_id: str = "",
    on_behalf_only: bool = False,
) -> AuditQuerySet:
    """The audit log filtered for the administrators' audit page."""
    entries = AuditEntry.objects.select_related("content_type").order_by("-at", "-id")
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    if action:
        entries = entries.filter(action__startswith=action)
    if object_type:
        entries = entries.filter(content_type_id=object_type)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    if request_id:
        entries = entries.filter(request_id=request_id)
    if on_behalf_only:
        entries = entries.exclude(on_behalf_of_label="")
    return entries
