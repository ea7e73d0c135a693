"""Health check and other operational endpoints."""

urlpatterns: list = []
