"""Run a search from URL parameters: filters, query, ordering, page, facets and snippets.

The HTML page, the JSON API and the CSV export all call `run_search`, so they agree.

Scale: a broad search (a very common word, or filters alone) can match a million paragraphs,
and ranking, counting, sorting or faceting all of them takes seconds on either engine. So every
search works on a bounded *window*: the WINDOW most recently added matching paragraphs (the
cheap pre-order both engines walk from an index: FTS5 rowids, the primary key on PostgreSQL).
When fewer paragraphs match, the window is all of them and everything is exact; when more do,
the count is shown as WINDOW+ (`count_capped`), and ranking, sorting, pages and facets are
those of the window, so facet counts still add up to the count shown.

The window is read once, as narrow rows that carry their rank and everything sorting, paging,
grouping and most facets need; that work is then done here, on at most WINDOW tuples, instead
of being asked of the database again over the same matches. Apart from the window, a page
reads its resolutions, the 20 paragraphs it shows, their snippets, and the sponsor and topic
counts: a fixed number of small queries whatever the size of the archive.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import compress, repeat
from math import inf
from operator import and_, itemgetter, le, neg
from typing import Any
from urllib.parse import quote_plus, urlencode

from django.core.paginator import Page, Paginator
from django.db import DatabaseError, connections
from django.db.models import QuerySet
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
from resolutions.search.backends.base import HIT_END, HIT_START, Narrowing
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
    # Its resolution's page, and the paragraph's permalink on it: one URL lookup per hit.
    resolution_url: str = ""
    url: str = ""

    @property
    def resolution(self) -> Resolution:
        return self.paragraph.resolution


@dataclass(slots=True)
class Group:
    resolution: Resolution
    hit_count: int
    hits: list[Hit]

    @property
    def url(self) -> str:
        return self.hits[0].resolution_url


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
    try:
        backend = get_backend()
    except SearchUnavailable as exc:
        outcome.notes.append(str(exc))
        outcome.failed = True
        return outcome
    if not query.is_empty:
        matched = backend.match(matched, query, narrowing_of(filterset))

    try:
        with time_limit():
            window = window_of(outcome, matched, backend)
            if outcome.grouped:
                fill_groups(outcome, window, backend, page_size)
            else:
                fill_hits(outcome, window, backend, page_size)
            if with_facets:
                outcome.facets = facets(window, backend, filterset.bodies, params, facet_url)
    except SearchTooBroad:
        outcome.failed = outcome.too_broad = True
        outcome.notes.append(TOO_BROAD)
    except DatabaseError:
        # The query language cannot produce engine syntax errors, but an engine may still
        # give up (a time limit, a corrupt index): say so instead of failing the page.
        outcome.failed = True
        outcome.notes.append("The search could not be completed. Try fewer or more specific words.")
    return outcome


def narrowing_of(filterset: ParagraphFilter) -> Narrowing:
    """The search's valid filters that the index also holds (see Narrowing)."""
    data = filterset.form.cleaned_data
    return Narrowing(
        verb=tuple(data.get("verb") or ()),
        kind=(data["kind"],) if data.get("kind") else (),
        body=tuple(filterset.bodies_of(data.get("body") or [])),
    )


# The window's columns, in this order (the rank follows when there is a query).
KEY, RESOLUTION, ORDER, VERB, KIND, RANK = range(6)
WINDOW_COLUMNS = ("pk", "resolution_id", "order", "verb", "kind")


@dataclass(slots=True)
class Window:
    """The window's paragraphs as plain rows, and what they need of their resolutions."""

    rows: list[tuple]
    # resolution id -> how many of the window's paragraphs it has
    per_resolution: Counter = field(default_factory=Counter)
    # resolution id -> its place in the date order of the results (newest or oldest first)
    place: dict[int, int] = field(default_factory=dict)
    # (resolution id, year, body id) of those resolutions, in that order
    resolutions: list[tuple] = field(default_factory=list)
    # SQL and parameters for a table of per_resolution (id, n): see backend.count_tables
    counts_table: tuple[str, list] = ("", [])


