"""PostgreSQL full-text search: a stored tsvector per paragraph with a GIN index."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping

from django.contrib.postgres.search import SearchQuery
from django.db import OperationalError, connections, transaction
from django.db.models import ExpressionWrapper, F, IntegerField, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL

from resolutions.models import Paragraph, Resolution
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

CONFIG = "english"
# Walk the primary key when the planner expects at least this many times the window to match
# (measured on 1.5 million paragraphs: the walk wins above about 50,000 matches against the
# GIN index, and above about 120,000 against the RUM index; phrases are underestimated).
WALK_FACTOR = 5
WALK_FACTOR_WITH_RUM = 10
# Read the newest part of the table holding about this many times the window's matches.
RECENT_MARGIN = 2
QUERY_CANCELED = "57014"  # SQLSTATE of a statement stopped by statement_timeout
SEARCH_WORK_MEM = "32MB"


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


# RUM orders by a distance, from a reference above every id: the newest paragraph comes first.
# Distances are double precision, so the reference is 2**52, below which they are exact.
NEWEST_IN_RUM = f"{Paragraph._meta.db_table}.id <=| 4503599627370496::bigint"
RUM_FLAG = "resolutions_has_rum_index"


def note_rum_index(connection) -> None:
    """Record on a connection whether the RUM index exists: when the connection opens and
    after every migrate, through the driver's own cursor, so that a page never asks."""
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [schema.PG_RUM_INDEX])
        setattr(connection, RUM_FLAG, bool(cursor.fetchone()[0]))


def has_rum_index(connection) -> bool:
    return getattr(connection, RUM_FLAG, False)


# A one-column table (`id`) of the numbers of joined(): see id_table.
ID_TABLE = "SELECT unnest(string_to_array(%s, ',')::bigint[]) AS id"


def joined(numbers: Iterable[int]) -> str:
    """The numbers as "1,2,3": the JSON encoder, in C, writes them faster than str.join."""
    return json.dumps(list(numbers), separators=(",", ":"))[1:-1]


