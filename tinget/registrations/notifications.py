"""What Tinget tells registrants, and when. Each function takes ids and queues through the
outbox, so it is safe inside a transaction: the email leaves after the commit, and a
rollback takes it back.

Calendar SEQUENCE per person: the first invite carries the session's SEQUENCE; every later
calendar message to the same person carries max(session SEQUENCE, their last + 1), so a
personal cancellation followed by a new sign-up, or a session change, always wins in their
calendar (RFC 5546 §2.1.5: the highest SEQUENCE wins). `Registration.invite_sequence`
records what the person's calendar last received.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import timezone, translation

from tinget.mailings import rendering
from tinget.mailings.fanout import PersonalTemplate
from tinget.mailings.models import OutboundEmail
from tinget.mailings.services import (
    batched_sending,
    email_row,
    queue_email,
    queue_email_to_render,
    queue_emails,
    render_email,
)
from tinget.programme import calendars
from tinget.programme.formatting import format_clock, format_when, session_when
from tinget.programme.models import Session

from . import email_texts
from .models import Registration, SeriesSubscription

logger = logging.getLogger(__name__)

AUDIENCE = "registrant"
# Events whose email carries a calendar object for the person.
CALENDAR_EVENTS = {"registered", "promoted", "cancelled", "session_changed", "session_cancelled"}
# Every event a registrant or subscriber can hear about (one template trio each).
ALL_EVENTS = (
    "confirm_email",
    "registered",
    "waitlisted",
    "promoted",
    "cancelled",
    "already_registered",
    "awaiting_approval",
    "declined",
    "session_changed",
    "session_cancelled",
    "reminder_24h",
    "reminder_1h",
    "subscription_confirm",
    "subscription_confirmed",
)
REMINDER_CHUNK = 200
REMINDERS = (
    # (kind, how long before the start, the series flag)
    ("24h", timedelta(hours=24), "remind_24h"),
    ("1h", timedelta(hours=1), "remind_1h"),
)


def absolute_url(name: str, **kwargs) -> str:
    """An absolute link in the active language; empty (and logged) if the view is missing."""
    try:
        return settings.TINGET_BASE_URL + reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        logger.error("no URL named %s: the email goes out without that link", name)
        return ""


def _template(event: str) -> str:
    return f"{event}_to_{AUDIENCE}"


def _with_series_text(context: dict, registration: Registration, event: str) -> dict:
    """The series' own subject and opening words for this email, when it has them
    (registrations/email_texts.py: validated, filled in, the default when unusable)."""
    language = registration.language or "da"
    series = registration.session.series
    context.update(email_texts.custom_parts(series, event, language, context))
    return context


def _session_context(session: Session, language: str) -> dict:
    with translation.override(language):
        return {
            "session": session,
            "series": session.series,
            "title": session.display_title,
            "when": session_when(session, language),
            "starts": format_clock(session.starts_at, language=language),
            "session_url": settings.TINGET_BASE_URL + session.get_absolute_url(),
            "series_url": settings.TINGET_BASE_URL + session.series.get_absolute_url(),
            "contact_email": session.series.contact_email,
        }


_TOKEN_MARK = "TINGETTOKENMARK"  # noqa: S105 — a placeholder in a URL, not a secret


@functools.lru_cache(maxsize=64)
def _token_url_parts(name: str, language: str, urlconf: str, prefix: str, base: str):
    """The absolute link of a view that takes one token, split around the token, in a
    language (a fan-out builds thousands; reverse() is ~0.1 ms each). None if missing."""
    with translation.override(language):
        url = absolute_url(name, token=_TOKEN_MARK)
    if url.count(_TOKEN_MARK) != 1:
        return None
    return tuple(url.split(_TOKEN_MARK))


def _token_url(name: str, token: str) -> str:
    """`absolute_url(name, token=token)` in the active language, from the cached parts."""
    parts = _token_url_parts(
        name,
        translation.get_language() or "",
        str(getattr(settings, "ROOT_URLCONF", "")),
        get_script_prefix(),
        settings.TINGET_BASE_URL,
    )
    if parts is None:
        return absolute_url(name, token=token)
    return f"{parts[0]}{token}{parts[1]}"


def _registration_context(registration: Registration, *, session_contexts=None) -> dict:
    """The context for one registrant. `session_contexts` (language → context) lets a
    fan-out to thousands format the session once per language instead of per person."""
    language = registration.language or "da"
    if session_contexts is not None:
        if language not in session_contexts:
            session_contexts[language] = _session_context(registration.session, language)
        context = dict(session_contexts[language])
    else:
        context = _session_context(registration.session, language)
    with translation.override(language):
        context.update(
            registration=registration,
            name=registration.name,
            manage_url=_token_url("registrations:manage", registration.token),
            # The personal link, never the meeting's own: it follows a changed meeting link
            # and stops working for a cancelled registration.
            join_url=_token_url("registrations:join", registration.join_token),
            join_opens_minutes=settings.TINGET_JOIN_OPENS_MINUTES,
            personal_feed_url=_token_url("programme:personal_feed", registration.feed_token),
        )
    return context


# Registrations the calling service has in hand (with their session and series), so that
# a notification about one of them does not read it back (`preloaded`).
_preloaded: ContextVar[dict[int, Registration] | None] = ContextVar(
    "tinget_preloaded_registrations", default=None
)


@contextlib.contextmanager
def preloaded(*registrations: Registration):
    """Inside the block, notifications about these registrations use these objects (as the
    service just saved them, `session` and its `series` loaded) instead of reading them."""
    token = _preloaded.set({registration.pk: registration for registration in registrations})
    try:
        yield
    finally:
        _preloaded.reset(token)


def _load(registration_id: int) -> Registration | None:
    known = _preloaded.get()
    registration = known.get(registration_id) if known else None
    if registration is None:
        registration = (
            Registration.objects.select_related("session__series")
            .filter(pk=registration_id)
            .first()
        )
    if registration is None:
        logger.warning("registration %s is gone: nothing to send", registration_id)
        return None
    if getattr(registration, "erased_at", None) or not registration.email:
        return None
    return registration


def _had_calendar(registration: Registration) -> bool:
    return OutboundEmail.objects.filter(
        registration=registration,
        template__in=[_template(event) for event in CALENDAR_EVENTS],
    ).exists()


def _next_sequence(registration: Registration, *, had_calendar: bool) -> int:
    session = registration.session
    if not had_calendar:
        return max(session.sequence, registration.invite_sequence)
    return max(session.sequence, registration.invite_sequence + 1)


def _calendar_filename(method: str, language: str) -> str:
    if method == calendars.Method.REQUEST:
        return "invitation.ics"  # the same word in Danish and English
    return "cancellation.ics" if language == "en" else "aflysning.ics"


def _calendar_attachment(
    registration: Registration, *, method: str, sequence: int, manage_url: str = ""
) -> dict:
    session = registration.session
    with translation.override(registration.language or "da"):
        content = calendars.invite(
            session,
            method=method,
            attendee=calendars.Attendee(email=registration.email, name=registration.name),
            sequence=sequence,
            join_url=absolute_url("registrations:join", token=registration.join_token),
            manage_url=manage_url,
        )
    return {
        "filename": _calendar_filename(method, registration.language),
        "content": content,
        "mimetype": "text/calendar",
        "method": method,
    }


def _queue(
    registration: Registration,
    event: str,
    *,
    context: dict | None = None,
    calendar: str | None = None,
    dedupe_key: str | None = None,
    had_calendar: bool | None = None,
    session_contexts: dict | None = None,
) -> OutboundEmail:
    if session_contexts is None:
        # One person's email: rendered by the worker (`_render_for_registrant`), not here.
        return _queue_to_render(
            registration,
            event,
            context=context,
            calendar=calendar,
            had_calendar=had_calendar,
            dedupe_key=dedupe_key,
        )
    full = _registration_context(registration, session_contexts=session_contexts)
    if context:
        full.update(context)
    _with_series_text(full, registration, event)
    attachments = []
    if calendar:
        if had_calendar is None:
            had_calendar = _had_calendar(registration)
        sequence = _next_sequence(registration, had_calendar=had_calendar)
        attachments.append(
            _calendar_attachment(
                registration, method=calendar, sequence=sequence, manage_url=full["manage_url"]
            )
        )
        full["sequence"] = sequence
    email = queue_email(
        to=registration.email,
        template=_template(event),
        context=full,
        language=registration.language or "da",
        registration=registration,
        attachments=attachments,
        dedupe_key=dedupe_key,
        reply_to=registration.session.series.contact_email,
    )
    if calendar and email.is_new:
        Registration.objects.filter(pk=registration.pk).update(invite_sequence=sequence)
        registration.invite_sequence = sequence
    return email


def _queue_to_render(
    registration: Registration,
    event: str,
    *,
    context: dict | None,
    calendar: str | None,
    had_calendar: bool | None,
    dedupe_key: str | None,
) -> OutboundEmail:
    """Store the email with what the worker needs to render it: the registration (by the
    row's foreign key), the event, the values fixed now (`context`: JSON), and for an
    invite its method and SEQUENCE, which are decided now, in the order of the changes."""
    sequence = None
    if calendar:
        if had_calendar is None:
            had_calendar = _had_calendar(registration)
        sequence = _next_sequence(registration, had_calendar=had_calendar)
    email = queue_email_to_render(
        to=registration.email,
        template=_template(event),
        language=registration.language or "da",
        renderer=RENDERER,
        params={
            "event": event,
            "context": context or {},
            "calendar": calendar,
            "sequence": sequence,
        },
        registration=registration,
        dedupe_key=dedupe_key,
        reply_to=registration.session.series.contact_email,
    )
    if calendar and email.is_new and sequence != registration.invite_sequence:
        Registration.objects.filter(pk=registration.pk).update(invite_sequence=sequence)
        registration.invite_sequence = sequence
    return email


RENDERER = "registrant"
# The status a registration must still have when the worker renders one of these emails:
# each tells the person where they stand, and a later change has its own email.
STILL_TRUE = {
    "confirm_email": {Registration.Status.PENDING},
    "registered": {Registration.Status.CONFIRMED},
    "promoted": {Registration.Status.CONFIRMED},
    "waitlisted": {Registration.Status.WAITING},
    "awaiting_approval": {Registration.Status.AWAITING_APPROVAL},
    "declined": {Registration.Status.DECLINED},
}


@rendering.renderer(RENDERER)
def _render_for_registrant(
    email: OutboundEmail, *, event: str, context: dict, calendar: str | None, sequence: int | None
) -> rendering.Rendered | None:
    """The worker's half of `_queue_to_render`: the email as `_queue` renders it inline."""
    registration = _load(email.registration_id) if email.registration_id else None
    if registration is None:
        return None
    expected = STILL_TRUE.get(event)
    if expected and registration.status not in expected:
        # Cancelled (or moved on) between the decision and the send: a "you are
        # registered" with a join link that no longer works must not arrive after it.
        raise rendering.NoLongerTrue(
            f"the {event} email of registration {registration.pk}, which is "
            f"{registration.status} now"
        )
    if expected and registration.session.status == Session.Status.CANCELLED:
        # The session was cancelled meanwhile: its own email says so.
        raise rendering.NoLongerTrue(
            f"the {event} email of registration {registration.pk}: the session is cancelled"
        )
    full = _registration_context(registration)
    full.update(context)
    _with_series_text(full, registration, event)
    attachments = []
    if calendar:
        attachments.append(
            _calendar_attachment(
                registration, method=calendar, sequence=sequence, manage_url=full["manage_url"]
            )
        )
        full["sequence"] = sequence
    subject, text, html = render_email(_template(event), full, email.language)
    return rendering.Rendered(subject, text, html, attachments)


# ---------------------------------------------------------------------------------------
# The interface the registrations and back-office code call


def confirm_email(registration_id: int) -> OutboundEmail | None:
    """ "Confirm your email": the double opt-in link, valid for TINGET_CONFIRMATION_HOURS."""
    registration = _load(registration_id)
    if registration is None:
        return None
    with translation.override(registration.language or "da"):
        confirm_url = absolute_url("registrations:confirm", token=registration.token)
    return _queue(
        registration,
        "confirm_email",
        context={"confirm_url": confirm_url, "hours": settings.TINGET_CONFIRMATION_HOURS},
    )


def registered(registration_id: int) -> OutboundEmail | None:
    """ "You are registered", with an invite (METHOD:REQUEST) carrying the join link."""
    registration = _load(registration_id)
    if registration is None:
        return None
    return _queue(registration, "registered", calendar=calendars.Method.REQUEST)


def waitlisted(registration_id: int) -> OutboundEmail | None:
    """ "You are on the waiting list", with the person's place in it."""
    registration = _load(registration_id)
    if registration is None:
        return None
    return _queue(registration, "waitlisted", context={"position": waitlist_position(registration)})


def awaiting_approval(registration_id: int) -> OutboundEmail | None:
    """ "Your sign-up awaits approval": the address is confirmed, the organisers decide."""
    registration = _load(registration_id)
    if registration is None:
        return None
    return _queue(registration, "awaiting_approval")


def declined(registration_id: int) -> OutboundEmail | None:
    """ "About your sign-up": the organisers could not offer a place (no calendar object: the
    person never had an invite)."""
    registration = _load(registration_id)
    if registration is None:
        return None
    return _queue(registration, "declined")


def waitlist_position(registration: Registration) -> int:
    if registration.status != Registration.Status.WAITING or registration.waitlisted_at is None:
        return 0
    ahead = Registration.objects.filter(
        session_id=registration.session_id, status=Registration.Status.WAITING
    ).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def promoted(registration_id: int) -> OutboundEmail | None:
    """ "A seat opened for you", with the invite (METHOD:REQUEST)."""
    registration = _load(registration_id)
    if registration is None:
        return None
    return _queue(registration, "promoted", calendar=calendars.Method.REQUEST)


def cancelled(registration_id: int) -> OutboundEmail | None:
    """ "Your registration is cancelled"; METHOD:CANCEL when the person had an invite."""
    registration = _load(registration_id)
    if registration is None:
        return None
    had_calendar = _had_calendar(registration)
    return _queue(
        registration,
        "cancelled",
        calendar=calendars.Method.CANCEL if had_calendar else None,
        had_calendar=had_calendar,
    )


def already_registered(registration_id: int) -> OutboundEmail | None:
    """Someone signed up again with this address: their status and the manage link."""
    registration = _load(registration_id)
    if registration is None:
        return None
    context = {"status": registration.status}
    if registration.status == Registration.Status.PENDING:
        with translation.override(registration.language or "da"):
            context["confirm_url"] = absolute_url("registrations:confirm", token=registration.token)
    if registration.status == Registration.Status.WAITING:
        context["position"] = waitlist_position(registration)
    return _queue(registration, "already_registered", context=context)


@dataclass(frozen=True)
class Change:
    """What changed, for the email to say: the old time and whether the join link moved."""

    old_starts_at: datetime
    old_ends_at: datetime
    time_changed: bool
    join_url_changed: bool

    def context(self, language: str) -> dict:
        with translation.override(language):
            old_when = (
                format_when(
                    self.old_starts_at, self.old_ends_at, language=language, year=True, weekday=True
                )
                if self.time_changed
                else ""
            )
        return {"old_when": old_when, "join_url_changed": self.join_url_changed}


def session_changed(session_id: int, *, change: Change | None = None) -> int:
    """An updated invite (the session's current, higher SEQUENCE) to everyone confirmed;
    with ``change`` the email also says what changed (the old and the new time, a new link).

    Calling it twice for the same SEQUENCE queues nothing new. Returns how many were queued.
    """
    session = Session.objects.select_related("series").prefetch_related("items").get(pk=session_id)
    registrations = _recipients(session, [Registration.Status.CONFIRMED])
    count = 0
    session_contexts: dict[str, dict] = {}
    with batched_sending():
        for registration in registrations:
            _queue(
                registration,
                "session_changed",
                context=change.context(registration.language or "da") if change else None,
                calendar=calendars.Method.REQUEST,
                dedupe_key=f"session_changed:{registration.pk}:{session.sequence}",
                had_calendar=True,
                session_contexts=session_contexts,
            )
            count += 1
    return count


def session_cancelled(session_id: int) -> int:
    """The session is cancelled: METHOD:CANCEL (STATUS:CANCELLED) to everyone confirmed,
    and the same news without a calendar part to the waiting list and to people awaiting
    approval (they have no invite).
    Returns how many were queued."""
    session = Session.objects.select_related("series").prefetch_related("items").get(pk=session_id)
    registrations = _recipients(
        session,
        [
            Registration.Status.CONFIRMED,
            Registration.Status.WAITING,
            Registration.Status.AWAITING_APPROVAL,
        ],
    )
    count = 0
    session_contexts: dict[str, dict] = {}
    with batched_sending():
        for registration in registrations:
            confirmed = registration.status == Registration.Status.CONFIRMED
            _queue(
                registration,
                "session_cancelled",
                calendar=calendars.Method.CANCEL if confirmed else None,
                dedupe_key=f"session_cancelled:{registration.pk}",
                had_calendar=confirmed,
                session_contexts=session_contexts,
            )
            count += 1
    return count


@dataclass
class Preview:
    recipients: list[Registration]
    subject: str
    text: str


def change_recipients(session: Session, *, cancelled: bool = False) -> list[Registration]:
    """Who hears about a change: the confirmed (and, for a cancellation, the waiting list and
    people awaiting approval)."""
    statuses = [Registration.Status.CONFIRMED]
    if cancelled:
        statuses += [Registration.Status.WAITING, Registration.Status.AWAITING_APPROVAL]
    return _recipients(session, statuses)


def preview_change(
    session: Session, *, language: str, change: Change | None = None, cancelled: bool = False
) -> Preview:
    """The email the first recipient would get about a change or a cancellation, rendered
    with ``session`` as it will be (an unsaved copy may carry the new time). Stores nothing."""
    people = change_recipients(session, cancelled=cancelled)
    sample = people[0] if people else Registration(session=session, name="…", language=language)
    sample.session = session
    language = sample.language or language
    context = _registration_context(sample)
    if change is not None:
        context.update(change.context(language))
    event = "session_cancelled" if cancelled else "session_changed"
    _with_series_text(context, sample, event)
    template = _template(event)
    subject, text, _html = render_email(template, context, language)
    return Preview(recipients=people, subject=subject, text=text)


def _recipients(session: Session, statuses) -> list[Registration]:
    registrations = list(
        Registration.objects.filter(session=session, status__in=statuses)
        .exclude(email="")
        .order_by("pk")
    )
    for registration in registrations:
        registration.session = session  # one Session object, not one query per person
    return [r for r in registrations if not getattr(r, "erased_at", None)]


def _load_subscription(subscription_id: int) -> SeriesSubscription | None:
    subscription = (
        SeriesSubscription.objects.select_related("series").filter(pk=subscription_id).first()
    )
    if subscription is None or not subscription.email:
        return None
    return subscription


def _subscription_context(subscription: SeriesSubscription) -> dict:
    language = subscription.language or "da"
    series = subscription.series
    with translation.override(language):
        upcoming = [
            {"title": s.display_title, "when": session_when(s, language)}
            for s in series.sessions.filter(
                status=Session.Status.SCHEDULED, starts_at__gt=timezone.now()
            ).select_related("series")
        ]
        return {
            "subscription": subscription,
            "series": series,
            "name": subscription.name,
            "series_url": settings.TINGET_BASE_URL + series.get_absolute_url(),
            "contact_email": series.contact_email,
            "upcoming": upcoming,
            "manage_url": absolute_url(
                "registrations:subscription_manage", token=subscription.token
            ),
        }


def subscription_confirm(subscription_id: int) -> OutboundEmail | None:
    """ "Confirm your email" for a sign-up to the whole series."""
    subscription = _load_subscription(subscription_id)
    if subscription is None:
        return None
    language = subscription.language or "da"
    context = _subscription_context(subscription)
    with translation.override(language):
        context["confirm_url"] = absolute_url(
            "registrations:subscription_confirm", token=subscription.token
        )
    context["hours"] = settings.TINGET_CONFIRMATION_HOURS
    return queue_email(
        to=subscription.email,
        template="subscription_confirm_to_subscriber",
        context=context,
        language=language,
        reply_to=subscription.series.contact_email,
    )


def subscription_confirmed(subscription_id: int) -> OutboundEmail | None:
    """ "You follow the whole series": what is coming; each session's invite follows."""
    subscription = _load_subscription(subscription_id)
    if subscription is None:
        return None
    return queue_email(
        to=subscription.email,
        template="subscription_confirmed_to_subscriber",
        context=_subscription_context(subscription),
        language=subscription.language or "da",
        reply_to=subscription.series.contact_email,
    )


# ---------------------------------------------------------------------------------------
# Reminders


def queue_due_reminders(*, now: datetime | None = None) -> int:
    """Queue the 24-hour and 1-hour reminders that are due; returns how many were queued.

    A 24-hour reminder is due from 24 hours until 1 hour before the start (then the 1-hour
    one takes over), a 1-hour reminder in the last hour. Only people confirmed before the
    reminder's moment get it: someone who signed up ten minutes ago has just had the invite.
    Each reminder has a dedupe key (kind, person, start time), so running this twice
    queues nothing twice, and moving a session brings its reminders back.
    """
    now = now or timezone.now()
    total = 0
    for index, (kind, lead, flag) in enumerate(REMINDERS):
        next_lead = REMINDERS[index + 1][1] if index + 1 < len(REMINDERS) else timedelta(0)
        sessions = Session.objects.filter(
            status=Session.Status.SCHEDULED,
            starts_at__gt=now + next_lead,
            starts_at__lte=now + lead,
            **{f"series__{flag}": True},
        ).select_related("series")
        for session in sessions:
            total += _queue_session_reminders(session, kind=kind, lead=lead)
    return total


def _queue_session_reminders(session: Session, *, kind: str, lead: timedelta) -> int:
    event = f"reminder_{kind}"
    stamp = session.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%MZ")
    registrations = (
        Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED)
        .filter(Q(confirmed_at__isnull=True) | Q(confirmed_at__lte=session.starts_at - lead))
        .exclude(email="")
        .order_by("pk")
    )
    already = set(
        OutboundEmail.objects.filter(
            registration__session=session, template=_template(event)
        ).values_list("dedupe_key", flat=True)
    )
    due = []
    for registration in registrations:
        key = f"reminder-{kind}:{registration.pk}:{stamp}"
        if key not in already and not getattr(registration, "erased_at", None):
            registration.session = session
            due.append((registration, key))
    session_contexts: dict[str, dict] = {}
    personal_templates: dict[str, PersonalTemplate] = {}
    people = [registration for registration, _key in due]
    queued = 0
    # Short transactions: on SQLite a transaction holds the database's only write lock, and
    # sign-ups must not wait for ten thousand reminders. Dedupe keys make a crash between
    # chunks harmless: the next tick queues the rest.
    for start in range(0, len(due), REMINDER_CHUNK):
        emails = [
            email_row(
                to=registration.email,
                template=_template(event),
                parts=_reminder_parts(
                    registration,
                    event=event,
                    session_contexts=session_contexts,
                    personal_templates=personal_templates,
                    samples=people,
                ),
                language=registration.language or "da",
                registration=registration,
                dedupe_key=key,
                reply_to=session.series.contact_email,
            )
            for registration, key in due[start : start + REMINDER_CHUNK]
        ]
        with transaction.atomic():
            queued += len(queue_emails(emails))
    return queued


def _reminder_parts(
    registration: Registration,
    *,
    event: str,
    session_contexts: dict,
    personal_templates: dict,
    samples: list[Registration],
) -> tuple[str, str, str]:
    """One person's reminder: the templates rendered once per language, their parts filled
    in (mailings/fanout.py), or rendered in full where filling would not give the same."""
    language = registration.language or "da"
    context = _with_series_text(
        _registration_context(registration, session_contexts=session_contexts), registration, event
    )
    shared = session_contexts[language]
    personal = {key: value for key, value in context.items() if key not in shared}
    template = personal_templates.get(language)
    if template is None:
        template = PersonalTemplate(
            template=_template(event),
            language=language,
            context=context,
            personal_keys=[key for key, value in personal.items() if isinstance(value, str)],
        )
        same_language = [r for r in samples if (r.language or "da") == language][:2]
        template.verify(
            [
                {
                    key: value
                    for key, value in _with_series_text(
                        _registration_context(sample, session_contexts=session_contexts),
                        sample,
                        event,
                    ).items()
                    if key not in shared
                }
                for sample in same_language
            ]
        )
        personal_templates[language] = template
    return template.fill(personal) or template.render_in_full(personal)
