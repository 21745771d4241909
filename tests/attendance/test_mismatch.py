"""A report from another meeting is not applied without asking; people the report does not
show are marked by hand.

Integration tests through the back office (Django test client, real report file
`reports/da_klimaklar_2026-11-24_utf16le_bom.csv`, written for these tests).
"""

import datetime as dt
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.backoffice.factories import RegistrationFactory
from tests.factories import SeriesFactory, SessionFactory, at
from tinget.programme.models import AuditEntry
from tinget.registrations.attendance import parse_report
from tinget.registrations.models import AttendanceImport, Registration
from tinget.registrations.services import AttendanceReportMismatch, import_report

pytestmark = pytest.mark.django_db

REPORTS = Path(__file__).parent / "reports"
KLIMAKLAR = (REPORTS / "da_klimaklar_2026-11-24_utf16le_bom.csv").read_bytes()
CPH = ZoneInfo("Europe/Copenhagen")


def on(day: int, month: int = 11, year: int = 2026) -> dict:
    start = dt.datetime(year, month, day, 9, 0, tzinfo=CPH)
    return {"starts_at": start, "ends_at": start + dt.timedelta(hours=1)}


@pytest.fixture
def klimaklar(partner):
    """The series and session the report is from: 24 November 2026, 9–10."""
    series = SeriesFactory(title="Klimaklar kommune", partners=[partner])
    session = SessionFactory(series=series, title="Ansvarligt forbrug i kantinen", **on(24))
    people = {
        "birte": RegistrationFactory(
            session=session, name="Birte Bæk", email="birte.baek@horsens.example.dk"
        ),
        "eva": RegistrationFactory(session=session, name="Eva Telefon", email="eva@example.dk"),
    }
    return session, people


@pytest.fixture
def other_session(series):
    """Another series' session on another day: the report is not from it."""
    session = SessionFactory(series=series, title="Cirkulære indkøb", **on(26))
    RegistrationFactory(session=session, name="Birte Bæk", email="birte.baek@horsens.example.dk")
    return session


def upload(client, session, data=KLIMAKLAR, prefix=""):
    return client.post(
        prefix + reverse("backoffice:attendance", kwargs={"pk": session.pk}),
        {"report": SimpleUploadedFile("fremmoede.csv", data, content_type="text/csv")},
    )


def decide(client, session, decision):
    return client.post(
        reverse("backoffice:attendance_confirm", kwargs={"pk": session.pk}),
        {"decision": decision},
        follow=True,
    )


# --- what the report says of its meeting (the parser) ---------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "dates"),
    [
        (
            "da_klimaklar_2026-11-24_utf16le_bom.csv",
            "Klimaklar kommune: Ansvarligt forbrug i kantinen",
            (dt.date(2026, 11, 24),),
        ),
        # AM/PM says month first: 3/9/27 is 9 March.
        (
            "en_current_utf16le_bom.csv",
            "Webinar: SDG 7 – Energy in the municipality",
            (dt.date(2027, 3, 9),),
        ),
        # 10-03-2027 with nothing to decide the order: both readings are kept.
        (
            "da_current_utf16le_nobom.csv",
            "Webinar: Mål 11 – Bæredygtige byer og lokalsamfund",
            (dt.date(2027, 3, 10), dt.date(2027, 10, 3)),
        ),
        ("da_semicolon_utf8.csv", "Cirkulær økonomi i indkøb", (dt.date(2027, 3, 17),)),
        # The old attendance list has no title; its day is that of the first action.
        ("en_list_utf16le_bom.csv", "", (dt.date(2027, 3, 22),)),
    ],
)
def test_parse_report_meeting_title_and_day(name, title, dates):
    report = parse_report((REPORTS / name).read_bytes())
    assert (report.meeting_title, report.meeting_dates) == (title, dates)


# --- the check in the service ---------------------------------------------------------------


def test_import_report_of_the_sessions_own_meeting_is_applied_without_asking(klimaklar):
    session, people = klimaklar
    result = import_report(session=session, data=KLIMAKLAR, accept_mismatch=False)
    assert (result.matched, result.missed, result.unmatched) == (1, 1, 2)
    people["birte"].refresh_from_db()
    assert (people["birte"].attendance, people["birte"].minutes_present) == ("attended", 60)


def test_import_report_title_of_the_session_alone_fits(klimaklar):
    """A meeting named after the session only (no series) is the session's."""
    session, _ = klimaklar
    text = KLIMAKLAR.decode("utf-16").replace("Klimaklar kommune: Ansvarligt", "Ansvarligt")
    import_report(session=session, data=text.encode("utf-16"), accept_mismatch=False)
    assert AttendanceImport.objects.filter(session=session).exists()


