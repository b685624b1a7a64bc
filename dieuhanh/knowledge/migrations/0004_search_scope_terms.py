"""The search index holds who may see each row (`SearchDocument.scope_terms`), so the full-text
index filters by scope as well as by words.

Without it, a provincial Chief's search for a common word made PostgreSQL read every matching
row of the country before keeping his province's (a path-prefix LIKE cannot use a btree index
under a C.UTF-8 collation): 0.8 s at 100,000 contributions (docs/benchmarks.md, issue 5).

SQLite: the FTS5 table gets a third column, `scope_terms`, and is filled again. PostgreSQL: the
generated tsvector adds the scope words with weight D (the text's words keep A and B) and its
GIN index is built again.
"""

# ruff: noqa: S608 — the statements are built from this file's column names, never a value
from django.db import migrations, models

STEP = 4  # Unit.steplen


def _prefixes(path):  # type: ignore[no-untyped-def]
    return [path[:end] for end in range(STEP, len(path) + 1, STEP)]


def _scope_terms(unit_path, assessor_path, audience):  # type: ignore[no-untyped-def]
    """As `knowledge.models.search.scope_terms_for` when this migration was written."""
    units = _prefixes(unit_path)
    terms = [f"scu{prefix}".lower() for prefix in units]
    terms += [
        f"{'scb' if prefix in units else 'sca'}{prefix}".lower()
        for prefix in _prefixes(assessor_path)
    ]
    if audience == "tree":
        terms.append(f"sct{unit_path}".lower())
    return " ".join(terms)


TRIGGERS = [
    "knowledge_searchdocument_fts_update",
    "knowledge_searchdocument_fts_delete",
    "knowledge_searchdocument_fts_insert",
]


def _sqlite_table(columns):  # type: ignore[no-untyped-def]
    listed = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
        "DROP TABLE IF EXISTS knowledge_search_fts",
        f"""
        CREATE VIRTUAL TABLE knowledge_search_fts USING fts5(
            {listed},
            content='knowledge_searchdocument', content_rowid='id',
            tokenize='unicode61'
        )
        """,
        f"""
        CREATE TRIGGER knowledge_searchdocument_fts_insert AFTER INSERT ON knowledge_searchdocument
        BEGIN
            INSERT INTO knowledge_search_fts(rowid, {listed}) VALUES (new.id, {new});
        END
        """,
        f"""
        CREATE TRIGGER knowledge_searchdocument_fts_delete AFTER DELETE ON knowledge_searchdocument
        BEGIN
            INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, {listed})
            VALUES ('delete', old.id, {old});
        END
        """,
        f"""
        CREATE TRIGGER knowledge_searchdocument_fts_update AFTER UPDATE ON knowledge_searchdocument
        BEGIN
            INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, {listed})
            VALUES ('delete', old.id, {old});
            INSERT INTO knowledge_search_fts(rowid, {listed}) VALUES (new.id, {new});
        END
        """,
        "INSERT INTO knowledge_search_fts(knowledge_search_fts) VALUES ('rebuild')",
    ]


def _postgres_vector(parts):  # type: ignore[no-untyped-def]
    vector = " || ".join(
        f"setweight(to_tsvector('simple'::regconfig, {column}), '{weight}')"
        for column, weight in parts
    )
    return [
        "DROP INDEX IF EXISTS knowledge_search_vector_idx",
        "ALTER TABLE knowledge_searchdocument DROP COLUMN IF EXISTS search_vector",
        f"""
        ALTER TABLE knowledge_searchdocument ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS ({vector}) STORED
        """,
        "CREATE INDEX knowledge_search_vector_idx ON knowledge_searchdocument "
        "USING GIN (search_vector)",
    ]


FORWARD = {
    "sqlite": _sqlite_table(["folded_title", "folded_body", "scope_terms"]),
    "postgresql": _postgres_vector(
        [("folded_title", "A"), ("folded_body", "B"), ("scope_terms", "D")]
    ),
}
BACKWARD = {
    "sqlite": _sqlite_table(["folded_title", "folded_body"]),
    "postgresql": _postgres_vector([("folded_title", "A"), ("folded_body", "B")]),
}


def _run(schema_editor, statements):  # type: ignore[no-untyped-def]
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    search_document = apps.get_model("knowledge", "SearchDocument")
    # Fill the new column before the index is built over it (on SQLite the old triggers are
    # gone by then: the FTS table is filled again at the end).
    if schema_editor.connection.vendor == "sqlite":
        for name in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    batch = []
    rows = search_document.objects.only("unit_path", "assessor_path", "audience")
    for row in rows.iterator(chunk_size=2000):
        row.scope_terms = _scope_terms(row.unit_path, row.assessor_path, row.audience)
        batch.append(row)
        if len(batch) == 2000:
            search_document.objects.bulk_update(batch, ["scope_terms"])
            batch = []
    search_document.objects.bulk_update(batch, ["scope_terms"])
    _run(schema_editor, FORWARD)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_resolution_action_directive"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="scope_terms",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(forward, backward),
    ]
