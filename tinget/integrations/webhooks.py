"""Signed webhooks: the message queue, the signature, delivery with retries.

Contract
--------
* `emit()` runs inside the transaction of the change it reports (sign-up, cancellation,
  session edit, attendance import). It stores one `WebhookDelivery` per enabled endpoint that
  chose the event, with the body fixed at that moment, and enqueues delivery when the
  transaction commits. A rollback drops the messages with the change.
* Delivery (`deliver_endpoint`, run by the worker) signs each message by the Standard
  Webhooks specification: headers `webhook-id` (the same on every attempt),
  `webhook-timestamp` (of the attempt) and `webhook-signature`, "v1," and the base64
  HMAC-SHA256 of "<id>.<timestamp>.<body>" under the secret's key (the base64 after
  "whsec_"). Any 2xx answer delivers; anything else, a timeout or no connection is retried
  after RETRY_DELAYS (about a day in all), then the message is marked failed.
* Order: messages with the same ordering key (one registration, one session) reach an
  endpoint in the order they were made; a later one waits while an earlier one is pending.
  A failed message stops holding the later ones back.
* Delivery is at least once: a worker that dies after the receiver answered but before the
  row was marked delivered sends it again after the sweep — with the same `webhook-id`, so a
  receiver that remembers the ids it has processed sees every message exactly once.
* A disabled endpoint gets nothing: no messages are made for it, and pending ones wait
  until it is enabled again.
* Never in a body: the join link, or personal data the person's consent text does not name
  (the rule of the exports, `tinget.backoffice.exports`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from tinget.backoffice.exports import CONSENT_COLUMNS, covered_fields
from tinget.programme.models import SeriesPartner, Session
from tinget.registrations.models import Registration

from .models import EventType, WebhookAttempt, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, ... failed attempt: about 23 hours and ten attempts in all.
RETRY_DELAYS = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=2),
    timedelta(hours=4),
    timedelta(hours=6),
    timedelta(hours=10),
)
TIMEOUT = 10.0
STUCK_AFTER = timedelta(minutes=10)
# Rows one delivery round handles for one endpoint; the rest waits for the next round.
ROUND_SIZE = 500
TOLERANCE = 5 * 60
USER_AGENT = "Tinget-Webhooks/1"


# ---------------------------------------------------------------------------------------
# Signing (Standard Webhooks)


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def sign(secret: str, webhook_id: str, timestamp: int, body: str | bytes) -> str:
    """The `webhook-signature` value: "v1," and the base64 HMAC-SHA256 of id.timestamp.body."""
    payload = body.encode() if isinstance(body, str) else body
    message = f"{webhook_id}.{timestamp}.".encode() + payload
    digest = hmac.new(_key(secret), message, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secret: str, headers, body: bytes, *, now: float | None = None) -> bool:
    """What a receiver does: True when one of the v1 signatures matches and the timestamp
    is within five minutes. `headers` is any mapping with case-insensitive lookup."""
    webhook_id = headers.get("webhook-id") or ""
    stamp = headers.get("webhook-timestamp") or ""
    # ASCII digits only: "²".isdigit() is True, but int("²") raises.
    if not webhook_id or not (stamp.isascii() and stamp.isdigit()):
        return False
    now = time.time() if now is None else now
    if abs(now - int(stamp)) > TOLERANCE:
        return False
    expected = sign(secret, webhook_id, int(stamp), body)
    offered = (headers.get("webhook-signature") or "").split()
    return any(hmac.compare_digest(expected, candidate) for candidate in offered)


# ---------------------------------------------------------------------------------------
# Bodies


def _when(value):
    return value.isoformat() if value else None


def session_data(session: Session) -> dict:
    """What a partner may know about a session: what the public page shows, never the link."""
    return {
        "id": session.pk,
        "title": session.display_title,
        "series": {"slug": session.series.slug, "title": session.series.title},
        "starts_at": _when(session.starts_at),
        "ends_at": _when(session.ends_at),
        "status": session.status,
        "format": session.format,
        "place": session.place,
        "capacity": session.effective_capacity,
        "url": settings.TINGET_BASE_URL + session.get_absolute_url(),
    }


def _person(registration: Registration) -> dict:
    """The personal fields the consent text this person saw names (nothing without consent)."""
    if registration.erased_at or not registration.consented_at:
        return {}
    series = registration.session.series
    ignore = (series.title, *(p.organisation.name for p in series.partnerships.all()))
    allowed = {
        column
        for name in covered_fields(registration.consent_text, ignore=ignore)
        for column in CONSENT_COLUMNS[name]
    }
    municipality = registration.municipality
    values = {
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation,
        "organisation_kind": registration.organisation_kind,
        "municipality": municipality.code if municipality else None,
        "job_title": registration.job_title,
        "answers": registration.answers,
    }
    return {key: value for key, value in values.items() if key in allowed}


def registration_data(registration: Registration) -> dict:
    return {
        "id": registration.pk,
        "status": registration.status,
        "created_at": _when(registration.created_at),
        "confirmed_at": _when(registration.confirmed_at),
        "waitlisted_at": _when(registration.waitlisted_at),
        "cancelled_at": _when(registration.cancelled_at),
        "promoted_at": _when(registration.promoted_at),
        "attendance": registration.attendance or None,
        "minutes_present": registration.minutes_present,
        "language": registration.language,
        "person": _person(registration),
    }


# ---------------------------------------------------------------------------------------
# Making messages


def new_webhook_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def endpoints_for(series_id: int, event_type: str) -> list[WebhookEndpoint]:
    """Enabled endpoints of the series' partner organisations that chose this event."""
    organisations = SeriesPartner.objects.filter(series_id=series_id).values("organisation_id")
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(
            is_active=True, organisation_id__in=organisations
        ).order_by("pk")
        if event_type in endpoint.event_types
    ]


