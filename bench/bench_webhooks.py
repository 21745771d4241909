"""Webhook figures: storing messages in the change's transaction, and delivering them.

A throwaway SQLite data directory (deleted afterwards); one endpoint; a receiver on loopback
(a threaded http.server that checks every Standard Webhooks signature). Prints:

* emit: the time to store one message (body rendered, row written) inside a transaction;
* delivery: 1,000 messages for 100 registrations (10 each, so the order per registration is
  kept) through `deliver_endpoint` rounds, as the worker runs them: messages/s end to end.

`make bench` runs this; or `uv run python bench/bench_webhooks.py`.
"""

import os
import shutil
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA_DIR = Path(tempfile.mkdtemp(prefix="tinget-bench-webhooks-"))
os.environ.update(
    {
        "TINGET_DATA_DIR": str(DATA_DIR),
        "DJANGO_SETTINGS_MODULE": "tinget.settings",
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
        # The receiver is on loopback over plain HTTP (production refuses that).
        "TINGET_WEBHOOK_ALLOW_HTTP": "1",
    }
)
os.environ.pop("DATABASE_URL", None)

MESSAGES = 1_000
PER_KEY = 10


def receiver(secret_box: dict, seen: list):
    from tinget.integrations.webhooks import verify

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["content-length"]))
            ok = verify(secret_box["secret"], self.headers, body)
            seen.append((self.headers["webhook-id"], ok))
            self.send_response(204 if ok else 401)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    import django

    django.setup()
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import transaction

    from tinget.integrations import webhooks
    from tinget.integrations.models import WebhookDelivery, WebhookEndpoint, new_webhook_secret
    from tinget.programme.models import Organisation, Series, SeriesPartner

    call_command("migrate", verbosity=0)
    secret_box: dict = {}
    seen: list = []
    server = receiver(secret_box, seen)
    organisation = Organisation.objects.create(name="Partner", slug="partner")
    series = Series.objects.create(slug="bench", title="Bench")
    SeriesPartner.objects.create(series=series, organisation=organisation)
    endpoint = WebhookEndpoint(
        organisation=organisation,
        url=f"http://127.0.0.1:{server.server_address[1]}/hook",
        event_types=webhooks.EventType.values,
    )
    endpoint.secret = new_webhook_secret()
    endpoint.save()
    secret_box["secret"] = endpoint.secret

    data = {"registration": {"id": 0, "status": "confirmed", "person": {"name": "Anna"}}}
    start = time.perf_counter()
    with transaction.atomic():
        for index in range(MESSAGES):
            webhooks.emit(
                "registration.confirmed",
                series_id=series.pk,
                ordering_key=f"registration:{index // PER_KEY}",
                data=data,
            )
    emit_ms = (time.perf_counter() - start) * 1000 / MESSAGES
    print(f"emit: {emit_ms:.2f} ms per stored message ({MESSAGES:,} in one transaction)")

    start = time.perf_counter()
    rounds = 0
    while WebhookDelivery.objects.filter(status="pending").exists():
        counts = webhooks.deliver_endpoint(endpoint.pk)
        rounds += 1
        if not counts["delivered"]:
            raise SystemExit(f"a round delivered nothing: {counts}")
    elapsed = time.perf_counter() - start
    assert len(seen) == MESSAGES and all(ok for _, ok in seen), "a signature failed"
    assert len({webhook_id for webhook_id, _ in seen}) == MESSAGES
    print(
        f"delivery: {MESSAGES:,} signed messages to a loopback receiver in {elapsed:.2f} s, "
        f"{MESSAGES / elapsed:.0f} messages/s ({rounds} rounds, one worker, SQLite)"
    )
    print(f"BENCH webhook_emit_ms {emit_ms:.2f} ms")
    print(f"BENCH webhook_delivery_rate {MESSAGES / elapsed:.0f} messages/s")
    server.shutdown()


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
