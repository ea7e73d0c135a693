"""The JSON twins of the drafting pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from resolutions.drafting.agreed import AgreedLanguage, Match
from resolutions.drafting.compare import Comparison
from resolutions.drafting.diff import changes, diff_words
from resolutions.drafting.lineage import History, Version
from resolutions.models import Paragraph, Resolution, Series


def resolution_ref(resolution: Resolution, request: HttpRequest) -> dict[str, Any]:
    return {
        "slug": resolution.slug,
        "symbol": resolution.symbol,
        "label": resolution.label,
        "title": resolution.title,
        "year": resolution.year,
        "url": request.build_absolute_uri(resolution.get_absolute_url()),
    }


def paragraph_ref(paragraph: Paragraph, request: HttpRequest) -> dict[str, Any]:
    resolution = paragraph.resolution
    return {
        "resolution": resolution.slug,
        "symbol": resolution.symbol,
        "year": resolution.year,
        "anchor": paragraph.anchor,
        "label": paragraph.label,
        "text": paragraph.text,
        "url": request.build_absolute_uri(paragraph.get_absolute_url()),
    }


def timeline_to_dict(series: Series, versions: list[Version], request) -> dict[str, Any]:
    return {
        "series": {"name": series.name, "slug": series.slug, "confirmed": series.confirmed},
        "versions": [
            {
                **resolution_ref(v.resolution, request),
                "body": v.resolution.body.code if v.resolution.body else None,
                "preambular": v.preambular,
                "operative": v.operative,
                "previous": v.previous.slug if v.previous else None,
                "unchanged": v.unchanged,
                "amended": v.amended,
                "moved": v.moved,
                "new": v.new,
                "dropped": v.dropped,
            }
            for v in versions
        ],
    }


def history_to_dict(history: History, request) -> dict[str, Any]:
    wordings = []
    for previous, wording in zip([None, *history.wordings], history.wordings, strict=False):
        item = {
            "first_appeared": wording.year,
            "current": wording.current,
            "text": wording.text,
            "versions": [paragraph_ref(p, request) for p in wording.paragraphs],
        }
        if previous is not None:
            item["changes"] = changes(diff_words(previous.text, wording.text))
        wordings.append(item)
    return {
        "paragraph": paragraph_ref(history.paragraph, request),
        "origin": paragraph_ref(history.origin, request),
        "wordings": wordings,
    }


def comparison_to_dict(comparison: Comparison, request) -> dict[str, Any]:
    return {
        "a": resolution_ref(comparison.a, request),
        "b": resolution_ref(comparison.b, request),
        "summary": comparison.summary,
        "rows": [
            {
                "status": row.status,
                "moved": row.moved,
                "similarity": row.similarity,
                "a": row.a.anchor if row.a else None,
                "b": row.b.anchor if row.b else None,
                **(row.changes if row.status == "amended" else {}),
            }
            for row in comparison.rows
        ],
    }


def match_to_dict(match: Match, request) -> dict[str, Any]:
    return {**paragraph_ref(match.paragraph, request), "score": match.score}


def agreed_to_dict(result: AgreedLanguage, request) -> dict[str, Any]:
    return {
        "phrase": result.phrase,
        "first": match_to_dict(result.first, request) if result.first else None,
        "occurrences": [match_to_dict(m, request) for m in result.occurrences],
        "variants": [match_to_dict(m, request) for m in result.variants],
        "truncated": result.truncated,
    }
