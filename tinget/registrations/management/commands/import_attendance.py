"""`tinget import_attendance SESSION_ID FILE`: the attendance upload, from the command line.

Unlike the back office it does not stop to ask when the report's meeting title or day does
not fit the session: it says so on stderr and imports (a script has no one to ask).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tinget.programme.models import Session
from tinget.registrations.attendance import AttendanceReportError, parse_report
from tinget.registrations.services import import_report, report_mismatches


class Command(BaseCommand):
    help = (
        "Import a Microsoft Teams attendance report for a session and print the matched, "
        "unmatched and missed counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("session_id", type=int, help="the session's id")
        parser.add_argument("file", type=Path, help="the report as downloaded from Teams")

    def handle(self, *args, session_id, file, **options):
        try:
            session = Session.objects.select_related("series").get(pk=session_id)
        except Session.DoesNotExist:
            raise CommandError(f"No session with id {session_id}.") from None
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        self._warn_mismatches(session, data)
        try:
            result = import_report(session=session, data=data, filename=file.name)
        except AttendanceReportError as error:
            if error.code == "not_started":
                raise CommandError(
                    f"Session {session.pk} has not taken place yet; import its report afterwards."
                ) from None
            raise CommandError(
                f"{file} is not a Teams attendance report we can read ({error.code})."
            ) from None
        if result.unchanged:
            self.stdout.write("This report is already imported; nothing changed.")
        self.stdout.write(
            f"matched: {result.matched}\nunmatched: {result.unmatched}\nmissed: {result.missed}"
        )

    def _warn_mismatches(self, session, data: bytes) -> None:
        try:
            report = parse_report(data)
        except AttendanceReportError:
            return  # import_report says why, below
        for mismatch in report_mismatches(session=session, report=report):
            label = "meeting title" if mismatch.kind == "title" else "day"
            self.stderr.write(
                f"Warning: the report's {label} ({mismatch.in_report}) is not the "
                f"session's ({mismatch.in_session}); importing anyway."
            )
