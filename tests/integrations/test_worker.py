"""The production path: the database task backend and a real `tinget db_worker` process
deliver the webhook queue to a receiver on loopback. Transactional: the worker must see
committed rows."""

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

from tests.registrations.conftest import registrant
from tinget.integrations.models import WebhookDelivery
from tinget.registrations import services as registrations

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def run_worker():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
        url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TINGET_DATA_DIR": str(django_settings.DATA_DIR),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_SETTINGS_MODULE": "tinget.settings",
        # The receiver is on loopback over plain HTTP.
        "TINGET_WEBHOOK_ALLOW_HTTP": "1",
        # The worker only sends mail to nowhere in this test.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    subprocess.run(
        [sys.executable, "-m", "tinget.cli", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_worker_delivers_after_the_receiver_was_down(database_tasks, endpoint, receiver, session):
    receiver.stop()
    anna = registrations.register_for_session(session_id=session.pk, registrant=registrant())
    registrations.confirm_registration(registration_id=anna.pk)
    assert receiver.ids == []  # stored and enqueued; nothing leaves before a worker runs

    run_worker()
    first, second = WebhookDelivery.objects.order_by("pk")
    assert (first.status, first.attempts, second.attempts) == ("pending", 1, 0)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == first.next_attempt_at

    receiver.start()
    # Time passes: the retry falls due.
    now = timezone.now()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=now)
    WebhookDelivery.objects.update(next_attempt_at=now)
    run_worker()
    assert receiver.types_for(anna.pk) == ["registration.created", "registration.confirmed"]
    assert receiver.bad_signatures == 0
    assert len(receiver.ids) == len(set(receiver.ids)) == 2
    run_worker()
    assert len(receiver.ids) == 2
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
