"""Database objects behind full-text search, per engine, as they are now: re-created after
every migrate that ends at the latest migration and by `rebuild_search_index` (an SQLite
table remake drops triggers silently). Migrations keep frozen copies of what they made.

SQLite: external-content FTS5 tables over paragraph text (with its verb and kind) and
resolution titles, kept in sync by triggers. PostgreSQL: tsvector columns filled by
triggers (the text, and the verb, kind and body as tags), with GIN indexes.
"""

from __future__ import annotations

PARAGRAPH_FTS = "resolutions_paragraph_fts"
TITLE_FTS = "resolutions_resolution_fts"
TOKENIZE = "porter unicode61 remove_diacritics 2"

# A paragraph's verb and kind are indexed beside its text (and, on PostgreSQL, its body), so
# that a search with those filters intersects "these words" with "this verb" inside the
# index, instead of reading every paragraph that has the words to test its filters. SQLite
# triggers may only read the row they fire on: a trigger that read another table would break
# Django's table remakes in later migrations, so the body is left to the join there.
SQLITE_INDEXED_COLUMNS = ("text", "verb", "kind")


def sqlite_values(row: str) -> str:
    return ", ".join(f"{row}.{column}" for column in SQLITE_INDEXED_COLUMNS)


SQLITE_COLUMNS = ", ".join(SQLITE_INDEXED_COLUMNS)
# An external-content FTS5 table forgets a row only when given the values it indexed.
SQLITE_UNINDEX = (
    f"INSERT INTO {PARAGRAPH_FTS}({PARAGRAPH_FTS}, rowid, {SQLITE_COLUMNS}) "
    f"VALUES ('delete', old.id, {sqlite_values('old')});"
)
SQLITE_INDEX = (
    f"INSERT INTO {PARAGRAPH_FTS}(rowid, {SQLITE_COLUMNS}) VALUES (new.id, {sqlite_values('new')});"
)

# One statement a string: trigger bodies contain semicolons, so nothing is split for us.
SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {PARAGRAPH_FTS} USING fts5(
        {SQLITE_COLUMNS}, content='resolutions_paragraph', content_rowid='id',
        tokenize='{TOKENIZE}')""",
    # Rank by the text alone: the verb and kind a search asks for are the same on every match.
    f"INSERT INTO {PARAGRAPH_FTS}({PARAGRAPH_FTS}, rank) VALUES ('rank', 'bm25(1.0, 0.0, 0.0)')",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TITLE_FTS} USING fts5(
        title, content='resolutions_resolution', content_rowid='id', tokenize='{TOKENIZE}')""",
    f"""CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_ai
        AFTER INSERT ON resolutions_paragraph BEGIN
        {SQLITE_INDEX}
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_ad
        AFTER DELETE ON resolutions_paragraph BEGIN
        {SQLITE_UNINDEX}
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_au
        AFTER UPDATE OF {SQLITE_COLUMNS} ON resolutions_paragraph BEGIN
        {SQLITE_UNINDEX}
        {SQLITE_INDEX}
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS resolutions_resolution_fts_ai
        AFTER INSERT ON resolutions_resolution BEGIN
        INSERT INTO {TITLE_FTS}(rowid, title) VALUES (new.id, new.title);
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS resolutions_resolution_fts_ad
        AFTER DELETE ON resolutions_resolution BEGIN
        INSERT INTO {TITLE_FTS}({TITLE_FTS}, rowid, title) VALUES ('delete', old.id, old.title);
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS resolutions_resolution_fts_au
        AFTER UPDATE OF title ON resolutions_resolution BEGIN
        INSERT INTO {TITLE_FTS}({TITLE_FTS}, rowid, title) VALUES ('delete', old.id, old.title);
        INSERT INTO {TITLE_FTS}(rowid, title) VALUES (new.id, new.title);
        END""",
]
SQLITE_TRIGGERS = [
    "resolutions_paragraph_fts_ai",
    "resolutions_paragraph_fts_ad",
    "resolutions_paragraph_fts_au",
    "resolutions_resolution_fts_ai",
    "resolutions_resolution_fts_ad",
    "resolutions_resolution_fts_au",
]
SQLITE_REBUILD = [
    f"INSERT INTO {PARAGRAPH_FTS}({PARAGRAPH_FTS}) VALUES ('rebuild')",
    f"INSERT INTO {TITLE_FTS}({TITLE_FTS}) VALUES ('rebuild')",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS] + [
    f"DROP TABLE IF EXISTS {PARAGRAPH_FTS}",
    f"DROP TABLE IF EXISTS {TITLE_FTS}",
]

