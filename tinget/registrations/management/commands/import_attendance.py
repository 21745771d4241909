"""`tinget import_attendance SESSION_ID FILE`: the attendance upload, from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tinget.programme.models import Session
from tinget.registrations.attendance import AttendanceReportError
from tinget.registrations.services import import_report


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
