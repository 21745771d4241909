"""The emails for a change an organiser chose to announce from the session editor: what
changed (the old and the new time, a new join link) with the updated invite, or the
cancellation. Called after commit by tinget.programme.services_editor; `preview` renders
the same email for the organiser before they decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from tinget.programme import calendars
from tinget.programme.formatting import format_when
from tinget.programme.models import Session
from tinget.registrations.models import Registration

from . import notify
from .services import batched_sending, render_email


@dataclass
class Preview:
    recipients: list[Registration]
    subject: str
    text: str
    html: str


def _change_context(language: str, *, old_starts_at, old_ends_at, time_changed, join_url_changed):
    with translation.override(language):
        old_when = (
            format_when(old_starts_at, old_ends_at, language=language, year=True, weekday=True)
            if time_changed
            else ""
        )
    return {"old_when": old_when, "join_url_changed": join_url_changed}


def session_rescheduled(
    session_id: int, *, old_starts_at, old_ends_at, time_changed: bool, join_url_changed: bool
) -> int:
    """An updated invite saying what changed to everyone confirmed; once per SEQUENCE.
    Returns how many were queued."""
    session = Session.objects.select_related("series").get(pk=session_id)
    count = 0
    session_contexts: dict[str, dict] = {}
    with batched_sending():
        for registration in notify._recipients(session, [Registration.Status.CONFIRMED]):
            notify._queue(
                registration,
                "session_changed",
                context=_change_context(
                    registration.language or "da",
                    old_starts_at=old_starts_at,
                    old_ends_at=old_ends_at,
                    time_changed=time_changed,
                    join_url_changed=join_url_changed,
                ),
                calendar=calendars.Method.REQUEST,
                dedupe_key=f"session_changed:{registration.pk}:{session.sequence}",
                had_calendar=True,
                session_contexts=session_contexts,
            )
            count += 1
    return count


def session_cancelled(session_id: int) -> int:
    """The cancellation (METHOD:CANCEL to the confirmed, news to the waiting list)."""
    return notify.session_cancelled(session_id)


def recipients(session: Session, *, cancelled: bool = False) -> list[Registration]:
    """Who would be told: the confirmed (and, for a cancellation, the waiting list)."""
    statuses = [Registration.Status.CONFIRMED]
    if cancelled:
        statuses.append(Registration.Status.WAITING)
    return notify._recipients(session, statuses)


def preview(session: Session, *, language: str, change=None, cancelled: bool = False) -> Preview:
    """The email the first recipient would get, rendered with the session as it would be
    after the change (``change`` is a services_editor.ScheduleChange). Nothing is stored."""
    people = recipients(session, cancelled=cancelled)
    sample = people[0] if people else Registration(session=session, name="…", language=language)
    sample.session = session
    language = sample.language or language
    context = notify._registration_context(sample)
    if change is not None:
        context.update(
            _change_context(
                language,
                old_starts_at=change.old_starts_at,
                old_ends_at=change.old_ends_at,
                time_changed=change.time_changed,
                join_url_changed=change.join_url_changed,
            )
        )
    template = "session_cancelled_to_registrant" if cancelled else "session_changed_to_registrant"
    subject, text, html = render_email(template, context, language)
    return Preview(recipients=people, subject=subject, text=text, html=html)
