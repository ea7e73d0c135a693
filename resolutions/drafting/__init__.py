"""Drafting tools: how a recurring resolution evolves, and where its language comes from.

The pipeline calls `refresh_resolution` after each stored text and `refresh_series` after a
load; the resolution page calls `drafting_context`. The work is in the modules: `align`
(similarity and alignment), `diff` (word differences), `lineage` (stored links, timelines,
histories), `agreed` (agreed language), `mandates` (who is asked to do what), `charts`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from resolutions.models import Mandate, Paragraph, Resolution, Series
from resolutions.services.rows import insert_rows


def refresh_series(series: Series) -> None:
    """Recompute paragraph lineage for every version of a series."""
    from resolutions.drafting import lineage

    lineage.refresh_series(series)


# No savepoint: the loader calls this inside each file's transaction, and nothing catches an
# error from it to carry on: this saves two statements a text.
@transaction.atomic(savepoint=False)
def refresh_resolution(
    resolution: Resolution,
    *,
    paragraphs: list[tuple[int, str, str]] | None = None,
    new: bool = False,
) -> None:
    """Recompute what is derived from one resolution's text alone: its mandates (and drop
    its lineage when it belongs to no series any more). `paragraphs`: its paragraphs'
    (id, kind, text) in order, when the caller has just read them; `new`: they were just
    created, so they have no mandates or lineage to drop."""
    from resolutions.drafting import lineage, mandates

    if paragraphs is None:
        paragraphs = resolution.paragraph_rows()
    # Deletes by the paragraphs' ids rather than through joins.
    paragraph_ids = [pk for pk, _, _ in paragraphs]
    if not new:
        if resolution.series_id is None:
            lineage.forget_paragraphs(paragraph_ids)
        Mandate.objects.filter(paragraph_id__in=paragraph_ids).delete()
    insert_rows(
        Mandate,
        [
            {
                "paragraph_id": paragraph_id,
                "addressee": request.addressee[:200],
                "verb": request.verb,
                "action": request.action,
                "order": order,
            }
            for paragraph_id, kind, text in paragraphs
            if kind == Paragraph.Kind.OPERATIVE
            for order, request in enumerate(
                mandates.requests(text, context=resolution.raw_text), start=1
            )
        ],
    )


def drafting_context(resolution: Resolution, paragraphs: list[Paragraph]) -> dict[str, Any]:
    """Extra context for the resolution page, in at most two queries: the series, and each
    paragraph's history in it (set as `paragraph.history`)."""
    from resolutions.drafting import lineage

    if resolution.series_id is None:
        return {}
    series = resolution.series  # the resolution page selects it with the resolution
    for paragraph in paragraphs:
        paragraph.resolution = resolution  # already loaded: no query per paragraph
    found = lineage.histories(paragraphs, lineage.series_links(series.pk))
    for paragraph in paragraphs:
        paragraph.history = found.get(paragraph.pk)
    return {"drafting_series": series}
