"""/api/v1/: the API itself, its browsable docs, and problem+json for every other address."""

from django.urls import path, re_path

from . import views
from .api import api

urlpatterns = [
    path("api/v1/docs/", views.docs, name="api_docs"),
    path("api/v1/", api.urls),
    re_path(r"^api/", views.not_found),
]
