"""The personal join link's address, for emails, invites and the manage page."""

from django.conf import settings
from django.urls import reverse

from tinget.programme import calendars


def personal_join_url(registration) -> str:
    """The registrant's own link to the meeting on Tinget (absolute)."""
    return settings.TINGET_BASE_URL + reverse(
        "registrations:join", kwargs={"token": registration.join_token}
    )


def manage_url(registration) -> str:
    return settings.TINGET_BASE_URL + reverse(
        "registrations:manage", kwargs={"token": registration.token}
    )


def my_calendar_links(registration) -> dict[str, str]:
    """The manage page's "add to calendar": the registrant's own invite (with the personal
    join link) as a download, and Google and Outlook links carrying the same."""
    session = registration.session
    join_url = personal_join_url(registration)
    details = calendars.describe(session, join_url=join_url, manage_url=manage_url(registration))
    return {
        "ics": reverse("registrations:my_invite", kwargs={"token": registration.token}),
        "google": calendars.google_calendar_url(session, details=details, join_url=join_url),
        "outlook": calendars.outlook_calendar_url(session, details=details, join_url=join_url),
    }
