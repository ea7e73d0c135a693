"""SQLite's write-ahead log during a load (resolutions.services.checkpoints): copied back
less often during the load and once at its end, and the setting put back."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper

from archive import settings
from resolutions.services.checkpoints import LOAD_AUTOCHECKPOINT_PAGES, checkpoint_at_end


@pytest.fixture
def unblocked(django_db_blocker):
    """Connections of these tests' own: not the test database pytest-django guards."""
    with django_db_blocker.unblock():
        yield


def sqlite_database(name: str, options: dict) -> DatabaseWrapper:
    """A SQLite connection of its own, whatever engine the tests run on."""
    settings_dict = {**settings.DATABASES["default"], "NAME": name, "OPTIONS": options}
    return DatabaseWrapper(settings_dict | {"ENGINE": "django.db.backends.sqlite3"}, alias=name)


@pytest.fixture
def sqlite_file(tmp_path: Path, unblocked):
    """A SQLite file database opened as the archive opens one (WAL)."""
    wal = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    wrapper = sqlite_database(str(tmp_path / "archive.sqlite3"), wal)
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE text (body TEXT)")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the table, in the main file
    yield wrapper
    wrapper.close()


def autocheckpoint(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        return cursor.fetchone()[0]


def rows_in_main_file(wrapper, tmp_path: Path) -> int:
    """Rows of `text` in the database file alone, as if its log were lost: what has been
    copied back."""
    copy = tmp_path / "main-file-only.sqlite3"
    shutil.copyfile(wrapper.settings_dict["NAME"], copy)
    with sqlite3.connect(copy) as reader:
        return reader.execute("SELECT count(*) FROM text").fetchone()[0]


def test_the_log_grows_during_the_block_and_is_copied_back_at_its_end(sqlite_file, tmp_path):
    default = autocheckpoint(sqlite_file)
    with checkpoint_at_end(sqlite_file):
        assert autocheckpoint(sqlite_file) == LOAD_AUTOCHECKPOINT_PAGES
        with sqlite_file.cursor() as cursor:
            # Over 1,000 pages of log: at the default, a commit would have copied it back.
            cursor.executemany("INSERT INTO text VALUES (?)", [("x" * 4000,)] * 1500)
        assert rows_in_main_file(sqlite_file, tmp_path) == 0
    assert autocheckpoint(sqlite_file) == default
    assert rows_in_main_file(sqlite_file, tmp_path) == 1500


def test_the_setting_is_put_back_when_the_load_fails(sqlite_file):
    default = autocheckpoint(sqlite_file)
    with pytest.raises(ValueError), checkpoint_at_end(sqlite_file):
        raise ValueError("a broken file")
    assert autocheckpoint(sqlite_file) == default


def test_a_memory_database_is_left_alone(unblocked):
    wrapper = sqlite_database(":memory:", {})
    default = autocheckpoint(wrapper)
    with checkpoint_at_end(wrapper):
        assert autocheckpoint(wrapper) == default
    wrapper.close()
