"""The search page: one box over contributions, good practices and guidance, with highlights."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from dieuhanh.core.http import page_number, render_page
from dieuhanh.knowledge import selectors
from dieuhanh.knowledge.forms import SearchForm
from dieuhanh.knowledge.models import GuidanceSection, SearchDocument
from dieuhanh.org.access import request_authority

PAGE_SIZE = 20


def _links(hits: list[selectors.Hit]) -> dict[tuple[str, int], str]:
    """Where each hit leads; a section opens its version at the section (1 query)."""
    section_ids = [h.object_id for h in hits if h.kind == SearchDocument.Kind.SECTION]
    versions = dict(
        GuidanceSection.objects.filter(pk__in=section_ids).values_list("pk", "version_id")
    )
    links: dict[tuple[str, int], str] = {}
    for hit in hits:
        key = (hit.kind, hit.object_id)
        if hit.kind == SearchDocument.Kind.CONTRIBUTION:
            links[key] = reverse("knowledge:contribution", args=[hit.object_id])
        elif hit.kind == SearchDocument.Kind.PRACTICE:
            links[key] = reverse("knowledge:practices") + f"#practice-{hit.object_id}"
        elif hit.object_id in versions:
            url = reverse("knowledge:version", args=[versions[hit.object_id]])
            links[key] = f"{url}#section-{hit.object_id}"
    return links


@login_required
def search(request: HttpRequest) -> HttpResponse:
    authority = request_authority(request)
    form = SearchForm(request.GET or None)
    results = None
    rows: list[tuple[selectors.Hit, str]] = []
    page = page_number(request)
    if form.is_valid() and form.cleaned_data["q"].strip():
        kind = form.cleaned_data["kind"]
        results = selectors.search(
            authority,
            form.cleaned_data["q"],
            kinds=[kind] if kind else None,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        links = _links(results.hits)
        rows = [(hit, links.get((hit.kind, hit.object_id), "")) for hit in results.hits]
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "knowledge/search.html",
        {
            "form": form,
            "results": results,
            "rows": rows,
            "page": page,
            "has_next": results is not None and results.total > page * PAGE_SIZE,
            "query": query.urlencode(),
        },
        fragment="results",
    )
