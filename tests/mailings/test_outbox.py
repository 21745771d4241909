"""The outbox through a real SMTP server on loopback: what arrives, and that nothing is lost
or sent twice when the server is down, refuses, or two workers race."""

import datetime as dt
import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import ProgrammeItemFactory, SessionFactory
from tests.mailings.helpers import (
    attached_calendar,
    calendar_of,
    event_of,
    html_of,
    make_registration,
    parts,
    text_of,
)
from tinget.mailings import services
from tinget.mailings.models import OutboundEmail
from tinget.periodic.round import run_periodic
from tinget.registrations import notifications as notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    session = SessionFactory(
        title="Verdensmål i indkøb",
        series__title="Kommunerne som accelerator",
        series__contact_email="kontakt@csrforum.example.dk",
        starts_at=timezone.make_aware(dt.datetime(2027, 3, 2, 9, 0)),
        ends_at=timezone.make_aware(dt.datetime(2027, 3, 2, 10, 0)),
        join_url="https://teams.example.com/l/meetup-join/SECRET-abc",
    )
    ProgrammeItemFactory(session=session, time=dt.time(9, 10), title="Oplæg om indkøb")
    return session


def test_registered_email_arrives_with_danish_headers_parts_and_invite(
    smtp_server, session, django_capture_on_commit_callbacks, settings
):
    registration = make_registration(session, name="Mette Frederiksen", email="mette@aarhus.dk")
    with django_capture_on_commit_callbacks(execute=True):
        notify.registered(registration.pk)

    (received,) = smtp_server.messages
    message = received.message
    assert received.rcpt_tos == ["mette@aarhus.dk"]
    assert message["Subject"] == "Du er tilmeldt: Verdensmål i indkøb"
    assert message["To"] == "mette@aarhus.dk"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Reply-To"] == "kontakt@csrforum.example.dk"
    assert message["Message-ID"].startswith("<tinget.")
    assert message["Date"].datetime.tzinfo is not None
    # RFC 6047: the invite is an alternative (with method=) and also an attached file.
    assert parts(message) == [
        "0:multipart/mixed",
        "1:multipart/alternative",
        "2:text/plain",
        "2:text/html",
        "2:text/calendar",
        "1:application/ics",
    ]
    calendar_part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar_part.get_param("method") == "REQUEST"
    text = text_of(message)
    assert "Hej Mette Frederiksen" in text
    assert "tirsdag den 2. marts 2027 kl. 09.00-10.00" in text
    # The personal join link, never the meeting's own (it may change; the personal one not).
    assert reverse("registrations:join", kwargs={"token": registration.join_token}) in text
    assert "SECRET-abc" not in message.as_string()  # in no part, nor the invite
    assert reverse("registrations:manage", kwargs={"token": registration.token}) in text
    assert '<html lang="da">' in html_of(message)

    for calendar in (calendar_of(message), attached_calendar(message)):
        assert calendar["METHOD"] == "REQUEST"
        event = event_of(calendar)
        assert str(event["UID"]) == f"{session.uid}@tinget"
        assert event["SEQUENCE"] == 0
        join = reverse("registrations:join", kwargs={"token": registration.join_token})
        assert join in event["DESCRIPTION"]
        assert join in event["LOCATION"]
        assert str(event["ATTENDEE"]) == "mailto:mette@aarhus.dk"
        assert event["DTSTART"].dt == session.starts_at

    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert email.registration == registration


def test_email_is_sent_only_after_the_transaction_commits(
    smtp_server, session, django_capture_on_commit_callbacks
):
    registration = make_registration(session)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify.registered(registration.pk)
            assert OutboundEmail.objects.get().status == OutboundEmail.Status.QUEUED
            assert smtp_server.messages == []
        # The test's own transaction is still open: nothing has gone out yet.
        assert smtp_server.messages == []
    assert len(smtp_server.messages) == 1


