"""The small interface every search engine implements."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from resolutions.search.query import Query

# Private-use characters that never occur in stored text mark the start and end of a hit, so
# that highlighting can be escaped first and turned into <mark> afterwards.
HIT_START = "\ue000"
HIT_END = "\ue001"
SNIPPET_WORDS = 32


class SearchUnavailable(Exception):
    """The database has no full-text search set up (or an unknown engine)."""


class SearchTooBroad(Exception):
    """The engine gave up on a query within its time limit."""


class SearchBackend:
    """Match paragraphs against a parsed query, rank them, and mark hits in snippets."""

    vendor = ""

    def __init__(self, using: str = "default") -> None:
        self.using = using

    def match(self, paragraphs: QuerySet, query: Query) -> QuerySet:
        """Restrict `paragraphs` to those whose text matches `query`."""
        raise NotImplementedError

    def rank(self, matched: QuerySet, query: Query) -> QuerySet:
        """Annotate `rank` (higher is better) on a queryset returned by `match`."""
        raise NotImplementedError

    def snippets(self, paragraph_ids: Iterable[int], query: Query) -> dict[int, str]:
        """For the given paragraphs only, text excerpts with hits between HIT_START/HIT_END."""
        raise NotImplementedError

    def rebuild(self) -> int:
        """Re-create the engine's index objects and re-index everything; returns paragraphs."""
        raise NotImplementedError
