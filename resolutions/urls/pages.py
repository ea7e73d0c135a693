from django.urls import path

from resolutions.views import pages, search

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("resolutions/", pages.ResolutionListView.as_view(), name="resolution-list"),
    path(
        "resolutions/<slug:slug>/",
        pages.ResolutionDetailView.as_view(),
        name="resolution-detail",
    ),
    path("search/", search.SearchView.as_view(), name="search"),
    path("search/help/", search.SearchHelpView.as_view(), name="search-help"),
    path("api/search/", search.SearchAPIView.as_view(), name="api-search"),
    path("api/resolutions/", pages.ResolutionListAPIView.as_view(), name="api-resolution-list"),
    path(
        "api/resolutions/<slug:slug>/",
        pages.ResolutionDetailAPIView.as_view(),
        name="api-resolution-detail",
    ),
]
