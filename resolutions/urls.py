from django.urls import path

from resolutions import views

app_name = "resolutions"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("resolutions/", views.ResolutionListView.as_view(), name="resolution-list"),
    path(
        "resolutions/<slug:slug>/",
        views.ResolutionDetailView.as_view(),
        name="resolution-detail",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/help/", views.SearchHelpView.as_view(), name="search-help"),
    path("api/search/", views.SearchAPIView.as_view(), name="api-search"),
    path("api/resolutions/", views.ResolutionListAPIView.as_view(), name="api-resolution-list"),
    path(
        "api/resolutions/<slug:slug>/",
        views.ResolutionDetailAPIView.as_view(),
        name="api-resolution-detail",
    ),
]
