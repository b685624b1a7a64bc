"""Helpers that build directives through the services, as a leader would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dieuhanh.directives import services
from dieuhanh.directives.models import Directive, Role
from dieuhanh.org.access import authority_for


def data(org: Any, **overrides: Any) -> services.DirectiveData:
    """A complete ("5 rõ") directive from the province to KV1 (lead) and KV2 (support)."""
    values: dict[str, Any] = {
        "issuing_unit": org.province,
        "title": "Rà soát án tạm đình chỉ",
        "content": "Rà soát toàn bộ vụ án tạm đình chỉ điều tra, đề xuất hướng giải quyết.",
        "expected_result": "Báo cáo kết quả rà soát kèm danh sách vụ án.",
        "accountable": org.deputy,
        "source_kind": Directive.SourceKind.DOCUMENT,
        "source_number": "12",
        "source_symbol": "KH-VKS",
        "source_date": dt.date(2027, 1, 25),
        "deadline_kind": Directive.DeadlineKind.DATE,
        "deadline": dt.date(2027, 3, 31),
        "addressees": [(org.kv1, Role.LEAD), (org.kv2, Role.SUPPORT)],
    }
    values.update(overrides)
    return services.DirectiveData(**values)


def draft(org: Any, who: str = "chief", **overrides: Any) -> Directive:
    authority = authority_for(getattr(org, who).user)
    return services.save_draft(data(org, **overrides), authority=authority)


def issued(
    org: Any, who: str = "chief", on: dt.date = dt.date(2027, 2, 1), **overrides: Any
) -> Directive:
    directive = draft(org, who, **overrides)
    return services.issue_directive(
        directive,
        authority=authority_for(getattr(org, who).user),
        expected_version=directive.version,
        on=on,
    )
