"""Reminder fan-out: 24-hour reminders for 10,000 registrants, delivered to a local SMTP server.

The production shape: one `tick` round (`notify.queue_due_reminders`) renders each reminder
in the registrant's language and stores it in the outbox with its dedupe key, committing
every 200; each commit enqueues send tasks (100 emails per SMTP connection) in the database
task backend, and `tinget db_worker` processes (real subprocesses) claim, send and mark
them while the tick goes on queuing. The SMTP server is aiosmtpd in its own process on
loopback; it accepts and counts every message. The clock stops when every row is sent.

`--inline` runs the send tasks in the ticking process instead (ImmediateBackend), which
shows the cost of the outbox path alone.

Database: a throwaway SQLite file in a temporary data directory, or PostgreSQL when
DATABASE_URL is set (a fresh database, dropped afterwards).

    uv run python bench/bench_reminders.py [--registrants 10000] [--workers 2] [--inline]

Before that, in the same run, the floor: the bytes of one real reminder sent as many times
straight into the same SMTP server over the same connections (workers x
TINGET_SMTP_CONNECTIONS, pipelined), with no database and no rendering; the figure to read
is Tinget's time against it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_sink(port: int) -> None:
    """The SMTP server process: accept everything; print the counts when stdin closes."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    received = {"messages": 0, "recipients": set(), "floor": 0}

    class Sink:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            # aiosmtpd reads commands in order from its buffer, so it takes pipelined ones;
            # it just does not say so. Production relays (Postfix, Exchange) do.
            session.host_name = hostname
            return [*responses[:-1], "250-PIPELINING", responses[-1]]

        async def handle_DATA(self, server, session, envelope):
            if envelope.rcpt_tos[0].endswith(FLOOR_DOMAIN):
                received["floor"] += 1
                return "250 OK"
            received["messages"] += 1
            received["recipients"].update(envelope.rcpt_tos)
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()
    print(f"{received['messages']} {len(received['recipients'])} {received['floor']}", flush=True)


FLOOR_DOMAIN = "@floor.example.dk"


