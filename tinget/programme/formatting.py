"""Dates and times the way Danish (and English) readers expect them, in Europe/Copenhagen.

Danish: "1. november kl. 09.00-10.00" (a full stop in times, month in lower case, a hyphen
between the two times); English: "1 November, 09:00–10:00". The year is added when the date
is not in the current year, as a Danish announcement would. Formats come from CLDR via babel.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _is_danish(language: str | None) -> bool:
    return not (language or translation.get_language() or "da").startswith("en")


def _locale(language: str | None) -> str:
    return "da_DK" if _is_danish(language) else "en_GB"


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, COPENHAGEN)


def format_day(value: dt.datetime | dt.date, *, language=None, year=None, weekday=False) -> str:
    """ "1. november" / "1 November", with the year when it is not this year (or year=True)."""
    if isinstance(value, dt.datetime):
        value = local(value).date()
    if year is None:
        year = value.year != timezone.localdate(timezone=COPENHAGEN).year
    danish = _is_danish(language)
    pattern = ("d. MMMM" if danish else "d MMMM") + (" y" if year else "")
    if weekday:
        pattern = ("EEEE 'den' " if danish else "EEEE ") + pattern
    return format_date(value, pattern, locale=_locale(language))


def format_clock(value: dt.datetime | dt.time, *, language=None) -> str:
    """ "09.00" in Danish, "09:00" in English."""
    if isinstance(value, dt.datetime):
        value = local(value).time()
    return format_time(
        value, "HH.mm" if _is_danish(language) else "HH:mm", locale=_locale(language)
    )


def format_when(
    starts_at: dt.datetime, ends_at: dt.datetime, *, language=None, year=None, weekday=False
) -> str:
    """ "1. november kl. 09.00-10.00" / "1 November, 09:00–10:00" (Europe/Copenhagen)."""
    start, end = local(starts_at), local(ends_at)
    danish = _is_danish(language)
    day = format_day(start, language=language, year=year, weekday=weekday)
    t1, t2 = format_clock(start, language=language), format_clock(end, language=language)
    if start.date() != end.date():
        end_day = format_day(end, language=language, year=year)
        if danish:
            return f"{day} kl. {t1} - {end_day} kl. {t2}"
        return f"{day}, {t1} – {end_day}, {t2}"
    if danish:
        return f"{day} kl. {t1}-{t2}"
    return f"{day}, {t1}–{t2}"


def format_moment(value: dt.datetime, *, language=None) -> str:
    """A point in time such as when someone signed up: "27. november 2026 kl. 15.35" /
    "27 November 2026, 15:35" (Europe/Copenhagen, always with the year)."""
    day = format_day(value, language=language, year=True)
    clock = format_clock(value, language=language)
    return f"{day} kl. {clock}" if _is_danish(language) else f"{day}, {clock}"


def session_when(session, language=None) -> str:
    """In full, as emails write it: "lørdag den 1. november 2026 kl. 09.00-10.00" /
    "Saturday 1 November 2026, 09:00–10:00"."""
    return format_when(
        session.starts_at, session.ends_at, language=language, year=True, weekday=True
    )


def _number_words() -> dict[int, str]:
    return {
        2: gettext("two"),
        3: gettext("three"),
        4: gettext("four"),
        5: gettext("five"),
        6: gettext("six"),
        7: gettext("seven"),
        8: gettext("eight"),
        9: gettext("nine"),
        10: gettext("ten"),
        11: gettext("eleven"),
        12: gettext("twelve"),
    }


def _number(count: int) -> str:
    return _number_words().get(count, str(count))


def retention_in_words(days: int | None = None) -> str:
    """TINGET_RETENTION_DAYS as people say it: "to år", "18 måneder", "en dag"."""
    days = settings.TINGET_RETENTION_DAYS if days is None else days
    if days >= 365 and days % 365 == 0:
        years = days // 365
        if years == 1:
            return gettext("one year")
        return gettext("%(count)s years") % {"count": _number(years)}
    if days >= 30 and days % 30 == 0:
        months = days // 30
        if months == 1:
            return gettext("one month")
        return gettext("%(count)s months") % {"count": _number(months)}
    if days == 1:
        return gettext("one day")
    return gettext("%(count)s days") % {"count": _number(days)}
