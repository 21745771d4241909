"""Mail goes out through whichever Django mail backend is configured, not only SMTP."""

import pytest
from django.core import mail
from django.db import transaction

from tinget.mailings.models import OutboundEmail
from tinget.mailings.services import send_outbound

pytestmark = pytest.mark.django_db(transaction=True)


def _queued(to: str) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to=to, subject="Påmindelse", body_text="Vi ses i morgen kl. 09.00.", template="test"
    )


def test_send_outbound_delivers_through_the_in_memory_backend(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with transaction.atomic():
        first, second = _queued("a@example.dk"), _queued("b@example.dk")
    mail.outbox.clear()
    counts = send_outbound([first.pk, second.pk])
    assert counts["sent"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.dk", "b@example.dk"]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_send_outbound_writes_files_with_the_file_backend(settings, tmp_path):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    email = _queued("c@example.dk")
    assert send_outbound([email.pk])["sent"] == 1
    written = "".join(path.read_text() for path in tmp_path.iterdir())
    assert "To: c@example.dk" in written and "Vi ses i morgen" in written


def test_periodic_round_forgets_delivered_emails_after_the_retention_period(settings):
    from datetime import timedelta

    from django.utils import timezone

    from tinget.periodic.round import run_periodic

    settings.TINGET_OUTBOX_RETENTION_DAYS = 90
    now = timezone.now()
    old_sent = _queued("gammel@example.dk")
    recent_sent = _queued("ny@example.dk")
    old_queued = _queued("venter@example.dk")
    OutboundEmail.objects.filter(pk=old_sent.pk).update(
        status="sent", created_at=now - timedelta(days=91)
    )
    OutboundEmail.objects.filter(pk=recent_sent.pk).update(
        status="sent", created_at=now - timedelta(days=10)
    )
    OutboundEmail.objects.filter(pk=old_queued.pk).update(
        created_at=now - timedelta(days=91), next_attempt_at=now + timedelta(hours=1)
    )
    result = run_periodic(now=now)
    assert result["purged"] == 1
    assert set(OutboundEmail.objects.values_list("to", flat=True)) == {
        "ny@example.dk",
        "venter@example.dk",
    }
    assert run_periodic(now=now)["purged"] == 0
