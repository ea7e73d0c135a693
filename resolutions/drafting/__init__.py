"""Drafting tools: how a recurring resolution evolves, and where its language comes from."""

from __future__ import annotations

from typing import Any

from resolutions.models import Paragraph, Resolution, Series


def refresh_series(series: Series) -> None:
    """Recompute paragraph lineage (and mandates) for every version of a series."""


def refresh_resolution(resolution: Resolution) -> None:
    """Recompute what is derived from one resolution's text alone (its mandates)."""


def drafting_context(resolution: Resolution, paragraphs: list[Paragraph]) -> dict[str, Any]:
    """Extra context for the resolution page: each paragraph's history in its series."""
    return {}
