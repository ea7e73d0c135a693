"""Suggest the archived source of an unresolved reference, with evidence and a score.

A reference such as "resolution 68/187 of 18 December 2013, on technical assistance for ..."
may name a text the archive holds under another symbol (a Commission or Council draft that
the Assembly adopted as 68/187) without anyone having recorded the alias. Two kinds of
evidence point at it:

* the title and date given with the reference, compared with archived titles and years;
* a recital quoting the cited text ("in which it called upon ... to continue to provide
  technical assistance ..."), compared with the archived operative paragraphs.

Curators then accept or reject each suggestion (accept_suggestion / reject_suggestion).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from resolutions.citations.symbols import symbol_year
from resolutions.models import Citation, CitationSuggestion, Paragraph, Resolution
from resolutions.parsing.citations import symbol_kind
from resolutions.services.citations import matching_resolution

MIN_SCORE = 0.5
TITLE_WEIGHT = 0.6
QUOTE_WEIGHT = 0.6
YEAR_WEIGHT = 0.2
MIN_TITLE_SIMILARITY = 0.5  # below this a title says nothing
SHINGLE = 5  # words per shingle when looking for a quotation
MIN_SHARED_SHINGLES = 10  # about fifteen words in a row: more than a stock phrase
FULL_QUOTE_SHINGLES = 20  # this many shared shingles is a quotation beyond doubt

_WORD = re.compile(r"[^\W_]+")
_STOPWORDS = frozenset((
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
    "to", "with", "its", "their", "this", "that",
))  # fmt: skip


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are (0..1): word overlap, or character likeness when closer."""
    wa = {w for w in words(a) if w not in _STOPWORDS}
    wb = {w for w in words(b) if w not in _STOPWORDS}
    if not wa or not wb:
        return 0.0
    dice = 2 * len(wa & wb) / (len(wa) + len(wb))
    ratio = SequenceMatcher(None, " ".join(words(a)), " ".join(words(b))).ratio()
    return round(max(dice, ratio), 3)


def shingles(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + SHINGLE]) for i in range(len(w) - SHINGLE + 1)}


@dataclass(slots=True)
class Suggestion:
    resolution: Resolution
    score: float
    evidence: dict[str, Any]


@dataclass(slots=True)
class SuggestionReport:
    considered: int = 0
    created: int = 0
    updated: int = 0
    kept: int = 0  # already decided by a curator
    suggestions: list[CitationSuggestion] = field(default_factory=list)


def cited_year(citation: Citation) -> tuple[int | None, bool]:
    """The year the reference points to and whether it is exact (a date) or a lower bound
    (an Assembly session opens in the autumn: 68/187 may be of 2013 or 2014)."""
    if citation.date:
        return citation.date.year, True
    return symbol_year(citation.target_symbol), False


# How a recital says what the cited text did: "resolution 68/187, in which it called upon ...",
# "by which", "whereby", or "that in its resolution 68/276 it expressed concern ...".
_RELATIVE = re.compile(r"[^.;]{0,100}?(?:\b(?:in|by|through|under)\s+which\b|\bwhereby\b)")
_IN_ITS = re.compile(r"\bin\s+(?:its|their)\s+(?:\w+\s+)?resolutions?\s+$")
_SUBJECT = re.compile(r"[\s,]*(?:it|they)\b")


def quoted_text(citation: Citation, paragraph_text: str, next_start: int | None) -> str:
    """What the recital says the cited text did: the words of the clause that follows the
    reference ("in which it called upon ..."), up to the next reference. Empty when the
    reference is not followed by such a clause (a list of resolutions with their titles
    quotes nothing)."""
    if citation.footnote_id is not None or not paragraph_text:
        return ""  # a footnote lists references; it quotes nothing
    after = paragraph_text[citation.end : next_start if next_start is not None else None]
    relative = _RELATIVE.match(after)
    if relative:
        return after[relative.end() :]
    if _IN_ITS.search(paragraph_text[: citation.start]) and _SUBJECT.match(after):
        return after
    return ""


