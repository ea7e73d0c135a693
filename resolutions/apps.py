from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def ensure_search_objects(sender, using="default", plan=None, **kwargs) -> None:
    """After every migrate: SQLite rebuilds a table for many schema changes and silently drops
    its triggers, so the (idempotent) search objects are re-created each time; but only when
    the database is at the latest migration, the one the schema module describes (not after
    migrating back or to an earlier migration). A flush (no plan) leaves it where it was."""
    from django.db import connections

    from resolutions.search import schema

    connection = connections[using]
    if "resolutions_paragraph" not in connection.introspection.table_names():
        return
    if plan is not None and not at_latest_migration(connection, sender.label):
        return
    schema.run(connection, "create")
    note_search_indexes(sender, connection)


def at_latest_migration(connection, app_label: str) -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes(app_label))


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
