"""What organisers do by hand from the back office: add, cancel, promote. Each checks the
acting user may edit the series."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinget import events
from tinget.audit import audit

from .. import selectors
from ..models import Registration

# What the person is told, by name: a missing notification is an ImportError.
from ..notifications import promoted
from .common import (
    ACTIVE_STATUSES,
    AlreadyRegistered,
    Registrant,
    RegistrationError,
    SessionFull,
    SignupClosed,
    Status,
    _lock_registration,
    _lock_session,
    _reactivate,
    _require_editor,
    _session_id_of,
)
from .seats import _seat_or_waitlist
from .signup import cancel_registration


def add_registration_by_organiser(
    *, session_id: int, registrant: Registrant, actor, now: datetime | None = None
) -> Registration:
    """An organiser registers someone by hand: no email confirmation, a seat if one is free,
    else the waiting list. Sends `registered` or `waitlisted`.

    Raises PermissionDenied (not an editor of the series), AlreadyRegistered (the address is
    pending, registered or waiting) and SignupClosed (the session is over or cancelled).
    """
    now = now or timezone.now()
    fields = registrant.model_fields(now)
    with transaction.atomic():
        session = _lock_session(session_id)
        _require_editor(actor, session.series)
        if not session.is_upcoming:
            raise SignupClosed
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .filter(session=session, email=fields["email"])
            .first()
        )
        if registration is None:
            registration = Registration(session=session, created_at=now, **fields)
        elif registration.status in ACTIVE_STATUSES:
            raise AlreadyRegistered
        else:
            _reactivate(registration, fields, now)
        registration.confirmed_at = now
        _seat_or_waitlist(session, registration, now, actor=actor, new_signup=True)
    return registration


class SessionNotOverYet(RegistrationError):
    default_message = _("Past registrations can be recorded once the session is over.")


def record_past_registration(
    *, session_id: int, registrant: Registrant, registered_at: datetime, actor
) -> Registration:
    """An organiser records someone who was registered for a session that is over (a sign-up
    list kept before Tinget, say), so that the session's figures are complete.

    Nobody is emailed and no event is announced: it is history, not a sign-up. The
    registration counts as confirmed at ``registered_at`` (clamped to before the start).
    Raises PermissionDenied (not an editor of the series), SessionNotOverYet (the session has
    not ended, or is cancelled) and AlreadyRegistered (the address is on the session).
    """
    fields = registrant.model_fields(registered_at)
    with transaction.atomic():
        session = _lock_session(session_id)
        _require_editor(actor, session.series)
        if session.ends_at > timezone.now() or session.status == session.Status.CANCELLED:
            raise SessionNotOverYet
        if Registration.objects.filter(session=session, email=fields["email"]).exists():
            raise AlreadyRegistered
        when = min(registered_at, session.starts_at)
        registration = Registration.objects.create(
            session=session,
            status=Status.CONFIRMED,
            created_at=when,
            confirmed_at=when,
            **{**fields, "consented_at": when if fields["consent_text"] else None},
        )
        audit(
            "registration.recorded",
            actor=actor,
            obj=registration,
            series_id=session.series_id,
            people=1,
            detail={"to": Status.CONFIRMED, "registered_at": when.isoformat()},
        )
    return registration


def cancel_by_organiser(
    *, registration_id: int, actor, now: datetime | None = None
) -> Registration:
    """An organiser cancels someone; the seat goes to the waiting list. Raises PermissionDenied."""
    registration = Registration.objects.select_related("session__series").get(pk=registration_id)
    _require_editor(actor, registration.session.series)
    return cancel_registration(registration_id=registration_id, actor=actor, now=now)


def promote_by_organiser(
    *, registration_id: int, actor, over_capacity: bool = False, now: datetime | None = None
) -> Registration:
    """An organiser gives a waiting person a seat. Sends `promoted`.

    With no free seat this raises SessionFull unless over_capacity=True (the organiser's
    explicit decision to go above capacity, which the audit log records). Raises
    PermissionDenied and RegistrationError (the person is not on the waiting list).
    """
    now = now or timezone.now()
    session_id = _session_id_of(registration_id)
    with transaction.atomic():
        session = _lock_session(session_id)
        _require_editor(actor, session.series)
        registration = _lock_registration(registration_id)
        if registration.status != Status.WAITING:
            raise RegistrationError(_("Only people on the waiting list can be moved up."))
        full = selectors.seats(session).free == 0
        if full and not over_capacity:
            raise SessionFull
        registration.status = Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        audit(
            "registration.promoted",
            actor=actor,
            obj=registration,
            series_id=session.series_id,
            people=1,
            detail={"over_capacity": full, "from": Status.WAITING, "to": Status.CONFIRMED},
        )
        events.publish(
            events.RegistrationPromoted(registration_id=registration.pk, session_id=session.pk)
        )
        promoted(registration.pk)
    return registration