def could_be(candidate: Resolution, citation: Citation, aliases: dict[int, list[str]]) -> bool:
    """Whether the candidate may be the cited text: not the citing one, and not already
    known under another symbol of the same kind (then it is a different resolution)."""
    if candidate.pk == citation.resolution_id:
        return False
    known = ([candidate.symbol] if candidate.symbol else []) + aliases.get(candidate.pk, [])
    return all(symbol_kind(s) != citation.kind for s in known)


def score_candidate(
    citation: Citation, candidate: Resolution, quote: str, paragraphs: list[Paragraph]
) -> Suggestion | None:
    """The evidence that `candidate` is what `citation` names, or None when there is none."""
    evidence: dict[str, Any] = {"cited_symbol": citation.target_symbol}
    reasons: list[str] = []
    score = 0.0
    if citation.title and candidate.title:
        similarity = title_similarity(citation.title, candidate.title)
        evidence.update(
            cited_title=citation.title, archived_title=candidate.title, title_similarity=similarity
        )
        if similarity >= MIN_TITLE_SIMILARITY:
            score += TITLE_WEIGHT * similarity
            reasons.append(f"title {similarity:.0%} alike")
    year, exact = cited_year(citation)
    if year and candidate.year:
        evidence.update(cited_year=year, archived_year=candidate.year)
        if candidate.year == year or (not exact and candidate.year == year + 1):
            score += YEAR_WEIGHT
            reasons.append("same year")
        elif exact and candidate.year == year - 1:
            score += YEAR_WEIGHT / 2  # a Commission's spring draft, adopted the year after
            reasons.append("the year before")
    quote_shingles = shingles(quote) if quote else set()
    if quote_shingles:
        best, shared = None, 0
        for p in paragraphs:
            n = len(quote_shingles & shingles(p.text))
            if n > shared:
                best, shared = p, n
        if best is not None and shared >= MIN_SHARED_SHINGLES:
            strength = min(1.0, shared / FULL_QUOTE_SHINGLES)
            score += QUOTE_WEIGHT * strength
            evidence.update(
                quoted_paragraph=best.anchor,
                quoted_paragraph_url=best.get_absolute_url(),
                shared_phrases=shared,
            )
            reasons.append(f"quotes {best.label}")
    if not reasons or (len(reasons) == 1 and reasons[0] in ("same year", "the year before")):
        return None  # a year alone proves nothing
    evidence["reasons"] = reasons
    return Suggestion(candidate, round(min(score, 1.0), 3), evidence)


def suggest_for(
    citation: Citation,
    quote: str,
    candidates: Iterable[Resolution],
    paragraphs: dict[int, list[Paragraph]],
    aliases: dict[int, list[str]],
) -> list[Suggestion]:
    """Scored suggestions for one citation, best first."""
    found = []
    for candidate in candidates:
        if not could_be(candidate, citation, aliases):
            continue
        suggestion = score_candidate(citation, candidate, quote, paragraphs.get(candidate.pk, []))
        if suggestion is not None:
            found.append(suggestion)
    return sorted(found, key=lambda s: (-s.score, s.resolution.pk))


def unresolved_citations() -> QuerySet[Citation]:
    """References to resolutions that no archived text answers to yet."""
    return (
        Citation.objects.filter(target=None)
        .exclude(kind=Citation.Kind.DOCUMENT)
        .select_related("resolution", "paragraph")
        .order_by("resolution", "order", "pk")
    )


class _Candidates:
    """Archived texts by year, with their aliases and operative paragraphs, loaded once."""

    def __init__(self) -> None:
        self.by_year: dict[int, list[Resolution]] = {}
        self.paragraphs: dict[int, list[Paragraph]] = {}
        self.aliases: dict[int, list[str]] = {}

    def around(self, year: int | None, exact: bool) -> list[Resolution]:
        if year is None:
            return []
        years = [year - 1, year] if exact else [year, year + 1]
        missing = [y for y in years if y not in self.by_year]
        if missing:
            for y in missing:
                self.by_year[y] = []
            found = Resolution.objects.filter(year__in=missing).prefetch_related("other_symbols")
            for r in found:
                self.by_year[r.year].append(r)
                self.aliases[r.pk] = [s.symbol for s in r.other_symbols.all()]
        return [r for y in years for r in self.by_year[y]]

    def load_paragraphs(self, resolutions: list[Resolution]) -> None:
        missing = [r.pk for r in resolutions if r.pk not in self.paragraphs]
        for pk in missing:
            self.paragraphs[pk] = []
        # A recital reports what the cited text decided: its operative paragraphs. (Its own
        # recitals describe yet other resolutions, in the words every text of a series shares.)
        operative = Paragraph.objects.filter(
            resolution_id__in=missing, kind=Paragraph.Kind.OPERATIVE
        ).select_related("resolution")
        for p in operative:
            self.paragraphs[p.resolution_id].append(p)