# PostgreSQL's parser indexes "counter-terrorism" as three lexemes ("counter-terror",
# "counter", "terror"), which shifts positions and breaks phrase matching. Indexing a
# non-breaking hyphen (U+2011) instead makes it two words, as FTS5 sees them.
PG_DOCUMENT = "translate(coalesce({column}, ''), '-', '\u2011')"


def pg_row_function(name: str, column: str, expression: str) -> str:
    """A trigger function that sets NEW.`column` to `expression` before the row is written."""
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
    BEGIN
        NEW.{column} := {expression};
        RETURN NEW;
    END $$ LANGUAGE plpgsql"""


def pg_vector_function(name: str, column: str) -> str:
    document = PG_DOCUMENT.format(column=column)
    return pg_row_function(name, "search_vector", f"to_tsvector('english'::regconfig, {document})")


# PostgreSQL keeps them in a second tsvector (Paragraph.filter_vector), one token sequence per
# value after a letter that says which filter it is; a search asks for each as a phrase.
PG_TAG_PREFIXES = {"verb": "v", "kind": "k", "body": "b"}


def body_of(paragraph: str) -> str:
    return f"(SELECT body_id FROM resolutions_resolution WHERE id = {paragraph}.resolution_id)"


def pg_tags(paragraph: str, body_id: str) -> str:
    """A paragraph's tags (PG_TAG_PREFIXES) as a tsvector, in the "simple" configuration (no
    stemming, no stop words), from a paragraph row alias and an SQL body id."""
    v, k, b = (PG_TAG_PREFIXES[name] for name in ("verb", "kind", "body"))
    return (
        f"to_tsvector('simple', '{v}' || {paragraph}.verb || ' {k}' || {paragraph}.kind "
        f"|| ' {b}' || coalesce({body_id}::text, ''))"
    )


POSTGRES_CREATE = [
    # Inside a transaction with deferred foreign-key checks pending, PostgreSQL refuses
    # CREATE INDEX ("pending trigger events"): run those checks now.
    "SET CONSTRAINTS ALL IMMEDIATE",
    pg_vector_function("resolutions_paragraph_search_vector", "NEW.text"),
    pg_vector_function("resolutions_resolution_search_vector", "NEW.title"),
    pg_row_function(
        "resolutions_paragraph_filter_vector", "filter_vector", pg_tags("NEW", body_of("NEW"))
    ),
    f"""CREATE OR REPLACE FUNCTION resolutions_resolution_filter_vectors() RETURNS trigger AS $$
    BEGIN
        UPDATE resolutions_paragraph p SET filter_vector = {pg_tags("p", "NEW.body_id")}
        WHERE p.resolution_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS resolutions_paragraph_search_vector ON resolutions_paragraph",
    """CREATE TRIGGER resolutions_paragraph_search_vector
        BEFORE INSERT OR UPDATE OF text ON resolutions_paragraph
        FOR EACH ROW EXECUTE FUNCTION resolutions_paragraph_search_vector()""",
    "DROP TRIGGER IF EXISTS resolutions_paragraph_filter_vector ON resolutions_paragraph",
    """CREATE TRIGGER resolutions_paragraph_filter_vector
        BEFORE INSERT OR UPDATE OF verb, kind, resolution_id ON resolutions_paragraph
        FOR EACH ROW EXECUTE FUNCTION resolutions_paragraph_filter_vector()""",
    "DROP TRIGGER IF EXISTS resolutions_resolution_search_vector ON resolutions_resolution",
    """CREATE TRIGGER resolutions_resolution_search_vector
        BEFORE INSERT OR UPDATE OF title ON resolutions_resolution
        FOR EACH ROW EXECUTE FUNCTION resolutions_resolution_search_vector()""",
    "DROP TRIGGER IF EXISTS resolutions_resolution_filter_vectors ON resolutions_resolution",
    """CREATE TRIGGER resolutions_resolution_filter_vectors
        AFTER UPDATE OF body_id ON resolutions_resolution
        FOR EACH ROW WHEN (OLD.body_id IS DISTINCT FROM NEW.body_id)
        EXECUTE FUNCTION resolutions_resolution_filter_vectors()""",
    """CREATE INDEX IF NOT EXISTS resolutions_paragraph_search_vector_gin
        ON resolutions_paragraph USING GIN (search_vector)""",
    """CREATE INDEX IF NOT EXISTS resolutions_paragraph_filter_vector_gin
        ON resolutions_paragraph USING GIN (filter_vector)""",
    # The resolutions whose title matches a search, for the rank's title boost.
    """CREATE INDEX IF NOT EXISTS resolutions_resolution_search_vector_gin
        ON resolutions_resolution USING GIN (search_vector)""",
]
# RUM (github.com/postgrespro/rum; Debian: postgresql-15-rum) is a GIN-like index that also
# keeps each paragraph's id, so the newest matches of a query come out of the index in order
# instead of being read from the table and sorted. Optional: where the server has the
# extension and the user may create it, it is created with its index; otherwise nothing
# happens, and search reads the GIN index (resolutions.search.backends.postgres).
PG_RUM_INDEX = "resolutions_paragraph_search_vector_rum"
POSTGRES_RUM = f"""DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS rum;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'The rum extension is available but this user may not create it.';
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum') THEN
        CREATE INDEX IF NOT EXISTS {PG_RUM_INDEX} ON resolutions_paragraph
            USING rum (search_vector rum_tsvector_addon_ops, id)
            WITH (attach = 'id', to = 'search_vector');
    END IF;
END $$"""
POSTGRES_CREATE.append(POSTGRES_RUM)

