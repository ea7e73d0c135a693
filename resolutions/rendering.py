"""Turn stored paragraph text into safe HTML: escape every piece, then add our own tags."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape as escape_html

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def html_text(value: object) -> str:
    """`value` as HTML text: escaped unless it is already HTML, as Django's
    conditional_escape does, without its per-call checks for lazy strings (the search page
    and its selects write this for every result, facet link and option)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape_html(str(value))


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


def citation_markups(text: str, links: Iterable, *, skip: Iterable[Markup] = ()) -> list[Markup]:
    """One <a> per reference (`links` are CitationLink: start, end, href, archived, label).

    A reference whose stored offsets no longer fit the text, or that would swallow a
    footnote marker or cut through other markup, is left as plain text rather than mangled.
    """
    taken = list(skip)
    out: list[Markup] = []
    for link in links:
        start, end = link.start, link.end
        if not (0 <= start < end <= len(text)):
            continue
        if any(_clashes(start, end, m) for m in taken):
            continue
        css = "ref-link ref-link--archived" if link.archived else "ref-link ref-link--symbol"
        opening = format_html('<a class="{}" href="{}" title="{}">', css, link.href, link.label)
        markup = Markup(start, end, opening, "</a>")
        taken.append(markup)
        out.append(markup)
    return out


def _clashes(start: int, end: int, m: Markup) -> bool:
    if m.start == m.end:  # a point (footnote marker): only inside the span is a problem
        return start < m.start < end
    return start < m.end and m.start < end
