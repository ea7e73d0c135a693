"""The search objects as migrations 0002 to 0005 made them, frozen here so that those
migrations (and going back from 0006) do not depend on resolutions.search.schema, which
describes the current ones. Not a migration: the loader skips modules starting with "_"."""

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS resolutions_paragraph_fts USING fts5(
        text, content='resolutions_paragraph', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS resolutions_resolution_fts USING fts5(
        title, content='resolutions_resolution', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_ai
        AFTER INSERT ON resolutions_paragraph BEGIN
        INSERT INTO resolutions_paragraph_fts(rowid, text) VALUES (new.id, new.text);
        END""",
    """CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_ad
        AFTER DELETE ON resolutions_paragraph BEGIN
        INSERT INTO resolutions_paragraph_fts(resolutions_paragraph_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
        END""",
    """CREATE TRIGGER IF NOT EXISTS resolutions_paragraph_fts_au
        AFTER UPDATE OF text ON resolutions_paragraph BEGIN
        INSERT INTO resolutions_paragraph_fts(resolutions_paragraph_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
        INSERT INTO resolutions_paragraph_fts(rowid, text) VALUES (new.id, new.text);
        END""",
    """CREATE TRIGGER IF NOT EXISTS resolutions_resolution_fts_ai
        AFTER INSERT ON resolutions_resolution BEGIN
        INSERT INTO resolutions_resolution_fts(rowid, title) VALUES (new.id, new.title);
        END""",
    """CREATE TRIGGER IF NOT EXISTS resolutions_resolution_fts_ad
        AFTER DELETE ON resolutions_resolution BEGIN
        INSERT INTO resolutions_resolution_fts(resolutions_resolution_fts, rowid, title) VALUES ('delete', old.id, old.title);
        END""",
    """CREATE TRIGGER IF NOT EXISTS resolutions_resolution_fts_au
        AFTER UPDATE OF title ON resolutions_resolution BEGIN
        INSERT INTO resolutions_resolution_fts(resolutions_resolution_fts, rowid, title) VALUES ('delete', old.id, old.title);
        INSERT INTO resolutions_resolution_fts(rowid, title) VALUES (new.id, new.title);
        END""",
]

SQLITE_REBUILD = [
    """INSERT INTO resolutions_paragraph_fts(resolutions_paragraph_fts) VALUES ('rebuild')""",
    """INSERT INTO resolutions_resolution_fts(resolutions_resolution_fts) VALUES ('rebuild')""",
]

SQLITE_DROP = [
    """DROP TRIGGER IF EXISTS resolutions_paragraph_fts_ai""",
    """DROP TRIGGER IF EXISTS resolutions_paragraph_fts_ad""",
    """DROP TRIGGER IF EXISTS resolutions_paragraph_fts_au""",
    """DROP TRIGGER IF EXISTS resolutions_resolution_fts_ai""",
    """DROP TRIGGER IF EXISTS resolutions_resolution_fts_ad""",
    """DROP TRIGGER IF EXISTS resolutions_resolution_fts_au""",
    """DROP TABLE IF EXISTS resolutions_paragraph_fts""",
    """DROP TABLE IF EXISTS resolutions_resolution_fts""",
]

POSTGRES_CREATE = [
    """SET CONSTRAINTS ALL IMMEDIATE""",
    """CREATE OR REPLACE FUNCTION resolutions_paragraph_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('english'::regconfig, translate(coalesce(NEW.text, ''), '-', '‑'));
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION resolutions_resolution_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('english'::regconfig, translate(coalesce(NEW.title, ''), '-', '‑'));
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """DROP TRIGGER IF EXISTS resolutions_paragraph_search_vector ON resolutions_paragraph""",
    """CREATE TRIGGER resolutions_paragraph_search_vector
        BEFORE INSERT OR UPDATE OF text ON resolutions_paragraph
        FOR EACH ROW EXECUTE FUNCTION resolutions_paragraph_search_vector()""",
    """DROP TRIGGER IF EXISTS resolutions_resolution_search_vector ON resolutions_resolution""",
    """CREATE TRIGGER resolutions_resolution_search_vector
        BEFORE INSERT OR UPDATE OF title ON resolutions_resolution
        FOR EACH ROW EXECUTE FUNCTION resolutions_resolution_search_vector()""",
    """CREATE INDEX IF NOT EXISTS resolutions_paragraph_search_vector_gin
        ON resolutions_paragraph USING GIN (search_vector)""",
    """DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS rum;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'The rum extension is available but this user may not create it.';
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum') THEN
        CREATE INDEX IF NOT EXISTS resolutions_paragraph_search_vector_rum ON resolutions_paragraph
            USING rum (search_vector rum_tsvector_addon_ops, id)
            WITH (attach = 'id', to = 'search_vector');
    END IF;
END $$""",
]

POSTGRES_REBUILD = [
    """UPDATE resolutions_paragraph SET search_vector = to_tsvector('english'::regconfig, translate(coalesce(text, ''), '-', '‑'))""",
    """UPDATE resolutions_resolution SET search_vector = to_tsvector('english'::regconfig, translate(coalesce(title, ''), '-', '‑'))""",
]

POSTGRES_DROP = [
    """DROP TRIGGER IF EXISTS resolutions_paragraph_search_vector ON resolutions_paragraph""",
    """DROP TRIGGER IF EXISTS resolutions_resolution_search_vector ON resolutions_resolution""",
    """DROP FUNCTION IF EXISTS resolutions_paragraph_search_vector()""",
    """DROP FUNCTION IF EXISTS resolutions_resolution_search_vector()""",
    """DROP INDEX IF EXISTS resolutions_paragraph_search_vector_gin""",
    """DROP INDEX IF EXISTS resolutions_paragraph_search_vector_rum""",
]

STATEMENTS = {
    ("sqlite", "create"): SQLITE_CREATE,
    ("sqlite", "rebuild"): SQLITE_REBUILD,
    ("sqlite", "drop"): SQLITE_DROP,
    ("postgresql", "create"): POSTGRES_CREATE,
    ("postgresql", "rebuild"): POSTGRES_REBUILD,
    ("postgresql", "drop"): POSTGRES_DROP,
}


def run(connection, action: str) -> None:
    with connection.cursor() as cursor:
        for sql in STATEMENTS.get((connection.vendor, action), []):
            cursor.execute(sql)
