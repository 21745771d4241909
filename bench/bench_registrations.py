"""Confirmed registrations per second, end to end over HTTP, under granian on PostgreSQL.

A throwaway PostgreSQL database (created here, dropped afterwards) is migrated and given one
published series with one session. granian serves `tinget.wsgi:application` (DEBUG off, rate
limits off, everything else as in production: the outbox stores each email and the task
backend queues its sending in the database). 32 concurrent clients each fetch the sign-up
page once (as a browser does, it sends Origin on the POST: the sign-up form carries no CSRF
token, see tinget/fetchmeta.py), then repeat: POST the sign-up form, read the registration's
secret token from the database (standing in for reading the email), open the confirmation
link (GET, which sets the CSRF cookie and token) and press its button (POST), and check the
page says "Tak! Du er tilmeldt.".

Prints confirmed registrations per second and the p50/p99 latency of one registration
(sign-up POST + confirmation GET and POST), then checks the database: exactly N
confirmed, none lost.

    uv run python bench/bench_registrations.py [--registrations 1000] [--clients 32]
        [--workers 2] [--threads 8] [--postgres postgres://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _granian import free_port, percentile, start_server, stop_server, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def admin_sql(server_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def prepare(capacity: int) -> tuple[str, int]:
    """Migrate the throwaway database and add a series with one session; return its URL."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from tinget.programme.models import Series, Session

    call_command("migrate", interactive=False, verbosity=0)
    series = Series.objects.create(
        slug="bench", title="Benchmark-rækken", status=Series.Status.PUBLISHED
    )
    starts = timezone.now() + dt.timedelta(days=7)
    session = Session.objects.create(
        series=series,
        title="Benchmark-session",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        capacity=capacity,
        join_url="https://teams.example.com/l/meetup-join/bench",
    )
    connection.close()
    return f"/tilmelding/session/{session.pk}/", session.pk


FORM = {
    "name": "Bench Person",
    "organisation": "Aarhus Kommune",
    "organisation_kind": "municipality",
    "municipality": "0751",
    "job_title": "Konsulent",
    "language": "da",
    "consent": "on",
    "website": "",
}


async def client(
    number: int, base: str, signup: str, session_id: int, database_url: str, jobs, results
):
    import httpx
    import psycopg

    async with (
        httpx.AsyncClient(base_url=base, timeout=60) as http,
        await psycopg.AsyncConnection.connect(database_url, autocommit=True) as db,
    ):
        await http.get(signup)
        token = None
        while True:
            try:
                n = jobs.pop()
            except IndexError:
                return
            email = f"bench{n}@example.dk"
            started = time.perf_counter()
            posted = await http.post(
                signup, data={**FORM, "email": email}, headers={"Origin": base}
            )
            post_seconds = time.perf_counter() - started
            if posted.status_code != 302:
                results["errors"].append(f"POST {email}: {posted.status_code}")
                continue
            # Reading the confirmation email, in short: the link carries this token.
            row = await (
                await db.execute(
                    "SELECT token FROM registrations_registration"
                    " WHERE session_id = %s AND email = %s",
                    (session_id, email),
                )
            ).fetchone()
            started_confirm = time.perf_counter()
            # As a person does it: open the link, press the button.
            link = f"/tilmelding/bekraeft/{row[0]}/"
            opened = await http.get(link)
            if token is None:  # the CSRF cookie is kept by the client from then on
                token = CSRF_FIELD.search(opened.text)[1]
            confirmed = await http.post(link, data={"csrfmiddlewaretoken": token})
            confirm_seconds = time.perf_counter() - started_confirm
            if confirmed.status_code != 200 or "Tak! Du er tilmeldt." not in confirmed.text:
                results["errors"].append(f"confirm {email}: {confirmed.status_code}")
                continue
            results["post"].append(post_seconds)
            results["confirm"].append(confirm_seconds)
            results["registration"].append(post_seconds + confirm_seconds)


async def load(base, signup, session_id, database_url, clients, registrations) -> dict:
    jobs = list(range(registrations, 0, -1))
    results = {"post": [], "confirm": [], "registration": [], "errors": []}
    started = time.perf_counter()
    await asyncio.gather(
        *(client(n, base, signup, session_id, database_url, jobs, results) for n in range(clients))
    )
    results["seconds"] = time.perf_counter() - started
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    database = f"tinget_bench_registrations_{os.getpid()}"
    database_url = f"{args.postgres}/{database}"
    data_dir = tempfile.mkdtemp(prefix="tinget-bench-registrations-")
    (Path(data_dir) / "static").mkdir()  # whitenoise warns about a missing STATIC_ROOT
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tinget.settings",
        "DATABASE_URL": database_url,
        "TINGET_DATA_DIR": data_dir,
        "TINGET_SIGNUP_RATELIMIT": "0",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        # Templates resolve {% static %} without a collected manifest.
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    os.environ.update(env)
    server = None
    admin_sql(args.postgres, f'CREATE DATABASE "{database}"')
    try:
        signup, session_id = prepare(capacity=args.registrations)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(env, port, args.workers, args.threads)
        wait_until_serving(base + signup, server, timeout=120)  # a loaded machine starts slowly
        results = asyncio.run(
            load(base, signup, session_id, database_url, args.clients, args.registrations)
        )
        import psycopg

        with psycopg.connect(database_url) as connection:
            confirmed, total = connection.execute(
                "SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*)"
                " FROM registrations_registration"
            ).fetchone()
            emails = connection.execute("SELECT count(*) FROM mailings_outboundemail").fetchone()[0]
        done = len(results["registration"])
        ms = {k: [v * 1000 for v in results[k]] for k in ("post", "confirm", "registration")}
        print(
            f"registrations: {done / results['seconds']:.0f} confirmed registrations/s "
            f"({done} in {results['seconds']:.1f} s, {args.clients} clients, granian "
            f"{args.workers} workers x {args.threads} threads, PostgreSQL)"
        )
        print(
            "  one registration (POST + confirm): "
            f"p50 {statistics.median(ms['registration']):.0f} ms, "
            f"p99 {percentile(ms['registration'], 0.99):.0f} ms; "
            f"POST p99 {percentile(ms['post'], 0.99):.0f} ms, "
            f"confirm p99 {percentile(ms['confirm'], 0.99):.0f} ms"
        )
        print(
            f"  database: {confirmed} confirmed of {total} rows, {emails} emails in the outbox; "
            f"errors: {len(results['errors'])}"
        )
        if results["errors"]:
            print("  first errors:", results["errors"][:5])
        print(f"BENCH registrations_rate {done / results['seconds']:.0f} registrations/s")
        print(f"BENCH registration_p99 {percentile(ms['registration'], 0.99):.0f} ms")
        print(f"BENCH registrations_lost {args.registrations - confirmed} count")
        print(f"BENCH registration_errors {len(results['errors'])} count")
        if results["errors"] or confirmed != args.registrations:
            return 1
        return 0
    finally:
        if server is not None:
            stop_server(server)
        admin_sql(args.postgres, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
