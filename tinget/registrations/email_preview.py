"""An email of a series as a registrant would get it, for the organisers' email texts
screen: the preview and "send a test to me". Stores nothing (the test goes through the
outbox like every email, to the organiser's own address and tied to no registration).

The values are a real registration's of the series when there is one (its name, session
and time), else an example. The personal links are never the person's own: a preview or a
test must not hand an organiser someone's manage or join link, so they carry an example
token and lead nowhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from tinget.mailings.models import OutboundEmail
from tinget.mailings.services import queue_email, render_email
from tinget.programme.formatting import format_when
from tinget.programme.models import Series, Session

from . import email_texts
from .models import Registration
from .notifications import _registration_context, absolute_url

EXAMPLE_TOKEN = "eksempel"  # noqa: S105 — not a secret: a token that opens nothing


@dataclass(frozen=True)
class Preview:
    subject: str
    text: str
    html: str
    # The registration whose values fill it in (None: an example person and session).
    source: Registration | None


def _example_session(series: Series) -> Session:
    session = series.sessions.order_by("-starts_at").first()
    if session is not None:
        return session
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    start += dt.timedelta(days=7)
    # Never saved; pk 0 only gives the example links an address.
    return Session(
        pk=0,
        series=series,
        title=gettext("Example session"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )


def sample_registration(series: Series, language: str, *, real: bool) -> Registration | None:
    """The newest registration of the series in that language (or any), for its values;
    None without one, or when ``real`` is False (a viewer sees no personal data)."""
    if not real:
        return None
    registrations = (
        Registration.objects.filter(session__series=series, erased_at__isnull=True)
        .exclude(email="")
        .select_related("session__series")
        .order_by("-created_at", "-pk")
    )
    return registrations.filter(language=language).first() or registrations.first()


def _person(series: Series, language: str, source: Registration | None) -> Registration:
    with translation.override(language):
        session = source.session if source else _example_session(series)
        name = source.name if source else gettext("Mette Jensen")
    session.series = series
    return Registration(
        session=session,
        name=name,
        email="",
        language=language,
        token=EXAMPLE_TOKEN,
        join_token=EXAMPLE_TOKEN,
        feed_token=EXAMPLE_TOKEN,
        feedback_token=EXAMPLE_TOKEN,
        status=Registration.Status.CONFIRMED,
    )


def _event_values(event: str, person: Registration, language: str) -> dict:
    """What the notification adds for this event, with example values."""
    session = person.session
    with translation.override(language):
        if event == "confirm_email":
            return {
                "confirm_url": absolute_url("registrations:confirm", token=EXAMPLE_TOKEN),
                "hours": settings.TINGET_CONFIRMATION_HOURS,
            }
        if event == "waitlisted":
            return {"position": 3}
        if event == "session_changed":
            earlier = dt.timedelta(days=7)
            old = format_when(
                session.starts_at - earlier,
                session.ends_at - earlier,
                language=language,
                year=True,
                weekday=True,
            )
            return {"old_when": old, "join_url_changed": False}
        if event.startswith("followup_"):
            return {
                "kind": event.removeprefix("followup_"),
                "feedback_url": absolute_url("feedback:form", token=EXAMPLE_TOKEN),
                "materials": [],
                "recordings": [],
            }
    return {}


def _context(series, event, language, subject, body, source) -> dict:
    person = _person(series, language, source)
    context = _registration_context(person)
    context.update(_event_values(event, person, language))
    context.update(email_texts.parts(event, subject, body, context))
    return context


def preview(
    *, series: Series, event: str, language: str, subject: str, body: str, real: bool
) -> Preview:
    """The whole email (subject, text and HTML) with this subject and opening text.
    Raises ValueError when the text has problems (check `email_texts.problems` first)."""
    source = sample_registration(series, language, real=real)
    spec = email_texts.kind(event)
    context = _context(series, event, language, subject, body, source)
    rendered_subject, text, html = render_email(spec.template, context, language)
    return Preview(subject=rendered_subject, text=text, html=html, source=source)


def queue_test(
    *, series: Series, event: str, language: str, subject: str, body: str, to: str
) -> OutboundEmail:
    """Queue the email, marked as a test, to ``to``; it leaves after the commit."""
    source = sample_registration(series, language, real=True)
    spec = email_texts.kind(event)
    context = _context(series, event, language, subject, body, source)
    with translation.override(language):
        context["custom_subject"] = gettext("[Test] %(subject)s") % {
            "subject": context["custom_subject"]
        }
    return queue_email(
        to=to,
        template=spec.template,
        context=context,
        language=language,
        reply_to=series.contact_email,
    )
