"""URLs of the archive: each part of the site keeps its routes in its own module."""

from resolutions.urls import citations, curation, drafting, operations, pages

app_name = "resolutions"

urlpatterns = [
    *pages.urlpatterns,
    *citations.urlpatterns,
    *curation.urlpatterns,
    *drafting.urlpatterns,
    *operations.urlpatterns,
]
