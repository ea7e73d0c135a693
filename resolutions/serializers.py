"""One JSON shape for a resolution, whether it comes from a parse or from the database."""

from __future__ import annotations

import html
from typing import Any

from django.utils.html import strip_tags

from resolutions.models import Citation, Resolution
from resolutions.parsing.structures import ParsedResolution
from resolutions.services.citations import citation_href, incoming_citations

PARAGRAPH_FIELDS = ("kind", "number", "verb_phrase", "verb", "text", "anchor")


def paragraph_to_dict(paragraph) -> dict[str, Any]:
    """A paragraph's fields; a ParsedParagraph and a Paragraph name them alike."""
    return {name: getattr(paragraph, name) for name in PARAGRAPH_FIELDS}


def parsed_to_dict(parsed: ParsedResolution) -> dict[str, Any]:
    """The output of `manage.py parse_resolution`."""
    return {
        "source": parsed.source,
        "symbol": parsed.symbol,
        "body": parsed.body,
        "document_type": parsed.document_type,
        "date": parsed.date.isoformat() if parsed.date else None,
        "year": parsed.year,
        "year_inferred": parsed.year_inferred,
        "title": parsed.title,
        "status": parsed.status,
        "session": parsed.session,
        "agenda_item": parsed.agenda_item,
        "addressed_to": parsed.addressed_to,
        "sponsors": list(parsed.sponsors),
        "paragraphs": [paragraph_to_dict(p) for p in parsed.paragraphs],
        "footnotes": [
            {"marker": f.marker, "text": f.text, "paragraph": f.paragraph_anchor}
            for f in parsed.footnotes
        ],
        "citations": [
            {
                "symbol": c.symbol,
                "kind": c.kind,
                "text": c.text,
                "date": c.date.isoformat() if c.date else None,
                "title": c.title,
                "paragraph": c.paragraph_anchor,
            }
            for c in parsed.citations
        ],
        "warnings": list(parsed.warnings),
    }


def resolution_summary(resolution: Resolution, request=None) -> dict[str, Any]:
    """The fields a list shows; `request` makes the URL absolute."""
    url = resolution.get_absolute_url()
    return {
        "slug": resolution.slug,
        "symbol": resolution.symbol,
        "title": resolution.title,
        "body": resolution.body.name if resolution.body else None,
        "body_code": resolution.body.code if resolution.body else None,
        "document_type": resolution.document_type,
        "date": resolution.date.isoformat() if resolution.date else None,
        "year": resolution.year,
        "year_inferred": resolution.year_inferred,
        "url": request.build_absolute_uri(url) if request else url,
    }


def resolution_to_dict(resolution: Resolution, request=None) -> dict[str, Any]:
    """The same fields as the parse output, plus the archive's own (slug, url, body code)."""
    paragraphs = list(resolution.paragraphs.all())
    anchors = {p.pk: p.anchor for p in paragraphs}
    data = resolution_summary(resolution, request)
    data.update(
        {
            "source": resolution.source_name,
            "status": resolution.status,
            "session": resolution.session,
            "agenda_item": resolution.agenda_item,
            "addressed_to": resolution.addressed_to,
            "sponsors": [s.sponsor.name for s in resolution.sponsorships.all()],
            "paragraphs": [paragraph_to_dict(p) for p in paragraphs],
            "footnotes": [
                {"marker": f.marker, "text": f.text, "paragraph": anchors.get(f.paragraph_id)}
                for f in resolution.footnotes.all()
            ],
            "citations": [
                citation_to_dict(c, anchors.get(c.paragraph_id), request)
                # Prefetched with their targets and footnotes by selectors.resolution_with_text.
                for c in resolution.citations.all()
            ],
            "cited_by": [
                {
                    "slug": c.resolution.slug,
                    "symbol": c.resolution.symbol,
                    "title": c.resolution.title,
                    "year": c.resolution.year,
                    "paragraph": c.paragraph.anchor if c.paragraph else None,
                    "cited_as": c.target_symbol,
                    "text": c.text,
                    "url": _absolute(citing_url(c), request),
                }
                for c in incoming_citations(resolution)
            ],
        }
    )
    return data


def citing_url(citation: Citation) -> str:
    """Where a citation stands: its paragraph's permalink, from the loaded citing resolution."""
    url = citation.resolution.get_absolute_url()
    return f"{url}#{citation.paragraph.anchor}" if citation.paragraph else url


def _absolute(url: str, request) -> str:
    return request.build_absolute_uri(url) if request else url


def citation_to_dict(citation: Citation, paragraph_anchor: str | None, request=None) -> dict:
    """One reference: as written, where it is, and where it leads (target loaded)."""
    target = citation.target
    return {
        "symbol": citation.target_symbol,
        "kind": citation.kind,
        "text": citation.text,
        "date": citation.date.isoformat() if citation.date else None,
        "title": citation.title,
        "paragraph": paragraph_anchor,
        "footnote": citation.footnote.marker if citation.footnote_id else None,
        "target": (
            {
                "slug": target.slug,
                "symbol": target.symbol,
                "url": _absolute(target.get_absolute_url(), request),
            }
            if target
            else None
        ),
        "url": _absolute(citation_href(citation), request),
    }


def symbol_to_dict(info: dict[str, Any], request=None) -> dict[str, Any]:
    """The JSON twin of a symbol page (see resolutions.citations.symbols.symbol_info)."""
    archived = info["archived"]
    page = info["page_obj"]
    return {
        "symbol": info["symbol"],
        "kind": info["kind"],
        "body": info["body_name"],
        "year": info["year"],
        "archived": resolution_summary(archived, request) if archived else None,
        "official_url": info["official_url"],
        "as_cited": [
            {
                "title": row["title"],
                "date": row["date"].isoformat() if row["date"] else None,
                "count": row["count"],
            }
            for row in info["as_cited"]
        ],
        "citing_count": info["citing_count"],
        "page": page.number,
        "num_pages": page.paginator.num_pages,
        "citing": [
            {
                "slug": e.citation.resolution.slug,
                "symbol": e.citation.resolution.symbol,
                "title": e.citation.resolution.title,
                "year": e.citation.resolution.year,
                "paragraph": e.citation.paragraph.anchor if e.citation.paragraph else None,
                "footnote": e.citation.footnote.marker if e.citation.footnote else None,
                "text": e.citation.text,
                "snippet": html.unescape(strip_tags(e.snippet)),
                "url": _absolute(citing_url(e.citation), request),
            }
            for e in info["citing"]
        ],
    }
