"""A seeded HTTP fuzzer over every URL pattern of the site, through Django's test client.

`Fuzzer(seed, world).run(n)` sends ``n`` requests: each picks a URL pattern (every one the
resolver knows, in Danish and under /en/), fills its segments with real values from ``world``
(existing slugs, primary keys, tokens) or hostile ones (NUL, overlong, invalid UTF-8,
traversal, markup, RTL overrides), picks a method, headers, a user (anonymous, editor,
viewer, superuser) and a body (form fields with hostile values, raw bytes, JSON, multipart
with and without a boundary, UTF-16). It returns a `Report`: the status codes seen and the
first few server errors with their tracebacks. The same seed always sends the same requests.

Used by tests/security/test_fuzz.py (5,000 requests in the normal suite) and
bench/bench_fuzz.py (a longer run for `make bench`).
"""

from __future__ import annotations

import json
import random
import re
import traceback
from collections import Counter
from dataclasses import dataclass, field

from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

HOSTILE = [
    "%00",
    "a%00b",
    "%FF%FE%FD",
    "%C0%AF",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e",
    "A" * 300,
    "x" * 5000,
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%22%3E%3Cimg%20src%3Dx%3E",
    "%E2%80%AEgnp.exe",
    "%F0%9F%92%A5",
    "'%3B%20DROP%20TABLE%20x%3B--",
    "-1",
    "0",
    "99999999999999999999999",
    "9223372036854775808",
    "%20",
    "%0D%0ASet-Cookie:%20x=1",
    "~",
    "null",
]
VALUES = [
    "Anna Andersen",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil")',
    "a\x00b",
    "Mette\r\nBcc: x@example.dk",
    "\x07\x1b[31m",
    "\u202egnp.exe",
    "x" * 20_000,
    "",
    " ",
    "0157",
    "-1",
    "1e309",
    "2026-13-45T25:61",
    "anna@example.dk",
    "not-an-email",
    "da",
    "en",
    "on",
    "9" * 40,
    "../../../etc/passwd",
    "{{ 7*7 }}",
    "💥 ✓ æøå",
]
FIELDS = [
    "name",
    "email",
    "organisation",
    "organisation_kind",
    "municipality",
    "job_title",
    "language",
    "website",
    "title",
    "slug",
    "description",
    "starts_at",
    "ends_at",
    "date",
    "time",
    "capacity",
    "subject",
    "body",
    "group",
    "expected",
    "text",
    "login",
    "password",
    "code",
    "q",
    "side",
    "status",
    "kind",
    "url",
    "order",
    "rating",
    "comment",
    "send",
    "confirm",
    "next",
    "form-TOTAL_FORMS",
    "form-INITIAL_FORMS",
    "items",
    "person",
    "part",
    "role",
    "recap",
    "notify",
    "shift_days",
    "format",
    "place",
    "join_url",
    "token",
]
METHODS = ["GET"] * 8 + ["POST"] * 6 + ["HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=nonsense",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "application/json",
    "text/plain",
    "application/octet-stream",
    "text/xml",
]
LANGUAGES = ["da", "en", "de", "*", "xx-YY;q=0.1", "en-GB,en;q=0.9", ";;;", "a" * 300]


@dataclass
class Report:
    statuses: Counter = field(default_factory=Counter)
    methods: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    patterns: int = 0

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def table(self) -> str:
        lines = [f"{'status':>6}  {'requests':>8}"]
        lines += [f"{status:>6}  {count:>8}" for status, count in sorted(self.statuses.items())]
        lines.append(f"{'total':>6}  {self.total:>8}  over {self.patterns} URL patterns")
        lines.append("methods: " + ", ".join(f"{m} {n}" for m, n in sorted(self.methods.items())))
        return "\n".join(lines)


