"""`tinget tick`: the periodic work, for cron every minute or `--loop` in the demo."""

import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from tinget.periodic.round import run_periodic


class Command(BaseCommand):
    help = (
        "Queue the reminders that are due, expire unconfirmed sign-ups and sweep the outbox. "
        "Idempotent: safe to run every minute, and twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Run every --interval seconds until stopped."
        )
        parser.add_argument("--interval", type=float, default=60.0)

    def handle(self, *args, loop=False, interval=60.0, **options):
        if not loop:
            self._round()
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        while not stop.is_set():
            try:
                self._round()
            except Exception as error:  # keep the loop alive through a passing DB error
                self.stderr.write(f"tick failed: {type(error).__name__}: {error}")
            close_old_connections()
            stop.wait(interval)

    def _round(self):
        result = run_periodic(now=timezone.now())
        summary = " ".join(f"{key}={value}" for key, value in result.items())
        self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} tick: {summary}")
        self.stdout.flush()  # one line a minute in `make demo`'s log, not at exit
