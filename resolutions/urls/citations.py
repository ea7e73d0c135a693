"""Symbol pages, the citation network and their JSON twins (issue: citations)."""

urlpatterns: list = []
