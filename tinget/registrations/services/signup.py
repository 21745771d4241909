"""Signing up for one session: sign-up, double opt-in, cancellation and expiry."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from tinget import events
from tinget.audit import audit
from tinget.programme.models import Session

from ..models import Registration, SeriesSubscription

# What the person is told, by name: a missing notification is an ImportError.
from ..notifications import already_registered, cancelled, confirm_email, preloaded
from .common import (
    ACTIVE_STATUSES,
    DETAIL_FIELDS,
    STATE_FIELDS,
    ConfirmationExpired,
    Registrant,
    Status,
    SubStatus,
    _confirmation_deadline,
    _lock_registration,
    _lock_session,
    _locked_get_or_create,
    _reactivate,
    _registration_of,
    _session_id_of,
    require_signup_open,
    signup_open,
)
from .seats import _fill_free_seats, _seat_at_once, _seat_or_approval


def register_for_session(
    *,
    session_id: int,
    registrant: Registrant,
    now: datetime | None = None,
    session: Session | None = None,
) -> Registration:
    """Sign a person up for a session, awaiting email confirmation (no seat held yet).

    The same address again makes no second row: a pending person gets the confirmation email
    again, a registered or waiting one gets `already_registered` (their manage link), and a
    cancelled or expired registration starts over as pending with the new details. The caller
    shows the same "check your email" in every case. Raises SignupClosed, or its
    SignupDeadlinePassed once the session's sign-up deadline is behind us. `session`: the
    session with its series, when the caller has just read it (the sign-up page has).
    """
    now = now or timezone.now()
    if session is None or session.pk != session_id:
        session = Session.objects.select_related("series").get(pk=session_id)
    require_signup_open(session, at=now)
    fields = registrant.model_fields(now)
    with transaction.atomic():
        registration, created = _locked_get_or_create(
            Registration,
            lookup={"session_id": session_id, "email": fields["email"]},
            values={"status": Status.PENDING, "created_at": now, **fields},
        )
        registration.session = session
        with preloaded(registration):
            _tell_registrant(registration, created, fields, now)
    return registration


def _tell_registrant(registration: Registration, created: bool, fields: dict, now) -> None:
    """The rest of a sign-up, in its transaction: audit, events and the email."""
    session = registration.session
    session_id = session.pk
    if created:
        audit("registration.created", obj=registration, series_id=session.series_id, people=1)
        events.publish(
            events.RegistrationCreated(registration_id=registration.pk, session_id=session_id)
        )
        confirm_email(registration.pk)
        return
    if registration.status in (Status.CANCELLED, Status.EXPIRED, Status.DECLINED):
        previous = registration.status
        _reactivate(registration, fields, now)
        registration.save(update_fields=[*STATE_FIELDS, *DETAIL_FIELDS])
        audit(
            "registration.reactivated",
            obj=registration,
            series_id=session.series_id,
            people=1,
            detail={"from": previous, "to": Status.PENDING},
        )
        events.publish(
            events.RegistrationCreated(registration_id=registration.pk, session_id=session_id)
        )
        confirm_email(registration.pk)
    elif registration.status == Status.PENDING:
        confirm_email(registration.pk)
    else:
        already_registered(registration.pk)


def confirm_registration(
    *,
    registration_id: int,
    now: datetime | None = None,
    registration: Registration | None = None,
) -> Registration:
    """The person clicked the link: take a seat if one is free, else join the waiting list;
    for a session whose organisers approve each sign-up, await their approval (no seat).

    Idempotent: a second click changes nothing. Sends `registered`, `waitlisted` or
    `awaiting_approval`.
    Raises ConfirmationExpired (older than TINGET_CONFIRMATION_HOURS, or already expired)
    and SignupClosed (the session is over or cancelled, or the person signed up after
    the sign-up deadline). `registration`: the row as the caller has just read it (not
    locked), which saves reading it again; every decision is taken on the row as it is
    under the session lock.
    """
    known = (
        registration if registration is not None and registration.pk == registration_id else None
    )
    if known is None:
        known = _registration_of(registration_id)
    with transaction.atomic():
        session = _lock_session(known.session_id)
        # Read the clock once the lock is ours: the stamps follow the order of decisions.
        now = now or timezone.now()
        # Whoever signed up before the deadline may still confirm after it.
        if (
            known.status == Status.PENDING
            and not session.requires_approval
            and signup_open(session, at=min(known.created_at, now))
        ):
            known.session = session
            if _seat_at_once(session, known, now):
                return known
        registration = _lock_registration(registration_id)
        if registration.status == Status.EXPIRED:
            raise ConfirmationExpired
        if registration.status != Status.PENDING:
            return registration
        if registration.created_at < _confirmation_deadline(now):
            registration.status = Status.EXPIRED
            registration.save(update_fields=["status"])
            audit(
                "registration.expired",
                obj=registration,
                series_id=session.series_id,
                people=1,
                detail={"from": Status.PENDING, "to": Status.EXPIRED},
            )
            expired = True
        else:
            expired = False
            # Whoever signed up before the deadline may still confirm after it.
            require_signup_open(session, at=min(registration.created_at, now))
            registration.confirmed_at = now
            _seat_or_approval(session, registration, now)
    if expired:
        # Raised after the block so that the expiry itself is committed.
        raise ConfirmationExpired
    return registration


def cancel_registration(
    *, registration_id: int, actor=None, now: datetime | None = None, notify: bool = True
) -> Registration:
    """Cancel; a freed seat goes to the next person waiting in the same transaction.

    Idempotent for registrations that are already cancelled or expired. Sends `cancelled` to
    the person and `promoted` to whoever gets the seat.
    """
    now = now or timezone.now()
    session_id = _session_id_of(registration_id)
    with transaction.atomic():
        session = _lock_session(session_id)
        registration = _lock_registration(registration_id)
        if registration.status not in ACTIVE_STATUSES:
            return registration
        previous = registration.status
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        audit(
            "registration.cancelled",
            actor=actor,
            obj=registration,
            series_id=session.series_id,
            people=1,
            detail={"from": previous, "to": Status.CANCELLED},
        )
        events.publish(
            events.RegistrationCancelled(registration_id=registration.pk, session_id=session_id)
        )
        if notify:
            registration.session = session
            with preloaded(registration):
                cancelled(registration.pk)
        if previous == Status.CONFIRMED and session.is_upcoming:
            _fill_free_seats(session, now, actor=actor)
    return registration


def expire_unconfirmed(*, now: datetime | None = None) -> int:
    """Expire sign-ups and series subscriptions left unconfirmed for too long.

    Pending rows older than TINGET_CONFIRMATION_HOURS become expired (they never held a
    seat). Idempotent; returns how many rows it expired. Sends nothing.
    """
    now = now or timezone.now()
    deadline = _confirmation_deadline(now)
    with transaction.atomic():
        # One UPDATE each: a row confirmed meanwhile no longer matches status=pending.
        registrations = Registration.objects.filter(
            status=Status.PENDING, created_at__lt=deadline
        ).update(status=Status.EXPIRED)
        subscriptions = SeriesSubscription.objects.filter(
            status=SubStatus.PENDING, created_at__lt=deadline
        ).update(status=SubStatus.EXPIRED)
        if registrations or subscriptions:
            audit(
                "registrations.expired",
                people=registrations + subscriptions,
                detail={"registrations": registrations, "subscriptions": subscriptions},
            )
    return registrations + subscriptions
