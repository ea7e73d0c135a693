"""Template tags that print paragraph and footnote text with their links."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from resolutions.models import Paragraph
from resolutions.rendering import Markup, render

register = template.Library()


@register.simple_tag
def paragraph_html(paragraph: Paragraph, footnotes: dict) -> SafeString:
    """The paragraph's text with its verb phrase in italics and its footnote markers linked.

    `footnotes` maps a marker to its Footnote, so no query is made per paragraph.
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
    # Sub-paragraphs (a), (b) stand on their own lines in the stored text.
    return mark_safe(render(paragraph.text, markups).replace("\n", "<br>\n"))
