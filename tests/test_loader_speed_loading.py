"""The loader's fast paths: a new text is stored in a fixed number of statements, and the
batched look-ups answer exactly as the one-at-a-time ones did."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from resolutions.models import Body, Citation, Footnote, Resolution, Sponsor, SponsorAlias
from resolutions.parsing import parse_resolution
from resolutions.parsing.reader import decode
from resolutions.services import pipeline
from resolutions.services.loading import (
    get_body,
    sponsor_for_name,
    sponsors_for_names,
    store,
    unique_slug,
)
from resolutions.services.rows import insert_linked_rows, insert_rows

from .conftest import SEED_DIR

pytestmark = pytest.mark.django_db


def seed_parse(name: str = "000_6a8f4f2a8a747304.txt"):
    text = decode((SEED_DIR / name).read_bytes(), name)
    return parse_resolution(text, source=name), text


def store_copy(parsed, text, n: int, **changes) -> tuple[Resolution, int]:
    """Store a renamed copy of a parse as a new text; returns it and the statements used."""
    copy = dataclasses.replace(parsed, source=f"copy-{n}-{parsed.source}", symbol=None, **changes)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        resolution, _ = store(copy, sha256=f"{n:064x}", raw_text=text, existing=None)
        pipeline.after_store(resolution)
    return resolution, len(queries)


def test_a_new_text_takes_the_same_few_statements_whatever_its_sponsors(seeded):
    parsed, text = seed_parse()
    many = [f"Country {n}" for n in range(30)]
    Sponsor.objects.bulk_create(
        Sponsor(name=name, slug=f"country-{n}") for n, name in enumerate(many)
    )
    _, few_statements = store_copy(parsed, text, 1, sponsors=many[:1])
    resolution, many_statements = store_copy(parsed, text, 2, sponsors=many)
    # 10 statements, and a savepoint around them (the test runs in a transaction).
    assert many_statements == few_statements <= 12, (many_statements, few_statements)
    assert [s.name for s in resolution.sponsors.order_by("sponsorships__order")] == many


def test_a_new_text_is_stored_as_a_reload_stores_it(seeded):
    parsed, text = seed_parse()
    resolution, _ = store_copy(parsed, text, 3)
    original = seeded[parsed.source]

    def rows(r: Resolution) -> dict[str, list]:
        return {
            "paragraphs": list(
                r.paragraphs.order_by("order").values_list("anchor", "kind", "text", "verb")
            ),
            "footnotes": list(
                r.footnotes.order_by("order").values_list("marker", "anchor", "paragraph__anchor")
            ),
            "citations": list(
                r.citations.order_by("order").values_list(
                    "target_symbol", "paragraph__anchor", "footnote__marker", "start", "end"
                )
            ),
            "topics": sorted(
                r.paragraphs.filter(topic_links__source="rule").values_list(
                    "anchor", "topic_links__topic__slug"
                )
            ),
            "mandates": list(
                r.paragraphs.filter(mandates__isnull=False)
                .order_by("order", "mandates__order")
                .values_list("anchor", "mandates__addressee", "mandates__verb")
            ),
        }

    assert rows(resolution) == rows(original)


def test_sponsors_for_names_finds_what_sponsor_for_name_finds():
    kept = Sponsor.objects.create(name="Japan", slug="japan")
    aliased = Sponsor.objects.create(name="Türkiye", slug="turkiye")
    SponsorAlias.objects.create(alias="Turkey", sponsor=aliased)
    names = ["Turkey", "Japan", "Newland", "Newland", "Türkiye"]
    found = sponsors_for_names(names)
    assert found == [aliased, kept, found[2], found[2], aliased]
    assert Sponsor.objects.filter(name="Newland").count() == 1
    assert [sponsor_for_name(name) for name in names] == found
    assert sponsors_for_names([]) == []


def test_a_slug_taken_many_times_gets_the_next_free_suffix():
    parsed, _ = seed_parse()
    base = unique_slug(parsed)
    taken = [base] + [f"{base}-{n}" for n in range(2, 14)]
    for n, slug in enumerate(taken):
        Resolution.objects.create(slug=slug, source_name=f"taken-{n}")
    assert unique_slug(parsed) == f"{base}-14"
    mine = Resolution.objects.get(slug=f"{base}-5")
    assert unique_slug(parsed, exclude_pk=mine.pk) == f"{base}-5"


def test_a_body_is_created_with_its_parents_once():
    body = get_body("Commission on Crime Prevention and Criminal Justice", None)
    assert body.parent is not None
    assert get_body("Commission on Crime Prevention and Criminal Justice", None) == body
    assert Body.objects.count() == 2


def test_insert_rows_fills_defaults_adapts_values_and_returns_keys_in_order(seeded):
    resolution = seeded["000_6a8f4f2a8a747304.txt"]
    rows = [
        {"resolution_id": resolution.pk, "order": 900 + n, "target_symbol": f"A/RES/{n}"}
        | ({"date": datetime.date(2001, 2, 3), "target_curated": True} if n == 1 else {})
        for n in range(3)
    ]
    keys = insert_rows(Citation, rows, returning=True)
    assert keys == sorted(keys) and len(set(keys)) == 3
    stored = list(Citation.objects.filter(pk__in=keys).order_by("pk"))
    assert [c.target_symbol for c in stored] == ["A/RES/0", "A/RES/1", "A/RES/2"]
    assert [c.date for c in stored] == [None, datetime.date(2001, 2, 3), None]
    assert [c.target_curated for c in stored] == [False, True, False]
    assert stored[0].title == "" and stored[0].start == 0
    assert insert_rows(Citation, []) == []


def test_linked_rows_point_at_their_parents_in_one_statement_on_postgresql(seeded):
    resolution = seeded["000_6a8f4f2a8a747304.txt"]
    footnotes = [
        {"resolution_id": resolution.pk, "marker": m, "anchor": f"x{n}", "order": 900 + n}
        for n, m in enumerate("ab")
    ]
    citations = [
        {"resolution_id": resolution.pk, "order": 900 + n, "target_symbol": f"A/RES/{n}"}
        | {"footnote_id": link}
        for n, link in enumerate([901, None, 900, 901])
    ]
    with CaptureQueriesContext(connection) as queries:
        insert_linked_rows(
            Footnote, footnotes, Citation, citations, link="footnote_id", key="order"
        )
    assert len(queries) == (1 if connection.vendor == "postgresql" else 2)
    stored = Citation.objects.filter(resolution=resolution, order__gte=900).order_by("order")
    assert [(c.target_symbol, c.footnote and c.footnote.marker) for c in stored] == [
        ("A/RES/0", "b"),
        ("A/RES/1", None),
        ("A/RES/2", "a"),
        ("A/RES/3", "b"),
    ]
    # Without parents, or without children, it is what insert_rows does.
    link = {"link": "footnote_id", "key": "order"}
    insert_linked_rows(Footnote, [], Citation, [citations[1] | {"order": 950}], **link)
    insert_linked_rows(Footnote, [footnotes[0] | {"order": 950}], Citation, [], **link)
    assert Citation.objects.get(resolution=resolution, order=950).footnote is None
    assert Footnote.objects.filter(resolution=resolution, order=950).exists()


def test_a_new_text_inserts_its_footnotes_with_its_citations_on_postgresql(seeded):
    parsed, text = seed_parse()
    assert parsed.footnotes and any(c.footnote_marker for c in parsed.citations)
    resolution, _ = store_copy(parsed, text, 4)
    original = seeded[parsed.source]
    assert list(
        resolution.citations.order_by("order").values_list("footnote__marker", "footnote__order")
    ) == list(
        original.citations.order_by("order").values_list("footnote__marker", "footnote__order")
    )
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        copy = dataclasses.replace(parsed, source=f"copy-5-{parsed.source}", symbol=None)
        store(copy, sha256=f"{5:064x}", raw_text=text, existing=None)
    footnote_inserts = [q["sql"] for q in queries if '"resolutions_footnote"' in q["sql"]]
    assert len(footnote_inserts) == 1
    if connection.vendor == "postgresql":
        assert '"resolutions_citation"' in footnote_inserts[0]


def test_the_body_read_as_plain_rows_is_the_model_instance_the_orm_reads():
    created = get_body("Commission on Crime Prevention and Criminal Justice", None)
    with CaptureQueriesContext(connection) as queries:
        found = get_body("Commission on Crime Prevention and Criminal Justice", None)
    assert len(queries) == 1
    stored = Body.objects.get(pk=created.pk)
    assert (found.pk, found.name, found.code, found.parent_id) == (
        stored.pk,
        stored.name,
        stored.code,
        stored.parent_id,
    )
    assert not found._state.adding and found._state.db == stored._state.db
    assert found.parent == stored.parent


@pytest.mark.django_db(transaction=True)
def test_a_load_commits_without_waiting_for_the_disk_and_nothing_else_does():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's WAL mode with synchronous=NORMAL already commits so")

    def synchronous_commit() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    before = synchronous_commit()
    parsed, text = seed_parse()
    with transaction.atomic():
        store(parsed, sha256="0" * 64, raw_text=text, existing=None)
        assert synchronous_commit() == "off"
    assert synchronous_commit() == before != "off"
    assert Resolution.objects.filter(source_name=parsed.source).exists()
