"""Insert plain rows without model instances: the loader's writes of many small rows."""

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
    spec = [(f.attname, f.get_default(), prepare) for f, prepare in plan.spec]
    values = [
        [
            row.get(name, default)
            if prepare is None
            else prepare(row.get(name, default), connection)
            for name, default, prepare in spec
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Every row in one JSON parameter, typed by the server: quoting a typed array
            # per column on the client (psycopg's client-side binding) cost more than the
            # insert itself.
            document = json.dumps(
                [dict(zip(plan.column_names, row, strict=True)) for row in values],
                default=str,
                ensure_ascii=False,
            )
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} "
                f"FROM json_to_recordset(%s::json) AS r({plan.record}){returning_sql}",
                [document],
            )
            return sorted(row[0] for row in cursor.fetchall()) if returning else []
        placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
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


class InsertPlan(NamedTuple):
    fields: list[Field]
    # Each field with the function that prepares its values, None to pass them as they are.
    spec: list[tuple[Field, Any]]
    table: str
    column_names: list[str]
    columns: str
    returning: str
    record: str  # PostgreSQL: each column with its type, to read the rows' JSON


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
    return InsertPlan(
        fields=fields,
        spec=spec,
        table=quote(model._meta.db_table),
        column_names=[f.column for f in fields],
        columns=", ".join(quote(f.column) for f in fields),
        returning=f" RETURNING {quote(model._meta.pk.column)}",
        record=", ".join(f"{quote(f.column)} {f.db_type(connection)}" for f in fields)
        if vendor == "postgresql"
        else "",
    )
