"""Dates and times the way each language writes them, for emails and calendar text.

Danish: "lørdag den 1. november 2026 kl. 09.00-10.00" (a dot in times, as DESIGN.md asks).
English: "Saturday 1 November 2026, 09:00–10:00".
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def local(moment: datetime) -> datetime:
    return moment.astimezone(COPENHAGEN)


def _is_danish(language: str | None) -> bool:
    return not (language or "da").startswith("en")


def clock(moment: datetime, language: str | None = "da") -> str:
    moment = local(moment)
    return moment.strftime("%H.%M" if _is_danish(language) else "%H:%M")


def long_date(moment: datetime, language: str | None = "da") -> str:
    moment = local(moment)
    if _is_danish(language):
        return format_date(moment.date(), "EEEE 'den' d. MMMM y", locale="da")
    return format_date(moment.date(), "EEEE d MMMM y", locale="en")


def session_when(session, language: str | None = "da") -> str:
    """The session's date and time span in the recipient's language."""
    day = long_date(session.starts_at, language)
    start, end = clock(session.starts_at, language), clock(session.ends_at, language)
    if _is_danish(language):
        return f"{day} kl. {start}-{end}"
    return f"{day}, {start}–{end}"
