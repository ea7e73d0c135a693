"""Series timelines, compare, agreed language, mandates (issue: drafting tools)."""

from django.urls import path

from resolutions.views import drafting

urlpatterns = [
    path("series/", drafting.SeriesListView.as_view(), name="series-list"),
    path("series/<slug:slug>/", drafting.SeriesDetailView.as_view(), name="series-detail"),
    path(
        "api/series/<slug:slug>/", drafting.SeriesDetailAPIView.as_view(), name="api-series-detail"
    ),
    path(
        "lineage/<slug:slug>/<slug:anchor>/",
        drafting.ParagraphLineageView.as_view(),
        name="paragraph-lineage",
    ),
    path(
        "api/lineage/<slug:slug>/<slug:anchor>/",
        drafting.ParagraphLineageAPIView.as_view(),
        name="api-paragraph-lineage",
    ),
    path("compare/", drafting.CompareView.as_view(), name="compare"),
    path("api/compare/", drafting.CompareAPIView.as_view(), name="api-compare"),
    path("agreed-language/", drafting.AgreedLanguageView.as_view(), name="agreed-language"),
    path(
        "api/agreed-language/",
        drafting.AgreedLanguageAPIView.as_view(),
        name="api-agreed-language",
    ),
    path("mandates/", drafting.MandatesView.as_view(), name="mandates"),
    path("verbs/", drafting.VerbsView.as_view(), name="verbs"),
]
