"""Loading files side by side: worker threads, each with its own database connection, so
that one file's Python work runs while the database works on another's."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import Future

from django.db import DatabaseError, IntegrityError, connection, connections

# A file whose transaction lost a race with another worker's is loaded again, this often.
ATTEMPTS = 4
MAX_WORKERS = 4


def worker_count(requested: int | None = None) -> int:
    """How many workers a load uses: `requested`, or by default one per CPU (at most
    MAX_WORKERS) on PostgreSQL and one on SQLite, which takes one writer at a time. Inside
    a transaction, always one: other connections could not see what it has written."""
    if connection.in_atomic_block:
        return 1
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return 1  # every connection to a memory database is a database of its own
    if requested is not None:
        return max(1, requested)
    return min(os.cpu_count() or 1, MAX_WORKERS) if connection.vendor == "postgresql" else 1


def lost_race(exc: DatabaseError) -> bool:
    """Whether a transaction failed only because another one ran beside it: a unique key
    it chose was taken meanwhile (a slug, a new sponsor), a deadlock, or a busy SQLite
    database; doing it again sees the other's rows. Other errors fail the same way again."""
    state = getattr(exc.__cause__, "sqlstate", None)
    if isinstance(exc, IntegrityError):
        # Only a unique key can be taken by another transaction (SQLite gives no state).
        return state == "23505" or "UNIQUE constraint failed" in str(exc)
    if state in ("40P01", "40001"):  # deadlock, serialization failure
        return True
    return "database is locked" in str(exc)


def retrying[R](work: Callable[[], R], *, attempts: int) -> R:
    """work(), done again (up to `attempts` times in all) while it fails by losing a race."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DatabaseError as exc:
            if attempt == attempts or not lost_race(exc):
                raise
    raise ValueError("attempts must be 1 or more")


def in_workers[T, R](
    items: Sequence[T],
    work: Callable[[T], R],
    *,
    jobs: int,
    together: Callable[[T], Hashable] | None = None,
) -> Iterator[R]:
    """work(item) for every item, by `jobs` threads; the results in the order of `items`,
    each as soon as it and those before it are done. Items with the same `together` key
    are done one after another, in their order, by one worker. An exception from work() is
    raised at its item's place; when the caller stops, the workers start no more items."""
    if jobs <= 1 or len(items) <= 1:
        yield from map(work, items)
        return
    groups: dict[Hashable, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(together(item) if together else index, []).append(index)
    pending: queue.SimpleQueue[list[int]] = queue.SimpleQueue()
    for group in groups.values():
        pending.put(group)
    futures: list[Future[R]] = [Future() for _ in items]
    stop = threading.Event()

    def worker() -> None:
        try:
            while True:
                try:
                    group = pending.get_nowait()
                except queue.Empty:
                    return
                for index in group:
                    if stop.is_set():  # the caller has stopped reading results
                        return
                    try:
                        futures[index].set_result(work(items[index]))
                    except BaseException as exc:  # handed to the caller, raised there
                        futures[index].set_exception(exc)
        finally:
            connections.close_all()  # this thread's own connections

    threads = [
        threading.Thread(target=worker, name=f"loader-{n}", daemon=True)
        for n in range(min(jobs, len(groups)))
    ]
    for thread in threads:
        thread.start()
    try:
        for future in futures:
            yield future.result()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
