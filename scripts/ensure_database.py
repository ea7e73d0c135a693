"""Create the PostgreSQL database named in a URL (argument, else $DATABASE_URL) if it is missing.

    .venv/bin/python scripts/ensure_database.py postgres://postgres@127.0.0.1:5432/name

Nothing happens for other databases (SQLite creates its file itself)."""

from __future__ import annotations

import os
import sys

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo


def ensure_database(url: str) -> bool:
    """Create the database `url` names unless it exists; True when it was created."""
    if not url.startswith(("postgres://", "postgresql://")):
        return False
    name = conninfo_to_dict(url)["dbname"]
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


if __name__ == "__main__":
    url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("DATABASE_URL", "")
    if ensure_database(url):
        print(f"Created the database {conninfo_to_dict(url)['dbname']}")
