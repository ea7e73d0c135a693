"""Turn stored paragraph text into safe HTML: escape every piece, then add our own tags."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True, slots=True)
class Markup:
    """Trusted HTML to wrap text[start:end] (or to insert at `start` when start == end)."""

    start: int
    end: int
    open: str
    close: str = ""


def render(text: str, markups: Iterable[Markup]) -> SafeString:
    """Escape `text` and weave in `markups`; overlapping spans are skipped, never mangled."""
    out: list[str] = []
    pos = 0
    for m in sorted(markups, key=lambda m: (m.start, m.end != m.start, -m.end)):
        if m.start < pos or m.end > len(text) or m.end < m.start:
            continue
        out.append(escape(text[pos : m.start]))
        out.append(m.open)
        out.append(escape(text[m.start : m.end]))
        out.append(m.close)
        pos = m.end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # every piece of text above is escaped
