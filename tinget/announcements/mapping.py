"""The importer's JSON (the gold files' shape) mapped onto a draft series, in one transaction."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tinget.announcements.years import resolve_dates
from tinget.audit import audit
from tinget.programme.models import Appearance, Material, Person, Series, Session
from tinget.programme.services import (
    InvalidImport,
    add_appearance,
    add_material,
    add_programme_item,
    create_series,
    create_session,
    get_or_create_organisation,
    get_or_create_person,
)

DEFAULT_START = dt.time(9, 0)
DEFAULT_END = dt.time(10, 0)


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _clean_name(name: str) -> str:
    return " ".join((name or "").split())


@dataclass
class ImportResult:
    series: Series
    warnings: list[str] = field(default_factory=list)


_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def _parse_time(value) -> dt.time | None:
    if not value:
        return None
    match = _TIME.match(str(value))
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _import_status(value) -> str:
    value = (value or "").strip().lower()
    if value in {"past", "held"}:
        return Session.Status.HELD
    if value == "cancelled":
        return Session.Status.CANCELLED
    return Session.Status.SCHEDULED


def _sdg_numbers(values) -> list[int]:
    numbers = []
    for value in values or []:
        if isinstance(value, dict):
            value = value.get("number") or value.get("sdg")
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 1 <= number <= 17 and number not in numbers:
            numbers.append(number)
    return numbers


def _link_material(link, *, index: int) -> dict | None:
    if isinstance(link, str):
        url, title, kind = link, link, Material.Kind.LINK
    elif isinstance(link, dict):
        url = link.get("url") or link.get("href") or ""
        title = link.get("title") or link.get("text") or url
        kind = link.get("kind") if link.get("kind") in Material.Kind.values else Material.Kind.LINK
    else:
        return None
    try:
        URLValidator()(url)
    except ValidationError:
        return None
    return {"url": url, "title": title[:300], "kind": kind, "order": index}


def _partners(parsed: dict, *, user) -> list[tuple]:
    """The organisers as (organisation, part) pairs, found or created (audited), no repeats."""
    partners = []
    for entry in parsed.get("organisers") or []:
        name, part = (
            (entry.get("name", ""), entry.get("part", ""))
            if isinstance(entry, dict)
            else (entry, "")
        )
        if _clean_name(name):
            organisation = get_or_create_organisation(name=name, user=user)
            if organisation not in [p for p, _part in partners]:
                partners.append((organisation, part or ""))
    return partners


def _contact_email(registration: dict, warnings: list[str]) -> str:
    contact = (registration.get("contact_email") or "").strip()
    if not contact:
        return ""
    try:
        validate_email(contact)
    except ValidationError:
        warnings.append(
            _("The contact address %(address)s is not valid and was left out.")
            % {"address": contact}
        )
        return ""
    return contact


def _moderator(moderator, *, user) -> Person | None:
    """The series' moderator, found or created (audited) by name."""
    if isinstance(moderator, dict) and moderator.get("name"):
        moderator = moderator["name"]
    if isinstance(moderator, str) and _clean_name(moderator):
        return get_or_create_person(name=moderator, user=user)
    return None


def _all_sdgs(parsed: dict, sessions: list) -> list[int]:
    """The series' goals: its own, then each session's new ones, in order."""
    numbers = _sdg_numbers(parsed.get("suggested_sdgs"))
    for data in sessions:
        if isinstance(data, dict):
            numbers += [n for n in _sdg_numbers(data.get("suggested_sdgs")) if n not in numbers]
    return numbers


def _resolved_days(sessions: list, today: dt.date):
    return resolve_dates(
        [
            (
                str(data.get("date") or ""),
                _import_status(data.get("status")) == Session.Status.HELD,
            )
            if isinstance(data, dict)
            else (None, False)
            for data in sessions
        ],
        today,
    )


def _session_day(resolved, *, number: int, previous_start, today, tz, warnings) -> dt.date:
    """The session's date: as resolved (warning when its year was guessed), else a week
    after the session before (with a warning)."""
    day, guessed = resolved
    if guessed:
        warnings.append(
            _(
                "The year of session %(number)s is not in the text; it was set to "
                "%(date)s. Check it."
            )
            % {"number": number, "date": date_format(day, "j. F Y")}
        )
    if day is None:
        day = (previous_start.astimezone(tz).date() if previous_start else today) + dt.timedelta(
            days=7
        )
        warnings.append(
            _("Session %(number)s has no date; it was placed on %(date)s. Check it.")
            % {"number": number, "date": date_format(day, "j. F Y")}
        )
    return day


def _session_times(data: dict, day: dt.date, *, number: int, warnings) -> tuple[dt.time, dt.time]:
    """Start and end; a missing start gives 09:00-10:00, a missing end one hour."""
    start, end = _parse_time(data.get("start")), _parse_time(data.get("end"))
    if start is None:
        start = DEFAULT_START
        end = end if end and end > start else DEFAULT_END
        warnings.append(
            _("Session %(number)s has no start time; it was set to 09:00-10:00. Check it.")
            % {"number": number}
        )
    elif end is None or end <= start:
        end = (dt.datetime.combine(day, start) + dt.timedelta(hours=1)).time()
        if end <= start:  # a start after 23:00 would wrap past midnight
            end = dt.time(23, 59)
        warnings.append(
            _(
                "Session %(number)s has no end time; it was set to one hour after "
                "the start. Check it."
            )
            % {"number": number}
        )
    return start, end


