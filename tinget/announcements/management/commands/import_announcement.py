"""uv run tinget import_announcement FILE [--json] [--user NAME]"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from tinget.announcements.services import (
    MAX_UPLOAD_BYTES,
    import_announcement,
    preview_announcement,
)
from tinget.programme.services import ProgrammeError


class Command(BaseCommand):
    help = (
        "Read an announcement (text or HTML; UTF-8, UTF-16 or Windows-1252; '-' for standard "
        "input). With --json print what was understood; without it save a draft series and "
        "print the address where an organiser reviews it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the announcement file, or - for standard input")
        parser.add_argument("--json", action="store_true", help="print JSON, save nothing")
        parser.add_argument(
            "--user",
            help="organiser the draft is made for (default: the first superuser)",
        )

    def handle(self, *args, **options):
        raw = self._read(options["file"])
        if options["json"]:
            data = preview_announcement(raw)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        user = self._user(options.get("user"))
        data = preview_announcement(raw)
        if not data.get("sessions"):
            reasons = "; ".join(data.get("warnings") or [])
            raise CommandError(
                "Nothing was saved: no sessions were found in the text"
                + (f" ({reasons})" if reasons else ".")
            )
        try:
            result = import_announcement(parsed=data, user=user)
        except ProgrammeError as error:
            raise CommandError(f"Nothing was saved: {error.message}") from error
        except ValidationError as error:
            raise CommandError(f"Nothing was saved: {'; '.join(error.messages)}") from error
        series = result.series
        url = settings.TINGET_BASE_URL + reverse("admin:programme_series_change", args=[series.pk])
        for warning in result.warnings:
            self.stderr.write(f"Warning: {warning}")
        self.stdout.write(
            f'Draft series "{series.title}" with {series.sessions.count()} sessions saved '
            "(not published)."
        )
        self.stdout.write(f"Review it at {url}")

    def _read(self, name: str) -> bytes:
        if name == "-":
            raw = sys.stdin.buffer.read(MAX_UPLOAD_BYTES + 1)
        else:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            with path.open("rb") as handle:
                raw = handle.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            raise CommandError("The file is larger than 10 MB; an announcement never is.")
        return raw

    def _user(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"No active user called {username}.")
            return user
        user = users.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError("There is no superuser; name an organiser with --user.")
        return user