def window_of(outcome: SearchOutcome, matched: QuerySet, backend) -> Window:
    """The window (see the module docstring); sets the count.

    One query walks the matches newest first from an index, filters applied, and stops after
    WINDOW + 1 rows. Each row brings what sorting, paging, grouping and four of the six
    facets need (ids, paragraph order, verb, kind, rank with its title boost), so that none
    of that is asked of the database again: a second query reads the window's resolutions
    once (year, date, body) instead of joining them for every matching paragraph."""
    query = None if outcome.query.is_empty else outcome.query
    rows = backend.window(matched, query, WINDOW_COLUMNS, WINDOW + 1)
    if len(rows) > WINDOW:
        rows = rows[:WINDOW]
        outcome.count_capped = True
        outcome.notes.append(
            f"More than {WINDOW:,} paragraphs match. Results, pages and the counts beside them "
            f"cover the {WINDOW:,} most recently added; add words or filters to narrow it."
        )
    outcome.count = len(rows)
    window = Window(rows, Counter(map(itemgetter(RESOLUTION), rows)))
    if window.per_resolution:
        ids_table, window.counts_table = backend.count_tables(window.per_resolution)
        sql, params = window_resolutions_sql(backend, ids_table, outcome.sort)
        window.resolutions = resolutions = backend.fetch_sql(sql, params)
        # Thousands of resolutions: built with no Python step per resolution.
        window.place = dict(
            zip(map(itemgetter(0), resolutions), range(len(resolutions)), strict=True)
        )
    return window


def window_resolutions_sql(backend, ids_table: tuple[str, list], sort: str) -> tuple[str, list]:
    """The window's resolutions (id, year, body id), in the date order of the results, then
    by id, so that a resolution's place in that order is known without sorting here. Written
    as SQL: a fixed shape, which the ORM took longer to build than the database to run."""
    resolution = connections[backend.using].ops.quote_name(Resolution._meta.db_table)
    ids_sql, ids_params = ids_table
    direction = "ASC" if sort == "oldest" else "DESC"
    sql = (
        f"SELECT id, year, body_id FROM {resolution} WHERE id IN ({ids_sql}) "
        f"ORDER BY year {direction} NULLS LAST, date {direction} NULLS LAST, id ASC"
    )
    return sql, ids_params


def in_order(
    window: Window, sort: str, ranked: bool, start: int = 0, end: int | None = None
) -> list[tuple]:
    """The window's rows in the order of `sort`: by rank, then by their resolution's place in
    date order, then by their own order in the text; `[start:end]` of that order.

    The keys are built and compared without a Python call per row (sorting 10,000 rows with a
    key function costs several times more), and for a page only the rows that can reach it
    are keyed and sorted: those whose first key lies between the page's first and last. When
    those all share one first key (PostgreSQL ranks most paragraphs of a common phrase
    alike), the second key narrows them the same way, and so on."""
    rows = window.rows
    place_of = window.place.__getitem__

    def ranks(rows: list[tuple]) -> list[float]:
        return list(map(neg, map(itemgetter(RANK), rows)))

    def places(rows: list[tuple]) -> list[int]:
        return list(map(place_of, map(itemgetter(RESOLUTION), rows)))

    def orders(rows: list[tuple]) -> list[int]:
        return list(map(itemgetter(ORDER), rows))

    keys_of = (ranks, places, orders) if sort == "relevance" and ranked else (places, orders)
    end = len(rows) if end is None else min(end, len(rows))
    if start >= end:
        return []
    for key_of in keys_of[:-1]:
        if (end - start) * 4 >= len(rows):
            break
        # Sorting one key alone is cheap (plain numbers); ties at both edges of the page are
        # kept, so the keys after it decide among them.
        values = key_of(rows)
        if start == 0:  # the first page: a partial sort finds its edge
            smallest = heapq.nsmallest(end, values)
            low, high, before = smallest[0], smallest[-1], 0
        else:
            firsts = sorted(values)
            low, high = firsts[start], firsts[end - 1]
            before = bisect_left(firsts, low)  # rows that come before every kept one
        kept = list(map(le, values, repeat(high)))
        if before:
            kept = list(map(and_, kept, map(le, repeat(low), values)))
        rows = list(compress(rows, kept))
        start, end = start - before, end - before
        if low != high:  # the kept rows differ in this key: sort them by all keys
            break
    keys = list(zip(*(key_of(rows) for key_of in keys_of), strict=True))
    return [rows[i] for i in sorted(range(len(rows)), key=keys.__getitem__)[start:end]]


