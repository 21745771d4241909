"""Reminder fan-out: 24-hour reminders for 10,000 registrants, delivered to a local SMTP server.

What runs is what `tinget tick` runs: `notify.queue_due_reminders` renders each reminder in
the registrant's language and stores it in the outbox (dedupe key per person), then, after
the commit, the send task (`send_emails`, 100 per SMTP connection) claims, sends and marks
each row. The SMTP server is aiosmtpd in a separate process on loopback that accepts and
counts every message. Tasks run in this process (ImmediateBackend): the figure is the
outbox and SMTP path itself, without a worker's polling delay.

Database: a throwaway SQLite file in a temporary data directory, or PostgreSQL when
DATABASE_URL is set (a fresh test database, dropped afterwards).

    uv run python bench/bench_reminders.py [--registrants 10000]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_sink(port: int) -> None:
    """The SMTP server process: accept everything, report the count on stdin's EOF."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    received = {"messages": 0, "recipients": set()}

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            received["messages"] += 1
            received["recipients"].update(envelope.rcpt_tos)
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()  # the parent closes stdin when it is done
    controller.stop()
    print(f"{received['messages']} {len(received['recipients'])}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrants", type=int, default=10_000)
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        run_sink(args.sink)
        return

    data_dir = tempfile.mkdtemp(prefix="tinget-bench-reminders-")
    port = free_port()
    os.environ["TINGET_DATA_DIR"] = data_dir
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    os.environ["EMAIL_HOST"] = "127.0.0.1"
    os.environ["EMAIL_PORT"] = str(port)
    os.environ["LOG_LEVEL"] = "WARNING"  # django.tasks logs each task at INFO
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinget.settings")
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

    logging.getLogger("django.tasks").setLevel(logging.WARNING)  # one line per task otherwise

    from django.db import connection

    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            report = profiler.runcall(run, args.registrants)
            pstats.Stats(profiler).sort_stats(os.environ["BENCH_PROFILE"]).print_stats(30)
        else:
            report = run(args.registrants)
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
        sink.stdin.close()
        messages, recipients = (int(n) for n in sink.stdout.readline().split())
        sink.wait(timeout=30)

    print(f"database: {connection.vendor}")
    print(f"registrants: {args.registrants:,}")
    print(f"queued (rendered and stored): {report['queued']:,} in {report['queue_s']:.2f} s")
    print(f"sent over SMTP: {report['sent']:,} in {report['send_s']:.2f} s")
    print(f"arrived at the SMTP server: {messages:,} messages to {recipients:,} addresses")
    print(f"second tick: {report['second']} more reminders queued")
    print(f"total: {report['total_s']:.2f} s")
    print(f"reminder fan-out: {report['sent'] / report['total_s']:.0f} emails/s end to end")
    if messages != args.registrants or recipients != args.registrants or report["second"]:
        sys.exit("FAILED: every registrant must get exactly one reminder")


def run(count: int) -> dict:
    import datetime as dt

    from django.tasks.signals import task_started
    from django.utils import timezone

    from tinget.mailings import notify
    from tinget.mailings.models import OutboundEmail
    from tinget.programme.models import Series, Session
    from tinget.registrations.models import Registration

    now = timezone.now()
    series = Series.objects.create(
        slug="bench", title="Verdensmål i praksis", status=Series.Status.PUBLISHED
    )
    starts = now + dt.timedelta(hours=23, minutes=59)
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

    first_send = []

    def mark(sender, **kwargs):
        if not first_send:
            first_send.append(time.perf_counter())

    task_started.connect(mark)
    start = time.perf_counter()
    queued = notify.queue_due_reminders(now=now)
    end = time.perf_counter()
    second = notify.queue_due_reminders(now=now + dt.timedelta(minutes=1))
    sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count()
    send_start = first_send[0] if first_send else end
    return {
        "queued": queued,
        "sent": sent,
        "second": second,
        "queue_s": send_start - start,
        "send_s": end - send_start,
        "total_s": end - start,
    }


if __name__ == "__main__":
    main()