def suggest_citation_links(
    citations: QuerySet[Citation] | None = None, *, min_score: float = MIN_SCORE
) -> SuggestionReport:
    """Propose archived sources for unresolved references and store them as pending
    suggestions. Decisions already taken are kept; a rejected pair is never proposed again."""
    report = SuggestionReport()
    citations = unresolved_citations() if citations is None else citations
    candidates = _Candidates()
    rows = list(citations)
    # Where the next reference in the same paragraph starts: a quotation ends there.
    next_start: dict[int, int | None] = {}
    for a, b in zip(rows, [*rows[1:], None], strict=True):
        same = b is not None and b.paragraph_id == a.paragraph_id and b.footnote_id is None
        next_start[a.pk] = b.start if same and b.start > a.end else None
    existing = {
        (s.citation_id, s.suggested_id): s
        for s in CitationSuggestion.objects.filter(citation__in=[c.pk for c in rows])
    }
    for citation in rows:
        report.considered += 1
        year, exact = cited_year(citation)
        pool = [
            r
            for r in candidates.around(year, exact)
            if citation.resolution.year is None
            or r.year is None
            or r.year <= citation.resolution.year
        ]
        text = citation.paragraph.text if citation.paragraph else ""
        quote = quoted_text(citation, text, next_start.get(citation.pk))
        if quote and pool:
            candidates.load_paragraphs(pool)
        for found in suggest_for(citation, quote, pool, candidates.paragraphs, candidates.aliases):
            if found.score < min_score:
                continue
            old = existing.get((citation.pk, found.resolution.pk))
            if old is None:
                new = CitationSuggestion.objects.create(
                    citation=citation,
                    suggested=found.resolution,
                    score=found.score,
                    evidence=found.evidence,
                )
                report.created += 1
                report.suggestions.append(new)
            elif old.status == CitationSuggestion.Status.PENDING:
                old.score, old.evidence = found.score, found.evidence
                old.save(update_fields=["score", "evidence"])
                report.updated += 1
                report.suggestions.append(old)
            else:
                report.kept += 1
    # Suggestions for references that have since been resolved are moot.
    CitationSuggestion.objects.filter(
        status=CitationSuggestion.Status.PENDING, citation__target__isnull=False
    ).delete()
    return report


@transaction.atomic
def accept_suggestion(suggestion: CitationSuggestion) -> None:
    """The curator agrees: the reference points at the suggested text, and reloads keep it."""
    now = timezone.now()
    Citation.objects.filter(pk=suggestion.citation_id).update(
        target=suggestion.suggested, target_curated=True
    )
    suggestion.status = CitationSuggestion.Status.ACCEPTED
    suggestion.decided_at = now
    suggestion.save(update_fields=["status", "decided_at"])
    # One reference has one source: the other candidates are thereby rejected.
    CitationSuggestion.objects.filter(
        citation_id=suggestion.citation_id, status=CitationSuggestion.Status.PENDING
    ).exclude(pk=suggestion.pk).update(status=CitationSuggestion.Status.REJECTED, decided_at=now)
    suggestion.citation.refresh_from_db(fields=["target", "target_curated"])


@transaction.atomic
def reject_suggestion(suggestion: CitationSuggestion) -> None:
    """The curator disagrees. A target set by accepting this suggestion earlier is undone and
    the reference resolves again by symbol."""
    suggestion.status = CitationSuggestion.Status.REJECTED
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_at"])
    citation = suggestion.citation
    if citation.target_curated and citation.target_id == suggestion.suggested_id:
        Citation.objects.filter(pk=citation.pk).update(
            target=matching_resolution(exclude_pk=citation.resolution_id), target_curated=False
        )
        citation.refresh_from_db(fields=["target", "target_curated"])
