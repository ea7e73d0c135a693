"""Resolving citations to archived resolutions, and what a resolution page shows of them."""

from __future__ import annotations

from typing import Any

from resolutions.models import Paragraph, Resolution


def resolve_citations(resolution: Resolution) -> None:
    """Point this resolution's citations, and citations of its symbols, at archived texts."""


def citation_context(resolution: Resolution, paragraphs: list[Paragraph]) -> dict[str, Any]:
    """Extra context for the resolution page: what it cites and what cites it."""
    return {}
