"""PostgreSQL full-text search: a stored tsvector per paragraph with a GIN index."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import OperationalError, connections, transaction
from django.db.models import BooleanField, Case, F, FloatField, QuerySet, Value, When
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

CONFIG = "english"
TITLE_BOOST = 1.5
QUERY_CANCELED = "57014"  # SQLSTATE of a statement stopped by statement_timeout


def quote_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_atom(atom: Atom) -> tuple[str, list[str]]:
    # Values travel as bound parameters; phraseto_tsquery never raises on any text, and the
    # single lexemes given to to_tsquery are quoted, so user text is never tsquery syntax.
    if isinstance(atom, Phrase):
        return f"phraseto_tsquery('{CONFIG}', %s)", [" ".join(atom.words)]
    lexeme = quote_lexeme(atom.word) + (":*" if atom.prefix else "")
    return f"to_tsquery('{CONFIG}', %s)", [lexeme]


def to_tsquery_sql(query: Query) -> tuple[str, list[str]]:
    """Render a parsed query as an SQL expression of type tsquery, with its parameters."""
    sql_parts, params = [], []
    for clause in query.clauses:
        rendered = [tsquery_atom(a) for a in clause]
        sql_parts.append("(" + " || ".join(sql for sql, _ in rendered) + ")")
        params += [p for _, ps in rendered for p in ps]
    for atom in query.excluded:
        sql, ps = tsquery_atom(atom)
        sql_parts.append(f"!!({sql})")
        params += ps
    return "(" + " && ".join(sql_parts) + ")", params


class RawSearchQuery(SearchQuery):
    """A tsquery built by `to_tsquery_sql`, usable wherever Django expects a SearchQuery."""

    def __init__(self, sql: str, params: list[str]) -> None:
        self.raw_sql, self.raw_params = sql, params
        super().__init__(Value(""), search_type="raw")

    def as_sql(self, compiler, connection, **extra_context):
        return self.raw_sql, list(self.raw_params)


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def match(self, paragraphs: QuerySet, query: Query) -> QuerySet:
        return paragraphs.filter(search_vector=RawSearchQuery(*to_tsquery_sql(query)))

    def only(self, keys: list[int], query: Query) -> QuerySet:
        # One array parameter instead of an IN list of up to 10,000 parameters, which
        # PostgreSQL must parse and plan value by value.
        in_window = RawSQL(
            f"{Paragraph._meta.db_table}.id = ANY(%s)", [keys], output_field=BooleanField()
        )
        return Paragraph.objects.filter(in_window)

    def rank(self, matched: QuerySet, query: Query) -> QuerySet:
        tsquery = RawSearchQuery(*to_tsquery_sql(query))
        title_boost = Case(
            When(resolution__search_vector=tsquery, then=Value(TITLE_BOOST)),
            default=Value(1.0),
            output_field=FloatField(),
        )
        return matched.annotate(
            rank=SearchRank(F("search_vector"), tsquery, cover_density=True) * title_boost
        )

    def snippets(self, paragraph_ids: Iterable[int], query: Query) -> dict[int, str]:
        ids = list(paragraph_ids)
        if not ids:
            return {}
        sql, params = to_tsquery_sql(query)
        options = (
            f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords={SNIPPET_WORDS}, "
            'MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
        )
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                f"SELECT id, ts_headline('{CONFIG}', {schema.PG_DOCUMENT.format(column='text')}, "
                f"{sql}, %s) "
                "FROM resolutions_paragraph WHERE id = ANY(%s)",
                [*params, options, ids],
            )
            # Undo the indexing hyphen (see schema.PG_DOCUMENT) for display.
            return {pk: text.replace("\u2011", "-") for pk, text in cursor.fetchall()}

    @contextlib.contextmanager
    def time_limit(self, seconds: float | None = None) -> Iterator[None]:
        # statement_timeout applies per statement. The block runs in a transaction (a savepoint
        # inside an outer one), so a cancelled statement rolls back only the search, and the
        # SET is undone with it; the final SET covers the block that completed.
        seconds = seconds if seconds is not None else time_limit_seconds()
        connection = connections[self.using]
        try:
            with transaction.atomic(using=self.using):
                with connection.cursor() as cursor:
                    cursor.execute(f"SET statement_timeout = {max(1, int(seconds * 1000))}")
                yield
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) == QUERY_CANCELED:
                raise SearchTooBroad(str(exc)) from exc
            raise
        finally:
            if not connection.needs_rollback:
                with connection.cursor() as cursor:
                    cursor.execute("SET statement_timeout = 0")

    def rebuild(self) -> int:
        connection = connections[self.using]
        schema.run(connection, "create")
        schema.run(connection, "rebuild")
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM resolutions_paragraph")
            return cursor.fetchone()[0]
