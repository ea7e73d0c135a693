"""Resolving citations to archived resolutions, and what a resolution page shows of them.

A citation resolves to the archived resolution whose symbol, or one of whose other symbols
(`ResolutionSymbol`, e.g. the General Assembly symbol a Commission draft was adopted under),
equals its `target_symbol`. A target set by a curator (`target_curated`) is never touched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from resolutions.models import Citation, Paragraph, Resolution, ResolutionSymbol

# How many incoming citations a resolution page lists; the symbol page lists the rest.
CITED_BY_LIMIT = 200

# "Cites" on a resolution page, in this order: (heading, citation kinds).
CITE_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ga", "General Assembly resolutions", (Citation.Kind.GA,)),
    ("sc", "Security Council resolutions", (Citation.Kind.SC,)),
    ("ecosoc", "Economic and Social Council resolutions", (Citation.Kind.ECOSOC,)),
    (
        "other",
        "Other resolutions",
        (Citation.Kind.CHR, Citation.Kind.HRC, Citation.Kind.OTHER),
    ),
    ("documents", "Other documents", (Citation.Kind.DOCUMENT,)),
)

# ", para. 3" or ", paragraph 3" right after a reference: the cited operative paragraph.
_PARAGRAPH_LOCATOR = re.compile(r"\s*,\s*(?:para\.|paragraph)\s*(\d{1,3})\b")


# ---------------------------------------------------------------------------------------------
# Resolution


def matching_resolution(exclude_pk: int | None = None) -> Coalesce:
    """SQL for "the archived resolution known by OuterRef('target_symbol')": its own symbol
    first, then a curated other symbol."""
    by_symbol = Resolution.objects.filter(symbol=OuterRef("target_symbol"))
    by_alias = ResolutionSymbol.objects.filter(symbol=OuterRef("target_symbol"))
    if exclude_pk is not None:
        # A text never cites itself: its own symbol in its text is not a cross-link.
        by_symbol = by_symbol.exclude(pk=exclude_pk)
        by_alias = by_alias.exclude(resolution_id=exclude_pk)
    return Coalesce(
        Subquery(by_symbol.values("pk")[:1]),
        Subquery(by_alias.values("resolution_id")[:1]),
    )


def symbols_of(resolution: Resolution) -> list[str]:
    """Every symbol the resolution is known by: its own, then its other symbols."""
    others = list(resolution.other_symbols.values_list("symbol", flat=True))
    return ([resolution.symbol] if resolution.symbol else []) + others


def resolve_citations(resolution: Resolution) -> None:
    """Point this resolution's citations, and citations of its symbols, at archived texts.

    A fixed number of queries whatever the archive's size: the matching is done in SQL.
    """
    # What it cites.
    Citation.objects.filter(resolution=resolution, target_curated=False).update(
        target=matching_resolution(exclude_pk=resolution.pk)
    )
    # What cites it, through any of its symbols. An alias that is another text's own symbol
    # loses to that text.
    own = [resolution.symbol] if resolution.symbol else []
    aliases = list(
        resolution.other_symbols.exclude(
            symbol__in=Resolution.objects.exclude(symbol=None).values("symbol")
        ).values_list("symbol", flat=True)
    )
    incoming = Citation.objects.filter(target_curated=False).exclude(resolution=resolution)
    if own or aliases:
        incoming.filter(target_symbol__in=own + aliases).exclude(target=resolution).update(
            target=resolution
        )
    # Citations that pointed here through a symbol it no longer has.
    incoming.filter(target=resolution).exclude(target_symbol__in=own + aliases).update(
        target=matching_resolution(exclude_pk=resolution.pk)
    )


def resolve_all_citations() -> int:
    """Re-resolve every uncurated citation in one UPDATE; returns how many rows it touched.

    For after a bulk change of symbols or aliases (e.g. applying curation files), where
    calling `resolve_citations` once per resolution would cost queries per resolution.
    """
    return Citation.objects.filter(target_curated=False).update(target=matching_resolution())


# ---------------------------------------------------------------------------------------------
# Links


@dataclass(slots=True)
class CitationLink:
    """A reference as a link: where it is in the text and where it leads."""

    citation: Citation
    href: str
    archived: bool
    label: str  # what the link says about its target, for screen readers and titles

    @property
    def start(self) -> int:
        return self.citation.start

    @property
    def end(self) -> int:
        return self.citation.end


def symbol_url(symbol: str) -> str:
    """The page for a cited symbol (symbols contain "/" and spaces: reversed raw)."""
    return reverse("resolutions:symbol-detail", kwargs={"symbol": symbol})


def citation_href(citation: Citation, text: str | None = None) -> str:
    """Where a reference leads: the archived resolution (at the cited paragraph when the text
    names one) or the symbol's page. `citation.target` must be loaded (select_related)."""
    if citation.target_id is None:
        return symbol_url(citation.target_symbol)
    url = citation.target.get_absolute_url()
    if text is not None:
        locator = _PARAGRAPH_LOCATOR.match(text, citation.end)
        if locator:
            return f"{url}#op{locator.group(1)}"
    return url


