"""The outbox: every email is stored first and sent by a task after the transaction commits."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rendering


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(max_length=254)
    # The series' contact address, so a reply reaches a person rather than noreply.
    reply_to = models.EmailField(max_length=254, blank=True)
    # Bulk mail to a group only: the one-click unsubscribe address (RFC 8058). Empty for
    # transactional mail (confirmations, invites, reminders), which carries no such header.
    unsubscribe_url = models.URLField(max_length=500, blank=True)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # [{"filename": ..., "content": ..., "mimetype": ...}] — calendar invites are text.
    attachments = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=2, default="da")
    template = models.CharField(max_length=100, blank=True)
    # The same key twice means the same email: reminders and sweeps stay idempotent.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # What the worker renders the email from while its text is not rendered yet (the
    # renderer's name and parameters, see rendering.py); None once the text is stored.
    render = models.JSONField(null=True, blank=True, editable=False)
    registration = models.ForeignKey(
        "registrations.Registration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("email")
        verbose_name_plural = _("outbox")

    def __str__(self):
        return f"{self.to}: {self.subject}"

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        email = super().from_db(db, field_names, values, **kwargs)
        # Not rendered yet (rendering.py): show it as it would be sent now.
        if email.__dict__.get("render") is not None and not email.__dict__.get("body_text"):
            rendering.fill_quietly(email)
        return email
