"""SQLite FTS5: an external-content index over paragraph text, joined on rowid."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator, Mapping

from django.db import OperationalError, connections
from django.db.models import ExpressionWrapper, F, FloatField, QuerySet, TextField
from django.db.models.expressions import RawSQL

from resolutions.search import schema
from resolutions.search.query import Atom, Phrase, Query

from .base import (
    HIT_END,
    HIT_START,
    SNIPPET_WORDS,
    Narrowing,
    SearchBackend,
    SearchTooBroad,
    time_limit_seconds,
)

# SQLite calls the progress handler every this many virtual-machine instructions: a few
# milliseconds of work, close enough to a deadline of seconds, and few Python calls.
PROGRESS_STEPS = 100_000


def fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5_atom(atom: Atom) -> str:
    # Every token is a quoted string (inner quotes doubled), so no user text is ever read as
    # FTS5 syntax: no column filters, no operators, no unbalanced quotes.
    if isinstance(atom, Phrase):
        return fts5_string(" ".join(atom.words))
    return fts5_string(atom.word) + ("*" if atom.prefix else "")


def to_fts5(query: Query) -> str:
    """Render a parsed query as an FTS5 MATCH expression."""
    clauses = []
    for clause in query.clauses:
        parts = [fts5_atom(a) for a in clause]
        clauses.append(parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")")
    expression = " AND ".join(clauses)
    if query.excluded:
        # FTS5's NOT is binary: it must follow a positive expression.
        expression = f"({expression})" + "".join(f" NOT {fts5_atom(a)}" for a in query.excluded)
    return expression


# The filters whose values the paragraph FTS table indexes in columns of their own.
INDEXED_FILTERS = tuple(c for c in schema.SQLITE_INDEXED_COLUMNS if c != "text")


def to_fts5_text(query: Query, narrowing: Narrowing | None = None) -> str:
    """The MATCH expression for the paragraph table: the query in the text column, and the
    values of the filters in use in their own columns (schema.SQLITE_INDEXED_COLUMNS)."""
    expression = f"text : ({to_fts5(query)})"
    for name, values in narrowing.in_use(INDEXED_FILTERS) if narrowing else ():
        expression += f" AND {name} : (" + " OR ".join(fts5_string(str(v)) for v in values) + ")"
    return expression


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"
    # FTS5 yields matches in rowid order (descending too) without sorting them; ordering by
    # the paragraph's own id instead makes SQLite collect and sort every match first.
    window_key = "index_entry__paragraph_id"
    # SQLite's planner otherwise walks every row of the joined table and probes the ids for
    # each; CROSS JOIN is how SQLite is told to keep the order written.
    join = "CROSS JOIN"

    def match(
        self, paragraphs: QuerySet, query: Query, narrowing: Narrowing | None = None
    ) -> QuerySet:
        return paragraphs.filter(index_entry__match=to_fts5_text(query, narrowing))

    def rank(self, matched: QuerySet, query: Query) -> QuerySet:
        table = connections[self.using].ops.quote_name(matched.model._meta.db_table)
        boost = RawSQL(*self.title_boost(query, f"{table}.resolution_id"))
        # bm25 is lower-is-better; negate it so that every engine ranks higher-is-better.
        return matched.annotate(
            rank=ExpressionWrapper(-F("index_entry__rank") * boost, output_field=FloatField())
        )

    def id_table(self, ids: list[int]) -> tuple[str, list]:
        return "SELECT value AS id FROM json_each(%s)", [json.dumps(ids)]

    def count_tables(self, counts: Mapping[int, int]) -> tuple[tuple[str, list], tuple[str, list]]:
        encoded = json.dumps(counts)
        return (
            ("SELECT CAST(key AS INTEGER) AS id FROM json_each(%s)", [encoded]),
            ("SELECT CAST(key AS INTEGER) AS id, value AS n FROM json_each(%s)", [encoded]),
        )

    def titled(self, query: Query) -> tuple[str, list]:
        fts = schema.TITLE_FTS
        return f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [to_fts5(query)]

    def with_snippets(self, paragraphs: QuerySet, query: Query) -> QuerySet:
        # snippet() needs the MATCH in the same query; for a page's few rows FTS5 evaluates
        # it once per row, which is cheap.
        excerpt = RawSQL(
            f"snippet({schema.PARAGRAPH_FTS}, 0, %s, %s, '…', %s)",
            [HIT_START, HIT_END, SNIPPET_WORDS],
            output_field=TextField(),
        )
        return self.match(paragraphs, query).annotate(snippet=excerpt)

    @contextlib.contextmanager
    def time_limit(self, seconds: float | None = None) -> Iterator[None]:
        # SQLite has no statement timeout: a progress handler that returns non-zero once the
        # deadline has passed interrupts the running statement ("interrupted").
        connection = connections[self.using]
        connection.ensure_connection()
        raw = connection.connection
        deadline = time.monotonic() + (seconds if seconds is not None else time_limit_seconds())
        expired = False

        def check() -> int:
            nonlocal expired
            expired = time.monotonic() > deadline
            return int(expired)

        raw.set_progress_handler(check, PROGRESS_STEPS)
        try:
            yield
        except OperationalError as exc:
            if expired or "interrupted" in str(exc):
                raise SearchTooBroad(str(exc)) from exc
            raise
        finally:
            raw.set_progress_handler(None, 0)

    def rebuild(self) -> int:
        connection = connections[self.using]
        schema.run(connection, "create")
        schema.run(connection, "rebuild")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {schema.PARAGRAPH_FTS}({schema.PARAGRAPH_FTS}, rank) "
                "VALUES ('integrity-check', 1)"
            )
            cursor.execute("SELECT count(*) FROM resolutions_paragraph")
            return cursor.fetchone()[0]
