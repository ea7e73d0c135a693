"""SQLite FTS5: an external-content index over paragraph text, joined on rowid."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator

from django.db import OperationalError, connections
from django.db.models import BooleanField, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from resolutions.models import Paragraph
from resolutions.search import schema
from resolutions.search.query import Atom, Phrase, Query

from .base import (
    HIT_END,
    HIT_START,
    SNIPPET_WORDS,
    SearchBackend,
    SearchTooBroad,
    time_limit_seconds,
)

TITLE_BOOST = 1.5
# SQLite calls the progress handler every this many virtual-machine instructions.
PROGRESS_STEPS = 20_000


def fts5_atom(atom: Atom) -> str:
    # Every token is a quoted string (inner quotes doubled), so no user text is ever read as
    # FTS5 syntax: no column filters, no operators, no unbalanced quotes.
    if isinstance(atom, Phrase):
        return '"' + " ".join(atom.words).replace('"', '""') + '"'
    return '"' + atom.word.replace('"', '""') + '"' + ("*" if atom.prefix else "")


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


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"
    # FTS5 yields matches in rowid order (descending too) without sorting them; ordering by
    # the paragraph's own id instead makes SQLite collect and sort every match first.
    window_key = "index_entry__pk"

    def match(self, paragraphs: QuerySet, query: Query) -> QuerySet:
        return paragraphs.filter(index_entry__match=to_fts5(query))

    def only(self, keys: list[int], query: Query) -> QuerySet:
        # bm25 needs the MATCH in the same query. But FTS5 answers "rowid IN (...)" with one
        # MATCH evaluation per key (seconds for thousands); a rowid range narrows its doclist
        # walk instead, and the unary "+" keeps SQLite from handing the IN list to FTS5: it
        # becomes a cheap check on each match.
        matched = self.match(Paragraph.objects.all(), query)
        if not keys:
            return matched.none()
        membership = RawSQL(
            f"+{schema.PARAGRAPH_FTS}.rowid IN ({', '.join(['%s'] * len(keys))})",
            keys,
            output_field=BooleanField(),
        )
        in_range = matched.filter(index_entry__pk__gte=min(keys), index_entry__pk__lte=max(keys))
        return in_range.filter(membership)

    def rank(self, matched: QuerySet, query: Query) -> QuerySet:
        expression = to_fts5(query)
        title_match = RawSQL(
            f"CASE WHEN resolutions_paragraph.resolution_id IN (SELECT rowid FROM "
            f"{schema.TITLE_FTS} WHERE {schema.TITLE_FTS} MATCH %s) "
            f"THEN {TITLE_BOOST} ELSE 1.0 END",
            [expression],
            output_field=FloatField(),
        )
        # bm25 is lower-is-better; negate it so that every engine ranks higher-is-better.
        return matched.annotate(rank=-F("index_entry__rank") * title_match)

    def snippets(self, paragraph_ids: Iterable[int], query: Query) -> dict[int, str]:
        ids = list(paragraph_ids)
        if not ids:
            return {}
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, snippet({schema.PARAGRAPH_FTS}, 0, %s, %s, '…', %s) "
            f"FROM {schema.PARAGRAPH_FTS} WHERE {schema.PARAGRAPH_FTS} MATCH %s "
            f"AND rowid IN ({placeholders})"
        )
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, [HIT_START, HIT_END, SNIPPET_WORDS, to_fts5(query), *ids])
            return dict(cursor.fetchall())

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
