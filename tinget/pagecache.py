"""Whole-response cache for the public pages, answered before the rest of the middleware.

A public page is the same bytes for every anonymous visitor: it holds no CSRF token, no
session, no message, and its language comes from its path (Danish unprefixed, English under
/en/). So the first anonymous GET of a path renders it and stores the bytes and headers; the
next ones get those bytes back from the first middleware, without the session, CSRF,
URL resolving, database or templates.

What may be cached is decided twice: the view opts in with `@public_page(...)`, and the
response is stored only when it is a plain 200 that sets no cookie (a page that used a CSRF
token or touched the session sets one, and is then never stored). Requests with a session
cookie (organisers, and visitors with a flash message) and requests with a query string
are never answered from the cache.

Freshness, exactly:
- Every write to public content calls `bump_version()` (programme/signals.py and the seat
  services): a new content version, in the shared cache when there is one (Redis), else in a
  file stamp under DATA_DIR that every process on the machine sees. An entry made under an
  older version is never served. The version is read before the page is rendered, so a page
  rendered from data that changed meanwhile is stored under the old version and never served.
- Each entry also ends when the view's `valid_until()` says the page would change by itself
  (a session starts or ends, the day changes), and after TINGET_PAGE_CACHE_SECONDS at most.

Responses carry an ETag and Last-Modified (a matching If-None-Match gets 304) and
`Cache-Control: public, max-age=0, s-maxage=N`: browsers revalidate, a reverse proxy or CDN in
front may hold the page for N seconds (TINGET_PAGE_CACHE_SHARED_SECONDS).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, quote_etag

VERSION_KEY = "pagecache:version"
_ATTR = "_tinget_public_page"
# Headers the middleware sets itself on every answer, or that must never be replayed.
_SKIP_HEADERS = {"set-cookie", "etag", "last-modified", "cache-control", "x-tinget-cache"}


def _enabled() -> bool:
    return getattr(settings, "TINGET_PAGE_CACHE", True)


def _shared_backend() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("locmem.LocMemCache", "dummy.DummyCache"))


_stamp_paths: dict[tuple, str] = {}


def _stamp_path() -> str:
    # One stamp per database: the version is the version of that database's content (and
    # processes on one machine that serve different databases, parallel test runs among
    # them, do not end each other's entries).
    data_dir, database = settings.DATA_DIR, connection.settings_dict.get("NAME")
    path = _stamp_paths.get((data_dir, database))
    if path is None:
        digest = hashlib.blake2b(str(database).encode(), digest_size=6).hexdigest()
        path = os.path.join(data_dir, f"page-cache-version-{digest}")
        _stamp_paths[(data_dir, database)] = path
    return path


def _file_version() -> int:
    try:
        return os.stat(_stamp_path()).st_mtime_ns
    except FileNotFoundError:
        return 0


def _bump_now() -> None:
    if _shared_backend():
        # A new random-ish value rather than incr(): works whether or not the key exists.
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
        return
    path = _stamp_path()
    now = time.time_ns()
    # Strictly increasing even when two bumps fall within the file system's clock tick.
    now = max(now, _file_version() + 1)
    Path(path).touch()
    os.utime(path, ns=(now, now))


def bump_version() -> None:
    """Every cached public page is out of date: call after any write that a public page shows.

    Bumps at once (this transaction's later reads already see the change) and again when the
    transaction commits, so that a page another process rendered from the not yet committed
    state is stored under a version that is already old.
    """
    if not _enabled():
        return
    _bump_now()
    transaction.on_commit(_bump_now)


def public_page(valid_until: Callable[[], datetime | None] | None = None):
    """Mark a view's anonymous GET responses as cacheable whole.

    `valid_until()` is called when the page is stored and returns when the page would change
    by itself (or None: only content changes end it).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            setattr(request, _ATTR, valid_until or (lambda: None))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _cache_control() -> str:
    shared = int(getattr(settings, "TINGET_PAGE_CACHE_SHARED_SECONDS", 30))
    return f"public, max-age=0, s-maxage={shared}"


class _Local:
    """The entries this process has seen, unpickled, newest last (a small LRU).

    With the local-memory cache backend these are the whole cache (nothing is pickled); with
    a shared backend (Redis) they save fetching and unpickling the bytes again, while the
    version still comes from the shared backend on every request."""

    def __init__(self):
        self.entries: OrderedDict[str, dict] = OrderedDict()

    def get(self, key):
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key, entry) -> None:
        self.entries[key] = entry
        self.entries.move_to_end(key)
        limit = int(getattr(settings, "TINGET_PAGE_CACHE_ENTRIES", 200))
        while len(self.entries) > limit:
            self.entries.popitem(last=False)

    def clear(self) -> None:
        self.entries.clear()


