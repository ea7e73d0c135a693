"""Curation as data: apply and export curated values, aliases, topics, series and links."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def apply_curation_files(paths: Iterable[Path]) -> list[str]:
    """Apply curation fixture files in order; returns a line per change for the summary."""
    return []
