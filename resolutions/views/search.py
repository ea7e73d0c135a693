"""The search page, its help page, and its JSON and CSV twin."""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import reverse
from django.views.generic import TemplateView, View

from resolutions.filters import ParagraphFilter
from resolutions.search.export import export_csv
from resolutions.search.service import PAGE_SIZE, SORTS, as_json, page_size_from, run_search


class SearchView(TemplateView):
    """Paragraph-level search with filters and facets; `/api/search/` is its JSON twin."""

    template_name = "resolutions/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        outcome = run_search(params, page_size=page_size_from(params, PAGE_SIZE))
        context.update(
            outcome=outcome,
            filter=outcome.filterset,
            sorts=SORTS,
            nav="search",
            relax=relax_suggestions(outcome),
            # The filter panel opens when a filter (not just words) is in use.
            filtered=any(
                params.getlist(name) for name in ParagraphFilter.base_filters if name != "q"
            )
            or "sort" in params
            or "group" in params,
        )
        return context


class SearchHelpView(TemplateView):
    template_name = "resolutions/search_help.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav="search", **kwargs)


class SearchAPIView(View):
    """The current search as JSON (paginated), or as CSV with `format=csv` (streamed, capped)."""

    def get(self, request):
        params = request.GET
        if params.get("format") == "csv":
            return export_csv(params, base_url=request.build_absolute_uri("/")[:-1])
        outcome = run_search(
            params,
            page_size=page_size_from(params, PAGE_SIZE),
            facet_url=reverse("resolutions:api-search"),
        )
        status = 400 if outcome.errors else 200
        return JsonResponse(
            as_json(outcome, request), status=status, json_dumps_params={"ensure_ascii": False}
        )


def relax_suggestions(outcome) -> list[tuple[str, str]]:
    """For an empty result: links that drop one filter or one word at a time."""
    if outcome.count or not outcome.searched or outcome.failed:
        return []
    suggestions = []
    params = outcome.params
    for name in ParagraphFilter.base_filters:
        if name != "q" and params.getlist(name):
            relaxed = params.copy()
            relaxed.pop(name)
            relaxed.pop("page", None)
            label = ParagraphFilter.base_filters[name].label or name
            suggestions.append(
                (f"Remove the {str(label).lower()} filter", f"?{relaxed.urlencode()}")
            )
    atoms = outcome.query.positive_atoms()
    if len(atoms) > 1:
        relaxed = params.copy()
        relaxed["q"] = " OR ".join(
            f'"{" ".join(a.words)}"' if hasattr(a, "words") else a.word for a in atoms
        )
        suggestions.append(("Match any of the words instead of all", f"?{relaxed.urlencode()}"))
    return suggestions
