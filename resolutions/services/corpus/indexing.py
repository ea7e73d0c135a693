"""Suspend the full-text index during bulk writes and build it once afterwards."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from resolutions.search import schema


@contextlib.contextmanager
def bulk_index(connection, *, rebuild: bool = True) -> Iterator[None]:
    """Drop per-row index upkeep for the block, then re-create it and re-index, even when the
    block fails (a half-written batch is rolled back; the index must still match the table)."""
    schema.run(connection, "suspend")
    try:
        yield
    finally:
        schema.run(connection, "create")
        if connection.vendor == "sqlite" and rebuild:
            schema.run(connection, "rebuild")
        analyze(connection)


def analyze(connection) -> None:
    """Refresh the planner's statistics after a bulk change."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