def _patterns(resolver=None, prefix: str = "") -> list[str]:
    """Every URL pattern as a route string with <converter:name> placeholders."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        text = str(pattern)
        # i18n_patterns' LocalePrefixPattern prints as "" for the default language.
        if isinstance(entry, URLResolver):
            routes += _patterns(entry, prefix + text)
        elif isinstance(entry, URLPattern):
            routes.append(prefix + text)
    return routes


_PLACEHOLDER = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


@dataclass
class World:
    """Real values to put into URLs, by placeholder name (pk, slug, token, …)."""

    values: dict[str, list[str]]
    users: list  # logged-in users to act as (None is anonymous)


class Fuzzer:
    def __init__(self, seed: int, world: World):
        self.random = random.Random(seed)
        self.world = world
        self.routes = sorted(set(_patterns()))
        self.clients = {}

    def _client(self, user) -> Client:
        key = getattr(user, "pk", None)
        if key not in self.clients:
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            self.clients[key] = client
        return self.clients[key]

    def _segment(self, converter: str | None, name: str) -> str:
        pick = self.random.random()
        real = self.world.values.get(name) or self.world.values.get(converter or "", [])
        if real and pick < 0.45:
            return self.random.choice(real)
        if converter == "int" and pick < 0.7:
            return str(self.random.choice([0, 1, 2, 7, 10**6, 2**31, 2**63, 10**30]))
        return self.random.choice(HOSTILE)

    def _path(self, route: str) -> str:
        route = route.replace("^", "").replace("$", "").replace("\\", "")

        def fill(match):
            converter, name, regex_name = match.groups()
            return self._segment(converter, name or regex_name)

        path = "/" + _PLACEHOLDER.sub(fill, route)
        if self.random.random() < 0.3:
            path = "/en" + path
        if self.random.random() < 0.25:
            key = self.random.choice(FIELDS)
            path += f"?{key}={self.random.choice(HOSTILE)}"
        return path

    def _body(self, method: str) -> tuple[bytes | dict | None, str | None]:
        choice = self.random.random()
        if choice < 0.55:
            keys = self.random.sample(FIELDS, self.random.randint(1, 8))
            return {key: self.random.choice(VALUES) for key in keys}, None
        content_type = self.random.choice(CONTENT_TYPES)
        if choice < 0.7:
            data = {key: self.random.choice(VALUES) for key in self.random.sample(FIELDS, 3)}
            return json.dumps(data).encode(), content_type
        if choice < 0.85:
            text = "&".join(
                f"{k}={self.random.choice(HOSTILE)}" for k in self.random.sample(FIELDS, 4)
            )
            encoding = "utf-16" if "utf-16" in content_type else "utf-8"
            return text.encode(encoding), content_type
        size = self.random.choice([0, 1, 100, 5000])
        return bytes(self.random.getrandbits(8) for _ in range(size)), content_type

    def _headers(self) -> dict[str, str]:
        headers = {}
        if self.random.random() < 0.5:
            headers["HTTP_ACCEPT_LANGUAGE"] = self.random.choice(LANGUAGES)
        if self.random.random() < 0.2:
            headers["HTTP_X_FORWARDED_FOR"] = self.random.choice(
                ["1.2.3.4", "x, y, z", "::1", "%00"]
            )
        if self.random.random() < 0.2:
            headers["HTTP_ORIGIN"] = self.random.choice(
                ["http://evil.example", "null", "testserver"]
            )
        if self.random.random() < 0.1:
            headers["HTTP_IF_NONE_MATCH"] = self.random.choice(['"x"', "*", 'W/"\x00"'])
        if self.random.random() < 0.1:
            headers["HTTP_RANGE"] = self.random.choice(["bytes=0-1", "bytes=9-1", "bytes=x"])
        if self.random.random() < 0.1:
            headers["HTTP_AUTHORIZATION"] = self.random.choice(
                ["Bearer x", "Bearer \x00", "Basic Og=="]
            )
        if self.random.random() < 0.1:
            headers["HTTP_ACCEPT"] = self.random.choice(
                ["application/json", "text/html", "*/*", "x"]
            )
        return headers

    def one(self, report: Report) -> None:
        route = self.random.choice(self.routes)
        path = self._path(route)
        method = self.random.choice(METHODS)
        user = self.random.choice(self.world.users)
        client = self._client(user)
        headers = self._headers()
        kwargs = dict(headers)
        if method in {"POST", "PUT", "PATCH", "DELETE"} and self.random.random() < 0.9:
            body, content_type = self._body(method)
            if content_type is None and method == "POST":
                response = client.post(path, body, **kwargs)
            else:
                if isinstance(body, dict):
                    body = "&".join(f"{k}={v}" for k, v in body.items()).encode("utf-8", "replace")
                    content_type = "application/x-www-form-urlencoded"
                response = client.generic(method, path, body, content_type or "", **kwargs)
        else:
            response = client.generic(method, path, **kwargs)
        self.last = f"{method} {path}"
        cookie = response.cookies.get("sessionid")
        if user is not None and cookie is not None and not cookie.value:
            # Logged out (the fuzzer found the logout button): log in again next time.
            self.clients.pop(user.pk, None)
        report.statuses[response.status_code] += 1
        report.methods[method] += 1
        if response.status_code >= 500 and len(report.errors) < 5:
            report.errors.append(f"{method} {path} ({user}) -> {response.status_code}")
        if response.streaming:
            # Reading to the end closes it through the test client's own wrapper; calling
            # close() directly would fire request_finished and close the test's database.
            for _chunk in response.streaming_content:
                pass

    def run(self, count: int) -> Report:
        report = Report(patterns=len(self.routes))
        errors = []

        def record(sender, request=None, **kwargs):
            errors.append(f"{request.method} {request.get_full_path()}\n{traceback.format_exc()}")

        got_request_exception.connect(record)
        try:
            for user in self.world.users:
                self._client(user)
            for _ in range(count):
                self.one(report)
        finally:
            got_request_exception.disconnect(record)
        report.errors += errors[:3]
        return report


def build_world() -> World:
    """A published series with a partner, a session, a speaker and a registration, and the
    users to act as: anonymous (half the requests), an editor, a viewer, a superuser."""
    # Inline: the factories import the models, which only exist once Django is set up.
    from tests.backoffice.factories import RegistrationFactory
    from tests.factories import (
        MembershipFactory,
        OrganisationFactory,
        PersonFactory,
        SeriesFactory,
        SessionFactory,
        UserFactory,
    )
    from tinget.programme.models import Membership

    partner = OrganisationFactory(name="Fuzz Kommune")
    series = SeriesFactory(partners=[partner], status="published")
    session = SessionFactory(series=series)
    person = PersonFactory()
    registration = RegistrationFactory(session=session)
    editor = MembershipFactory(organisation=partner).user
    viewer = MembershipFactory(organisation=partner, role=Membership.Role.VIEWER).user
    root = UserFactory(username="fuzzroot", is_superuser=True)
    values = {
        "pk": [str(session.pk), str(registration.pk), str(series.pk)],
        "int": [str(session.pk), str(registration.pk)],
        "slug": [series.slug, person.slug, partner.slug],
        "token": [registration.token],
        "number": ["1", "17", "18"],
        "path": ["materials/x.pdf", "materials/../../x"],
    }
    return World(values=values, users=[None, None, None, editor, viewer, root])
