"""Webhook endpoints and their delivery queue; Entra app registrations and Teams meetings.

Both belong to a partner organisation: its editors set them up, and they act only for the
series that organisation takes part in.
"""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinget.programme.models import Organisation, Session

from .crypto import decrypt, encrypt


class EventType(models.TextChoices):
    REGISTRATION_CREATED = "registration.created", _("Registration created")
    REGISTRATION_CONFIRMED = "registration.confirmed", _("Registration confirmed")
    # Confirmed the email, but every seat was taken: a place on the waiting list, no seat.
    REGISTRATION_WAITLISTED = "registration.waitlisted", _("Put on the waiting list")
    REGISTRATION_CANCELLED = "registration.cancelled", _("Registration cancelled")
    REGISTRATION_PROMOTED = "registration.promoted", _("Moved up from the waiting list")
    SESSION_CREATED = "session.created", _("Session created")
    SESSION_CHANGED = "session.changed", _("Session changed")
    SESSION_CANCELLED = "session.cancelled", _("Session cancelled")
    ATTENDANCE_IMPORTED = "attendance.imported", _("Attendance imported")


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: "whsec_" and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookEndpoint(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    url = models.URLField(_("address (URL)"), max_length=1000)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("enabled"), default=True)
    # Encrypted with crypto.encrypt: the secret must be read back to sign.
    secret_encrypted = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.url

    @property
    def secret(self) -> str:
        return decrypt(self.secret_encrypted)

    @secret.setter
    def secret(self, value: str) -> None:
        self.secret_encrypted = encrypt(value)

    def event_labels(self) -> list[str]:
        labels = dict(EventType.choices)
        return [str(labels.get(name, name)) for name in self.event_types]


class WebhookDelivery(models.Model):
    """One message for one endpoint: its body is fixed when the event happens (in the same
    transaction), its `webhook_id` stays the same on every attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    webhook_id = models.CharField(max_length=64, unique=True)
    event_type = models.CharField(max_length=50, choices=EventType)
    # Messages with the same key reach the endpoint in the order they were made:
    # "registration:<id>" or "session:<id>".
    ordering_key = models.CharField(max_length=64)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sending_since = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "ordering_key", "id"]),
        ]

    def __str__(self):
        return f"{self.webhook_id} {self.event_type} ({self.status})"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery, for the log the organiser sees."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.delivery_id}: {self.status_code or self.error}"


class GraphConnection(models.Model):
    """An organisation's Microsoft Entra app registration, used with application permissions."""

    class Credential(models.TextChoices):
        SECRET = "secret", _("Client secret")
        CERTIFICATE = "certificate", _("Certificate")

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="graph_connection",
    )
    tenant_id = models.CharField(_("tenant (directory) ID"), max_length=100)
    client_id = models.CharField(_("application (client) ID"), max_length=100)
    credential_kind = models.CharField(
        _("credential"), max_length=20, choices=Credential, default=Credential.SECRET
    )
    # The client secret, or the private key and certificate in PEM: encrypted.
    credential_encrypted = models.TextField(editable=False)
    # The user whose calendar holds the meetings (the Teams application access policy must
    # allow the app to act for them).
    organiser_user = models.CharField(_("meeting organiser (user ID or UPN)"), max_length=254)
    is_active = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Microsoft Graph connection")
        verbose_name_plural = _("Microsoft Graph connections")

    def __str__(self):
        return f"{self.organisation}: {self.client_id}"

    @property
    def credential(self) -> str:
        return decrypt(self.credential_encrypted)

    @credential.setter
    def credential(self, value: str) -> None:
        self.credential_encrypted = encrypt(value)


class TeamsMeeting(models.Model):
    """The Teams online meeting of a session, as Graph knows it."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="teams_meeting")
    connection = models.ForeignKey(
        GraphConnection, null=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    organiser_user = models.CharField(max_length=254)
    meeting_id = models.CharField(max_length=500, blank=True)
    join_url = models.URLField(max_length=1000, blank=True)
    # The session's calendar sequence the meeting was last brought in line with.
    synced_sequence = models.IntegerField(default=-1)
    # Subject, start and end as last sent to Graph: a sync with nothing new calls nothing.
    synced_state = models.CharField(max_length=400, blank=True)
    deleted = models.BooleanField(default=False)
    needs_sync = models.BooleanField(default=True, db_index=True)
    attendance_pulled_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Teams meeting")
        verbose_name_plural = _("Teams meetings")

    def __str__(self):
        return f"{self.session_id}: {self.meeting_id or '-'}"
