"""Hostile or broken requests get a polite page, never a 500; security headers on the way out.

`RequestGuardMiddleware` answers before any view or form reads the request:

- a NUL byte in the path: 404; in the query string: 400 (no database ever sees it), and
  so is a query value that is a number too long for any database column (19 digits or
  more: SQLite raised OverflowError on it in the admin's filters);
- a body larger than `TINGET_MAX_BODY_BYTES` (public pages, default 1 MB) or
  `TINGET_UPLOAD_MAX_BYTES` + 1 MB (the back office and the admin, where materials are
  uploaded): 413;
- a multipart body without a boundary, a form body in a charset other than UTF-8/ASCII/
  Latin-1 (``charset=utf-16`` made Django's parser fail), or a Content-Length that is not a
  number: 400.

`SecurityHeadersMiddleware` adds ``Permissions-Policy`` to every response and
``Cache-Control: no-store`` to every back-office, admin and account page (they show personal
data), and turns an empty 405 into the 405 page.

The error views (`bad_request`, `permission_denied`, `page_not_found`, `server_error`,
`csrf_failure`) render the site's own pages in the visitor's language.
"""

from __future__ import annotations

import codecs
import logging
import re

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import parse_header_parameters

from tinget.accounts.middleware import is_back_office

logger = logging.getLogger(__name__)

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
_FORM_CHARSETS = {"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252"}
_BACK_OFFICE_SLACK = 1024 * 1024


def body_limit(path: str) -> int:
    if is_back_office(path):
        return settings.TINGET_UPLOAD_MAX_BYTES + _BACK_OFFICE_SLACK
    return settings.TINGET_MAX_BODY_BYTES


def _charset_ok(charset: str) -> bool:
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return False
    return name in _FORM_CHARSETS


_HUGE_NUMBER = re.compile(r"(?:^|[=&,])(?:-|%2[Dd]|\+|%2[Bb])?\d{19,}(?=$|[&,]|%2[Cc])")


def _problem(request) -> int:
    """The status a request deserves before it reaches a view, or 0 when it may go on."""
    if "\x00" in request.path:
        return 404
    query = request.META.get("QUERY_STRING", "")
    if "\x00" in query or "%00" in query or _HUGE_NUMBER.search(query):
        return 400
    length = request.META.get("CONTENT_LENGTH") or "0"
    try:
        size = int(length)
    except ValueError:
        return 400
    if size < 0:
        return 400
    if size > body_limit(request.path):
        return 413
    content_type = request.META.get("CONTENT_TYPE", "")
    if size and content_type:
        kind, params = parse_header_parameters(content_type)
        if kind.startswith("multipart/") and not params.get("boundary"):
            return 400
        if "charset" in params and not _charset_ok(params["charset"]):
            return 400
    return 0


def _error_page(request, status: int) -> HttpResponse:
    try:
        return render(request, f"{status}.html", status=status)
    except Exception:  # the error page itself must never become a 500
        logger.exception("rendering the %s page failed", status)
        return HttpResponse(
            "<!DOCTYPE html><html lang='da'><title>Tinget</title><h1>Fejl / Error</h1>",
            status=status,
        )


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        status = _problem(request)
        if status:
            return _error_page(request, status)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            allow = response.get("Allow")
            response = _error_page(request, 405)
            if allow:
                response["Allow"] = allow
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_back_office(request.path):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


# --- error views (wired in tinget.urls) -----------------------------------------------------


def bad_request(request, exception=None):
    return _error_page(request, 400)


def permission_denied(request, exception=None):
    return _error_page(request, 403)


def page_not_found(request, exception=None):
    return _error_page(request, 404)


def server_error(request):
    return _error_page(request, 500)


def csrf_failure(request, reason=""):
    try:
        body = render_to_string("403_csrf.html", request=request)
    except Exception:
        logger.exception("rendering the CSRF failure page failed")
        body = "<!DOCTYPE html><html lang='da'><title>Tinget</title><h1>403</h1>"
    return HttpResponse(body, status=403)
