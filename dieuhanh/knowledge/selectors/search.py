"""One search over contributions, good practices and guidance sections.

The query is folded like the index (`text.fold`: no diacritics, đ as d, case-folded) and cut
into words; every word must match, the last one also as a prefix (so results come while
typing). Ranking is the database's: bm25() over the FTS5 table on SQLite (title weighted 4:1),
ts_rank_cd() over the weighted tsvector on PostgreSQL. Results are scoped like the objects
themselves (see `scope.py` and `indexing.py`); highlights are computed on the original text
from the folded positions, so "quan ly" marks "quản lý" where it stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from dieuhanh.knowledge.models import SearchDocument
from dieuhanh.knowledge.selectors.scope import ancestor_paths
from dieuhanh.knowledge.text import Highlighted, highlight, query_terms
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power

SNIPPET_CHARS = 240
MAX_TERMS = 12


@dataclass(frozen=True)
class Hit:
    """One search result with its highlighted title and snippet."""

    kind: str
    object_id: int
    title: Highlighted
    snippet: Highlighted
    detail: str
    score: float

    @property
    def kind_label(self) -> str:
        return str(SearchDocument.Kind(self.kind).label)


@dataclass(frozen=True)
class Results:
    """A page of hits and how many there are in all."""

    query: str
    terms: list[str]
    total: int
    hits: list[Hit]


def _scope_sql(authority: Authority) -> tuple[str, list[str]] | None:
    """The WHERE fragment (on alias d) that keeps what the user may see; None: nothing."""
    view = authority.paths(Power.VIEW)
    approve = authority.paths(Power.APPROVE)
    if not view and not approve:
        return None
    parts: list[str] = []
    params: list[str] = []
    for path in view:
        parts.append("d.unit_path LIKE %s")
        params.append(f"{path}%")
    above = ancestor_paths(view)
    if above:
        parts.append(
            "(d.audience = 'tree' AND d.unit_path IN (" + ", ".join(["%s"] * len(above)) + "))"
        )
        params.extend(above)
    for path in approve:
        parts.append("(d.assessor_path <> '' AND d.assessor_path LIKE %s)")
        params.append(f"{path}%")
    return "(" + " OR ".join(parts) + ")", params


def _kinds_sql(kinds: Sequence[str] | None) -> tuple[str, list[str]]:
    if not kinds:
        return "", []
    return " AND d.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")", list(kinds)


def _match(terms: list[str]) -> tuple[str, str, list[str]]:
    """(FROM and WHERE fragments, score expression, params) for the database in use."""
    vendor = connection.vendor
    if vendor == "sqlite":
        expression = " ".join(f'"{t}"' for t in terms[:-1]) + f' "{terms[-1]}"*'
        return (
            "knowledge_search_fts f JOIN knowledge_searchdocument d ON d.id = f.rowid "
            "WHERE knowledge_search_fts MATCH %s",
            "bm25(knowledge_search_fts, 4.0, 1.0)",
            [expression.strip()],
        )
    if vendor == "postgresql":
        expression = " & ".join([*terms[:-1], f"{terms[-1]}:*"])
        return (
            "knowledge_searchdocument d, to_tsquery('simple', %s) q WHERE d.search_vector @@ q",
            "-ts_rank_cd(d.search_vector, q)",
            [expression],
        )
    # Any other database: every word somewhere in the folded text, newest first.
    where = " AND ".join(["(d.folded_title LIKE %s OR d.folded_body LIKE %s)"] * len(terms))
    params = [p for t in terms for p in (f"%{t}%", f"%{t}%")]
    return f"knowledge_searchdocument d WHERE {where}", "-d.id", params


def search(
    authority: Authority,
    query: str,
    *,
    kinds: Sequence[str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """The hits the user may see for `query`, best first (3 queries)."""
    terms = query_terms(query)[:MAX_TERMS]
    scope = _scope_sql(authority)
    if not terms or scope is None:
        return Results(query=query, terms=terms, total=0, hits=[])
    source, score, match_params = _match(terms)
    scope_sql, scope_params = scope
    kinds_sql, kinds_params = _kinds_sql(kinds)
    where_params = [*match_params, *scope_params, *kinds_params]
    body = f"FROM {source} AND {scope_sql}{kinds_sql}"
    # The SQL fragments are this module's own; every value goes in as a parameter.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {body}", where_params)
        total = int(cursor.fetchone()[0])
        if total == 0:
            return Results(query=query, terms=terms, total=0, hits=[])
        cursor.execute(
            f"SELECT d.id, {score} AS score {body} ORDER BY score, d.id LIMIT %s OFFSET %s",
            [*where_params, limit, offset],
        )
        ranked = [(int(row[0]), float(row[1])) for row in cursor.fetchall()]
    documents = SearchDocument.objects.in_bulk([doc_id for doc_id, _ in ranked])
    hits = []
    for doc_id, value in ranked:
        document = documents[doc_id]
        hits.append(
            Hit(
                kind=document.kind,
                object_id=document.object_id,
                title=highlight(document.title, terms),
                snippet=highlight(document.body, terms, window=SNIPPET_CHARS),
                detail=document.detail,
                score=-value,  # every ranking above sorts ascending; higher is better here
            )
        )
    return Results(query=query, terms=terms, total=total, hits=hits)
