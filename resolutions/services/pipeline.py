"""What happens after texts are stored: derived data is refreshed in one known order."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from resolutions import drafting
from resolutions.models import Resolution, Series
from resolutions.services import citations, curation, loading, series, topics


def after_store(resolution: Resolution) -> None:
    """Inside the file's transaction: what depends on this one text."""
    stored = loading.take_stored(resolution)
    if stored is None:
        # One read of the paragraphs for both steps.
        paragraphs, new = resolution.paragraph_rows(), False
    else:
        # Just written by store(): in hand, and a new text has no derived rows yet.
        paragraphs, new = stored.paragraphs, stored.new
    topics.apply_topic_rules(
        resolution, paragraphs=[(pk, text) for pk, _, text in paragraphs], new=new
    )
    drafting.refresh_resolution(resolution, paragraphs=paragraphs, new=new)


def after_load(
    changed: Iterable[Resolution], *, apply_curation: bool, all_series: bool = False
) -> list[str]:
    """After a load: curation files, citation links, series and lineage. Returns notes.
    Series: the changed texts are placed, or with `all_series` every text is regrouped."""
    notes: list[str] = []
    changed = list(changed)
    if apply_curation:
        notes += curation.apply_curation_files(curation_files())
        # Curation may add symbols to any text: re-resolve everything in one statement.
        citations.resolve_all_citations()
    else:
        for resolution in changed:
            citations.resolve_citations(resolution)
    touched = set(series.suggest_series(None if all_series else [r.pk for r in changed]))
    # One query for the series of the changed texts, not one per text.
    touched |= set(Series.objects.filter(resolutions__in=[r.pk for r in changed]).distinct())
    for item in touched:
        drafting.refresh_series(item)
    return notes


def curation_files() -> list[Path]:
    return sorted(Path(settings.RESOLUTIONS_CURATION_DIR).glob("*.json"))
