"""Back-office figures: a session with 10,000 registrations, and a 1,000-person Teams report.

Runs against a throwaway SQLite data directory (deleted afterwards), through Django's test
client, so the timings include middleware, permissions, templates and streaming:

* the registrant list (first page of 50): time and peak Python memory per request;
* the CSV and XLSX exports of all 10,000: time and peak memory, and the file size;
* importing a generated 1,000-participant UTF-16 attendance report: time.

Peak memory is tracemalloc's peak of Python allocations during that one step (measured in a
separate run from the timing, because tracing slows Python down); the process's maximum
resident size (ru_maxrss) is printed last. `make bench` runs this; or
`uv run python bench/bench_backoffice.py`.
"""

import datetime as dt
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA_DIR = Path(tempfile.mkdtemp(prefix="tinget-bench-backoffice-"))
(DATA_DIR / "static").mkdir()  # whitenoise warns about a missing STATIC_ROOT
os.environ.update(
    {
        "TINGET_DATA_DIR": str(DATA_DIR),
        "DJANGO_SETTINGS_MODULE": "tinget.settings",
        "ALLOWED_HOSTS": "testserver",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
    }
)
os.environ.pop("DATABASE_URL", None)

REGISTRATIONS = 10_000
PARTICIPANTS = 1_000
REPEAT = 5


