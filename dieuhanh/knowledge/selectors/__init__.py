"""Reads of the knowledge app: scoped querysets, version comparison and search."""

from dieuhanh.knowledge.selectors.compare import Comparison, compare_versions
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
    "Comparison",
    "Hit",
    "Results",
    "compare_versions",
    "contributions",
    "documents",
    "practices",
    "search",
    "seminar_people",
    "seminar_units",
    "seminars",
    "versions",
]
