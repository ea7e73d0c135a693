"""Index each paragraph's verb and kind beside its text (on PostgreSQL its body too, in
Paragraph.filter_vector), so that a search with those filters is narrowed inside the index.

The search objects are dropped and made again from the current schema; going back restores
the previous ones, as they were in 0005 (_search_schema_0005)."""

import django.contrib.postgres.search
from django.db import migrations

from resolutions.migrations import _search_schema_0005 as before
from resolutions.search import schema


def create_tagged_index(apps, schema_editor):
    connection = schema_editor.connection
    schema.run(connection, "drop")
    schema.run(connection, "create")
    schema.run(connection, "rebuild")


def restore_untagged_index(apps, schema_editor):
    connection = schema_editor.connection
    schema.run(connection, "drop")
    before.run(connection, "create")
    if connection.vendor == "sqlite":
        # PostgreSQL's tsvectors of the text are untouched; SQLite's index is made again.
        before.run(connection, "rebuild")


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
        migrations.RunPython(create_tagged_index, restore_untagged_index, elidable=False),
    ]