def mib(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


def timed(function, repeat=REPEAT):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak(function):
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        result = function()
        _, top = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return top, result


def setup_data():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tinget.programme.models import (
        Membership,
        Municipality,
        Organisation,
        Series,
        SeriesPartner,
        Session,
    )
    from tinget.registrations.models import Registration

    partner = Organisation.objects.create(name="Bench Forum", slug="bench-forum")
    series = Series.objects.create(slug="bench", title="Bench-rækken", status="published")
    SeriesPartner.objects.create(series=series, organisation=partner)
    start = timezone.now() - dt.timedelta(hours=3)
    session = Session.objects.create(
        series=series,
        title="Ti tusind tilmeldte",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        capacity=20_000,
    )
    user = get_user_model().objects.create_user("bench", "bench@example.org", is_staff=True)
    Membership.objects.create(user=user, organisation=partner, role=Membership.Role.EDITOR)
    codes = list(Municipality.objects.values_list("code", flat=True))
    kinds = [kind for kind, _ in Organisation.Kind.choices]
    rng = random.Random(10_000)
    now = timezone.now()
    consent = (
        "Jeg giver samtykke til, at arrangørerne gemmer mit navn, min e-mailadresse, "
        "organisation og stilling."
    )
    rows = []
    for n in range(REGISTRATIONS):
        kind = rng.choice(kinds)
        rows.append(
            Registration(
                session=session,
                name=f"Deltager {n:05d} Efternavn",
                email=f"deltager{n:05d}@kommune{n % 98}.example.dk",
                organisation=("=Formel A/S" if n % 500 == 0 else f"Organisation {n % 300}"),
                organisation_kind=kind,
                municipality_id=rng.choice(codes) if kind == "municipality" else None,
                job_title="Konsulent",
                consent_text=consent,
                consented_at=now,
                status="confirmed" if n % 10 else "waiting",
                created_at=now - dt.timedelta(minutes=n),
                confirmed_at=now - dt.timedelta(minutes=n),
            )
        )
    Registration.objects.bulk_create(rows, batch_size=1000)
    return user, session


def teams_report() -> bytes:
    """A 1,000-person report: 900 by email, 50 guests by name, 50 nobody knows."""
    lines = [
        "1. Summary",
        "Meeting title\tTi tusind tilmeldte",
        f"Attended participants\t{PARTICIPANTS}",
        "",
        "2. Participants",
        "Name\tFirst join\tLast leave\tIn-meeting duration\tEmail\tParticipant ID (UPN)\tRole",
    ]
    for n in range(PARTICIPANTS):
        if n < 900:
            # Teams may spell the address in capitals: matching ignores case.
            name = f"Deltager {n:05d} Efternavn"
            email = f"DELTAGER{n:05d}@kommune{n % 98}.example.dk"
        elif n < 950:
            name, email = f"Efternavn, Deltager {n:05d} (Guest)", ""
        else:
            name, email = f"Ukendt Person {n}", f"ukendt{n}@firma.example.com"
        minutes = 10 + n % 50
        lines.append(
            f"{name}\t3/2/27, 9:00:00 AM\t3/2/27, 10:00:00 AM\t{minutes}m 5s\t{email}\t{email}\t"
            "Attendee"
        )
    text = "\r\n".join(lines) + "\r\n"
    return b"\xff\xfe" + text.encode("utf-16-le")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tinget.registrations.models import AttendanceImport
    from tinget.registrations.services.attendance import import_report

    call_command("migrate", verbosity=0)
    user, session = setup_data()
    client = Client()
    client.force_login(user)

    list_url = reverse("backoffice:registrants", kwargs={"pk": session.pk})

    def first_page():
        response = client.get(list_url)
        assert response.status_code == 200, response.status_code
        return response

    first_page()  # warm the template and translation caches
    seconds, response = timed(first_page)
    memory, _ = peak(first_page)
    with CaptureQueriesContext(connection) as queries:
        first_page()
    # Sign-up order: the oldest registration (the last one made above) comes first.
    assert f"Deltager {REGISTRATIONS - 1:05d} Efternavn" in response.content.decode()
    print(
        f"registrant list, first page of 50 of {REGISTRATIONS:,}: {seconds * 1000:.1f} ms, "
        f"peak {mib(memory)}, {len(queries.captured_queries)} queries"
    )
    print(f"BENCH registrant_list_ms {seconds * 1000:.1f} ms")
    print(f"BENCH registrant_list_queries {len(queries.captured_queries)} count")

    for kind in ("csv", "xlsx"):
        url = reverse(f"backoffice:export_{kind}", kwargs={"pk": session.pk})

        def export(url=url):
            response = client.get(url)
            assert response.status_code == 200
            # Count the bytes as they stream, as a client would, without keeping them.
            return sum(len(chunk) for chunk in response.streaming_content)

        seconds, size = timed(export, repeat=3)
        memory, _ = peak(export)
        print(
            f"{kind.upper()} export of {REGISTRATIONS:,} registrations: {seconds:.2f} s, "
            f"peak {mib(memory)}, {size / 1024:.0f} KiB"
        )
        print(f"BENCH export_{kind}_seconds {seconds:.2f} s")
        print(f"BENCH export_{kind}_peak {memory / 2**20:.1f} MiB")

    report = teams_report()
    times = []
    result = None
    for run in range(3):
        AttendanceImport.objects.filter(session=session).delete()
        # A different file each run (the same one again would change nothing by design).
        data = report + f"\r\n{run}".encode("utf-16-le")
        start = time.perf_counter()
        result = import_report(session=session, data=data, filename=f"report-{run}.csv")
        times.append(time.perf_counter() - start)
    print(
        f"attendance import of a {PARTICIPANTS:,}-participant UTF-16 report "
        f"({len(report) / 1024:.0f} KiB) against {REGISTRATIONS:,} registrations: "
        f"{statistics.median(times):.2f} s (matched {result.matched}, unmatched "
        f"{result.unmatched}, missed {result.missed})"
    )
    start = time.perf_counter()
    again = import_report(session=session, data=data, filename="same.csv")
    assert again.unchanged
    elapsed = (time.perf_counter() - start) * 1000
    print(f"attendance import of the same report again: {elapsed:.1f} ms")
    print(f"BENCH attendance_import_seconds {statistics.median(times):.2f} s")
    print(f"BENCH attendance_import_again_ms {elapsed:.1f} ms")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"process peak resident memory (ru_maxrss): {mib(maxrss)}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
