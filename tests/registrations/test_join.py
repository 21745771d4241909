"""The personal join link: its own token, leading to the session's current meeting link from
shortly before the start, a Danish "not yet" page before that, and plain words for a
cancelled or waiting registration; a click is recorded apart from attendance."""

import datetime as dt
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import SessionFactory
from tests.pages import assert_link_not_working
from tinget.programme.models import AuditEntry, Session
from tinget.registrations import services
from tinget.registrations.models import Registration

from .conftest import registrant
from .test_views import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon(series):
    """A session that starts in ten minutes: inside the 30-minute window."""
    starts = timezone.now() + dt.timedelta(minutes=10)
    return SessionFactory(
        series=series,
        title="Snart",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        join_url="https://teams.example.com/l/meetup-join/TEAMS-SOON",
    )


def confirmed(session, email="anna@example.dk") -> Registration:
    registration = services.register_for_session(
        session_id=session.pk, registrant=registrant(email)
    )
    return services.confirm_registration(registration_id=registration.pk)


def join_url(registration) -> str:
    return reverse("registrations:join", kwargs={"token": registration.join_token})


def test_join_link_redirects_to_the_current_meeting_link_near_the_start(client, soon):
    registration = confirmed(soon)

    response = client.get(join_url(registration))

    assert response.status_code == 302
    assert response["Location"] == soon.join_url
    assert response["Referrer-Policy"] == "no-referrer"
    # The organisers change the meeting: the same personal link follows.
    Session.objects.filter(pk=soon.pk).update(
        join_url="https://teams.example.com/l/meetup-join/TEAMS-NEW"
    )
    assert client.get(join_url(registration))["Location"].endswith("TEAMS-NEW")


def test_a_click_is_recorded_as_opened_not_as_attendance(client, soon):
    registration = confirmed(soon)
    client.get(join_url(registration))
    client.get(join_url(registration))

    registration.refresh_from_db()
    assert registration.join_opened_count == 2
    assert registration.join_opened_at is not None
    assert registration.attendance == ""
    assert AuditEntry.objects.filter(action="registration.join_opened").count() == 1


def test_before_the_window_the_link_says_when_it_opens_in_danish(client, session):
    registration = confirmed(session)

    response = client.get(join_url(registration))

    page = text(response)
    assert response.status_code == 200
    assert "Webinaret er ikke begyndt endnu" in page
    opens = timezone.localtime(session.starts_at - dt.timedelta(minutes=30))
    assert f"fra kl. {opens:%H.%M}" in page
    html = response.content.decode()
    # Reveals nothing else: not the meeting, not the manage page.
    assert session.join_url not in html and registration.token not in html
    registration.refresh_from_db()
    assert registration.join_opened_count == 0


def test_cancelled_and_waiting_registrations_say_so_instead_of_redirecting(client, series):
    session = SessionFactory(
        series=series,
        capacity=1,
        starts_at=timezone.now() + dt.timedelta(minutes=5),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    seated = confirmed(session, "a@example.dk")
    waiting = confirmed(session, "b@example.dk")
    assert waiting.status == Registration.Status.WAITING
    assert "Du er på ventelisten" in text(client.get(join_url(waiting)))

    services.cancel_registration(registration_id=seated.pk)

    response = client.get(join_url(seated))
    assert response.status_code == 200
    assert "Din tilmelding er annulleret" in text(response)
    assert session.join_url not in response.content.decode()


def test_cancelled_session_and_unknown_token(client, soon):
    registration = confirmed(soon)
    Session.objects.filter(pk=soon.pk).update(status=Session.Status.CANCELLED)
    assert "Webinaret er aflyst" in text(client.get(join_url(registration)))
    missing = client.get(reverse("registrations:join", kwargs={"token": "nope"}))
    assert missing.status_code == 404


def test_manage_page_invite_carries_the_personal_join_link(client, session):
    registration = confirmed(session)
    manage = client.get(reverse("registrations:manage", kwargs={"token": registration.token}))
    html = manage.content.decode()
    ics_path = reverse("registrations:my_invite", kwargs={"token": registration.token})
    assert ics_path in html
    google = re.search(r'href="(https://calendar\.google\.com[^"]+)"', html).group(1)
    assert registration.join_token in google

    response = client.get(ics_path)

    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert join_url(registration) in str(event["DESCRIPTION"])
    assert join_url(registration) in str(event["URL"])
    assert session.join_url not in response.content.decode()


def test_only_a_confirmed_registrant_gets_the_personal_invite(client, series):
    session = SessionFactory(series=series, capacity=1)
    confirmed(session, "a@example.dk")
    waiting = confirmed(session, "b@example.dk")
    response = client.get(reverse("registrations:my_invite", kwargs={"token": waiting.token}))
    assert_link_not_working(response, "BEGIN:VCALENDAR", session.join_url or "teams.microsoft.com")
