"""Reads of the knowledge app: scoped querysets, version comparison, search and resolutions."""

from dieuhanh.knowledge.selectors.compare import Comparison, compare_versions
from dieuhanh.knowledge.selectors.resolutions import (
    ActionStatus,
    IndicatorChange,
    ResolutionPage,
    adopted_on,
    basis_seminars,
    basis_versions,
    drafting_units,
    effect_periods,
    resolution_actions,
    resolution_page,
    resolutions,
)
from dieuhanh.knowledge.selectors.scope import (
    contributions,
    documents,
    practices,
    seminar_people,
    seminar_units,
    seminars,
    versions,
)
from dieuhanh.knowledge.selectors.search import Hit, Results, search

__all__ = [
    "ActionStatus",
    "Comparison",
    "Hit",
    "IndicatorChange",
    "ResolutionPage",
    "Results",
    "adopted_on",
    "basis_seminars",
    "basis_versions",
    "compare_versions",
    "contributions",
    "documents",
    "drafting_units",
    "effect_periods",
    "practices",
    "resolution_actions",
    "resolution_page",
    "resolutions",
    "search",
    "seminar_people",
    "seminar_units",
    "seminars",
    "versions",
]
