"""Loading files side by side (resolutions.services.workers): the same archive as one file
after another, results in file order, and races between workers' transactions lost and
done again, never reported as bad input."""

from __future__ import annotations

import os
import random
import shutil
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    OperationalError,
    connection,
    transaction,
)

from resolutions.models import Citation, Mandate, ParagraphTopic, Resolution, Series, Sponsor
from resolutions.parsing import parse_resolution
from resolutions.services import loading, workers
from resolutions.services.loading import Outcome, load_paths, save_with_free_slug, unique_slug
from tests.conftest import SEED_DIR

SYMBOL_LESS_SEED = "000_6a8f4f2a8a747304.txt"
SEED_WITH_SYMBOL = "004_1011c7eb1daf6b56.txt"


def test_results_come_in_item_order_whatever_order_they_finish_in():
    rng = random.Random(4)
    delays = [rng.random() / 200 for _ in range(40)]

    def work(i: int) -> tuple[int, str]:
        time.sleep(delays[i])
        return i, threading.current_thread().name

    results = list(workers.in_workers(range(40), work, jobs=3))
    assert [i for i, _ in results] == list(range(40))
    assert len({name for _, name in results}) > 1  # really spread over workers


def test_items_kept_together_are_done_in_order_by_one_worker():
    done: list[tuple[str, int, str]] = []
    lock = threading.Lock()
    items = [("a", 0), ("b", 1), ("a", 2), ("c", 3), ("a", 4), ("b", 5)]

    def work(item: tuple[str, int]) -> int:
        time.sleep(0.002 if item[0] == "a" else 0.0)
        with lock:
            done.append((item[0], item[1], threading.current_thread().name))
        return item[1]

    assert list(workers.in_workers(items, work, jobs=3, together=lambda i: i[0])) == [
        0, 1, 2, 3, 4, 5,
    ]  # fmt: skip
    for key in "ab":
        mine = [(n, thread) for k, n, thread in done if k == key]
        assert [n for n, _ in mine] == sorted(n for n, _ in mine)
        assert len({thread for _, thread in mine}) == 1


def test_an_error_is_raised_at_its_place_and_no_more_items_start():
    started: list[int] = []

    def work(i: int) -> int:
        started.append(i)
        if i == 3:
            raise ValueError("item 3")
        time.sleep(0.001)
        return i

    seen = []
    with pytest.raises(ValueError, match="item 3"):
        for result in workers.in_workers(range(200), work, jobs=2):
            seen.append(result)
    assert seen == [0, 1, 2]
    assert len(started) < 200


def test_one_job_works_in_the_calling_thread():
    names = list(workers.in_workers(range(3), lambda _: threading.current_thread().name, jobs=1))
    assert names == [threading.current_thread().name] * 3


def database_error(kind: type[DatabaseError], message: str, sqlstate: str | None = None):
    """An error as Django raises it: the driver's error (with its SQLSTATE) as the cause."""
    error = kind(message)
    if sqlstate:
        error.__cause__ = type("DriverError", (Exception,), {"sqlstate": sqlstate})(message)
    return error


def test_a_lost_race_is_done_again_and_a_real_error_is_not():
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise database_error(IntegrityError, "duplicate key value", "23505")
        return "stored"

    assert workers.retrying(flaky, attempts=3) == "stored" and len(calls) == 3
    calls.clear()
    with pytest.raises(IntegrityError):
        workers.retrying(flaky, attempts=2)

    def bad() -> None:
        calls.append(1)
        raise DataError("value too long for type character varying(64)")

    calls.clear()
    with pytest.raises(DataError):
        workers.retrying(bad, attempts=4)
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("error", "lost"),
    [
        (database_error(IntegrityError, "duplicate key value", "23505"), True),
        (IntegrityError("UNIQUE constraint failed: resolutions_resolution.slug"), True),
        (database_error(OperationalError, "deadlock detected", "40P01"), True),
        (OperationalError("database is locked"), True),
        # Not races: the same text fails the same way again.
        (database_error(IntegrityError, "violates foreign key constraint", "23503"), False),
        (IntegrityError("NOT NULL constraint failed: resolutions_paragraph.text"), False),
        (OperationalError("no such table: resolutions_topic"), False),
    ],
)
def test_which_errors_are_lost_races(error, lost):
    assert workers.lost_race(error) is lost


