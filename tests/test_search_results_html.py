"""The search page's Python-written HTML is what Django's own format_html would write."""

import re
from dataclasses import replace

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils.html import escape, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from resolutions.models import Paragraph, Resolution
from resolutions.search.service import Bucket, Hit, run_search
from resolutions.templatetags.search_results import facet_items, group_items, hit_items

texts = st.text(alphabet="ab <>&\"'é/?=", max_size=6)
buckets = st.builds(
    Bucket,
    value=texts,
    label=st.one_of(texts, texts.map(mark_safe)),
    count=st.integers(min_value=0, max_value=10**6),
    url=texts,
    active=st.booleans(),
)


def reference_items(items: list[Bucket]) -> str:
    return format_html_join(
        "\n",
        '<li><a href="{}"{}>{}{}</a> <span class="count">{}</span></li>',
        (
            (
                b.url,
                mark_safe(' class="active" aria-current="true"') if b.active else "",
                mark_safe('<span class="visually-hidden">Remove filter: </span>')
                if b.active
                else "",
                b.label,
                b.count,
            )
            for b in items
        ),
    )


@given(st.lists(buckets, max_size=5))
def test_facet_items_are_djangos_html(items):
    assert facet_items(items) == reference_items(items)


def test_facet_items_escape_what_they_are_given():
    bucket = Bucket("x", '<script>"', 3, '?q="><b>', True)
    html = facet_items([bucket])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;&quot;" in html and 'aria-current="true"' in html


# The result item as the search page's template wrote it before it was written in Python
# (with the template's line breaks and indentation between its tags left out).
REFERENCE_HIT = Template(
    re.sub(
        r"\n *",
        "",
        """{% with p=hit.paragraph r=hit.paragraph.resolution %}
<li class="hit">
  {% if show_resolution %}<h3 class="hit-title"><a href="{{ hit.resolution_url }}">{{ r.title|default:r.label }}</a></h3>
  <p class="hit-meta">{{ r.label }}{% if r.body %} · <abbr title="{{ r.body.name }}">{{ r.body.code }}</abbr>{% endif %} · {{ r.year|default:"undated" }}</p>{% endif %}
  <p class="snippet">{{ hit.snippet }}</p>
  <p class="hit-para"><a href="{{ hit.url }}">{{ p.label|capfirst }}</a>{% if p.verb_phrase %} · <em>{{ p.verb_phrase }}</em>{% endif %}</p>
</li>
{% endwith %}""",  # noqa: E501
    )
)


def reference_hits(hits: list[Hit], show_resolution: bool) -> str:
    return "".join(
        REFERENCE_HIT.render(Context({"hit": hit, "show_resolution": show_resolution}))
        for hit in hits
    )


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["terrorism", "States OR kidnapping", '"Member States"'])
@pytest.mark.parametrize("show_resolution", [True, False])
def test_hit_items_are_the_templates_html(seeded, q, show_resolution):
    outcome = run_search(QueryDict(urlencode({"q": q})), page_size=50)
    assert outcome.hits
    assert hit_items(outcome.hits, show_resolution) == reference_hits(outcome.hits, show_resolution)


@pytest.mark.django_db
def test_hit_items_without_title_body_or_verb_escape_every_value():
    resolution = Resolution(symbol="A/RES/<1>", title="", year=None, body=None)
    paragraph = Paragraph(
        resolution=resolution, kind="preambular", anchor="pp2", verb_phrase="", text="x"
    )
    hit = Hit(paragraph, mark_safe("<mark>x</mark> &amp; y"), None, '/r/"x"/', "/r/#pp2")
    for show_resolution in (True, False):
        html = hit_items([hit], show_resolution)
        assert html == reference_hits([hit], show_resolution)
        assert "<1>" not in html and "<mark>x</mark>" in html


# A group of results as the search page's template wrote it before it was written in Python.
REFERENCE_GROUP = Template(
    re.sub(
        r"\n *",
        "",
        """{% load search_results %}
<article class="group">
  <h3><a href="{{ group.url }}">{{ group.resolution.title|default:group.resolution.label }}</a></h3>
  <p class="hit-meta">{{ group.resolution.label }}{% if group.resolution.body %} · {{ group.resolution.body.code }}{% endif %} · {{ group.resolution.year|default:"undated" }} · {{ group.hit_count }} matching paragraph{{ group.hit_count|pluralize }}</p>
  <ol class="hits">{% hit_items group.hits show_resolution=False %}</ol>
</article>""",  # noqa: E501
    )
)


def reference_groups(groups: list) -> str:
    return "".join(REFERENCE_GROUP.render(Context({"group": group})) for group in groups)


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["terrorism", "kidnapping", '"Member States"'])
def test_group_items_are_the_templates_html(seeded, q):
    outcome = run_search(QueryDict(urlencode({"q": q, "group": "resolution"})))
    assert outcome.groups
    untitled = outcome.groups[0].resolution.pk
    Resolution.objects.filter(pk=untitled).update(title="")
    Resolution.objects.filter(pk=outcome.groups[-1].resolution.pk).update(body=None)
    outcome = run_search(QueryDict(urlencode({"q": q, "group": "resolution"})))
    reference = reference_groups(outcome.groups)
    assert group_items(outcome.groups) == reference
    counted = [replace(outcome.groups[0], hit_count=n) for n in (1, 2, 1234)]  # "paragraph(s)"
    assert group_items(counted) == reference_groups(counted)
    assert any(group.resolution.body is None for group in outcome.groups)
    label = next(g.resolution.label for g in outcome.groups if g.resolution.pk == untitled)
    assert f">{escape(label)}</a></h3>" in reference  # no title: its label stands in
