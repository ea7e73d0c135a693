"""The search page's result list, its groups and facet lists, written in Python: every page
shows twenty to sixty results (in up to twenty groups) and up to a few hundred facet links,
and template loops over them were the larger part of the page's rendering time. Every value
is escaped (html_text)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from resolutions.rendering import html_text
from resolutions.search.service import Bucket, Group, Hit

register = template.Library()

ACTIVE = ' class="active" aria-current="true"'
REMOVE = '<span class="visually-hidden">Remove filter: </span>'


@register.simple_tag
def facet_items(buckets: list[Bucket]) -> SafeString:
    """One <li> per bucket: a link that adds (or, when active, removes) it, and its count."""
    return mark_safe(
        "\n".join(
            f'<li><a href="{html_text(b.url)}"{ACTIVE if b.active else ""}>'
            f"{REMOVE if b.active else ''}{html_text(b.label)}</a> "
            f'<span class="count">{html_text(b.count)}</span></li>'
            for b in buckets
        )
    )


@register.simple_tag
def hit_items(hits: list[Hit], show_resolution: bool = True) -> SafeString:
    """One <li class="hit"> per hit: its resolution (unless the hits are grouped under it),
    the highlighted snippet, and a link to the paragraph."""
    return mark_safe("".join(hit_item(hit, show_resolution) for hit in hits))


def hit_item(hit: Hit, show_resolution: bool) -> str:
    p, r = hit.paragraph, hit.paragraph.resolution
    parts = ['<li class="hit">']
    if show_resolution:
        label = html_text(r.label)
        body = (
            f' · <abbr title="{html_text(r.body.name)}">{html_text(r.body.code)}</abbr>'
            if r.body
            else ""
        )
        parts.append(
            f'<h3 class="hit-title"><a href="{html_text(hit.resolution_url)}">'
            f"{html_text(r.title) if r.title else label}</a></h3>"
            f'<p class="hit-meta">{label}{body} · {html_text(r.year or "undated")}</p>'
        )
    paragraph_label = str(p.label)
    parts.append(
        f'<p class="snippet">{html_text(hit.snippet)}</p>'
        f'<p class="hit-para"><a href="{html_text(hit.url)}">'
        f"{html_text(paragraph_label[:1].upper() + paragraph_label[1:])}</a>"
        f"{f' · <em>{html_text(p.verb_phrase)}</em>' if p.verb_phrase else ''}</p></li>"
    )
    return "".join(parts)


@register.simple_tag
def group_items(groups: list[Group]) -> SafeString:
    """One <article class="group"> per resolution of a grouped search: its title, what it is,
    how many of its paragraphs match, and the first of them."""
    return mark_safe("".join(group_item(group) for group in groups))


def group_item(group: Group) -> str:
    r, count = group.resolution, group.hit_count
    label = html_text(r.label)
    body = f" · {html_text(r.body.code)}" if r.body else ""
    return (
        f'<article class="group"><h3><a href="{html_text(group.url)}">'
        f"{html_text(r.title) if r.title else label}</a></h3>"
        f'<p class="hit-meta">{label}{body} · {html_text(r.year or "undated")} · '
        f"{html_text(count)} matching paragraph{'' if count == 1 else 's'}</p>"
        f'<ol class="hits">{hit_items(group.hits, show_resolution=False)}</ol></article>'
    )