_local = _Local()


def clear() -> None:
    """Forget every stored page in this process (tests; the shared cache has its own clear)."""
    _local.clear()


def _header_store(headers: list[tuple[str, str]]) -> dict:
    # Built once per entry through Django's own header checks, then copied per answer.
    response = HttpResponse()
    for name, value in headers:
        response.headers[name] = value
    response.headers["Cache-Control"] = _cache_control()
    response.headers["X-Tinget-Cache"] = "hit"
    return dict(response.headers._store)


class PageCacheMiddleware:
    """First in MIDDLEWARE: answer anonymous GETs of public pages from the stored bytes."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME
        self.messages_cookie = getattr(settings, "MESSAGE_COOKIE_NAME", "messages")

    def _eligible(self, request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and self.session_cookie not in request.COOKIES
            and self.messages_cookie not in request.COOKIES
            and _enabled()
        )

    def __call__(self, request):
        if not self._eligible(request):
            return self.get_response(request)
        # The raw Host: an entry exists only for a host that passed ALLOWED_HOSTS when it was
        # stored (CommonMiddleware checks it). Hashed: a path may be long or hold bytes that a
        # cache key must not (memcached's rules).
        raw = f"{request.META.get('HTTP_HOST', '')}\n{request.path}"
        key = (
            "pagecache:page:"
            + hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        )
        entry = _local.get(key)
        if _shared_backend():
            if entry is None:
                found = cache.get_many([VERSION_KEY, key])
                version, entry = found.get(VERSION_KEY, 0), found.get(key)
                if entry is not None:
                    entry["store"] = _header_store(entry["headers"])
                    _local.put(key, entry)
            else:
                version = cache.get(VERSION_KEY, 0)
        else:
            version = _file_version()
        if entry is not None and entry["version"] == version and _now() < entry["until"]:
            return self._replay(request, entry)
        response = self.get_response(request)
        return self._store(request, response, key, version)

    def _replay(self, request, entry) -> HttpResponse:
        if request.META.get("HTTP_IF_NONE_MATCH") == entry["etag"]:
            return _validated(HttpResponseNotModified(), entry["etag"], entry["modified"], "hit")
        response = HttpResponse(b"" if request.method == "HEAD" else entry["body"])
        # The checked headers of the entry, copied whole: setting them one by one through
        # ResponseHeaders costs more than the rest of the answer.
        response.headers._store = dict(entry["store"])
        return response

    def _store(self, request, response, key, version) -> HttpResponse:
        valid_until = getattr(request, _ATTR, None)
        if (
            valid_until is None
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or response.has_header("Set-Cookie")
        ):
            return response
        body = response.content
        etag = quote_etag(hashlib.blake2b(body, digest_size=12).hexdigest())
        now = _now()
        until = now + int(getattr(settings, "TINGET_PAGE_CACHE_SECONDS", 600))
        if (change := valid_until()) is not None:
            until = min(until, change.timestamp())
        until = min(until, _next_midnight().timestamp())
        if until <= now:
            return response
        modified = http_date(now)
        headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIP_HEADERS]
        headers += [("ETag", etag), ("Last-Modified", modified)]
        entry = {
            "version": version,
            "until": until,
            "body": body,
            "headers": headers,
            "etag": etag,
            "modified": modified,
        }
        if _shared_backend():
            cache.set(key, entry, timeout=max(1, int(until - now) + 1))
        _local.put(key, {**entry, "store": _header_store(headers)})
        if request.META.get("HTTP_IF_NONE_MATCH") == etag:
            # Same bytes as the browser holds: let it keep them.
            response = HttpResponseNotModified()
        return _validated(response, etag, modified, "miss")


def _validated(response: HttpResponse, etag: str, modified: str, state: str) -> HttpResponse:
    """The headers every answer about a stored page carries."""
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = modified
    response.headers["Cache-Control"] = _cache_control()
    response.headers["X-Tinget-Cache"] = state
    return response


def _now() -> float:
    # timezone.now(), not time.time(): the tests move the clock through Django.
    return timezone.now().timestamp()


def _next_midnight() -> datetime:
    """Pages name days relatively to today (the year shown only when it is not this year)."""
    local = timezone.localtime()
    return (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def current_version() -> int | None:
    """The content version now, for other caches of public content (the JSON API's);
    None when the page cache is off (then nothing bumps the version either)."""
    if not _enabled():
        return None
    if _shared_backend():
        return cache.get(VERSION_KEY, 0)
    return _file_version()
