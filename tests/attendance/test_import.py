"""Importing a Teams report records attended/missed on the session's registrations."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.backoffice.factories import RegistrationFactory
from tests.factories import SessionFactory, UserFactory, at
from tinget.programme.models import AuditEntry
from tinget.registrations.attendance import AttendanceReportError
from tinget.registrations.models import AttendanceImport, Participant, Registration
from tinget.registrations.services import import_report, link_participant

pytestmark = pytest.mark.django_db

REPORTS = Path(__file__).parent / "reports"
EN_REPORT = (REPORTS / "en_current_utf16le_bom.csv").read_bytes()


@pytest.fixture
def session_with_people():
    """Registrations that the English report should match, miss and leave alone."""
    session = SessionFactory(starts_at=at(-1), ends_at=at(-1, 10))
    regs = {
        # email in the report is Alice.Andersen@Odense…: matching ignores case
        "alice": RegistrationFactory(
            session=session, name="Alice A.", email="alice.andersen@odense.example.dk"
        ),
        # a guest without email in the report: matched by name, word order ignored
        "bob": RegistrationFactory(session=session, name="Bob Borger", email="bob@b.example"),
        "dora": RegistrationFactory(session=session, name="Dora Absent", email="dora@x.example"),
        "wait": RegistrationFactory(
            session=session,
            name="Walter Waiting",
            email="walter@x.example",
            status=Registration.Status.WAITING,
        ),
    }
    return session, regs


def attendance(registration):
    registration.refresh_from_db()
    return registration.attendance, registration.minutes_present


def test_import_report_matches_by_email_then_name_and_records_missed(session_with_people):
    session, regs = session_with_people
    user = UserFactory()
    result = import_report(session=session, data=EN_REPORT, filename="report.csv", user=user)

    assert (result.matched, result.unmatched, result.missed) == (2, 1, 1)
    assert attendance(regs["alice"]) == ("attended", 60)
    assert attendance(regs["bob"]) == ("attended", 30)
    assert attendance(regs["dora"]) == ("missed", None)
    # Waiting-list people were never promised a seat: not "missed".
    assert attendance(regs["wait"]) == ("", None)

    unmatched = Participant.objects.filter(
        attendance_import=result.attendance_import, registration__isnull=True
    )
    # Organiser and presenter are the meeting's own people, listed but not counted.
    assert sorted(unmatched.values_list("name", flat=True)) == [
        "Carla Unknown",
        "Olivia Organiser",
        "Paul Presenter",
    ]
    entry = AuditEntry.objects.get(action="attendance.import")
    assert entry.actor == user
    assert entry.series == session.series
    assert entry.people_count == 3
    assert entry.detail["matched"] == 2
    assert entry.detail["filename"] == "report.csv"


def test_import_report_same_file_twice_changes_nothing(session_with_people):
    session, regs = session_with_people
    first = import_report(session=session, data=EN_REPORT, filename="a.csv")
    participant_ids = set(Participant.objects.values_list("id", flat=True))

    again = import_report(session=session, data=EN_REPORT, filename="a.csv")

    assert again.unchanged
    assert again.attendance_import.pk == first.attendance_import.pk
    assert set(Participant.objects.values_list("id", flat=True)) == participant_ids
    assert AttendanceImport.objects.count() == 1
    assert AuditEntry.objects.filter(action="attendance.import").count() == 1
    assert attendance(regs["alice"]) == ("attended", 60)


def test_import_report_corrected_report_replaces_earlier_result(session_with_people):
    session, regs = session_with_people
    import_report(session=session, data=EN_REPORT, filename="first.csv")
    corrected = (
        "2. Participants\n"
        "Name\tFirst join\tLast leave\tIn-meeting duration\tEmail\tRole\n"
        "Dora Absent\t3/9/27, 9:00:00 AM\t3/9/27, 9:45:00 AM\t45m\tdora@x.example\tAttendee\n"
    ).encode("utf-16")

    result = import_report(session=session, data=corrected, filename="corrected.csv")

    assert (result.matched, result.unmatched, result.missed) == (1, 0, 2)
    assert attendance(regs["dora"]) == ("attended", 45)
    assert attendance(regs["alice"]) == ("missed", None)
    assert attendance(regs["bob"]) == ("missed", None)
    assert list(AttendanceImport.objects.values_list("filename", flat=True)) == ["corrected.csv"]
    assert Participant.objects.count() == 1


def test_import_report_same_name_twice_is_left_for_manual_linking():
    session = SessionFactory(starts_at=at(-1), ends_at=at(-1, 10))
    RegistrationFactory(session=session, name="Bob Borger", email="bob1@x.example")
    RegistrationFactory(session=session, name="Bob Borger", email="bob2@x.example")

    result = import_report(session=session, data=EN_REPORT)

    bob = Participant.objects.get(name="Borger, Bob (Guest)")
    assert bob.registration is None
    assert result.matched == 0


def test_link_participant_marks_attended_and_survives_a_corrected_report(session_with_people):
    session, regs = session_with_people
    result = import_report(session=session, data=EN_REPORT)
    carla = Participant.objects.get(name="Carla Unknown")

    linked = link_participant(participant=carla, registration=regs["dora"], user=UserFactory())

    assert (linked.matched, linked.unmatched, linked.missed) == (3, 0, 0)
    assert attendance(regs["dora"]) == ("attended", 5)
    assert AuditEntry.objects.filter(action="attendance.link", object_id=regs["dora"].pk)
    # A corrected report (Carla stayed longer) keeps the link made by hand.
    corrected = EN_REPORT.decode("utf-16").replace("5m\t", "25m\t").encode("utf-16")
    assert corrected != EN_REPORT
    again = import_report(session=session, data=corrected)
    assert again.attendance_import.pk != result.attendance_import.pk
    assert attendance(regs["dora"]) == ("attended", 25)


def test_link_participant_other_sessions_registration_is_refused(session_with_people):
    session, _ = session_with_people
    import_report(session=session, data=EN_REPORT)
    stranger = RegistrationFactory()
    carla = Participant.objects.get(name="Carla Unknown")
    with pytest.raises(ValueError, match="another session"):
        link_participant(participant=carla, registration=stranger, user=None)
    assert attendance(stranger) == ("", None)


def test_import_report_unreadable_file_changes_nothing(session_with_people):
    session, regs = session_with_people
    import_report(session=session, data=EN_REPORT)
    with pytest.raises(AttendanceReportError):
        import_report(session=session, data=b"%PDF-1.7\x00\x01\x02\x03binary")
    assert attendance(regs["alice"]) == ("attended", 60)
    assert AttendanceImport.objects.count() == 1


def test_import_attendance_command_prints_counts(session_with_people):
    session, _ = session_with_people
    path = str(REPORTS / "en_current_utf16le_bom.csv")
    out = StringIO()
    call_command("import_attendance", str(session.pk), path, stdout=out)
    assert out.getvalue().splitlines() == ["matched: 2", "unmatched: 1", "missed: 1"]
    out = StringIO()
    call_command("import_attendance", str(session.pk), path, stdout=out)
    assert "nothing changed" in out.getvalue()
    assert "matched: 2" in out.getvalue()


def test_import_attendance_command_unknown_session_or_bad_file_fails_politely(tmp_path):
    with pytest.raises(CommandError, match="No session with id 999999"):
        call_command("import_attendance", "999999", str(REPORTS / "da_list_utf8.csv"))
    session = SessionFactory(starts_at=at(-1), ends_at=at(-1, 10))
    letter = tmp_path / "letter.txt"
    letter.write_text("Kære alle,\n\ntak for i dag.\n")
    with pytest.raises(CommandError, match="not a Teams attendance report"):
        call_command("import_attendance", str(session.pk), str(letter))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_attendance", str(session.pk), str(tmp_path / "missing.csv"))


def test_import_attendance_command_refuses_a_session_that_has_not_taken_place(tmp_path):
    coming = SessionFactory()
    path = tmp_path / "report.csv"
    path.write_bytes(EN_REPORT)
    with pytest.raises(CommandError, match="has not taken place yet"):
        call_command("import_attendance", str(coming.pk), str(path), stdout=StringIO())
    assert not coming.attendance_imports.exists()
