"""The production recipe, scaled out: PostgreSQL, Redis for the cache and the rate limits, two
app processes (granian, each its own data directory, so nothing is shared through files) and
two `db_worker` processes. Visitors see one site: a page one process cached is served by the
other, an edit ends it in both, rate limits count across both, the last seat goes to one
person, and every queued email arrives once."""

import concurrent.futures
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from django.db import connection
from django.test import override_settings

from tests.conftest import is_postgres
from tests.factories import SessionFactory, build_seed_series
from tests.mailings.test_worker import database_url
from tests.registrations.test_views import form_data
from tinget.mailings.models import OutboundEmail
from tinget.registrations.models import Registration

REDIS_URL = "redis://127.0.0.1:6379/14"
ROOT = Path(__file__).resolve().parents[2]
SERIES_PATH = "/serier/kommunerne-som-accelerator/"
REDIS_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "tinget",
    }
}


def _redis_up() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not _redis_up(), reason="Redis is not running (CI starts it)"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the production recipe runs on PostgreSQL (the PostgreSQL pass runs it)",
    ),
]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(tmp_path, name, smtp_server) -> dict:
    data_dir = tmp_path / name
    (data_dir / "static").mkdir(parents=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tinget.settings",
        "DATABASE_URL": database_url(),
        "CACHE_URL": REDIS_URL,
        "TINGET_DATA_DIR": str(data_dir),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_HOST": smtp_server.host,
        "EMAIL_PORT": str(smtp_server.port),
        "ALLOWED_HOSTS": "127.0.0.1,tinget.example",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "TINGET_SIGNUP_LIMIT_PER_EMAIL": "3/3600",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }


@pytest.fixture
def app_processes(tmp_path, smtp_server):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    servers, urls = [], []
    for name in ("app-a", "app-b"):
        port = _free_port()
        servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "granian",
                    "--interface",
                    "wsgi",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--workers",
                    "1",
                    "--log-level",
                    "warning",
                    "tinget.wsgi:application",
                ],
                cwd=ROOT,
                env=_env(tmp_path, name, smtp_server),
                start_new_session=True,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    for url in urls:
        while True:
            try:
                if httpx.get(url + "/privatliv/", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"{url} did not start"
            time.sleep(0.3)
    yield urls
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait(timeout=15)


def test_two_app_processes_and_two_workers_behave_as_one_site(app_processes, tmp_path, smtp_server):
    assert is_postgres()
    a, b = app_processes
    series = build_seed_series()

    # The page cache is shared: what A rendered, B serves (behind one load balancer, both
    # see the site's one host name).
    host = {"Host": "tinget.example"}
    first = httpx.get(a + SERIES_PATH, headers=host)
    second = httpx.get(b + SERIES_PATH, headers=host)
    assert (first.headers["x-tinget-cache"], second.headers["x-tinget-cache"]) == ("miss", "hit")
    assert second.content == first.content

    # An edit anywhere ends the cached page in every process.
    session = series.sessions.filter(status="scheduled").order_by("starts_at").last()
    with override_settings(CACHES=REDIS_CACHES):
        session.title = "Et nyt emne for alle processer"
        session.save()
    for url in (a, b):
        page = httpx.get(url + SERIES_PATH, headers=host)
        assert page.headers["x-tinget-cache"] == "miss" or url == b
        assert "Et nyt emne for alle processer" in page.text, url

    # The rate limit counts sign-ups from both processes: 3 an hour per address.
    signup = f"/tilmelding/session/{session.pk}/"
    statuses = [
        httpx.post(
            url + signup,
            data=form_data(email="samme@example.dk"),
            headers={"Origin": url},
        ).status_code
        for url in (a, b, a, b)
    ]
    assert statuses == [302, 302, 302, 429]

    # The last seat goes to one person, whichever process each click reaches.
    last_seat = SessionFactory(series=series, capacity=1, title="Sidste plads")
    racers = [
        Registration.objects.create(
            session=last_seat, name=f"Racer {n}", email=f"racer{n}-{uuid.uuid4()}@example.dk"
        )
        for n in range(12)
    ]

    def confirm(pair):
        url, registration = pair
        with httpx.Client(base_url=url) as client:
            link = f"/tilmelding/bekraeft/{registration.token}/"
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(link).text)
            return client.post(link, data={"csrfmiddlewaretoken": token[1]}).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(confirm, [((a, b)[n % 2], r) for n, r in enumerate(racers)]))
    assert codes == [200] * 12
    states = list(Registration.objects.filter(session=last_seat).values_list("status", flat=True))
    assert states.count("confirmed") == 1 and states.count("waiting") == 11

    # Two workers send the outbox: every email arrives, none twice.
    queued = OutboundEmail.objects.count()
    assert queued >= 3 + 12
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tinget.cli", "db_worker", "--batch", "--no-startup-delay"],
            cwd=ROOT,
            env=_env(tmp_path, f"worker-{n}", smtp_server),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for n in range(2)
    ]
    for worker in workers:
        _out, errors = worker.communicate(timeout=120)
        assert worker.returncode == 0, errors.decode()
    connection.close()  # see the workers' commits
    assert OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).count() == 0
    ids = [m.message["Message-ID"] for m in smtp_server.messages]
    assert len(ids) == queued and len(set(ids)) == queued
