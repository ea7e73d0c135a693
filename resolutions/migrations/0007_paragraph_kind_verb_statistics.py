"""PostgreSQL: statistics on how a paragraph's kind and verb go together.

A verb all but decides the kind ("urges" opens operative paragraphs, "recalling" preambular
ones), but the planner multiplies the two filters' selectivities as if they were
independent, and estimated a search filtered by both at about half its matches. With that
estimate, reading every match and sorting them looked as cheap as walking the newest
paragraphs backwards: on the 50,000-text corpus it chose the former after one ANALYZE and
the latter after another (229 against 52 ms for the same search). Extended statistics give
it the dependency. SQLite has no such statistics; nothing to do there."""

from django.db import migrations

STATISTICS = "resolutions_paragraph_kind_verb_stats"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (dependencies, ndistinct, mcv) "
        "ON kind, verb FROM resolutions_paragraph"
    )
    # Extended statistics are gathered by ANALYZE: the planner has them from now on.
    schema_editor.execute("ANALYZE resolutions_paragraph")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0006_search_filter_tags"),
    ]

    operations = [
        migrations.RunPython(create_statistics, drop_statistics, elidable=False),
    ]
