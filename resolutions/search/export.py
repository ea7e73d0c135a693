"""Stream a search as CSV, capped, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.http import QueryDict, StreamingHttpResponse

from resolutions.search.service import run_search

EXPORT_CAP = 5_000
EXPORT_BATCH = 500
COLUMNS = [
    "symbol", "title", "body", "year", "kind", "number", "anchor",
    "verb", "verb_phrase", "text", "url",
]  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value) -> str:
    # A cell that starts like a formula is run by spreadsheets; a leading quote keeps it text.
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def rows(params: QueryDict, base_url: str) -> Iterator[list[str]]:
    yield COLUMNS
    sent = 0
    page = 1
    while sent < EXPORT_CAP:
        batch = params.copy()
        batch["page"] = str(page)
        outcome = run_search(batch, page_size=EXPORT_BATCH, with_facets=False)
        if outcome.errors or not outcome.hits:
            return
        for hit in outcome.hits:
            p, r = hit.paragraph, hit.paragraph.resolution
            body = r.body.code if r.body else ""
            url = base_url + p.get_absolute_url()
            values = (r.symbol, r.title, body, r.year, p.kind, p.number, p.anchor)
            values += (p.verb, p.verb_phrase, p.text, url)
            yield [safe_cell(v) for v in values]
            sent += 1
            if sent >= EXPORT_CAP:
                return
        if not outcome.page or not outcome.page.has_next():
            return
        page += 1


def export_csv(params: QueryDict, base_url: str = "") -> StreamingHttpResponse:
    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows(params, base_url)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="resolution-archive-search.csv"'
    response["X-Export-Cap"] = str(EXPORT_CAP)
    return response
