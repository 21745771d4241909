"""The API's docs page and its catch-all 404 (organiser screens are in screens.py)."""

from django.shortcuts import render
from django.urls import reverse

from .problems import problem


def docs(request):
    """Swagger UI from django-ninja's bundled static files: no CDN, no inline script."""
    return render(request, "api/docs.html", {"openapi_url": reverse("api:openapi-json")})


def not_found(request, *args, **kwargs):
    return problem(404)
