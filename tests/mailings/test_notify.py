"""Every notice a registrant can get, as it arrives at the SMTP server; reminders and tick."""

import datetime as dt
import io
import os
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import SessionFactory, UserFactory
from tests.mailings.helpers import (
    attached_calendar,
    calendar_of,
    event_of,
    html_of,
    make_registration,
    make_subscription,
    parts,
    text_of,
)
from tests.mailings.smtp import free_port
from tinget.mailings.models import OutboundEmail
from tinget.periodic.round import run_periodic
from tinget.registrations import notifications as notify
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a notify call and its after-commit send, as a request's transaction would."""

    def run(function, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args)

    return run


@pytest.fixture
def session():
    return SessionFactory(
        title="Cirkulær økonomi i kommunen",
        series__title="Verdensmål i praksis",
        starts_at=timezone.make_aware(dt.datetime(2027, 3, 2, 9, 0)),
        ends_at=timezone.make_aware(dt.datetime(2027, 3, 2, 10, 0)),
        join_url="https://teams.example.com/l/meetup-join/PRIVATE-1",
    )


def test_confirm_email_links_to_confirmation_and_has_no_join_link(smtp_server, session, send):
    registration = make_registration(session, status=Registration.Status.PENDING)
    send(notify.confirm_email, registration.pk)
    message = smtp_server.messages[0].message
    assert message["Subject"] == "Bekræft din tilmelding til Cirkulær økonomi i kommunen"
    text = text_of(message)
    assert reverse("registrations:confirm", kwargs={"token": registration.token}) in text
    assert "48 timer" in text
    assert "PRIVATE-1" not in text and "PRIVATE-1" not in html_of(message)
    assert "text/calendar" not in "".join(parts(message))


def test_waitlisted_email_tells_the_place_in_line_without_join_link(smtp_server, session, send):
    make_registration(session, status=Registration.Status.WAITING)
    second = make_registration(session, status=Registration.Status.WAITING)
    send(notify.waitlisted, second.pk)
    message = smtp_server.messages[0].message
    assert message["Subject"] == "Du er på ventelisten: Cirkulær økonomi i kommunen"
    assert "nummer 2" in text_of(message)
    assert "PRIVATE-1" not in text_of(message)
    assert "text/calendar" not in "".join(parts(message))


def test_promoted_email_says_a_seat_opened_and_carries_the_invite(smtp_server, session, send):
    registration = make_registration(session)
    send(notify.promoted, registration.pk)
    message = smtp_server.messages[0].message
    assert message["Subject"] == "Der er blevet plads til dig: Cirkulær økonomi i kommunen"
    event = event_of(calendar_of(message))
    assert calendar_of(message)["METHOD"] == "REQUEST"
    # The personal join link, never the meeting's own.
    registration.refresh_from_db()
    assert f"/deltag/{registration.join_token}/" in event["DESCRIPTION"]
    assert "PRIVATE-1" not in message.as_string()


