"""One JSON shape for a resolution, whether it comes from a parse or from the database."""

from __future__ import annotations

from typing import Any

from resolutions.models import Resolution
from resolutions.parsing.structures import ParsedResolution


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
        "paragraphs": [
            {
                "kind": p.kind,
                "number": p.number,
                "verb_phrase": p.verb_phrase,
                "verb": p.verb,
                "text": p.text,
                "anchor": p.anchor,
            }
            for p in parsed.paragraphs
        ],
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
            "paragraphs": [
                {
                    "kind": p.kind,
                    "number": p.number,
                    "verb_phrase": p.verb_phrase,
                    "verb": p.verb,
                    "text": p.text,
                    "anchor": p.anchor,
                }
                for p in paragraphs
            ],
            "footnotes": [
                {"marker": f.marker, "text": f.text, "paragraph": anchors.get(f.paragraph_id)}
                for f in resolution.footnotes.all()
            ],
            "citations": [
                {
                    "symbol": c.target_symbol,
                    "kind": c.kind,
                    "text": c.text,
                    "date": c.date.isoformat() if c.date else None,
                    "title": c.title,
                    "paragraph": anchors.get(c.paragraph_id),
                }
                for c in resolution.citations.all()
            ],
        }
    )
    return data
