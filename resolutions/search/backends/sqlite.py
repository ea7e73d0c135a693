"""SQLite FTS5: an external-content index over paragraph text, joined on rowid."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections
from django.db.models import F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from resolutions.search import schema
from resolutions.search.query import Atom, Phrase, Query

from .base import HIT_END, HIT_START, SNIPPET_WORDS, SearchBackend

TITLE_BOOST = 1.5


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

    def match(self, paragraphs: QuerySet, query: Query) -> QuerySet:
        return paragraphs.filter(index_entry__match=to_fts5(query))

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
