"""Citations cross-linked both ways: resolution through aliases, links in the text, symbol
pages, "Cites" and "Cited by", the network, suggestions and the shipped curation facts."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from resolutions.citations.suggestions import (
    accept_suggestion,
    reject_suggestion,
    suggest_citation_links,
    title_similarity,
)
from resolutions.models import Citation, CitationSuggestion, Resolution, ResolutionSymbol
from resolutions.rendering import citation_markups, render
from resolutions.selectors import resolution_page
from resolutions.services.citations import (
    CitationLink,
    resolve_all_citations,
    resolve_citations,
    symbol_sort_key,
)

from .conftest import FIXTURES, SEED_TRUTH

pytestmark = pytest.mark.django_db

# The facts a librarian knows (also shipped in fixtures/curation/citations.json).
ECOSOC_2013 = "004_1011c7eb1daf6b56.txt"
DRAFT_2015 = "000_6a8f4f2a8a747304.txt"
DRAFT_2017 = "003_d25e26241683bb6f.txt"
DRAFT_2023 = "001_6b47e71a225dbcd2.txt"
DRAFT_2005 = "002_03476eb8016d4d2c.txt"
ADOPTED_AS = {
    DRAFT_2005: "A/RES/60/175",
    ECOSOC_2013: "A/RES/68/187",
    DRAFT_2015: "A/RES/70/177",
    DRAFT_2017: "A/RES/72/194",
}
# (citing text, symbol it cites, text that symbol was adopted from)
CROSS_LINKS = [
    (DRAFT_2015, "A/RES/68/187", ECOSOC_2013),
    (DRAFT_2017, "A/RES/70/177", DRAFT_2015),
    (DRAFT_2023, "A/RES/72/194", DRAFT_2017),
]

CITE_LINK = re.compile(r'<a class="ref-link (ref-link--archived|ref-link--symbol)" href="([^"]+)"')


@pytest.fixture
def aliased(seeded):
    """The seeds with their adopted symbols recorded, as a curator would."""
    for source, symbol in ADOPTED_AS.items():
        ResolutionSymbol.objects.create(resolution=seeded[source], symbol=symbol)
    for resolution in seeded.values():
        resolve_citations(resolution)
    return seeded


def page_path(href: str) -> str:
    """The path part of a link, without its fragment, as the test client wants it."""
    return unquote(urlsplit(unescape(href)).path)


# --- resolution ------------------------------------------------------------------------------


def test_nothing_resolves_without_aliases(seeded):
    # No seed has a General Assembly symbol of its own: with no alias, nothing links.
    assert not Citation.objects.exclude(target=None).exists()


@pytest.mark.parametrize(("citing", "symbol", "cited"), CROSS_LINKS)
def test_citation_resolves_through_an_alias(aliased, citing, symbol, cited):
    rows = Citation.objects.filter(resolution=aliased[citing], target_symbol=symbol)
    assert rows.exists()
    assert {c.target_id for c in rows} == {aliased[cited].pk}


def test_only_aliased_symbols_resolve(aliased):
    resolved = set(Citation.objects.exclude(target=None).values_list("target_symbol", flat=True))
    assert resolved <= set(ADOPTED_AS.values())


def test_alias_added_later_resolves_existing_citations(seeded):
    ResolutionSymbol.objects.create(resolution=seeded[ECOSOC_2013], symbol="A/RES/68/187")
    resolve_citations(seeded[ECOSOC_2013])  # the cited text: incoming citations are updated
    citation = Citation.objects.filter(
        resolution=seeded[DRAFT_2015], target_symbol="A/RES/68/187"
    ).first()
    assert citation.target == seeded[ECOSOC_2013]


def test_removed_alias_unresolves(aliased):
    ResolutionSymbol.objects.filter(symbol="A/RES/68/187").delete()
    resolve_citations(aliased[ECOSOC_2013])
    assert not Citation.objects.filter(target_symbol="A/RES/68/187").exclude(target=None).exists()


def test_curated_target_is_kept(seeded):
    citation = Citation.objects.filter(
        resolution=seeded[DRAFT_2015], target_symbol="A/RES/68/178"
    ).first()
    citation.target = seeded[DRAFT_2005]
    citation.target_curated = True
    citation.save()
    for resolution in seeded.values():
        resolve_citations(resolution)
    resolve_all_citations()
    citation.refresh_from_db()
    assert citation.target == seeded[DRAFT_2005]


def test_resolve_all_matches_per_resolution(seeded):
    for source, symbol in ADOPTED_AS.items():
        ResolutionSymbol.objects.create(resolution=seeded[source], symbol=symbol)
    resolve_all_citations()
    for citing, symbol, cited in CROSS_LINKS:
        assert {
            c.target_id
            for c in Citation.objects.filter(resolution=seeded[citing], target_symbol=symbol)
        } == {seeded[cited].pk}


def test_a_text_never_resolves_to_itself(seeded):
    # Give the 2017 draft, as an alias, a symbol it cites itself.
    ResolutionSymbol.objects.create(resolution=seeded[DRAFT_2017], symbol="A/RES/70/177")
    resolve_citations(seeded[DRAFT_2017])
    assert not Citation.objects.filter(
        resolution=seeded[DRAFT_2017], target=seeded[DRAFT_2017]
    ).exists()


# --- stored citations: offsets and footnote attribution ---------------------------------------


def test_stored_offsets_point_at_the_reference(seeded):
    # References in the header (e.g. the report a draft was recommended in) have neither.
    citations = Citation.objects.select_related("paragraph", "footnote").exclude(
        paragraph=None, footnote=None
    )
    assert citations.exists()
    for c in citations:
        source = c.footnote or c.paragraph
        # Implied letters of a range share the span of its last letter, so compare the span.
        assert source.text[c.start : c.end] in c.text or c.text in source.text, c


def test_reference_in_footnote_belongs_to_the_paragraph_with_the_marker(seeded):
    resolution = seeded[DRAFT_2017]
    in_footnotes = list(
        Citation.objects.filter(resolution=resolution, footnote__isnull=False).select_related(
            "footnote", "paragraph"
        )
    )
    # Footnote 1 of the 2017 draft lists General Assembly and Security Council resolutions.
    assert {"A/RES/70/148", "S/RES/2178 (2014)"} <= {c.target_symbol for c in in_footnotes}
    for c in in_footnotes:
        assert c.footnote.paragraph_id is not None
        assert c.paragraph_id == c.footnote.paragraph_id
        marker_offsets = [m for m, _ in c.paragraph.footnote_refs]
        assert c.footnote.marker in marker_offsets


# --- links in the text -----------------------------------------------------------------------


@pytest.mark.parametrize("source", [t["file"] for t in SEED_TRUTH])
def test_every_reference_on_a_page_is_a_working_link(client, aliased, source):
    resolution = aliased[source]
    html = client.get(resolution.get_absolute_url()).text
    text_html = html.split('id="cites-title"')[0]  # the text and footnotes, not the lists
    links = CITE_LINK.findall(text_html)
    # One link per distinct span (the implied letters of "A-C" share one span).
    citations = Citation.objects.filter(resolution=resolution)
    spans = set(
        citations.exclude(paragraph=None, footnote=None).values_list(
            "paragraph", "footnote", "start"
        )
    )
    assert len(links) == len(spans) > 0
    # Every cited symbol, also those cited in the header only, is a link in "Cites".
    lists_html = html.split('id="cites-title"')[1]
    for symbol in set(citations.values_list("target_symbol", flat=True)):
        assert f">{symbol}</a>" in lists_html, symbol
    links += CITE_LINK.findall(lists_html)
    for kind, href in links:
        path = page_path(href)
        if kind == "ref-link--archived":
            assert path.startswith("/resolutions/")
        else:
            assert path.startswith("/symbols/")
        assert client.get(path).status_code == 200, href


def test_resolved_links_lead_to_the_cited_text(client, aliased):
    html = client.get(aliased[DRAFT_2015].get_absolute_url()).text
    target = aliased[ECOSOC_2013].get_absolute_url()
    assert f'<a class="ref-link ref-link--archived" href="{target}"' in html
    assert ">68/187</a>" in html


def test_footnote_references_are_links(client, seeded):
    html = client.get(seeded[DRAFT_2023].get_absolute_url()).text
    footnotes = html.split('id="footnotes-title"')[1].split('id="cites-title"')[0]
    href = reverse("resolutions:symbol-detail", kwargs={"symbol": "S/RES/2178 (2014)"})
    assert f'href="{href}"' in footnotes
    assert ">2178 (2014)</a>" in footnotes


def test_rendered_links_escape_text_and_keep_footnote_markers():
    text = "Recalling <b> resolution 68/187 and 70/1 of today"
    start = text.index("68/187")
    inside = text.index("/187")

    class Fake:
        def __init__(self, start, end, href):
            self.start, self.end, self.href = start, end, href
            self.archived, self.label = False, 'say "hi"'

    links = [Fake(start, start + 6, "/symbols/A/RES/68/187/"), Fake(999, 1003, "/x/")]
    html = render(text, citation_markups(text, links))
    assert "&lt;b&gt;" in html
    assert 'href="/symbols/A/RES/68/187/" title="say &quot;hi&quot;">68/187</a>' in html
    assert "/x/" not in html  # offsets outside the text are left alone
    # A footnote marker inside the span wins: the link is dropped, not mangled.
    from resolutions.rendering import Markup

    marker = Markup(inside, inside, "<sup>1</sup>")
    assert citation_markups(text, links, skip=[marker]) == []


def test_citation_link_dataclass_reports_its_span(seeded):
    c = Citation.objects.first()
    link = CitationLink(citation=c, href="/", archived=False, label="")
    assert (link.start, link.end) == (c.start, c.end)


# --- Cites and Cited by ----------------------------------------------------------------------


def test_cites_is_grouped_by_body_with_counts(client, seeded, seed_truth):
    response = client.get(seeded[DRAFT_2023].get_absolute_url())
    groups = {g["key"]: g for g in response.context["cites"]}
    truth = seed_truth[DRAFT_2023]
    sc = [s for s in truth["cited_resolutions"] if s.startswith("S/RES/")]
    ga = [s for s in truth["cited_resolutions"] if s.startswith("A/RES/")]
    assert [i.symbol for i in groups["sc"]["items"]] == sorted(sc, key=symbol_sort_key)
    assert {i.symbol for i in groups["ga"]["items"]} == set(ga)
    assert {i.symbol for i in groups["documents"]["items"]} == set(truth["cited_documents"])
    for item in groups["sc"]["items"]:
        assert item.count >= 1 and item.paragraphs
    html = response.text
    assert "Security Council resolutions" in html and f"({len(sc)})" in html


def test_cited_by_lists_paragraphs_citing_any_symbol(client, aliased):
    response = client.get(aliased[ECOSOC_2013].get_absolute_url())
    cited_by = response.context["cited_by"]
    assert [item.resolution for item in cited_by] == [aliased[DRAFT_2015]]
    paragraphs = cited_by[0].paragraphs
    assert paragraphs
    html = response.text
    for p in paragraphs:
        assert p.get_absolute_url() in html
    assert "A/RES/68/187" in html


def test_cited_by_before_resolution_runs(client, seeded):
    # An alias recorded but citations not re-resolved yet: "Cited by" still finds them.
    ResolutionSymbol.objects.create(resolution=seeded[DRAFT_2017], symbol="A/RES/72/194")
    response = client.get(seeded[DRAFT_2017].get_absolute_url())
    assert [i.resolution for i in response.context["cited_by"]] == [seeded[DRAFT_2023]]


def test_nothing_cites_an_uncited_text(client, aliased):
    response = client.get(aliased[DRAFT_2023].get_absolute_url())
    assert response.context["cited_by"] == []
    assert "No other archived text cites" in response.text


def test_citation_context_costs_a_fixed_number_of_queries(aliased, django_assert_max_num_queries):
    from resolutions.services.citations import citation_context

    for resolution in aliased.values():
        paragraphs = list(resolution.paragraphs.all())
        with django_assert_max_num_queries(2):
            citation_context(resolution, paragraphs)


@pytest.mark.parametrize("source", [t["file"] for t in SEED_TRUTH])
def test_resolution_page_within_query_budget(
    client, aliased, source, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(aliased[source].get_absolute_url())
    assert response.status_code == 200


def test_resolution_page_context_has_links_per_paragraph(aliased):
    resolution = aliased[DRAFT_2015]
    context = resolution_page(resolution)
    links = [link for ls in context["citation_links_by_paragraph"].values() for link in ls]
    assert any(link.archived for link in links)


# --- symbol pages ----------------------------------------------------------------------------


def test_symbol_page_shows_what_the_archive_knows(client, seeded):
    symbol = "S/RES/2178 (2014)"
    url = reverse("resolutions:symbol-detail", kwargs={"symbol": symbol})
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    assert "Security Council" in html and "2014" in html
    assert 'href="https://undocs.org/S/RES/2178%20(2014)" rel="external noopener"' in html
    citing = Citation.objects.filter(target_symbol=symbol).select_related("paragraph")
    assert response.context["citing_count"] == citing.count() > 1
    for c in citing:
        assert f"{c.resolution.get_absolute_url()}#{c.paragraph.anchor}" in html
    assert "<mark>" in html


def test_symbol_page_lists_titles_and_dates_as_cited(client, seeded):
    response = client.get(reverse("resolutions:symbol-detail", kwargs={"symbol": "A/RES/68/187"}))
    titles = response.context["titles"]
    assert any("technical assistance" in row["title"].lower() for row in titles)
    assert any(row["date"] and row["date"].year == 2013 for row in titles)
    assert "The archive does not hold this document" in response.text


def test_symbol_page_of_an_aliased_symbol_points_at_the_archived_text(client, aliased):
    response = client.get(reverse("resolutions:symbol-detail", kwargs={"symbol": "A/RES/68/187"}))
    assert response.context["archived"] == aliased[ECOSOC_2013]
    assert aliased[ECOSOC_2013].get_absolute_url() in response.text


def test_symbol_url_is_normalised(client, seeded):
    response = client.get("/symbols/a/res/68/187/")
    assert response.status_code == 301
    assert response.url == reverse("resolutions:symbol-detail", kwargs={"symbol": "A/RES/68/187"})


def test_not_a_symbol_is_404(client, seeded):
    assert client.get("/symbols/not a symbol/").status_code == 404
    assert client.get("/api/symbols/nothing/").status_code == 404


def test_symbol_api(client, seeded):
    url = reverse("resolutions:api-symbol-detail", kwargs={"symbol": "S/RES/2178 (2014)"})
    data = client.get(url).json()
    assert data["symbol"] == "S/RES/2178 (2014)"
    assert data["kind"] == Citation.Kind.SC
    assert data["citing_count"] == len(data["citing"]) > 1
    assert all("2178" in row["snippet"] for row in data["citing"])
    assert data["official_url"].startswith("https://undocs.org/")


def test_symbol_page_query_budget(client, seeded, django_assert_max_num_queries):
    url = reverse("resolutions:symbol-detail", kwargs={"symbol": "S/RES/2178 (2014)"})
    with django_assert_max_num_queries(8):
        client.get(url)


# --- JSON of a resolution --------------------------------------------------------------------


def test_resolution_json_has_citations_and_cited_by(client, aliased):
    data = client.get(
        reverse("resolutions:api-resolution-detail", args=[aliased[DRAFT_2015].slug])
    ).json()
    cites = [c for c in data["citations"] if c["symbol"] == "A/RES/68/187"]
    assert cites and all(c["target"]["slug"] == aliased[ECOSOC_2013].slug for c in cites)
    unresolved = [c for c in data["citations"] if c["target"] is None]
    assert unresolved and all("/symbols/" in c["url"] for c in unresolved)
    for key in ("symbol", "kind", "text", "date", "title", "paragraph"):
        assert key in data["citations"][0]
    assert [c["slug"] for c in data["cited_by"]] == [aliased[DRAFT_2017].slug] * len(
        data["cited_by"]
    )
    assert data["cited_by"] and all(c["cited_as"] == "A/RES/70/177" for c in data["cited_by"])


# --- network ---------------------------------------------------------------------------------


def test_network_page_draws_the_graph(client, aliased, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(reverse("resolutions:citation-network"))
    assert response.status_code == 200
    html = response.text
    assert "<svg" in html and "<script" not in html
    graph = response.context["graph"]
    assert graph.edges and len(graph.nodes) <= 40
    most = response.context["most_cited"]
    counts = [row["citing_texts"] for row in most]
    assert counts == sorted(counts, reverse=True)
    # Every Security Council resolution cited by the most seeds is cited by this many texts.
    top = most[0]
    assert (
        Citation.objects.filter(target_symbol=top["target_symbol"])
        .values("resolution")
        .distinct()
        .count()
        == top["citing_texts"]
    )
    archived = [row for row in most if row["target"]]
    assert archived and all(row["href"].startswith("/resolutions/") for row in archived)


def test_network_filters_by_year_and_body(client, seeded):
    response = client.get(reverse("resolutions:citation-network"), {"year_from": 2023})
    citing = {n.href for n in response.context["graph"].citing}
    assert citing == {seeded[DRAFT_2023].get_absolute_url()}
    response = client.get(reverse("resolutions:citation-network"), {"body": "ECOSOC"})
    citing = {n.href for n in response.context["graph"].citing}
    assert citing == {seeded[ECOSOC_2013].get_absolute_url()}
    response = client.get(reverse("resolutions:citation-network"), {"year_to": 1990})
    assert "No citations match these filters." in response.text


def test_network_api(client, seeded):
    data = client.get(reverse("resolutions:api-citation-network")).json()
    keys = {n["id"] for n in data["nodes"]}
    assert data["edges"] and all(e["source"] in keys and e["target"] in keys for e in data["edges"])
    assert data["most_cited"][0]["citing_texts"] >= data["most_cited"][-1]["citing_texts"]


def test_network_nav_item(client, db):
    html = client.get(reverse("resolutions:citation-network")).text
    assert 'aria-current="page">Network</a>' in html


# --- suggestions -----------------------------------------------------------------------------


def suggestions_for(resolution: Resolution, symbol: str) -> list[CitationSuggestion]:
    return list(
        CitationSuggestion.objects.filter(
            citation__resolution=resolution, citation__target_symbol=symbol
        ).select_related("citation__paragraph", "suggested")
    )


def test_title_similarity():
    assert title_similarity("on technical assistance", "Technical assistance") == 1.0
    assert title_similarity("protection of human rights", "Technical assistance") < 0.5


def test_suggestions_find_the_2013_text_from_title_year_and_quotation(seeded):
    report = suggest_citation_links()
    assert report.created > 0
    found = suggestions_for(seeded[DRAFT_2015], "A/RES/68/187")
    assert {s.suggested for s in found} == {seeded[ECOSOC_2013]}
    by_evidence = {("title" if "cited_title" in s.evidence else "quote"): s for s in found}
    titled = by_evidence["title"]
    assert titled.evidence["title_similarity"] > 0.9
    assert titled.evidence["archived_year"] == titled.evidence["cited_year"] == 2013
    quoting = by_evidence["quote"]
    assert "in which" in quoting.citation.paragraph.text
    # The recital quotes operative paragraph 6 of the 2013 text ("Also calls upon ... to
    # continue to provide technical assistance, upon request, for building the capacity ...").
    assert quoting.evidence["quoted_paragraph"] == "op6"
    assert all(s.status == CitationSuggestion.Status.PENDING for s in found)


def test_suggestions_make_no_false_proposals(seeded):
    suggest_citation_links()
    # Only the adopted symbols of archived drafts can be archived texts.
    suggested = set(
        CitationSuggestion.objects.values_list("citation__target_symbol", "suggested__source_name")
    )
    assert suggested <= {(symbol, source) for source, symbol in ADOPTED_AS.items()}


def test_no_suggestions_once_resolved(aliased):
    suggest_citation_links()
    assert not CitationSuggestion.objects.filter(
        citation__target_symbol__in=[s for _, s, _ in CROSS_LINKS]
    ).exists()


def test_accept_and_reject(seeded):
    suggest_citation_links()
    suggestion = suggestions_for(seeded[DRAFT_2015], "A/RES/68/187")[0]
    accept_suggestion(suggestion)
    citation = Citation.objects.get(pk=suggestion.citation_id)
    assert citation.target == seeded[ECOSOC_2013] and citation.target_curated
    assert suggestion.status == CitationSuggestion.Status.ACCEPTED and suggestion.decided_at
    resolve_citations(seeded[ECOSOC_2013])  # no alias: the curated target stays anyway
    citation.refresh_from_db()
    assert citation.target == seeded[ECOSOC_2013]
    # Running again keeps the decision.
    report = suggest_citation_links()
    suggestion.refresh_from_db()
    assert suggestion.status == CitationSuggestion.Status.ACCEPTED
    assert report.considered > 0
    reject_suggestion(suggestion)
    citation.refresh_from_db()
    assert citation.target is None and not citation.target_curated
    assert suggestion.status == CitationSuggestion.Status.REJECTED


def test_suggest_command(seeded):
    from io import StringIO

    out = StringIO()
    call_command("suggest_citation_links", stdout=out, verbosity=2)
    text = out.getvalue()
    assert "unresolved references considered" in text
    assert seeded[ECOSOC_2013].label in text
    out = StringIO()
    call_command("suggest_citation_links", "--min-score", "1.01", stdout=out)
    assert "0 new suggestions" in out.getvalue()


# --- the shipped curation facts --------------------------------------------------------------


def test_curation_fixture_names_the_adopted_symbols():
    data = json.loads((FIXTURES / "curation" / "citations.json").read_text(encoding="utf-8"))
    shipped = {
        entry["source"]: [s["symbol"] for s in entry["other_symbols"]]
        for entry in data["resolutions"]
    }
    assert shipped == {source: [symbol] for source, symbol in ADOPTED_AS.items()}


def test_load_resolutions_without_arguments_links_the_seeds(db, client):
    """Needs apply_curation_files (resolutions/services/curation.py) to apply other_symbols."""
    call_command("load_resolutions", verbosity=0)
    by_source = {r.source_name: r for r in Resolution.objects.all()}
    for citing, symbol, cited in CROSS_LINKS:
        rows = Citation.objects.filter(resolution=by_source[citing], target_symbol=symbol)
        assert rows.exists()
        assert {c.target_id for c in rows} == {by_source[cited].pk}
    html = client.get(by_source[ECOSOC_2013].get_absolute_url()).text
    assert by_source[DRAFT_2015].get_absolute_url() in html


def test_quoted_text_needs_a_clause_saying_what_the_cited_text_did():
    from resolutions.citations.suggestions import quoted_text

    def cite(text: str, reference: str) -> Citation:
        start = text.index(reference)
        return Citation(start=start, end=start + len(reference))

    text = "Recalling its resolution 12/34, in which it urged States to act swiftly on drugs,"
    assert quoted_text(cite(text, "12/34"), text, None).strip().startswith("it urged States")
    text = "Recalling also that in its resolution 12/34 it expressed concern at piracy,"
    assert quoted_text(cite(text, "12/34"), text, None).startswith(" it expressed concern")
    text = "Recalling resolutions 12/34, on piracy, and 12/35, in which it acted,"
    first = cite(text, "12/34")
    assert quoted_text(first, text, text.index("12/35")) == ""  # a title, not a quotation


def test_network_layout_stays_inside_the_picture(seeded):
    from resolutions.citations.network import NetworkFilterForm, network

    graph = network(NetworkFilterForm({}))["graph"]
    for node in graph.nodes:
        assert 0 < node.x < graph.width and 0 < node.y < graph.height
    assert len(graph.citing) == len(seeded)
    assert all(e.source.citing and not e.target.citing for e in graph.edges)