def citation_link(citation: Citation, text: str | None = None) -> CitationLink:
    if citation.target_id is None:
        label = f"{citation.target_symbol}: what the archive knows of it"
    else:
        label = f"{citation.target.label} in the archive"
    return CitationLink(
        citation=citation,
        href=citation_href(citation, text),
        archived=citation.target_id is not None,
        label=label,
    )


# ---------------------------------------------------------------------------------------------
# The resolution page


@dataclass(slots=True)
class CitedSymbol:
    """One symbol the resolution cites, with the paragraphs that cite it."""

    symbol: str
    kind: str
    href: str
    target: Resolution | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    count: int = 0


@dataclass(slots=True)
class CitingResolution:
    """An archived resolution that cites this one, with the citing paragraphs."""

    resolution: Resolution
    citations: list[Citation] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        seen: dict[int, Paragraph] = {}
        for c in self.citations:
            if c.paragraph is not None:
                seen.setdefault(c.paragraph.pk, c.paragraph)
        return list(seen.values())


def citation_context(resolution: Resolution, paragraphs: list[Paragraph]) -> dict[str, Any]:
    """Extra context for the resolution page: what it cites and what cites it.

    Two queries: its citations (with their targets) and the citations of it in other
    texts through any of its symbols (capped at CITED_BY_LIMIT).
    """
    by_pk = {p.pk: p for p in paragraphs}
    citations = list(
        resolution.citations.select_related("target", "footnote").order_by("order", "pk")
    )
    links_by_paragraph: dict[int, list[CitationLink]] = defaultdict(list)
    links_by_footnote: dict[int, list[CitationLink]] = defaultdict(list)
    cited: dict[str, CitedSymbol] = {}
    for c in citations:
        paragraph = by_pk.get(c.paragraph_id)
        if c.footnote_id is not None:
            link = citation_link(c, c.footnote.text)
            links_by_footnote[c.footnote_id].append(link)
        else:
            link = citation_link(c, paragraph.text if paragraph else None)
            if paragraph is not None:
                links_by_paragraph[paragraph.pk].append(link)
        entry = cited.get(c.target_symbol)
        if entry is None:
            entry = cited[c.target_symbol] = CitedSymbol(
                symbol=c.target_symbol,
                kind=c.kind,
                href=citation_href(c),
                target=c.target,
            )
        entry.count += 1
        if paragraph is not None and paragraph not in entry.paragraphs:
            entry.paragraphs.append(paragraph)
    groups = []
    for key, heading, kinds in CITE_GROUPS:
        items = sorted(
            (e for e in cited.values() if e.kind in kinds), key=lambda e: symbol_sort_key(e.symbol)
        )
        if items:
            groups.append({"key": key, "heading": heading, "items": items, "count": len(items)})

    incoming = incoming_citations(resolution)
    cited_by: dict[int, CitingResolution] = {}
    for c in incoming:
        cited_by.setdefault(c.resolution_id, CitingResolution(c.resolution)).citations.append(c)
    return {
        "citation_links_by_paragraph": dict(links_by_paragraph),
        "citation_links_by_footnote": dict(links_by_footnote),
        "cites": groups,
        "cites_count": len(cited),
        "cited_by": list(cited_by.values()),
        "cited_by_truncated": len(incoming) == CITED_BY_LIMIT,
        # The symbols it is cited under (its own and its aliases), for the symbol pages.
        "cited_as": sorted({c.target_symbol for c in incoming}, key=symbol_sort_key),
    }


def incoming_citations(resolution: Resolution, limit: int = CITED_BY_LIMIT) -> list[Citation]:
    """Citations of this resolution in other archived texts, through any of its symbols
    (also those not resolved yet), newest citing text first; one query."""
    by_symbol = Q(target_symbol__in=resolution.other_symbols.values("symbol"))
    if resolution.symbol:
        by_symbol |= Q(target_symbol=resolution.symbol)
    return list(
        Citation.objects.filter(Q(target=resolution) | (Q(target=None) & by_symbol))
        .exclude(resolution=resolution)
        .select_related("resolution__body", "paragraph")
        .order_by("-resolution__year", "resolution__slug", "order", "pk")[:limit]
    )


def symbol_sort_key(symbol: str) -> tuple:
    """Natural order: A/RES/68/178 before A/RES/70/1, S/RES/2133 before S/RES/2178."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", symbol)
    )