def shown_paragraphs(rows: list[tuple], backend, query: Query) -> list[Paragraph]:
    """The paragraphs of these window rows (a page's), in their order, with their resolution
    and body, their rank and, when there is a query, their snippet: one query."""
    key = "pk" if query.is_empty else backend.window_key
    # Looked up by the engine's own key: on SQLite that puts the ids on the FTS table, which
    # then reads these rows only instead of every match of the query.
    shown = Paragraph.objects.filter(**{f"{key}__in": [row[KEY] for row in rows]}).order_by()
    columns = [*PARAGRAPH_FIELDS, *SHOWN_RESOLUTION, *SHOWN_BODY]
    if snippets := not query.is_empty:
        shown = backend.with_snippets(shown, query)
        columns.append("snippet")
    db, by_pk, made = shown.db, {}, {}

    def once(model, fields: tuple[str, ...], values: tuple):
        """The instance of `model` with these values (its primary key first), made once."""
        if (instance := made.get((model, values[0]))) is None:
            instance = made[model, values[0]] = model.from_db(db, fields, values)
        return instance

    # Values, not select_related: a page shows several paragraphs of one resolution (three a
    # group), and each resolution and body is made once instead of once per paragraph.
    resolution_at = len(PARAGRAPH_FIELDS)
    body_at = resolution_at + len(RESOLUTION_FIELDS)
    snippet_at = body_at + len(BODY_FIELDS)
    for values in shown.values_list(*columns):
        paragraph = Paragraph.from_db(db, PARAGRAPH_FIELDS, values[:resolution_at])
        resolution = once(Resolution, RESOLUTION_FIELDS, values[resolution_at:body_at])
        if resolution.body_id is None:
            resolution.body = None
        else:
            resolution.body = once(Body, BODY_FIELDS, values[body_at:snippet_at])
        paragraph.resolution = resolution
        if snippets:
            paragraph.snippet = values[snippet_at]
        by_pk[paragraph.pk] = paragraph
    paragraphs = []
    for row in rows:
        paragraph = by_pk[row[KEY]]
        paragraph.rank = row[RANK] if len(row) > RANK else None
        paragraphs.append(paragraph)
    return paragraphs


