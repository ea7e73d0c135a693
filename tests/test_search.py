"""Paragraph search on the seeds, on whichever engine the suite runs on (SQLite or PostgreSQL).

Expected results come from an independent oracle (regular expressions over the stored text),
so that both engines are held to the same answer.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.models import Paragraph, Resolution
from resolutions.search.backends.base import TITLE_BOOST
from resolutions.search.service import run_search

pytestmark = pytest.mark.django_db

API = "/api/search/"


def api(client, **params) -> dict:
    params.setdefault("page_size", 100)
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return response.json()


def found(client, **params) -> set[tuple[str, str]]:
    """Every (slug, anchor) the API returns, across all pages."""
    results, page = set(), 1
    while True:
        data = api(client, page=page, **params)
        results |= {(r["resolution"]["slug"], r["paragraph"]["anchor"]) for r in data["results"]}
        if page >= data["num_pages"]:
            return results
        page += 1


def where(pattern: str, flags=re.IGNORECASE) -> set[tuple[str, str]]:
    regex = re.compile(pattern, flags)
    return {
        (p.resolution.slug, p.anchor)
        for p in Paragraph.objects.select_related("resolution")
        if regex.search(p.text)
    }


def words(*forms: str) -> str:
    return r"\b(?:" + "|".join(forms) + r")\b"


@pytest.mark.parametrize(
    "phrase",
    [
        "foreign terrorist fighters",
        "kidnapping for ransom",
        "cannot and should not be associated with any religion",
        "Global Counter-Terrorism Strategy",
        "mutual legal assistance",
    ],
)
def test_phrase_returns_exactly_the_paragraphs_containing_it(client, seeded, phrase):
    expected = where(r"\b" + r"\W+".join(map(re.escape, re.findall(r"\w+", phrase))) + r"\b")
    assert expected, "the oracle found nothing: pick a phrase from the seeds"
    assert found(client, q=f'"{phrase}"') == expected


def test_words_are_stemmed(client, seeded):
    expected = where(words("kidnap", "kidnaps", "kidnapped", "kidnapping", "kidnappings"))
    assert found(client, q="kidnap") == expected
    assert any("kidnapping" in p.text for p in Paragraph.objects.all())


def test_all_words_must_match(client, seeded):
    expected = where(words("ransom", "ransoms")) & where(words("hostage", "hostages"))
    assert found(client, q="ransom hostage") == expected


def test_or(client, seeded):
    expected = where(words("ransom", "ransoms")) | where(words("cultural", "culture", "cultures"))
    assert found(client, q="ransom OR cultural") == expected


def test_exclusion(client, seeded):
    expected = where(words("internet")) - where(words("terrorist"))
    assert found(client, q="Internet -terrorist") == expected
    assert found(client, q="Internet") == where(words("internet"))


def test_prefix(client, seeded):
    expected = where(r"\bextradit\w*")
    assert found(client, q="extradit*") == expected


def test_filters_without_a_query(client, seeded):
    results = found(client, kind="operative", verb="urge", year_min=2015, year_max=2023)
    expected = {
        (p.resolution.slug, p.anchor)
        for p in Paragraph.objects.filter(
            kind="operative", verb="urge", resolution__year__range=(2015, 2023)
        )
    }
    assert results == expected and expected


@pytest.mark.parametrize(
    ("params", "orm"),
    [
        ({"year": 2015}, {"resolution__year": 2015}),
        ({"body": "ECOSOC"}, {"resolution__body__code": "ECOSOC"}),
        ({"document_type": "resolution"}, {"resolution__document_type": "resolution"}),
        ({"kind": "preambular"}, {"kind": "preambular"}),
        ({"verb": ["request", "call upon"]}, {"verb__in": ["request", "call upon"]}),
        ({"sponsor": "japan"}, {"resolution__sponsors__slug": "japan"}),
        (
            {"body": ["CCPCJ", "ECOSOC"], "kind": "operative"},
            {"kind": "operative", "resolution__body__code__in": ["CCPCJ", "ECOSOC"]},
        ),
    ],
)
def test_each_filter_combined_with_a_query(client, seeded, params, orm):
    # Both stemmers reduce "terrorism" to "terror".
    matching = where(words("terror", "terrorism"))
    filtered = {
        (p.resolution.slug, p.anchor)
        for p in Paragraph.objects.filter(**orm).select_related("resolution").distinct()
    }
    assert found(client, q="terrorism", **params) == matching & filtered


def test_facets_add_up_to_the_count(client, seeded):
    data = api(client, q="Member States")
    count = data["count"]
    assert count > 0
    facets = data["facets"]
    assert sum(facets["kind"].values()) == count
    assert sum(facets["year"].values()) == count
    assert sum(facets["body"].values()) == count - len(
        {p for p in where(r"\bMember\W+States\b") if p[0] in undated_bodyless_slugs()}
    )
    for year, n in facets["year"].items():
        assert api(client, q="Member States", year=year)["count"] == n
    for verb, n in list(facets["verb"].items())[:5]:
        assert api(client, q="Member States", verb=verb)["count"] == n


def undated_bodyless_slugs() -> set[str]:
    return set(Resolution.objects.filter(body=None).values_list("slug", flat=True))


def test_facet_links_add_and_remove_a_filter(client, seeded):
    response = client.get(reverse("resolutions:search"), {"q": "terrorism"})
    year_bucket = response.context["outcome"].facets["year"][0]
    assert f"year={year_bucket.value}" in year_bucket.url
    response = client.get(reverse("resolutions:search") + year_bucket.url)
    outcome = response.context["outcome"]
    assert outcome.count == year_bucket.count
    active = [b for b in outcome.facets["year"] if b.active]
    assert active and f"year={active[0].value}" not in active[0].url


def test_results_link_to_the_paragraph_and_show_its_details(client, seeded):
    data = api(client, q='"foreign terrorist fighters"')
    for result in data["results"]:
        paragraph = Paragraph.objects.get(
            resolution__slug=result["resolution"]["slug"], anchor=result["paragraph"]["anchor"]
        )
        assert result["paragraph"]["url"].endswith(paragraph.get_absolute_url())
        assert result["paragraph"]["verb_phrase"] == paragraph.verb_phrase
        assert "<mark>" in result["snippet"]
    response = client.get(reverse("resolutions:search"), {"q": '"foreign terrorist fighters"'})
    for result in data["results"]:
        assert result["paragraph"]["url"].split("testserver", 1)[1] in response.text


def test_sorting_by_date(client, seeded):
    newest = [r["resolution"]["year"] for r in api(client, q="terrorism", sort="newest")["results"]]
    oldest = [r["resolution"]["year"] for r in api(client, q="terrorism", sort="oldest")["results"]]
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)


def test_relevance_prefers_the_paragraph_about_the_words(client, seeded):
    first, second = Paragraph.objects.filter(kind="operative").order_by("pk")[:2]
    Paragraph.objects.filter(pk=first.pk).update(text=first.text + " Zanzibar is mentioned once.")
    Paragraph.objects.filter(pk=second.pk).update(text="Zanzibar, Zanzibar and Zanzibar again.")
    results = api(client, q="zanzibar")["results"]
    assert [r["paragraph"]["anchor"] for r in results] == [second.anchor, first.anchor]


def test_title_counts_towards_the_ranking(client, seeded):
    # Two paragraphs with the same text; only one resolution's title has the word.
    a, b = (r.paragraphs.filter(kind="operative").first() for r in list(seeded.values())[:2])
    Paragraph.objects.filter(pk__in=[a.pk, b.pk]).update(text="Requests the okapi to report.")
    Resolution.objects.filter(pk=b.resolution_id).update(title="On the okapi")
    results = api(client, q="okapi")["results"]
    assert [r["resolution"]["slug"] for r in results] == [b.resolution.slug, a.resolution.slug]
    assert api(client, q="report okapi")["count"] == 2
    # The same text, so the same rank before the boost: exactly TITLE_BOOST apart.
    hits = run_search(QueryDict("q=okapi")).hits
    assert [hit.paragraph.pk for hit in hits] == [b.pk, a.pk]
    assert hits[0].rank == pytest.approx(TITLE_BOOST * hits[1].rank)


def test_group_by_resolution(client, seeded):
    response = client.get(reverse("resolutions:search"), {"q": "kidnapping", "group": "resolution"})
    outcome = response.context["outcome"]
    expected = where(words("kidnapping", "kidnappings", "kidnap"))
    assert outcome.count == len({slug for slug, _ in expected})
    assert sum(g.hit_count for g in outcome.groups) == len(expected)
    for group in outcome.groups:
        # A resolution is made once for all of its paragraphs shown, and a body once a page.
        assert {id(hit.paragraph.resolution) for hit in group.hits} == {id(group.resolution)}
    resolutions = [group.resolution for group in outcome.groups]
    assert len({id(r.body) for r in resolutions}) == len({r.body_id for r in resolutions})


def test_snippets_escape_document_text(client, seeded):
    paragraph = Paragraph.objects.filter(kind="operative").first()
    paragraph.text = '<script>alert("x")</script> zanzibarian ' + paragraph.text
    paragraph.save()
    data = api(client, q="zanzibarian")
    assert data["count"] == 1
    snippet = data["results"][0]["snippet"]
    assert "<script>" not in snippet
    assert "<mark>zanzibarian</mark>" in snippet
    html = client.get(reverse("resolutions:search"), {"q": "zanzibarian"}).text
    assert "<script>alert" not in html


def test_highlight_escapes_everything_but_its_own_marks():
    from resolutions.search.backends.base import HIT_END, HIT_START
    from resolutions.search.service import highlight

    marked = f'<script>alert("x")</script> {HIT_START}hit{HIT_END} & <b>'
    assert highlight(marked) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>hit</mark> &amp; &lt;b&gt;"
    )


def test_index_follows_edits_updates_and_deletes(client, seeded):
    paragraph = Paragraph.objects.get(
        resolution__source_name="000_6a8f4f2a8a747304.txt", anchor="op3"
    )
    paragraph.text += " Quokkas abound."
    paragraph.save()
    assert api(client, q="quokkas")["count"] == 1
    Paragraph.objects.filter(pk=paragraph.pk).update(text="Wombats too.")
    assert api(client, q="quokkas")["count"] == 0
    assert api(client, q="wombats")["count"] == 1
    paragraph.resolution.delete()
    assert api(client, q="wombats")["count"] == 0


def test_reload_keeps_the_index_in_step(client, seeded, tmp_path):
    before = api(client, q="terrorism")["count"]
    call_command("load_resolutions", verbosity=0)
    assert api(client, q="terrorism")["count"] == before


def test_rebuild_command(client, seeded):
    before = found(client, q="terrorism")
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert f"Indexed {Paragraph.objects.count()} paragraphs" in out.getvalue()
    assert found(client, q="terrorism") == before


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"body": "NOPE"}, {"year_min": "-5"}, {"kind": "footnote"}, {"sponsor": "x"}],
)
def test_invalid_filters_are_reported_not_500(client, seeded, params):
    response = client.get(reverse("resolutions:search"), params)
    assert response.status_code == 200
    assert "could not be used" in response.text
    assert client.get(API, params).status_code == 400


def test_empty_result_suggests_what_to_relax(client, seeded):
    response = client.get(reverse("resolutions:search"), {"q": "terrorism zzzqqq", "year": 2013})
    assert response.context["outcome"].count == 0
    assert "Remove the year filter" in response.text
    assert "Match any of the words" in response.text


def test_search_page_runs_a_fixed_number_of_queries(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(reverse("resolutions:search"), {"q": "Member States"})
    with django_assert_max_num_queries(12):
        client.get(reverse("resolutions:search"), {"q": "terrorism", "group": "resolution"})


def test_csv_export_matches_json(client, seeded):
    params = {"q": "terrorism", "kind": "operative"}
    response = client.get(API, {**params, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["X-Export-Cap"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {(r["url"].split("/resolutions/")[1].split("/")[0], r["anchor"]) for r in rows} == found(
        client, **params
    )


def test_csv_neutralises_formulas(client, seeded):
    paragraph = Paragraph.objects.first()
    Paragraph.objects.filter(pk=paragraph.pk).update(text='=HYPERLINK("http://evil") wallaby')
    response = client.get(API, {"q": "wallaby", "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][rows[0].index("text")].startswith("'=HYPERLINK")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    q=st.text(max_size=200) | st.sampled_from(['"', "OR", "-", "*", "NOT x", "a:b", "x" * 10_000])
)
def test_no_query_string_causes_an_error(client, seeded_once, q):
    assert client.get(reverse("resolutions:search"), {"q": q}).status_code == 200
    assert client.get(API, {"q": q}).status_code == 200


@pytest.fixture
def seeded_once(seeded):
    return seeded


def test_engine_is_the_one_in_use():
    from resolutions.search.backends import get_backend

    assert get_backend().vendor == connection.vendor


@pytest.fixture(params=["gin", "rum"])
def pg_index(request, db):
    """On PostgreSQL, run a test once reading the GIN index and once the RUM index (when the
    server has the rum extension); elsewhere, once."""
    from resolutions.search.backends import postgres

    if connection.vendor != "postgresql":
        if request.param == "rum":
            pytest.skip("RUM is a PostgreSQL index")
        yield request.param
        return
    postgres.note_rum_index(connection)
    if request.param == "rum" and not postgres.has_rum_index(connection):
        pytest.skip("this PostgreSQL server has no rum extension")
    if request.param == "gin":
        setattr(connection, postgres.RUM_FLAG, False)
    yield request.param
    postgres.note_rum_index(connection)


@pytest.mark.parametrize(
    "text", ["States", "terrorism OR assistance", "Member -Security", "terror*"]
)
@pytest.mark.parametrize("limit", [1, 2, 4, 7, 15, 30, 60, 120, 400])
def test_the_window_is_the_newest_matches_whatever_path_the_engine_takes(
    seeded, pg_index, text, limit
):
    """The engine may walk the key, read an index in order (RUM), or read the GIN index, the
    newest part of the table first with a fall back (PostgreSQL chooses by the estimated
    matches against the limit): the window is always the `limit` matches with the highest
    ids, each with a rank."""
    from resolutions.search.backends import get_backend
    from resolutions.search.query import parse
    from resolutions.search.service import WINDOW_COLUMNS

    backend = get_backend()
    query = parse(text)
    matched = backend.match(Paragraph.objects.all(), query)
    every = sorted(matched.values_list("pk", flat=True), reverse=True)
    assert every, text
    rows = backend.window(matched, query, WINDOW_COLUMNS, limit)
    assert [row[0] for row in rows] == every[:limit]
    assert all(isinstance(row[-1], float) for row in rows)


def test_postgresql_gives_the_same_page_with_or_without_the_rum_index(client, seeded):
    from resolutions.search.backends import postgres

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    postgres.note_rum_index(connection)
    if not postgres.has_rum_index(connection):
        pytest.skip("this PostgreSQL server has no rum extension")
    params = {"q": "terrorism OR assistance", "page_size": 100}
    with_rum = api(client, **params)
    setattr(connection, postgres.RUM_FLAG, False)
    try:
        without = api(client, **params)
    finally:
        postgres.note_rum_index(connection)
    assert with_rum["results"] == without["results"]
    assert with_rum["facets"] == without["facets"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "States", "verb": "request"},
        {"q": "terrorism OR assistance", "verb": ["urge", "call upon"], "kind": "operative"},
        {"q": "Member States", "body": "ECOSOC", "verb": "recall", "kind": "preambular"},
        {"q": "drug* -trafficking", "body": ["CCPCJ", "ECOSOC"], "verb": "recall"},
    ],
)
def test_filters_held_in_the_index_change_no_result(client, seeded, params, monkeypatch):
    from resolutions.search import service
    from resolutions.search.backends.base import Narrowing

    params = {**params, "page_size": 100}
    with CaptureQueriesContext(connection) as captured:
        narrowed = api(client, **params)
    # The index was asked for the filters' values (SQLite: FTS5 column filters in the MATCH).
    marker = 'filter_vector" @@' if connection.vendor == "postgresql" else "verb : ("
    assert any(marker in query["sql"] for query in captured.captured_queries)
    monkeypatch.setattr(service, "narrowing_of", lambda filterset: Narrowing())
    with CaptureQueriesContext(connection) as captured:
        assert narrowed == api(client, **params)
    assert not any(marker in query["sql"] for query in captured.captured_queries)
    assert narrowed["count"] > 0


def fts_integrity_check() -> None:
    """SQLite compares its FTS index with the paragraphs; raises if they disagree."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO resolutions_paragraph_fts(resolutions_paragraph_fts, rank) "
                "VALUES ('integrity-check', 1)"
            )


def test_the_index_follows_curated_verbs_kinds_and_bodies(client, seeded):
    from resolutions.models import Body

    paragraph = Paragraph.objects.filter(verb="request").select_related("resolution").first()
    key = (paragraph.resolution.slug, paragraph.anchor)
    word = paragraph.text.split()[-1].strip(".;,")
    before = {"q": word, "verb": "request", "kind": paragraph.kind}
    assert key in found(client, **before)

    paragraph.verb = "deplore"
    paragraph.kind = "preambular" if paragraph.kind == "operative" else "operative"
    paragraph.save()
    assert key in found(client, q=word, verb="deplore", kind=paragraph.kind)
    assert key not in found(client, **before)

    resolution = paragraph.resolution
    other = Body.objects.exclude(pk=resolution.body_id).first()
    resolution.body = other
    resolution.save()
    assert key in found(client, q=word, body=other.code)
    fts_integrity_check()
    # Deleting unindexes (SQLite's check fails on an index entry left behind).
    resolution.delete()
    fts_integrity_check()
