"""The privacy notice next to the sign-up form, and the optional consents under it.

Signing up is not conditional on consent (GDPR art. 7(4)): the legal basis of a registration
is art. 6(1)(b), or 6(1)(e) for public authorities, and the form says so in a short notice
(art. 13) naming the joint controllers (the series' partners), what is collected, why and for
how long. Only what is truly optional asks for consent, in an unticked box that is not
required. A registration stores the notice exactly as shown and each consent given, with the
time; exports follow the notice's purposes and those consents (backoffice/exports.py).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext

from tinget.programme.formatting import retention_in_words

NOTICE_SALT = "tinget.registrations.notice"
# The partners may contact the person about their own work after the series.
PARTNER_FOLLOWUP = "partner_followup"


def partner_names(series) -> list[str]:
    """The partners' names, in their order, in one query (none when prefetched)."""
    partnerships = series.partnerships.all()
    if "partnerships" not in getattr(series, "_prefetched_objects_cache", {}):
        partnerships = partnerships.select_related("organisation")
    return [p.organisation.name for p in partnerships]


def notice_text(series, *, partners: list[str] | None = None) -> str:
    """The notice in the active language: controllers, data, purposes, retention.
    `partners`: `partner_names(series)`, when the caller has them already."""
    if partners is None:
        partners = partner_names(series)
    values = {
        "series": series.title,
        "partners": get_text_list(partners, gettext("and")),
        "retention": retention_in_words(),
    }
    if partners:
        who = (
            gettext(
                "%(partners)s are joint controllers of your registration for “%(series)s” and "
                "share the responsibility for your data."
            )
            % values
        )
    else:
        who = gettext("The organiser of “%(series)s” is responsible for your data.") % values
    what = gettext(
        "We collect your name, email address, organisation, kind of organisation, "
        "municipality, job title and answers to the series' questions to register you, send "
        "you the invitation, reminders and follow-up, and count who took part by organisation "
        "and municipality. The organisers receive the list of participants for these purposes."
    )
    how_long = (
        gettext(
            "Your data is deleted %(retention)s after the last session of the series. You can "
            "see, change or delete it at any time with the link in your email."
        )
        % values
    )
    return f"{who} {what} {how_long}"


def privacy_sentence() -> str:
    """The last line of the notice, as stored (the page shows it as a link)."""
    return gettext("Read more about your rights in the privacy notice: %(url)s") % {
        "url": settings.TINGET_BASE_URL + reverse("programme:privacy")
    }


def optional_consents(series, *, partners: list[str] | None = None) -> dict[str, str]:
    """The optional consents the form offers: key → the wording of its checkbox."""
    if partners is None:
        partners = partner_names(series)
    if not partners:
        return {}
    return {
        PARTNER_FOLLOWUP: gettext(
            "Yes, the partners behind the series may contact me after the series about their "
            "own work with the Sustainable Development Goals. I can withdraw this consent at any "
            "time on my registration page."
        )
    }


def consents_given(shown: dict[str, str], ticked: set[str], now=None) -> dict:
    """The consents to store: only the ticked ones, each with its wording and the time."""
    now = now or timezone.now()
    return {
        key: {"text": text, "given_at": now.isoformat()}
        for key, text in shown.items()
        if key in ticked
    }


def consent_active(consents, key: str) -> bool:
    entry = (consents or {}).get(key)
    return isinstance(entry, dict) and bool(entry.get("given_at")) and not entry.get("withdrawn_at")


@dataclass(frozen=True)
class ConsentRecord:
    key: str
    text: str
    given_at: dt.datetime | None
    withdrawn_at: dt.datetime | None


def _moment(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def notice_shown(registration) -> str:
    """The privacy notice the person saw: on the registration, or on the series
    subscription that made it."""
    subscription = getattr(registration, "subscription", None)
    if not registration.notice_text and subscription is not None:
        return subscription.notice_text
    return registration.notice_text


def consent_records(owner) -> list[ConsentRecord]:
    """The optional consents a registration or subscription holds, for its manage page. A
    registration made by a series subscription shows the subscription's."""
    consents = owner.consents
    subscription = getattr(owner, "subscription", None)
    if not consents and subscription is not None:
        consents = subscription.consents
    return [
        ConsentRecord(
            key=key,
            text=str(entry.get("text", "")),
            given_at=_moment(entry.get("given_at")),
            withdrawn_at=_moment(entry.get("withdrawn_at")),
        )
        for key, entry in (consents or {}).items()
        if isinstance(entry, dict)
    ]
