"""Topic rules: mark paragraphs as being about a topic; hand-made choices win."""

from __future__ import annotations

from typing import Any

from resolutions.models import Paragraph, Resolution


def apply_topic_rules(resolution: Resolution) -> int:
    """(Re)apply every topic's rules to the resolution's paragraphs; returns links made."""
    return 0


def topic_context(resolution: Resolution, paragraphs: list[Paragraph]) -> dict[str, Any]:
    """Extra context for the resolution page: each paragraph's topics."""
    return {}
