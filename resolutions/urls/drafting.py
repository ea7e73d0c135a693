"""Series timelines, compare, agreed language, mandates (issue: drafting tools)."""

urlpatterns: list = []
