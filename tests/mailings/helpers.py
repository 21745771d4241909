"""Registrations for mail and calendar tests, and readers for what the SMTP server got."""

from __future__ import annotations

import itertools

import icalendar
from django.utils import timezone

from tinget.registrations.models import Registration, SeriesSubscription

_counter = itertools.count(1)


def make_registration(session, *, status=Registration.Status.CONFIRMED, **fields) -> Registration:
    n = next(_counter)
    defaults = {
        "name": f"Deltager Nummer {n}",
        "email": f"deltager{n}@kommune.example.dk",
        "organisation": "Aarhus Kommune",
        "language": "da",
        "status": status,
    }
    now = timezone.now()
    if status == Registration.Status.CONFIRMED:
        defaults["confirmed_at"] = now - timezone.timedelta(days=3)
    if status == Registration.Status.WAITING:
        defaults["confirmed_at"] = now - timezone.timedelta(days=3)
        defaults["waitlisted_at"] = now - timezone.timedelta(days=3, seconds=-n)
    defaults.update(fields)
    return Registration.objects.create(session=session, **defaults)


def make_subscription(series, **fields) -> SeriesSubscription:
    n = next(_counter)
    defaults = {"name": f"Abonnent {n}", "email": f"abonnent{n}@region.example.dk"}
    defaults.update(fields)
    return SeriesSubscription.objects.create(series=series, **defaults)


def parts(message) -> list[str]:
    """The MIME tree as "depth:content-type" strings, e.g. "1:multipart/alternative"."""
    out = []

    def walk(part, depth):
        out.append(f"{depth}:{part.get_content_type()}")
        if part.is_multipart():
            for child in part.iter_parts():
                walk(child, depth + 1)

    walk(message, 0)
    return out


def part_of(message, content_type: str):
    return next(p for p in message.walk() if p.get_content_type() == content_type)


def text_of(message) -> str:
    return part_of(message, "text/plain").get_content()


def html_of(message) -> str:
    return part_of(message, "text/html").get_content()


def calendar_of(message) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(part_of(message, "text/calendar").get_content())


def attached_calendar(message) -> icalendar.Calendar:
    part = next(p for p in message.iter_attachments() if p.get_filename("").endswith(".ics"))
    return icalendar.Calendar.from_ical(part.get_content())


def event_of(calendar: icalendar.Calendar) -> icalendar.Event:
    (event,) = calendar.walk("VEVENT")
    return event
