"""The synthetic corpus (generate_corpus, remove_synthetic) and search at scale: the bounded
window, the engines' time limits. Runs on whichever engine the suite runs on."""

from __future__ import annotations

import contextlib
import re
import statistics
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from resolutions.models import (
    Citation,
    Paragraph,
    ParagraphTopic,
    Resolution,
    Series,
    Sponsorship,
    Topic,
)
from resolutions.search import service
from resolutions.search.backends import SearchTooBroad, get_backend
from resolutions.services import topics
from resolutions.services.corpus.vocabulary import SUBJECTS

pytestmark = pytest.mark.django_db

API = "/api/search/"


def generate(n: int, seed: int = 1) -> None:
    call_command("generate_corpus", resolutions=n, seed=seed, stdout=StringIO())


def snapshot() -> list[tuple]:
    return list(
        Paragraph.objects.filter(resolution__is_synthetic=True)
        .order_by("resolution__symbol", "order")
        .values_list("resolution__symbol", "resolution__title", "resolution__year", "text")
    )


def share(pattern: str, texts: list[str]) -> float:
    regex = re.compile(pattern, re.IGNORECASE)
    return sum(1 for t in texts if regex.search(t)) / len(texts)


@pytest.fixture
def corpus(seeded):
    generate(300, seed=3)
    return Resolution.objects.filter(is_synthetic=True)


def test_generation_is_deterministic_for_a_seed(seeded):
    generate(25, seed=7)
    first = snapshot()
    call_command("generate_corpus", remove=True, stdout=StringIO())
    generate(25, seed=7)
    assert snapshot() == first
    call_command("generate_corpus", resolutions=25, seed=8, replace=True, stdout=StringIO())
    assert snapshot() != first


def test_everything_generated_is_marked_synthetic(corpus):
    assert corpus.count() == 300
    for r in corpus:
        assert r.symbol.startswith("SYN/")
        assert r.title.startswith("[Synthetic] ")
        assert r.source_name.startswith("synthetic/")
        assert "not a United Nations document" in r.raw_text
    assert not Resolution.objects.filter(is_synthetic=False, symbol__startswith="SYN/").exists()
    series = Series.objects.filter(resolutions__in=corpus)
    assert all(s.name.startswith("[Synthetic]") for s in series)


def test_refuses_to_generate_twice_without_replace(corpus):
    with pytest.raises(CommandError, match="already loaded"):
        generate(5)


def test_shape_looks_like_a_real_collection(corpus):
    per_resolution = [r.paragraphs.count() for r in corpus[:100]]
    assert 20 <= statistics.mean(per_resolution) <= 40  # tens of paragraphs each
    years = list(corpus.values_list("year", flat=True))
    assert min(years) >= 1946 and max(years) <= 2026
    assert statistics.median(years) > 1986  # more texts in recent decades
    # Most citations point at recent texts; each resolves to an archived synthetic text.
    citations = Citation.objects.filter(resolution__in=corpus).select_related(
        "resolution", "target"
    )
    gaps = [c.resolution.year - c.target.year for c in citations]
    assert len(gaps) > 300 and min(gaps) >= 0
    assert statistics.median(gaps) <= 5
    assert Sponsorship.objects.filter(resolution__in=corpus).exists()
    # Recurring series: the same title in several years.
    series = Series.objects.filter(resolutions__in=corpus).distinct()
    assert any(s.resolutions.values("year").distinct().count() >= 3 for s in series)


def test_term_statistics_look_like_a_real_collection(corpus):
    texts = list(Paragraph.objects.filter(resolution__in=corpus).values_list("text", flat=True))
    assert len(texts) > 5000
    # Boilerplate matches a large share of paragraphs, a topical word a small one.
    assert share(r"\bMember\s+States\b", texts) > 0.15
    assert share(r"\bUnited\s+Nations\b", texts) > 0.15
    assert 0 < share(r"\bkidnapping\b", texts) < 0.02
    # Every subject area appears, and none dominates: a diverse corpus, not five texts copied.
    present = 0
    for _, phrases in SUBJECTS.values():
        frequency = max(share(re.escape(p), texts) for p in phrases)
        assert frequency < 0.05, phrases[0]
        present += frequency > 0
    assert present >= 0.9 * len(SUBJECTS)
    assert len(set(texts)) > 0.5 * len(texts)


def test_synthetic_paragraphs_carry_the_topics_their_rules_give(db):
    # Tagged as a loaded text is, so that the topic facet has links to count at scale. The
    # shipped taxonomy comes with the curation files, which a load without paths applies.
    call_command("load_resolutions", verbosity=0)
    assert Topic.objects.exclude(rules="").exists()
    generate(60, seed=5)
    corpus = Resolution.objects.filter(is_synthetic=True)
    compiled = topics.compiled_topics(Topic.objects.values_list("pk", "rules"))
    rows = list(Paragraph.objects.filter(resolution__in=corpus).values_list("pk", "text"))
    expected = {(pk, t) for pk, text in rows for t in topics.matching_topics(text, compiled)}
    linked = set(
        ParagraphTopic.objects.filter(paragraph__resolution__in=corpus).values_list(
            "paragraph_id", "topic_id"
        )
    )
    assert linked == expected
    assert len({pk for pk, _ in linked}) > 0.2 * len(rows)


