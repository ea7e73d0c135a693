"""Drafting tools on the seed series: lineage, timeline, compare, agreed language, mandates."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from resolutions import drafting
from resolutions.drafting import lineage
from resolutions.models import Mandate, Paragraph, ParagraphLink, Resolution, Series

PHRASE = (
    "cannot and should not be associated with any religion, nationality, civilization "
    "or ethnic group"
)
UNODC = "United Nations Office on Drugs and Crime"


@pytest.fixture
def series(seeded):
    """The five seeds as one series, put together by the test itself."""
    item = Series.objects.create(
        name="UNODC technical assistance against terrorism", slug="ta-test"
    )
    Resolution.objects.update(series=item)
    drafting.refresh_series(item)
    return item


@pytest.fixture
def by_year(series):
    return {r.year: r for r in Resolution.objects.all()}


def para(resolution: Resolution, anchor: str) -> Paragraph:
    return Paragraph.objects.get(resolution=resolution, anchor=anchor)


def test_2013_and_2015_align_paragraph_by_paragraph(by_year):
    op1_2013 = para(by_year[2013], "op1")
    link = ParagraphLink.objects.get(earlier=op1_2013)
    assert link.later == para(by_year[2015], "op1")
    assert link.later.text.startswith("Urges Member States that have not yet done so to consider")
    # 2013 says "related to terrorism", 2015 "related to counter-terrorism".
    assert link.relation == ParagraphLink.Relation.AMENDED
    assert not link.moved
    # The preambular "Reaffirming that terrorism cannot and should not be associated ..."
    # is carried over too, wherever it is numbered.
    pp = Paragraph.objects.get(resolution=by_year[2013], text__contains="cannot and should not")
    assert PHRASE in ParagraphLink.objects.get(earlier=pp).later.text


def test_links_only_join_consecutive_versions_one_to_one(by_year, series):
    order = [by_year[y].pk for y in sorted(by_year)]
    pairs = set(
        ParagraphLink.objects.values_list("earlier__resolution", "later__resolution").distinct()
    )
    assert pairs <= set(itertools.pairwise(order))
    earlier_ids = list(ParagraphLink.objects.values_list("earlier", flat=True))
    later_ids = list(ParagraphLink.objects.values_list("later", flat=True))
    assert len(earlier_ids) == len(set(earlier_ids)) and len(later_ids) == len(set(later_ids))
    count = ParagraphLink.objects.count()
    drafting.refresh_series(series)  # recomputing gives the same links
    assert ParagraphLink.objects.count() == count


def test_timeline_counts_add_up(by_year, series):
    versions = lineage.timeline(series)
    assert [v.resolution.year for v in versions] == sorted(by_year)
    assert versions[0].previous is None
    for previous, version in itertools.pairwise(versions):
        carried = version.unchanged + version.amended
        assert version.paragraphs == version.resolution.paragraphs.count()
        assert carried + version.new == version.paragraphs
        assert carried + version.dropped == previous.paragraphs
    v2015 = next(v for v in versions if v.resolution.year == 2015)
    assert v2015.amended >= 1 and v2015.unchanged >= 1


def test_series_page_and_json(client, series, by_year, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(series.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for year in by_year:
        assert str(year) in html
    assert "?a=e-res-2013-32&amp;b=" in html  # compare each version with the one before
    data = client.get(reverse("resolutions:api-series-detail", args=[series.slug])).json()
    assert [v["year"] for v in data["versions"]] == sorted(by_year)
    assert data["versions"][0]["previous"] is None
    assert client.get(reverse("resolutions:series-list")).status_code == 200


def test_amendment_shows_the_exact_words(client, by_year):
    a, b = by_year[2013], by_year[2015]
    data = client.get(reverse("resolutions:api-compare"), {"a": a.slug, "b": b.slug}).json()
    op1 = next(row for row in data["rows"] if row["a"] == "op1")
    assert op1["b"] == "op1" and op1["status"] == "amended"
    assert op1["inserted"] == ["counter-terrorism"] and op1["deleted"] == ["terrorism"]
    assert data["summary"]["unchanged"] + data["summary"]["amended"] > 10


def test_compare_page_is_accessible_and_bounded(client, by_year, django_assert_max_num_queries):
    a, b = by_year[2013], by_year[2015]
    with django_assert_max_num_queries(12):
        response = client.get(reverse("resolutions:compare"), {"a": a.slug, "b": b.slug})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="visually-hidden">inserted: </span>counter-terrorism</ins>' in html
    assert '<span class="visually-hidden">deleted: </span>terrorism</del>' in html
    assert "Summary" in html


@pytest.mark.parametrize(
    "params, message",
    [({}, None), ({"a": "nope", "b": "nope"}, "There is no resolution"), ({"a": "x"}, "Choose")],
)
def test_compare_without_good_slugs_offers_a_form(client, seeded, params, message):
    response = client.get(reverse("resolutions:compare"), params)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<select id="compare-a" name="a"' in html and '<select id="compare-b" name="b"' in html
    if message:
        assert message in html
    assert client.get(reverse("resolutions:api-compare"), params).status_code == 400


def test_agreed_language_starts_with_its_first_use(client, by_year):
    # Read from the seeds: the 2005 text does not have this phrase; 2013 has it as the tenth
    # preambular paragraph ("Reaffirming that terrorism cannot and should not ...").
    data = client.get(reverse("resolutions:api-agreed-language"), {"q": PHRASE}).json()
    assert data["first"]["resolution"] == by_year[2013].slug
    assert data["first"]["anchor"] == "pp10"
    assert [o["year"] for o in data["occurrences"]] == [2013, 2015, 2017, 2023]
    assert all(PHRASE in o["text"] for o in data["occurrences"])
    page = client.get(reverse("resolutions:agreed-language"), {"q": PHRASE})
    assert "agreed language from E/RES/2013/32" in page.content.decode()


def test_agreed_language_close_variants_and_nothing_found(client, by_year):
    # Not in any text, but one word away from the phrase above.
    variant = PHRASE.replace("any religion", "any faith")
    data = client.get(reverse("resolutions:api-agreed-language"), {"q": variant}).json()
    assert data["first"] is None and data["occurrences"] == []
    assert {v["year"] for v in data["variants"]} >= {2013, 2015, 2017, 2023}
    missing = client.get(reverse("resolutions:api-agreed-language"), {"q": "zebra xylophone"})
    assert missing.json()["occurrences"] == [] and missing.json()["variants"] == []
    assert client.get(reverse("resolutions:api-agreed-language")).status_code == 400


def test_agreed_language_from_a_paragraph(client, by_year):
    response = client.get(
        reverse("resolutions:agreed-language"),
        {"resolution": by_year[2015].slug, "paragraph": "op1"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "First appearance" in html


def test_unodc_mandates_of_2013_are_complete(by_year):
    # By hand from E/RES/2013/32: paragraphs 1, 2 and 12 make their request to UNODC after
    # another clause; 11 only takes note; 13 invites Member States; 14 and 15 ask the
    # Secretary-General (14 to give UNODC resources, which is no request to UNODC).
    mandates = Mandate.objects.filter(paragraph__resolution=by_year[2013], addressee=UNODC)
    expected = [
        (1, "request", "continue to provide technical assistance"),
        (2, "request", "provide technical assistance to Member St"),
        (3, "request", "take into account in its technical assis"),
        (4, "request", "continue to give high priority to the im"),
        (5, "call upon", "continue to strengthen the provision of t"),
        (6, "call upon", "continue to provide technical assistance"),
        (7, "request", "continue to develop specialized legal kn"),
        (8, "request", "continue to enhance specialized legal kno"),
        (9, "request", "continue to develop its specialized legal"),
        (10, "urge", "continue to strengthen its cooperation wi"),
        (12, "call upon", "support the efforts of Member States in t"),
    ]
    assert [(m.paragraph.number, m.verb) for m in mandates] == [(n, v) for n, v, _ in expected]
    for mandate, (_, _, start) in zip(mandates, expected, strict=True):
        assert mandate.action.startswith(start)
    others = Mandate.objects.filter(paragraph__resolution=by_year[2013]).exclude(addressee=UNODC)
    assert sorted((m.paragraph.number, m.addressee) for m in others) == [
        (1, "Member States"),
        (2, "Member States"),
        (12, "Member States"),
        (13, "Member States"),
        (14, "Secretary-General"),
        (15, "Secretary-General"),
    ]


def test_mandates_page(client, series, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("resolutions:mandates"), {"addressee": UNODC, "series": series.slug}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "continue to give high priority" in html
    assert html.index('<h2 id="year-1">2005') < html.index("2013</h2>") < html.index("2023</h2>")
    assert UNODC in client.get(reverse("resolutions:mandates")).content.decode()


def test_verbs_page_has_charts_and_tables(client, series, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("resolutions:verbs"), {"series": series.slug})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") >= 2 and "<table" in html and "<script" not in html
    assert '<th scope="row">request</th>' in html


def test_resolution_page_shows_each_paragraphs_history(
    client, by_year, series, django_assert_max_num_queries
):
    resolution = by_year[2015]
    paragraphs = list(resolution.paragraphs.order_by("order"))
    with django_assert_max_num_queries(2):
        context = drafting.drafting_context(resolution, paragraphs)
    assert context["drafting_series"] == series
    op1 = next(p for p in paragraphs if p.anchor == "op1")
    assert op1.history.origin.resolution.year <= 2013
    assert [w.year for w in op1.history.earlier][-1] <= 2013
    response = client.get(resolution.get_absolute_url())
    html = response.content.decode()
    assert series.get_absolute_url() in html
    assert reverse("resolutions:paragraph-lineage", args=[resolution.slug, "op1"]) in html


def test_paragraph_lineage_page_and_json(client, by_year, series):
    url = reverse("resolutions:paragraph-lineage", args=[by_year[2015].slug, "op1"])
    html = client.get(url).content.decode()
    assert "<ins>" in html and "counter-terrorism" in html
    data = client.get(
        reverse("resolutions:api-paragraph-lineage", args=[by_year[2015].slug, "op1"])
    ).json()
    years = [w["first_appeared"] for w in data["wordings"]]
    assert years == sorted(years) and 2015 in years
    current = next(w for w in data["wordings"] if w["current"])
    assert current["changes"]["inserted"] == ["counter-terrorism"]
    assert (
        client.get(
            reverse("resolutions:paragraph-lineage", args=[by_year[2015].slug, "op999"])
        ).status_code
        == 404
    )


def test_leaving_a_series_drops_the_links(by_year, series):
    resolution = by_year[2023]
    resolution.series = None
    resolution.save()
    drafting.refresh_resolution(resolution)
    assert not ParagraphLink.objects.filter(later__resolution=resolution).exists()
    assert ParagraphLink.objects.exists()
