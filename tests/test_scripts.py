"""scripts/ensure_database.py, which CI and `make bench` use to create their databases."""

from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg.conninfo import make_conninfo

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "ensure_database.py"
spec = importlib.util.spec_from_file_location("ensure_database", SCRIPT)
ensure_database = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ensure_database)


def test_other_databases_are_left_alone(tmp_path):
    assert ensure_database.ensure_database(f"sqlite:///{tmp_path}/db.sqlite3") is False
    assert not (tmp_path / "db.sqlite3").exists()


def test_a_missing_postgresql_database_is_created_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs a PostgreSQL server")
    settings = connection.settings_dict
    name = f"ensure_{uuid.uuid4().hex[:12]}"
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    admin = make_conninfo(
        user=settings["USER"], host=settings["HOST"], port=settings["PORT"], dbname="postgres"
    )
    try:
        assert ensure_database.ensure_database(url) is True
        assert ensure_database.ensure_database(url) is False
        with psycopg.connect(admin) as check:
            assert check.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    finally:
        with psycopg.connect(admin, autocommit=True) as cleanup:
            cleanup.execute(f'DROP DATABASE IF EXISTS "{name}"')