def test_import_report_of_another_meeting_changes_nothing_until_accepted(other_session):
    with pytest.raises(AttendanceReportMismatch) as caught:
        import_report(session=other_session, data=KLIMAKLAR, accept_mismatch=False)
    kinds = {m.kind: (m.in_report, m.in_session) for m in caught.value.mismatches}
    assert kinds == {
        "title": ("Klimaklar kommune: Ansvarligt forbrug i kantinen", "Cirkulære indkøb"),
        "date": (dt.date(2026, 11, 24), dt.date(2026, 11, 26)),
    }
    assert not AttendanceImport.objects.exists()
    assert not Registration.objects.filter(session=other_session).exclude(attendance="").exists()
    assert not AuditEntry.objects.filter(action="attendance.import").exists()


# --- the confirm step in the back office ----------------------------------------------------


def test_upload_of_another_meeting_shows_the_differences_in_danish(editor_client, other_session):
    response = upload(editor_client, other_session)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Rapporten ser ikke ud til at være fra denne session" in html
    assert "Der er ikke importeret noget endnu." in html
    assert "Klimaklar kommune: Ansvarligt forbrug i kantinen" in html
    assert "Cirkulære indkøb" in html
    assert "tirsdag den 24. november 2026" in html
    assert "torsdag den 26. november 2026" in html
    assert "Rapporten har 4 deltagere." in html
    assert "Importér alligevel" in html and "Importér ikke" in html
    assert not AttendanceImport.objects.exists()
    assert not Registration.objects.filter(session=other_session).exclude(attendance="").exists()


def test_upload_of_another_meeting_in_english(editor_client, other_session):
    response = upload(editor_client, other_session, prefix="/en")
    assert response.status_code == 409
    html = response.content.decode()
    assert "The report does not seem to be from this session" in html
    assert "Import anyway" in html


def test_import_anyway_applies_the_report_and_audits_the_choice(
    editor_client, editor, other_session
):
    upload(editor_client, other_session)
    page = decide(editor_client, other_session, "import")
    html = page.content.decode()
    assert "Fremmødet er importeret: 1 deltog, 0 deltog ikke" in html
    registration = Registration.objects.get(session=other_session)
    assert (registration.attendance, registration.minutes_present) == ("attended", 60)
    entry = AuditEntry.objects.get(action="attendance.import")
    assert entry.actor == editor
    assert entry.detail["mismatch_accepted"] == ["title", "date"]
    # The upload no longer waits: a second "import" finds nothing.
    again = decide(editor_client, other_session, "import")
    assert "Den uploadede rapport venter ikke længere" in again.content.decode()
    assert AttendanceImport.objects.count() == 1


def test_do_not_import_discards_the_upload(editor_client, other_session):
    upload(editor_client, other_session)
    page = decide(editor_client, other_session, "cancel")
    assert "Rapporten blev ikke importeret. Intet er ændret." in page.content.decode()
    assert not AttendanceImport.objects.exists()
    again = decide(editor_client, other_session, "import")
    assert "Den uploadede rapport venter ikke længere" in again.content.decode()
    assert not AttendanceImport.objects.exists()


def test_confirm_with_nothing_waiting_is_polite(editor_client, other_session):
    page = decide(editor_client, other_session, "import")
    assert page.status_code == 200
    assert "Den uploadede rapport venter ikke længere. Upload den igen." in page.content.decode()
    assert not AttendanceImport.objects.exists()


def test_confirm_by_a_viewer_is_refused(client, viewer, other_session):
    client.force_login(viewer)
    response = client.post(
        reverse("backoffice:attendance_confirm", kwargs={"pk": other_session.pk}),
        {"decision": "import"},
    )
    assert response.status_code == 403
    assert not AttendanceImport.objects.exists()


# --- marking by hand ------------------------------------------------------------------------


def mark(client, registration, value):
    return client.post(
        reverse("backoffice:mark_attendance", kwargs={"pk": registration.pk}),
        {"attendance": value},
        follow=True,
    )


def test_registrant_list_offers_marking_for_people_not_in_the_report(editor_client, klimaklar):
    session, _ = klimaklar
    import_report(session=session, data=KLIMAKLAR)
    html = editor_client.get(
        reverse("backoffice:registrants", kwargs={"pk": session.pk})
    ).content.decode()
    # Eva is not in the report (missed): she can be marked attended; Birte is in it: no buttons.
    assert 'Markér som deltaget<span class="sr-only"> Eva Telefon</span>' in html
    assert 'Markér som ikke deltaget<span class="sr-only"> Eva Telefon' not in html
    assert 'sr-only"> Birte Bæk</span></button>' in html  # her "Cancel" button
    assert 'deltaget<span class="sr-only"> Birte Bæk' not in html


