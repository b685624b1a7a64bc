"""The search index: one row per searchable object, with its text folded for matching."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """A contribution, good practice or guidance section as the search sees it.

    Written only by `knowledge.indexing` (called by the services). `folded_*` hold the text
    without diacritics, lower-cased, with đ as d; on SQLite an FTS5 table and on PostgreSQL a
    GIN-indexed tsvector column are built over them by migration 0002. A later migration that
    makes SQLite rebuild this table drops the FTS triggers: recreate them there, then run
    `manage.py rebuild_search_index`.
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
