"""What organisers send to registrants from the back office: their own message to a group,
and the follow-up after a session. Called by ``registrations.services.messages``, which
chooses the recipients and writes the audit entry; each function queues one email through
the outbox (it leaves after the commit).

The registrant's email context is the one ``notifications`` builds for every email.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from tinget.mailings.models import OutboundEmail
from tinget.mailings.services import queue_email, render_email
from tinget.programme.formatting import session_when
from tinget.programme.markdown import markdown_to_email_text, render_markdown
from tinget.programme.models import Material, Session

from .models import Registration
from .notifications import _registration_context, _with_series_text, absolute_url
from .unsubscribe import unsubscribe_url

MESSAGE_TEMPLATE = "organiser_message_to_registrant"
FOLLOWUP_TEMPLATES = {
    "attended": "followup_attended_to_registrant",
    "missed": "followup_missed_to_registrant",
}


def _message_context(registration: Registration, *, subject: str, body: str, **cache) -> dict:
    context = _registration_context(registration, **cache)
    context.update(subject=subject, body=body)
    return context


def organiser_message(
    registration: Registration,
    *,
    subject: str,
    body: str,
    dedupe_key: str,
    session_contexts: dict | None = None,
) -> OutboundEmail:
    """The organiser's own subject and text to one registrant, with the session's details."""
    return queue_email(
        to=registration.email,
        template=MESSAGE_TEMPLATE,
        context=_message_context(
            registration, subject=subject, body=body, session_contexts=session_contexts
        ),
        language=registration.language or "da",
        registration=registration,
        dedupe_key=dedupe_key,
        reply_to=registration.session.series.contact_email,
        unsubscribe_url=unsubscribe_url(registration, "message"),
    )


def preview_organiser_message(
    registration: Registration, *, subject: str, body: str
) -> tuple[str, str]:
    """(subject, text) of the message as this registrant would get it. Stores nothing."""
    language = registration.language or "da"
    context = _message_context(registration, subject=subject, body=body)
    rendered_subject, text, _html = render_email(MESSAGE_TEMPLATE, context, language)
    return rendered_subject, text


@dataclass(frozen=True)
class FollowUpContent:
    """What a follow-up round shares: the session's materials (absolute links) and the
    series' next session, read once for everyone."""

    materials: list[dict]
    next_session: Session | None


def followup(
    registration: Registration,
    *,
    kind: str,
    content: FollowUpContent,
    session_contexts: dict | None = None,
) -> OutboundEmail:
    """ "Thank you for coming" (kind "attended") or "sorry we missed you" ("missed"), with
    the recap, materials, recordings, the next session and the feedback link. Once per
    person and kind (dedupe key)."""
    session = registration.session
    language = registration.language or "da"
    upcoming = content.next_session
    with translation.override(language):
        feedback_url = absolute_url("feedback:form", token=registration.feedback_token)
        next_url = settings.TINGET_BASE_URL + upcoming.get_absolute_url() if upcoming else ""
    context = _registration_context(registration, session_contexts=session_contexts)
    context.update(
        kind=kind,
        recap_html=render_markdown(session.recap),
        recap_text=markdown_to_email_text(session.recap),
        materials=[m for m in content.materials if m["kind"] != Material.Kind.RECORDING],
        recordings=[m for m in content.materials if m["kind"] == Material.Kind.RECORDING],
        next_session=upcoming,
        next_url=next_url,
        next_when=session_when(upcoming, language) if upcoming else "",
        feedback_url=feedback_url,
    )
    _with_series_text(context, registration, f"followup_{kind}")
    return queue_email(
        to=registration.email,
        template=FOLLOWUP_TEMPLATES[kind],
        context=context,
        language=language,
        registration=registration,
        dedupe_key=f"followup:{kind}:{registration.pk}",
        reply_to=session.series.contact_email,
        unsubscribe_url=unsubscribe_url(registration, "followup"),
    )
