"""Teams meetings and attendance through Microsoft Graph, against a fake Graph on loopback
(real HTTPS, msal for the tokens; no test reaches the internet)."""

import datetime as dt
from urllib.parse import quote

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.utils import timezone

from tests.backoffice.factories import RegistrationFactory
from tests.factories import SessionFactory
from tinget.integrations import services, teams
from tinget.integrations.models import TeamsMeeting
from tinget.programme import services as programme
from tinget.registrations.models import AttendanceImport, Registration

from .fake_graph import CLIENT_ID, CLIENT_SECRET, ORGANISER, TENANT, attendance_record

pytestmark = pytest.mark.django_db
MEETINGS = f"/v1.0/users/{quote(ORGANISER, safe='')}/onlineMeetings"


def new_session(editor, series, captured, **fields):
    starts = timezone.now() + dt.timedelta(days=7)
    with captured(execute=True):
        return programme.create_session(
            user=editor,
            series=series,
            title="Cirkulær økonomi",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            **fields,
        )


def test_a_new_teams_session_gets_its_meeting_and_join_link(
    graph_connection, fake_graph, editor, series, django_capture_on_commit_callbacks
):
    session = new_session(editor, series, django_capture_on_commit_callbacks)
    session.refresh_from_db()
    (meeting,) = fake_graph.meetings.values()
    assert meeting["subject"] == f"{series.title}: Cirkulær økonomi"
    assert meeting["startDateTime"] == session.starts_at.astimezone(dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert session.join_url == meeting["joinWebUrl"]
    stored = TeamsMeeting.objects.get(session=session)
    assert stored.meeting_id == meeting["id"]
    assert not stored.needs_sync
    assert fake_graph.graph_calls("POST") == [MEETINGS]
    # msal asked the fake for the tenant's configuration; nothing went to Microsoft.
    assert (
        "GET",
        f"/{TENANT}/v2.0/.well-known/openid-configuration",
    ) in fake_graph.requests


def test_rescheduling_moves_the_meeting_and_cancelling_deletes_it(
    graph_connection, fake_graph, editor, series, django_capture_on_commit_callbacks
):
    session = new_session(editor, series, django_capture_on_commit_callbacks)
    session.refresh_from_db()
    later = session.starts_at + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        programme.update_session(
            user=editor, session=session, starts_at=later, ends_at=later + dt.timedelta(hours=2)
        )
    (meeting,) = fake_graph.meetings.values()
    assert meeting["endDateTime"] == (later + dt.timedelta(hours=2)).astimezone(dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert len(fake_graph.graph_calls("PATCH")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        programme.cancel_session(user=editor, session=session)
    assert fake_graph.meetings == {}
    assert TeamsMeeting.objects.get(session=session).deleted


def test_a_meeting_deleted_in_teams_is_made_again(
    graph_connection, fake_graph, editor, series, django_capture_on_commit_callbacks
):
    session = new_session(editor, series, django_capture_on_commit_callbacks)
    fake_graph.meetings.clear()  # someone deleted it in Teams: Graph answers 404
    session.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        programme.update_session(user=editor, session=session, title="Nyt navn")
    (meeting,) = fake_graph.meetings.values()
    session.refresh_from_db()
    assert session.join_url == meeting["joinWebUrl"]
    assert TeamsMeeting.objects.get(session=session).meeting_id == meeting["id"]


def test_an_expired_token_is_refreshed_once(
    graph_connection, fake_graph, editor, series, django_capture_on_commit_callbacks
):
    session = new_session(editor, series, django_capture_on_commit_callbacks)
    assert fake_graph.tokens_issued == 1
    fake_graph.expire_tokens()
    session.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        programme.update_session(user=editor, session=session, title="Nyt navn")
    assert fake_graph.tokens_issued == 2
    assert next(iter(fake_graph.meetings.values()))["subject"].endswith("Nyt navn")
    assert TeamsMeeting.objects.get(session=session).last_error == ""


def test_throttling_waits_for_retry_after_or_tries_later(
    graph_connection, fake_graph, editor, series, django_capture_on_commit_callbacks
):
    fake_graph.throttle_next = 1
    session = new_session(editor, series, django_capture_on_commit_callbacks)
    assert len(fake_graph.meetings) == 1  # waited one second, then created
    assert fake_graph.graph_calls("POST") == [MEETINGS] * 2

    fake_graph.throttle_next = 1
    fake_graph.retry_after = "120"  # too long to wait in the worker: try again later
    session.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        programme.update_session(user=editor, session=session, title="Nyt navn")
    stored = TeamsMeeting.objects.get(session=session)
    assert stored.needs_sync
    assert "throttled" in stored.last_error
    assert (
        dt.timedelta(seconds=100)
        < stored.next_attempt_at - timezone.now()
        < dt.timedelta(seconds=121)
    )
    # The periodic round hands it to the worker once it is due.
    assert teams.periodic(now=stored.next_attempt_at)["teams_syncs"] == 1
    assert teams.sync_meeting(session.pk, now=stored.next_attempt_at) == "updated"
    assert next(iter(fake_graph.meetings.values()))["subject"].endswith("Nyt navn")
    assert not TeamsMeeting.objects.get(session=session).needs_sync


def test_no_meeting_without_teams_or_with_a_typed_link(
    graph_connection, fake_graph, editor, series, django_capture_on_commit_callbacks
):
    new_session(
        editor, series, django_capture_on_commit_callbacks, join_url="https://example.org/rum"
    )
    series.platform = "Zoom"
    series.save()
    new_session(editor, series, django_capture_on_commit_callbacks)
    assert fake_graph.meetings == {}
    assert not TeamsMeeting.objects.exists()


def _held_session_with_meeting(series, fake_graph, graph_connection, *records):
    start = timezone.now() - dt.timedelta(hours=3)
    session = SessionFactory(
        series=series, starts_at=start, ends_at=start + dt.timedelta(hours=1), join_url=""
    )
    _status, meeting, _headers = fake_graph._create(
        {"subject": "x", "startDateTime": "2026-12-01T09:00:00Z", "endDateTime": "x"}
    )
    fake_graph.records[meeting["id"]] = list(records)
    TeamsMeeting.objects.create(
        session=session,
        connection=graph_connection,
        organiser_user=ORGANISER,
        meeting_id=meeting["id"],
        join_url=meeting["joinWebUrl"],
        needs_sync=False,
    )
    return session


def test_attendance_is_pulled_over_all_pages_and_applied_like_an_upload(
    graph_connection, fake_graph, series, endpoint, receiver, django_capture_on_commit_callbacks
):
    session = _held_session_with_meeting(
        series,
        fake_graph,
        graph_connection,
        attendance_record("Webinar Vært", ORGANISER, 3600, role="Organizer"),
        attendance_record("Anna Andersen", "ANNA@kommune.example.dk", 3000),
        attendance_record("Bo Borger", "", 1500),  # a guest without email: matched by name
        attendance_record("Ukendt Gæst (Gæst)", "", 600),
        attendance_record("Anna Andersen", "anna@kommune.example.dk", 420),  # rejoined
    )
    anna = RegistrationFactory(
        session=session, name="Anna Andersen", email="anna@kommune.example.dk"
    )
    bo = RegistrationFactory(session=session, name="Bo Borger", email="bo@kommune.example.dk")
    carl = RegistrationFactory(session=session, name="Carl Ikkemødt", email="carl@x.example")

    assert teams.due_attendance(timezone.now()) == [session.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert teams.pull_attendance(session.pk) == "imported"
    # Three pages of records: the report list, then records page by page via nextLink.
    record_calls = [path for path in fake_graph.graph_calls("GET") if path.endswith("Records")]
    assert len(record_calls) == 3
    anna.refresh_from_db()
    bo.refresh_from_db()
    carl.refresh_from_db()
    assert (anna.attendance, anna.minutes_present) == ("attended", 57)
    assert (bo.attendance, bo.minutes_present) == ("attended", 25)
    assert (carl.attendance, carl.minutes_present) == ("missed", None)
    imported = AttendanceImport.objects.get(session=session)
    assert (imported.filename, imported.matched, imported.unmatched, imported.missed) == (
        "Microsoft Graph",
        2,
        1,
        1,
    )
    attendance_messages = [m for m in receiver.processed if m["type"] == "attendance.imported"]
    assert attendance_messages[0]["data"]["attendance"]["matched"] == 2
    # The same records again change nothing; pulled within the hour: not due.
    assert teams.pull_attendance(session.pk) == "unchanged"
    assert teams.due_attendance(timezone.now()) == []
    assert Registration.objects.filter(session=session, attendance="attended").count() == 2


def _certificate_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tinget-app")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return private + certificate.public_bytes(serialization.Encoding.PEM).decode()


def test_a_certificate_signs_a_client_assertion(
    fake_graph, editor, partner, series, django_capture_on_commit_callbacks
):
    connection = services.connect_graph(
        user=editor,
        organisation=partner,
        tenant_id=TENANT,
        client_id=CLIENT_ID,
        credential_kind="certificate",
        credential=_certificate_pem(),
        organiser_user=ORGANISER,
    )
    assert "PRIVATE KEY" not in connection.credential_encrypted
    new_session(editor, series, django_capture_on_commit_callbacks)
    assert fake_graph.assertions == 1
    assert len(fake_graph.meetings) == 1


def test_a_reinstated_session_gets_a_new_meeting(
    graph_connection, fake_graph, editor, series, django_capture_on_commit_callbacks
):
    session = new_session(editor, series, django_capture_on_commit_callbacks)
    session.refresh_from_db()
    first_link = session.join_url
    with django_capture_on_commit_callbacks(execute=True):
        programme.cancel_session(user=editor, session=session)
    session.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        programme.reinstate_session(user=editor, session=session)
    (meeting,) = fake_graph.meetings.values()
    session.refresh_from_db()
    assert session.join_url == meeting["joinWebUrl"] != first_link
    assert not TeamsMeeting.objects.get(session=session).deleted


def test_graph_unreachable_is_retried_later(
    graph_connection, fake_graph, editor, series, django_capture_on_commit_callbacks
):
    fake_graph.stop()
    session = new_session(editor, series, django_capture_on_commit_callbacks)
    stored = TeamsMeeting.objects.get(session=session)
    assert stored.needs_sync
    assert stored.attempts == 1
    assert stored.last_error
    assert stored.next_attempt_at > timezone.now()
    session.refresh_from_db()
    assert session.join_url == ""


def test_connecting_gives_upcoming_teams_sessions_their_meeting(
    fake_graph, editor, partner, series, django_capture_on_commit_callbacks
):
    waiting = SessionFactory(series=series, join_url="")
    typed = SessionFactory(series=series)  # a link typed in by hand: left alone
    with django_capture_on_commit_callbacks(execute=True):
        services.connect_graph(
            user=editor,
            organisation=partner,
            tenant_id=TENANT,
            client_id=CLIENT_ID,
            credential_kind="secret",
            credential=CLIENT_SECRET,
            organiser_user=ORGANISER,
        )
    (meeting,) = fake_graph.meetings.values()
    waiting.refresh_from_db()
    assert waiting.join_url == meeting["joinWebUrl"]
    assert not TeamsMeeting.objects.filter(session=typed).exists()
