"""Pick the search engine from the database in use; views only ever see `SearchBackend`."""

from __future__ import annotations

import contextlib

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


def time_limit(using: str = "default", seconds: float | None = None):
    """The engine's time limit for a block of search queries (a no-op on other engines)."""
    try:
        return get_backend(using).time_limit(seconds)
    except SearchUnavailable:
        return contextlib.nullcontext()


__all__ = ["SearchBackend", "SearchTooBroad", "SearchUnavailable", "get_backend", "time_limit"]
