"""The floor for bench_pages.py: a minimal Django app whose one view returns pre-rendered bytes.

No middleware, no database, no templates: what Django and granian cost for one response of
the same size as the page measured. `FLOOR_BODY_FILE` names the file with the bytes (the
benchmark writes the real series page there).

    granian --interface wsgi bench.floor_app:application
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = open(os.environ["FLOOR_BODY_FILE"], "rb").read()  # noqa: SIM115 — read once at start


def page(request, anything=""):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("<path:anything>", page), path("", page)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-app-has-no-secrets",  # noqa: S106 — signs nothing
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)
application = get_wsgi_application()
