"""Drafting tools: series timelines, paragraph lineage, compare, agreed language, mandates
and verbs, with JSON twins. Views stay thin; the work is in resolutions.drafting."""

from __future__ import annotations

from django.db.models import Count, Max, Min
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView, View

from resolutions.drafting import agreed, lineage, reports
from resolutions.drafting import compare as comparing
from resolutions.drafting.diff import as_html, diff_words
from resolutions.drafting.serializers import (
    agreed_to_dict,
    comparison_to_dict,
    history_to_dict,
    timeline_to_dict,
)
from resolutions.models import Paragraph, Resolution, Series

MAX_CHOICES = 1000


def json_response(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


class SeriesListView(ListView):
    template_name = "resolutions/drafting/series_list.html"
    context_object_name = "series_list"
    paginate_by = 50

    def get_queryset(self):
        return Series.objects.annotate(
            version_count=Count("resolutions"),
            first_year=Min("resolutions__year"),
            last_year=Max("resolutions__year"),
        ).order_by("name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav="series", **kwargs)


class SeriesDetailView(DetailView):
    model = Series
    template_name = "resolutions/drafting/series_detail.html"
    context_object_name = "series"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            nav="series", timeline=lineage.timeline(self.object), **kwargs
        )


class SeriesDetailAPIView(View):
    def get(self, request, slug: str):
        series = get_object_or_404(Series, slug=slug)
        return json_response(timeline_to_dict(series, lineage.timeline(series), request))


def paragraph_history(slug: str, anchor: str) -> lineage.History:
    """The history of one paragraph, in three queries."""
    paragraph = (
        Paragraph.objects.select_related("resolution", "resolution__series")
        .filter(resolution__slug=slug, anchor=anchor)
        .first()
    )
    if paragraph is None:
        raise Http404("No such paragraph.")
    links = (
        lineage.series_links(paragraph.resolution.series_id)
        if paragraph.resolution.series_id
        else []
    )
    return lineage.histories([paragraph], links)[paragraph.pk]


class ParagraphLineageView(TemplateView):
    template_name = "resolutions/drafting/lineage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        history = paragraph_history(kwargs["slug"], kwargs["anchor"])
        steps = [
            (earlier, later, as_html(diff_words(earlier.text, later.text)))
            for earlier, later in zip(history.wordings, history.wordings[1:], strict=False)
        ]
        context.update(history=history, paragraph=history.paragraph, steps=steps, nav="series")
        return context


class ParagraphLineageAPIView(View):
    def get(self, request, slug: str, anchor: str):
        return json_response(history_to_dict(paragraph_history(slug, anchor), request))


def resolution_choices():
    return Resolution.objects.values("slug", "symbol", "year", "title").order_by(
        "-year", "symbol", "pk"
    )[:MAX_CHOICES]


def comparison_from(params) -> tuple[comparing.Comparison | None, list[str]]:
    """The comparison the query string asks for, or the reasons it cannot be made."""
    slugs = {key: (params.get(key) or "").strip() for key in ("a", "b")}
    if not slugs["a"] and not slugs["b"]:
        return None, []
    found = {r.slug: r for r in Resolution.objects.filter(slug__in=slugs.values())}
    errors = []
    for key, label in (("a", "first"), ("b", "second")):
        if not slugs[key]:
            errors.append(f"Choose the {label} resolution.")
        elif slugs[key] not in found:
            errors.append(f"There is no resolution “{slugs[key]}”: choose the {label} one below.")
    if errors:
        return None, errors
    return comparing.compare(found[slugs["a"]], found[slugs["b"]]), []


class CompareView(TemplateView):
    template_name = "resolutions/drafting/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comparison, errors = comparison_from(self.request.GET)
        context.update(
            comparison=comparison,
            errors=errors,
            choices=resolution_choices(),
            selected_a=self.request.GET.get("a", ""),
            selected_b=self.request.GET.get("b", ""),
            nav="compare",
        )
        return context


class CompareAPIView(View):
    def get(self, request):
        comparison, errors = comparison_from(request.GET)
        if comparison is None:
            return json_response(
                {"errors": errors or ["Give two resolution slugs as a and b."]}, status=400
            )
        return json_response(comparison_to_dict(comparison, request))


def agreed_from(params) -> tuple[agreed.AgreedLanguage | None, Paragraph | None]:
    """Agreed language for `q`, or for the wording of a paragraph (resolution + paragraph)."""
    source = None
    phrase = (params.get("q") or "").strip()
    if not phrase and params.get("resolution") and params.get("paragraph"):
        source = (
            Paragraph.objects.select_related("resolution")
            .filter(resolution__slug=params["resolution"], anchor=params["paragraph"])
            .first()
        )
        if source is not None:
            phrase = agreed.phrase_of(source)
    if not phrase:
        return None, source
    return agreed.find(phrase), source


class AgreedLanguageView(TemplateView):
    template_name = "resolutions/drafting/agreed_language.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result, source = agreed_from(self.request.GET)
        context.update(result=result, source=source, nav="agreed")
        return context


class AgreedLanguageAPIView(View):
    def get(self, request):
        result, _ = agreed_from(request.GET)
        if result is None:
            return json_response({"errors": ["Give a phrase as q."]}, status=400)
        return json_response(agreed_to_dict(result, request))


def series_from(params) -> Series | None:
    slug = params.get("series")
    return Series.objects.filter(slug=slug).first() if slug else None


class MandatesView(TemplateView):
    template_name = "resolutions/drafting/mandates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        addressee = (self.request.GET.get("addressee") or "").strip()
        series = series_from(self.request.GET)
        mandates = []
        if addressee:
            mandates = list(reports.mandates_for(addressee, series)[: reports.MAX_MANDATES + 1])
        context.update(
            addressee=addressee,
            series=series,
            choices=reports.addressee_choices(),
            series_choices=Series.objects.order_by("name").values("slug", "name")[:MAX_CHOICES],
            groups=reports.by_year(mandates[: reports.MAX_MANDATES]),
            count=min(len(mandates), reports.MAX_MANDATES),
            truncated=len(mandates) > reports.MAX_MANDATES,
            nav="mandates",
        )
        return context


class VerbsView(TemplateView):
    template_name = "resolutions/drafting/verbs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        series = series_from(self.request.GET)
        context.update(
            series=series,
            series_choices=Series.objects.order_by("name").values("slug", "name")[:MAX_CHOICES],
            report=reports.verb_report(series),
            nav="verbs",
        )
        return context
