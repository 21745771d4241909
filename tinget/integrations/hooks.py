"""Where the integrations hear about changes: one place, `on_domain_event`.

Until the domain announces its events itself, they are read from the audit log: every
service writes an `AuditEntry` in the transaction of its change, so a receiver on its
creation sees each sign-up, confirmation, cancellation, promotion, session change and
attendance import exactly once, committed or rolled back with the change.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from tinget.programme.models import AuditEntry

from . import teams, webhooks
from .models import EventType

logger = logging.getLogger(__name__)

# Audit action → webhook event.
REGISTRATION_ACTIONS = {
    "registration.created": EventType.REGISTRATION_CREATED,
    "registration.reactivated": EventType.REGISTRATION_CREATED,
    "registration.confirmed": EventType.REGISTRATION_CONFIRMED,
    "registration.cancelled": EventType.REGISTRATION_CANCELLED,
    "registration.promoted": EventType.REGISTRATION_PROMOTED,
}
SESSION_ACTIONS = {
    "session.created": EventType.SESSION_CREATED,
    "session.updated": EventType.SESSION_CHANGED,
    "session.rescheduled": EventType.SESSION_CHANGED,
    "session.reinstated": EventType.SESSION_CHANGED,
    "session.held": EventType.SESSION_CHANGED,
    "session.cancelled": EventType.SESSION_CANCELLED,
}


# Session changes the Teams meeting must follow (subject, times, cancellation).
TEAMS_ACTIONS = {
    "session.created",
    "session.updated",
    "session.rescheduled",
    "session.reinstated",
    "session.cancelled",
}


def on_domain_event(action: str, *, object_id: int, detail: dict) -> None:
    """React to one change, inside its transaction: store webhook messages, mark the Teams
    meeting for syncing."""
    if event := REGISTRATION_ACTIONS.get(action):
        webhooks.emit_registration(event, object_id)
    elif event := SESSION_ACTIONS.get(action):
        webhooks.emit_session(event, object_id)
        # Storing the join link Graph gave us is no reason to sync again.
        if action in TEAMS_ACTIONS and detail.get("fields") != ["join_url"]:
            teams.schedule_sync(object_id)
    elif action == "attendance.import":
        keys = ("participants", "matched", "unmatched", "missed")
        counts = {key: detail.get(key) for key in keys}
        webhooks.emit_session(
            EventType.ATTENDANCE_IMPORTED, object_id, extra={"attendance": counts}
        )


@receiver(post_save, sender=AuditEntry)
def _audit_written(sender, instance, created, raw=False, **kwargs):
    if raw or not created or not instance.object_id.isdigit():
        return
    try:
        # A savepoint: a fault here must not undo the sign-up it reports.
        with transaction.atomic():
            on_domain_event(
                instance.action, object_id=int(instance.object_id), detail=instance.detail or {}
            )
    except Exception:
        logger.exception("integrations: could not handle %s %s", instance.action, instance.pk)
