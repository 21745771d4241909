"""Where one confirmed registration spends its time: CPU and SQL statements, in process.

A throwaway PostgreSQL database (created here, dropped afterwards) is migrated and given one
published series with one session (as bench_registrations.py). Django's test client then
does what a person does, N times: POST the sign-up form, open the confirmation link, press
its button. The task backend is the database one, as in production, so emails and webhooks
are stored and their sending is queued, not done. No HTTP server, no load generator: the
CPU is this process's own (`time.process_time`), the statements are counted with
`CaptureQueriesContext`, both per request and per registration.

    uv run python bench/profile_registrations.py [--registrations 200] [--pyinstrument]
        [--endpoint] [--postgres postgres://postgres@127.0.0.1:5432]

`--endpoint` gives a partner of the series a webhook endpoint that wants every event (the
emit cost then shows); `--pyinstrument` prints a profile of the measured loop.
Prints `BENCH registration_cpu_ms`, `BENCH registration_statements` lines.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_registrations import FORM, admin_sql, prepare

ROOT = Path(__file__).resolve().parent.parent


def add_endpoint(session_id: int) -> None:
    from tinget.integrations.models import EventType, WebhookEndpoint
    from tinget.programme.models import Organisation, SeriesPartner, Session

    session = Session.objects.get(pk=session_id)
    partner = Organisation.objects.create(name="Partner", slug="partner")
    SeriesPartner.objects.create(series=session.series, organisation=partner)
    WebhookEndpoint.objects.create(
        organisation=partner,
        url="https://hooks.example.dk/tinget",
        event_types=list(EventType.values),
        is_active=True,
    )


def one(client, signup: str, n: int, counts: dict) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tinget.registrations.models import Registration

    email = f"profile{n}@example.dk"
    with CaptureQueriesContext(connection) as posted:
        response = client.post(
            signup, {**FORM, "email": email}, headers={"Origin": "http://testserver"}
        )
    assert response.status_code == 302, response.status_code
    token = Registration.objects.values_list("token", flat=True).get(email=email)
    link = f"/tilmelding/bekraeft/{token}/"
    with CaptureQueriesContext(connection) as opened:
        client.get(link)
    with CaptureQueriesContext(connection) as confirmed:
        response = client.post(link)
    assert "Tak! Du er tilmeldt." in response.content.decode(), response.status_code
    for name, captured in (("post", posted), ("open", opened), ("confirm", confirmed)):
        counts[name] = len(captured.captured_queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=200)
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--endpoint", action="store_true")
    parser.add_argument("--show-sql", action="store_true", help="print one registration's SQL")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()

    database = f"tinget_profile_registrations_{os.getpid()}"
    data_dir = tempfile.mkdtemp(prefix="tinget-profile-registrations-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tinget.settings",
        DATABASE_URL=f"{args.postgres}/{database}",
        TINGET_DATA_DIR=data_dir,
        TINGET_SIGNUP_RATELIMIT="0",
        DEBUG="0",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="testserver",
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    admin_sql(args.postgres, f'CREATE DATABASE "{database}"')
    try:
        signup, session_id = prepare(capacity=args.registrations + 50)
        if args.endpoint:
            add_endpoint(session_id)
        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        settings.STORAGES["staticfiles"]["BACKEND"] = (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
        client = Client()
        client.get(signup)
        counts: dict[str, int] = {}
        for n in range(20):  # warm up: imports, template caches, the connection
            one(client, signup, -n - 1, counts)
        if args.show_sql:
            with CaptureQueriesContext(connection) as captured:
                one(client, signup, -1000, counts)
            for query in captured.captured_queries:
                print(query["sql"][:300])
        profiler = None
        if args.pyinstrument:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        cpu, wall = time.process_time(), time.perf_counter()
        for n in range(args.registrations):
            one(client, signup, n, counts)
        cpu = (time.process_time() - cpu) / args.registrations * 1000
        wall = (time.perf_counter() - wall) / args.registrations * 1000
        if profiler is not None:
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        # The reading of the token (standing in for the email) is one statement of ours.
        statements = counts["post"] + counts["open"] + counts["confirm"]
        print(
            f"one registration: {cpu:.1f} ms CPU ({wall:.1f} ms wall) in this process, "
            f"{statements} statements (sign-up POST {counts['post']}, confirmation page "
            f"{counts['open']}, confirm POST {counts['confirm']}); "
            f"{'with' if args.endpoint else 'no'} webhook endpoint"
        )
        connection.close()
        print(f"BENCH registration_cpu_ms {cpu:.1f} ms")
        print(f"BENCH registration_statements {statements} count")
        return 0
    finally:
        admin_sql(args.postgres, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
