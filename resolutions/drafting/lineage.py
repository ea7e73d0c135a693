"""Paragraph lineage: stored links between consecutive versions of a series, and the
timeline and paragraph histories read from them."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.urls import NoReverseMatch

from resolutions.drafting.align import align
from resolutions.models import Paragraph, ParagraphLink, Resolution, Series

VERSION_ORDER = (
    F("year").asc(nulls_last=True),
    F("date").asc(nulls_last=True),
    "pk",
)


def versions(series: Series) -> QuerySet[Resolution]:
    """The versions of a series, oldest first."""
    return series.resolutions.select_related("body").order_by(*VERSION_ORDER)


# Versions of its series listed on a resolution's page on each side of it; the series page
# lists them all (a yearly series can run to hundreds).
SERIES_NEIGHBOURS = 5


def series_context(resolution: Resolution) -> dict[str, Any]:
    """Extra context for the resolution page: its series and the versions nearest to it,
    oldest first. One query, of the versions' ids and labels only, so that a long series
    costs no model per version; the series itself comes with the resolution when the page
    selected it."""
    if resolution.series_id is None:
        return {}
    series = resolution.series
    columns = ("pk", "slug", "symbol", "title", "year", "document_type")
    rows = list(series.resolutions.order_by(*VERSION_ORDER).values_list(*columns))
    here = next((i for i, row in enumerate(rows) if row[0] == resolution.pk), 0)
    start = max(0, here - SERIES_NEIGHBOURS)
    end = min(len(rows), here + SERIES_NEIGHBOURS + 1)
    try:
        series_url = series.get_absolute_url()
    except NoReverseMatch:
        # The series page belongs to another part of the site; link it once it exists.
        series_url = ""
    return {
        "series": series,
        "series_url": series_url,
        "series_members": [
            Resolution(**dict(zip(columns, row, strict=True))) for row in rows[start:end]
        ],
        "series_count": len(rows),
        "series_earlier": start,
        "series_later": len(rows) - end,
    }


@transaction.atomic
def refresh_series(series: Series) -> int:
    """Re-align every pair of consecutive versions of `series` and store the links.
    Returns the number of links stored."""
    members = list(series.resolutions.order_by(*VERSION_ORDER).values_list("pk", flat=True))
    paragraphs = list(
        Paragraph.objects.filter(resolution__in=members).order_by("resolution", "order")
    )
    forget_paragraphs([p.pk for p in paragraphs])
    by_version: dict[int, list[Paragraph]] = defaultdict(list)
    for paragraph in paragraphs:
        by_version[paragraph.resolution_id].append(paragraph)
    links = []
    for earlier_pk, later_pk in itertools.pairwise(members):
        earlier, later = by_version[earlier_pk], by_version[later_pk]
        for pair in align([p.text for p in earlier], [p.text for p in later]):
            links.append(
                ParagraphLink(
                    earlier=earlier[pair.a],
                    later=later[pair.b],
                    similarity=pair.similarity,
                    relation=(
                        ParagraphLink.Relation.UNCHANGED
                        if pair.unchanged
                        else ParagraphLink.Relation.AMENDED
                    ),
                    moved=pair.moved,
                )
            )
    ParagraphLink.objects.bulk_create(links)
    return len(links)


def forget_paragraphs(paragraph_ids: list[int]) -> None:
    """Drop the lineage links of these paragraphs (of a text that left its series, or of a
    series about to be aligned again)."""
    if not paragraph_ids:
        return
    # By a list of ids: an OR of two joins or subqueries cannot use the indexes and scans
    # every link in the archive.
    ParagraphLink.objects.filter(
        Q(earlier_id__in=paragraph_ids) | Q(later_id__in=paragraph_ids)
    ).delete()


@dataclass(slots=True)
class Version:
    """One version on a series timeline, with what changed since the previous one."""

    resolution: Resolution
    preambular: int = 0
    operative: int = 0
    previous: Resolution | None = None
    unchanged: int = 0
    amended: int = 0
    moved: int = 0
    new: int = 0
    dropped: int = 0

    @property
    def paragraphs(self) -> int:
        return self.preambular + self.operative


def timeline(series: Series) -> list[Version]:
    """The versions of a series with their changes, in three queries."""
    items = [Version(r) for r in versions(series)]
    counts = (
        Paragraph.objects.filter(resolution__series=series)
        .values("resolution_id", "kind")
        .annotate(n=Count("pk"))
    )
    by_pk = {v.resolution.pk: v for v in items}
    for row in counts:
        version = by_pk.get(row["resolution_id"])
        if version is None:
            continue
        if row["kind"] == Paragraph.Kind.OPERATIVE:
            version.operative = row["n"]
        else:
            version.preambular = row["n"]
    links = (
        ParagraphLink.objects.filter(later__resolution__series=series)
        .values("earlier__resolution_id", "later__resolution_id", "relation", "moved")
        .annotate(n=Count("pk"))
    )
    linked: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for row in links:
        linked[(row["earlier__resolution_id"], row["later__resolution_id"])].append(row)
    for previous, version in itertools.pairwise(items):
        version.previous = previous.resolution
        rows = linked[(previous.resolution.pk, version.resolution.pk)]
        version.unchanged = sum(r["n"] for r in rows if r["relation"] == "unchanged")
        version.amended = sum(r["n"] for r in rows if r["relation"] == "amended")
        version.moved = sum(r["n"] for r in rows if r["moved"])
        carried = version.unchanged + version.amended
        version.new = version.paragraphs - carried
        version.dropped = previous.paragraphs - carried
    return items


@dataclass(slots=True)
class Wording:
    """One wording of a paragraph and the versions that carried it, oldest first."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    current: bool = False

    @property
    def first(self) -> Paragraph:
        return self.paragraphs[0]

    @property
    def last(self) -> Paragraph:
        return self.paragraphs[-1]

    @property
    def text(self) -> str:
        return self.first.text

    @property
    def year(self) -> int | None:
        """The year this wording first appeared."""
        return self.first.resolution.year


