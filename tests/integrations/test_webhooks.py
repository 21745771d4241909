"""Signed webhooks delivered to a real HTTP receiver on loopback (integration tests)."""

import base64
import datetime as dt
import json

import pytest
from django.db import transaction
from django.utils import timezone

from tests.factories import JOIN_URL, OrganisationFactory
from tests.registrations.conftest import registrant
from tinget.integrations import services, webhooks
from tinget.integrations.models import EventType, WebhookDelivery
from tinget.programme import services as programme
from tinget.registrations import services as registrations

pytestmark = pytest.mark.django_db


def retry_round(now):
    """What the worker does when the retries fall due (`deliver_webhooks` per endpoint)."""
    for endpoint_id in set(WebhookDelivery.objects.values_list("endpoint_id", flat=True)):
        webhooks.deliver_endpoint(endpoint_id, now=now)


def sign_up(session, email, **fields):
    return registrations.register_for_session(
        session_id=session.pk, registrant=registrant(email, **fields)
    )


def test_signature_matches_the_standard_webhooks_test_vector():
    # The example of the Standard Webhooks specification's reference libraries.
    signature = webhooks.sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        '{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_secret_is_standard_and_stored_encrypted(endpoint):
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.secret not in endpoint.secret_encrypted


def test_registration_lifecycle_arrives_signed_and_in_order(
    endpoint, receiver, session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        anna = sign_up(session, "anna@example.dk")
        registrations.confirm_registration(registration_id=anna.pk)
        bo = sign_up(session, "bo@example.dk")
        registrations.confirm_registration(registration_id=bo.pk)  # waiting list
        registrations.cancel_registration(registration_id=anna.pk)  # Bo moves up

    assert receiver.bad_signatures == 0
    assert receiver.types_for(anna.pk) == [
        "registration.created",
        "registration.confirmed",
        "registration.cancelled",
    ]
    # Bo confirmed onto the waiting list (no seat: not "confirmed"), then moved up.
    assert receiver.types_for(bo.pk) == [
        "registration.created",
        "registration.waitlisted",
        "registration.promoted",
    ]
    bos = [m for m in receiver.processed if m["data"]["registration"]["id"] == bo.pk]
    assert [m["data"]["registration"]["status"] for m in bos] == ["pending", "waiting", "confirmed"]
    assert len(set(receiver.ids)) == len(receiver.ids) == 6
    promoted = receiver.processed[-1]["data"]
    assert promoted["registration"]["status"] == "confirmed"
    assert promoted["session"]["title"] == "Verdensmål i praksis"
    for message in receiver.processed:
        assert "meetup-join" not in json.dumps(message)
        assert message["data"]["session"]["url"].endswith(f"/{session.pk}/")


def test_a_person_put_on_the_waiting_list_is_never_reported_as_confirmed(
    editor, partner, receiver, session, settings, django_capture_on_commit_callbacks
):
    # A partner that wants to hear only of seats taken (and one that wants the waiting list).
    settings.TINGET_WEBHOOK_ALLOW_HTTP = True
    seats_only = services.create_webhook_endpoint(
        user=editor,
        organisation=partner,
        url=receiver.url,
        event_types=[EventType.REGISTRATION_CONFIRMED],
    )
    receiver.secret = seats_only.secret
    with django_capture_on_commit_callbacks(execute=True):
        anna = sign_up(session, "anna@example.dk")
        registrations.confirm_registration(registration_id=anna.pk)  # the only seat
        bo = sign_up(session, "bo@example.dk")
        registrations.confirm_registration(registration_id=bo.pk)  # waiting list
    assert receiver.bad_signatures == 0
    assert receiver.types_for(anna.pk) == ["registration.confirmed"]
    assert receiver.types_for(bo.pk) == []
    assert [m["data"]["registration"]["status"] for m in receiver.processed] == ["confirmed"]
    assert [row.event_type for row in WebhookDelivery.objects.all()] == ["registration.confirmed"]

    waiting_too = services.create_webhook_endpoint(
        user=editor,
        organisation=partner,
        url=receiver.url,
        event_types=[EventType.REGISTRATION_CONFIRMED, EventType.REGISTRATION_WAITLISTED],
    )
    receiver.secret = waiting_too.secret
    with django_capture_on_commit_callbacks(execute=True):
        cy = sign_up(session, "cy@example.dk")
        registrations.confirm_registration(registration_id=cy.pk)
    assert receiver.types_for(cy.pk) == ["registration.waitlisted"]  # once, to the second
    message = next(m for m in receiver.processed if m["data"]["registration"]["id"] == cy.pk)
    assert message["data"]["registration"]["status"] == "waiting"
    assert message["data"]["registration"]["waitlisted_at"]


def test_personal_data_only_as_far_as_the_consent_text_names_it(
    endpoint, receiver, session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(
            session,
            "anna@example.dk",
            consent_text="Jeg accepterer, at partnerne får mit navn og min e-mail.",
        )
        sign_up(session, "bo@example.dk", consent_text="")
    anna, bo = (message["data"]["registration"]["person"] for message in receiver.processed)
    assert anna == {"name": "Anna Andersen", "email": "anna@example.dk"}
    assert bo == {}


def test_receiver_down_everything_arrives_later_in_order_once(
    endpoint, receiver, session, django_capture_on_commit_callbacks
):
    receiver.stop()
    with django_capture_on_commit_callbacks(execute=True):
        anna = sign_up(session, "anna@example.dk")
        registrations.confirm_registration(registration_id=anna.pk)
        registrations.cancel_registration(registration_id=anna.pk)
        bo = sign_up(session, "bo@example.dk")
    rows = WebhookDelivery.objects.order_by("pk")
    assert [row.status for row in rows] == ["pending"] * 4
    # The first message of each registration was tried and is waiting for its retry; the
    # ones behind it were held back.
    # (Bo's was not tried: the round stops when the receiver cannot be reached.)
    assert [row.attempts for row in rows] == [1, 0, 0, 1]
    assert "ConnectError" in rows[0].last_error

    receiver.start()  # same port
    # The first retry is not due yet: nothing is sent.
    retry_round(timezone.now())
    assert receiver.processed == []
    # Half a minute later the retries go out, each registration's in order.
    receiver.fail_next = 1  # one more hiccup: answered 500, retried with the same id
    later = timezone.now() + dt.timedelta(minutes=1)
    for minutes in (1, 5, 15):
        retry_round(later + dt.timedelta(minutes=minutes))
    assert receiver.types_for(anna.pk) == [
        "registration.created",
        "registration.confirmed",
        "registration.cancelled",
    ]
    assert receiver.types_for(bo.pk) == ["registration.created"]
    assert receiver.bad_signatures == 0
    assert len(receiver.ids) == 5  # four messages, one of them twice after the 500
    assert len(set(receiver.ids)) == 4
    assert all(row.status == "delivered" for row in WebhookDelivery.objects.all())
    # Nothing is sent again.
    retry_round(later + dt.timedelta(hours=3))
    assert len(receiver.ids) == 5
    log = WebhookDelivery.objects.get(webhook_id=receiver.ids[-1]).log.order_by("at")
    assert [entry.status_code for entry in log][-1] == 204


def test_gives_up_after_about_a_day_then_later_messages_go(
    endpoint, receiver, session, django_capture_on_commit_callbacks
):
    receiver.fail_next = 100
    with django_capture_on_commit_callbacks(execute=True):
        anna = sign_up(session, "anna@example.dk")
        registrations.confirm_registration(registration_id=anna.pk)
    first, second = WebhookDelivery.objects.order_by("pk")
    now = timezone.now()
    for _ in range(20):
        row = WebhookDelivery.objects.get(pk=first.pk)
        if row.status != "pending":
            break
        now = row.next_attempt_at + dt.timedelta(seconds=1)
        retry_round(now)
    first.refresh_from_db()
    assert first.status == WebhookDelivery.Status.FAILED
    assert first.attempts == len(webhooks.RETRY_DELAYS) + 1
    assert dt.timedelta(hours=20) < now - first.created_at < dt.timedelta(hours=26)
    assert first.last_status_code == 500
    # The failed message no longer holds the next one back: it was tried at once.
    second.refresh_from_db()
    assert second.attempts == 1
    receiver.fail_next = 0
    retry_round(now + dt.timedelta(minutes=1))
    assert receiver.types_for(anna.pk) == ["registration.confirmed"]


def test_disabled_and_unrelated_endpoints_get_nothing(
    endpoint, receiver, editor, session, django_capture_on_commit_callbacks
):
    other = OrganisationFactory(name="Ikke partner")
    services.create_webhook_endpoint(
        user=_superuser(), organisation=other, url=receiver.url, event_types=EventType.values
    )
    picky = services.create_webhook_endpoint(
        user=editor,
        organisation=endpoint.organisation,
        url=receiver.url,
        event_types=[EventType.SESSION_CANCELLED],
    )
    services.set_webhook_endpoint_active(user=editor, endpoint=endpoint, active=False)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(session, "anna@example.dk")
    assert receiver.ids == []
    assert not WebhookDelivery.objects.exists()
    assert picky.deliveries.count() == 0


def _superuser():
    from tests.factories import UserFactory

    return UserFactory(username="admin", is_superuser=True)


def test_session_events(endpoint, receiver, editor, series, django_capture_on_commit_callbacks):
    starts = timezone.now() + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        session = programme.create_session(
            user=editor,
            series=series,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            join_url=JOIN_URL,
        )
        programme.update_session(
            user=editor,
            session=session,
            starts_at=starts + dt.timedelta(hours=1),
            ends_at=starts + dt.timedelta(hours=2),
        )
        programme.cancel_session(user=editor, session=session)
    assert [message["type"] for message in receiver.processed] == [
        "session.created",
        "session.changed",
        "session.cancelled",
    ]
    changed = receiver.processed[1]["data"]["session"]
    assert changed["starts_at"] == (starts + dt.timedelta(hours=1)).isoformat()
    assert "HEMMELIGT" not in json.dumps(receiver.processed)


def test_production_refuses_local_addresses_at_delivery(
    endpoint, receiver, session, settings, django_capture_on_commit_callbacks
):
    # An endpoint stored with a loopback address (the form refuses those in production).
    settings.TINGET_WEBHOOK_ALLOW_HTTP = False
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(session, "anna@example.dk")
    assert receiver.ids == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.last_error == "refused: the address is not https"
    assert webhooks.refused_address("https://127.0.0.1/hook").endswith("private or local address")
    assert webhooks.refused_address("https://[::1]/hook").endswith("private or local address")


def test_sweep_resets_stuck_rows_and_forgets_old_messages(
    endpoint, receiver, session, django_capture_on_commit_callbacks
):
    receiver.stop()
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(session, "anna@example.dk")
        sign_up(session, "bo@example.dk")
    stuck, old = WebhookDelivery.objects.order_by("pk")
    long_ago = timezone.now() - dt.timedelta(days=40)
    # A worker died while sending one; the other was delivered long ago.
    WebhookDelivery.objects.filter(pk=stuck.pk).update(status="sending", sending_since=long_ago)
    WebhookDelivery.objects.filter(pk=old.pk).update(status="delivered", created_at=long_ago)
    receiver.start()
    with django_capture_on_commit_callbacks(execute=True):
        result = webhooks.sweep()
    assert result == {"webhooks_reset": 1, "webhooks_due": 1, "webhooks_purged": 1}
    assert list(WebhookDelivery.objects.values_list("status", flat=True)) == ["delivered"]
    # Sent again with the webhook-id it had: a receiver that saw it first time ignores it.
    assert receiver.ids == [stuck.webhook_id]


def test_messages_are_committed_or_rolled_back_with_the_change(endpoint, session):
    with pytest.raises(RuntimeError), transaction.atomic():
        sign_up(session, "anna@example.dk")
        assert WebhookDelivery.objects.count() == 1
        raise RuntimeError("the sign-up fails after the event")
    assert not WebhookDelivery.objects.exists()


def test_a_fault_in_the_webhooks_never_undoes_the_sign_up(endpoint, session, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("webhooks are down")

    monkeypatch.setattr(webhooks, "emit", broken)  # a fault at the boundary, on purpose
    registration = sign_up(session, "anna@example.dk")
    assert registration.pk
    assert not WebhookDelivery.objects.exists()


def test_verify_refuses_a_timestamp_that_only_looks_like_a_number():
    secret = "whsec_" + base64.b64encode(b"a shared secret of 32 bytes!!!!!").decode()
    body = b'{"type": "registration.confirmed"}'
    now = 1_800_000_000
    good = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(now),
        "webhook-signature": webhooks.sign(secret, "msg_1", now, body),
    }
    assert webhooks.verify(secret, good, body, now=now)
    for stamp in ("²", "１８００000000", "-1", ""):
        assert not webhooks.verify(secret, {**good, "webhook-timestamp": stamp}, body, now=now)
