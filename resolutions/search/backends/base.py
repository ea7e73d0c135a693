"""The small interface every search engine implements."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import QuerySet

from resolutions.models import Paragraph
from resolutions.search.query import Query

# Private-use characters that never occur in stored text mark the start and end of a hit, so
# that highlighting can be escaped first and turned into <mark> afterwards.
HIT_START = "\ue000"
HIT_END = "\ue001"
SNIPPET_WORDS = 32
# Seconds one search may spend in the database before it is stopped and reported as too
# broad, so that one pathological query cannot hold a worker.
DEFAULT_TIME_LIMIT = 3.0


def time_limit_seconds() -> float:
    return float(getattr(settings, "RESOLUTIONS_SEARCH_TIME_LIMIT", DEFAULT_TIME_LIMIT))


class SearchUnavailable(Exception):
    """The database has no full-text search set up (or an unknown engine)."""


class SearchTooBroad(Exception):
    """The engine gave up on a query within its time limit."""


class SearchBackend:
    """Match paragraphs against a parsed query, rank them, and mark hits in snippets."""

    vendor = ""
    # The paragraph key in the order this engine can walk matches cheaply, newest first;
    # search windows are cut on it (see resolutions.search.service).
    window_key = "pk"

    def __init__(self, using: str = "default") -> None:
        self.using = using

    def match(self, paragraphs: QuerySet, query: Query) -> QuerySet:
        """Restrict `paragraphs` to those whose text matches `query`."""
        raise NotImplementedError

    def only(self, keys: list[int], query: Query) -> QuerySet:
        """The paragraphs whose `window_key` is in `keys` (all known to match `query`), ready
        for `rank` and `snippets`."""
        return Paragraph.objects.filter(pk__in=keys)

    def rank(self, matched: QuerySet, query: Query) -> QuerySet:
        """Annotate `rank` (higher is better) on a queryset returned by `match`."""
        raise NotImplementedError

    def snippets(self, paragraph_ids: Iterable[int], query: Query) -> dict[int, str]:
        """For the given paragraphs only, text excerpts with hits between HIT_START/HIT_END."""
        raise NotImplementedError

    @contextlib.contextmanager
    def time_limit(self, seconds: float | None = None) -> Iterator[None]:
        """Stop the database work inside the block after `seconds`: raise SearchTooBroad."""
        yield

    def rebuild(self) -> int:
        """Re-create the engine's index objects and re-index everything; returns paragraphs."""
        raise NotImplementedError
