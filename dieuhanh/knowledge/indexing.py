"""The one writer of the search index: the services call these after each change.

Who sees an indexed object (see `selectors.search`):
- a contribution: whoever may view its unit, and the approvers of the unit it was sent to;
- a good practice: everyone working under the issuer of its guidance document;
- a section of a published version (approved or in force): everyone under the issuer; of a
  version in preparation: whoever may view the keeper (personnel department); sections of
  superseded versions leave the index, so a search finds the guidance that applies now.
"""

from __future__ import annotations

from collections.abc import Iterable

from dieuhanh.knowledge.models import (
    Contribution,
    GoodPractice,
    GuidanceDocument,
    GuidanceSection,
    GuidanceVersion,
    SearchDocument,
)
from dieuhanh.knowledge.models.search import scope_terms_for
from dieuhanh.knowledge.text import fold

Kind = SearchDocument.Kind
Audience = SearchDocument.Audience


def _document(
    kind: str,
    object_id: int,
    *,
    title: str,
    body: str,
    audience: str,
    unit_path: str,
    assessor_path: str = "",
    detail: str = "",
) -> SearchDocument:
    return SearchDocument(
        kind=kind,
        object_id=object_id,
        title=title[:400],
        body=body,
        folded_title=fold(title)[:400],
        folded_body=fold(body),
        audience=audience,
        unit_path=unit_path,
        assessor_path=assessor_path,
        detail=detail[:300],
        scope_terms=scope_terms_for(unit_path, assessor_path, audience),
    )


def _save(documents: Iterable[SearchDocument]) -> None:
    """Replace the rows of these objects (delete then insert keeps the FTS triggers simple)."""
    documents = list(documents)
    for kind in {d.kind for d in documents}:
        ids = [d.object_id for d in documents if d.kind == kind]
        SearchDocument.objects.filter(kind=kind, object_id__in=ids).delete()
    SearchDocument.objects.bulk_create(documents, batch_size=500)


def contribution_document(contribution: Contribution) -> SearchDocument:
    return _document(
        Kind.CONTRIBUTION,
        contribution.pk,
        title=contribution.title,
        body=contribution.text,
        audience=Audience.UNIT,
        unit_path=contribution.unit.path,
        assessor_path=contribution.addressed_to.path,
        detail=f"{contribution.author} — {contribution.unit}",
    )


def index_contributions(contributions: Iterable[Contribution]) -> None:
    _save(contribution_document(c) for c in contributions)


def practice_document(practice: GoodPractice, document: GuidanceDocument) -> SearchDocument:
    return _document(
        Kind.PRACTICE,
        practice.pk,
        title=practice.title,
        body=practice.statement,
        audience=Audience.TREE,
        unit_path=document.issuer.path,
        detail=str(document),
    )


def index_practice(practice: GoodPractice) -> None:
    if not practice.active:
        unindex(Kind.PRACTICE, [practice.pk])
        return
    _save([practice_document(practice, practice.document)])


def _section_document(section: GuidanceSection, version: GuidanceVersion) -> SearchDocument:
    document = version.document
    published = version.status in (
        GuidanceVersion.Status.APPROVED,
        GuidanceVersion.Status.IN_FORCE,
    )
    return _document(
        Kind.SECTION,
        section.pk,
        title=section.topic,
        body=section.body,
        audience=Audience.TREE if published else Audience.UNIT,
        unit_path=document.issuer.path if published else document.keeper.path,
        detail=f"{document} — phiên bản {version.number} ({version.get_status_display()})",
    )


def index_version(version: GuidanceVersion) -> None:
    """Index a version's sections, or remove them once the version is superseded."""
    sections = list(version.sections.all())
    if version.status == GuidanceVersion.Status.SUPERSEDED:
        unindex(Kind.SECTION, [s.pk for s in sections])
        return
    _save(_section_document(section, version) for section in sections)


def index_section(section: GuidanceSection) -> None:
    """Re-index one edited section."""
    _save([_section_document(section, section.version)])


def unindex(kind: str, object_ids: Iterable[int]) -> None:
    SearchDocument.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


def rebuild_index() -> int:
    """Rebuild the whole index from the objects (after a restore or a schema change); returns
    the number of rows written."""
    SearchDocument.objects.all().delete()
    count = 0
    contributions = Contribution.objects.select_related("unit", "addressed_to", "author")
    batch: list[SearchDocument] = []
    for contribution in contributions.iterator(chunk_size=2000):
        batch.append(contribution_document(contribution))
        if len(batch) >= 2000:
            SearchDocument.objects.bulk_create(batch)
            count, batch = count + len(batch), []
    practices = GoodPractice.objects.filter(active=True).select_related("document__issuer")
    batch.extend(practice_document(p, p.document) for p in practices)
    live = GuidanceVersion.objects.exclude(status=GuidanceVersion.Status.SUPERSEDED)
    for version in live.select_related("document__issuer", "document__keeper"):
        batch.extend(_section_document(s, version) for s in version.sections.all())
    SearchDocument.objects.bulk_create(batch, batch_size=2000)
    return count + len(batch)
