"""Series: group the yearly versions of a recurring resolution."""

from __future__ import annotations

from resolutions.models import Series


def suggest_series() -> list[Series]:
    """Group resolutions not yet in a confirmed series; returns the series touched."""
    return []