def test_the_search_index_covers_the_corpus(client, corpus):
    # The index was built after the bulk insert: search agrees with a scan of the text.
    # (Restricted to operative "urge" paragraphs so that the answer stays under the window.)
    regex = re.compile(r"\brefuge(?:e|es|s)?\b", re.IGNORECASE)  # what both stemmers join
    texts = Paragraph.objects.filter(kind="operative", verb="urge").values_list("text", flat=True)
    expected = sum(1 for text in texts if regex.search(text))
    data = client.get(API, {"q": "refugees", "kind": "operative", "verb": "urge"}).json()
    assert 0 < expected < service.WINDOW
    assert data["count"] == expected
    assert not data["count_capped"]


def test_remove_leaves_the_real_texts_and_their_index(client, seeded):
    def rows() -> list[int]:
        return [m.objects.count() for m in (Resolution, Paragraph, Citation, ParagraphTopic)]

    before = client.get(API, {"q": "terrorism"}).json()["count"]
    real = rows()
    generate(40)
    assert client.get(API, {"q": "synthetic-free-word"}).json()["count"] == 0
    assert Resolution.objects.filter(is_synthetic=True).count() == 40
    out = StringIO()
    call_command("remove_synthetic", stdout=out)
    assert "Removed 40" in out.getvalue()
    assert rows() == real
    assert not Series.objects.filter(slug__startswith="synthetic-").exists()
    assert client.get(API, {"q": "terrorism"}).json()["count"] == before
    assert client.get(API, {"q": "peacekeeping"}).json()["count"] == len(
        [t for t in Paragraph.objects.values_list("text", flat=True) if "peacekeeping" in t.lower()]
    )


# -- search at scale: the window -----------------------------------------------------------


def test_broad_searches_work_on_a_bounded_window(client, corpus, monkeypatch):
    monkeypatch.setattr(service, "WINDOW", 50)
    regex = re.compile(r"\b(?:state|states|stated|stating)\b", re.IGNORECASE)  # one stem
    matching = sorted(
        (pk for pk, text in Paragraph.objects.values_list("pk", "text") if regex.search(text)),
        reverse=True,
    )
    assert len(matching) > 50
    data = client.get(API, {"q": "States", "page_size": 100}).json()
    assert data["count"] == 50 and data["count_capped"]
    assert any("More than 50 paragraphs match" in note for note in data["notes"])
    # The window is the 50 most recently added matches; facets count exactly those.
    shown = {
        Paragraph.objects.get(
            resolution__slug=r["resolution"]["slug"], anchor=r["paragraph"]["anchor"]
        ).pk
        for r in data["results"]
    }
    assert shown == set(matching[:50])
    assert sum(data["facets"]["kind"].values()) == 50
    assert sum(data["facets"]["year"].values()) == 50


def test_narrow_searches_are_exact(client, corpus, monkeypatch):
    monkeypatch.setattr(service, "WINDOW", 50)
    expected = Paragraph.objects.filter(text__icontains="kidnapping").count()
    assert 0 < expected <= 50
    data = client.get(API, {"q": "kidnapping", "page_size": 100}).json()
    assert data["count"] == expected and not data["count_capped"]


def test_window_does_not_change_the_number_of_queries(
    client, corpus, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(service, "WINDOW", 50)
    for params in ({"q": "States"}, {"kind": "operative"}, {"q": "States", "page": 2}):
        with django_assert_max_num_queries(12):
            assert client.get(reverse("resolutions:search"), params).status_code == 200


# -- guard rails: the engines' time limits -------------------------------------------------


def slow_sql() -> str:
    if connection.vendor == "postgresql":
        return "SELECT pg_sleep(0.5)"
    # A recursive count that takes far more than a millisecond of SQLite work.
    return (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000) "
        "SELECT count(*) FROM n"
    )


def test_the_engine_stops_a_query_at_the_time_limit(db):
    backend = get_backend()
    with pytest.raises(SearchTooBroad), backend.time_limit(0.01), connection.cursor() as cursor:
        cursor.execute(slow_sql())
        cursor.fetchall()
    # The connection is usable afterwards, without a limit.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1


def test_a_search_stopped_by_the_limit_says_so(client, seeded, monkeypatch):
    @contextlib.contextmanager
    def expired(*args, **kwargs):
        raise SearchTooBroad("stopped")
        yield

    backend_class = type(get_backend())
    monkeypatch.setattr(backend_class, "time_limit", expired)
    response = client.get(reverse("resolutions:search"), {"q": "States"})
    assert response.status_code == 200
    assert service.TOO_BROAD in response.text
    assert response.context["outcome"].too_broad
