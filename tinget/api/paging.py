"""Cursor pagination and conditional GET for the API.

A cursor is the sort key of the last row a page held, base64url-encoded JSON: opaque to
clients, stable while rows are added (unlike page numbers), and one index range scan per page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import datetime
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tinget import pagecache


class BadCursor(ValueError):
    pass


def encode_cursor(values: list) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kinds: tuple[type, ...]) -> list:
    """The values of a cursor, checked against the expected kinds (int or datetime)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor(_("The cursor is not valid. Use the “next” link of a page.")) from None
    if not isinstance(values, list) or len(values) != len(kinds):
        raise BadCursor(_("The cursor is not valid. Use the “next” link of a page."))
    out = []
    for value, kind in zip(values, kinds, strict=True):
        try:
            if kind is int:
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ValueError
                out.append(value)
            else:
                out.append(datetime.fromisoformat(value))
        except (TypeError, ValueError):
            raise BadCursor(_("The cursor is not valid. Use the “next” link of a page.")) from None
    return out


def page_by_id(queryset: QuerySet, cursor: str | None, limit: int) -> tuple[list, list | None]:
    """Rows ordered by id after the cursor; returns (rows, next cursor values or None)."""
    queryset = queryset.order_by("id")
    if cursor:
        (last_id,) = decode_cursor(cursor, (int,))
        queryset = queryset.filter(id__gt=last_id)
    rows = list(queryset[: limit + 1])
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, [rows[-1].id]
    return rows, None


def page_by_start(queryset: QuerySet, cursor: str | None, limit: int) -> tuple[list, list | None]:
    """Sessions ordered by (starts_at, id) after the cursor."""
    queryset = queryset.order_by("starts_at", "id")
    if cursor:
        starts_at, last_id = decode_cursor(cursor, (datetime, int))
        queryset = queryset.filter(
            Q(starts_at__gt=starts_at) | Q(starts_at=starts_at, id__gt=last_id)
        )
    rows = list(queryset[: limit + 1])
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, [rows[-1].starts_at.isoformat(), rows[-1].id]
    return rows, None


def next_url(request, values: list | None) -> str | None:
    if values is None:
        return None
    params = request.GET.copy()
    params["cursor"] = encode_cursor(values)
    query = urlencode(sorted(params.items()))
    return request.build_absolute_uri(f"{request.path}?{query}")


def _etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def _cache_key(request) -> str:
    raw = "\n".join(
        (get_language() or "", request.path, urlencode(sorted(request.GET.lists()), doseq=True))
    )
    return "api:answer:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def _cached_answer(key: str, version: int) -> HttpResponse | None:
    entry = cache.get(key)
    if entry is None or entry["version"] != version:
        return None
    return HttpResponse(entry["body"], content_type="application/json; charset=utf-8")


def _answer(view, request, args, kwargs, public: bool):
    """The view's answer, from the cache of public answers when it is there and current."""
    version = pagecache.current_version() if public else None
    if version is None or request.method not in ("GET", "HEAD"):
        return view(request, *args, **kwargs)
    key = _cache_key(request)
    response = _cached_answer(key, version)
    if response is None:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            entry = {"version": version, "body": response.content}
            cache.set(key, entry, settings.TINGET_API_CACHE_SECONDS)
    return response


def conditional(public: bool):
    """ETag on every 200; 304 when If-None-Match matches. Public answers may be cached for
    TINGET_API_CACHE_SECONDS, by clients and here: an answer is kept under the public content
    version (`tinget.pagecache`, bumped by every write a public page or the API shows), so a
    change shows at once and only what changes by the clock ("upcoming", sign-up open) may lag
    by up to that many seconds. Organiser answers are private and revalidated every time."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = _answer(view, request, args, kwargs, public)
            if response.status_code != 200 or request.method not in ("GET", "HEAD"):
                return response
            etag = _etag(response.content)
            if public:
                cache_control = f"public, max-age={settings.TINGET_API_CACHE_SECONDS}"
            else:
                cache_control = "private, no-cache"
            if _matches(request.headers.get("If-None-Match", ""), etag):
                response.status_code = 304
                response.content = b""
                del response["Content-Type"]
            response["ETag"] = etag
            response["Cache-Control"] = cache_control
            response["Vary"] = "Accept-Language" if public else "Accept-Language, Authorization"
            return response

        return wrapper

    return decorator
