"""A batch goes out over several SMTP connections at once, pipelined where the server says
it can; a worker killed mid-batch has marked everything the server took, so nothing is sent
twice and nothing is lost (tinget/mailings/smtp.py)."""

import datetime as dt
import os
import signal
import smtplib
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from tests.factories import SessionFactory
from tests.mailings.helpers import make_registration, text_of
from tests.mailings.test_worker import ROOT, database_url, run_worker
from tinget.mailings import services
from tinget.mailings.models import OutboundEmail
from tinget.mailings.smtp import sendmail
from tinget.registrations import notifications as notify


def due_reminders(count: int) -> list[int]:
    """`count` 24-hour reminders queued (plain emails, no attachment), their ids."""
    starts = timezone.now() + dt.timedelta(hours=23, minutes=50)
    session = SessionFactory(
        title="Cirkulær økonomi", starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    for n in range(count):
        make_registration(session, name=f"Deltager {n}", email=f"deltager{n}@kommune.example.dk")
    assert notify.queue_due_reminders() == count
    return list(OutboundEmail.objects.order_by("pk").values_list("pk", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("pipelining", [True, False])
def test_a_batch_goes_over_several_connections_each_message_once(smtp_server, settings, pipelining):
    settings.TINGET_SMTP_CONNECTIONS = 4
    smtp_server.pipelining = pipelining
    smtp_server.refuse("deltager7@kommune.example.dk")
    ids = due_reminders(120)

    counts = services.send_outbound(ids)

    assert counts == {"sent": 119, "retry": 0, "failed": 1, "skipped": 0}
    addresses = Counter(m.rcpt_tos[0] for m in smtp_server.messages)
    assert len(addresses) == 119 and set(addresses.values()) == {1}
    assert "deltager7@kommune.example.dk" not in addresses
    assert len({m.peer for m in smtp_server.messages}) == 4  # four connections
    first = next(m for m in smtp_server.messages if m.rcpt_tos == ["deltager3@kommune.example.dk"])
    assert "Hej Deltager 3" in text_of(first.message)
    assert "Cirkulær økonomi" in first.message["Subject"]
    refused = OutboundEmail.objects.get(to="deltager7@kommune.example.dk")
    assert refused.status == "failed" and "550" in refused.last_error
    assert OutboundEmail.objects.filter(status="sent").count() == 119


def test_pipelined_sendmail_needs_the_servers_word(smtp_server):
    message = b"Subject: test\r\n\r\n.a line that starts with a dot\r\n"
    for pipelining in (False, True):
        smtp_server.pipelining = pipelining
        with smtplib.SMTP(smtp_server.host, smtp_server.port) as connection:
            sendmail(connection, "noreply@tinget.dk", "a@example.dk", message)
            assert connection.has_extn("pipelining") is pipelining
    assert [m.raw.replace(b"\r\n", b"\n") for m in smtp_server.messages] == [
        b"Subject: test\n\n.a line that starts with a dot\n"
    ] * 2


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_sends_nothing_twice_and_loses_nothing(smtp_server, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    smtp_server.pipelining = True
    ids = due_reminders(120)
    # After 30 messages the server stops answering DATA: every connection waits mid-message.
    smtp_server.hold_after(30)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TINGET_DATA_DIR": str(django_settings.DATA_DIR),
        "EMAIL_HOST": smtp_server.host,
        "EMAIL_PORT": str(smtp_server.port),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_SETTINGS_MODULE": "tinget.settings",
        "TINGET_SMTP_CONNECTIONS": "4",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "tinget.cli", "db_worker", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        sent = OutboundEmail.objects.filter(status="sent")
        while time.monotonic() < deadline:
            if len(smtp_server.messages) >= 30 and sent.count() == len(smtp_server.messages):
                break
            time.sleep(0.1)
        # Every message the server took is marked sent already: the marks do not wait for
        # the end of the batch.
        assert len(smtp_server.messages) == sent.count() == 30
        assert OutboundEmail.objects.filter(status="sending").count() > 0
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    smtp_server.release(refuse=True)  # the dead worker's held messages were never taken
    time.sleep(0.5)
    smtp_server.refuse_held = False

    # The sweep gives the dead worker's rows back; the next worker sends them.
    reset = services.sweep_outbox(now=timezone.now() + dt.timedelta(minutes=11))
    assert reset["reset"] == 120 - 30
    run_worker(smtp_server)

    addresses = Counter(m.rcpt_tos[0] for m in smtp_server.messages)
    assert len(addresses) == 120
    assert set(addresses.values()) == {1}
    assert OutboundEmail.objects.filter(status="sent").count() == len(ids) == 120
