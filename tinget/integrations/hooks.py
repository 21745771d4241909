"""Where the integrations hear about changes: the domain events of `tinget.events`.

The handlers run inside the transaction of the change (not after commit), so the webhook
messages they store and the Teams meeting they mark for syncing are committed or rolled
back with it; the HTTP calls happen later, in the worker. Each handler works in a savepoint
and logs its own failure: a fault here never undoes the sign-up it reports.
"""

import functools
import logging

from django.db import transaction

from tinget import events

from . import teams, webhooks
from .models import EventType

logger = logging.getLogger(__name__)

REGISTRATION_EVENTS = {
    events.RegistrationCreated: EventType.REGISTRATION_CREATED,
    events.RegistrationConfirmed: EventType.REGISTRATION_CONFIRMED,
    events.RegistrationCancelled: EventType.REGISTRATION_CANCELLED,
    events.RegistrationPromoted: EventType.REGISTRATION_PROMOTED,
}
SESSION_EVENTS = {
    events.SessionCreated: EventType.SESSION_CREATED,
    events.SessionUpdated: EventType.SESSION_CHANGED,
    events.SessionRescheduled: EventType.SESSION_CHANGED,
    events.SessionReinstated: EventType.SESSION_CHANGED,
    events.SessionHeld: EventType.SESSION_CHANGED,
    events.SessionCancelled: EventType.SESSION_CANCELLED,
}
# Changes the Teams meeting follows (its subject, times, existence).
TEAMS_EVENTS = (
    events.SessionCreated,
    events.SessionUpdated,
    events.SessionRescheduled,
    events.SessionReinstated,
    events.SessionCancelled,
)


def _guarded(handler):
    @functools.wraps(handler)
    def run(event):
        try:
            with transaction.atomic():
                handler(event)
        except Exception:
            logger.exception("integrations: could not handle %r", event)

    return run


def _guarded_call(function):
    """As `_guarded`, for a function of any arguments."""

    @functools.wraps(function)
    def run(*args):
        try:
            with transaction.atomic():
                function(*args)
        except Exception:
            logger.exception("integrations: could not run %s%r", function.__name__, args)

    return run


def registration_event_type(event) -> str:
    """The webhook event of a registration event: a confirmation onto the waiting list is
    "registration.waitlisted", never "registration.confirmed" (that one means a seat)."""
    if isinstance(event, events.RegistrationConfirmed) and event.status == "waiting":
        return EventType.REGISTRATION_WAITLISTED
    return REGISTRATION_EVENTS[type(event)]


def on_registration(event) -> None:
    """Store a message for each endpoint that wants it. Which endpoints exist is asked first,
    in one query (no endpoint is the common case): only when there is one is the
    registration read and the message built, in a savepoint of its own."""
    event_type = registration_event_type(event)
    endpoints = webhooks.endpoints_for_session(event.session_id, event_type)
    if endpoints:
        _emit_registration(event_type, event.registration_id, endpoints)


@_guarded_call
def _emit_registration(event_type, registration_id, endpoints) -> None:
    webhooks.emit_registration(event_type, registration_id, endpoints=endpoints)


@_guarded
def on_session(event) -> None:
    webhooks.emit_session(SESSION_EVENTS[type(event)], event.session_id)
    if isinstance(event, TEAMS_EVENTS):
        teams.schedule_sync(event.session_id)


@_guarded
def on_attendance(event: events.AttendanceImported) -> None:
    counts = {
        "participants": event.participants,
        "matched": event.matched,
        "unmatched": event.unmatched,
        "missed": event.missed,
    }
    webhooks.emit_session(
        EventType.ATTENDANCE_IMPORTED, event.session_id, extra={"attendance": counts}
    )


def connect() -> None:
    """Subscribe the handlers (from IntegrationsConfig.ready)."""
    for event_type in REGISTRATION_EVENTS:
        events.subscribe(event_type, on_registration)
    for event_type in SESSION_EVENTS:
        events.subscribe(event_type, on_session)
    events.subscribe(events.AttendanceImported, on_attendance)
