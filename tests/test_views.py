"""Server-rendered pages and their JSON twins."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from resolutions.models import Resolution

from .conftest import SEED_TRUTH

pytestmark = pytest.mark.django_db


def test_home_summarises_the_archive(client, seeded):
    response = client.get(reverse("resolutions:home"))
    assert response.status_code == 200
    html = response.text
    assert "5 resolutions" in html
    assert "Commission on Crime Prevention and Criminal Justice" in html
    assert "Economic and Social Council" in html
    for year in {t["year"] for t in SEED_TRUTH}:
        assert f"?year={year}" in html


def test_home_without_data_explains_how_to_load(client, db):
    response = client.get(reverse("resolutions:home"))
    assert "load_resolutions" in response.text


def test_list_is_newest_first(client, seeded):
    response = client.get(reverse("resolutions:resolution-list"))
    assert response.status_code == 200
    years = [r.year for r in response.context["resolutions"]]
    assert years == sorted(years, reverse=True)
    for resolution in seeded.values():
        assert resolution.get_absolute_url() in response.text


def test_list_query_count_does_not_grow(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("resolutions:resolution-list"))


@pytest.mark.parametrize("truth", SEED_TRUTH, ids=lambda t: t["file"])
def test_detail_page_shows_every_paragraph_with_a_permalink(client, seeded, truth):
    resolution = seeded[truth["file"]]
    response = client.get(resolution.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    for n in range(1, truth["preambular_count"] + 1):
        assert f'id="pp{n}"' in html and f'href="#pp{n}"' in html
    for n in range(1, truth["operative_count"] + 1):
        assert f'id="op{n}"' in html and f'href="#op{n}"' in html
    verbs = re.findall(r'<li class="para operative".*?<em class="verb">(.*?)</em>', html)
    assert verbs == truth["operative_verbs"]
    for sponsor in truth["sponsors"]:
        assert sponsor in html


def test_detail_links_footnotes_both_ways(client, seeded):
    resolution = seeded["000_6a8f4f2a8a747304.txt"]
    html = client.get(resolution.get_absolute_url()).text
    footnote = resolution.footnotes.get(marker="1")
    carrier = footnote.paragraph.anchor
    assert f'href="#{footnote.anchor}" id="{footnote.anchor}-ref-{carrier}"' in html
    assert f'<li id="{footnote.anchor}">' in html
    assert f'href="#{footnote.anchor}-ref-{carrier}"' in html


def test_detail_query_count_is_fixed(client, seeded, django_assert_max_num_queries):
    biggest = max(seeded.values(), key=lambda r: r.paragraphs.count())
    with django_assert_max_num_queries(12):
        client.get(biggest.get_absolute_url())


def test_unknown_slug_is_404(client, db):
    assert client.get("/resolutions/no-such-resolution/").status_code == 404
    assert client.get("/api/resolutions/no-such-resolution/").status_code == 404


def test_document_text_is_escaped(client, seeded):
    resolution = seeded["000_6a8f4f2a8a747304.txt"]
    paragraph = resolution.paragraphs.get(anchor="op1")
    paragraph.text = paragraph.text + ' <script>alert("x")</script>'
    paragraph.save()
    Resolution.objects.filter(pk=resolution.pk).update(title="<b>Bold</b> title")
    html = client.get(resolution.get_absolute_url()).text
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in html


def test_api_list(client, seeded):
    data = client.get(reverse("resolutions:api-resolution-list")).json()
    assert data["count"] == 5
    slugs = {r["slug"] for r in data["results"]}
    assert slugs == {r.slug for r in seeded.values()}
    assert data["results"][0]["year"] == max(t["year"] for t in SEED_TRUTH)


def test_api_list_page_size_is_capped(client, seeded):
    data = client.get(reverse("resolutions:api-resolution-list"), {"page_size": "2"}).json()
    assert len(data["results"]) == 2 and data["num_pages"] == 3
    data = client.get(reverse("resolutions:api-resolution-list"), {"page_size": "x"}).json()
    assert len(data["results"]) == 5


@pytest.mark.parametrize("truth", SEED_TRUTH, ids=lambda t: t["file"])
def test_api_detail_has_the_parse_fields(client, seeded, truth):
    resolution = seeded[truth["file"]]
    url = reverse("resolutions:api-resolution-detail", args=[resolution.slug])
    data = client.get(url).json()
    for key in ("source", "symbol", "body", "document_type", "date", "year", "year_inferred"):
        assert key in data
    assert data["body"] == truth["body"]
    assert data["title"] == truth["title"]
    assert data["year"] == truth["year"]
    assert data["sponsors"] == truth["sponsors"]
    operative = [p for p in data["paragraphs"] if p["kind"] == "operative"]
    assert [p["verb_phrase"] for p in operative] == truth["operative_verbs"]
    assert [p["anchor"] for p in operative] == [f"op{n}" for n in range(1, len(operative) + 1)]
    assert set(data["paragraphs"][0]) == {"kind", "number", "verb_phrase", "verb", "text", "anchor"}


def test_pages_ship_no_inline_script_and_a_csp(client, seeded):
    response = client.get(reverse("resolutions:home"))
    assert "<script" not in response.text
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("params", "orm"),
    [
        ({"year": "2015"}, {"year": 2015}),
        ({"year_min": "2013", "year_max": "2017"}, {"year__range": (2013, 2017)}),
        ({"body": "CCPCJ"}, {"body__code": "CCPCJ"}),
        ({"document_type": "resolution"}, {"document_type": "resolution"}),
        ({"sponsor": "japan"}, {"sponsors__slug": "japan"}),
    ],
)
def test_list_filters(client, seeded, params, orm):
    html_page = client.get(reverse("resolutions:resolution-list"), params)
    listed = {r.slug for r in html_page.context["resolutions"]}
    expected = set(Resolution.objects.filter(**orm).values_list("slug", flat=True))
    assert listed == expected and expected
    data = client.get(reverse("resolutions:api-resolution-list"), params).json()
    assert {r["slug"] for r in data["results"]} == expected


def test_list_sorting_and_bad_values(client, seeded):
    page = client.get(reverse("resolutions:resolution-list"), {"sort": "year"})
    years = [r.year for r in page.context["resolutions"]]
    assert years == sorted(years)
    page = client.get(reverse("resolutions:resolution-list"), {"year": "abc", "body": "NOPE"})
    assert page.status_code == 200
    assert "could not be used" in page.text
    assert len(page.context["resolutions"]) == 5
    assert (
        client.get(reverse("resolutions:api-resolution-list"), {"year": "abc"}).status_code == 400
    )
