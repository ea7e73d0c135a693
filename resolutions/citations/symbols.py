"""What the archive knows of one cited symbol: kind, body, year, titles, citing paragraphs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Q
from django.utils.safestring import SafeString

from resolutions.models import Citation, Resolution
from resolutions.parsing.citations import normalize_symbol, referenced_years, symbol_kind
from resolutions.parsing.structures import Reference
from resolutions.rendering import Markup, render

SNIPPET_CONTEXT = 140  # characters either side of the reference
CITING_PAGE_SIZE = 50

KIND_LABELS = dict(Citation.Kind.choices)

# Who issues documents of a symbol series: longest prefix first.
_SERIES_BODIES: tuple[tuple[str, str], ...] = (
    ("A/HRC/", "Human Rights Council"),
    ("E/CN.4/Sub.2/", "Sub-Commission on the Promotion and Protection of Human Rights"),
    ("E/CN.4/", "Commission on Human Rights"),
    ("E/CN.15/", "Commission on Crime Prevention and Criminal Justice"),
    ("E/CN.7/", "Commission on Narcotic Drugs"),
    ("E/CN.6/", "Commission on the Status of Women"),
    ("E/CN.5/", "Commission for Social Development"),
    ("E/CN.9/", "Commission on Population and Development"),
    ("E/CN.3/", "Statistical Commission"),
    ("E/CN.17/", "Commission on Sustainable Development"),
    ("E/CN.16/", "Commission on Science and Technology for Development"),
    ("A/", "General Assembly"),
    ("S/", "Security Council"),
    ("E/", "Economic and Social Council"),
    ("ST/", "Secretariat"),
)


def canonical_symbol(raw: str) -> str | None:
    """The symbol a URL names, in canonical form ("a/res/68/187" -> "A/RES/68/187"), or the
    raw text when citations are stored under it as written; None when it names nothing."""
    raw = " ".join(raw.split())
    if Citation.objects.filter(target_symbol=raw).exists():
        return raw
    return normalize_symbol(raw)


def issuing_body(symbol: str) -> str | None:
    """The body that issues documents of this symbol's series, when the series says so."""
    return next((name for prefix, name in _SERIES_BODIES if symbol.startswith(prefix)), None)


def symbol_year(symbol: str) -> int | None:
    """The year the symbol itself implies (session year for the Assembly), if any."""
    kind = symbol_kind(symbol) or "document"
    years = referenced_years([Reference(symbol=symbol, kind=kind, text=symbol, start=0, end=0)])
    return years[-1] if years else None


@dataclass(slots=True)
class CitingEntry:
    citation: Citation
    snippet: SafeString


def snippet(citation: Citation) -> SafeString:
    """The text around the reference, escaped, with the reference marked."""
    source = citation.footnote or citation.paragraph
    text = source.text if source is not None else citation.text
    start, end = citation.start, citation.end
    if not (0 <= start < end <= len(text)):
        start, end = 0, 0
    lo, hi = max(0, start - SNIPPET_CONTEXT), min(len(text), end + SNIPPET_CONTEXT)
    piece = text[lo:hi]
    markups = [Markup(start - lo, end - lo, "<mark>", "</mark>")] if end > start else []
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    return SafeString(prefix + render(piece, markups) + suffix)


def symbol_info(symbol: str, page_number: Any = 1) -> dict[str, Any]:
    """Everything the symbol page shows, in four queries (five with a second page)."""
    kind = symbol_kind(symbol) or ""
    archived = (
        Resolution.objects.filter(Q(symbol=symbol) | Q(other_symbols__symbol=symbol))
        .select_related("body")
        .distinct()
        .first()
    )
    citations = Citation.objects.filter(target_symbol=symbol)
    as_cited = list(
        citations.values("title", "date")
        .annotate(count=Count("pk"), first_year=Min("resolution__year"))
        .order_by("-count", "date", "title")[:20]
    )
    paginator = Paginator(
        citations.select_related("resolution__body", "paragraph", "footnote").order_by(
            "-resolution__year", "resolution__slug", "order", "pk"
        ),
        CITING_PAGE_SIZE,
    )
    page: Page = paginator.get_page(page_number)
    entries = [CitingEntry(c, snippet(c)) for c in page.object_list]
    dates = sorted({row["date"] for row in as_cited if row["date"]})
    year = dates[0].year if dates else symbol_year(symbol)
    stored_kind = next((e.citation.kind for e in entries), "")
    kind = kind or stored_kind
    return {
        "symbol": symbol,
        "kind": kind,
        "kind_label": KIND_LABELS.get(kind, "Document"),
        "body_name": archived.body.name if archived and archived.body else issuing_body(symbol),
        "year": archived.year if archived and archived.year else year,
        "archived": archived,
        "as_cited": as_cited,
        "titles": [row for row in as_cited if row["title"] or row["date"]],
        "citing": entries,
        "page_obj": page,
        "paginator": paginator,
        "is_paginated": page.has_other_pages(),
        "citing_count": paginator.count,
        "official_url": official_url(symbol),
    }


def official_url(symbol: str) -> str:
    """The official document at undocs.org (symbols are used there as printed)."""
    return f"https://undocs.org/{quote(symbol, safe='/().')}"
