"""Read queries behind the pages: each returns what a page needs in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from resolutions.drafting import drafting_context
from resolutions.drafting.lineage import series_context
from resolutions.filters import ResolutionFilter
from resolutions.models import Body, Citation, Footnote, Paragraph, Resolution
from resolutions.services.citations import citation_context
from resolutions.services.topics import topic_context


def resolution_list() -> QuerySet[Resolution]:
    # No per-row aggregates here: they would be computed for every resolution before paging.
    return Resolution.objects.with_related().order_by("-year", "-date", "title", "pk")


def filtered_resolutions(params) -> ResolutionFilter:
    """The resolution list narrowed by URL parameters; invalid ones are reported, not applied."""
    filterset = ResolutionFilter(params or None, queryset=resolution_list())
    filterset.is_valid()
    return filterset


def resolution_with_text() -> QuerySet[Resolution]:
    return Resolution.objects.with_related().prefetch_related(
        Prefetch("paragraphs", queryset=Paragraph.objects.order_by("order")),
        Prefetch("footnotes", queryset=Footnote.objects.order_by("order")),
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("target", "footnote").order_by("order"),
        ),
    )


def archive_overview() -> dict[str, Any]:
    bodies = (
        Body.objects.annotate(resolution_count=Count("resolutions"))
        .filter(resolution_count__gt=0)
        .order_by("-resolution_count", "name")
    )
    years = (
        Resolution.objects.exclude(year=None)
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    return {
        "resolution_count": Resolution.objects.count(),
        "paragraph_count": Paragraph.objects.count(),
        "bodies": bodies,
        "years": years,
        "undated_count": Resolution.objects.filter(year=None).count(),
        "no_body_count": Resolution.objects.filter(body=None).count(),
        "latest": Resolution.objects.with_related()[:5],
    }


def resolution_page(resolution: Resolution) -> dict[str, Any]:
    """Paragraphs split by kind and footnotes keyed by marker, in two queries."""
    paragraphs = list(resolution.paragraphs.order_by("order"))
    footnotes = list(resolution.footnotes.order_by("order"))
    anchors = {p.pk: p for p in paragraphs}
    for footnote in footnotes:
        footnote.carrier = anchors.get(footnote.paragraph_id)
    context = {
        "preambular": [p for p in paragraphs if p.kind == Paragraph.Kind.PREAMBULAR],
        "operative": [p for p in paragraphs if p.kind == Paragraph.Kind.OPERATIVE],
        "footnotes": footnotes,
        "footnotes_by_marker": {f.marker: f for f in footnotes},
    }
    # Each part of the site adds what it shows on the page, in a fixed number of queries.
    for part in (citation_context, topic_context, drafting_context):
        context.update(part(resolution, paragraphs))
    context.update(series_context(resolution))
    return context
