"""SQLite's write-ahead log during a load: copied back into the database less often, and
once when the load ends."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection as default_connection

# Log pages (4 KiB each, so about 100 MiB) after which a commit copies the log back into the
# database during a load; SQLite's default is 1,000.
LOAD_AUTOCHECKPOINT_PAGES = 25_000


@contextlib.contextmanager
def checkpoint_at_end(connection=default_connection) -> Iterator[None]:
    """On a SQLite file, let the log grow to LOAD_AUTOCHECKPOINT_PAGES during the block and
    copy it back once at its end. Every text's transaction writes the same pages again (the
    full-text index's, the last leaves of each index): at the default, every fifth text's
    commit copied them all back and waited for the disk (docs/performance.md, point 24).
    Elsewhere (PostgreSQL, a memory database) this does nothing."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA wal_autocheckpoint = {LOAD_AUTOCHECKPOINT_PAGES:d}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(before):d}")
            if not connection.in_atomic_block:
                # PASSIVE: readers (a running server) are never waited for; what they still
                # hold is copied back by a later commit's checkpoint.
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