def test_email_queued_in_a_rolled_back_transaction_is_never_sent(
    smtp_server, session, django_capture_on_commit_callbacks
):
    registration = make_registration(session)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify.registered(registration.pk)
        raise RuntimeError("the sign-up failed after queuing")
    assert callbacks == []
    assert OutboundEmail.objects.count() == 0
    assert smtp_server.messages == []


def test_english_registrant_gets_english_text_html_and_calendar(
    smtp_server, session, django_capture_on_commit_callbacks
):
    registration = make_registration(session, name="Jane Doe", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify.registered(registration.pk)
    message = smtp_server.messages[0].message
    assert message["Subject"] == "You are registered: Verdensmål i indkøb"
    assert message["Content-Language"] == "en"
    text = text_of(message)
    assert "Hello Jane Doe," in text
    assert "Tuesday 2 March 2027, 09:00–10:00" in text
    assert "/en/" in text  # links open the English pages
    assert '<html lang="en">' in html_of(message)
    description = str(event_of(calendar_of(message))["DESCRIPTION"])
    assert re.search(r"Join online: https?://\S+/en/deltag/\S+/", description)
    assert "teams.example.com" not in message.as_string()
    assert translation.get_language() == "da"  # the override did not leak


def test_html_email_is_accessible_markup_without_inline_style_attributes(
    smtp_server, session, django_capture_on_commit_callbacks
):
    registration = make_registration(session)
    with django_capture_on_commit_callbacks(execute=True):
        notify.registered(registration.pk)
    html = html_of(smtp_server.messages[0].message)
    assert "<title>Du er tilmeldt: Verdensmål i indkøb</title>" in html
    assert "<h1>Du er tilmeldt</h1>" in html
    assert 'style="' not in html
    join = reverse("registrations:join", kwargs={"token": registration.join_token})
    assert re.search(rf'<a href="https?://[^"]+{re.escape(join)}">', html)


def test_smtp_server_down_keeps_mail_queued_and_sends_each_once_when_back(
    smtp_server, session, django_capture_on_commit_callbacks
):
    people = [make_registration(session) for _ in range(3)]
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        for registration in people:
            notify.registered(registration.pk)

    emails = list(OutboundEmail.objects.order_by("pk"))
    assert [e.status for e in emails] == [OutboundEmail.Status.QUEUED] * 3
    assert all(e.attempts == 1 for e in emails)
    assert all("ConnectionRefusedError" in e.last_error for e in emails)
    assert all(e.next_attempt_at > timezone.now() for e in emails)

    # Before the retry is due, the periodic round leaves them alone.
    with django_capture_on_commit_callbacks(execute=True):
        run_periodic()
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED).count() == 3

    smtp_server.start()
    later = timezone.now() + dt.timedelta(minutes=10)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            run_periodic(now=later)

    received = sorted(m.rcpt_tos[0] for m in smtp_server.messages)
    assert received == sorted(r.email for r in people)
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert set(OutboundEmail.objects.values_list("attempts", flat=True)) == {2}


def test_recipient_refused_with_5xx_is_failed_with_the_reason(
    smtp_server, session, django_capture_on_commit_callbacks
):
    registration = make_registration(session, email="findesikke@kommune.example.dk")
    smtp_server.refuse("findesikke@kommune.example.dk", "550 5.1.1 No such user here")
    with django_capture_on_commit_callbacks(execute=True):
        notify.registered(registration.pk)
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.FAILED
    assert "550" in email.last_error and "No such user" in email.last_error
    # A failed row is final: the sweeper does not try it again.
    with django_capture_on_commit_callbacks(execute=True):
        run_periodic(now=timezone.now() + dt.timedelta(days=1))
    assert smtp_server.messages == []


def test_recipient_refused_with_4xx_is_retried_later_with_backoff(
    smtp_server, session, django_capture_on_commit_callbacks
):
    registration = make_registration(session, email="fuld@kommune.example.dk")
    smtp_server.refuse("fuld@kommune.example.dk", "452 4.2.2 Mailbox full, try later")
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        notify.registered(registration.pk)
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.QUEUED
    assert "452" in email.last_error
    assert before + dt.timedelta(seconds=29) < email.next_attempt_at
    assert email.next_attempt_at < before + dt.timedelta(minutes=2)

    smtp_server.refusals.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_periodic(now=timezone.now() + dt.timedelta(minutes=5))
    assert [m.rcpt_tos for m in smtp_server.messages] == [["fuld@kommune.example.dk"]]
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.last_error == ""


