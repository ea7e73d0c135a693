from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def ensure_search_objects(sender, using="default", **kwargs) -> None:
    """After every migrate: SQLite rebuilds a table for many schema changes and silently drops
    its triggers, so the (idempotent) search objects are re-created each time; but only at the
    latest migration, the one the schema module describes (not after migrating back)."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    from resolutions.search import schema

    connection = connections[using]
    if "resolutions_paragraph" not in connection.introspection.table_names():
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes(sender.label)):
        return
    schema.run(connection, "create")
    note_search_indexes(sender, connection)


def note_search_indexes(sender, connection, **kwargs) -> None:
    """Which optional search indexes a PostgreSQL database has (see schema.POSTGRES_RUM)."""
    if connection.vendor == "postgresql":
        from resolutions.search.backends.postgres import note_rum_index

        note_rum_index(connection)


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = "Resolutions"

    def ready(self) -> None:
        from resolutions import checks  # noqa: F401  (registers the system checks)

        post_migrate.connect(ensure_search_objects, sender=self)
        connection_created.connect(note_search_indexes)
