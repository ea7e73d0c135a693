"""Index each paragraph's verb and kind beside its text (on PostgreSQL its body too, in
Paragraph.filter_vector), so that a search with those filters is narrowed inside the index.

Only the objects that change are touched: on SQLite the paragraph FTS5 table and its
triggers, on PostgreSQL the filter_vector triggers and index. The statements are frozen
here, as the objects were made at this migration (resolutions.search.schema describes the
current ones); going back restores 0005's from _search_schema_0005."""

import django.contrib.postgres.search
from django.db import migrations

from resolutions.migrations import _search_schema_0005 as before

SQLITE_PARAGRAPH_TRIGGERS = ["ai", "ad", "au"]
SQLITE_DROP_PARAGRAPH_INDEX = [
    *(
        f"DROP TRIGGER IF EXISTS resolutions_paragraph_fts_{name}"
        for name in SQLITE_PARAGRAPH_TRIGGERS
    ),
    "DROP TABLE IF EXISTS resolutions_paragraph_fts",
]
SQLITE_REBUILD_PARAGRAPH_INDEX = (
    "INSERT INTO resolutions_paragraph_fts(resolutions_paragraph_fts) VALUES ('rebuild')"
)

SQLITE_PARAGRAPH_INDEX = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS resolutions_paragraph_fts USING fts5(
        text, verb, kind, content='resolutions_paragraph', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """INSERT INTO resolutions_paragraph_fts(resolutions_paragraph_fts, rank) VALUES ('rank', 'bm25(1.0, 0.0, 0.0)')""",
    """CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_ai
        AFTER INSERT ON resolutions_paragraph BEGIN
        INSERT INTO resolutions_paragraph_fts(rowid, text, verb, kind) VALUES (new.id, new.text, new.verb, new.kind);
        END""",
    """CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_ad
        AFTER DELETE ON resolutions_paragraph BEGIN
        INSERT INTO resolutions_paragraph_fts(resolutions_paragraph_fts, rowid, text, verb, kind) VALUES ('delete', old.id, old.text, old.verb, old.kind);
        END""",
    """CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_au
        AFTER UPDATE OF text, verb, kind ON resolutions_paragraph BEGIN
        INSERT INTO resolutions_paragraph_fts(resolutions_paragraph_fts, rowid, text, verb, kind) VALUES ('delete', old.id, old.text, old.verb, old.kind);
        INSERT INTO resolutions_paragraph_fts(rowid, text, verb, kind) VALUES (new.id, new.text, new.verb, new.kind);
        END""",
]

POSTGRES_FILTER_OBJECTS = [
    """CREATE OR REPLACE FUNCTION resolutions_paragraph_filter_vector() RETURNS trigger AS $$
    BEGIN
        NEW.filter_vector := to_tsvector('simple', 'v' || NEW.verb || ' k' || NEW.kind || ' b' || coalesce((SELECT body_id FROM resolutions_resolution WHERE id = NEW.resolution_id)::text, ''));
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION resolutions_resolution_filter_vectors() RETURNS trigger AS $$
    BEGIN
        UPDATE resolutions_paragraph p SET filter_vector = to_tsvector('simple', 'v' || p.verb || ' k' || p.kind || ' b' || coalesce(NEW.body_id::text, ''))
        WHERE p.resolution_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """DROP TRIGGER IF EXISTS resolutions_paragraph_filter_vector ON resolutions_paragraph""",
    """CREATE TRIGGER resolutions_paragraph_filter_vector
        BEFORE INSERT OR UPDATE OF verb, kind, resolution_id ON resolutions_paragraph
        FOR EACH ROW EXECUTE FUNCTION resolutions_paragraph_filter_vector()""",
    """DROP TRIGGER IF EXISTS resolutions_resolution_filter_vectors ON resolutions_resolution""",
    """CREATE TRIGGER resolutions_resolution_filter_vectors
        AFTER UPDATE OF body_id ON resolutions_resolution
        FOR EACH ROW WHEN (OLD.body_id IS DISTINCT FROM NEW.body_id)
        EXECUTE FUNCTION resolutions_resolution_filter_vectors()""",
]

POSTGRES_FILL = """UPDATE resolutions_paragraph p SET filter_vector = to_tsvector('simple', 'v' || p.verb || ' k' || p.kind || ' b' || coalesce(r.body_id::text, '')) FROM resolutions_resolution r WHERE r.id = p.resolution_id"""

POSTGRES_FILTER_INDEX = [
    """CREATE INDEX IF NOT EXISTS resolutions_paragraph_filter_vector_gin
        ON resolutions_paragraph USING GIN (filter_vector)""",
]

POSTGRES_DROP_FILTER_OBJECTS = [
    "DROP TRIGGER IF EXISTS resolutions_paragraph_filter_vector ON resolutions_paragraph",
    "DROP TRIGGER IF EXISTS resolutions_resolution_filter_vectors ON resolutions_resolution",
    "DROP FUNCTION IF EXISTS resolutions_paragraph_filter_vector()",
    "DROP FUNCTION IF EXISTS resolutions_resolution_filter_vectors()",
    "DROP INDEX IF EXISTS resolutions_paragraph_filter_vector_gin",
]


def execute(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def index_filters(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        execute(
            connection,
            [*SQLITE_DROP_PARAGRAPH_INDEX, *SQLITE_PARAGRAPH_INDEX, SQLITE_REBUILD_PARAGRAPH_INDEX],
        )
    elif connection.vendor == "postgresql":
        # The index is built after the column is filled: faster than growing it row by row.
        execute(connection, [*POSTGRES_FILTER_OBJECTS, POSTGRES_FILL, *POSTGRES_FILTER_INDEX])


def unindex_filters(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        execute(connection, SQLITE_DROP_PARAGRAPH_INDEX)
        # 0005's statements all say IF NOT EXISTS: only the paragraph index is made again.
        before.run(connection, "create")
        execute(connection, [SQLITE_REBUILD_PARAGRAPH_INDEX])
    elif connection.vendor == "postgresql":
        execute(connection, POSTGRES_DROP_FILTER_OBJECTS)


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0005_curators_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="paragraph",
            name="filter_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(index_filters, unindex_filters, elidable=False),
    ]
