"""The small interface every search engine implements."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from resolutions.search.query import Query

# Private-use characters that never occur in stored text mark the start and end of a hit, so
# that highlighting can be escaped first and turned into <mark> afterwards.
HIT_START = "\ue000"
HIT_END = "\ue001"
SNIPPET_WORDS = 32
# Seconds one search may spend in the database before it is stopped and reported as too
# broad, so that one pathological query cannot hold a worker.
DEFAULT_TIME_LIMIT = 3.0
# A match in a resolution's title raises the rank of each of its matching paragraphs.
TITLE_BOOST = 1.5


def time_limit_seconds() -> float:
    return float(getattr(settings, "RESOLUTIONS_SEARCH_TIME_LIMIT", DEFAULT_TIME_LIMIT))


class SearchUnavailable(Exception):
    """The database has no full-text search set up (or an unknown engine)."""


class SearchTooBroad(Exception):
    """The engine gave up on a query within its time limit."""


@dataclass(frozen=True, slots=True)
class Narrowing:
    """The values of a search's filters that an engine's index may hold beside the text
    (resolutions.search.schema), so that it can skip, inside the index, paragraphs that
    cannot pass them. The filters themselves are still applied: results never depend on it."""

    verb: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    body: tuple[int, ...] = ()

    def in_use(self, names: tuple[str, ...]) -> list[tuple[str, tuple]]:
        """(filter, values) for those of `names` the search uses; a match has one value of each."""
        return [(name, getattr(self, name)) for name in names if getattr(self, name)]


class SearchBackend:
    """Match paragraphs against a parsed query, rank them, and mark hits in snippets."""

    vendor = ""
    # The paragraph key in the order this engine can walk matches cheaply, newest first;
    # search windows are cut on it (see resolutions.search.service).
    window_key = "pk"
    # The join that keeps the table on its left driving (see lookup_join).
    join = "JOIN"

    def __init__(self, using: str = "default") -> None:
        self.using = using

    def match(
        self, paragraphs: QuerySet, query: Query, narrowing: Narrowing | None = None
    ) -> QuerySet:
        """Restrict `paragraphs` to those whose text matches `query` (and whose tags match
        `narrowing`, which never removes a paragraph that passes the filters)."""
        raise NotImplementedError

    def window(
        self, matched: QuerySet, query: Query | None, columns: tuple[str, ...], limit: int
    ) -> list[tuple]:
        """Up to `limit` rows of `columns` of `matched`, most recently added first, with the
        rank appended when there is a query: the search window (resolutions.search.service).
        Read with a plain cursor: tuples, no models."""
        rows = matched.order_by(f"-{self.window_key}" if query is not None else "-pk")
        if query is not None:
            rows = self.rank(rows, query)
            columns = (*columns, "rank")
        return self.fetch(rows.values_list(*columns)[:limit])

    def fetch(self, queryset: QuerySet, around: str = "{sql}", before: tuple = ()) -> list[tuple]:
        """The rows of `queryset` as plain tuples; `around` may wrap its SQL in an outer query
        whose own parameters, `before`, come first."""
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing: no query to run
            return []
        return self.fetch_sql(around.format(sql=sql), (*before, *params))

    def fetch_sql(self, sql: str, params: Sequence[Any]) -> list[tuple]:
        """The rows of a statement written as SQL, as plain tuples."""
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def id_table(self, ids: list[int]) -> tuple[str, list]:
        """SQL for a one-column table (`id`) of `ids`, sent as one parameter: thousands of
        values would otherwise be thousands of parameters to parse and plan."""
        raise NotImplementedError

    def count_tables(self, counts: Mapping[int, int]) -> tuple[tuple[str, list], tuple[str, list]]:
        """SQL for a one-column table (`id`) of the keys of `counts`, and for a two-column
        table (`id`, `n`) of `counts`: the keys are written out once for both."""
        raise NotImplementedError

    def lookup_join(self, table: str, alias: str, condition: str) -> str:
        """SQL joining the rows of `table` (as `alias`) that meet `condition` to the rows on
        its left (a table of a few thousand ids), each looked up in an index: the ids drive
        the join, instead of the planner reading the whole table to meet them."""
        return f"{self.join} {table} {alias} ON {condition}"

    def titled(self, query: Query) -> tuple[str, list]:
        """SQL for the ids of the resolutions whose title matches `query`."""
        raise NotImplementedError

    def title_boost(self, query: Query, resolution_column: str) -> tuple[str, list]:
        """SQL for a paragraph's rank factor: TITLE_BOOST when the title of its resolution
        (`resolution_column`, its id) matches `query`, else 1. Computed with the rank in the
        window's statement, where it costs no measurable time, instead of in Python."""
        sql, params = self.titled(query)
        return f"(CASE WHEN {resolution_column} IN ({sql}) THEN {TITLE_BOOST} ELSE 1 END)", params

    def rank(self, matched: QuerySet, query: Query) -> QuerySet:
        """Annotate `rank` (higher is better, title_boost included) on a queryset returned by
        `match`: what `window` orders by. An engine that writes its own ranked window
        statement (PostgreSQL) has no need of it."""
        raise NotImplementedError

    def with_snippets(self, paragraphs: QuerySet, query: Query) -> QuerySet:
        """`paragraphs` (a page's few, all matching `query`) annotated with `snippet`: an
        excerpt of the text with its hits between HIT_START and HIT_END."""
        raise NotImplementedError

    @contextlib.contextmanager
    def time_limit(self, seconds: float | None = None) -> Iterator[None]:
        """Stop the database work inside the block after `seconds`: raise SearchTooBroad."""
        yield

    def rebuild(self) -> int:
        """Re-create the engine's index objects and re-index everything; returns paragraphs."""
        raise NotImplementedError
