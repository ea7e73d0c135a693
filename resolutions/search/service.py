"""Run a search from URL parameters: filters, query, ordering, page, facets and snippets.

The HTML page, the JSON API and the CSV export all call `run_search`, so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import DatabaseError
from django.db.models import Count, F, Max, QuerySet
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from resolutions.filters import ParagraphFilter
from resolutions.models import Paragraph, Resolution
from resolutions.search.backends import SearchUnavailable, get_backend
from resolutions.search.backends.base import HIT_END, HIT_START
from resolutions.search.query import Query, parse

SORTS = {"relevance": "Best match", "newest": "Newest first", "oldest": "Oldest first"}
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
FACET_LIMIT = 12
PREVIEW_WORDS = 40
GROUP_PREVIEW = 3


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
        if outcome.grouped:
            fill_groups(outcome, matched, backend, page_size)
        else:
            fill_hits(outcome, matched, backend, page_size)
        if with_facets:
            outcome.facets = facets(matched, params, facet_url)
    except DatabaseError:
        # The query language cannot produce engine syntax errors, but an engine may still
        # give up (a time limit, a corrupt index): say so instead of failing the page.
        outcome.failed = True
        outcome.notes.append("The search could not be completed. Try fewer or more specific words.")
    return outcome


def fill_hits(outcome: SearchOutcome, matched: QuerySet, backend, page_size: int) -> None:
    ranked = backend.rank(matched, outcome.query) if backend else matched
    results = ordered(ranked.select_related("resolution__body"), outcome.sort, bool(backend))
    paginator = Paginator(results, page_size)
    outcome.page = paginator.get_page(outcome.params.get("page"))
    outcome.count = paginator.count
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
    outcome.count = paginator.count
    rows = list(outcome.page.object_list)
    ids = [row["resolution_id"] for row in rows]
    shown: dict[int, list[Paragraph]] = {i: [] for i in ids}
    matching = ranked.filter(resolution_id__in=ids).select_related("resolution__body")
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


FACETS: dict[str, tuple[str, str | None]] = {
    # facet: (value field, label field)
    "year": ("resolution__year", None),
    "body": ("resolution__body__code", "resolution__body__name"),
    "verb": ("verb", None),
    "kind": ("kind", None),
    "sponsor": ("resolution__sponsors__slug", "resolution__sponsors__name"),
    "topic": ("topic_links__topic__slug", "topic_links__topic__name"),
}
MULTI_VALUED = {"body", "verb", "sponsor", "topic"}
# Facets reached through a to-many relation count each paragraph once per value.
DISTINCT_FACETS = {"sponsor", "topic"}


def facets(matched: QuerySet, params: QueryDict, facet_url=None) -> dict[str, list[Bucket]]:
    """Counts of matching paragraphs by year, body, verb, kind and sponsor (one query each)."""
    kind_labels = dict(Paragraph.Kind.choices)
    result: dict[str, list[Bucket]] = {}
    for name, (value_field, label_field) in FACETS.items():
        fields = [value_field] + ([label_field] if label_field else [])
        base = matched.filter(topic_links__excluded=False) if name == "topic" else matched
        rows = (
            base.order_by()
            .exclude(**{f"{value_field}__isnull": True})
            .values(*fields)
            .annotate(n=Count("pk", distinct=name in DISTINCT_FACETS))
        )
        if name == "year":
            rows = rows.order_by(f"-{value_field}")
        else:
            rows = rows.order_by("-n", value_field)[:FACET_LIMIT]
        active = set(params.getlist(name))
        buckets = []
        for row in rows:
            value = row[value_field]
            if value in ("", None):
                continue
            value = str(value)
            label = row.get(label_field) if label_field else None
            label = label or (kind_labels.get(value, value) if name == "kind" else value)
            buckets.append(
                Bucket(
                    value=value,
                    label=label,
                    count=row["n"],
                    url=facet_link(params, name, value, facet_url),
                    active=value in active,
                )
            )
        result[name] = buckets
    return result


def facet_link(params: QueryDict, name: str, value: str, base=None) -> str:
    """The current URL with this facet value added (or removed, when it is already on)."""
    query = params.copy()
    query.pop("page", None)
    values = query.getlist(name)
    if value in values:
        values.remove(value)
    elif name in MULTI_VALUED:
        values.append(value)
    else:
        values = [value]
    query.setlist(name, values)
    encoded = query.urlencode()
    return f"{base or ''}?{encoded}" if encoded else (base or "?")


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
