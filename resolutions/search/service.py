"""Run a search from URL parameters: filters, query, ordering, page, facets and snippets.

The HTML page, the JSON API and the CSV export all call `run_search`, so they agree.

Scale: a broad search (a very common word, or filters alone) can match a million paragraphs,
and ranking, counting, sorting or faceting all of them takes seconds on either engine. So every
search works on a bounded *window*: the WINDOW most recently added matching paragraphs (the
cheap pre-order both engines walk from an index: FTS5 rowids, the primary key on PostgreSQL).
When fewer paragraphs match, the window is all of them and everything is exact; when more do,
the count is shown as WINDOW+ (`count_capped`), and ranking, sorting, pages and facets are
those of the window, so facet counts still add up to the count shown. One query finds the
window, one fetches the page, one the snippets of that page only, one all the facets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import DatabaseError, connections
from django.db.models import Count, F, Max, QuerySet
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from resolutions.filters import ParagraphFilter
from resolutions.models import (
    Body,
    Paragraph,
    ParagraphTopic,
    Resolution,
    Sponsor,
    Sponsorship,
    Topic,
)
from resolutions.search.backends import (
    SearchTooBroad,
    SearchUnavailable,
    get_backend,
    time_limit,
)
from resolutions.search.backends.base import HIT_END, HIT_START
from resolutions.search.query import Query, parse

SORTS = {"relevance": "Best match", "newest": "Newest first", "oldest": "Oldest first"}
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
FACET_LIMIT = 12
PREVIEW_WORDS = 40
GROUP_PREVIEW = 3
# The most paragraphs one search ranks, sorts, pages and facets (see the module docstring).
WINDOW = 10_000
TOO_BROAD = "This search was too broad to finish in time. Add words or filters to narrow it."


@dataclass(slots=True)
class Hit:
    paragraph: Paragraph
    snippet: SafeString
    rank: float | None = None

    @property
    def resolution(self) -> Resolution:
        return self.paragraph.resolution


@dataclass(slots=True)
class Group:
    resolution: Resolution
    hit_count: int
    hits: list[Hit]


@dataclass(slots=True)
class Bucket:
    value: str
    label: str
    count: int
    url: str
    active: bool


@dataclass(slots=True)
class SearchOutcome:
    params: QueryDict
    query: Query
    sort: str
    grouped: bool
    errors: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    count: int = 0
    page: Page | None = None
    hits: list[Hit] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    facets: dict[str, list[Bucket]] = field(default_factory=dict)
    failed: bool = False
    too_broad: bool = False
    # More than WINDOW paragraphs matched: `count` is WINDOW and the results are the window's.
    count_capped: bool = False
    filterset: ParagraphFilter | None = None

    @property
    def searched(self) -> bool:
        """Whether anything was asked: a query or at least one filter."""
        return not self.query.is_empty or any(
            k in self.params for k in ParagraphFilter.base_filters if k != "q"
        )


def highlight(marked: str) -> SafeString:
    """Escape an engine's snippet, then turn its hit markers into <mark> tags."""
    html = escape(marked).replace(HIT_START, "<mark>").replace(HIT_END, "</mark>")
    return mark_safe(html)  # escaped above; only our own tags were added


def preview(text: str) -> SafeString:
    return escape(Truncator(text).words(PREVIEW_WORDS, truncate=" …"))


def page_size_from(params: QueryDict, default: int) -> int:
    try:
        return max(1, min(int(params.get("page_size", default)), MAX_PAGE_SIZE))
    except ValueError:
        return default


def ordered(qs: QuerySet, sort: str, ranked: bool) -> QuerySet:
    year, date = F("resolution__year"), F("resolution__date")
    newest = (year.desc(nulls_last=True), date.desc(nulls_last=True))
    oldest = (year.asc(nulls_last=True), date.asc(nulls_last=True))
    if sort == "relevance" and ranked:
        return qs.order_by("-rank", *newest, "resolution_id", "order")
    if sort == "oldest":
        return qs.order_by(*oldest, "resolution_id", "order")
    return qs.order_by(*newest, "resolution_id", "order")


