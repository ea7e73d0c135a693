"""Plain rows without model instances or query building: the loader's writes of many small
rows, and its few look-ups per text."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Field, Model


def insert_rows(
    model: type[Model], rows: Sequence[dict[str, Any]], *, returning: bool = False
) -> list[Any]:
    """Insert rows, dicts by field attname (a missing field takes its default), in
    multi-row statements and without model instances, and no signals. With `returning`,
    the new rows' primary keys, in the order of `rows`.

    For the hundred-odd small rows each text adds (topic links, mandates, citations),
    bulk_create's work per object and per value was a large part of a load."""
    if not rows:
        return []
    plan = insert_plan(model, connection.vendor)
    fields = plan.fields
    columns, table = plan.columns, plan.table
    # Keys come back in no promised order; one statement's are increasing in row order.
    returning_sql = plan.returning if returning else ""
    keys: list[Any] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} ({columns}) {plan.select}{returning_sql}",
                [json_document(plan, rows)],
            )
            return sorted(row[0] for row in cursor.fetchall()) if returning else []
        values = row_values(plan, rows)
        placeholders = in_placeholders(fields)
        batch_size = connection.ops.bulk_batch_size(fields, values) or len(values)
        for start in range(0, len(values), batch_size):
            batch = values[start : start + batch_size]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "
                f"VALUES {', '.join([placeholders] * len(batch))}{returning_sql}",
                [value for row in batch for value in row],
            )
            if returning:
                keys += sorted(row[0] for row in cursor.fetchall())
    return keys


def fetch_rows(
    model: type[Model], columns: str, where: str = "", params: Sequence[Any] = ()
) -> list[tuple[Any, ...]]:
    """`SELECT columns FROM model's table [WHERE/ORDER BY ...]`, its rows as tuples.
    `where` may hold `%s` placeholders; `in_placeholders` writes an IN list's.

    For the look-ups the loader makes for every text (free slugs, the body, the topic rules):
    building each with the ORM took two to four times as long as running it."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} {where}", params)
        return cursor.fetchall()


def in_placeholders(values: Sequence[Any]) -> str:
    """The placeholders of an IN list of these values: "(%s, %s, %s)"."""
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def insert_linked_rows(
    parent: type[Model],
    parent_rows: Sequence[dict[str, Any]],
    child: type[Model],
    child_rows: Sequence[dict[str, Any]],
    *,
    link: str,
    key: str,
) -> None:
    """Insert parent rows and child rows that point at them, as insert_rows does. A child
    row's `link` (a foreign key's attname) holds the `key` value of its parent row (unique
    among `parent_rows`), or None, not the parent's id, which does not exist yet.

    On PostgreSQL, one statement: the children's insert joins the parents' (footnotes and
    the citations made in them, for every text the loader stores)."""
    if not parent_rows or not child_rows or connection.vendor != "postgresql":
        ids = insert_rows(parent, parent_rows, returning=True)
        by_key = {row[key]: pk for row, pk in zip(parent_rows, ids, strict=True)}
        insert_rows(child, [row | {link: by_key.get(row[link])} for row in child_rows])
        return
    parents = insert_plan(parent, connection.vendor)
    children = insert_plan(child, connection.vendor)
    quote = connection.ops.quote_name
    key_column = quote(parent._meta.get_field(key).column)
    link_column = quote(child._meta.get_field(link).column)
    selected = ", ".join(
        f"parent.{quote(parent._meta.pk.column)}" if column == link_column else f"r.{column}"
        for column in children.quoted_names
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH parent AS (INSERT INTO {parents.table} ({parents.columns}) "
            f"{parents.select}{parents.returning}, {key_column}) "
            f"INSERT INTO {children.table} ({children.columns}) SELECT {selected} "
            f"FROM json_to_recordset(%s::json) AS r({children.record}) "
            f"LEFT JOIN parent ON parent.{key_column} = r.{link_column}",
            [json_document(parents, parent_rows), json_document(children, child_rows)],
        )


def row_values(plan: InsertPlan, rows: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """Each row's values in the plan's column order, defaults filled in, adapted."""
    spec = [(f.attname, f.get_default(), prepare) for f, prepare in plan.spec]
    return [
        [
            row.get(name, default)
            if prepare is None
            else prepare(row.get(name, default), connection)
            for name, default, prepare in spec
        ]
        for row in rows
    ]


def json_document(plan: InsertPlan, rows: Sequence[dict[str, Any]]) -> str:
    """PostgreSQL: every row in one JSON parameter, typed by the server (plan.select):
    quoting a typed array per column on the client (psycopg's client-side binding) cost
    more than the insert itself. Each row is its dict over the defaults, keyed by column;
    only values that need adapting are touched one by one (a loop over every value of
    every row was most of the Python time of an insert)."""
    defaults = {f.attname: f.get_default() for f in plan.fields}
    adapt = [(f.attname, prepare) for f, prepare in plan.spec if prepare is not None]
    renamed = [(f.attname, f.column) for f in plan.fields if f.attname != f.column]
    objects = []
    for row in rows:
        values = defaults | row
        for name, prepare in adapt:
            values[name] = prepare(values[name], connection)
        for name, column in renamed:
            values[column] = values.pop(name)
        objects.append(values)
    return json.dumps(objects, default=str, ensure_ascii=False)


class InsertPlan(NamedTuple):
    fields: list[Field]
    # Each field with the function that prepares its values, None to pass them as they are.
    spec: list[tuple[Field, Any]]
    table: str
    quoted_names: list[str]
    columns: str
    returning: str
    record: str  # PostgreSQL: each column with its type, to read the rows' JSON
    select: str  # PostgreSQL: the rows, from their JSON document (the one parameter)


# Plain values the database adapter takes as they are (ids, text, numbers, flags); others
# (dates, JSON) go through the field, as bulk_create does.
PLAIN_TYPES = {"ForeignKey", "CharField", "TextField", "SlugField", "BooleanField"}


@functools.cache
def insert_plan(model: type[Model], vendor: str) -> InsertPlan:
    """How insert_rows writes a model's rows; worked out once per model and database."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    # On PostgreSQL, JSON values travel as they are, inside the rows' JSON document.
    plain = PLAIN_TYPES | ({"JSONField"} if vendor == "postgresql" else set())
    spec = [
        (f, None)
        if f.get_internal_type() in plain or f.get_internal_type().endswith("IntegerField")
        else (f, f.get_db_prep_save)
        for f in fields
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    record = (
        ", ".join(f"{quote(f.column)} {f.db_type(connection)}" for f in fields)
        if vendor == "postgresql"
        else ""
    )
    return InsertPlan(
        fields=fields,
        spec=spec,
        table=quote(model._meta.db_table),
        quoted_names=[quote(f.column) for f in fields],
        columns=columns,
        returning=f" RETURNING {quote(model._meta.pk.column)}",
        record=record,
        select=f"SELECT {columns} FROM json_to_recordset(%s::json) AS r({record})"
        if vendor == "postgresql"
        else "",
    )
