"""Template tags that print paragraph and footnote text with their links."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from resolutions.models import Footnote, Paragraph
from resolutions.rendering import Markup, citation_markups, render

register = template.Library()


@register.simple_tag(takes_context=True)
def paragraph_html(context, paragraph: Paragraph, footnotes: dict) -> SafeString:
    """The paragraph's text with its verb phrase in italics, its footnote markers linked and
    every reference it makes a link.

    `footnotes` maps a marker to its Footnote and the page context's
    `citation_links_by_paragraph` maps a paragraph id to its links, so no query is made per
    paragraph.
    """
    markups = []
    if paragraph.verb_phrase and paragraph.text.startswith(paragraph.verb_phrase):
        markups.append(Markup(0, len(paragraph.verb_phrase), '<em class="verb">', "</em>"))
    for marker, offset in paragraph.footnote_refs:
        footnote = footnotes.get(marker)
        if footnote is None:
            sup = format_html('<sup class="fn-ref">{}</sup>', marker)
        else:
            sup = format_html(
                '<sup class="fn-ref"><a href="#{}" id="{}-ref-{}" '
                'aria-label="Footnote {}">{}</a></sup>',
                footnote.anchor,
                footnote.anchor,
                paragraph.anchor,
                marker,
                marker,
            )
        markups.append(Markup(offset, offset, sup))
    links = _links(context, "citation_links_by_paragraph", paragraph.pk)
    markups += citation_markups(paragraph.text, links, skip=markups)
    # Sub-paragraphs (a), (b) stand on their own lines in the stored text.
    return mark_safe(render(paragraph.text, markups).replace("\n", "<br>\n"))


@register.simple_tag(takes_context=True)
def footnote_html(context, footnote: Footnote) -> SafeString:
    """The footnote's text with every reference in it a link."""
    links = _links(context, "citation_links_by_footnote", footnote.pk)
    return render(footnote.text, citation_markups(footnote.text, links))


def _links(context, key: str, pk: int) -> Iterable:
    return (context.get(key) or {}).get(pk, ())