@pytest.mark.django_db
def test_inside_a_transaction_one_worker_loads():
    # Other connections could not see what the caller's transaction has written.
    assert connection.in_atomic_block
    assert workers.worker_count(4) == 1


@pytest.mark.django_db(transaction=True)
def test_the_default_number_of_workers():
    assert not connection.in_atomic_block
    # SQLite takes one writer at a time; PostgreSQL works beside the loader's Python.
    cpus = min(os.cpu_count() or 1, workers.MAX_WORKERS)
    assert workers.worker_count() == (1 if connection.vendor == "sqlite" else cpus)
    assert workers.worker_count(3) == 3
    with transaction.atomic():
        assert workers.worker_count(3) == 1


def archive_snapshot() -> dict[str, tuple]:
    """What the archive holds per text, without database ids."""
    snapshot = {}
    for resolution in Resolution.objects.select_related("body"):
        paragraphs = resolution.paragraphs.order_by("order")
        snapshot[resolution.source_name] = (
            resolution.slug,
            resolution.symbol,
            resolution.body.code if resolution.body else None,
            resolution.title,
            [(p.kind, p.number, p.verb, p.text) for p in paragraphs],
            [s.name for s in resolution.sponsors.order_by("sponsorships__order")],
            sorted(
                Citation.objects.filter(resolution=resolution).values_list(
                    "target_symbol", "target_id"
                ),
                key=str,
            ),
            ParagraphTopic.objects.filter(paragraph__resolution=resolution).count(),
            Mandate.objects.filter(paragraph__resolution=resolution).count(),
        )
    return snapshot