class RawSearchQuery(SearchQuery):
    """A tsquery built by `to_tsquery_sql`, usable wherever Django expects a SearchQuery."""

    def __init__(self, sql: str, params: list[str]) -> None:
        self.raw_sql, self.raw_params = sql, params
        super().__init__(Value(""), search_type="raw")

    def as_sql(self, compiler, connection, **extra_context):
        return self.raw_sql, list(self.raw_params)


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def lookup_join(self, table: str, alias: str, condition: str) -> str:
        # A plain join let the planner hash every row of the table (all 680,000 topic links
        # at 50,000 texts: 120 ms) to meet a few thousand ids. A lateral subquery, kept from
        # being flattened back into a join by OFFSET 0, looks each id up in the index.
        return (
            f"CROSS JOIN LATERAL (SELECT * FROM {table} {alias} WHERE {condition} OFFSET 0) {alias}"
        )

    def match(
        self, paragraphs: QuerySet, query: Query, narrowing: Narrowing | None = None
    ) -> QuerySet:
        matched = paragraphs.filter(search_vector=RawSearchQuery(*to_tsquery_sql(query)))
        in_use = narrowing.in_use(tuple(schema.PG_TAG_PREFIXES)) if narrowing else []
        groups = [[f"{schema.PG_TAG_PREFIXES[name]}{v}" for v in values] for name, values in in_use]
        if not groups:
            return matched
        # The tags were indexed in the "simple" configuration; each is asked for as a phrase.
        tags = " && ".join(
            "(" + " || ".join(["phraseto_tsquery('simple', %s)"] * len(group)) + ")"
            for group in groups
        )
        params = [tag for group in groups for tag in group]
        return matched.filter(filter_vector=RawSearchQuery(f"({tags})", params))

    def window(
        self, matched: QuerySet, query: Query | None, columns: tuple[str, ...], limit: int
    ) -> list[tuple]:
        # PostgreSQL finds the newest matches one of three ways: walk the primary key
        # backwards, testing each row; read them in order from the RUM index, where there is
        # one (schema.POSTGRES_RUM); or read every match from the GIN index and keep the
        # newest. Its planner prices the walk as if matches were spread evenly and picks it
        # for matches in the tens of thousands, which then reads most of the table (0.3-0.4
        # s). With the planner's own estimate of the matches (accurate: ANALYZE keeps lexeme
        # frequencies), the walk is kept for common matches, where it stops early; for the
        # rest, the RUM index, or else "id + 0", which hides the key's order so that the GIN
        # index is used.
        if query is None:  # filters alone: no index to read matches from, the walk it is
            return super().window(matched, query, columns, limit)
        estimate = self.estimated_rows(matched)
        rum = has_rum_index(connections[self.using])
        if estimate >= limit * (WALK_FACTOR_WITH_RUM if rum else WALK_FACTOR):
            return self.ranked_window(matched, query, columns, limit, F("pk").desc())
        if rum:
            newest = RawSQL(NEWEST_IN_RUM, [], output_field=IntegerField())
            return self.ranked_window(matched, query, columns, limit, newest.asc())
        by_index = ExpressionWrapper(F("pk") + 0, output_field=IntegerField()).desc()
        share = RECENT_MARGIN * limit / estimate if estimate else 1
        if share < 1:
            # Reading every match costs a table row each; when several times the window
            # match, only the newest part of the table needs reading: the ids above
            # (1 - share) of the largest (ids are close to dense). If the matches lean to
            # older texts and too few are there, the whole index is read after all.
            newest = RawSQL(f"(SELECT max(id) FROM {Paragraph._meta.db_table}) * %s", [1 - share])
            rows = self.ranked_window(
                matched.filter(pk__gt=newest), query, columns, limit, by_index
            )
            if len(rows) >= limit:
                return rows
        return self.ranked_window(matched, query, columns, limit, by_index)

    def ranked_window(
        self, matched: QuerySet, query: Query, columns: tuple[str, ...], limit: int, order
    ) -> list[tuple]:
        names = [f"c{i}" for i in range(len(columns))]
        newest = matched.order_by(order).values(
            **{name: F(column) for name, column in zip(names, columns, strict=True)},
            vector=F("search_vector"),
            owner=F("resolution_id"),
        )[:limit]
        # Ranked outside the LIMIT, so that only the window's rows are ranked, not every match
        # the index yields.
        tsquery, tsquery_params = to_tsquery_sql(query)
        boost, boost_params = self.title_boost(query, "w.owner")
        around = (
            f"SELECT {', '.join(names)}, ts_rank_cd(w.vector, {tsquery}) * {boost} FROM ({{sql}}) w"
        )
        return self.fetch(newest, around, (*tsquery_params, *boost_params))

    def estimated_rows(self, matched: QuerySet) -> float:
        rows = self.fetch(matched.order_by().values_list("pk"), "EXPLAIN (FORMAT JSON) {sql}")
        if not rows:  # a filter that can match nothing
            return 0
        plan = rows[0][0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return plan[0]["Plan"]["Plan Rows"]

    # Ids travel as one text parameter, split on the server: psycopg would otherwise check and
    # quote each of up to 10,000 array elements in Python (tens of milliseconds).
    def id_table(self, ids: list[int]) -> tuple[str, list]:
        return ID_TABLE, [joined(ids)]

    def count_tables(self, counts: Mapping[int, int]) -> tuple[tuple[str, list], tuple[str, list]]:
        ids = joined(counts)
        return (
            (ID_TABLE, [ids]),
            (
                "SELECT * FROM unnest(string_to_array(%s, ',')::bigint[], "
                "string_to_array(%s, ',')::bigint[]) AS counts(id, n)",
                [ids, joined(counts.values())],
            ),
        )

    def titled(self, query: Query) -> tuple[str, list]:
        sql, params = to_tsquery_sql(query)
        resolution = Resolution._meta.db_table
        return f"SELECT id FROM {resolution} WHERE search_vector @@ {sql}", params

    def with_snippets(self, paragraphs: QuerySet, query: Query) -> QuerySet:
        sql, params = to_tsquery_sql(query)
        options = (
            f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords={SNIPPET_WORDS}, "
            'MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
        )
        document = schema.PG_DOCUMENT.format(column=f"{Paragraph._meta.db_table}.text")
        # The indexing hyphen (see schema.PG_DOCUMENT) is turned back for display.
        headline = RawSQL(
            f"replace(ts_headline('{CONFIG}', {document}, {sql}, %s), '\u2011', '-')",
            [*params, options],
            output_field=TextField(),
        )
        return paragraphs.annotate(snippet=headline)

    @contextlib.contextmanager
    def time_limit(self, seconds: float | None = None) -> Iterator[None]:
        # statement_timeout applies per statement. The block runs in a transaction (a savepoint
        # inside an outer one), so a cancelled statement rolls back only the search, and the
        # settings are undone with it; the final statement restores them after a block that
        # completed. work_mem is raised for the block so that sorting a window of wide rows
        # (tsvectors) stays in memory instead of spilling to disk at the default 4 MB.
        seconds = seconds if seconds is not None else time_limit_seconds()
        connection = connections[self.using]
        restore = None
        try:
            with transaction.atomic(using=self.using):
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT current_setting('work_mem'), "
                        "set_config('statement_timeout', %s, false), "
                        "set_config('work_mem', %s, false)",
                        [str(max(1, int(seconds * 1000))), SEARCH_WORK_MEM],
                    )
                    restore = cursor.fetchone()[0]
                yield
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) == QUERY_CANCELED:
                raise SearchTooBroad(str(exc)) from exc
            raise
        finally:
            if restore is not None and not connection.needs_rollback:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('statement_timeout', '0', false), "
                        "set_config('work_mem', %s, false)",
                        [restore],
                    )

    def rebuild(self) -> int:
        connection = connections[self.using]
        schema.run(connection, "create")
        schema.run(connection, "rebuild")
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM resolutions_paragraph")
            return cursor.fetchone()[0]