def fields_of(model, names: set[str]) -> tuple[str, ...]:
    """`names` (attribute names of `model`'s columns) in the order Model.from_db takes them."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


# The columns a result shows (the page, the JSON and the CSV): reading no others keeps the
# stored tsvectors and the whole source text out of it, and the ORM's work per row small.
PARAGRAPH_FIELDS = fields_of(
    Paragraph,
    {"id", "resolution_id", "kind", "number", "anchor", "verb", "verb_phrase", "text"},
)
RESOLUTION_FIELDS = fields_of(
    Resolution, {"id", "slug", "symbol", "title", "year", "document_type", "body_id"}
)
BODY_FIELDS = fields_of(Body, {"id", "code", "name"})
SHOWN_RESOLUTION = tuple(f"resolution__{name}" for name in RESOLUTION_FIELDS)
SHOWN_BODY = tuple(f"resolution__body__{name}" for name in BODY_FIELDS)


def fill_hits(outcome: SearchOutcome, window: Window, backend, page_size: int) -> None:
    ranked = not outcome.query.is_empty
    # The page number is settled on the rows' count alone (a range); then only the rows
    # that can be on that page are put in order. The page must not hold the window's rows:
    # Django's template context is a reference cycle, so whatever the page holds outlives
    # the request until the garbage collector runs (10,000 rows: a 10 ms collection every
    # few requests; docs/performance.md, design point 25).
    rows_count = range(len(window.rows))
    outcome.page = Paginator(rows_count, page_size).get_page(outcome.params.get("page"))
    start, end = max(outcome.page.start_index() - 1, 0), outcome.page.end_index()
    rows = in_order(window, outcome.sort, ranked, start, end)
    paragraphs = shown_paragraphs(rows, backend, outcome.query)
    outcome.page.object_list = paragraphs
    outcome.hits = make_hits(paragraphs)


def make_hits(paragraphs: list[Paragraph]) -> list[Hit]:
    hits = []
    urls: dict[int, str] = {}  # grouped results show several paragraphs of a resolution
    for p in paragraphs:
        if (resolution_url := urls.get(p.resolution_id)) is None:
            resolution_url = urls[p.resolution_id] = p.resolution.get_absolute_url()
        hits.append(
            Hit(
                paragraph=p,
                snippet=highlight(p.snippet) if getattr(p, "snippet", None) else preview(p.text),
                rank=p.rank,
                resolution_url=resolution_url,
                url=p.get_absolute_url(resolution_url),
            )
        )
    return hits


def fill_groups(outcome: SearchOutcome, window: Window, backend, page_size: int) -> None:
    order = resolutions_in_order(window, outcome.sort, not outcome.query.is_empty)
    outcome.page = Paginator(order, page_size).get_page(outcome.params.get("page"))
    outcome.count = outcome.page.paginator.count  # resolutions, within the window
    previews = group_previews(window, outcome.sort, outcome.query, outcome.page.object_list)
    hits = make_hits(shown_paragraphs(previews, backend, outcome.query))
    hits_of: dict[int, list[Hit]] = {}
    for hit in hits:
        hits_of.setdefault(hit.paragraph.resolution_id, []).append(hit)
    outcome.groups = [
        Group(
            resolution=hits_of[pk][0].paragraph.resolution,
            hit_count=window.per_resolution[pk],
            hits=hits_of[pk],
        )
        for pk in outcome.page.object_list
    ]
    outcome.hits = hits


def resolutions_in_order(window: Window, sort: str, ranked: bool) -> list[int]:
    """The window's resolutions in the order their groups are shown: by their best paragraph's
    rank, then by id, for relevance; by date otherwise. Without sorting the window's rows."""
    if not (ranked and sort == "relevance"):
        return sorted(window.per_resolution, key=window.place.__getitem__)
    best: dict[int, float] = {}
    get = best.get
    rows = window.rows
    # One pass keeps each resolution's best rank: cheaper than sorting the window's rows.
    owners, ranks = map(itemgetter(RESOLUTION), rows), map(itemgetter(RANK), rows)
    for owner, rank in zip(owners, ranks, strict=True):
        if rank > get(owner, -inf):
            best[owner] = rank
    # Stable sorts: by id, then by best rank (highest first) with ids breaking ties.
    return sorted(sorted(best), key=best.__getitem__, reverse=True)


def group_previews(window: Window, sort: str, query: Query, shown: list[int]) -> list[tuple]:
    """The first GROUP_PREVIEW rows, in result order, of each of the `shown` resolutions,
    resolution after resolution."""
    of: dict[int, list[tuple]] = {pk: [] for pk in shown}
    owners = map(itemgetter(RESOLUTION), window.rows)
    rows = list(compress(window.rows, map(of.__contains__, owners)))
    for row in in_order(replace(window, rows=rows), sort, not query.is_empty):
        if len(group := of[row[RESOLUTION]]) < GROUP_PREVIEW:
            group.append(row)
    return [row for group in of.values() for row in group]


FACETS = ("year", "body", "verb", "kind", "sponsor", "topic")
MULTI_VALUED = {"body", "verb", "sponsor", "topic"}


