"""The plain widgets write what Django's own widgets write."""

import re

import pytest
from django import forms
from django.http import QueryDict

from resolutions.filters import ParagraphFilter, ResolutionFilter
from resolutions.models import Body
from resolutions.widgets import PlainNumberInput, PlainSelect, PlainSelectMultiple

CHOICES = [("", "---------"), ("GA", "General Assembly"), ("SC", "Security <Council> & co")]


def normalized(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(
    ("plain", "django_widget", "value"),
    [
        (PlainSelect, forms.Select, "SC"),
        (PlainSelect, forms.Select, None),
        (PlainSelectMultiple, forms.SelectMultiple, ["GA", "SC"]),
        (PlainSelectMultiple, forms.SelectMultiple, []),
    ],
)
def test_plain_selects_render_like_djangos(plain, django_widget, value):
    attrs = {"id": "id_body", "aria-describedby": "hint"}
    expected = django_widget(choices=CHOICES).render("body", value, attrs)
    assert normalized(plain(choices=CHOICES).render("body", value, attrs)) == normalized(expected)


def test_quotes_and_safe_labels_are_written_as_django_writes_them():
    from django.utils.safestring import mark_safe

    choices = [('a"b', 'O\'Neil "quoted"'), ("c&d", mark_safe("<em>safe</em>")), (3, 4)]
    for plain, django_widget in [
        (PlainSelect, forms.Select),
        (PlainSelectMultiple, forms.SelectMultiple),
    ]:
        expected = django_widget(choices=choices).render("x", ['a"b'], {"id": "id_x"})
        rendered = plain(choices=choices).render("x", ['a"b'], {"id": "id_x"})
        assert normalized(rendered) == normalized(expected)


@pytest.mark.parametrize("value", [None, "", 2015, "20x5", '"><script>'])
def test_plain_number_input_renders_like_djangos(value):
    attrs = {"id": "id_year", "min": 1945, "max": 2100, "required": True, "disabled": False}
    expected = forms.NumberInput(attrs={"class": "year"}).render("year", value, attrs)
    plain = PlainNumberInput(attrs={"class": "year"}).render("year", value, attrs)
    assert normalized(plain) == normalized(expected)


def test_option_groups_fall_back_to_djangos_rendering():
    grouped = [("Councils", [("SC", "Security Council")]), ("GA", "General Assembly")]
    rendered = PlainSelect(choices=grouped).render("body", "SC", {"id": "id_body"})
    assert '<optgroup label="Councils">' in rendered and "selected" in rendered


@pytest.mark.django_db
def test_model_choices_are_read_in_one_query(django_assert_num_queries):
    from resolutions.models import Topic

    Topic.objects.create(name="Oceans", slug="oceans")
    field = forms.ModelMultipleChoiceField(
        Topic.objects.all(), to_field_name="slug", widget=PlainSelectMultiple
    )
    with django_assert_num_queries(1):
        rendered = field.widget.render("topic", ["oceans"], {"id": "id_topic"})
    assert '<option value="oceans" selected>Oceans</option>' in rendered


@pytest.mark.parametrize(
    ("plain", "django_widget", "value"),
    [(PlainSelect, forms.Select, "GA"), (PlainSelectMultiple, forms.SelectMultiple, ["GA"])],
)
def test_none_values_repeated_values_and_boolean_attributes_as_django_writes_them(
    plain, django_widget, value
):
    choices = [(None, "(none)"), ("GA", "General Assembly"), ("GA", "Assembly, again")]
    attrs = {"id": "id_body", "required": True, "disabled": False}
    expected = django_widget(choices=choices).render("body", value, attrs)
    assert normalized(plain(choices=choices).render("body", value, attrs)) == normalized(expected)


@pytest.mark.django_db
@pytest.mark.parametrize("filterset_class", [ParagraphFilter, ResolutionFilter])
def test_each_form_offers_the_bodies_of_its_own_request(filterset_class):
    Body.objects.create(code="GA", name="General Assembly")
    first = filterset_class(QueryDict("body=GA"))
    assert first.form.is_valid(), first.form.errors
    Body.objects.create(code="HRC", name="Human Rights Council")
    second = filterset_class(QueryDict("body=HRC"))
    # One form class for every request, and each form with the bodies read for it.
    assert type(second.form) is type(first.form)
    assert second.form.is_valid(), second.form.errors
    assert ("HRC", "Human Rights Council") in second.form.fields["body"].choices
    assert ("HRC", "Human Rights Council") not in first.form.fields["body"].choices
    assert 'value="HRC"' in str(second.form["body"])


@pytest.mark.django_db
def test_the_search_forms_topics_render_as_the_model_field_would(django_assert_num_queries):
    from resolutions.models import Topic

    for name, slug in [("Oceans", "oceans"), ("Arms <control> & co", "arms"), ("Water", "water")]:
        Topic.objects.create(name=name, slug=slug)
    model_field = forms.ModelMultipleChoiceField(
        Topic.objects.all(), to_field_name="slug", widget=PlainSelectMultiple
    )
    expected = model_field.widget.render("topic", ["water"], {"id": "id_topic"})
    filterset = ParagraphFilter(QueryDict("topic=water"))
    assert filterset.form.is_valid(), filterset.form.errors
    with django_assert_num_queries(1):  # the options, read as the form is written
        rendered = filterset.form["topic"].as_widget()
    assert normalized(rendered) == normalized(expected)
    assert '<option value="water" selected>Water</option>' in rendered
    assert "Arms &lt;control&gt; &amp; co" in rendered


@pytest.mark.django_db
def test_the_search_forms_topics_still_validate_against_the_topics():
    from resolutions.models import Topic

    Topic.objects.create(name="Oceans", slug="oceans")
    filterset = ParagraphFilter(QueryDict("topic=atlantis"))
    assert not filterset.form.is_valid()
    assert "topic" in filterset.form.errors
