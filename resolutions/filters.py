"""FilterSets shared by the HTML pages and their JSON twins: one set of URL parameters."""

from __future__ import annotations

import re
from functools import partial

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from resolutions.models import (
    Body,
    Paragraph,
    ParagraphTopic,
    Resolution,
    Sponsor,
    Sponsorship,
    Topic,
)
from resolutions.search.query import clean as clean_query
from resolutions.widgets import PlainNumberInput, PlainSelect, PlainSelectMultiple

YEAR_MIN, YEAR_MAX = 1945, 2100
PLAIN_WIDGETS = {
    forms.Select: PlainSelect,
    forms.SelectMultiple: PlainSelectMultiple,
    forms.NumberInput: PlainNumberInput,
}
VERB_PATTERN = re.compile(r"^[a-z][a-z ]{0,59}$")


class MultipleValueField(forms.Field):
    """Repeated parameters (verb=urge&verb=call+upon), each checked by `validate_value`."""

    widget = forms.SelectMultiple

    def __init__(self, *args, validate_value=None, **kwargs):
        self.validate_value = validate_value
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        values = [str(v).strip().lower() for v in value if str(v).strip()]
        return list(dict.fromkeys(values))

    def validate(self, value):
        super().validate(value)
        for item in value:
            if self.validate_value and not self.validate_value(item):
                raise ValidationError(f"“{item[:60]}” is not a valid value.", code="invalid")


class MultipleValueFilter(django_filters.Filter):
    field_class = MultipleValueField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class QueryField(forms.CharField):
    """The search box: any text is accepted; control characters (NUL too) become spaces."""

    def to_python(self, value):
        return clean_query(super().to_python(value))


class QueryFilter(django_filters.CharFilter):
    field_class = QueryField


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)


class ReportingFilterSet(django_filters.FilterSet):
    """A FilterSet whose invalid parameters are reported by name and left out, not fatal.

    The bodies are read once per filter set: the form would otherwise read them to validate
    and again to render, and the body filter needs their ids. Select fields render with the
    plain widgets (resolutions.widgets). The form class is built once per filter set class
    (building it, and its fields, for every request was a visible share of a search); each
    form gets the bodies of its own request, and the options of the model choice fields
    named in `plain_choices` as plain (value, label) rows: a model instance per option was
    the largest part of rendering the search form."""

    # Model choice filter -> the columns of its options' value and label (as str() shows it).
    plain_choices: dict[str, tuple[str, str]] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bodies = Body.objects.order_by("name").values_list("pk", "code", "name")
        self.bodies = {pk: (code, name) for pk, code, name in bodies}  # in name order
        self.body_ids = {code: pk for pk, (code, _) in self.bodies.items()}

    def get_form_class(self):
        cls = type(self)
        # Looked up in the class's own namespace: a subclass builds its own.
        if (form_class := cls.__dict__.get("_form_class")) is None:
            for declared in self.filters.values():
                plain = PLAIN_WIDGETS.get(getattr(declared.field_class, "widget", None))
                if plain is not None:
                    declared.extra.setdefault("widget", plain)
            form_class = cls._form_class = super().get_form_class()
        return form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            # A form's fields are its own copies: setting this request's choices is safe.
            fields = super().form.fields
            fields["body"].choices = list(self.bodies.values())
            for name, columns in self.plain_choices.items():
                # Read when the form is rendered (a JSON or CSV answer never is), and only
                # the widget's: the field still validates against its queryset.
                fields[name].widget.choices = partial(fields[name].queryset.values_list, *columns)
        return self._form

    @property
    def errors(self) -> dict[str, list[str]]:
        return {name: [str(e) for e in errors] for name, errors in self.form.errors.items()}


def sponsored_by(queryset, sponsors, field: str):
    # A subquery, not a join: a join would repeat a row once per matching sponsor.
    if not sponsors:
        return queryset
    sponsored = Sponsorship.objects.filter(sponsor__in=sponsors).values("resolution_id")
    return queryset.filter(**{f"{field}__in": sponsored})


class ParagraphFilter(ReportingFilterSet):
    """Filters for paragraph search; `q` itself is applied by the search service."""

    q = QueryFilter(label="Search", method="keep")
    year = YearFilter(field_name="resolution__year")
    year_min = YearFilter(field_name="resolution__year", lookup_expr="gte", label="From year")
    year_max = YearFilter(field_name="resolution__year", lookup_expr="lte", label="To year")
    # Choices (the bodies) are set per filter set, in ReportingFilterSet.__init__.
    body = django_filters.MultipleChoiceFilter(label="Body", method="by_body")
    document_type = django_filters.ChoiceFilter(
        field_name="resolution__document_type",
        choices=Resolution.DocumentType.choices,
        label="Document type",
    )
    kind = django_filters.ChoiceFilter(choices=Paragraph.Kind.choices, label="Paragraph kind")
    verb = MultipleValueFilter(
        label="Verb", validate_value=lambda v: bool(VERB_PATTERN.match(v)), required=False
    )
    sponsor = django_filters.ModelMultipleChoiceFilter(
        to_field_name="slug", queryset=Sponsor.objects.all(), label="Sponsor", method="by_sponsor"
    )

    topic = django_filters.ModelMultipleChoiceFilter(
        to_field_name="slug", queryset=Topic.objects.all(), label="Topic", method="by_topic"
    )
    plain_choices = {"topic": ("slug", "name")}

    class Meta:
        model = Paragraph
        fields: list[str] = []

    def by_topic(self, queryset, name, value):
        if not value:
            return queryset
        tagged = ParagraphTopic.objects.filter(topic__in=value, excluded=False)
        return queryset.filter(pk__in=tagged.values("paragraph_id"))

    def by_body(self, queryset, name, value):
        if not value:
            return queryset
        # By body id, not by a join on the code: PostgreSQL keeps statistics per column, so it
        # then knows how many resolutions a body has (half of them are the Assembly's) and
        # plans a search accordingly; a join on the code looks like any eighth of them.
        return queryset.filter(resolution__body_id__in=self.bodies_of(value))

    def bodies_of(self, codes: list[str]) -> list[int]:
        return [self.body_ids[code] for code in codes if code in self.body_ids]

    def keep(self, queryset, name, value):
        return queryset

    def by_sponsor(self, queryset, name, value):
        return sponsored_by(queryset, value, "resolution_id")

    def clean_values(self) -> dict:
        """Valid parameters only (invalid ones are reported, not applied)."""
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})


class ResolutionFilter(ReportingFilterSet):
    """Filters for the resolution list."""

    year = YearFilter(field_name="year")
    year_min = YearFilter(field_name="year", lookup_expr="gte", label="From year")
    year_max = YearFilter(field_name="year", lookup_expr="lte", label="To year")
    body = django_filters.MultipleChoiceFilter(field_name="body__code", label="Body")
    document_type = django_filters.ChoiceFilter(
        choices=Resolution.DocumentType.choices, label="Document type"
    )
    sponsor = django_filters.ModelMultipleChoiceFilter(
        to_field_name="slug", queryset=Sponsor.objects.all(), label="Sponsor", method="by_sponsor"
    )
    sort = django_filters.OrderingFilter(
        fields=(("year", "year"), ("symbol", "symbol"), ("title", "title")),
        field_labels={"year": "Year", "symbol": "Symbol", "title": "Title"},
        label="Sort",
    )

    class Meta:
        model = Resolution
        fields: list[str] = []

    def by_sponsor(self, queryset, name, value):
        return sponsored_by(queryset, value, "pk")
