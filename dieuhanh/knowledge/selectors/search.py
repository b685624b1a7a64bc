"""One search over contributions, good practices and guidance sections.

The query is folded like the index (`text.fold`: no diacritics, đ as d, case-folded) and cut
into words; every word must match, the last one also as a prefix (so results come while
typing). Ranking is the database's: bm25() over the FTS5 table on SQLite (title weighted 4:1),
ts_rank_cd() over the weighted tsvector on PostgreSQL. Results are scoped like the objects
themselves (see `scope.py` and `indexing.py`); highlights are computed on the original text
from the folded positions, so "quan ly" marks "quản lý" where it stands.

Speed at 100,000 contributions (docs/benchmarks.md, issue 5), one SQL statement per search:

- The scope is part of the full-text query: each indexed row carries words naming the units
  above it, above its assessor, and (for a document the whole tree reads) its own unit
  (`SearchDocument.scope_terms`); the user's scope is asked as one more clause, so the index
  returns only rows the user may see instead of every match in the country.
- At most `MAX_RANKED` matches are ranked: when more rows match, the newest `MAX_RANKED` of
  them are (a word found in most documents would otherwise rank the whole index: half a
  second), and `Results.more` says there are more than `total`.
"""

# ruff: noqa: S608 — the SQL below is built from this module's own fragments; values are parameters
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from dieuhanh.knowledge.models import SearchDocument
from dieuhanh.knowledge.models.search import (
    ASSESSOR_MARK,
    SHARED_MARK,
    TREE_MARK,
    UNIT_MARK,
    scope_term,
)
from dieuhanh.knowledge.selectors.scope import ancestor_paths
from dieuhanh.knowledge.text import Highlighted, highlight, query_terms
from dieuhanh.org.access import Authority
from dieuhanh.org.models import Power

SNIPPET_CHARS = 240
MAX_TERMS = 12
MAX_RANKED = 1000


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
    """A page of hits and how many there are in all (with `more`: more than `total`)."""

    query: str
    terms: list[str]
    total: int
    hits: list[Hit]
    more: bool = False


def scope_query_terms(view: list[str], approve: list[str]) -> list[str] | None:
    """The scope words (`models.search`) of which a row the user may see has at least one,
    for the subtrees on which the user may view and approve; [] when everything is visible,
    None when nothing is. Rows of a unit the user views; rows the whole tree reads at a unit
    above; rows assessed by a unit on which the user approves (`scope.contributions`)."""
    if "" in view:
        return []
    if not view and not approve:
        return None

    def viewed(path: str) -> bool:
        return any(path.startswith(root) for root in view)

    terms = [scope_term(UNIT_MARK, path) for path in view]
    terms += [scope_term(TREE_MARK, path) for path in ancestor_paths(view) if not viewed(path)]
    for path in approve:
        if not path:
            continue
        terms.append(scope_term(ASSESSOR_MARK, path))
        if not viewed(path):
            # Assessed under `path` by a unit that is also above the row's own unit.
            terms.append(scope_term(SHARED_MARK, path))
    return sorted(set(terms))


def _kinds_sql(kinds: Sequence[str] | None) -> tuple[str, list[str]]:
    if not kinds:
        return "", []
    return " AND d.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")", list(kinds)


@dataclass(frozen=True)
class _Statement:
    """The search's SQL for the database in use. `matches` (a WITH clause naming `m`) holds the
    newest matches the user may see, at most MAX_RANKED + 1 so that one more says there are
    more; `page` ranks the newest MAX_RANKED of them and reads the page's rows with their
    count, taking LIMIT and OFFSET last. The SQL fragments are this module's own; every value
    goes in as a parameter."""

    matches: str
    matches_params: list[str | int]
    page: str
    page_params: list[str | int]


COLUMNS = "d.id, d.kind, d.object_id, d.title, d.body, d.detail"
NEWEST = "(SELECT id FROM m ORDER BY id DESC LIMIT %s)"