def floor_share(port: int, first: int, count: int, connections: int, message: bytes) -> None:
    """One process of the floor: `count` messages over `connections` connections."""
    import smtplib
    import threading

    sys.path.insert(0, str(ROOT))
    from tinget.mailings.smtp import sendmail

    def lane(numbers):
        with smtplib.SMTP("127.0.0.1", port) as connection:
            for n in numbers:
                sendmail(connection, "noreply@tinget.dk", f"floor{n}{FLOOR_DOMAIN}", message)

    numbers = list(range(first, first + count))
    threads = [
        threading.Thread(target=lane, args=(numbers[k::connections],)) for k in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_floor(port: int, count: int, processes: int, connections: int, message: bytes) -> float:
    """The floor: the same number of ready-made messages of the same size pushed into the same
    SMTP server over the same connections (processes x connections), with nothing else:
    no database, no rendering. Seconds."""
    from concurrent.futures import ProcessPoolExecutor

    share = -(-count // processes)
    started = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        futures = [
            pool.submit(
                floor_share, port, k * share, min(share, count - k * share), connections, message
            )
            for k in range(processes)
        ]
        for future in futures:
            future.result()
    return time.perf_counter() - started


def database_url(connection) -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrants", type=int, default=10_000)
    parser.add_argument(
        "--workers", type=int, default=2, help="db_worker processes (default: 2, one per core)"
    )
    parser.add_argument("--inline", action="store_true", help="send in the ticking process")
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        run_sink(args.sink)
        return

    data_dir = tempfile.mkdtemp(prefix="tinget-bench-reminders-")
    port = free_port()
    backend = (
        "django.tasks.backends.immediate.ImmediateBackend"
        if args.inline
        else "django_tasks_db.DatabaseBackend"
    )
    os.environ.update(
        TINGET_DATA_DIR=data_dir,
        TASKS_BACKEND=backend,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="tinget.settings",
    )
    sys.path.insert(0, str(ROOT))
    sink = subprocess.Popen(
        [sys.executable, __file__, "--sink", str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout.readline().strip() == "ready"

    import django
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "test_tinget_bench_mail"
    django.setup()
    import logging

    logging.getLogger("django.tasks").setLevel(logging.WARNING)  # a line per task otherwise

    from django.db import connection

    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    workers = []
    try:
        session_id = prepare(args.registrants)
        if not args.inline:
            env = {**os.environ, "DATABASE_URL": database_url(connection)}
            workers = [
                subprocess.Popen(
                    [sys.executable, "-m", "tinget.cli", "db_worker", "--interval", "0.2"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for _ in range(args.workers)
            ]
            time.sleep(3)  # let the workers start before the clock does
        # The floor, in the same run: a real reminder's bytes, sent without Tinget.
        sample = sample_message(session_id)
        floor_s = run_floor(
            port,
            args.registrants,
            max(args.workers, 1),
            settings.TINGET_SMTP_CONNECTIONS,
            sample,
        )
        report = run(session_id, args.registrants)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        connection.close()
        connection.creation.destroy_test_db(test_db, verbosity=0)
        sink.stdin.close()
        messages, recipients, floor_messages = (int(n) for n in sink.stdout.readline().split())
        sink.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)

    mode = "inline (ImmediateBackend)" if args.inline else f"{args.workers} db_worker process(es)"
    print(f"database: {connection.vendor}; sending: {mode}; cores: {os.cpu_count()}")
    print(f"registrants: {args.registrants:,}")
    queued, queue_s = report["queued"], report["queue_s"]
    print(f"tick (render and store, 200 per commit): {queued:,} in {queue_s:.1f} s")
    print(f"all sent over SMTP after: {report['total_s']:.1f} s")
    print(f"arrived at the SMTP server: {messages:,} messages to {recipients:,} addresses")
    print(f"second tick: {report['second']} more reminders queued")
    print(f"reminder fan-out: {report['sent'] / report['total_s']:.0f} emails/s end to end")
    print(
        f"floor (the same {args.registrants:,} messages' bytes straight into the same SMTP "
        f"server over the same {max(args.workers, 1)} x {settings.TINGET_SMTP_CONNECTIONS} "
        f"connections, no Tinget): {floor_s:.1f} s ({floor_messages:,} arrived); "
        f"Tinget at {floor_s / report['total_s']:.0%} of it"
    )
    print(f"BENCH reminders_floor_seconds {floor_s:.1f} s")
    print(f"BENCH reminders_floor_ratio {floor_s / report['total_s']:.2f} ratio")
    print(f"BENCH reminders_tick_seconds {queue_s:.1f} s")
    print(f"BENCH reminders_total_seconds {report['total_s']:.1f} s")
    print(f"BENCH reminders_rate {report['sent'] / report['total_s']:.0f} emails/s")
    print(f"BENCH reminders_delivered {messages} count")
    if messages != args.registrants or recipients != args.registrants or report["second"]:
        sys.exit("FAILED: every registrant must get exactly one reminder")


def prepare(count: int) -> int:
    import datetime as dt

    from django.utils import timezone

    from tinget.programme.models import Series, Session
    from tinget.registrations.models import Registration

    now = timezone.now()
    series = Series.objects.create(
        slug="bench", title="Verdensmål i praksis", status=Series.Status.PUBLISHED
    )
    starts = now + dt.timedelta(hours=23, minutes=50)
    session = Session.objects.create(
        series=series,
        title="Cirkulær økonomi i kommunen",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        join_url="https://teams.example.com/l/meetup-join/BENCH",
        capacity=count,
    )
    Registration.objects.bulk_create(
        [
            Registration(
                session=session,
                name=f"Deltager {n}",
                email=f"deltager{n}@kommune{n % 98}.example.dk",
                language="en" if n % 10 == 0 else "da",
                status=Registration.Status.CONFIRMED,
                confirmed_at=now - dt.timedelta(days=3),
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    return session.pk


def sample_message(session_id: int) -> bytes:
    """The MIME bytes of one registrant's reminder, as the worker would send them (rendered
    and stored in a transaction that is rolled back)."""
    from django.db import transaction

    from tinget.mailings.mime import fast_message
    from tinget.mailings.models import OutboundEmail
    from tinget.mailings.services import message_id
    from tinget.registrations import notifications as notify
    from tinget.registrations.models import Registration

    class Done(Exception):
        pass

    sample = b""
    try:
        with transaction.atomic():
            person = Registration.objects.filter(session_id=session_id).order_by("pk")[:1]
            Registration.objects.exclude(pk__in=list(person.values_list("pk", flat=True))).filter(
                session_id=session_id
            ).update(status=Registration.Status.CANCELLED)
            notify.queue_due_reminders()
            email = OutboundEmail.objects.get()
            sample = fast_message(email, message_id=message_id(email))[1]
            raise Done
    except Done:
        pass
    return sample


def run(session_id: int, count: int) -> dict:
    import datetime as dt

    from django.utils import timezone

    from tinget.mailings.models import OutboundEmail
    from tinget.registrations import notifications as notify

    now = timezone.now()
    start = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        queued = profiler.runcall(notify.queue_due_reminders, now=now)
        pstats.Stats(profiler).sort_stats(os.environ["BENCH_PROFILE"]).print_stats(30)
    else:
        queued = notify.queue_due_reminders(now=now)
    queue_s = time.perf_counter() - start
    sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT)
    deadline = time.monotonic() + 1800
    while sent.count() < count and time.monotonic() < deadline:
        if not OutboundEmail.objects.filter(status__in=["queued", "sending"]).exists():
            break
        time.sleep(0.2)
    total_s = time.perf_counter() - start
    second = notify.queue_due_reminders(now=now + dt.timedelta(minutes=1))
    return {
        "queued": queued,
        "sent": sent.count(),
        "second": second,
        "queue_s": queue_s,
        "total_s": total_s,
    }


if __name__ == "__main__":
    main()