POSTGRES_REBUILD = [
    "UPDATE resolutions_paragraph p SET search_vector = "
    f"to_tsvector('english'::regconfig, {PG_DOCUMENT.format(column='p.text')}), "
    f"filter_vector = {pg_tags('p', body_of('p'))}",
    "UPDATE resolutions_resolution SET search_vector = "
    f"to_tsvector('english'::regconfig, {PG_DOCUMENT.format(column='title')})",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS resolutions_paragraph_search_vector ON resolutions_paragraph",
    "DROP TRIGGER IF EXISTS resolutions_resolution_search_vector ON resolutions_resolution",
    "DROP TRIGGER IF EXISTS resolutions_paragraph_filter_vector ON resolutions_paragraph",
    "DROP TRIGGER IF EXISTS resolutions_resolution_filter_vectors ON resolutions_resolution",
    "DROP FUNCTION IF EXISTS resolutions_paragraph_search_vector()",
    "DROP FUNCTION IF EXISTS resolutions_resolution_search_vector()",
    "DROP FUNCTION IF EXISTS resolutions_paragraph_filter_vector()",
    "DROP FUNCTION IF EXISTS resolutions_resolution_filter_vectors()",
    "DROP INDEX IF EXISTS resolutions_paragraph_search_vector_gin",
    "DROP INDEX IF EXISTS resolutions_paragraph_filter_vector_gin",
    "DROP INDEX IF EXISTS resolutions_resolution_search_vector_gin",
    f"DROP INDEX IF EXISTS {PG_RUM_INDEX}",
]


# Bulk writes (generate_corpus, removing synthetic data) suspend per-row index upkeep and
# build the index once afterwards with "create" and "rebuild": on SQLite the FTS triggers are
# dropped; on PostgreSQL the tsvector trigger stays (cheap per row) but the GIN (and RUM)
# indexes are dropped, since building them once is far faster than growing them row by row.
SQLITE_SUSPEND = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
POSTGRES_SUSPEND = [
    "DROP INDEX IF EXISTS resolutions_paragraph_search_vector_gin",
    "DROP INDEX IF EXISTS resolutions_paragraph_filter_vector_gin",
    f"DROP INDEX IF EXISTS {PG_RUM_INDEX}",
]


def statements(vendor: str, action: str) -> list[str]:
    """The SQL for `action` ("create", "rebuild", "drop" or "suspend") on a database `vendor`."""
    table = {
        ("sqlite", "suspend"): SQLITE_SUSPEND,
        ("postgresql", "suspend"): POSTGRES_SUSPEND,
        ("sqlite", "create"): SQLITE_CREATE,
        ("sqlite", "rebuild"): SQLITE_REBUILD,
        ("sqlite", "drop"): SQLITE_DROP,
        ("postgresql", "create"): POSTGRES_CREATE,
        ("postgresql", "rebuild"): POSTGRES_REBUILD,
        ("postgresql", "drop"): POSTGRES_DROP,
    }
    return table.get((vendor, action), [])


def run(connection, action: str) -> None:
    """Execute `action`'s statements on a Django database connection."""
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, action):
            cursor.execute(sql)


def missing_objects(connection) -> list[str]:
    """Names of search tables or triggers that should exist on this database but do not."""
    if connection.vendor == "sqlite":
        expected = [PARAGRAPH_FTS, TITLE_FTS, *SQLITE_TRIGGERS]
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            present = {row[0] for row in cursor.fetchall()}
    elif connection.vendor == "postgresql":
        expected = [
            "resolutions_paragraph_search_vector",
            "resolutions_resolution_search_vector",
            "resolutions_paragraph_filter_vector",
            "resolutions_resolution_filter_vectors",
        ]
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            present = {row[0] for row in cursor.fetchall()}
    else:
        return []
    return [name for name in expected if name not in present]
