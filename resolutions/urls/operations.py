"""Health check and other operational endpoints."""

from django.urls import path

from resolutions.views import operations

urlpatterns = [
    path("healthz", operations.healthz, name="healthz"),
]
