"""Manual approval: for a session whose organisers approve each sign-up, a person who
confirmed their address awaits approval (`seats._seat_or_approval`); an organiser approves
(then the ordinary seat decision runs: a seat, or the waiting list when the session is full)
or declines. Each checks that the acting user may edit the series, under the session lock."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinget import events
from tinget.audit import audit

from ..models import Registration

# What the person is told, by name: a missing notification is an ImportError.
from ..notifications import declined
from .common import (
    RegistrationError,
    SignupClosed,
    Status,
    _lock_registration,
    _lock_session,
    _require_editor,
    _session_id_of,
)
from .seats import _seat_or_waitlist


class NotAwaitingApproval(RegistrationError):
    default_message = _("Only people awaiting approval can be approved or declined.")


def _locked_awaiting(registration_id: int, actor):
    session = _lock_session(_session_id_of(registration_id))
    _require_editor(actor, session.series)
    registration = _lock_registration(registration_id)
    if registration.status != Status.AWAITING_APPROVAL:
        raise NotAwaitingApproval
    return session, registration


def approve_registration(
    *, registration_id: int, actor, now: datetime | None = None
) -> Registration:
    """Approve a person awaiting approval: they get a seat if one is free (`registered`, with
    the invite and the join link, and `events.RegistrationConfirmed`), else the end of the
    waiting list (`waitlisted`). Raises PermissionDenied, NotAwaitingApproval and
    SignupClosed (the session is over or cancelled)."""
    now = now or timezone.now()
    with transaction.atomic():
        session, registration = _locked_awaiting(registration_id, actor)
        if not session.is_upcoming:
            raise SignupClosed
        audit(
            "registration.approved",
            actor=actor,
            obj=registration,
            series_id=session.series_id,
            people=1,
            detail={"from": Status.AWAITING_APPROVAL},
        )
        _seat_or_waitlist(session, registration, now, actor=actor)
    return registration


def decline_registration(
    *, registration_id: int, actor, now: datetime | None = None
) -> Registration:
    """Decline a person awaiting approval: they are told politely (`declined`) and hold
    nothing; `events.RegistrationCancelled` ends the sign-up for whoever follows it. They may
    sign up again, which starts over. Raises PermissionDenied and NotAwaitingApproval."""
    now = now or timezone.now()
    with transaction.atomic():
        session, registration = _locked_awaiting(registration_id, actor)
        registration.status = Status.DECLINED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        audit(
            "registration.declined",
            actor=actor,
            obj=registration,
            series_id=session.series_id,
            people=1,
            detail={"from": Status.AWAITING_APPROVAL, "to": Status.DECLINED},
        )
        events.publish(
            events.RegistrationCancelled(registration_id=registration.pk, session_id=session.pk)
        )
        declined(registration.pk)
    return registration


def decide_registrations(
    *, registration_ids: Iterable[int], approve: bool, actor, now: datetime | None = None
) -> list[Registration]:
    """Approve or decline several people at once, in the order they signed up, all or
    nothing: with one that cannot be decided (already decided meanwhile, another series)
    nothing changes. Returns the registrations decided."""
    decide = approve_registration if approve else decline_registration
    ids = list(
        Registration.objects.filter(pk__in=list(registration_ids))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        return [decide(registration_id=pk, actor=actor, now=now) for pk in ids]
