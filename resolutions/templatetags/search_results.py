"""The search page's facet lists, written in Python: a broad search shows over a hundred facet
links, and a template loop over them was a visible share of the page's time."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from resolutions.search.service import Bucket

register = template.Library()

ACTIVE = mark_safe(' class="active" aria-current="true"')
REMOVE = mark_safe('<span class="visually-hidden">Remove filter: </span>')
NOTHING = mark_safe("")


@register.simple_tag
def facet_items(buckets: list[Bucket]) -> SafeString:
    """One <li> per bucket: a link that adds (or, when active, removes) it, and its count."""
    return format_html_join(
        "\n",
        '<li><a href="{}"{}>{}{}</a> <span class="count">{}</span></li>',
        (
            (
                b.url,
                ACTIVE if b.active else NOTHING,
                REMOVE if b.active else NOTHING,
                b.label,
                b.count,
            )
            for b in buckets
        ),
    )
