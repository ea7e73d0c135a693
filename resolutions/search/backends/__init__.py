"""Pick the search engine from the database in use; views only ever see `SearchBackend`."""

from __future__ import annotations

from django.db import connections

from .base import SearchBackend, SearchTooBroad, SearchUnavailable


def get_backend(using: str = "default") -> SearchBackend:
    vendor = connections[using].vendor
    if vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend(using)
    if vendor == "sqlite":
        from .sqlite import SQLiteBackend

        return SQLiteBackend(using)
    raise SearchUnavailable(f"Full-text search is not available on {vendor}.")


__all__ = ["SearchBackend", "SearchTooBroad", "SearchUnavailable", "get_backend"]
