"""Settings of a serving process that are not Django settings: the garbage collector's."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.urls import get_resolver

# Collect the youngest generation after this many new container objects, not 700 (Python's
# default): a search page allocates tens of thousands of short-lived rows, and at 700 it ran a
# collection every few hundred of them, 4-9 ms of every page (docs/performance.md).
YOUNG_THRESHOLD = 50_000


def tune_garbage_collector() -> None:
    """Freeze what the process has loaded (Django, the URLconf and its views live as long as
    the process, so later collections need not walk them), then collect less often."""
    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and the views it names)
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, 20, 10)


@contextmanager
def garbage_collector_as_served() -> Iterator[None]:
    """The serving process's collector settings inside the block (the benchmark measures
    pages as they are served), and the previous ones after it."""
    before = gc.get_threshold()
    tune_garbage_collector()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