def run_search(
    params: QueryDict,
    *,
    page_size: int = PAGE_SIZE,
    with_facets: bool = True,
    facet_url=None,
) -> SearchOutcome:
    """Everything a search page shows, in a fixed number of queries whatever the result size."""
    filterset = ParagraphFilter(params, queryset=Paragraph.objects.all())
    cleaned = filterset.clean_values()
    query = parse(cleaned.get("q") or "")
    default_sort = "newest" if query.is_empty else "relevance"
    sort = params.get("sort") if params.get("sort") in SORTS else default_sort
    outcome = SearchOutcome(
        params=params,
        query=query,
        sort=sort,
        grouped=params.get("group") == "resolution",
        errors=filterset.errors,
        notes=list(query.notes),
        filterset=filterset,
    )
    asked_words = bool((cleaned.get("q") or "").strip())
    if asked_words and query.is_empty and not query.notes:
        outcome.notes.append("There were no words to search for in that query.")
    if not outcome.searched or (asked_words and query.is_empty):
        return outcome

    # Filters with errors are left out (and reported); the valid ones still apply.
    for name in list(filterset.form.errors):
        filterset.form.cleaned_data.pop(name, None)
    matched = filterset.filter_queryset(Paragraph.objects.all())
    # Every filter reaches a to-one relation or goes through a subquery, so no row can repeat;
    # but django-filter's multiple-choice filters ask for DISTINCT, which makes the engine
    # collect and de-duplicate every match before a window or a page can stop early.
    matched.query.distinct = False
    backend = None
    if not query.is_empty:
        try:
            backend = get_backend()
        except SearchUnavailable as exc:
            outcome.notes.append(str(exc))
            outcome.failed = True
            return outcome
        matched = backend.match(matched, query)

    try:
        with time_limit():
            window, counted = bounded(outcome, matched, backend)
            if outcome.grouped:
                fill_groups(outcome, window, backend, page_size)
            else:
                fill_hits(outcome, window, backend, page_size)
            if with_facets:
                outcome.facets = facets(counted, params, facet_url)
    except SearchTooBroad:
        outcome.failed = outcome.too_broad = True
        outcome.notes.append(TOO_BROAD)
    except DatabaseError:
        # The query language cannot produce engine syntax errors, but an engine may still
        # give up (a time limit, a corrupt index): say so instead of failing the page.
        outcome.failed = True
        outcome.notes.append("The search could not be completed. Try fewer or more specific words.")
    return outcome


