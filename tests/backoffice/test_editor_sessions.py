"""Session screens: add, edit, duplicate, reschedule with or without telling the registrants
(who is told and the email shown first), cancel, mark held; capacity never below the seated."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.backoffice.factories import RegistrationFactory
from tests.factories import AppearanceFactory, ProgrammeItemFactory, SessionFactory
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import AuditEntry, Session

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def form_data(session, **overrides):
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    data = {
        "title": session.title,
        "date": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "format": session.format,
        "place": session.place,
        "join_url": session.join_url,
        "capacity": "" if session.capacity is None else str(session.capacity),
    }
    data.update(overrides)
    return data


def edit_url(session):
    return reverse("backoffice:session_edit", kwargs={"pk": session.pk})


def test_editor_adds_a_session_and_lands_in_its_programme(editor_client, series, editor):
    url = reverse("backoffice:session_create", kwargs={"slug": series.slug})
    response = editor_client.post(
        url,
        {
            "title": "Cirkulær økonomi",
            "date": "2031-03-10",
            "start": "09:00",
            "end": "10:30",
            "format": "online",
            "join_url": "https://teams.example.com/l/meetup-join/abc",
            "capacity": "60",
            "sdgs": ["12"],
        },
    )
    session = series.sessions.get(title="Cirkulær økonomi")
    assert response["Location"] == reverse("backoffice:programme", kwargs={"pk": session.pk})
    assert timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M") == "2031-03-10 09:00"
    assert session.capacity == 60
    assert list(session.sdgs.values_list("number", flat=True)) == [12]
    assert AuditEntry.objects.filter(action="session.created", actor=editor).exists()


def test_end_before_start_is_a_danish_field_error_and_nothing_is_saved(editor_client, series):
    url = reverse("backoffice:session_create", kwargs={"slug": series.slug})
    response = editor_client.post(
        url, {"date": "2031-03-10", "start": "10:00", "end": "09:00", "format": "online"}
    )
    assert response.status_code == 400
    assert "Sessionen skal slutte, efter at den er begyndt." in text(response)
    assert series.sessions.count() == 0


def test_moving_a_session_shows_who_is_told_and_the_email_first(editor_client, session):
    RegistrationFactory(session=session, name="Berit Borger", email="berit@kommune.example.dk")
    later = timezone.localtime(session.starts_at) + dt.timedelta(days=1, hours=2)
    data = form_data(session, date=later.date().isoformat(), start=later.strftime("%H:%M"))
    data["end"] = (later + dt.timedelta(hours=1)).strftime("%H:%M")
    response = editor_client.post(edit_url(session), data)
    page = text(response)
    assert response.status_code == 200
    assert "1 person får besked" in page
    assert "berit@kommune.example.dk" in page
    assert "Nyt tidspunkt" in page and "Før:" in page
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at) != later  # nothing saved yet
    assert OutboundEmail.objects.count() == 0


def test_rescheduling_with_notification_sends_old_and_new_time(
    editor_client, editor, session, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(session=session, email="berit@kommune.example.dk")
    old_sequence = session.sequence
    later = timezone.localtime(session.starts_at) + dt.timedelta(days=1)
    data = form_data(session, date=later.date().isoformat(), confirm="1", notify="yes")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(edit_url(session), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == later
    assert session.sequence == old_sequence + 1
    email = OutboundEmail.objects.get(registration=registration)
    assert "Nyt tidspunkt" in email.body_text and "Før" in email.body_text
    assert f"{later.day}." in email.body_text
    entry = AuditEntry.objects.get(action="session.rescheduled")
    assert entry.actor == editor and entry.detail["notified"] is True


def test_rescheduling_without_notification_tells_nobody(
    editor_client, session, django_capture_on_commit_callbacks
):
    RegistrationFactory(session=session)
    later = timezone.localtime(session.starts_at) + dt.timedelta(days=2)
    data = form_data(session, date=later.date().isoformat(), confirm="1", notify="no")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(edit_url(session), data)
    session.refresh_from_db()
    assert session.starts_at == later
    assert OutboundEmail.objects.count() == 0
    assert AuditEntry.objects.get(action="session.rescheduled").detail["notified"] is False


def test_new_join_link_says_the_link_changed(
    editor_client, session, django_capture_on_commit_callbacks
):
    RegistrationFactory(session=session)
    data = form_data(
        session, join_url="https://teams.example.com/l/meetup-join/NEW", confirm="1", notify="yes"
    )
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(edit_url(session), data)
    email = OutboundEmail.objects.get()
    # The email says what changed: the meeting's link, and that the person's own link stays.
    assert "Mødet har fået et nyt link." in email.body_text
    assert "Dit eget link nedenfor er det samme" in email.body_text
    # Emails carry the person's own join link, which leads to the new meeting link.
    assert "meetup-join/NEW" not in email.body_text


def test_capacity_below_the_registered_is_refused_and_nobody_is_moved(editor_client, session):
    RegistrationFactory.create_batch(3, session=session)
    response = editor_client.post(edit_url(session), form_data(session, capacity="2"))
    assert response.status_code == 400
    assert "3 personer er allerede tilmeldt" in text(response)
    session.refresh_from_db()
    assert session.capacity == 50
    assert session.registrations.filter(status="confirmed").count() == 3


def test_title_change_needs_no_notice(editor_client, session):
    RegistrationFactory(session=session)
    response = editor_client.post(edit_url(session), form_data(session, title="Nyt navn"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Nyt navn"


def test_duplicate_session_copies_programme_not_people(editor_client, session):
    item = ProgrammeItemFactory(session=session, title="Oplæg om affald")
    AppearanceFactory(item=item)
    RegistrationFactory(session=session)
    url = reverse("backoffice:session_duplicate", kwargs={"pk": session.pk})
    response = editor_client.post(url, {"date": "2031-05-01", "start": "13:00", "end": "14:00"})
    copy = Session.objects.exclude(pk=session.pk).get()
    assert response["Location"] == edit_url(copy)
    assert copy.items.get().title == "Oplæg om affald"
    assert copy.items.get().appearances.count() == 1
    assert copy.registrations.count() == 0 and copy.join_url == ""


def test_cancel_shows_who_is_told_then_cancels_with_notice(
    editor_client, session, django_capture_on_commit_callbacks
):
    RegistrationFactory(session=session, email="aflyst@kommune.example.dk")
    url = reverse("backoffice:session_cancel", kwargs={"pk": session.pk})
    page = text(editor_client.get(url))
    assert "aflyst@kommune.example.dk" in page and "Aflys sessionen?" in page
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, {"notify": "yes", "reason": "Taleren er syg"})
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert OutboundEmail.objects.filter(to="aflyst@kommune.example.dk").count() == 1


def test_cancel_without_notice_sends_nothing(
    editor_client, session, django_capture_on_commit_callbacks
):
    RegistrationFactory(session=session)
    url = reverse("backoffice:session_cancel", kwargs={"pk": session.pk})
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, {"notify": "no"})
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert OutboundEmail.objects.count() == 0


def test_mark_held_only_after_it_started(editor_client, series, session):
    response = editor_client.post(reverse("backoffice:session_held", kwargs={"pk": session.pk}))
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
    assert response.status_code == 302
    start = timezone.now() - dt.timedelta(hours=2)
    past = SessionFactory(series=series, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    editor_client.post(reverse("backoffice:session_held", kwargs={"pk": past.pk}))
    past.refresh_from_db()
    assert past.status == Session.Status.HELD


@pytest.mark.parametrize("who,status", [("viewer", 403), ("outsider", 404)])
def test_session_screens_refuse_viewers_and_other_organisations(
    client, request, session, who, status
):
    client.force_login(request.getfixturevalue(who))
    for name in ("session_edit", "session_duplicate", "session_cancel", "session_held"):
        url = reverse(f"backoffice:{name}", kwargs={"pk": session.pk})
        assert client.post(url, form_data(session, title="Overtaget")).status_code == status
    assert client.get(edit_url(session)).status_code == status
    session.refresh_from_db()
    assert session.title != "Overtaget" and session.status == Session.Status.SCHEDULED


def test_a_cancelled_session_can_be_scheduled_again(editor_client, session):
    url = reverse("backoffice:session_cancel", kwargs={"pk": session.pk})
    editor_client.post(url, {})
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert "Fortryd aflysningen" in text(editor_client.get(edit_url(session)))
    editor_client.post(reverse("backoffice:session_reinstate", kwargs={"pk": session.pk}))
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
    assert AuditEntry.objects.filter(action="session.reinstated").exists()


def test_a_held_session_is_called_held_in_danish_on_its_form(editor_client, series):
    # The status's label has no context in the model; its Danish must not fall back to English.
    session = SessionFactory(series=series, title="Afholdt webinar", status=Session.Status.HELD)
    page = text(editor_client.get(edit_url(session)))
    assert "· Afholdt" in page
    assert "Held" not in page
