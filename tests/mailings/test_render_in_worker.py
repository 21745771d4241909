"""A registrant's email is rendered by the worker, from what the outbox row stores: the
request stores the address, the kind of email and the values fixed at that moment; the
text, the HTML and the invite are made just before sending (tinget/mailings/rendering.py)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, OrganisationFactory, SessionFactory
from tests.mailings.helpers import calendar_of, event_of, make_registration, text_of
from tinget.mailings import rendering, services
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import Membership, SeriesPartner, Session
from tinget.registrations import notifications as notify
from tinget.registrations import services as registration_services
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return SessionFactory(
        title="Verdensmål i indkøb",
        series__title="Kommunerne som accelerator",
        series__contact_email="kontakt@csrforum.example.dk",
        starts_at=timezone.make_aware(dt.datetime(2027, 3, 2, 9, 0)),
        ends_at=timezone.make_aware(dt.datetime(2027, 3, 2, 10, 0)),
        capacity=10,
    )


def stored(email_id: int) -> dict:
    """The row as the database holds it (not through the model, which fills in the text)."""
    return OutboundEmail.objects.filter(pk=email_id).values().get()


def test_the_request_stores_no_text_and_the_worker_sends_the_rendered_invite(smtp_server, session):
    registration = make_registration(session, name="Mette Frederiksen", email="mette@aarhus.dk")
    email = notify.registered(registration.pk)  # in the test's transaction: nothing sent yet

    row = stored(email.pk)
    assert row["body_text"] == row["body_html"] == row["subject"] == ""
    assert row["attachments"] == []
    assert row["to"] == "mette@aarhus.dk"
    assert row["reply_to"] == "kontakt@csrforum.example.dk"
    assert row["template"] == "registered_to_registrant"
    assert row["render"] == {
        "renderer": "registrant",
        "params": {"event": "registered", "context": {}, "calendar": "REQUEST", "sequence": 0},
    }

    counts = services.send_outbound([email.pk])  # what the worker does

    assert counts["sent"] == 1
    (received,) = smtp_server.messages
    message = received.message
    assert message["Subject"] == "Du er tilmeldt: Verdensmål i indkøb"
    text = text_of(message)
    assert "Hej Mette Frederiksen" in text
    assert "tirsdag den 2. marts 2027 kl. 09.00-10.00" in text
    assert reverse("registrations:join", kwargs={"token": registration.join_token}) in text
    event = event_of(calendar_of(message))
    assert str(event["SUMMARY"]) == "Verdensmål i indkøb"
    assert int(event["SEQUENCE"]) == 0
    # The row now records what was sent, and is never rendered again.
    row = stored(email.pk)
    assert row["status"] == "sent"
    assert row["render"] is None
    assert row["subject"] == "Du er tilmeldt: Verdensmål i indkøb"
    assert "Hej Mette Frederiksen" in row["body_text"]
    assert row["attachments"][0]["filename"] == "invitation.ics"


def test_a_reader_sees_the_email_as_it_will_be_sent_before_it_is(session):
    registration = make_registration(
        session, status=Registration.Status.PENDING, name="Bo Jensen", email="bo@kolding.dk"
    )
    email = notify.confirm_email(registration.pk)

    loaded = OutboundEmail.objects.get(pk=email.pk)
    assert loaded.subject.startswith("Bekræft")
    confirm = reverse("registrations:confirm", kwargs={"token": registration.token})
    assert confirm in loaded.body_text and confirm in loaded.body_html
    # Reading changed nothing in the database.
    assert stored(email.pk)["body_text"] == ""


def test_the_waiting_list_place_is_the_one_at_the_moment_of_the_decision(smtp_server, session):
    first = make_registration(session, status=Registration.Status.WAITING, email="a@x.dk")
    second = make_registration(session, status=Registration.Status.WAITING, email="b@x.dk")
    email = notify.waitlisted(second.pk)
    assert stored(email.pk)["render"]["params"]["context"] == {"position": 2}
    # The first person gets a seat before the worker renders: the email still says what was
    # true when the person joined the list.
    Registration.objects.filter(pk=first.pk).update(status=Registration.Status.CONFIRMED)

    services.send_outbound([email.pk])

    (received,) = smtp_server.messages
    assert "nummer 2" in text_of(received.message)


def test_a_worker_that_died_after_rendering_sends_it_once_later(smtp_server, session):
    registration = make_registration(session, email="mette@aarhus.dk")
    email = notify.registered(registration.pk)
    # A worker claimed the row and rendered it (in memory), then died before sending.
    assert services.claim_many([email.pk]) == {email.pk}
    rendering.fill(email, rendering.render(email))
    OutboundEmail.objects.filter(pk=email.pk).update(
        sending_since=timezone.now() - dt.timedelta(hours=1)
    )
    assert smtp_server.messages == []

    # The sweep gives the row back; the next worker renders it again and sends it, once.
    assert services.sweep_outbox()["reset"] == 1
    services.send_outbound([email.pk])
    services.send_outbound([email.pk])

    (received,) = smtp_server.messages
    assert received.rcpt_tos == ["mette@aarhus.dk"]
    assert stored(email.pk)["status"] == "sent"


def test_a_registration_gone_before_the_worker_renders_sends_nothing(smtp_server, session):
    registration = make_registration(session, email="mette@aarhus.dk")
    email = notify.registered(registration.pk)
    Registration.objects.filter(pk=registration.pk).delete()

    counts = services.send_outbound([email.pk])

    assert counts == {"sent": 0, "retry": 0, "failed": 1, "skipped": 0}
    assert smtp_server.messages == []
    row = stored(email.pk)
    assert row["status"] == "failed"
    assert "could not be rendered" in row["last_error"]


def test_a_registration_cancelled_before_the_worker_sends_gets_no_you_are_registered(
    smtp_server, session, client
):
    registration = make_registration(session, name="Mette Frederiksen", email="mette@aarhus.dk")
    registered = notify.registered(registration.pk)
    # The person cancels before the worker got to the "You are registered".
    registration_services.cancel_registration(registration_id=registration.pk)
    cancelled = OutboundEmail.objects.get(
        registration=registration, template="cancelled_to_registrant"
    )

    counts = services.send_outbound([registered.pk, cancelled.pk])

    assert counts["sent"] == 1
    (received,) = smtp_server.messages
    assert received.message["Subject"].startswith("Din tilmelding er annulleret")
    assert "Du er tilmeldt" not in text_of(received.message)
    row = stored(registered.pk)
    assert row["status"] == "failed"
    assert row["last_error"].startswith("not sent:")
    # The organiser's outbox says why, in Danish.
    partner = OrganisationFactory()
    SeriesPartner.objects.create(series=session.series, organisation=partner)
    client.force_login(MembershipFactory(organisation=partner, role=Membership.Role.EDITOR).user)
    page = client.get(reverse("backoffice:outbox", kwargs={"slug": session.series.slug}))
    html = page.content.decode()
    assert "Ikke sendt: tilmeldingen ændrede sig" in html
    # Sending it again would only say what is no longer true: not offered.
    retry = reverse(
        "backoffice:outbox_retry", kwargs={"slug": session.series.slug, "pk": registered.pk}
    )
    assert retry not in html


def test_a_registration_cancelled_while_its_email_waits_for_a_retry_gets_no_you_are_registered(
    smtp_server, session
):
    registration = make_registration(session, name="Mette Frederiksen", email="mette@aarhus.dk")
    registered = notify.registered(registration.pk)
    # The recipient's server says "later" the first time.
    smtp_server.refuse("mette@aarhus.dk", "451 4.2.0 Mailbox busy, try again later")
    assert services.send_outbound([registered.pk])["retry"] == 1
    assert stored(registered.pk)["status"] == "queued"
    # Meanwhile the person cancels; then the server takes mail again.
    registration_services.cancel_registration(registration_id=registration.pk)
    smtp_server.refusals.clear()
    cancelled = OutboundEmail.objects.get(
        registration=registration, template="cancelled_to_registrant"
    )

    services.send_outbound([registered.pk, cancelled.pk])

    subjects = [received.message["Subject"] for received in smtp_server.messages]
    assert subjects == ["Din tilmelding er annulleret: Verdensmål i indkøb"]
    row = stored(registered.pk)
    assert row["status"] == "failed" and row["last_error"].startswith("not sent:")


def test_a_session_cancelled_before_the_worker_sends_gets_no_you_are_registered(
    smtp_server, session
):
    registration = make_registration(session, name="Mette Frederiksen", email="mette@aarhus.dk")
    registered = notify.registered(registration.pk)
    # The organisers cancel the session before the worker got to the "You are registered".
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    notify.session_cancelled(session.pk)
    cancelled = OutboundEmail.objects.get(
        registration=registration, template="session_cancelled_to_registrant"
    )

    services.send_outbound([registered.pk, cancelled.pk])

    subjects = [received.message["Subject"] for received in smtp_server.messages]
    assert subjects == ["Aflyst: Verdensmål i indkøb"]
    row = stored(registered.pk)
    assert row["status"] == "failed" and "the session is cancelled" in row["last_error"]
