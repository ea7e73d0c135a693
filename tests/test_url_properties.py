"""Every URL of the archive, with real or junk path parameters and arbitrary query strings:
unknown slugs answer 404, malformed parameters a helpful page, and nothing ever answers 500.

The URL patterns are read from resolutions.urls, so a new page is covered as soon as it has
a route.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from django.urls import URLPattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions import urls as archive_urls
from resolutions.models import Citation, Paragraph, Resolution, Series, Sponsor, Topic

pytestmark = pytest.mark.django_db

PATTERNS: list[URLPattern] = list(archive_urls.urlpatterns)
PARAM_NAMES = [
    "q", "page", "page_size", "year", "year_min", "year_max", "body", "verb", "kind",
    "sponsor", "topic", "sort", "group", "format", "document_type", "a", "b", "symbol",
    "phrase", "series", "anchor", "limit", "depth", "min_count",
]  # fmt: skip
AWKWARD_VALUES = [
    "", "0", "-1", "1e9", "99999999999999999999", "2017", "nan", "csv", "json",
    "resolution", "relevance", "newest", "operative", "preambular", "ECOSOC", "urge",
    '"unclosed', "a* OR", "-", "*", "\x00", "%00", "../../etc/passwd", "<script>",
    "'; DROP TABLE x; --", "\u202e", "😀", " " * 200, "x" * 5000,
]  # fmt: skip

junk_text = st.text(min_size=0, max_size=40)
values = st.one_of(st.sampled_from(AWKWARD_VALUES), junk_text, st.integers().map(str))
keys = st.one_of(st.sampled_from(PARAM_NAMES), st.text(min_size=1, max_size=12))
query_pairs = st.lists(st.tuples(keys, values), max_size=6)
PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def real_values() -> dict[str, list]:
    """Path parameter values that exist in the loaded archive, by URL name."""
    resolutions = list(Resolution.objects.values_list("slug", flat=True))
    anchors = list(Paragraph.objects.values_list("resolution__slug", "anchor")[:20])
    symbols = list(Resolution.objects.exclude(symbol=None).values_list("symbol", flat=True))
    symbols += list(Citation.objects.values_list("target_symbol", flat=True).distinct()[:10])
    everything = [
        *resolutions,
        *Topic.objects.values_list("slug", flat=True),
        *Sponsor.objects.values_list("slug", flat=True)[:10],
        *Series.objects.values_list("slug", flat=True),
    ]
    return {
        "resolution": [{"slug": s} for s in resolutions],
        "topic": [{"slug": s} for s in Topic.objects.values_list("slug", flat=True)],
        "sponsor": [{"slug": s} for s in Sponsor.objects.values_list("slug", flat=True)[:10]],
        "series": [{"slug": s} for s in Series.objects.values_list("slug", flat=True)],
        "lineage": [{"slug": s, "anchor": a} for s, a in anchors],
        "symbol": [{"symbol": s} for s in symbols],
        "any": [{"slug": s, "symbol": s, "anchor": "op1"} for s in everything],
    }


def kind_of(pattern: URLPattern) -> str:
    name = pattern.name or ""
    for kind in ("lineage", "symbol", "series", "sponsor", "topic", "resolution"):
        if kind in name:
            return kind
    return "any"


def build_path(pattern: URLPattern, params: dict[str, str]) -> str:
    route = str(pattern.pattern)
    for name in pattern.pattern.converters:
        for converter in ("slug", "path", "str", "int"):
            route = route.replace(f"<{converter}:{name}>", quote(params[name], safe="/"))
    return "/" + route


def pattern_id(pattern: URLPattern) -> str:
    return pattern.name or str(pattern.pattern)


@pytest.fixture
def pools(seeded):
    return real_values()


def assert_no_server_error(response, url: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {url!r}"


@pytest.mark.parametrize("pattern", PATTERNS, ids=pattern_id)
def test_arbitrary_query_strings_never_break_a_page(client, pools, pattern):
    options = pools[kind_of(pattern)] or pools["any"] or [{}]

    @PROPERTY_SETTINGS
    @given(params=st.sampled_from(options), pairs=query_pairs)
    def check(params, pairs):
        path = (
            build_path(pattern, params) if pattern.pattern.converters else build_path(pattern, {})
        )
        url = f"{path}?{urlencode(pairs)}"
        response = client.get(url)
        assert_no_server_error(response, url)

    check()


@pytest.mark.parametrize("pattern", PATTERNS, ids=pattern_id)
def test_raw_undecoded_query_strings_never_break_a_page(client, pools, pattern):
    options = pools[kind_of(pattern)] or pools["any"] or [{}]
    latin1 = st.text(st.characters(min_codepoint=1, max_codepoint=255), max_size=60)

    @PROPERTY_SETTINGS
    @given(params=st.sampled_from(options), raw=latin1)
    def check(params, raw):
        path = (
            build_path(pattern, params) if pattern.pattern.converters else build_path(pattern, {})
        )
        response = client.get(path, QUERY_STRING=raw)
        assert_no_server_error(response, f"{path}?{raw}")

    check()


SLUG_PATTERNS = [p for p in PATTERNS if p.pattern.converters]


@pytest.mark.parametrize("pattern", SLUG_PATTERNS, ids=pattern_id)
def test_unknown_slugs_are_not_found(client, seeded, pattern):
    junk_slug = st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True)

    @PROPERTY_SETTINGS
    @given(slug=junk_slug)
    def check(slug):
        params = dict.fromkeys(pattern.pattern.converters, f"no-such-{slug}")
        if "symbol" in params:
            params["symbol"] = f"X/NO/SUCH/{slug}"
        response = client.get(build_path(pattern, params))
        assert response.status_code == 404, build_path(pattern, params)
        if not str(pattern.pattern).startswith("api/"):
            assert "Not found" in response.content.decode()

    check()


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("/search/?q=terrorism&year=abc", "Some filters could not be used"),
        ("/search/?q=terrorism&year_min=3000&year_max=1", ""),
        ("/search/?q=terrorism&page=999999", ""),
        ("/api/search/?q=terrorism&year=abc", "year"),
        ("/api/resolutions/?page=abc&page_size=-5", ""),
    ],
)
def test_malformed_parameters_get_a_helpful_answer(client, seeded, url, hint):
    response = client.get(url)
    assert response.status_code in (200, 400), response.status_code
    assert hint in response.content.decode()