def _statement(terms: list[str], scope: list[str], kinds: Sequence[str] | None) -> _Statement:
    kinds_sql, kinds_params = _kinds_sql(kinds)
    if connection.vendor == "sqlite":
        text = " ".join(f'"{t}"' for t in terms[:-1]) + f' "{terms[-1]}"*'
        match = "{folded_title folded_body} : (" + text.strip() + ")"
        if scope:
            match += " AND scope_terms : (" + " OR ".join(f'"{t}"' for t in scope) + ")"
        return _Statement(
            "WITH m AS (SELECT d.id FROM knowledge_search_fts f "
            "JOIN knowledge_searchdocument d ON d.id = f.rowid "
            f"WHERE knowledge_search_fts MATCH %s{kinds_sql} ORDER BY d.id DESC LIMIT %s)",
            [match, *kinds_params, MAX_RANKED + 1],
            f"SELECT {COLUMNS}, -bm25(knowledge_search_fts, 4.0, 1.0, 0.0) AS score, "
            "(SELECT count(*) FROM m) AS total FROM knowledge_search_fts "
            "JOIN knowledge_searchdocument d ON d.id = knowledge_search_fts.rowid "
            f"WHERE knowledge_search_fts MATCH %s AND knowledge_search_fts.rowid IN {NEWEST} "
            "ORDER BY score DESC, d.id LIMIT %s OFFSET %s",
            [match, MAX_RANKED],
        )
    if connection.vendor == "postgresql":
        text = " & ".join([*terms[:-1], f"{terms[-1]}:*"])
        match = f"({text}) & ({' | '.join(scope)})" if scope else text
        return _Statement(
            "WITH m AS MATERIALIZED (SELECT d.id FROM knowledge_searchdocument d "
            f"WHERE d.search_vector @@ to_tsquery('simple', %s){kinds_sql} "
            "ORDER BY d.id DESC LIMIT %s)",
            [match, *kinds_params, MAX_RANKED + 1],
            f"SELECT {COLUMNS}, ts_rank_cd(d.search_vector, q) AS score, "
            f"(SELECT count(*) FROM m) AS total FROM {NEWEST} c "
            "JOIN knowledge_searchdocument d ON d.id = c.id, to_tsquery('simple', %s) q "
            "ORDER BY score DESC, d.id LIMIT %s OFFSET %s",
            [MAX_RANKED, text],
        )
    # Any other database: every word somewhere in the folded text, newest first.
    where = " AND ".join(["(d.folded_title LIKE %s OR d.folded_body LIKE %s)"] * len(terms))
    params: list[str | int] = [p for t in terms for p in (f"%{t}%", f"%{t}%")]
    if scope:
        spaced = "(' ' || d.scope_terms || ' ') LIKE %s"
        where += " AND (" + " OR ".join([spaced] * len(scope)) + ")"
        params += [f"% {t} %" for t in scope]
    return _Statement(
        f"WITH m AS (SELECT d.id FROM knowledge_searchdocument d WHERE {where}{kinds_sql} "
        "ORDER BY d.id DESC LIMIT %s)",
        [*params, *kinds_params, MAX_RANKED + 1],
        f"SELECT {COLUMNS}, d.id AS score, (SELECT count(*) FROM m) AS total "
        f"FROM {NEWEST} c JOIN knowledge_searchdocument d ON d.id = c.id "
        "ORDER BY score DESC, d.id LIMIT %s OFFSET %s",
        [MAX_RANKED],
    )


def search(
    authority: Authority,
    query: str,
    *,
    kinds: Sequence[str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """The hits the user may see for `query`, best first (1 query; 2 past the last page)."""
    terms = query_terms(query)[:MAX_TERMS]
    scope = scope_query_terms(authority.paths(Power.VIEW), authority.paths(Power.APPROVE))
    if not terms or scope is None:
        return Results(query=query, terms=terms, total=0, hits=[])
    statement = _statement(terms, scope, kinds)
    params = [*statement.matches_params, *statement.page_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(f"{statement.matches} {statement.page}", params)
        rows = cursor.fetchall()
        if rows:
            matched = int(rows[0][7])
        elif offset:
            # Past the last page: count the matches without a page.
            cursor.execute(f"{statement.matches} SELECT count(*) FROM m", statement.matches_params)
            matched = int(cursor.fetchone()[0])
        else:
            matched = 0
    hits = [
        Hit(
            kind=kind,
            object_id=int(object_id),
            title=highlight(title, terms),
            snippet=highlight(body, terms, window=SNIPPET_CHARS),
            detail=detail,
            score=float(score),
        )
        for _id, kind, object_id, title, body, detail, score, _total in rows
    ]
    return Results(
        query=query,
        terms=terms,
        total=min(matched, MAX_RANKED),
        hits=hits,
        more=matched > MAX_RANKED,
    )
