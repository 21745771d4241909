"""Domain events: what happened, announced by the app that owns it, heard by whoever cares.

A small typed publish/subscribe, in process. ``programme`` announces what happened to a
session without knowing who listens; ``registrations`` reacts (emails, seats), and other
parts (webhooks, say) may subscribe too. Events carry ids, never model instances, so a
handler reads the current state itself.

    from tinget import events

    @events.subscriber(events.SessionCancelled, after_commit=True)
    def tell_registrants(event: events.SessionCancelled) -> None: ...

    events.publish(events.SessionCancelled(session_id=session.pk))

The contract:

- ``publish`` is synchronous. Handlers subscribed without ``after_commit`` run at once, inside
  the publisher's transaction and in the order they subscribed; an exception in one
  propagates to the publisher and rolls its transaction back, so a reaction that must hold
  together with the change (a seat, a registration) is all or nothing with it.
- Handlers subscribed with ``after_commit=True`` run when the publisher's transaction commits
  (``transaction.on_commit``), or at once outside a transaction; a rollback drops them. Use
  this for anything that leaves the process: email, HTTP calls.
- Subscribe at start-up, in an ``AppConfig.ready()``; subscribing the same handler twice to
  the same event type is a no-op.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every domain event. Subclasses are frozen dataclasses of ids and values."""


# --- what programme announces ----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SessionCreated(Event):
    """A session was added to a series (any status)."""

    session_id: int
    series_id: int


@dataclass(frozen=True, kw_only=True)
class SessionRescheduled(Event):
    """The start, end or join link of a scheduled session changed; ``sequence`` rose.

    ``old_starts_at``/``old_ends_at`` are the time before (None when not known), and
    ``notify`` is False when the organiser chose not to tell the registrants.
    """

    session_id: int
    series_id: int
    sequence: int
    old_starts_at: dt.datetime | None = None
    old_ends_at: dt.datetime | None = None
    time_changed: bool = False
    join_url_changed: bool = False
    notify: bool = True


@dataclass(frozen=True, kw_only=True)
class SessionUpdated(Event):
    """Fields of a session changed that calendars need not see (title, place, recap, ...)."""

    session_id: int
    series_id: int
    fields: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SessionHeld(Event):
    """A session is recorded as having taken place."""

    session_id: int
    series_id: int


@dataclass(frozen=True, kw_only=True)
class SessionReinstated(Event):
    """A cancelled session is scheduled again; ``sequence`` rose."""

    session_id: int
    series_id: int
    sequence: int


@dataclass(frozen=True, kw_only=True)
class SessionCancelled(Event):
    """A scheduled session was cancelled; ``sequence`` rose. ``notify`` is False when the
    organiser chose not to tell the registrants."""

    session_id: int
    series_id: int
    sequence: int
    notify: bool = True


@dataclass(frozen=True, kw_only=True)
class SeriesDuplicated(Event):
    """``series_id`` is a new draft copied from ``source_id`` (for the next season): apps
    with settings of their own per series copy them."""

    series_id: int
    source_id: int


@dataclass(frozen=True, kw_only=True)
class CapacityChanged(Event):
    """The seats of a session changed (``session_id``), or the default capacity of a series
    changed (``session_id`` is None): free seats may now exist."""

    series_id: int
    session_id: int | None = None


# --- what registrations announces ------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AttendanceImported(Event):
    """A Teams attendance report was recorded for a session (counts of its participants)."""

    session_id: int
    series_id: int
    participants: int
    matched: int
    unmatched: int
    missed: int


@dataclass(frozen=True, kw_only=True)
class RegistrationCreated(Event):
    """A person signed up (pending their email confirmation), or an organiser added them."""

    registration_id: int
    session_id: int


@dataclass(frozen=True, kw_only=True)
class RegistrationConfirmed(Event):
    """A person holds a seat (``status`` "confirmed") or a waiting-list place ("waiting")."""

    registration_id: int
    session_id: int
    status: str


@dataclass(frozen=True, kw_only=True)
class RegistrationCancelled(Event):
    """A registration was cancelled (by the person, an organiser, or with the subscription)."""

    registration_id: int
    session_id: int


@dataclass(frozen=True, kw_only=True)
class RegistrationPromoted(Event):
    """A person on the waiting list got a seat."""

    registration_id: int
    session_id: int


_handlers: dict[type[Event], list[tuple[Callable, bool]]] = {}


def subscribe[E: Event](
    event_type: type[E], handler: Callable[[E], None], *, after_commit: bool = False
) -> None:
    """Call ``handler(event)`` for every published event of ``event_type`` (or a subclass)."""
    if not (isinstance(event_type, type) and issubclass(event_type, Event)):
        raise TypeError(f"{event_type!r} is not an Event type")
    entries = _handlers.setdefault(event_type, [])
    if (handler, after_commit) not in entries:
        entries.append((handler, after_commit))


def subscriber[E: Event](event_type: type[E], *, after_commit: bool = False):
    """Decorator form of ``subscribe``."""

    def decorate(handler: Callable[[E], None]) -> Callable[[E], None]:
        subscribe(event_type, handler, after_commit=after_commit)
        return handler

    return decorate


def publish(event: Event) -> None:
    """Hand ``event`` to its subscribers (see the module docstring for when they run)."""
    if not isinstance(event, Event):
        raise TypeError(f"{event!r} is not an Event")
    for event_type in type(event).__mro__:
        for handler, after_commit in _handlers.get(event_type, ()):
            if after_commit:
                transaction.on_commit(functools.partial(handler, event))
            else:
                handler(event)
