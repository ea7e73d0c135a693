"""The loader's pipeline after a store: what store() just wrote is used as it is, a new text
reads and deletes nothing that can only be empty, and the statements to store a new text do
not grow with the archive."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from resolutions.models import Mandate, ParagraphTopic, Resolution, Sponsor, SponsorAlias, Topic
from resolutions.services import pipeline
from resolutions.services.loading import sponsors_for_names, store, take_stored

from .test_loader_speed_loading import seed_parse

pytestmark = pytest.mark.django_db


def store_new(parsed, text, n: int, *, pipeline_too: bool = True) -> tuple[Resolution, list[str]]:
    """Store a renamed copy as a new text; returns it and the SQL it took."""
    copy = dataclasses.replace(parsed, source=f"new-{n}-{parsed.source}", symbol=None)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        resolution, _ = store(copy, sha256=f"{n:064x}", raw_text=text, existing=None)
        if pipeline_too:
            pipeline.after_store(resolution)
    return resolution, [q["sql"] for q in queries]


def derived_rows(resolution: Resolution) -> dict[str, list]:
    return {
        "topics": sorted(
            ParagraphTopic.objects.filter(paragraph__resolution=resolution).values_list(
                "paragraph__anchor", "topic_id", "source", "excluded"
            )
        ),
        "mandates": sorted(
            Mandate.objects.filter(paragraph__resolution=resolution).values_list(
                "paragraph__anchor", "order", "addressee", "verb", "action"
            )
        ),
    }


def test_the_statements_for_a_new_text_do_not_grow_with_the_archive(seeded):
    parsed, text = seed_parse()
    _, first = store_new(parsed, text, 1)
    for n in range(2, 7):
        store_new(parsed, text, n)
    _, later = store_new(parsed, text, 7)
    # Titles repeat here, so the slug takes a suffix; a slug batch covers ten of them.
    assert len(later) == len(first)


def test_a_new_text_reads_and_deletes_nothing_that_can_only_be_empty(seeded):
    parsed, text = seed_parse()
    _, statements = store_new(parsed, text, 1)
    tables = ("paragraphtopic", "mandate", "paragraphlink", "citation", "footnote", "paragraph")
    for sql in statements:
        head = sql.lstrip().upper()
        if head.startswith(("SELECT", "DELETE", "UPDATE")):
            assert not any(f'"resolutions_{table}"' in sql.split("WHERE")[0] for table in tables), (
                sql
            )


def test_the_pipeline_derives_the_same_rows_from_what_store_wrote_as_from_the_database(seeded):
    Topic.objects.create(name="Crime", slug="crime", rules="crime\n/terroris\\w*/")
    parsed, text = seed_parse()
    in_hand, _ = store_new(parsed, text, 1)
    read_back, _ = store_new(parsed, text, 2, pipeline_too=False)
    # A fresh instance carries nothing from store(): the pipeline reads the database.
    fresh = Resolution.objects.get(pk=read_back.pk)
    assert take_stored(fresh) is None
    with transaction.atomic():
        pipeline.after_store(fresh)
    assert derived_rows(in_hand) == derived_rows(fresh)
    assert derived_rows(in_hand)["topics"] and derived_rows(in_hand)["mandates"]


def test_what_store_wrote_is_used_once(seeded):
    parsed, text = seed_parse()
    copy = dataclasses.replace(parsed, source="once.txt", symbol=None)
    with transaction.atomic():
        resolution, _ = store(copy, sha256="1" * 64, raw_text=text, existing=None)
        stored = take_stored(resolution)
    assert stored.new
    assert [pk for pk, _, _ in stored.paragraphs] == list(
        resolution.paragraphs.order_by("order").values_list("pk", flat=True)
    )
    assert take_stored(resolution) is None


def test_a_reload_still_replaces_rule_links_and_mandates_and_keeps_manual_ones(seeded, tmp_path):
    resolution = seeded["000_6a8f4f2a8a747304.txt"]
    paragraph = resolution.paragraphs.get(anchor="op1")
    topic = Topic.objects.create(name="Hand-made", slug="hand-made", rules="")
    manual = ParagraphTopic.objects.create(
        paragraph=paragraph, topic=topic, source=ParagraphTopic.Source.MANUAL
    )
    stale = Mandate.objects.create(paragraph=paragraph, addressee="Nobody", verb="x", order=99)
    before = derived_rows(resolution)
    parsed, text = seed_parse()
    with transaction.atomic():
        reloaded, _ = store(parsed, sha256="2" * 64, raw_text=text, existing=resolution)
        pipeline.after_store(reloaded)
    assert ParagraphTopic.objects.filter(pk=manual.pk).exists()
    assert not Mandate.objects.filter(pk=stale.pk).exists()
    after = derived_rows(reloaded)
    assert after["mandates"] == [m for m in before["mandates"] if m[2] != "Nobody"]
    assert after["topics"] == before["topics"]


def test_an_alias_wins_over_a_sponsor_of_that_name():
    by_name = Sponsor.objects.create(name="Turkey", slug="turkey")
    aliased = Sponsor.objects.create(name="Türkiye", slug="turkiye")
    SponsorAlias.objects.create(alias="Turkey", sponsor=aliased)
    assert sponsors_for_names(["Turkey", "Türkiye"]) == [aliased, aliased]
    assert by_name.pk != aliased.pk
