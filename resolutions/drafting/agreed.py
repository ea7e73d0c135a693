"""Agreed language: where a wording occurs across the archive, first use first.

Candidates come from the full-text index (a phrase query, then a looser all-words query for
variants), capped so a common phrase in a large archive stays cheap; each candidate is then
verified in Python: an occurrence contains the exact words in order, a close variant
contains most of them close together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db.models import F, QuerySet

from resolutions.drafting.align import comparable, words
from resolutions.models import Paragraph
from resolutions.search.backends import SearchUnavailable, get_backend
from resolutions.search.query import parse

MAX_CANDIDATES = 200
MAX_PHRASE_WORDS = 24
VARIANT_THRESHOLD = 0.75
CHRONOLOGICAL = (
    F("resolution__year").asc(nulls_last=True),
    F("resolution__date").asc(nulls_last=True),
    "resolution_id",
    "order",
)


@dataclass(slots=True)
class Match:
    paragraph: Paragraph
    score: float  # 1.0 for the exact wording


@dataclass(slots=True)
class AgreedLanguage:
    phrase: str
    occurrences: list[Match] = field(default_factory=list)
    variants: list[Match] = field(default_factory=list)
    truncated: bool = False
    unavailable: bool = False

    @property
    def first(self) -> Match | None:
        return self.occurrences[0] if self.occurrences else None


def contains(text: str, phrase_words: list[str]) -> bool:
    """Whether `text` has exactly these words in this order (case and punctuation aside)."""
    return f" {' '.join(phrase_words)} " in f" {' '.join(words(text))} "


def closeness(phrase_words: list[str], text: str) -> float:
    """Share of the phrase's words found in `text` in order, in runs of two or more words
    and within a stretch not much longer than the phrase itself."""
    target = words(text)
    blocks = [
        b
        for b in SequenceMatcher(None, phrase_words, target, autojunk=False).get_matching_blocks()
        if b.size >= 2
    ]
    if not blocks:
        return 0.0
    span = blocks[-1].b + blocks[-1].size - blocks[0].b
    matched = sum(b.size for b in blocks)
    score = matched / len(phrase_words)
    if span > 1.5 * len(phrase_words) + 3:
        score *= 1.5 * len(phrase_words) / span
    return round(score, 4)


def phrase_of(paragraph: Paragraph) -> str:
    """The wording to trace from a paragraph: its words after the opening verb phrase."""
    return " ".join(comparable(paragraph.rest_of_text)[:MAX_PHRASE_WORDS])


def candidates(queryset: QuerySet[Paragraph], text: str) -> tuple[list[Paragraph], bool]:
    backend = get_backend()
    matched = backend.match(queryset, parse(text)).order_by(*CHRONOLOGICAL)
    found = list(matched[: MAX_CANDIDATES + 1])
    return found[:MAX_CANDIDATES], len(found) > MAX_CANDIDATES


def loose_query(phrase_words: list[str]) -> str:
    """Parts of the phrase, any of which may match: a variant keeps some of it verbatim."""
    n = len(phrase_words)
    parts = 3 if n >= 9 else 2 if n >= 4 else 1
    size = -(-n // parts)
    chunks = [phrase_words[i : i + size] for i in range(0, n, size)]
    return " OR ".join(f'"{" ".join(chunk)}"' for chunk in chunks)


def find(phrase: str) -> AgreedLanguage:
    """Occurrences of `phrase` in chronological order, and its close variants (two queries)."""
    phrase_words = words(phrase)[: MAX_PHRASE_WORDS * 2]
    result = AgreedLanguage(" ".join(phrase_words))
    if not phrase_words:
        return result
    base = Paragraph.objects.select_related("resolution", "resolution__body")
    try:
        exact, truncated = candidates(base, f'"{result.phrase}"')
        loose, _ = candidates(base, loose_query(phrase_words))
    except SearchUnavailable:
        result.unavailable = True
        return result
    result.truncated = truncated
    result.occurrences = [Match(p, 1.0) for p in exact if contains(p.text, phrase_words)]
    seen = {m.paragraph.pk for m in result.occurrences}
    for paragraph in loose:
        if paragraph.pk in seen or contains(paragraph.text, phrase_words):
            continue
        score = closeness(phrase_words, paragraph.text)
        if score >= VARIANT_THRESHOLD:
            result.variants.append(Match(paragraph, score))
    return result
