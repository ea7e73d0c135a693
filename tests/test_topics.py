"""Topic rules, hand-made choices, the shipped taxonomy, topic pages and the topic filter."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from resolutions.models import Paragraph, ParagraphTopic, Topic
from resolutions.services.curation import apply_curation_files
from resolutions.services.topics import (
    RuleError,
    apply_topic_rules,
    compile_rules,
    parse_rule,
    set_manual_topic,
)

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

TAXONOMY = FIXTURES / "curation" / "topics.json"


def test_a_phrase_matches_whole_words_case_insensitively_across_line_breaks():
    rule = parse_rule("foreign terrorist fighters")
    assert rule.search("on Foreign Terrorist\nFighters and returnees")
    assert not rule.search("foreign terrorist fightersmith")
    assert not parse_rule("child").search("children")
    assert parse_rule("child").search("the child's rights")


def test_a_rule_between_slashes_is_a_regular_expression():
    (rule,) = compile_rules(r"/kidnap\w*/")
    assert rule.search("Kidnapping for ransom")
    assert compile_rules("\n  \n# a comment\n") == ()
    with pytest.raises(RuleError):
        parse_rule("/unclosed(/")


def tagged(resolution, slug: str) -> set[str]:
    return set(
        ParagraphTopic.objects.filter(
            paragraph__resolution=resolution, topic__slug=slug, excluded=False
        ).values_list("paragraph__anchor", flat=True)
    )


def containing(resolution, pattern: str) -> set[str]:
    return {p.anchor for p in resolution.paragraphs.all() if re.search(pattern, p.text, re.I)}


def test_rules_mark_the_paragraphs_that_match(seeded):
    Topic.objects.create(name="Victims", slug="victims", rules="victims of terrorism\n/hostage/")
    for resolution in seeded.values():
        apply_topic_rules(resolution)
        assert tagged(resolution, "victims") == containing(
            resolution, r"\bvictims\s+of\s+terrorism\b|hostage"
        )
    assert ParagraphTopic.objects.filter(topic__slug="victims").exists()


def test_hand_made_choices_win_over_rules(seeded):
    resolution = seeded["000_6a8f4f2a8a747304.txt"]
    topic = Topic.objects.create(name="Internet", slug="internet", rules="Internet")
    apply_topic_rules(resolution)
    by_rule = tagged(resolution, "internet")
    assert by_rule
    removed_anchor = sorted(by_rule)[0]
    removed = resolution.paragraphs.get(anchor=removed_anchor)
    added = resolution.paragraphs.exclude(anchor__in=by_rule).first()
    set_manual_topic(removed, topic, present=False)
    set_manual_topic(added, topic, present=True)
    for _ in range(2):
        apply_topic_rules(resolution)
        assert tagged(resolution, "internet") == (by_rule - {removed_anchor}) | {added.anchor}
    link = ParagraphTopic.objects.get(paragraph=removed, topic=topic)
    assert link.excluded and link.source == ParagraphTopic.Source.MANUAL

    # A rule that no longer matches drops its links, but not the curator's.
    topic.rules = "no such phrase anywhere"
    topic.save()
    apply_topic_rules(resolution)
    assert tagged(resolution, "internet") == {added.anchor}


def test_the_shipped_taxonomy_fits_the_seeds(seeded):
    data = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    assert len(data["topics"]) >= 15
    apply_curation_files([TAXONOMY])
    assert Topic.objects.count() == len(data["topics"])
    used = set(ParagraphTopic.objects.filter(excluded=False).values_list("topic__slug", flat=True))
    for slug in ("foreign-terrorist-fighters", "financing-of-terrorism", "victims-of-terrorism"):
        assert slug in used
    # Every paragraph naming foreign terrorist fighters carries that topic.
    for resolution in seeded.values():
        assert containing(resolution, r"foreign\s+terrorist\s+fighters?") <= tagged(
            resolution, "foreign-terrorist-fighters"
        )
    children = Topic.objects.get(slug="prisons-and-radicalization")
    assert children.parent.slug == "violent-extremism-radicalization"


def test_topic_pages(client, seeded, django_assert_max_num_queries):
    apply_curation_files([TAXONOMY])
    response = client.get(reverse("resolutions:topic-list"))
    assert response.status_code == 200
    fighters = Topic.objects.get(slug="foreign-terrorist-fighters")
    assert fighters.get_absolute_url() in response.text
    with django_assert_max_num_queries(12):
        response = client.get(fighters.get_absolute_url())
    assert response.status_code == 200
    paragraphs = list(response.context["paragraphs"])
    expected = Paragraph.objects.filter(
        topic_links__topic=fighters, topic_links__excluded=False
    ).count()
    assert response.context["paginator"].count == expected
    years = [p.resolution.year or 0 for p in paragraphs]
    assert years == sorted(years, reverse=True)
    for p in paragraphs:
        assert p.get_absolute_url() in response.text
    assert client.get(reverse("resolutions:topic-detail", args=["nope"])).status_code == 404


def test_the_resolution_page_shows_topics_and_series(client, seeded):
    apply_curation_files([TAXONOMY])
    resolution = seeded["001_6b47e71a225dbcd2.txt"]
    response = client.get(resolution.get_absolute_url())
    html = response.text
    link = ParagraphTopic.objects.filter(paragraph__resolution=resolution, excluded=False).first()
    assert link.topic.get_absolute_url() in html
    assert 'class="para-topics"' in html
    resolution.refresh_from_db()
    assert resolution.series is not None and resolution.series.name in html
    for other in seeded.values():
        if other.pk != resolution.pk:
            assert other.get_absolute_url() in html  # the other versions of the series


def search_all(client, **params) -> set[tuple[str, str]]:
    """Every (slug, anchor) the search API returns, across all pages."""
    results, page = set(), 1
    while True:
        data = client.get(
            reverse("resolutions:api-search"), {**params, "page": page, "page_size": 100}
        ).json()
        results |= {(r["resolution"]["slug"], r["paragraph"]["anchor"]) for r in data["results"]}
        if page >= data["num_pages"]:
            return results
        page += 1


def test_topics_filter_and_facet_the_search(client, seeded):
    apply_curation_files([TAXONOMY])
    topic = Topic.objects.get(slug="victims-of-terrorism")
    tagged_paragraphs = {
        (p.resolution.slug, p.anchor)
        for p in Paragraph.objects.filter(
            topic_links__topic=topic, topic_links__excluded=False
        ).select_related("resolution")
    }
    everything = search_all(client, q="terrorism")
    narrowed = search_all(client, q="terrorism", topic=topic.slug)
    assert narrowed == everything & tagged_paragraphs
    assert narrowed

    # A curator's removal takes the paragraph out of the topic's results.
    slug, anchor = sorted(narrowed)[0]
    paragraph = Paragraph.objects.get(resolution__slug=slug, anchor=anchor)
    set_manual_topic(paragraph, topic, present=False)
    assert search_all(client, q="terrorism", topic=topic.slug) == narrowed - {(slug, anchor)}

    data = client.get(reverse("resolutions:api-search"), {"q": "terrorism"}).json()
    assert data["facets"]["topic"]


def test_the_topic_facet_counts_each_topics_paragraphs_among_the_matches(client, seeded):
    apply_curation_files([TAXONOMY])
    matched = Paragraph.objects.filter(
        pk__in=[
            Paragraph.objects.get(resolution__slug=slug, anchor=anchor).pk
            for slug, anchor in search_all(client, q="States")
        ]
    )
    # A curator's removal no longer counts for its topic.
    link = ParagraphTopic.objects.filter(paragraph__in=matched, excluded=False).first()
    set_manual_topic(link.paragraph, link.topic, present=False)
    expected = {}
    for topic in Topic.objects.all():
        n = matched.filter(topic_links__topic=topic, topic_links__excluded=False).count()
        if n:
            expected[topic.slug] = n
    facet = client.get(reverse("resolutions:api-search"), {"q": "States"}).json()["facets"]
    # The facet shows the largest twelve; every count it shows is exact, and a number.
    assert facet["topic"]
    assert all(type(n) is int for name in ("topic", "sponsor") for n in facet[name].values())
    assert {slug: expected[slug] for slug in facet["topic"]} == facet["topic"]
    assert (
        sorted(facet["topic"].values(), reverse=True)
        == sorted(expected.values(), reverse=True)[: len(facet["topic"])]
    )
