"""CSV and XLSX exports of a session's registrants, within what each person was told.

The rule
--------
* Rows: registrations whose person signed up under the privacy notice (`notice_text` is set,
  on the registration or on the series subscription it came from), and older ones whose
  person ticked the consent box then required (`consented_at` is set). People added by an
  organiser by hand (they were shown nothing) and people who deleted their data are left out.
* Columns: the organiser's own record of the registration (status, date signed up,
  attendance and minutes present) is in every row. A column holding something the person
  told us is filled only when the text *that person was shown* (the notice, or for older
  sign-ups the consent text; stored with the registration) names it:

  ============  =============================================  ============================
  column        named in the consent text as                   why
  ============  =============================================  ============================
  name          "navn" / "name"
  email         "e-mail", "mail", "email"
  organisation  "organisation", "organization", "arbejdsplad"  also fills kind and
                                                               municipality: they describe
                                                               the organisation (the form
                                                               stores a municipality only
                                                               for a municipality)
  job title     "stilling", "titel", "title"
  answers       "svar", "answer"                               extra questions per series;
                                                               the sign-up form's text names
                                                               them when the series asks any
  ============  =============================================  ============================

  Before looking for these words, the series title and the partners' names are taken out of
  the text, so a partner called "Titel A/S" does not widen anyone's consent. The export
  page says how many people are left out.
* The optional consent to be contacted by the partners after the series is a column of its
  own ("yes" with the date it was given, or "no"), so nobody is contacted on a guess.

Formula injection: a text cell that begins with "=", "+", "-", "@", a tab or a carriage
return gets a leading apostrophe, so a spreadsheet shows it instead of running it.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tinget.programme.models import Session
from tinget.programme.text import strip_control
from tinget.registrations.models import Registration
from tinget.registrations.notice import PARTNER_FOLLOWUP, consent_active
from tinget.registrations.selectors import series_questions

from .selectors import answer_list

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")

CONSENT_WORDS: dict[str, tuple[str, ...]] = {
    "name": (r"\bnavn\b", r"\bname\b"),
    "email": (r"\be-?mail", r"\bmail\b", r"\bmailadresse"),
    "organisation": (r"\borganisation", r"\borganization", r"\barbejdsplad"),
    "job_title": (r"\bstilling", r"\btitel\b", r"\bjobtitel", r"\btitle\b"),
    "answers": (r"\bsvar\b", r"\banswers?\b"),
}
# Columns filled from each consent field.
CONSENT_COLUMNS = {
    "name": ("name",),
    "email": ("email",),
    "organisation": ("organisation", "organisation_kind", "municipality", "region"),
    "job_title": ("job_title",),
    "answers": ("answers",),
}


PERSONAL_COLUMNS = frozenset(column for group in CONSENT_COLUMNS.values() for column in group)


def neutralise(value):
    """Make a cell safe for spreadsheets: no control characters (they break .xlsx), and text
    starting like a formula gets an apostrophe."""
    value = strip_control(value)
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def covered_fields(consent_text: str, *, ignore: tuple[str, ...] = ()) -> frozenset[str]:
    """The consent fields ("name", "email", …) a consent text names."""
    text = consent_text.casefold()
    for phrase in ignore:
        if phrase:
            text = text.replace(phrase.casefold(), " ")
    return frozenset(
        field
        for field, patterns in CONSENT_WORDS.items()
        if any(re.search(pattern, text) for pattern in patterns)
    )


@dataclass(frozen=True)
class Column:
    key: str
    label: str


def columns() -> list[Column]:
    return [
        Column("name", _("Name")),
        Column("email", _("Email")),
        Column("organisation", _("Organisation")),
        Column("organisation_kind", _("Kind of organisation")),
        Column("municipality", _("Municipality")),
        Column("region", _("Region")),
        Column("job_title", _("Job title")),
        Column("status", _("Status")),
        Column("signed_up", _("Signed up")),
        Column("attendance", _("Attendance")),
        Column("minutes", _("Minutes present")),
        Column("answers", _("Answers to extra questions")),
        Column("partner_followup", _("May be contacted by the partners after the series")),
    ]


def exportable(session: Session):
    """The registrations an export holds: those told of it, in sign-up order."""
    told = (
        Q(consented_at__isnull=False)
        | ~Q(notice_text="")
        | (Q(subscription__isnull=False) & ~Q(subscription__notice_text=""))
    )
    return (
        Registration.objects.filter(told, session=session, erased_at__isnull=True)
        .select_related("municipality", "subscription")
        .order_by("created_at", "id")
    )


def _answers(registration: Registration, questions) -> str:
    """ "Question: answer" for each answer, joined by " | " (yes/no in the export's language)."""
    return " | ".join(
        f"{answer.question}: {answer.answer}" if answer.question else answer.answer
        for answer in answer_list(registration, questions)
    )


def _told(registration: Registration) -> tuple[str, dict]:
    """The text the person was shown and the consents they gave (from the series
    subscription when the registration was made by one)."""
    subscription = registration.subscription
    if not registration.notice_text and subscription is not None and subscription.notice_text:
        return subscription.notice_text, subscription.consents
    return registration.notice_text or registration.consent_text, registration.consents


def _followup(consents) -> str:
    if not consent_active(consents, PARTNER_FOLLOWUP):
        return _("No")
    given = consents[PARTNER_FOLLOWUP]["given_at"][:10]
    return _("Yes (%(date)s)") % {"date": given}


class RowMaker:
    """Turns registrations into export rows, blanking what each person's consent leaves out."""

    def __init__(self, session: Session):
        series = session.series
        self.ignore = (series.title, *(p.organisation.name for p in series.partnerships.all()))
        self.kinds = dict(Registration._meta.get_field("organisation_kind").choices)
        self.statuses = dict(Registration.Status.choices)
        self.attendance = dict(Registration.Attendance.choices)
        self.zone = timezone.get_default_timezone()
        self._cache: dict[str, frozenset[str]] = {}
        self.keys = [column.key for column in columns()]
        self.questions = series_questions(series)

    def allowed(self, consent_text: str) -> frozenset[str]:
        # Everyone who signed up under one wording shares it: work it out once.
        if consent_text not in self._cache:
            fields = covered_fields(consent_text, ignore=self.ignore)
            self._cache[consent_text] = frozenset(
                column for field in fields for column in CONSENT_COLUMNS[field]
            )
        return self._cache[consent_text]

    def row(self, registration: Registration) -> list:
        shown, consents = _told(registration)
        allowed = self.allowed(shown)
        municipality = registration.municipality
        values = {
            "name": registration.name,
            "email": registration.email,
            "organisation": registration.organisation,
            "organisation_kind": str(self.kinds.get(registration.organisation_kind, "")),
            "municipality": municipality.name if municipality else "",
            "region": municipality.region if municipality else "",
            "job_title": registration.job_title,
            "answers": _answers(registration, self.questions),
            "status": str(self.statuses.get(registration.status, registration.status)),
            "signed_up": timezone.localtime(registration.created_at, self.zone).strftime(
                "%Y-%m-%d %H:%M"
            ),
            "attendance": str(self.attendance.get(registration.attendance, "")),
            "minutes": registration.minutes_present,
            "partner_followup": _followup(consents),
        }
        cells = []
        for key in self.keys:
            value = values[key]
            if key in PERSONAL_COLUMNS and key not in allowed:
                value = ""
            cells.append("" if value is None else neutralise(value))
        return cells


def _rows(session: Session) -> Iterator[list]:
    maker = RowMaker(session)
    for registration in exportable(session).iterator(chunk_size=2000):
        yield maker.row(registration)


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def csv_stream(session: Session) -> Iterator[str]:
    """The export as CSV lines: UTF-8 with BOM and semicolons, as Danish Excel opens them."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([column.label for column in columns()])
    for row in _rows(session):
        yield writer.writerow(row)


def xlsx_file(session: Session):
    """The export as an .xlsx in a temporary file (write-only mode: rows are not kept in
    memory). Returns the open file positioned at the start; closing it deletes it."""
    from openpyxl import Workbook  # noqa: PLC0415 — slow to import; only this export needs it

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Registrants")[:31])
    sheet.append([column.label for column in columns()])
    for row in _rows(session):
        sheet.append(row)
    # Handed to the response, which closes (and so deletes) it when sent.
    handle = tempfile.TemporaryFile(dir=getattr(settings, "FILE_UPLOAD_TEMP_DIR", None))  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def count_exportable(session: Session) -> int:
    return exportable(session).count()
