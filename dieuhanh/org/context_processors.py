"""The user's current unit and role, shown in the header of every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dieuhanh.org.access import request_authority


def current_posting(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    authority = request_authority(request)
    return {
        "authority": authority,
        "main_posting": authority.postings[0] if authority.postings else None,
        "other_postings": authority.postings[1:],
        "acting_delegations": sorted(
            {g.delegation.pk: g.delegation for g in authority.grants if g.delegation}.values(),
            key=lambda d: d.pk,
        ),
    }