def test_cancelled_after_an_invite_sends_cancel_with_a_higher_sequence(smtp_server, session, send):
    registration = make_registration(session)
    send(notify.registered, registration.pk)
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
    send(notify.cancelled, registration.pk)

    invite, cancel = (m.message for m in smtp_server.messages)
    assert cancel["Subject"] == "Din tilmelding er annulleret: Cirkulær økonomi i kommunen"
    calendar = calendar_of(cancel)
    assert calendar["METHOD"] == "CANCEL"
    event = event_of(calendar)
    assert event["STATUS"] == "CANCELLED"
    assert event["UID"] == event_of(calendar_of(invite))["UID"]
    assert event["SEQUENCE"] == 1 > event_of(calendar_of(invite))["SEQUENCE"]
    assert "PRIVATE-1" not in cancel.as_string()
    part = next(p for p in cancel.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "CANCEL"
    assert attached_calendar(cancel)["METHOD"] == "CANCEL"
    registration.refresh_from_db()
    assert registration.invite_sequence == 1


def test_registering_again_after_cancelling_sends_an_invite_that_wins(smtp_server, session, send):
    registration = make_registration(session)
    send(notify.registered, registration.pk)
    send(notify.cancelled, registration.pk)
    send(notify.registered, registration.pk)
    sequences = [event_of(calendar_of(m.message))["SEQUENCE"] for m in smtp_server.messages]
    assert sequences == [0, 1, 2]


def test_cancelled_without_an_invite_sends_no_calendar(smtp_server, session, send):
    registration = make_registration(session, status=Registration.Status.WAITING)
    send(notify.cancelled, registration.pk)
    message = smtp_server.messages[0].message
    assert "text/calendar" not in "".join(parts(message))
    assert "Din tilmelding er annulleret" in message["Subject"]


def test_already_registered_gives_the_manage_link_and_status(smtp_server, session, send):
    registration = make_registration(session)
    send(notify.already_registered, registration.pk)
    message = smtp_server.messages[0].message
    assert message["Subject"] == "Din tilmelding til Cirkulær økonomi i kommunen"
    text = text_of(message)
    assert "Du er tilmeldt." in text
    assert reverse("registrations:manage", kwargs={"token": registration.token}) in text


def test_already_registered_but_unconfirmed_gets_the_confirmation_link_again(
    smtp_server, session, send
):
    registration = make_registration(session, status=Registration.Status.PENDING)
    send(notify.already_registered, registration.pk)
    text = text_of(smtp_server.messages[0].message)
    assert reverse("registrations:confirm", kwargs={"token": registration.token}) in text
    assert "PRIVATE-1" not in text


def test_session_changed_sends_updated_invite_to_confirmed_only_once_per_sequence(
    smtp_server, session, send
):
    session.capacity = 1  # the session is full: saving it promotes nobody
    session.save()
    confirmed = make_registration(session)
    waiting = make_registration(session, status=Registration.Status.WAITING)
    send(notify.registered, confirmed.pk)
    # What the admin's update_session does: move the session, bump SEQUENCE, notify.
    session.starts_at += dt.timedelta(hours=1)
    session.ends_at += dt.timedelta(hours=1)
    session.join_url = "https://teams.example.com/l/meetup-join/NEW-LINK"
    session.sequence = 1
    session.save()
    send(notify.session_changed, session.pk)
    send(notify.session_changed, session.pk)  # a second call for the same change

    assert [m.rcpt_tos for m in smtp_server.messages] == [[confirmed.email]] * 2
    update = smtp_server.messages[1].message
    assert update["Subject"] == "Ændret: Cirkulær økonomi i kommunen"
    assert "kl. 10.00-11.00" in text_of(update)
    event = event_of(calendar_of(update))
    assert calendar_of(update)["METHOD"] == "REQUEST"
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt == session.starts_at
    # The personal link stays the same when the meeting link changes; it leads to the new one.
    confirmed.refresh_from_db()
    assert f"/deltag/{confirmed.join_token}/" in event["DESCRIPTION"]
    assert "NEW-LINK" not in update.as_string()
    assert waiting.email not in {m.rcpt_tos[0] for m in smtp_server.messages}


def test_session_cancelled_sends_cancel_to_confirmed_and_the_news_to_the_waiting_list(
    smtp_server, session, send
):
    confirmed = make_registration(session)
    waiting = make_registration(session, status=Registration.Status.WAITING)
    make_registration(session, status=Registration.Status.CANCELLED)
    send(notify.registered, confirmed.pk)
    session.status = session.Status.CANCELLED
    session.sequence = 1
    session.save()
    assert send(notify.session_cancelled, session.pk) == 2

    by_address = {m.rcpt_tos[0]: m.message for m in smtp_server.messages[1:]}
    assert set(by_address) == {confirmed.email, waiting.email}
    to_confirmed = by_address[confirmed.email]
    assert to_confirmed["Subject"] == "Aflyst: Cirkulær økonomi i kommunen"
    event = event_of(calendar_of(to_confirmed))
    assert calendar_of(to_confirmed)["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    to_waiting = by_address[waiting.email]
    assert to_waiting["Subject"] == "Aflyst: Cirkulær økonomi i kommunen"
    assert "text/calendar" not in "".join(parts(to_waiting))


def test_subscription_emails_confirm_then_list_the_upcoming_sessions(smtp_server, session, send):
    subscription = make_subscription(session.series, language="da")
    send(notify.subscription_confirm, subscription.pk)
    send(notify.subscription_confirmed, subscription.pk)
    confirm, confirmed = (m.message for m in smtp_server.messages)
    assert confirm["Subject"] == "Bekræft din tilmelding til hele rækken Verdensmål i praksis"
    assert reverse(
        "registrations:subscription_confirm", kwargs={"token": subscription.token}
    ) in text_of(confirm)
    assert confirmed["Subject"] == "Du er tilmeldt hele rækken Verdensmål i praksis"
    assert "Cirkulær økonomi i kommunen, tirsdag den 2. marts 2027 kl. 09.00-10.00" in text_of(
        confirmed
    )


def test_erased_registration_gets_no_email(smtp_server, session, send):
    registration = make_registration(session)
    Registration.objects.filter(pk=registration.pk).update(email="", name="")
    assert send(notify.registered, registration.pk) is None
    assert smtp_server.messages == []


# --- reminders and the periodic command ---------------------------------------------


@pytest.fixture
def tomorrow_session():
    starts = (timezone.now() + dt.timedelta(hours=23)).replace(second=0, microsecond=0)
    return SessionFactory(
        title="Klimatilpasning",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        join_url="https://teams.example.com/l/meetup-join/REMIND",
    )


def test_tick_twice_sends_each_24h_reminder_once_with_the_join_link(
    smtp_server, tomorrow_session, django_capture_on_commit_callbacks
):
    people = [make_registration(tomorrow_session) for _ in range(3)]
    make_registration(tomorrow_session, status=Registration.Status.WAITING)
    make_registration(tomorrow_session, status=Registration.Status.PENDING)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("tick", stdout=io.StringIO())

    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == sorted(p.email for p in people)
    message = smtp_server.messages[0].message
    assert message["Subject"].startswith("Påmindelse: Klimatilpasning")
    assert "/deltag/" in text_of(message)
    assert "https://teams.example.com/l/meetup-join/REMIND" not in message.as_string()


def test_one_hour_reminder_follows_the_24h_one_and_is_sent_once(
    smtp_server, tomorrow_session, django_capture_on_commit_callbacks
):
    registration = make_registration(tomorrow_session)
    hour_before = tomorrow_session.starts_at - dt.timedelta(minutes=50)
    for now in (timezone.now(), hour_before, hour_before + dt.timedelta(minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            run_periodic(now=now)
    subjects = [m.message["Subject"] for m in smtp_server.messages]
    assert len(subjects) == 2
    assert subjects[0].startswith("Påmindelse")
    starts = timezone.localtime(tomorrow_session.starts_at)
    assert subjects[1] == f"Snart: Klimatilpasning begynder kl. {starts:%H.%M}"
    assert all(m.rcpt_tos == [registration.email] for m in smtp_server.messages)


def test_reminders_respect_the_series_switches(
    smtp_server, tomorrow_session, django_capture_on_commit_callbacks
):
    make_registration(tomorrow_session)
    series = tomorrow_session.series
    series.remind_24h = False
    series.remind_1h = False
    series.save()
    for now in (timezone.now(), tomorrow_session.starts_at - dt.timedelta(minutes=30)):
        with django_capture_on_commit_callbacks(execute=True):
            run_periodic(now=now)
    assert smtp_server.messages == []


def test_no_24h_reminder_for_someone_who_signed_up_within_the_last_day(
    smtp_server, tomorrow_session, django_capture_on_commit_callbacks
):
    make_registration(tomorrow_session, confirmed_at=timezone.now() - dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert run_periodic()["reminders"] == 0
    assert smtp_server.messages == []


def test_moving_a_session_brings_its_reminder_back(
    smtp_server, tomorrow_session, django_capture_on_commit_callbacks
):
    make_registration(tomorrow_session)
    with django_capture_on_commit_callbacks(execute=True):
        run_periodic()
    tomorrow_session.starts_at += dt.timedelta(minutes=30)
    tomorrow_session.ends_at += dt.timedelta(minutes=30)
    tomorrow_session.save()
    with django_capture_on_commit_callbacks(execute=True):
        run_periodic()
    assert len(smtp_server.messages) == 2


def test_tick_expires_unconfirmed_registrations_through_the_registrations_service(
    smtp_server, session, django_capture_on_commit_callbacks
):
    pytest.importorskip("tinget.registrations.services")
    old = make_registration(session, status=Registration.Status.PENDING)
    Registration.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=49)
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = run_periodic()
    assert result["expired"] == 1
    old.refresh_from_db()
    assert old.status == Registration.Status.EXPIRED


# --- the organisers' outbox and the demo's mail catcher --------------------------------


def test_outbox_admin_lists_emails_and_shows_the_text_body_read_only(client, session):
    registration = make_registration(session)
    email = notify.registered(registration.pk)
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)

    listing = client.get(reverse("admin:mailings_outboundemail_changelist"))
    content = listing.content.decode()
    assert "Cirkulær økonomi i kommunen" in content
    assert registration.email in content
    assert reverse("admin:mailings_outboundemail_add") not in content

    detail = client.get(reverse("admin:mailings_outboundemail_change", args=[email.pk]))
    body = detail.content.decode()
    assert "Hej Deltager" in body
    assert "invitation.ics" in body
    assert 'name="_save"' not in body


def test_organiser_gets_403_on_the_admin_outbox(client):
    from tests.factories import MembershipFactory, OrganisationFactory
    from tinget.programme.services import grant_organiser_access

    partner = OrganisationFactory(name="Aarhus Kommune")
    ours = SessionFactory(series__partners=[partner], title="Vores webinar")
    theirs = SessionFactory(title="Andres webinar")
    mine = make_registration(ours, email="mig@aarhus.dk")
    other = make_registration(theirs, email="dig@odense.dk")
    notify.registered(mine.pk)
    notify.registered(other.pk)
    organiser = UserFactory(is_staff=False)
    MembershipFactory(user=organiser, organisation=partner)
    grant_organiser_access(user=None, organiser=organiser)
    client.force_login(organiser)

    # The admin's outbox is for superusers only; an organiser gets 403, never a row.
    listing = client.get(reverse("admin:mailings_outboundemail_changelist"))
    assert listing.status_code == 403
    assert "mig@aarhus.dk" not in listing.content.decode()
    hidden = OutboundEmail.objects.get(to="dig@odense.dk")
    detail = client.get(reverse("admin:mailings_outboundemail_change", args=[hidden.pk]))
    assert detail.status_code == 403


@pytest.mark.slow
def test_mailcatcher_saves_each_message_as_eml_and_prints_a_line(tmp_path):
    port = free_port()
    env = {**os.environ, "TINGET_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tinget.cli", "mailcatcher", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
        assert f"127.0.0.1:{port}" in first_line
        message = EmailMessage()
        message["Subject"] = "Bekræft din tilmelding"
        message["From"] = "noreply@tinget.localhost"
        message["To"] = "anna@kommune.example.dk"
        message.set_content("Hej Anna")
        deadline = time.monotonic() + 10
        while True:
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
                    client.send_message(message)
                break
            except ConnectionRefusedError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        line = process.stdout.readline()
        assert "anna@kommune.example.dk" in line
        assert "Bekræft din tilmelding" in line
        (saved,) = (tmp_path / "mail").glob("*.eml")
        assert b"Hej Anna" in saved.read_bytes()
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