class CountedPaginator(Paginator):
    """A paginator told its count (the window query already knows it): no COUNT query."""

    def __init__(self, object_list, per_page, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


def bounded(outcome: SearchOutcome, matched: QuerySet, backend) -> tuple[QuerySet, QuerySet]:
    """The window of `matched` (see the module docstring); sets the count.

    One query walks the matches newest first from an index, filters applied, and stops after
    WINDOW + 1 keys (read with a plain cursor: integers, no models). The window is then those
    keys, on the text match alone: ranking, paging and facets join only these rows instead of
    walking the text matches and re-checking every filter again (for a common word narrowed
    by filters, that walk is most of the work). Returns the window, and its rows by primary
    key alone for facets, which need no text match."""
    key = backend.window_key if backend else "pk"
    newest = matched.order_by(f"-{key}").values_list(key, flat=True)[: WINDOW + 1]
    try:
        sql, params = newest.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing: no query to run
        keys = []
    else:
        with connections[matched.db].cursor() as cursor:
            cursor.execute(sql, params)
            keys = [row[0] for row in cursor.fetchall()]
    if len(keys) > WINDOW:
        keys = keys[:WINDOW]
        outcome.count_capped = True
        outcome.notes.append(
            f"More than {WINDOW:,} paragraphs match. Results, pages and the counts beside them "
            f"cover the {WINDOW:,} most recently added; add words or filters to narrow it."
        )
    outcome.count = len(keys)
    by_key = Paragraph.objects.filter(pk__in=keys)
    if backend is None:
        return by_key, by_key
    return backend.only(keys, outcome.query), by_key


# Columns a result never shows: the stored tsvectors and the whole source text. Leaving them
# out keeps the rows that are joined and sorted narrow (PostgreSQL otherwise spills the sort
# of a broad window to disk).
UNSHOWN = ("search_vector", "resolution__search_vector", "resolution__raw_text")


def fill_hits(outcome: SearchOutcome, matched: QuerySet, backend, page_size: int) -> None:
    ranked = backend.rank(matched, outcome.query) if backend else matched
    shown = ranked.select_related("resolution__body").defer(*UNSHOWN)
    results = ordered(shown, outcome.sort, bool(backend))
    paginator = CountedPaginator(results, page_size, outcome.count)
    outcome.page = paginator.get_page(outcome.params.get("page"))
    paragraphs = list(outcome.page.object_list)
    outcome.hits = make_hits(paragraphs, backend, outcome.query)


def make_hits(paragraphs: list[Paragraph], backend, query: Query) -> list[Hit]:
    snippets = backend.snippets([p.pk for p in paragraphs], query) if backend else {}
    return [
        Hit(
            paragraph=p,
            snippet=highlight(snippets[p.pk]) if p.pk in snippets else preview(p.text),
            rank=getattr(p, "rank", None),
        )
        for p in paragraphs
    ]


def fill_groups(outcome: SearchOutcome, matched: QuerySet, backend, page_size: int) -> None:
    ranked = backend.rank(matched, outcome.query) if backend else matched
    groups = ranked.order_by().values("resolution_id").annotate(hit_count=Count("pk"))
    if backend and outcome.sort == "relevance":
        groups = groups.annotate(best=Max("rank")).order_by("-best", "resolution_id")
    elif outcome.sort == "oldest":
        groups = groups.order_by(F("resolution__year").asc(nulls_last=True), "resolution_id")
    else:
        groups = groups.order_by(F("resolution__year").desc(nulls_last=True), "resolution_id")
    paginator = Paginator(groups, page_size)
    outcome.page = paginator.get_page(outcome.params.get("page"))
    outcome.count = paginator.count  # resolutions, within the window
    rows = list(outcome.page.object_list)
    ids = [row["resolution_id"] for row in rows]
    shown: dict[int, list[Paragraph]] = {i: [] for i in ids}
    matching = (
        ranked.filter(resolution_id__in=ids).select_related("resolution__body").defer(*UNSHOWN)
    )
    for paragraph in ordered(matching, outcome.sort, bool(backend)):
        if len(shown[paragraph.resolution_id]) < GROUP_PREVIEW:
            shown[paragraph.resolution_id].append(paragraph)
    hits = make_hits([p for ps in shown.values() for p in ps], backend, outcome.query)
    by_id = {hit.paragraph.pk: hit for hit in hits}
    outcome.groups = [
        Group(
            resolution=shown[row["resolution_id"]][0].resolution,
            hit_count=row["hit_count"],
            hits=[by_id[p.pk] for p in shown[row["resolution_id"]]],
        )
        for row in rows
        if shown[row["resolution_id"]]
    ]
    outcome.hits = hits


FACETS = ("year", "body", "verb", "kind", "sponsor", "topic")
MULTI_VALUED = {"body", "verb", "sponsor", "topic"}


def facet_sql(window: QuerySet, connection) -> tuple[str, list]:
    """One statement for every facet: the window's rows once (a materialised CTE), then a
    GROUP BY per facet, glued with UNION ALL. Counts are of paragraphs (a resolution has each
    sponsor once and a paragraph each topic once, so joins do not double count)."""
    qn = connection.ops.quote_name
    columns = ("pk", "resolution_id", "verb", "kind", "resolution__year", "resolution__body_id")
    hits_sql, hits_params = window.order_by().values_list(*columns).query.sql_with_params()
    body = qn(Body._meta.db_table)
    sponsorship, sponsor = qn(Sponsorship._meta.db_table), qn(Sponsor._meta.db_table)
    links, topic = qn(ParagraphTopic._meta.db_table), qn(Topic._meta.db_table)
    text = "NULL" if connection.vendor == "sqlite" else "CAST(NULL AS TEXT)"
    # The window's rows must drive every join (a few thousand lookups); SQLite's planner
    # otherwise walks every body's or sponsor's rows and probes the window for each, which
    # grows with the corpus. CROSS JOIN is how SQLite is told the order; PostgreSQL plans it.
    join = "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"
    parts = [
        f"SELECT 'year', CAST(hits.year AS TEXT), {text}, COUNT(*) FROM hits "
        "WHERE hits.year IS NOT NULL GROUP BY hits.year",
        f"SELECT 'body', b.code, b.name, COUNT(*) FROM hits {join} {body} b "
        "ON b.id = hits.body_id GROUP BY b.code, b.name",
        f"SELECT 'verb', hits.verb, {text}, COUNT(*) FROM hits GROUP BY hits.verb",
        f"SELECT 'kind', hits.kind, {text}, COUNT(*) FROM hits GROUP BY hits.kind",
        f"SELECT 'sponsor', s.slug, s.name, COUNT(*) FROM hits {join} {sponsorship} sp ON "
        f"sp.resolution_id = hits.resolution_id {join} {sponsor} s ON s.id = sp.sponsor_id "
        "GROUP BY s.slug, s.name",
        f"SELECT 'topic', t.slug, t.name, COUNT(*) FROM hits {join} {links} pt ON "
        f"pt.paragraph_id = hits.id AND pt.excluded = %s {join} {topic} t ON t.id = pt.topic_id "
        "GROUP BY t.slug, t.name",
    ]
    sql = (
        f"WITH hits(id, resolution_id, verb, kind, year, body_id) AS MATERIALIZED ({hits_sql}) "
        + " UNION ALL ".join(parts)
    )
    return sql, [*hits_params, False]


def facets(window: QuerySet, params: QueryDict, facet_url=None) -> dict[str, list[Bucket]]:
    """Counts of the window's paragraphs by year, body, verb, kind, sponsor and topic."""
    connection = connections[window.db]
    try:
        sql, sql_params = facet_sql(window, connection)
    except EmptyResultSet:  # nothing matched: no query to run
        return {name: [] for name in FACETS}
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        rows = cursor.fetchall()
    kind_labels = dict(Paragraph.Kind.choices)
    grouped: dict[str, list[tuple[str, str | None, int]]] = {name: [] for name in FACETS}
    for name, value, label, n in rows:
        if value not in ("", None):
            grouped[name].append((str(value), label, n))
    result: dict[str, list[Bucket]] = {}
    for name in FACETS:
        if name == "year":
            entries = sorted(grouped[name], key=lambda e: -int(e[0]))
        else:
            entries = sorted(grouped[name], key=lambda e: (-e[2], e[0]))[:FACET_LIMIT]
        active = set(params.getlist(name))
        links = FacetLinks(params, name, facet_url)
        result[name] = [
            Bucket(
                value=value,
                label=label or (kind_labels.get(value, value) if name == "kind" else value),
                count=n,
                url=links.link(value),
                active=value in active,
            )
            for value, label, n in entries
        ]
    return result


def facet_link(params: QueryDict, name: str, value: str, base=None) -> str:
    """The current URL with this facet value added (or removed, when it is already on)."""
    return FacetLinks(params, name, base).link(value)


class FacetLinks:
    """Builds facet_link for every bucket of one facet from one pass over the parameters
    (copying the QueryDict per bucket deep-copies it: a hundred buckets made that a visible
    share of the page's time)."""

    def __init__(self, params: QueryDict, name: str, base=None) -> None:
        self.name, self.base = name, base or ""
        self.current = params.getlist(name)
        # Parameters in their order, with this facet's place kept (or put last if absent).
        self.before: list[tuple[str, str]] = []
        self.after: list[tuple[str, str]] = []
        seen = False
        for key, values in params.lists():
            if key == name:
                seen = True
            elif key != "page":
                (self.after if seen else self.before).extend((key, v) for v in values)

    def link(self, value: str) -> str:
        if value in self.current:
            values = list(self.current)
            values.remove(value)
        elif self.name in MULTI_VALUED:
            values = [*self.current, value]
        else:
            values = [value]
        pairs = [*self.before, *((self.name, v) for v in values), *self.after]
        encoded = urlencode(pairs)
        return f"{self.base}?{encoded}" if encoded else (self.base or "?")


def as_json(outcome: SearchOutcome, request) -> dict[str, Any]:
    """The /api/search/ contract."""

    def hit_json(hit: Hit) -> dict[str, Any]:
        p, r = hit.paragraph, hit.paragraph.resolution
        return {
            "resolution": {
                "slug": r.slug,
                "symbol": r.symbol,
                "title": r.title,
                "year": r.year,
                "body": r.body.code if r.body else None,
            },
            "paragraph": {
                "kind": p.kind,
                "number": p.number,
                "verb": p.verb,
                "verb_phrase": p.verb_phrase,
                "anchor": p.anchor,
                "url": request.build_absolute_uri(p.get_absolute_url()),
            },
            "snippet": str(hit.snippet),
        }

    page = outcome.page
    return {
        "query": str(outcome.query),
        "count": outcome.count,
        "count_capped": outcome.count_capped,
        "page": page.number if page else 1,
        "num_pages": page.paginator.num_pages if page else 0,
        "sort": outcome.sort,
        "errors": outcome.errors,
        "notes": outcome.notes,
        "results": [hit_json(hit) for hit in outcome.hits],
        "facets": {
            name: {b.value: b.count for b in buckets} for name, buckets in outcome.facets.items()
        },
    }
