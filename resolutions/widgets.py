"""Select and input widgets that write their HTML in Python.

Django renders every widget, and every option of a select, through its own templates, with
a copy of the widget's attributes each; with a few dozen options and several inputs on every
search and list page that was a visible share of the page's time. The HTML is the same."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from resolutions.rendering import html_text

SELECTED = " selected"


def attributes(attrs: dict) -> SafeString:
    """As django/forms/widgets/attrs.html writes them: in order, True as a bare name."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class PlainSelectMixin:
    """render() for Select and SelectMultiple, writing what their templates write."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        # Through iter(): list() would first ask a model choice iterator its length (a COUNT).
        choices = list(iter(self.choices))
        if any(isinstance(label, (list, tuple)) for _, label in choices):  # option groups
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        options, marked = [], False
        for option, label in choices:
            option = "" if option is None else str(option)
            # As Django does, a single select marks only the first option of the value.
            selected = option in chosen and (self.allow_multiple_selected or not marked)
            marked = marked or selected
            mark = SELECTED if selected else ""
            options.append(f'<option value="{html_text(option)}"{mark}>{html_text(label)}</option>')
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            attributes(final_attrs),
            mark_safe("".join(options)),  # every part escaped above
        )


class PlainSelect(PlainSelectMixin, forms.Select):
    pass


class PlainSelectMultiple(PlainSelectMixin, forms.SelectMultiple):
    pass


class PlainInputMixin:
    """render() for single <input> widgets, writing what django/forms/widgets/input.html does."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            format_html(' value="{}"', shown) if shown is not None else "",
            attributes(widget["attrs"]),
        )


class PlainNumberInput(PlainInputMixin, forms.NumberInput):
    pass
