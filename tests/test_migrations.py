"""The search index migration goes forwards and back with the archive's data in place."""

import json

import pytest
from django.core.management import call_command
from django.db import connection

from tests.test_search import found, fts_integrity_check


def search_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_filter_index_migration_goes_back_and_forth(client):
    call_command("load_resolutions", verbosity=0)
    narrowed = {"q": "terrorism", "verb": ["request", "urge"], "kind": "operative"}
    before = found(client, **narrowed)
    assert before

    call_command("migrate", "resolutions", "0005", verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'resolutions_paragraph_fts'")
            assert "text, content=" in " ".join(cursor.fetchone()[0].split())
        assert "resolutions_paragraph_fts_ai" in search_triggers()
        fts_integrity_check()
    else:
        assert not {t for t in search_triggers() if "filter_vector" in t}

    call_command("migrate", "resolutions", verbosity=0)
    fts_integrity_check()
    assert found(client, **narrowed) == before


@pytest.mark.django_db
def test_postgres_estimates_kind_and_verb_together(seeded):
    """A verb all but decides the kind; without the extended statistics of migration 0007 the
    planner multiplies the two filters' selectivities and estimates far fewer matches."""
    if connection.vendor != "postgresql":
        pytest.skip("extended statistics are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT verb, count(*) FROM resolutions_paragraph WHERE kind = 'operative' "
            "AND verb <> '' GROUP BY verb ORDER BY count(*) DESC, verb LIMIT 1"
        )
        verb, matches = cursor.fetchone()
        cursor.execute("ANALYZE resolutions_paragraph")
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT id FROM resolutions_paragraph "
            "WHERE kind = 'operative' AND verb = %s",
            [verb],
        )
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    assert plan[0]["Plan"]["Plan Rows"] >= 0.8 * matches


@pytest.mark.django_db(transaction=True)
def test_title_index_migration_goes_back_and_forth():
    """Migration 0008: the index behind the title boost, on PostgreSQL (SQLite has FTS5)."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL index")

    def indexed() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE tablename = 'resolutions_resolution' "
                "AND indexdef LIKE '%USING gin (search_vector)%'"
            )
            return cursor.fetchone() is not None

    assert indexed()
    call_command("migrate", "resolutions", "0007", verbosity=0)
    assert not indexed()
    call_command("migrate", "resolutions", verbosity=0)
    assert indexed()
