"""Tinget's URLs plus one view that crashes, to see the 500 page a visitor would get."""

from django.urls import path

from tinget.urls import *  # noqa: F403
from tinget.urls import urlpatterns as tinget_urlpatterns


def crash(request):
    raise RuntimeError("secret detail that must not show")


urlpatterns = [path("crash/", crash), *tinget_urlpatterns]