def load(*paths, jobs: int) -> str:
    out = StringIO()
    call_command("load_resolutions", *map(str, paths), jobs=jobs, stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_two_workers_build_the_archive_one_worker_builds(monkeypatch):
    one_by_one = load(SEED_DIR, jobs=1)
    expected = archive_snapshot()
    Resolution.objects.all().delete()
    Sponsor.objects.all().delete()
    real_load_file = loading.load_file
    threads: list[str] = []
    second_started = threading.Event()

    def load_file(path, **kwargs):
        # The first worker waits (10 s at most) until a second one takes a file: with
        # the work really shared, both load files whatever the machine's scheduling.
        name = threading.current_thread().name
        if name not in threads:
            threads.append(name)
        if name == threads[0]:
            second_started.wait(timeout=10)
        else:
            second_started.set()
        return real_load_file(path, **kwargs)

    monkeypatch.setattr(loading, "load_file", load_file)
    side_by_side = load(SEED_DIR, jobs=2)
    assert len(threads) == 2 and threading.current_thread().name not in threads
    assert archive_snapshot() == expected
    # The same report, in the same (file) order.
    assert side_by_side == one_by_one
    assert "5 loaded" in side_by_side


@pytest.mark.django_db(transaction=True)
def test_texts_racing_for_one_slug_all_load(tmp_path):
    """Eight copies of a text without a symbol: each worker picks a free slug, two pick
    the same one at the same time, and the one whose insert waited for the other's commit
    chooses again."""
    for n in range(8):
        text = (SEED_DIR / SYMBOL_LESS_SEED).read_text(encoding="utf-8")
        (tmp_path / f"copy-{n}.txt").write_text(text + f"\n<!-- copy {n} -->\n", "utf-8")
    report = load_paths([tmp_path], jobs=4)
    assert [r.outcome for r in report.results] == [Outcome.LOADED] * 8, [
        r.message for r in report.results
    ]
    slugs = list(Resolution.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 8


@pytest.mark.django_db(transaction=True)
def test_a_symbol_in_two_files_loads_once_and_the_other_is_reported(tmp_path):
    for name in ("first.txt", "second.txt", "third.txt"):
        shutil.copy(SEED_DIR / SEED_WITH_SYMBOL, tmp_path / name)
    report = load_paths([tmp_path], jobs=3)
    outcomes = [r.outcome for r in report.results]
    assert sorted(outcomes) == sorted([Outcome.LOADED, Outcome.FAILED, Outcome.FAILED])
    for result in report.results:
        if result.outcome == Outcome.FAILED:
            assert "symbol E/RES/2013/32 already belongs to the resolution loaded from" in (
                result.message
            )
    assert Resolution.objects.filter(symbol="E/RES/2013/32").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_end_of_a_load_that_lost_a_race_is_done_again(monkeypatch):
    """Two loader runs ending at once may both suggest a series: the loser's after-load
    step (citation links, series, lineage) fails on a unique key and runs again, seeing the
    winner's rows, instead of stopping the command with a traceback."""
    from resolutions.services import series

    real_suggest = series.suggest_series
    calls = []

    def suggest_after_a_lost_race(changed=None):
        calls.append(1)
        if len(calls) == 1:
            real_suggest(changed)  # writes, then fails as a unique key taken meanwhile would
            raise database_error(IntegrityError, "duplicate key value (slug)", "23505")
        return real_suggest(changed)

    load(SEED_DIR, jobs=1)
    expected = archive_snapshot(), list(Series.objects.values_list("name", flat=True))
    Resolution.objects.all().delete()
    Sponsor.objects.all().delete()
    Series.objects.all().delete()
    monkeypatch.setattr(series, "suggest_series", suggest_after_a_lost_race)
    output = load(SEED_DIR, jobs=1)
    assert len(calls) == 2
    assert "5 loaded" in output
    assert (archive_snapshot(), list(Series.objects.values_list("name", flat=True))) == expected


@pytest.mark.django_db
def test_a_slug_taken_after_it_was_chosen_is_chosen_again(seed_dir):
    """What a worker does when another's transaction took its slug meanwhile (on SQLite,
    whose writers take turns, the race itself cannot happen; here it is staged)."""
    parsed = parse_resolution(
        (seed_dir / SYMBOL_LESS_SEED).read_text(encoding="utf-8"), source="mine.txt"
    )
    taken = unique_slug(parsed)
    Resolution.objects.create(slug=taken, source_name="other.txt")
    mine = Resolution(slug=taken, source_name="mine.txt", title=parsed.title)
    save_with_free_slug(mine, parsed)
    assert mine.pk is not None and mine.slug == f"{taken}-2"
    assert Resolution.objects.get(pk=mine.pk).slug == f"{taken}-2"


@pytest.mark.django_db(transaction=True)
def test_a_file_whose_store_keeps_failing_is_reported_and_the_rest_loads(monkeypatch):
    """A deadlock or a busy database that outlasts the retries fails that file only: it is
    reported, the others are stored, and the end of the run (series, links) still runs."""
    real_store = loading.store_with_pipeline
    attempts = []

    def store_or_deadlock(parsed, **kwargs):
        if parsed.source == SYMBOL_LESS_SEED:
            attempts.append(1)
            raise database_error(OperationalError, "deadlock detected", "40P01")
        return real_store(parsed, **kwargs)

    monkeypatch.setattr(loading, "store_with_pipeline", store_or_deadlock)
    report = load_paths([SEED_DIR], jobs=2)
    failed = [r for r in report.results if r.outcome == Outcome.FAILED]
    assert [r.path.name for r in failed] == [SYMBOL_LESS_SEED]
    assert "deadlock detected" in failed[0].message and "not loaded" in failed[0].message
    assert len(attempts) == workers.ATTEMPTS
    assert Resolution.objects.count() == 4
    # The end of the run grouped the stored texts, versions of one resolution, in a series.
    assert Resolution.objects.filter(series__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_symbol_another_file_has_is_reported_without_trying_again(tmp_path, monkeypatch):
    shutil.copy(SEED_DIR / SEED_WITH_SYMBOL, tmp_path / "first.txt")
    shutil.copy(SEED_DIR / SEED_WITH_SYMBOL, tmp_path / "second.txt")
    real_store = loading.store_with_pipeline
    stores = []

    def counted_store(parsed, **kwargs):
        stores.append(parsed.source)
        return real_store(parsed, **kwargs)

    monkeypatch.setattr(loading, "store_with_pipeline", counted_store)
    report = load_paths([tmp_path])
    assert [r.outcome for r in report.results] == [Outcome.LOADED, Outcome.FAILED]
    assert stores == ["first.txt", "second.txt"]
