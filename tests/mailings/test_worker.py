"""The production path: the database task backend and a real `tinget db_worker` process
send the outbox. Transactional tests: the worker must see committed rows."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import SessionFactory
from tests.mailings.helpers import make_registration
from tinget.mailings.models import OutboundEmail
from tinget.registrations import notifications as notify

# Plain transactional tests (as tests/registrations/test_race.py): serialized_rollback
# clashes with content types re-created by an earlier flush in the same process.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def run_worker(smtp_server):
    """`tinget db_worker --batch` in its own process, on this test's database and SMTP."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TINGET_DATA_DIR": str(django_settings.DATA_DIR),
        "EMAIL_HOST": smtp_server.host,
        "EMAIL_PORT": str(smtp_server.port),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_SETTINGS_MODULE": "tinget.settings",
    }
    subprocess.run(
        [sys.executable, "-m", "tinget.cli", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_db_worker_sends_what_the_commit_enqueued(smtp_server, database_tasks):
    registration = make_registration(SessionFactory(title="Biodiversitet"))
    notify.registered(registration.pk)  # autocommit: the task is enqueued at once
    # Queued and enqueued, but nothing leaves before a worker runs.
    assert DBTaskResult.objects.count() == 1
    assert smtp_server.messages == []

    run_worker(smtp_server)
    assert [m.message["Subject"] for m in smtp_server.messages] == ["Du er tilmeldt: Biodiversitet"]
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


def test_transient_failure_schedules_a_deferred_retry_task(smtp_server, database_tasks):
    registration = make_registration(SessionFactory())
    smtp_server.stop()
    notify.registered(registration.pk)
    run_worker(smtp_server)

    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.QUEUED
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after == email.next_attempt_at
    assert retry.args_kwargs["args"] == [email.pk]
    assert email.next_attempt_at - timezone.now() < dt.timedelta(seconds=31)

    # The worker leaves the retry until it is due; then it is sent once.
    smtp_server.start()
    run_worker(smtp_server)
    assert smtp_server.messages == []
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker(smtp_server)
    assert len(smtp_server.messages) == 1
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