def facet_counts(
    window: Window, backend, bodies: Mapping[int, tuple[str, str]]
) -> dict[str, list[tuple[str, str | None, int]]]:
    """(value, label, paragraphs) per facet. Year, body, verb and kind come from the window's
    rows and resolutions (`bodies`: body id -> code and name); sponsors and topics from one
    statement over the window's ids, sent as parameters (a resolution's sponsor counts once
    per window paragraph of it)."""
    rows = window.rows
    # Year and body are the resolution's: counted per resolution, weighted by its rows (a
    # window of 10,000 rows has a few thousand resolutions), in one pass for both.
    by_year: dict[int | None, int] = {}
    by_body: dict[int | None, int] = {}
    per_resolution = window.per_resolution
    for pk, year, body in window.resolutions:
        n = per_resolution[pk]
        by_year[year] = by_year.get(year, 0) + n
        by_body[body] = by_body.get(body, 0) + n
    kinds = list(map(itemgetter(KIND), rows))
    counted: dict[str, Mapping] = {
        "verb": Counter(map(itemgetter(VERB), rows)),
        # Two kinds: counting each is cheaper than hashing every row's.
        "kind": {kind: kinds.count(kind) for kind in set(kinds)},
        "year": by_year,
        "body": by_body,
    }
    result: dict[str, list[tuple[str, str | None, int]]] = {}
    for name in ("year", "verb", "kind"):
        result[name] = [(str(v), None, n) for v, n in counted[name].items() if v not in ("", None)]
    result["body"] = [(*bodies[pk], n) for pk, n in counted["body"].items() if pk in bodies]
    result["sponsor"], result["topic"] = [], []
    if window.rows:
        for name, value, label, n in backend.fetch_sql(*linked_facet_sql(window, backend)):
            result[name].append((value, label, n))
    return result


def linked_facet_sql(window: Window, backend) -> tuple[str, list]:
    connection = connections[backend.using]
    qn = connection.ops.quote_name
    sponsorship, sponsor = qn(Sponsorship._meta.db_table), qn(Sponsor._meta.db_table)
    links, topic = qn(ParagraphTopic._meta.db_table), qn(Topic._meta.db_table)
    by_resolution_sql, by_resolution = window.counts_table
    by_paragraph_sql, by_paragraph = backend.id_table(list(map(itemgetter(KEY), window.rows)))
    # The window's ids drive every join (a few thousand lookups): see backend.lookup_join.
    join = backend.join
    topic_links = backend.lookup_join(links, "pt", "pt.paragraph_id = w.id AND pt.excluded = %s")
    sql = (
        # A bigint: PostgreSQL's SUM of bigints is a numeric, which the JSON API wrote as a
        # string, and the union then made the topic counts numeric too.
        f"SELECT 'sponsor', s.slug, s.name, CAST(SUM(w.n) AS BIGINT) FROM ({by_resolution_sql}) w "
        f"{join} {sponsorship} sp ON sp.resolution_id = w.id "
        f"{join} {sponsor} s ON s.id = sp.sponsor_id GROUP BY s.slug, s.name "
        "UNION ALL "
        # Counted by topic id first: a few dozen rows then meet the topics.
        f"SELECT 'topic', t.slug, t.name, c.n FROM (SELECT pt.topic_id, COUNT(*) AS n "
        f"FROM ({by_paragraph_sql}) w {topic_links} GROUP BY pt.topic_id) c "
        f"JOIN {topic} t ON t.id = c.topic_id"
    )
    return sql, [*by_resolution, *by_paragraph, False]


def facets(
    window: Window,
    backend,
    bodies: Mapping[int, tuple[str, str]],
    params: QueryDict,
    facet_url=None,
) -> dict[str, list[Bucket]]:
    """Counts of the window's paragraphs by year, body, verb, kind, sponsor and topic."""
    grouped = facet_counts(window, backend, bodies)
    kind_labels = dict(Paragraph.Kind.choices)
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
        # Parameters in their order, with this facet's place kept (or put last if absent),
        # encoded once: a link only encodes this facet's own values between them.
        before: list[tuple[str, str]] = []
        after: list[tuple[str, str]] = []
        seen = False
        for key, values in params.lists():
            if key == name:
                seen = True
            elif key != "page":
                (after if seen else before).extend((key, v) for v in values)
        self.before, self.after = urlencode(before), urlencode(after)
        self.key = f"{quote_plus(name)}="

    def link(self, value: str) -> str:
        if value in self.current:
            values = list(self.current)
            values.remove(value)
        elif self.name in MULTI_VALUED:
            values = [*self.current, value]
        else:
            values = [value]
        # What urlencode() writes for these pairs, without its checks of every pair.
        own = "&".join([self.key + quote_plus(v) for v in values])
        encoded = "&".join(part for part in (self.before, own, self.after) if part)
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
