"""Template tags for "add to calendar" links (public information only, no join link).

They live with the calendars (`tinget.programme.calendars`); the programme pages
use them through `programme/includes/calendar_links.html`.
"""

from django import template
from django.conf import settings
from django.urls import reverse

from tinget.programme import calendars

register = template.Library()


@register.simple_tag
def add_to_calendar_urls(session) -> dict[str, str]:
    """Google and Outlook "add event" links, built from one public description."""
    details = calendars.describe(session)
    return {
        "google": calendars.google_calendar_url(session, details=details),
        "outlook": calendars.outlook_calendar_url(session, details=details),
    }


@register.simple_tag
def series_feed_url(series) -> str:
    """The https address of the series feed, for calendars that take a URL."""
    return settings.TINGET_BASE_URL + reverse("programme:series_feed", kwargs={"slug": series.slug})


@register.simple_tag
def series_webcal_url(series) -> str:
    """webcal:// makes Apple Calendar and Outlook offer to subscribe."""
    url = series_feed_url(series)
    return "webcal://" + url.split("://", 1)[1]
