"""CSRF protection for the public sign-up forms without a per-visitor token.

The series and session pages are cached whole for every anonymous visitor
(tinget/pagecache.py), so the sign-up form on them cannot carry a CSRF token. Instead the
sign-up endpoints check where the POST comes from, as the browser reports it:

- `Sec-Fetch-Site` (Fetch Metadata, sent by every current browser): only `same-origin` and
  `none` (typed or bookmarked) are accepted; `same-site` and `cross-site` are refused.
- Otherwise `Origin`, which browsers send on every cross-origin POST: it must be this site's
  own origin (or one of CSRF_TRUSTED_ORIGINS).
- A POST with neither header does not come from a browser that could be tricked into sending
  it (a script or curl), and it gets no more than it could get by posting itself: a sign-up
  still waits for the confirmation click in the address's own mailbox.

A refused POST gets the site's CSRF failure page (403), and nothing is saved. Only the public
sign-up endpoints use this; every other form keeps Django's token check.
"""

from functools import wraps

from django.conf import settings
from django.middleware.csrf import REASON_BAD_ORIGIN, _get_failure_view
from django.views.decorators.csrf import csrf_exempt

ACCEPTED_SITES = {"same-origin", "none"}


def _origin_ok(request, origin: str) -> bool:
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


def request_is_same_origin(request) -> bool:
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    if site is not None:
        return site in ACCEPTED_SITES
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return _origin_ok(request, origin)
    return True


def same_origin_post(view):
    """Exempt a view from the token check and refuse cross-site POSTs to it instead."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not request_is_same_origin(request):
            origin = request.META.get("HTTP_ORIGIN", request.META.get("HTTP_SEC_FETCH_SITE"))
            return _get_failure_view()(request, reason=REASON_BAD_ORIGIN % origin)
        return view(request, *args, **kwargs)

    return wrapper
