"""iCalendar for sessions: email invites (iTIP REQUEST/CANCEL), public downloads and feeds.

What the standards ask (reference/standards.md section d, RFC 5545/5546/6047/7986):

- one stable UID per session (`Session.uid`), a SEQUENCE that only rises, DTSTAMP = now in
  UTC, ORGANIZER on every event, DTEND (never DURATION as well);
- times as `DTSTART;TZID=Europe/Copenhagen:...` with the compact EU-rule VTIMEZONE, never
  floating local times;
- invites (REQUEST/CANCEL) carry exactly one ATTENDEE, the recipient: one message per person
  so nobody sees anybody else's address;
- public calendars (PUBLISH: the download, the series feed) carry no attendee and never the
  join link; the personal feed carries the join link only for the person's confirmed sessions.

Text is written in the active language: callers wrap calls in `translation.override`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
    vRecur,
    vText,
)

from tinget.programme.formatting import COPENHAGEN

PRODID = "-//Tinget//Tinget webinarer//DA"
TZID = "Europe/Copenhagen"


class Method:
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"
    PUBLISH = "PUBLISH"


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""


def absolute(path: str) -> str:
    return f"{settings.TINGET_BASE_URL}{path}"


def organizer_address() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@tinget.localhost"


def copenhagen_vtimezone() -> Timezone:
    """The compact EU-rule VTIMEZONE (standards.md d): two RRULEs instead of icalendar's
    `add_missing_timezones()`, which writes a long RDATE list that stops in 2037."""
    tz = Timezone()
    tz.add("tzid", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("tzname", "CEST")
    daylight.add("dtstart", datetime(1970, 3, 29, 2, 0))  # VTIMEZONE's DTSTART is local time
    daylight.add("rrule", vRecur({"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"}))
    standard = TimezoneStandard()
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("tzname", "CET")
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0))
    standard.add("rrule", vRecur({"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"}))
    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


def new_calendar(method: str | None, *, name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        # Explicit types: icalendar would write these non-core properties unescaped.
        cal.add("x-wr-calname", vText(name))
        cal.add("name", vText(name))  # RFC 7986
    cal.add_component(copenhagen_vtimezone())
    return cal


def _location(session, join_url: str) -> str:
    """Where: the place for physical sessions; for online ones the join link when the
    recipient may see it (Outlook and Google make it clickable), else the platform."""
    online = session.series.platform or _("Online")
    if session.format == session.Format.PHYSICAL:
        return session.place or online
    remote = join_url or online
    if session.format == session.Format.HYBRID and session.place:
        return f"{session.place} / {remote}"
    return remote


def _programme_lines(session) -> list[str]:
    lines = []
    for item in session.items.all():
        when = f"{clock_of(item.time)} " if item.time else ""
        lines.append(f"{when}{item.title}".strip())
    return lines


def clock_of(value) -> str:
    return value.strftime("%H:%M" if (get_language() or "da").startswith("en") else "%H.%M")


def describe(session, *, join_url: str = "", manage_url: str = "", note: str = "") -> str:
    """The DESCRIPTION: plain text every client shows, the join link first when given."""
    parts = []
    if note:
        parts.append(note)
    if join_url:
        parts.append(_("Join online: %(url)s") % {"url": join_url})
    elif session.format != session.Format.PHYSICAL:
        parts.append(_("The link to join is sent to registered participants."))
    if session.title and session.title != session.series.title:
        parts.append(session.series.title)
    programme = _programme_lines(session)
    if programme:
        parts.append(_("Programme:") + "\n" + "\n".join(programme))
    session_url = absolute(session.get_absolute_url())
    parts.append(_("More about the session: %(url)s") % {"url": session_url})
    if manage_url:
        parts.append(_("Change or cancel your registration: %(url)s") % {"url": manage_url})
    return "\n\n".join(parts)


def session_event(
    session,
    *,
    sequence: int | None = None,
    join_url: str = "",
    manage_url: str = "",
    attendee: Attendee | None = None,
    cancelled: bool = False,
    note: str = "",
    stamp: datetime | None = None,
) -> Event:
    event = Event()
    event.add("uid", f"{session.uid}@tinget")
    event.add("dtstamp", (stamp or timezone.now()).astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(COPENHAGEN))
    event.add("dtend", session.ends_at.astimezone(COPENHAGEN))
    event.add("sequence", session.sequence if sequence is None else sequence)
    event.add("summary", session.display_title)
    event.add("description", describe(session, join_url=join_url, manage_url=manage_url, note=note))
    event.add("location", _location(session, join_url))
    organizer = vCalAddress(f"mailto:{organizer_address()}")
    organizer.params["cn"] = vText(session.series.title)
    event.add("organizer", organizer)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        if attendee.name:
            address.params["cn"] = vText(attendee.name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("FALSE")
        event.add("attendee", address)
    is_cancelled = cancelled or session.status == session.Status.CANCELLED
    event.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if join_url:
        event.add("url", join_url)
        event.add(
            "conference",
            join_url,
            parameters={"value": "URI", "feature": ["AUDIO", "VIDEO"], "label": _("Join")},
        )
    else:
        event.add("url", absolute(session.get_absolute_url()))
    return event


def invite(
    session,
    *,
    method: str,
    attendee: Attendee,
    sequence: int,
    join_url: str = "",
    manage_url: str = "",
    stamp: datetime | None = None,
) -> str:
    """One person's iTIP message (REQUEST or CANCEL) for a session, as CRLF text.

    ORGANIZER is the sending address with the series title as its name. Gmail shows a
    REQUEST only as an attachment when ORGANIZER equals the recipient; that happens only if
    someone registers with our own sending address, so it is left as it is.
    """
    cal = new_calendar(method)
    cancelled = method == Method.CANCEL
    cal.add_component(
        session_event(
            session,
            sequence=sequence,
            join_url="" if cancelled else join_url,
            manage_url="" if cancelled else manage_url,
            attendee=attendee,
            cancelled=cancelled,
            stamp=stamp,
        )
    )
    return to_text(cal)


def personal_session_calendar(session, *, join_url: str, manage_url: str, sequence: int) -> str:
    """A registrant's own download for one session (METHOD:PUBLISH, the same UID as their
    invite): with their personal join link and the link to manage the registration."""
    cal = new_calendar(Method.PUBLISH)
    cal.add_component(
        session_event(session, sequence=sequence, join_url=join_url, manage_url=manage_url)
    )
    return to_text(cal)


def public_session_calendar(session) -> str:
    """The public download for one session (METHOD:PUBLISH): no attendee, no join link."""
    cal = new_calendar(Method.PUBLISH)
    cal.add_component(session_event(session))
    return to_text(cal)


def series_feed(series, sessions) -> str:
    """The subscribable feed of a series: public information for each session."""
    cal = new_calendar(Method.PUBLISH, name=series.title)
    cal.add("refresh-interval", vDuration(timedelta(hours=1)), parameters={"value": "DURATION"})
    cal.add("x-published-ttl", vDuration(timedelta(hours=1)))
    for session in sessions:
        cal.add_component(session_event(session))
    return to_text(cal)


def personal_feed(registrations, *, name: str, join_url_of=None) -> str:
    """A registrant's own feed: their sessions; join links only where they are confirmed
    (``join_url_of(registration)``: the personal join link; by default none)."""
    cal = new_calendar(Method.PUBLISH, name=name)
    cal.add("refresh-interval", vDuration(timedelta(hours=1)), parameters={"value": "DURATION"})
    cal.add("x-published-ttl", vDuration(timedelta(hours=1)))
    for registration in registrations:
        session = registration.session
        confirmed = registration.status == registration.Status.CONFIRMED
        note = "" if confirmed else _("You are on the waiting list.")
        cal.add_component(
            session_event(
                session,
                sequence=max(session.sequence, registration.invite_sequence),
                join_url=join_url_of(registration) if confirmed and join_url_of else "",
                note=note,
            )
        )
    return to_text(cal)


def to_text(cal: Calendar) -> str:
    # icalendar writes CRLF line ends and folds at 75 octets (RFC 5545 §3.1).
    return cal.to_ical().decode("utf-8")


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(session, *, details: str | None = None, join_url: str = "") -> str:
    """Google Calendar's "add event" link: public information only, unless a registrant's
    own page passes their personal ``join_url`` (``details``: the description when the
    caller already has it)."""
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": session.display_title,
            "dates": f"{_utc_stamp(session.starts_at)}/{_utc_stamp(session.ends_at)}",
            "details": describe(session) if details is None else details,
            "location": _location(session, join_url),
            "ctz": TZID,
        },
        quote_via=quote,
    )
    return f"https://calendar.google.com/calendar/render?{query}"


def outlook_calendar_url(session, *, details: str | None = None, join_url: str = "") -> str:
    """Outlook on the web's compose link (works for work and personal accounts)."""
    query = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": session.display_title,
            "startdt": session.starts_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "enddt": session.ends_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "body": describe(session) if details is None else details,
            "location": _location(session, join_url),
        },
        quote_via=quote,
    )
    return f"https://outlook.office.com/calendar/0/deeplink/compose?{query}"
