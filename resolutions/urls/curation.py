"""Topic and sponsor pages."""

from django.urls import path

from resolutions.views import curation

urlpatterns = [
    path("topics/", curation.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", curation.TopicDetailView.as_view(), name="topic-detail"),
    path("sponsors/", curation.SponsorListView.as_view(), name="sponsor-list"),
    path("sponsors/<slug:slug>/", curation.SponsorDetailView.as_view(), name="sponsor-detail"),
]
