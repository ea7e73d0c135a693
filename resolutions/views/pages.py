"""Home, resolution list and resolution pages, and their JSON twins."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView, View

from resolutions import selectors
from resolutions.models import Resolution
from resolutions.search.service import page_size_from
from resolutions.serializers import resolution_summary, resolution_to_dict

API_PAGE_SIZE = 50


class HomeView(TemplateView):
    template_name = "resolutions/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.archive_overview())
        return context


class ResolutionListView(ListView):
    """Every resolution, newest first, with the same filters as search (year, body, type,
    sponsor) and sorting; `/api/resolutions/` takes the same parameters."""

    paginate_by = 25
    context_object_name = "resolutions"

    def get_queryset(self):
        self.filterset = selectors.filtered_resolutions(self.request.GET)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, nav="resolutions", **kwargs)


class ResolutionDetailView(DetailView):
    context_object_name = "resolution"

    def get_queryset(self):
        # The series is shown in the page's header (drafting_context, lineage.series_context).
        return Resolution.objects.with_related().select_related("series")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.resolution_page(self.object))
        return context


class ResolutionListAPIView(View):
    def get(self, request):
        filterset = selectors.filtered_resolutions(request.GET)
        if filterset.errors:
            return JsonResponse({"errors": filterset.errors}, status=400)
        paginator = Paginator(filterset.qs, page_size_from(request.GET, API_PAGE_SIZE))
        page = paginator.get_page(request.GET.get("page"))
        return JsonResponse(
            {
                "count": paginator.count,
                "page": page.number,
                "num_pages": paginator.num_pages,
                "results": [resolution_summary(r, request) for r in page.object_list],
            },
            json_dumps_params={"ensure_ascii": False},
        )


class ResolutionDetailAPIView(View):
    def get(self, request, slug: str):
        resolution = get_object_or_404(selectors.resolution_with_text(), slug=slug)
        return JsonResponse(
            resolution_to_dict(resolution, request), json_dumps_params={"ensure_ascii": False}
        )
