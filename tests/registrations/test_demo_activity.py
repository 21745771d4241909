"""The demo in full life: the held session has registrations, attendance, follow-ups and
feedback, the next one has sign-ups, every session falls on a weekday, and a second load
adds nothing."""

import datetime as dt
import itertools
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tinget.mailings.models import OutboundEmail
from tinget.programme import demo
from tinget.programme.models import AuditEntry, Series
from tinget.registrations import demo as activity
from tinget.registrations.models import Feedback, Participant, Registration
from tinget.registrations.services import (
    AlreadyRegistered,
    Registrant,
    record_past_registration,
)
from tinget.registrations.services.organiser import SessionNotOverYet

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def run(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def loaded():
    output = run("--language", "en")
    series = Series.objects.get(slug=demo.SERIES_SLUG)
    return series, output


def snapshot() -> dict[str, int]:
    return {
        "registrations": Registration.objects.count(),
        "participants": Participant.objects.count(),
        "feedback": Feedback.objects.count(),
        "emails": OutboundEmail.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_the_held_session_has_people_attendance_followups_and_feedback(loaded):
    series, output = loaded
    held, upcoming, _third = activity.sessions_of(series)
    registrations = held.registrations.all()
    assert registrations.count() == len(activity.PEOPLE) == 24
    assert all(r.status == Registration.Status.CONFIRMED for r in registrations)
    assert all(r.created_at < held.starts_at for r in registrations)
    # Sign-ups spread over weeks, so the chart over time has more than one bar.
    weeks = {r.created_at.isocalendar()[:2] for r in registrations}
    assert len(weeks) >= 3
    kinds = set(registrations.values_list("organisation_kind", flat=True))
    assert kinds == {
        "municipality",
        "region",
        "state",
        "association",
        "company",
        "ngo",
        "research",
    }
    regions = set(
        registrations.filter(municipality__isnull=False).values_list(
            "municipality__region", flat=True
        )
    )
    assert len(regions) == 5

    came = [p for p in activity.PEOPLE if p.minutes is not None]
    assert registrations.filter(attendance=Registration.Attendance.ATTENDED).count() == len(came)
    assert registrations.filter(attendance=Registration.Attendance.MISSED).count() == 4
    mette = registrations.get(name="Mette Lindholm")
    assert mette.minutes_present == 58

    followups = OutboundEmail.objects.filter(registration__session=held)
    assert followups.filter(template="followup_attended_to_registrant").count() == len(came)
    assert followups.filter(template="followup_missed_to_registrant").count() == 4
    # The follow-up carries the feedback link that the demo's scores answer.
    thanks = followups.get(to=mette.email)
    assert f"/feedback/{mette.feedback_token}/" in thanks.body_text or (
        mette.feedback_token in thanks.body_text
    )
    scores = sorted(
        Feedback.objects.filter(registration__session=held).values_list("score", flat=True)
    )
    assert scores == sorted(p.score for p in activity.PEOPLE if p.score is not None)

    # The next session: five added by the organiser, one waiting to confirm.
    assert upcoming.registrations.filter(status=Registration.Status.CONFIRMED).count() == 5
    pending = upcoming.registrations.get(status=Registration.Status.PENDING)
    confirm_email = OutboundEmail.objects.filter(to=pending.email).get()
    assert confirm_email.subject and "http://" in confirm_email.body_text

    assert "Held session: 24 registered, 20 attended, 24 follow-ups, 15 feedback answers." in (
        output
    )
    assert "Next session: 5 registered." in output


def test_the_dashboards_show_the_demo_figures(client, loaded):
    series, _output = loaded
    held, _upcoming, _third = activity.sessions_of(series)
    client.force_login(get_user_model().objects.get(username=demo.ORGANISER_USERNAME))

    page = text(client.get(reverse("backoffice:series", args=[series.slug])).content.decode())
    assert "16 af de 98 kommuner har nogen tilmeldt." in page
    assert re.search(r"dækker \d+ af de 17 verdensmål", page)

    page = text(client.get(reverse("backoffice:session", args=[held.pk])).content.decode())
    assert "Gennemsnit 4,2 af 5 fra 15 svar." in page
    assert "Også relevant for en lille ø-kommune." in page


def test_a_second_load_adds_nothing(loaded):
    before = snapshot()
    output = run("--language", "en")
    assert snapshot() == before
    assert "Refreshed the demo series" in output
    # The login is not shown again, but how to get a new one is.
    assert "Organiser: username organisator, the password is unchanged" in output
    assert "make demo-passwords" in output


@pytest.mark.parametrize("offset", range(7))
def test_every_session_falls_on_a_weekday(offset):
    today = dt.date(2027, 3, 1) + dt.timedelta(days=offset)
    schedule = demo.demo_schedule(today)
    days = [start.date() for start, _end in schedule]
    assert all(day.weekday() < 5 for day in days), days
    assert 14 <= (today - days[0]).days <= 17
    assert [(b - a).days for a, b in itertools.pairwise(days)] == list(demo.GAPS)


def test_a_past_registration_is_refused_before_the_session_is_over(loaded):
    series, _output = loaded
    held, upcoming, _third = activity.sessions_of(series)
    organiser = get_user_model().objects.get(username=demo.ORGANISER_USERNAME)
    someone = Registrant(name="Ny Person", email="ny@person.example")
    with pytest.raises(SessionNotOverYet):
        record_past_registration(
            session_id=upcoming.pk,
            registrant=someone,
            registered_at=timezone.now(),
            actor=organiser,
        )
    with pytest.raises(AlreadyRegistered):
        record_past_registration(
            session_id=held.pk,
            registrant=Registrant(name="Mette", email=activity.PEOPLE[0].email),
            registered_at=timezone.now(),
            actor=organiser,
        )
    emails = OutboundEmail.objects.count()
    registration = record_past_registration(
        session_id=held.pk, registrant=someone, registered_at=timezone.now(), actor=organiser
    )
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.created_at == held.starts_at
    assert OutboundEmail.objects.count() == emails  # history: nobody is emailed
    assert AuditEntry.objects.filter(
        action="registration.recorded", object_id=str(registration.pk), actor=organiser
    ).exists()