def _status_warning(status: str, day: dt.date, *, number: int, today, warnings) -> None:
    if status == Session.Status.HELD and day > today:
        warnings.append(
            _("Session %(number)s is marked as held but lies in the future. Check it.")
            % {"number": number}
        )
    elif status == Session.Status.SCHEDULED and day < today:
        warnings.append(
            _("Session %(number)s is announced as upcoming but lies in the past. Check it.")
            % {"number": number}
        )


def _add_speakers(item, speakers, *, user) -> None:
    for position, speaker in enumerate(speakers or [], start=1):
        if isinstance(speaker, str):
            speaker = {"name": speaker}
        if not isinstance(speaker, dict) or not _clean_name(speaker.get("name") or ""):
            continue
        add_appearance(
            user=user,
            item=item,
            name=speaker["name"],
            role=(speaker.get("role") or "")[:200],
            organisation=(speaker.get("organisation") or "")[:200],
            part=speaker.get("event_role") or Appearance.Part.SPEAKER,
            order=position,
        )


def _add_links(session, item, links, *, number: int, user, warnings) -> None:
    for index, link in enumerate(links or [], start=1):
        material = _link_material(link, index=index)
        if material is None:
            warnings.append(
                _("A link in session %(number)s is not a web address and was left out.")
                % {"number": number}
            )
            continue
        add_material(
            user=user,
            session=session,
            item=item,
            kind=material["kind"],
            title=material["title"],
            url=material["url"],
        )


def _add_items(session, items, *, number: int, user, warnings) -> None:
    for order, item_data in enumerate(items or [], start=1):
        if not isinstance(item_data, dict) or not _clean_name(item_data.get("title") or ""):
            warnings.append(
                _("An item in session %(number)s has no title and was left out.")
                % {"number": number}
            )
            continue
        item = add_programme_item(
            user=user,
            session=session,
            title=_clean_name(item_data["title"])[:500],
            time=_parse_time(item_data.get("time")),
            description=item_data.get("description") or "",
            order=order,
            sdgs=_sdg_numbers(item_data.get("suggested_sdgs")),
        )
        _add_speakers(item, item_data.get("speakers"), user=user)
        _add_links(
            session, item, item_data.get("links"), number=number, user=user, warnings=warnings
        )


def _check(parsed) -> tuple[str, list]:
    """The series title and the sessions, or InvalidImport."""
    if not isinstance(parsed, dict):
        raise InvalidImport(_("The import is not a JSON object."))
    title = _clean_name(parsed.get("series_title") or parsed.get("title") or "")
    if not title:
        raise InvalidImport(_("The import has no series title."))
    sessions = parsed.get("sessions") or []
    if not isinstance(sessions, list):
        raise InvalidImport(_("The import's sessions are not a list."))
    return title, sessions


def create_draft_series_from_import(
    parsed: dict, *, user, today: dt.date | None = None
) -> ImportResult:
    """Build a whole draft series from the importer's JSON dict, in one transaction.

    The dict has the shape of the seed's gold JSON (series_title, organisers, sessions with
    items and speakers, registration, suggested_sdgs). Partial dates ("--MM-DD") get years
    that keep the series in order, its first upcoming session nearest ``today`` (default the
    local date; see ``years.resolve_dates``), each with a warning; missing times become
    09:00-10:00 and undated sessions are placed a week after the one before, each with a
    warning. The slug is made unique. Returns the draft series and the warnings; nothing is
    saved when it raises InvalidImport, NotAllowed or ValidationError.
    """
    title, sessions = _check(parsed)
    today = today or timezone.localdate()
    tz = _tz()
    warnings: list[str] = []

    with transaction.atomic():
        registration = parsed.get("registration") or {}
        series = create_series(
            user=user,
            title=title[:300],
            description=parsed.get("description") or "",
            partners=_partners(parsed, user=user),
            contact_email=_contact_email(registration, warnings),
            platform=(registration.get("platform") or "")[:100],
            is_free=bool(registration.get("free", True)),
            moderator=_moderator(parsed.get("moderator"), user=user),
            sdgs=_all_sdgs(parsed, sessions),
        )

        previous_start: dt.datetime | None = None
        days = _resolved_days(sessions, today)
        for number, data in enumerate(sessions, start=1):
            if not isinstance(data, dict):
                raise InvalidImport(_("Session %(number)s is not an object.") % {"number": number})
            status = _import_status(data.get("status"))
            day = _session_day(
                days[number - 1],
                number=number,
                previous_start=previous_start,
                today=today,
                tz=tz,
                warnings=warnings,
            )
            start, end = _session_times(data, day, number=number, warnings=warnings)
            starts_at = dt.datetime.combine(day, start, tzinfo=tz)
            ends_at = dt.datetime.combine(day, end, tzinfo=tz)
            _status_warning(status, day, number=number, today=today, warnings=warnings)
            session_format = (
                data.get("format")
                if data.get("format") in Session.Format.values
                else Session.Format.ONLINE
            )
            session = create_session(
                user=user,
                series=series,
                starts_at=starts_at,
                ends_at=ends_at,
                status=status,
                title=(data.get("title") or "")[:300],
                format=session_format,
                place=(data.get("place") or "")[:300],
                sdgs=_sdg_numbers(data.get("suggested_sdgs")),
            )
            previous_start = starts_at
            _add_items(session, data.get("items"), number=number, user=user, warnings=warnings)
        audit(
            "series.imported",
            actor=user,
            obj=series,
            series=series,
            detail={
                "sessions": len(sessions),
                "warnings": warnings,
                "source_url": parsed.get("url"),
                "language": parsed.get("language"),
            },
        )
    return ImportResult(series=series, warnings=warnings)
