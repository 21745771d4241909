"""What organisers send to a session's registrants, and what registrants answer.

- ``send_message_to_group``: the organiser's own message to the confirmed, the waiting
  list, those who attended or those who missed it.
- ``send_followups``: the follow-up after the session (recap, materials, next session,
  feedback link), once per person and kind.
- ``record_feedback``: the answer to the short form in a follow-up.

Emails go through ``tinget.registrations.organiser_emails`` into the outbox, in one
transaction with the audit entry: a rollback sends nothing. Each function checks that the
acting user may see the session's people.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinget.audit import audit
from tinget.mailings.services import batched_sending
from tinget.programme.models import Material, Session
from tinget.programme.permissions import can_view_personal_data

from .. import selectors
from ..models import Feedback, Registration

# What the person is told, by name: a missing notification is an ImportError.
from ..organiser_emails import FOLLOWUP_TEMPLATES, FollowUpContent, followup, organiser_message
from ..unsubscribe import without_opted_out
from .common import RegistrationError

MESSAGE_GROUPS = ("confirmed", "waiting", "attended", "missed")


class SessionNotOver(RegistrationError):
    default_message = _("Follow-up emails can be sent when the session is over.")


def _session_for(actor, session_id: int) -> Session:
    session = Session.objects.select_related("series").get(pk=session_id)
    if not can_view_personal_data(actor, session.series):
        raise PermissionDenied
    return session


def message_key(*, group: str, subject: str, body: str) -> str:
    """The same message to the same group is one message: sending it twice queues nothing."""
    text = "\n".join([group, subject, body])
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def send_message_to_group(*, session_id: int, group: str, subject: str, body: str, actor) -> int:
    """Queue the organiser's message to everyone in ``group`` of the session; returns how
    many people it is addressed to. Idempotent per (group, subject, text).

    Raises PermissionDenied (the actor may not see the session's people) and ValueError for
    an unknown group.
    """
    session = _session_for(actor, session_id)
    recipients = without_opted_out(
        selectors.recipients(session, group), series_id=session.series_id, kind="message"
    )
    key = message_key(group=group, subject=subject, body=body)
    count = 0
    session_contexts: dict[str, dict] = {}
    with transaction.atomic(), batched_sending():
        for registration in recipients.select_related("session__series").iterator(chunk_size=500):
            organiser_message(
                registration,
                subject=subject,
                body=body,
                dedupe_key=f"message:{key}:{registration.pk}",
                session_contexts=session_contexts,
            )
            count += 1
        audit(
            "message.sent",
            actor=actor,
            obj=session,
            series=session.series,
            people=count,
            detail={"group": group, "subject": subject, "key": key},
        )
    return count


def _absolute(href: str) -> str:
    return settings.TINGET_BASE_URL + href if href.startswith("/") else href


def followup_content(session: Session) -> FollowUpContent:
    """The materials (absolute links) and the next session, as a follow-up shows them."""
    return FollowUpContent(
        materials=[
            {"title": m.title, "href": _absolute(m.href), "kind": m.kind}
            for m in Material.objects.filter(session=session).order_by("order", "id")
            if m.href
        ],
        next_session=selectors.next_session(session),
    )


def send_followups(*, session_id: int, kind: str, actor, now: datetime | None = None) -> int:
    """Queue the follow-up of ``kind`` ("attended" or "missed") to everyone it is for who
    has not had it yet; returns how many were queued now.

    Raises SessionNotOver before the session has ended and PermissionDenied.
    """
    session = _session_for(actor, session_id)
    if session.ends_at > (now or timezone.now()):
        raise SessionNotOver
    content = followup_content(session)
    queued = 0
    session_contexts: dict[str, dict] = {}
    with transaction.atomic(), batched_sending():
        for registration in (
            without_opted_out(
                selectors.recipients(session, kind), series_id=session.series_id, kind="followup"
            )
            .select_related("session__series")
            .iterator(chunk_size=500)
        ):
            email = followup(
                registration, kind=kind, content=content, session_contexts=session_contexts
            )
            queued += 1 if getattr(email, "is_new", True) else 0
        audit(
            f"followup.{kind}.sent",
            actor=actor,
            obj=session,
            series=session.series,
            people=queued,
            detail={"template": FOLLOWUP_TEMPLATES[kind]},
        )
    return queued


def record_feedback(*, registration_id: int, score: int, comment: str) -> Feedback | None:
    """Store a registrant's one answer (score 1-5, comment). Returns None when they had
    already answered (the first answer counts, also when two arrive at once)."""
    registration = Registration.objects.get(pk=registration_id)
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                registration=registration, score=score, comment=comment.strip()
            )
    except IntegrityError:
        return None
