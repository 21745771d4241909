"""Seats and the waiting list. Call with the session row locked (`common._lock_session`).

Every decision about a seat runs in one transaction that first locks the session row
(`select_for_update()` on PostgreSQL; on SQLite the connection opens every transaction with
BEGIN IMMEDIATE, which takes the database's write lock at once). The count of confirmed people
and the new status are read and written under that lock, so two confirmations can never both
take the last seat, and the waiting list keeps the order in which people joined it.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists
from django.utils import timezone

from tinget import events
from tinget.audit import audit
from tinget.pagecache import bump_version
from tinget.programme.models import Session

from .. import selectors
from ..models import Registration

# What the person is told, by name: a missing notification is an ImportError.
from ..notifications import awaiting_approval, preloaded, promoted, registered, waitlisted
from .common import (
    DETAIL_FIELDS,
    STATE_FIELDS,
    Status,
    _confirmation_deadline,
    _lock_session,
    _require_editor,
    _upcoming_sessions,
)


def _fill_free_seats(session: Session, now, *, actor=None) -> tuple[int, list[Registration]]:
    """Give free seats to the waiting list in order. Call with the session row locked.

    Returns the seats still free afterwards and the people promoted (each gets `promoted`).
    """
    seats = selectors.seats(session)
    free = seats.free
    moved_up: list[Registration] = []
    if free and seats.waiting:
        moved_up = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(session=session, status=Status.WAITING)
            .order_by("waitlisted_at", "id")[:free]
        )
        for registration in moved_up:
            registration.status = Status.CONFIRMED
            registration.promoted_at = now
            registration.save(update_fields=["status", "promoted_at"])
            audit(
                "registration.promoted",
                actor=actor,
                obj=registration,
                series_id=session.series_id,
                people=1,
                detail={"from": Status.WAITING, "to": Status.CONFIRMED},
            )
            events.publish(
                events.RegistrationPromoted(registration_id=registration.pk, session_id=session.pk)
            )
            registration.session = session
            with preloaded(registration):
                promoted(registration.pk)
    left = free - len(moved_up)
    if left <= 1:
        # A session page says "full" or offers a seat: near the edge, it may have flipped.
        bump_version()
    return left, moved_up


def _waitlist_stamp(session: Session, now):
    """When a person joins the waiting list: now, but always after everyone already waiting.

    The list is ordered by this stamp, so its order is the order in which the decisions
    were taken under the session lock, even when app servers' clocks disagree or a request
    read the clock before it waited for the lock.
    """
    last = (
        Registration.objects.filter(session=session, status=Status.WAITING)
        .order_by("-waitlisted_at")
        .values_list("waitlisted_at", flat=True)
        .first()
    )
    if last is not None and last >= now:
        return last + timedelta(microseconds=1)
    return now


def _seat_or_waitlist(
    session: Session, registration: Registration, now, *, actor=None, new_signup: bool = False
) -> None:
    """Give a confirmed person a seat, or the end of the waiting list. Session row locked.

    People already waiting get free seats first, so nobody jumps the queue. `new_signup`: the
    registration is new (or starts over), so `RegistrationCreated` is announced first.
    """
    previous = registration.status
    free, _promoted = _fill_free_seats(session, now, actor=actor)
    if free > 0:
        registration.status = Status.CONFIRMED
        registration.waitlisted_at = None
        notification = registered
        if free == 1:  # the last seat: the public pages now say "full"
            bump_version()
    else:
        registration.status = Status.WAITING
        registration.waitlisted_at = _waitlist_stamp(session, now)
        notification = waitlisted
    if registration._state.adding:
        registration.save()
    else:
        registration.save(update_fields=[*STATE_FIELDS, *DETAIL_FIELDS])
    _announce(session, registration, previous, notification, actor=actor, new_signup=new_signup)


def _seat_at_once(session: Session, registration: Registration, now) -> bool:
    """The common case in one conditional UPDATE; True when it took the seat. Session row
    locked.

    A pending registration still within its confirmation time takes a seat when nobody is
    waiting and at least two seats are free. Everything else (the last seat, which turns the
    public pages to "full"; the waiting list; expiry) is left to `_seat_or_waitlist`. The
    UPDATE is a statement begun after the lock was taken, so its count sees every decision
    made before it, as the count of `selectors.seats` does.
    """
    capacity = session.effective_capacity
    if capacity < 2:
        return False
    confirmed = Registration.objects.filter(session_id=session.pk, status=Status.CONFIRMED)
    waiting = Registration.objects.filter(session_id=session.pk, status=Status.WAITING)
    took = (
        Registration.objects.filter(
            pk=registration.pk,
            status=Status.PENDING,
            # As read before the lock (the deadline was checked on it), and not expired.
            created_at=registration.created_at,
            created_at__gte=_confirmation_deadline(now),
        )
        # Fewer than capacity - 1 confirmed: no row at that place in the list.
        .filter(~Exists(confirmed[capacity - 2 : capacity - 1]), ~Exists(waiting))
        .update(status=Status.CONFIRMED, confirmed_at=now, waitlisted_at=None)
    )
    if not took:
        return False
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    registration.waitlisted_at = None
    _announce(session, registration, Status.PENDING, registered)
    return True


def _announce(session, registration, previous, notification, *, actor=None, new_signup=False):
    """After a seat decision: the audit entry, the events, the person's email."""
    audit(
        f"registration.{registration.status}",
        actor=actor,
        obj=registration,
        series_id=session.series_id,
        people=1,
        detail={"from": previous, "to": registration.status},
    )
    if new_signup:
        events.publish(
            events.RegistrationCreated(registration_id=registration.pk, session_id=session.pk)
        )
    events.publish(
        events.RegistrationConfirmed(
            registration_id=registration.pk, session_id=session.pk, status=registration.status
        )
    )
    registration.session = session
    with preloaded(registration):
        notification(registration.pk)


