"""Topic and sponsor pages."""

from django.urls import path

from resolutions.views import curation

urlpatterns = [
    path("sponsors/<slug:slug>/", curation.SponsorDetailView.as_view(), name="sponsor-detail"),
]
