"""The project's URLs, plus stand-ins for the registration views while they do not exist.

Emails link to `registrations:confirm`, `:manage`, `:subscription_confirm` and
`:subscription_manage`. Once the registrations app's URLs are in `tinget.urls`, this is
exactly `tinget.urls`.
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import URLResolver, include, path

from tinget.urls import urlpatterns as project_urlpatterns


def _namespaces(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace:
                yield pattern.namespace
            yield from _namespaces(pattern.url_patterns)


def _stand_in(request, token):
    return HttpResponse(token)


urlpatterns = list(project_urlpatterns)
if "registrations" not in set(_namespaces(project_urlpatterns)):
    stand_ins = (
        [
            path("tilmelding/bekraeft/<str:token>/", _stand_in, name="confirm"),
            path("tilmelding/<str:token>/", _stand_in, name="manage"),
            path("abonnement/bekraeft/<str:token>/", _stand_in, name="subscription_confirm"),
            path("abonnement/<str:token>/", _stand_in, name="subscription_manage"),
        ],
        "registrations",
    )
    urlpatterns = (
        i18n_patterns(
            path("", include(stand_ins, namespace="registrations")), prefix_default_language=False
        )
        + urlpatterns
    )
