"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def product(request: HttpRequest) -> dict[str, Any]:
    return {"PRODUCT_NAME": settings.PRODUCT_NAME, "DEMO_LABEL": settings.DEMO_LABEL}
