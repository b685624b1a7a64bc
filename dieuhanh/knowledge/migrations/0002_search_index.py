"""Full-text index over the folded text of SearchDocument.

SQLite: an FTS5 table with external content (the SearchDocument table) kept in step by
triggers; ranked with bm25(). PostgreSQL: a stored generated tsvector column (title weighted A,
body B, the 'simple' configuration, since the text is already folded) with a GIN index; ranked
with ts_rank_cd(). Other databases get no index (search falls back to LIKE).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE knowledge_search_fts USING fts5(
        folded_title, folded_body,
        content='knowledge_searchdocument', content_rowid='id',
        tokenize='unicode61'
    )
    """,
    """
    CREATE TRIGGER knowledge_searchdocument_fts_insert AFTER INSERT ON knowledge_searchdocument
    BEGIN
        INSERT INTO knowledge_search_fts(rowid, folded_title, folded_body)
        VALUES (new.id, new.folded_title, new.folded_body);
    END
    """,
    """
    CREATE TRIGGER knowledge_searchdocument_fts_delete AFTER DELETE ON knowledge_searchdocument
    BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, folded_title, folded_body)
        VALUES ('delete', old.id, old.folded_title, old.folded_body);
    END
    """,
    """
    CREATE TRIGGER knowledge_searchdocument_fts_update AFTER UPDATE ON knowledge_searchdocument
    BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, folded_title, folded_body)
        VALUES ('delete', old.id, old.folded_title, old.folded_body);
        INSERT INTO knowledge_search_fts(rowid, folded_title, folded_body)
        VALUES (new.id, new.folded_title, new.folded_body);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_searchdocument_fts_update",
    "DROP TRIGGER IF EXISTS knowledge_searchdocument_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_searchdocument_fts_insert",
    "DROP TABLE IF EXISTS knowledge_search_fts",
]

POSTGRES_FORWARD = [
    """
    ALTER TABLE knowledge_searchdocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, folded_title), 'A')
        || setweight(to_tsvector('simple'::regconfig, folded_body), 'B')
    ) STORED
    """,
    """
    CREATE INDEX knowledge_search_vector_idx ON knowledge_searchdocument
    USING GIN (search_vector)
    """,
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS knowledge_search_vector_idx",
    "ALTER TABLE knowledge_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements_by_vendor):  # type: ignore[no-untyped-def]
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD})


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
