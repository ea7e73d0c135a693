from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_search_objects(sender, using="default", **kwargs) -> None:
    """After every migrate: SQLite rebuilds a table for many schema changes and silently drops
    its triggers, so the (idempotent) search objects are re-created each time."""
    from django.db import connections

    from resolutions.search import schema

    connection = connections[using]
    if "resolutions_paragraph" in connection.introspection.table_names():
        schema.run(connection, "create")


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = "Resolutions"

    def ready(self) -> None:
        from resolutions import checks  # noqa: F401  (registers the system checks)

        post_migrate.connect(ensure_search_objects, sender=self)
