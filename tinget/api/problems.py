"""RFC 9457 problem details: every error under /api/ is JSON in the requested language.

`problem()` builds one response. `ProblemMiddleware` makes sure nothing else escapes: Django's
own 404 and 405 pages, a crash, or any other non-JSON error under /api/ become a problem
document too, so a client never has to parse HTML.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Not authenticated"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        409: _("Conflict"),
        413: _("Request too large"),
        415: _("Unsupported media type"),
        422: _("Invalid input"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


def _details() -> dict[int, str]:
    return {
        401: _("Send a valid API token as “Authorization: Bearer <token>”."),
        403: _("The API token does not allow this."),
        404: _("There is nothing at this address."),
        405: _("This address does not accept that method."),
        429: _("Too many requests with this API token. Wait and try again."),
        500: _("Something went wrong on our side. Try again later."),
    }


def problem(status: int, detail: str | None = None, **extra) -> HttpResponse:
    """A problem+json response; `title` comes from the status, `detail` explains this case."""
    body = {
        "type": "about:blank",
        "title": _titles().get(status, _("Error")),
        "status": status,
        "detail": str(detail) if detail is not None else _details().get(status, ""),
    }
    body.update(extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    response["Content-Language"] = (get_language() or "da")[:2]
    response["Cache-Control"] = "no-store"
    return response


def accepted_language(header: str) -> str:
    """The API's language comes from Accept-Language alone (no URL prefix, no cookie):
    the first of Danish and English the client accepts, else Danish."""
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _is_json(response) -> bool:
    content_type = response.get("Content-Type", "")
    return content_type.startswith(("application/json", CONTENT_TYPE))


class ProblemMiddleware:
    """Under /api/: the language from Accept-Language; any error that is not JSON, and any
    crash, becomes a problem document."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        language = accepted_language(request.headers.get("Accept-Language", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.setdefault("Content-Language", language)
        if response.status_code < 400:
            return response
        if _is_json(response):
            return response
        replacement = problem(response.status_code)
        if "Allow" in response:
            replacement["Allow"] = response["Allow"]
        if "Retry-After" in response:
            replacement["Retry-After"] = response["Retry-After"]
        return replacement

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        # Django's own "not found / not allowed / bad request" exceptions keep their status
        # (django-ninja's docs view raises Http404 at /api/v1/ when the docs are off).
        if isinstance(exception, Http404):
            return problem(404)
        if isinstance(exception, PermissionDenied):
            return problem(403)
        if isinstance(exception, BadRequest | SuspiciousOperation):
            return problem(400)
        logger.exception("API request failed: %s %s", request.method, request.path)
        return problem(500)
