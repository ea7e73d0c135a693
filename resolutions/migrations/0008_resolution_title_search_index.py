"""PostgreSQL: a GIN index on resolution titles' tsvector.

A search's rank is raised for paragraphs of resolutions whose title matches it; the window's
statement now asks which those are once, by this index, instead of testing the title of each
resolution of the window in a later statement. SQLite's title index (FTS5) is already there."""

from django.db import migrations

INDEX = "resolutions_resolution_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON resolutions_resolution USING GIN (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0007_paragraph_kind_verb_statistics"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
