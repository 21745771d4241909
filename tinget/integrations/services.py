"""Writes of the integrations: endpoints and Graph connections. Each checks the acting user
against `tinget.programme.permissions` and writes an audit entry."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tinget.audit import audit
from tinget.programme.models import Organisation, Session
from tinget.programme.permissions import can_manage_integrations

from . import teams, webhooks
from .models import EventType, GraphConnection, WebhookEndpoint, new_webhook_secret


def _require(user, organisation: Organisation) -> None:
    if not can_manage_integrations(user, organisation):
        raise PermissionDenied


def _audit(action: str, *, user, obj, **detail) -> None:
    """Audit a change to an organisation's endpoint or connection, naming the organisation."""
    audit(
        action,
        actor=user,
        obj=obj,
        # Not a bare number: these rows are per organisation, and no webhook reacts to them.
        object_id=f"org{obj.organisation_id}.{obj.pk}",
        detail={"organisation": obj.organisation_id, **detail},
    )


def _clean_events(event_types) -> list[str]:
    chosen = set(event_types)
    unknown = chosen - set(EventType.values)
    if unknown:
        raise ValueError(f"unknown webhook events: {sorted(unknown)}")
    return [value for value in EventType.values if value in chosen]


@transaction.atomic
def create_webhook_endpoint(
    *, user, organisation: Organisation, url: str, event_types, description: str = ""
) -> WebhookEndpoint:
    """A new enabled endpoint with a fresh secret (read it from `.secret` to show it once).
    Raises PermissionDenied."""
    _require(user, organisation)
    endpoint = WebhookEndpoint(
        organisation=organisation,
        url=url,
        description=description,
        event_types=_clean_events(event_types),
        created_by=user if user.is_authenticated else None,
    )
    endpoint.secret = new_webhook_secret()
    endpoint.save()
    _audit(
        "webhook.created",
        user=user,
        obj=endpoint,
        url=url,
        events=endpoint.event_types,
    )
    return endpoint


@transaction.atomic
def update_webhook_endpoint(
    *, user, endpoint: WebhookEndpoint, url: str, event_types, description: str = ""
) -> WebhookEndpoint:
    _require(user, endpoint.organisation)
    endpoint.url = url
    endpoint.description = description
    endpoint.event_types = _clean_events(event_types)
    endpoint.save(update_fields=["url", "description", "event_types"])
    _audit("webhook.updated", user=user, obj=endpoint, url=url, events=endpoint.event_types)
    return endpoint


@transaction.atomic
def set_webhook_endpoint_active(*, user, endpoint: WebhookEndpoint, active: bool):
    """Enable or disable. A disabled endpoint gets no new messages; pending ones wait."""
    _require(user, endpoint.organisation)
    if endpoint.is_active == active:
        return endpoint
    endpoint.is_active = active
    endpoint.save(update_fields=["is_active"])
    _audit("webhook.enabled" if active else "webhook.disabled", user=user, obj=endpoint)
    if active:
        webhooks.schedule([endpoint.pk])
    return endpoint


@transaction.atomic
def rotate_webhook_secret(*, user, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new secret, used from the next attempt on; the old one stops working at once."""
    _require(user, endpoint.organisation)
    endpoint.secret = new_webhook_secret()
    endpoint.save(update_fields=["secret_encrypted"])
    _audit("webhook.secret_rotated", user=user, obj=endpoint)
    return endpoint


@transaction.atomic
def send_webhook_test(*, user, endpoint: WebhookEndpoint):
    """Queue a signed "webhook.test" message for the endpoint. Raises PermissionDenied."""
    _require(user, endpoint.organisation)
    delivery = webhooks.send_test(endpoint)
    _audit("webhook.tested", user=user, obj=endpoint, id=delivery.webhook_id)
    return delivery


@transaction.atomic
def delete_webhook_endpoint(*, user, endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint with its queue and log."""
    _require(user, endpoint.organisation)
    _audit("webhook.deleted", user=user, obj=endpoint, url=endpoint.url)
    endpoint.delete()


@transaction.atomic
def connect_graph(
    *,
    user,
    organisation: Organisation,
    tenant_id: str,
    client_id: str,
    credential_kind: str,
    credential: str,
    organiser_user: str,
) -> GraphConnection:
    """Store (or replace) the organisation's Entra app registration, credential encrypted.
    An empty `credential` on an existing connection keeps the stored one. Upcoming Teams
    sessions of the organisation's series are marked for a meeting (see `teams`)."""
    _require(user, organisation)
    connection = GraphConnection.objects.filter(organisation=organisation).first()
    created = connection is None
    if created:
        connection = GraphConnection(organisation=organisation)
    connection.tenant_id = tenant_id
    connection.client_id = client_id
    connection.credential_kind = credential_kind
    connection.organiser_user = organiser_user
    connection.is_active = True
    connection.last_error = ""
    if credential or created:
        connection.credential = credential
    connection.save()
    _audit(
        "graph.connected" if created else "graph.updated",
        user=user,
        obj=connection,
        tenant=tenant_id,
        client_id=client_id,
        kind=credential_kind,
    )
    # Upcoming sessions of the organisation's series get their meeting too.
    upcoming = Session.objects.filter(
        series__partnerships__organisation=organisation,
        status=Session.Status.SCHEDULED,
        starts_at__gt=timezone.now(),
    ).values_list("pk", flat=True)
    for session_id in upcoming.distinct():
        teams.schedule_sync(session_id)
    return connection


@transaction.atomic
def disconnect_graph(*, user, connection: GraphConnection) -> None:
    """Forget the app registration; meetings already made stay in Teams."""
    _require(user, connection.organisation)
    _audit("graph.disconnected", user=user, obj=connection)
    connection.delete()
