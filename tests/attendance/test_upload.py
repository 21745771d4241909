"""Uploading a Teams report in the back office, and linking unmatched participants."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.backoffice.factories import RegistrationFactory
from tests.factories import SessionFactory
from tinget.programme.models import AuditEntry
from tinget.registrations.models import AttendanceImport, Participant

pytestmark = pytest.mark.django_db

REPORTS = Path(__file__).parent / "reports"


def upload(client, session, name, data=None):
    """Upload a report; these reports are from other meetings than the test's session, so
    the organiser's "Import anyway" is given when asked (test_mismatch.py tests the asking)."""
    data = data if data is not None else (REPORTS / name).read_bytes()
    response = client.post(
        reverse("backoffice:attendance", kwargs={"pk": session.pk}),
        {"report": SimpleUploadedFile(name, data, content_type="text/csv")},
    )
    if response.status_code == 409:
        response = client.post(
            reverse("backoffice:attendance_confirm", kwargs={"pk": session.pk}),
            {"decision": "import"},
        )
    return response


@pytest.fixture
def danish_session(session):
    return session, {
        "mette": RegistrationFactory(
            session=session, name="Mette Miljø", email="mette.miljo@aarhus.example.dk"
        ),
        "jens": RegistrationFactory(session=session, name="Jens Jensen", email="jj@example.dk"),
        "lone": RegistrationFactory(
            session=session, name="Lone Ladefoged", email="lone@example.dk"
        ),
    }


def test_upload_danish_report_shows_result_and_unmatched(editor_client, editor, danish_session):
    session, people = danish_session
    response = upload(editor_client, session, "da_current_utf16le_nobom.csv")
    assert response.status_code == 302
    page = editor_client.get(response["Location"])
    html = page.content.decode()
    assert (
        "Fremmødet er importeret: 2 deltog, 1 deltog ikke, og 1 i rapporten blev ikke genkendt."
    ) in html
    assert 'data-figure="matched">2<' in html
    assert 'data-figure="missed">1<' in html
    assert 'data-figure="unmatched">1<' in html
    # Søren is unknown: listed for linking; Karen and Peter are the meeting's own people.
    assert "Søren Ukendt" in html
    assert "Karen Kommunal" in html and "Peter Oplæg" in html
    people["mette"].refresh_from_db()
    assert (people["mette"].attendance, people["mette"].minutes_present) == ("attended", 60)
    people["lone"].refresh_from_db()
    assert people["lone"].attendance == "missed"
    entry = AuditEntry.objects.get(action="attendance.import")
    assert entry.actor == editor
    assert entry.detail["filename"] == "da_current_utf16le_nobom.csv"


def test_upload_same_report_twice_says_nothing_changed(editor_client, danish_session):
    session, _ = danish_session
    upload(editor_client, session, "da_current_utf16le_nobom.csv")
    response = upload(editor_client, session, "da_current_utf16le_nobom.csv")
    page = editor_client.get(response["Location"])
    assert "Denne rapport er allerede importeret. Intet er ændret." in page.content.decode()
    assert AttendanceImport.objects.count() == 1


def test_upload_not_a_report_is_a_polite_danish_field_error(editor_client, danish_session):
    session, _ = danish_session
    response = upload(editor_client, session, "rapport.csv", "Kære alle\n\nTak for i dag.".encode())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vi kunne ikke finde en liste over deltagere i filen." in html
    assert 'href="#id_report"' in html
    assert not AttendanceImport.objects.exists()


def test_upload_excel_file_by_mistake_is_a_polite_danish_field_error(editor_client, danish_session):
    session, _ = danish_session
    xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00\x00\x00"
    response = upload(editor_client, session, "rapport.xlsx", xlsx)
    assert response.status_code == 200
    assert "Filen er ikke en tekstfil." in response.content.decode()


def test_upload_without_file_asks_for_one(editor_client, danish_session):
    session, _ = danish_session
    response = editor_client.post(reverse("backoffice:attendance", kwargs={"pk": session.pk}), {})
    assert response.status_code == 200
    assert "Vælg filen med fremmøderapporten." in response.content.decode()


def test_link_unmatched_participant_to_registration(editor_client, danish_session):
    session, people = danish_session
    upload(editor_client, session, "da_current_utf16le_nobom.csv")
    soren = Participant.objects.get(name="Søren Ukendt")
    response = editor_client.post(
        reverse("backoffice:link", kwargs={"pk": session.pk}),
        {"participant": soren.pk, "registration": people["lone"].pk},
    )
    assert response.status_code == 302
    people["lone"].refresh_from_db()
    assert (people["lone"].attendance, people["lone"].minutes_present) == ("attended", 12)
    html = editor_client.get(response["Location"]).content.decode()
    assert 'data-figure="unmatched">0<' in html
    assert "Alle i rapporten er genkendt" in html


def test_link_without_choosing_shows_error_next_to_that_participant(editor_client, danish_session):
    session, _ = danish_session
    upload(editor_client, session, "da_current_utf16le_nobom.csv")
    soren = Participant.objects.get(name="Søren Ukendt")
    response = editor_client.post(
        reverse("backoffice:link", kwargs={"pk": session.pk}), {"participant": soren.pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vælg den tilmelding, som deltageren er." in html
    assert f'aria-describedby="link-{soren.pk}-error"' in html


def test_link_registration_of_another_session_is_refused(editor_client, danish_session):
    session, _ = danish_session
    upload(editor_client, session, "da_current_utf16le_nobom.csv")
    soren = Participant.objects.get(name="Søren Ukendt")
    stranger = RegistrationFactory()
    response = editor_client.post(
        reverse("backoffice:link", kwargs={"pk": session.pk}),
        {"participant": soren.pk, "registration": stranger.pk},
    )
    assert response.status_code == 400
    soren.refresh_from_db()
    assert soren.registration is None
    stranger.refresh_from_db()
    assert stranger.attendance == ""


def test_unmatched_names_are_escaped(editor_client, session):
    RegistrationFactory(session=session, name="Lars Lund", email="lars.lund@vejle.example.dk")
    upload(editor_client, session, "en_comma_utf8_bom.csv")
    payload = "<b>x</b>"
    Participant.objects.filter(name__startswith="=cmd").update(name=payload)
    html = editor_client.get(
        reverse("backoffice:attendance", kwargs={"pk": session.pk})
    ).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x</b>" not in html


def test_upload_before_the_session_is_refused_and_records_nothing(editor_client, series):
    coming = SessionFactory(series=series, title="Næste uge")
    RegistrationFactory(session=coming, name="Mette Miljø", email="mette.miljo@aarhus.example.dk")
    response = upload(editor_client, coming, "da_current_utf16le_nobom.csv")
    assert response.status_code == 200
    assert "Sessionen har ikke fundet sted endnu" in response.content.decode()
    assert not AttendanceImport.objects.filter(session=coming).exists()
    assert not coming.registrations.exclude(attendance="").exists()