@dataclass(slots=True)
class History:
    """A paragraph's wordings across its series, oldest first."""

    paragraph: Paragraph
    wordings: list[Wording]
    chain: list[Paragraph]

    @property
    def origin(self) -> Paragraph:
        return self.chain[0]

    @property
    def current(self) -> Wording:
        return next(w for w in self.wordings if w.current)

    @property
    def earlier(self) -> list[Wording]:
        return self.wordings[: self.wordings.index(self.current)]

    @property
    def later(self) -> list[Wording]:
        return self.wordings[self.wordings.index(self.current) + 1 :]

    @property
    def is_new(self) -> bool:
        return self.chain[0] is self.paragraph


def series_links(series_id: int) -> list[ParagraphLink]:
    """Every link of a series with both paragraphs and their resolutions, in one query."""
    return list(
        ParagraphLink.objects.filter(later__resolution__series_id=series_id).select_related(
            "earlier__resolution", "later__resolution"
        )
    )


def histories(paragraphs: list[Paragraph], links: list[ParagraphLink]) -> dict[int, History]:
    """Each paragraph's history, walking the links back to its first version and forward
    to its last (no queries: `paragraphs` must have their resolution loaded)."""
    by_later = {link.later_id: link for link in links}
    by_earlier = {link.earlier_id: link for link in links}
    result = {}
    for paragraph in paragraphs:
        back: list[ParagraphLink] = []
        seen = {paragraph.pk}
        pk = paragraph.pk
        while pk in by_later and by_later[pk].earlier_id not in seen:
            back.append(by_later[pk])
            pk = by_later[pk].earlier_id
            seen.add(pk)
        forward: list[ParagraphLink] = []
        pk = paragraph.pk
        while pk in by_earlier and by_earlier[pk].later_id not in seen:
            forward.append(by_earlier[pk])
            pk = by_earlier[pk].later_id
            seen.add(pk)
        chain = [link.earlier for link in reversed(back)] + [paragraph]
        chain += [link.later for link in forward]
        relations = [link.relation for link in reversed(back)] + [link.relation for link in forward]
        wordings = [Wording([chain[0]])]
        for later, relation in zip(chain[1:], relations, strict=True):
            if relation == ParagraphLink.Relation.UNCHANGED:
                wordings[-1].paragraphs.append(later)
            else:
                wordings.append(Wording([later]))
        for wording in wordings:
            wording.current = any(p is paragraph for p in wording.paragraphs)
        result[paragraph.pk] = History(paragraph, wordings, chain)
    return result
