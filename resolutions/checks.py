"""System checks: the search triggers can vanish (an SQLite table remake drops them)."""

from django.core.checks import Warning, register
from django.db import DatabaseError, connections

from resolutions.search import schema


@register("database")
def search_index_objects(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        try:
            if "resolutions_paragraph" not in connection.introspection.table_names():
                continue  # not migrated yet: `migrate` creates them
            missing = schema.missing_objects(connection)
        except DatabaseError:
            continue
        if missing:
            errors.append(
                Warning(
                    f"Full-text search objects are missing: {', '.join(missing)}.",
                    hint="Run `python manage.py rebuild_search_index` to re-create them.",
                    id="resolutions.W001",
                )
            )
    return errors