def endpoints_for_session(session_id: int, event_type: str) -> list[WebhookEndpoint]:
    """`endpoints_for` the series of a session, in one query."""
    organisations = SeriesPartner.objects.filter(series__sessions=session_id).values(
        "organisation_id"
    )
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(
            is_active=True, organisation_id__in=organisations
        ).order_by("pk")
        if event_type in endpoint.event_types
    ]


def emit(
    event_type: str,
    *,
    series_id: int,
    ordering_key: str,
    data: dict,
    now=None,
    endpoints: list[WebhookEndpoint] | None = None,
) -> list:
    """Store the message for every endpoint that wants it (`endpoints`, when the caller
    already asked `endpoints_for`); deliver after the commit.

    Call inside the transaction of the change. Returns the stored deliveries.
    """
    if event_type not in EventType.values:
        raise ValueError(f"unknown webhook event {event_type!r}")
    if endpoints is None:
        endpoints = endpoints_for(series_id, event_type)
    if not endpoints:
        return []
    now = now or timezone.now()
    body = json.dumps(
        {"type": event_type, "timestamp": now.isoformat(), "data": data},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    deliveries = [
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            webhook_id=new_webhook_id(),
            event_type=event_type,
            ordering_key=ordering_key,
            body=body,
            created_at=now,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    ]
    schedule({endpoint.pk for endpoint in endpoints})
    return deliveries


TEST_EVENT = "webhook.test"


def send_test(endpoint: WebhookEndpoint, *, now=None) -> WebhookDelivery:
    """Queue a "webhook.test" message for one endpoint (a receiver's first check), signed and
    delivered like any other."""
    now = now or timezone.now()
    body = json.dumps(
        {
            "type": TEST_EVENT,
            "timestamp": now.isoformat(),
            "data": {"organisation": endpoint.organisation.name, "endpoint": endpoint.pk},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        webhook_id=new_webhook_id(),
        event_type=TEST_EVENT,
        ordering_key=f"test:{endpoint.pk}",
        body=body,
        created_at=now,
        next_attempt_at=now,
    )
    schedule([endpoint.pk])
    return delivery


def emit_registration(
    event_type: str, registration_id: int, *, endpoints: list[WebhookEndpoint] | None = None
) -> list:
    registration = (
        Registration.objects.select_related("session__series", "municipality")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return []
    return emit(
        event_type,
        series_id=registration.session.series_id,
        ordering_key=f"registration:{registration.pk}",
        data={
            "registration": registration_data(registration),
            "session": session_data(registration.session),
        },
        endpoints=endpoints,
    )


def emit_session(event_type: str, session_id: int, *, extra: dict | None = None) -> list:
    session = Session.objects.select_related("series").filter(pk=session_id).first()
    if session is None:
        return []
    return emit(
        event_type,
        series_id=session.series_id,
        ordering_key=f"session:{session.pk}",
        data={"session": session_data(session), **(extra or {})},
    )


def schedule(endpoint_ids, *, run_after: datetime | None = None) -> None:
    """Enqueue a delivery round for each endpoint when the current transaction commits."""
    ids = sorted(set(endpoint_ids))
    if not ids:
        return

    def enqueue():
        from . import tasks  # noqa: PLC0415 — tasks imports this module

        task = tasks.deliver_webhooks
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return  # without deferred tasks the periodic sweep retries
            task = task.using(run_after=run_after)
        for endpoint_id in ids:
            try:
                task.enqueue(endpoint_id)
            except Exception:
                # The rows are stored: the sweep enqueues them again.
                logger.exception("could not enqueue webhook delivery for endpoint %s", endpoint_id)

    transaction.on_commit(enqueue)


# ---------------------------------------------------------------------------------------
# Delivering


def _earlier_unfinished():
    return WebhookDelivery.objects.filter(
        endpoint_id=OuterRef("endpoint_id"),
        ordering_key=OuterRef("ordering_key"),
        pk__lt=OuterRef("pk"),
        status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.SENDING],
    )


def claim(delivery_id: int, now) -> bool:
    """pending → sending in one conditional UPDATE, only when nothing earlier with the same
    ordering key is still on its way: True for exactly one caller."""
    return bool(
        WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .exclude(Exists(_earlier_unfinished()))
        .update(
            status=WebhookDelivery.Status.SENDING,
            sending_since=now,
            attempts=F("attempts") + 1,
        )
    )


def refused_address(url: str) -> str:
    """Why Tinget will not POST to this address ("" if it will): in production only https to
    hosts whose every address is public, so an endpoint cannot reach the internal network
    (checked again before every attempt, since DNS can change)."""
    if settings.TINGET_WEBHOOK_ALLOW_HTTP:
        return ""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return "refused: the address is not https"
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except OSError as error:
        return f"refused: the host cannot be resolved ({error})"
    for info in infos:
        if not ipaddress.ip_address(info[4][0].split("%")[0]).is_global:
            return "refused: the host has a private or local address"
    return ""


def _post(client: httpx.Client, endpoint: WebhookEndpoint, delivery: WebhookDelivery, secret):
    """One signed POST. Returns (status code or None, error text, connection failed)."""
    if refusal := refused_address(endpoint.url):
        return None, refusal, True
    stamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": delivery.webhook_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": sign(secret, delivery.webhook_id, stamp, delivery.body),
    }
    try:
        response = client.post(endpoint.url, content=delivery.body.encode(), headers=headers)
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as error:
        connection = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
        return None, f"{type(error).__name__}: {error}"[:500], connection
    if 200 <= response.status_code < 300:
        return response.status_code, "", False
    return response.status_code, f"HTTP {response.status_code}", False


def _retry_at(attempts: int, now) -> datetime | None:
    if attempts > len(RETRY_DELAYS):
        return None
    return now + RETRY_DELAYS[attempts - 1]


def _record(delivery: WebhookDelivery, code, error: str, started: float, now) -> datetime | None:
    """Write the attempt and the outcome; returns when to try again (None: no retry)."""
    WebhookAttempt.objects.create(
        delivery=delivery,
        at=now,
        status_code=code,
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    rows = WebhookDelivery.objects.filter(pk=delivery.pk)
    if not error:
        rows.update(
            status=WebhookDelivery.Status.DELIVERED,
            delivered_at=now,
            sending_since=None,
            last_status_code=code,
            last_error="",
        )
        return None
    attempts = rows.values_list("attempts", flat=True).get()
    retry_at = _retry_at(attempts, now)
    if retry_at is None:
        rows.update(
            status=WebhookDelivery.Status.FAILED,
            sending_since=None,
            last_status_code=code,
            last_error=f"gave up after {attempts} attempts: {error}"[:2000],
        )
        logger.warning("webhook %s failed for good: %s", delivery.webhook_id, error)
        return None
    rows.update(
        status=WebhookDelivery.Status.PENDING,
        sending_since=None,
        next_attempt_at=retry_at,
        last_status_code=code,
        last_error=error,
    )
    return retry_at


def deliver_endpoint(endpoint_id: int, *, now: datetime | None = None) -> dict[str, int]:
    """One delivery round for an endpoint: send its due messages, oldest first, keeping the
    order per ordering key. Runs outside any transaction (the worker's task).

    When the receiver cannot be reached at all, the round stops: the rest waits for the
    retry, which is scheduled as a deferred task where the task backend can defer.
    """
    counts = {"delivered": 0, "retry": 0, "failed": 0}
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True).first()
    if endpoint is None:
        return counts
    now = now or timezone.now()
    secret = endpoint.secret
    waiting = list(
        WebhookDelivery.objects.filter(
            endpoint=endpoint,
            status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.SENDING],
        ).order_by("pk")[:ROUND_SIZE]
    )
    held: set[str] = set()
    next_round: datetime | None = None
    with httpx.Client(timeout=TIMEOUT, follow_redirects=False) as client:
        for delivery in waiting:
            if delivery.ordering_key in held:
                continue
            due = delivery.status == WebhookDelivery.Status.PENDING and (
                delivery.next_attempt_at <= now
            )
            if not due or not claim(delivery.pk, now):
                held.add(delivery.ordering_key)
                continue
            started = time.monotonic()
            code, error, unreachable = _post(client, endpoint, delivery, secret)
            retry_at = _record(delivery, code, error, started, now)
            if not error:
                counts["delivered"] += 1
                continue
            held.add(delivery.ordering_key)
            if retry_at is None:
                counts["failed"] += 1
                # Nothing holds the later messages back any more.
                held.discard(delivery.ordering_key)
                continue
            counts["retry"] += 1
            next_round = min(next_round or retry_at, retry_at)
            if unreachable:
                break
    if next_round is not None:
        schedule([endpoint.pk], run_after=next_round)
    return counts


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Periodic safety net (`tinget tick`): rows a dead worker left "sending" go back to
    pending (sent again with the same webhook-id), endpoints with due messages get a round,
    delivered and failed messages older than TINGET_WEBHOOK_RETENTION_DAYS are deleted."""
    now = now or timezone.now()
    reset = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.SENDING, sending_since__lt=now - STUCK_AFTER
    ).update(
        status=WebhookDelivery.Status.PENDING,
        sending_since=None,
        next_attempt_at=now,
        last_error="reset: the worker sending it stopped",
    )
    due = set(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING,
            next_attempt_at__lte=now,
            endpoint__is_active=True,
        ).values_list("endpoint_id", flat=True)
    )
    cutoff = now - timedelta(days=settings.TINGET_WEBHOOK_RETENTION_DAYS)
    _, by_model = WebhookDelivery.objects.filter(
        status__in=[WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED],
        created_at__lt=cutoff,
    ).delete()
    purged = by_model.get(WebhookDelivery._meta.label, 0)
    for endpoint_id in sorted(due):
        # Called from the periodic round (autocommit): this runs the round or enqueues it.
        schedule([endpoint_id])
    return {"webhooks_reset": reset, "webhooks_due": len(due), "webhooks_purged": purged}