def test_backoff_doubles_and_is_capped():
    assert [services.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert services.backoff(20) == dt.timedelta(hours=2)


def test_too_many_attempts_marks_the_email_failed(
    smtp_server, session, django_capture_on_commit_callbacks, settings
):
    settings.TINGET_EMAIL_MAX_ATTEMPTS = 2
    registration = make_registration(session)
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        notify.registered(registration.pk)
    with django_capture_on_commit_callbacks(execute=True):
        run_periodic(now=timezone.now() + dt.timedelta(hours=1))
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 2
    assert email.last_error.startswith("gave up after 2 attempts")


def test_two_workers_sending_the_same_email_send_it_once(smtp_server, session):
    registration = make_registration(session)
    email = notify.registered(registration.pk)  # on_commit never fires in this test
    assert services.claim(email.pk) is True
    assert services.claim(email.pk) is False
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.QUEUED)

    first = services.send_outbound([email.pk])
    second = services.send_outbound([email.pk])
    assert first["sent"] == 1
    assert second == {"sent": 0, "retry": 0, "failed": 0, "skipped": 1}
    assert len(smtp_server.messages) == 1


def test_sweeper_resends_an_email_stuck_in_sending_once(
    smtp_server, session, django_capture_on_commit_callbacks
):
    registration = make_registration(session)
    email = notify.registered(registration.pk)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.SENDING,
        sending_since=timezone.now() - dt.timedelta(minutes=11),
        attempts=1,
    )
    recent = notify.already_registered(registration.pk)
    OutboundEmail.objects.filter(pk=recent.pk).update(
        status=OutboundEmail.Status.SENDING, sending_since=timezone.now() - dt.timedelta(minutes=3)
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            result = services.sweep_outbox()
    assert result == {"reset": 0, "requeued": 0}
    assert [m.message["Subject"] for m in smtp_server.messages] == [
        "Du er tilmeldt: Verdensmål i indkøb"
    ]
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    # The one that has been sending for three minutes may still be in a live worker.
    assert OutboundEmail.objects.get(pk=recent.pk).status == OutboundEmail.Status.SENDING


def test_same_dedupe_key_queues_one_email(session):
    registration = make_registration(session)
    kwargs = {
        "to": registration.email,
        "template": "reminder_1h_to_registrant",
        "context": notify._registration_context(registration),
        "language": "da",
        "dedupe_key": "reminder-1h:test",
    }
    first = services.queue_email(**kwargs)
    second = services.queue_email(**kwargs)
    assert first.pk == second.pk
    assert (first.is_new, second.is_new) == (True, False)
    assert OutboundEmail.objects.count() == 1


def test_bulk_queue_skips_keys_another_tick_already_stored(session):
    people = [make_registration(session) for _ in range(3)]

    def build(registration):
        return services.build_email(
            to=registration.email,
            template="reminder_24h_to_registrant",
            context=notify._registration_context(registration),
            language="da",
            registration=registration,
            dedupe_key=f"reminder-24h:{registration.pk}:test",
        )

    first = services.queue_emails([build(r) for r in people[:2]])
    second = services.queue_emails([build(r) for r in people])
    assert len(first) == 2
    assert len(second) == 1
    assert OutboundEmail.objects.get(pk=second[0]).to == people[2].email
    assert OutboundEmail.objects.count() == 3


def test_one_smtp_connection_sends_a_whole_batch(smtp_server, session):
    people = [make_registration(session) for _ in range(5)]
    ids = [notify.registered(r.pk).pk for r in people]
    result = services.send_outbound(ids)
    assert result["sent"] == 5
    assert len(smtp_server.messages) == 5
    assert len({m.rcpt_tos[0] for m in smtp_server.messages}) == 5