def _seat_or_approval(
    session: Session, registration: Registration, now, *, new_signup: bool = False
) -> None:
    """The person confirmed their address: a seat or the waiting list, unless the session's
    organisers approve each sign-up. Then the person awaits approval and holds no seat; nothing
    is announced as confirmed (webhooks, seats) until an organiser approves. Session row locked.
    Sends `awaiting_approval` in that case."""
    if not session.requires_approval:
        _seat_or_waitlist(session, registration, now, new_signup=new_signup)
        return
    previous = registration.status
    registration.status = Status.AWAITING_APPROVAL
    registration.waitlisted_at = None
    if registration._state.adding:
        registration.save()
    else:
        registration.save(update_fields=[*STATE_FIELDS, *DETAIL_FIELDS])
    audit(
        "registration.awaiting_approval",
        obj=registration,
        series_id=session.series_id,
        people=1,
        detail={"from": previous, "to": registration.status},
    )
    if new_signup:
        events.publish(
            events.RegistrationCreated(registration_id=registration.pk, session_id=session.pk)
        )
    awaiting_approval(registration.pk)


def promote_from_waitlist(
    *, session_id: int, now: datetime | None = None, actor=None
) -> list[Registration]:
    """Give every free seat to the waiting list, in order; returns the people promoted.

    Call after anything that frees seats or raises capacity. Does nothing for a session that
    is over or cancelled.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session_id)
        if not session.is_upcoming:
            return []
        _free, moved_up = _fill_free_seats(session, now, actor=actor)
    return moved_up


def sessions_to_rebalance(*, series_id=None, session_id=None, capacity_from_series=False):
    """Ids of upcoming sessions with people waiting: the only ones a capacity change can move.

    capacity_from_series=True keeps only sessions without a capacity of their own.
    """
    sessions = _upcoming_sessions(series_id) if series_id else Session.objects.all()
    if session_id is not None:
        sessions = sessions.filter(pk=session_id)
    if capacity_from_series:
        sessions = sessions.filter(capacity__isnull=True)
    return list(
        sessions.filter(
            pk__in=Registration.objects.filter(status=Status.WAITING).values("session_id")
        ).values_list("pk", flat=True)
    )


def rebalance_session(*, session_id: int) -> list[Registration]:
    """Promote while seats are free: for whoever changed a session's or series' capacity."""
    return promote_from_waitlist(session_id=session_id)


def change_capacity(
    *, session_id: int, capacity: int | None, actor=None, now: datetime | None = None
) -> Session:
    """Set a session's own capacity (None: the series' default) and promote into new seats.

    Lowering capacity never removes anyone who already has a seat.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session_id)
        if actor is not None:
            _require_editor(actor, session.series)
        previous = session.capacity
        session.capacity = capacity
        session.save(update_fields=["capacity", "updated_at"])
        audit(
            "session.capacity_changed",
            actor=actor,
            obj=session,
            series_id=session.series_id,
            people=0,
            detail={"from": previous, "to": capacity},
        )
        if session.is_upcoming:
            _fill_free_seats(session, now, actor=actor)
    return session
