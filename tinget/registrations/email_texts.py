"""The words of a series' emails, as its organisers wrote them: where the text comes from.

Each kind of email a registrant gets has a default (the wording of its templates in
``mailings/email``) and may have the series' own subject and opening text per language
(`EmailText`). Only that part is the organiser's: the greeting, the session's facts, the
links the person needs (confirm, join, manage), the calendar part and the footer stay
Tinget's, so no text can break double opt-in or hide the way out.

Placeholders are a small fixed set of names in double curly brackets, ``{{ navn }}`` (or
its English name, ``{{ name }}``), replaced by plain substitution: no template engine runs
the organiser's text, so it cannot reach attributes, tags or filters. Anything else in
curly brackets is refused when the text is saved (`problems`), and again when an email is
queued (`custom_parts`): an invalid stored text is logged and the default is sent.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from .email_kinds import LABELS
from .models import EmailText

logger = logging.getLogger(__name__)

SUBJECT_MAX = 200
BODY_MAX = 5000
# {{ name }}: a run of letters, digits and underscores (æ, ø and å too) between the brackets.
TOKEN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
NAME = re.compile(r"^\w+$")
# What would be template code anywhere else: refused outside a well-formed {{ name }}.
SYNTAX = ("{{", "}}", "{%", "%}", "{#", "#}")


@dataclass(frozen=True)
class Placeholder:
    danish: str
    english: str
    key: str  # the value's name in the email's context (notifications.py)
    description: str

    def name(self, language: str) -> str:
        return self.english if language == "en" else self.danish


COMMON = (
    Placeholder("navn", "name", "name", _("the person's name")),
    Placeholder("session", "session", "title", _("the session's title")),
    Placeholder("serie", "series", "series_title", _("the series' title")),
    Placeholder("tidspunkt", "when", "when", _("the day and time of the session")),
    Placeholder("starttid", "start_time", "starts", _("the clock time it starts")),
    Placeholder("sessionsside", "session_page", "session_url", _("the session's page")),
    Placeholder("serieside", "series_page", "series_url", _("the series' page")),
    Placeholder("kontakt", "contact", "contact_email", _("the series' contact address")),
)
CONFIRM = (
    Placeholder("bekræftelseslink", "confirm_link", "confirm_url", _("the confirmation link")),
    Placeholder("timer", "hours", "hours", _("how many hours the link works")),
)
POSITION = (Placeholder("plads", "position", "position", _("the place on the waiting list")),)
OLD_TIME = (
    Placeholder(
        "tidligere_tidspunkt", "old_time", "old_when", _("the old time, when the time changed")
    ),
)
FEEDBACK = (Placeholder("feedbacklink", "feedback_link", "feedback_url", _("the feedback form")),)


@dataclass(frozen=True)
class Kind:
    """One kind of email: its default subject and opening paragraphs (msgids of its
    templates, so the default shown is the default sent) and its placeholders."""

    event: str
    template: str
    subject: str
    paragraphs: tuple[str, ...]
    sent_when: str
    extra: tuple[Placeholder, ...] = ()

    @property
    def label(self) -> str:
        return str(LABELS[self.template])

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        return COMMON + self.extra


def _kind(event, subject, paragraphs, sent_when, extra=(), audience="registrant") -> Kind:
    return Kind(event, f"{event}_to_{audience}", subject, paragraphs, sent_when, extra)


KINDS = {
    kind.event: kind
    for kind in (
        _kind(
            "confirm_email",
            N_("Confirm your registration for %(title)s"),
            (
                N_("Thank you for signing up for “%(title)s” %(when)s."),
                N_(
                    "Please confirm your email address. Until you do, you have no seat. "
                    "The link works for %(hours)s hours."
                ),
            ),
            _("When someone signs up: the link that confirms the address (always added)."),
            CONFIRM,
        ),
        _kind(
            "registered",
            N_("You are registered: %(title)s"),
            (N_("You are registered for “%(title)s”. We look forward to seeing you."),),
            _("When a seat is confirmed, with the calendar invitation and the join link."),
        ),
        _kind(
            "waitlisted",
            N_("You are on the waiting list: %(title)s"),
            (
                N_(
                    "“%(title)s” is fully booked, so you are on the waiting list as number "
                    "%(position)s."
                ),
                N_(
                    "If a seat opens, it goes to you automatically, and we send you an email "
                    "with the link to join."
                ),
            ),
            _("When the session is full and the person is put on the waiting list."),
            POSITION,
        ),
        _kind(
            "promoted",
            N_("A seat opened for you: %(title)s"),
            (
                N_(
                    "Good news: a seat has opened for “%(title)s”, and it is yours. "
                    "You are now registered."
                ),
            ),
            _("When someone moves up from the waiting list, with the calendar invitation."),
        ),
        _kind(
            "cancelled",
            N_("Your registration is cancelled: %(title)s"),
            (N_("We have cancelled your registration for “%(title)s” %(when)s."),),
            _("When a registration is cancelled, by the person or by you."),
        ),
        _kind(
            "awaiting_approval",
            N_("Your sign-up awaits approval: %(title)s"),
            (
                N_(
                    "Thank you for confirming your email address. The organisers of "
                    "“%(title)s” approve each sign-up themselves, so you do not have a seat yet."
                ),
                N_(
                    "We send you another email as soon as they have decided: with the link to "
                    "join if you get a seat."
                ),
            ),
            _("For a session where you approve each sign-up: when the person has confirmed."),
        ),
        _kind(
            "declined",
            N_("About your sign-up: %(title)s"),
            (
                N_(
                    "Thank you for your interest in “%(title)s” %(when)s. Unfortunately the "
                    "organisers could not offer you a place this time."
                ),
            ),
            _("When you decline a sign-up that awaited your approval."),
        ),
        _kind(
            "session_changed",
            N_("Changed: %(title)s"),
            (
                N_(
                    "There is a change to “%(title)s”, which you are registered for. "
                    "These are the details now:"
                ),
            ),
            _("When you change the time or the join link and choose to tell the registrants."),
            OLD_TIME,
        ),
        _kind(
            "session_cancelled",
            N_("Cancelled: %(title)s"),
            (
                N_(
                    "Unfortunately, “%(title)s” %(when)s is cancelled. "
                    "We are sorry for the inconvenience."
                ),
            ),
            _("When you cancel the session and choose to tell the registrants."),
        ),
        _kind(
            "reminder_24h",
            N_("Reminder: %(title)s %(when)s"),
            (N_("A reminder that “%(title)s” is coming up. You are registered."),),
            _("A day before the start, when the series sends reminders."),
        ),
        _kind(
            "reminder_1h",
            N_("Starting soon: %(title)s at %(starts)s"),
            (N_("“%(title)s” starts at %(starts)s."),),
            _("An hour before the start, when the series sends reminders."),
        ),
        _kind(
            "followup_attended",
            N_("Thank you for taking part: %(title)s"),
            (N_("Thank you for taking part in “%(title)s” %(when)s."),),
            _("The follow-up you send after the session to those who took part."),
            FEEDBACK,
        ),
        _kind(
            "followup_missed",
            N_("We missed you: %(title)s"),
            (
                N_(
                    "You were registered for “%(title)s” %(when)s, but we did not see you. "
                    "That is a pity, and here is what you missed."
                ),
            ),
            _("The follow-up you send after the session to those who did not come."),
            FEEDBACK,
        ),
    )
}
EVENTS = tuple(KINDS)
# The template variables of the default wording, and the placeholder each one becomes.
_DEFAULT_NAMES = {
    "title": "title",
    "when": "when",
    "hours": "hours",
    "position": "position",
    "starts": "starts",
}


def placeholder(name: str) -> str:
    """How a placeholder is written: ``{{ navn }}``."""
    return "{{ " + name + " }}"


def kind(event: str) -> Kind:
    """The kind of email for an event name; KeyError for one organisers cannot edit."""
    return KINDS[event]


def _by_name(event: str) -> dict[str, Placeholder]:
    names = {}
    for placeholder in KINDS[event].placeholders:
        names[placeholder.danish] = placeholder
        names[placeholder.english] = placeholder
    return names


def default_text(event: str, language: str) -> tuple[str, str]:
    """(subject, body) of the default wording in ``language``, with that language's
    placeholder names where the email has its values."""
    spec = KINDS[event]
    keys = {p.key: placeholder(p.name(language)) for p in spec.placeholders}
    values = {variable: keys[key] for variable, key in _DEFAULT_NAMES.items() if key in keys}
    with translation.override(language):
        subject = gettext(spec.subject) % values
        body = "\n\n".join(gettext(paragraph) % values for paragraph in spec.paragraphs)
    return subject, body


def problems(event: str, text: str) -> list[str]:
    """What is wrong with the placeholders and brackets of a subject or body, in the active
    language; empty when it can be used."""
    names = _by_name(event)
    found = []
    for match in TOKEN.finditer(text):
        name = match.group(1)
        if not NAME.match(name) or name not in names:
            found.append(
                gettext(
                    "“%(token)s” is not a placeholder of this email. "
                    "Use one of the placeholders listed next to the text."
                )
                % {"token": match.group(0)}
            )
            break
    rest = TOKEN.sub("", text)
    if any(mark in rest for mark in SYNTAX):
        found.append(
            gettext(
                "Write a placeholder as two curly brackets on each side of its name, "
                "{{ navn }}. Other template code, such as {% if %}, cannot be used."
            )
        )
    return found


def fill(event: str, text: str, context: dict) -> str:
    """The text with each placeholder replaced by its value from an email's context (a
    missing value is empty). Raises ValueError for a text with problems."""
    if problems(event, text):
        raise ValueError(f"the {event} text has invalid placeholders")
    names = _by_name(event)
    values = {**context}
    series = context.get("series")
    values.setdefault("series_title", getattr(series, "title", ""))
    return TOKEN.sub(lambda m: str(values.get(names[m.group(1)].key, "") or ""), text)


def for_series(series) -> dict[tuple[str, str], EmailText]:
    """The series' own texts by (event, language), read once per Series object: a fan-out
    to thousands, which shares one Series, asks the database once."""
    if series is None or series.pk is None:
        return {}
    cached = series.__dict__.get("_email_texts")
    if cached is None:
        cached = {(t.event, t.language): t for t in EmailText.objects.filter(series=series)}
        series.__dict__["_email_texts"] = cached
    return cached


def forget(series) -> None:
    """Drop what `for_series` read (after a text of this series changed)."""
    series.__dict__.pop("_email_texts", None)


def parts(event: str, subject: str, body: str, context: dict) -> dict:
    """The context values the templates use in place of the default words."""
    return {
        "custom_subject": " ".join(fill(event, subject, context).split()),
        "custom_body": fill(event, body, context).strip(),
    }


def custom_parts(series, event: str, language: str, context: dict) -> dict:
    """The series' own subject and opening text for this email, filled in, or {} for the
    default. Never raises: a stored text that cannot be used (an edit in the database, a
    placeholder since removed) is logged and the default goes out instead."""
    if event not in KINDS:
        return {}
    try:
        text = for_series(series).get((event, language))
        if text is None:
            return {}
        return parts(event, text.subject, text.body, context)
    except Exception:
        logger.exception(
            "the %s text (%s) of series %s cannot be used: the default is sent",
            event,
            language,
            getattr(series, "pk", None),
        )
        return {}
