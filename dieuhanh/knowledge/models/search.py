"""The search index: one row per searchable object, with its text folded for matching."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dieuhanh.org.models import Unit


class SearchDocument(models.Model):
    """A contribution, good practice or guidance section as the search sees it.

    Written only by `knowledge.indexing` (called by the services). `folded_*` hold the text
    without diacritics, lower-cased, with đ as d; `scope_terms` says who may see the row as
    words (`scope_terms_for`), so the full-text index filters by scope too. On SQLite an FTS5
    table and on PostgreSQL a GIN-indexed tsvector column are built over them (migrations 0002,
    0004). A later migration that makes SQLite rebuild this table drops the FTS triggers:
    recreate them there, then run `manage.py rebuild_search_index`.
    """

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Ý kiến, tham luận")
        PRACTICE = "practice", _("Cách làm hay")
        SECTION = "section", _("Chuyên đề")

    class Audience(models.TextChoices):
        # Seen by whoever may view the unit (its subtree's heads and staff, and those above).
        UNIT = "unit", _("Trong phạm vi đơn vị")
        # Seen also by everyone working anywhere under the unit (a document the province issues).
        TREE = "tree", _("Toàn bộ đơn vị trực thuộc")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=400)
    body = models.TextField()
    folded_title = models.CharField(max_length=400)
    folded_body = models.TextField()
    audience = models.CharField(max_length=4, choices=Audience.choices)
    unit_path = models.CharField(max_length=255)
    # The unit whose approvers assess the object (contributions): they see it too.
    assessor_path = models.CharField(max_length=255, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    scope_terms = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="knowledge_searchdocument_one_per_object"
            )
        ]
        indexes = [
            # Scope filter of every search (path prefix).
            models.Index(fields=["unit_path"], name="knowledge_search_path_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


# The words of `SearchDocument.scope_terms`, each a mark and a unit's path:
# - `scu` for every unit above (or at) the row's unit;
# - `sca` for every unit above (or at) its assessor that is not above the row's unit, and `scb`
#   for those that are (so a search by someone who may view that unit anyway need not ask for
#   them, and the database does not count those rows twice when it plans the search);
# - `sct` with the row's own unit when the whole tree may read the row.
# A search asks for the words of the user's scope (`selectors.search.scope_query_terms`), in
# that column only on SQLite and with weight D on PostgreSQL; the marks keep them apart from
# the text's words.
UNIT_MARK, ASSESSOR_MARK, SHARED_MARK, TREE_MARK = "scu", "sca", "scb", "sct"


def scope_term(mark: str, path: str) -> str:
    """One word of the scope vocabulary (paths are letters and digits; the index lower-cases)."""
    return f"{mark}{path}".lower()


def _prefixes(path: str) -> list[str]:
    return [path[:end] for end in range(Unit.steplen, len(path) + 1, Unit.steplen)]


def scope_terms_for(unit_path: str, assessor_path: str, audience: str) -> str:
    """The scope words of an indexed row (see above)."""
    units = _prefixes(unit_path)
    terms = [scope_term(UNIT_MARK, prefix) for prefix in units]
    terms += [
        scope_term(SHARED_MARK if prefix in units else ASSESSOR_MARK, prefix)
        for prefix in _prefixes(assessor_path)
    ]
    if audience == SearchDocument.Audience.TREE:
        terms.append(scope_term(TREE_MARK, unit_path))
    return " ".join(terms)
