"""Symbol pages, the citation network and their JSON twins (issue: citations).

Symbols contain "/" and spaces ("S/RES/2178 (2014)"): the path converter accepts them and
reverse() is given the raw symbol.
"""

from django.urls import path

from resolutions.views import citations

urlpatterns = [
    path("symbols/<path:symbol>/", citations.SymbolDetailView.as_view(), name="symbol-detail"),
    path(
        "api/symbols/<path:symbol>/",
        citations.SymbolDetailAPIView.as_view(),
        name="api-symbol-detail",
    ),
    path("network/", citations.NetworkView.as_view(), name="citation-network"),
    path("api/network/", citations.NetworkAPIView.as_view(), name="api-citation-network"),
]