def test_mark_attended_by_hand_is_stored_audited_and_survives_a_corrected_report(
    editor_client, editor, klimaklar
):
    session, people = klimaklar
    import_report(session=session, data=KLIMAKLAR)
    page = mark(editor_client, people["eva"], "attended")
    assert "Eva Telefon er markeret: Deltog." in page.content.decode()
    assert "markeret i hånden" in page.content.decode()
    eva = Registration.objects.get(pk=people["eva"].pk)
    assert (eva.attendance, eva.minutes_present, eva.attendance_by_hand) == ("attended", None, True)
    entry = AuditEntry.objects.get(action="attendance.mark")
    assert entry.actor == editor
    assert entry.detail == {"session": session.pk, "old": "missed", "new": "attended"}
    # A corrected report (one more participant) does not show Eva: the mark stays.
    frida = (
        "Frida Sen\t24-11-2026 09.40.00\t24-11-2026 09.50.00\t10 min\tfrida@example.dk\t\tDeltager"
    )
    corrected = KLIMAKLAR.decode("utf-16").replace("\r\n\r\n3.", f"\r\n{frida}\r\n\r\n3.")
    import_report(session=session, data=corrected.encode("utf-16"))
    assert AttendanceImport.objects.get(session=session).unmatched == 3
    eva.refresh_from_db()
    assert (eva.attendance, eva.attendance_by_hand) == ("attended", True)


def test_mark_missed_by_hand_before_any_report(editor_client, klimaklar):
    _, people = klimaklar
    mark(editor_client, people["eva"], "missed")
    eva = Registration.objects.get(pk=people["eva"].pk)
    assert (eva.attendance, eva.attendance_by_hand) == ("missed", True)


def test_mark_someone_the_report_shows_is_refused(editor_client, klimaklar):
    session, people = klimaklar
    import_report(session=session, data=KLIMAKLAR)
    page = mark(editor_client, people["birte"], "missed")
    assert "Teams-rapporten viser Birte Bæk i mødet." in page.content.decode()
    birte = Registration.objects.get(pk=people["birte"].pk)
    assert (birte.attendance, birte.attendance_by_hand) == ("attended", False)
    assert not AuditEntry.objects.filter(action="attendance.mark").exists()


def test_mark_before_the_session_is_refused(editor_client, series):
    coming = SessionFactory(series=series, starts_at=at(2), ends_at=at(2, 10))
    registration = RegistrationFactory(session=coming)
    page = mark(editor_client, registration, "attended")
    assert "Sessionen har ikke fundet sted endnu" in page.content.decode()
    registration.refresh_from_db()
    assert registration.attendance == ""


def test_mark_with_a_bad_value_is_polite(editor_client, klimaklar):
    _, people = klimaklar
    page = mark(editor_client, people["eva"], "<script>")
    assert page.status_code == 200
    assert "Vælg deltog eller deltog ikke." in page.content.decode()
    assert Registration.objects.get(pk=people["eva"].pk).attendance == ""


def test_mark_waiting_list_person_is_refused(editor_client, klimaklar):
    session, _ = klimaklar
    waiting = RegistrationFactory(session=session, status=Registration.Status.WAITING)
    page = mark(editor_client, waiting, "attended")
    assert "Kun tilmeldte kan markeres." in page.content.decode()
    waiting.refresh_from_db()
    assert waiting.attendance == ""


def test_mark_by_a_viewer_or_an_outsider_changes_nothing(client, viewer, outsider, klimaklar):
    _, people = klimaklar
    client.force_login(viewer)
    assert mark(client, people["eva"], "attended").status_code == 403
    client.force_login(outsider)
    assert mark(client, people["eva"], "attended").status_code == 404
    assert Registration.objects.get(pk=people["eva"].pk).attendance == ""


def test_import_attendance_command_warns_of_another_meeting_and_imports(other_session, tmp_path):
    path = tmp_path / "fremmoede.csv"
    path.write_bytes(KLIMAKLAR)
    out, err = StringIO(), StringIO()
    call_command("import_attendance", str(other_session.pk), str(path), stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        "Warning: the report's meeting title (Klimaklar kommune: Ansvarligt forbrug i kantinen)"
        " is not the session's (Cirkulære indkøb); importing anyway.",
        "Warning: the report's day (2026-11-24) is not the session's (2026-11-26); "
        "importing anyway.",
    ]
    assert "matched: 1" in out.getvalue()
    assert AttendanceImport.objects.filter(session=other_session).exists()
