"""Recording a Teams attendance report for a session: who came, who did not.

The parser (`tinget.registrations.attendance`) reads the file and knows nothing of Django;
this module checks that the report is the session's own (its meeting title and day), applies
what it read to the session's registrations in one transaction, and writes the audit entry.
An organiser also marks by hand the people the report does not show (`mark_attendance`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinget import events
from tinget.audit import audit
from tinget.errors import DomainError
from tinget.programme.models import Session
from tinget.programme.permissions import can_edit_series

from ..attendance import (
    ORGANISER_ROLES,
    AttendanceReport,
    AttendanceReportError,
    ReportParticipant,
    name_key,
    parse_report,
    sha256_of,
    title_words,
)
from ..models import AttendanceImport, Participant, Registration


@dataclass
class ImportResult:
    attendance_import: object  # AttendanceImport
    matched: int
    unmatched: int
    missed: int
    unchanged: bool = False


@dataclass(frozen=True)
class Mismatch:
    """Something the report says of its meeting that does not fit the session.

    `kind` is "title" or "date"; `in_report` and `in_session` are what each says (strings
    for a title, dates for a day).
    """

    kind: str
    in_report: object
    in_session: object


class AttendanceReportMismatch(DomainError):
    """The report's meeting title or day is not the session's: import only when confirmed."""

    default_message = _(
        "The report does not seem to be from this session. Check it, and import it only if "
        "it is the right one."
    )

    def __init__(self, mismatches: list[Mismatch], report: AttendanceReport):
        super().__init__()
        self.mismatches = mismatches
        self.report = report


def _title_fits(meeting_title: str, titles: list[str]) -> bool:
    """The report's title is the session's or the series' title, give or take words.

    Teams meetings are often named "Webinar: <title>" or "<series>: <session>", and
    organisers shorten them: the title fits when most words of either one are in the other.
    """
    meeting = title_words(meeting_title)
    if not meeting:
        return True
    for title in titles:
        words = title_words(title)
        if not words:
            continue
        shared = len(words & meeting)
        if shared >= 0.75 * len(words) or (len(meeting) >= 2 and shared >= 0.75 * len(meeting)):
            return True
    return False


def report_mismatches(*, session, report: AttendanceReport) -> list[Mismatch]:
    """What the report says of its meeting that does not fit the session (a read, no writes).

    Checks the meeting's title (against the session's and the series' titles, as a Teams
    meeting is named) and the day the meeting began (against the session's days in Danish
    time). What the report does not say is not checked: the old attendance list has no title.
    """
    mismatches = []
    titles = [session.title, session.series.title]
    if report.meeting_title and not _title_fits(report.meeting_title, titles):
        mismatches.append(Mismatch("title", report.meeting_title, session.display_title))
    starts = timezone.localtime(session.starts_at).date()
    ends = timezone.localtime(session.ends_at).date() if session.ends_at else starts
    days = {starts + dt.timedelta(days=n) for n in range((ends - starts).days + 1)}
    if report.meeting_dates and not days & set(report.meeting_dates):
        mismatches.append(Mismatch("date", report.meeting_dates[0], starts))
    return mismatches


def _match(participants, registrations):
    """Pair report participants with registrations: email first, then a unique name.

    Returns {participant index: registration}. A name shared by two registrations is
    ambiguous and left for the organiser to link by hand.
    """
    by_email = {}
    for registration in registrations:
        by_email.setdefault(registration.email.strip().lower(), registration)
    pairs = {}
    taken = set()
    for index, person in enumerate(participants):
        registration = by_email.get(person.email.lower()) if person.email else None
        if registration is not None:
            pairs[index] = registration
            taken.add(registration.pk)
    by_name: dict[str, list] = {}
    for registration in registrations:
        if registration.pk not in taken:
            by_name.setdefault(name_key(registration.name), []).append(registration)
    for index, person in enumerate(participants):
        if index in pairs:
            continue
        candidates = by_name.get(name_key(person.name), [])
        if len(candidates) > 1:
            # Two registrations under one name: prefer the one confirmed, if only one is.
            confirmed = [r for r in candidates if r.status == "confirmed"]
            candidates = confirmed if len(confirmed) == 1 else candidates
        if len(candidates) == 1 and candidates[0].pk not in taken:
            pairs[index] = candidates[0]
            taken.add(candidates[0].pk)
    return pairs


def _apply(session, attendance_import) -> tuple[int, int, int]:
    """Write attended/missed to the session's registrations from the import's participants.

    Returns (matched, unmatched, missed). Registrations not confirmed and not present go back
    to "not recorded", so a corrected report fully replaces the earlier result. Set-based
    UPDATEs (one per distinct number of minutes, not one per person) keep a 1,000-person
    report against 10,000 registrations well under a second.
    """
    minutes: dict[int, int] = {}
    unmatched = 0
    for registration_id, present, role in Participant.objects.filter(
        attendance_import=attendance_import
    ).values_list("registration_id", "minutes_present", "role"):
        if registration_id:
            minutes[registration_id] = minutes.get(registration_id, 0) + present
        elif role.strip().lower() not in ORGANISER_ROLES:
            unmatched += 1
    registrations = Registration.objects.filter(session=session)
    linked = Participant.objects.filter(
        attendance_import=attendance_import, registration__isnull=False
    ).values("registration_id")
    # Marks made by hand stand for the people the report does not show.
    absent = registrations.exclude(pk__in=linked).exclude(attendance_by_hand=True)
    absent.filter(status=Registration.Status.CONFIRMED).exclude(
        attendance=Registration.Attendance.MISSED, minutes_present__isnull=True
    ).update(attendance=Registration.Attendance.MISSED, minutes_present=None)
    absent.exclude(status=Registration.Status.CONFIRMED).filter(
        ~Q(attendance=Registration.Attendance.UNKNOWN) | Q(minutes_present__isnull=False)
    ).update(attendance=Registration.Attendance.UNKNOWN, minutes_present=None)
    by_minutes: dict[int, list[int]] = {}
    for registration_id, present in minutes.items():
        by_minutes.setdefault(present, []).append(registration_id)
    for present, ids in by_minutes.items():
        for start in range(0, len(ids), 500):
            registrations.filter(pk__in=ids[start : start + 500]).update(
                attendance=Registration.Attendance.ATTENDED,
                minutes_present=present,
                attendance_by_hand=False,
            )
    missed = registrations.filter(
        status=Registration.Status.CONFIRMED, attendance=Registration.Attendance.MISSED
    ).count()
    return len(minutes), unmatched, missed


def import_report(
    *, session, data: bytes, filename: str = "", user=None, accept_mismatch: bool = True
) -> ImportResult:
    """Store a Teams attendance report for a session and record who attended or missed.

    Side effects, in one transaction: the session's earlier imports are replaced (a
    corrected report replaces the earlier result; links made by hand are kept for people
    still in the report), each registration is marked attended (with minutes present),
    missed (confirmed but absent and not marked by hand) or not recorded, and an audit
    entry is written. Importing the file that is already the session's latest import
    changes nothing and returns that import with unchanged=True.

    With accept_mismatch=False (the back office's first try), a report whose meeting title
    or day does not fit the session changes nothing and raises AttendanceReportMismatch
    with what differs; the organiser confirms and the call is made again with True. The
    command line and Graph import do not ask.

    Raises AttendanceReportError("not_started") for a session that has not begun (there is
    no attendance to record yet) and otherwise when the file cannot be read as a report.
    """
    if session.starts_at > timezone.now():
        raise AttendanceReportError("not_started")

    digest = sha256_of(data)
    latest = AttendanceImport.objects.filter(session=session).first()
    if latest is not None and latest.sha256 == digest:
        return ImportResult(latest, latest.matched, latest.unmatched, latest.missed, True)
    report = parse_report(data)
    mismatches = report_mismatches(session=session, report=report)
    if mismatches and not accept_mismatch:
        raise AttendanceReportMismatch(mismatches, report)
    # The audit says when a report was imported although its title or day did not fit.
    detail = {"mismatch_accepted": [m.kind for m in mismatches]} if mismatches else {}
    return _store(
        session, report.participants, digest=digest, filename=filename, user=user, detail=detail
    )


def import_participants(
    *, session, participants: list[ReportParticipant], source: str, user=None
) -> ImportResult:
    """Record attendance from participants read elsewhere (Microsoft Graph's attendance
    records) exactly as `import_report` does for an uploaded file: same matching, same
    replacement of the earlier import, same audit entry and event. `source` is stored as the
    import's file name. The same participants again change nothing (unchanged=True).

    Raises AttendanceReportError("not_started") for a session that has not begun.
    """
    if session.starts_at > timezone.now():
        raise AttendanceReportError("not_started")
    canonical = json.dumps(
        [[p.name, p.email, p.seconds, p.role] for p in participants], ensure_ascii=False
    )
    digest = sha256_of(canonical.encode())
    latest = AttendanceImport.objects.filter(session=session).first()
    if latest is not None and latest.sha256 == digest:
        return ImportResult(latest, latest.matched, latest.unmatched, latest.missed, True)
    return _store(session, participants, digest=digest, filename=source, user=user)


def _store(session, participants, *, digest: str, filename: str, user, detail=None) -> ImportResult:
    """Replace the session's import with these participants and apply it (one transaction)."""
    latest = AttendanceImport.objects.filter(session=session).first()
    with transaction.atomic():
        # Two organisers uploading at once must not interleave their writes.
        Session.objects.select_for_update().filter(pk=session.pk).first()
        registrations = list(
            Registration.objects.filter(session=session).only("id", "email", "name", "status")
        )
        pairs = _match(participants, registrations)
        # Links made by hand on an earlier import survive a corrected report.
        manual = {}
        for old in Participant.objects.filter(
            attendance_import__session=session, registration__isnull=False
        ).only("name", "email", "registration_id"):
            manual[(old.name, old.email.lower())] = old.registration_id
        taken = {registration.pk for registration in pairs.values()}
        AttendanceImport.objects.filter(session=session).delete()
        attendance_import = AttendanceImport.objects.create(
            session=session,
            uploaded_by=user if user is not None and user.is_authenticated else None,
            filename=filename[:255],
            sha256=digest,
        )
        rows = []
        for index, person in enumerate(participants):
            registration_id = pairs[index].pk if index in pairs else None
            if registration_id is None:
                kept = manual.get((person.name[:200], person.email.lower()))
                if kept is not None and kept not in taken:
                    registration_id = kept
                    taken.add(kept)
            rows.append(
                Participant(
                    attendance_import=attendance_import,
                    name=person.name[:200],
                    email=person.email[:254],
                    minutes_present=person.minutes,
                    role=person.role[:50],
                    registration_id=registration_id,
                )
            )
        Participant.objects.bulk_create(rows, batch_size=500)
        matched, unmatched, missed = _apply(session, attendance_import)
        attendance_import.matched = matched
        attendance_import.unmatched = unmatched
        attendance_import.missed = missed
        attendance_import.save(update_fields=["matched", "unmatched", "missed"])
        audit(
            "attendance.import",
            actor=user if user is not None and user.is_authenticated else None,
            object_type="session",
            object_id=str(session.pk),
            series_id=session.series_id,
            people=matched + missed,
            detail={
                "filename": filename[:255],
                "sha256": digest,
                "participants": len(rows),
                "matched": matched,
                "unmatched": unmatched,
                "missed": missed,
                "replaced": latest is not None,
                **(detail or {}),
            },
        )
        events.publish(
            events.AttendanceImported(
                session_id=session.pk,
                series_id=session.series_id,
                participants=len(rows),
                matched=matched,
                unmatched=unmatched,
                missed=missed,
            )
        )
    return ImportResult(attendance_import, matched, unmatched, missed)


def link_participant(*, participant, registration, user) -> ImportResult:
    """Link an unmatched report participant to a registration of the same session by hand.

    The registration becomes attended (minutes added up when several participants are the
    same person) and the import's counts are refreshed. Writes an audit entry.
    Raises ValueError when the registration belongs to another session.
    """
    attendance_import = participant.attendance_import
    session = attendance_import.session
    if registration.session_id != session.pk:
        raise ValueError("registration of another session")
    with transaction.atomic():
        participant.registration = registration
        participant.save(update_fields=["registration"])
        matched, unmatched, missed = _apply(session, attendance_import)
        attendance_import.matched = matched
        attendance_import.unmatched = unmatched
        attendance_import.missed = missed
        attendance_import.save(update_fields=["matched", "unmatched", "missed"])
        audit(
            "attendance.link",
            actor=user if user is not None and user.is_authenticated else None,
            object_type="registration",
            object_id=str(registration.pk),
            series_id=session.series_id,
            people=1,
            detail={"participant": participant.pk, "session": session.pk},
        )
    return ImportResult(attendance_import, matched, unmatched, missed)


class AttendanceMarkError(DomainError):
    default_message = _("The attendance could not be marked.")


def mark_attendance(*, registration_id: int, attended: bool, user) -> Registration:
    """An organiser marks a confirmed registrant attended or missed by hand.

    For the people the Teams report does not show (they watched with a colleague, joined by
    phone, or no report was uploaded): the mark is kept when a corrected report comes,
    unless that report shows the person in the meeting. Minutes present are cleared (no
    one knows them). Writes an audit entry with the old and new value.

    Raises PermissionDenied (not an editor of the series) and AttendanceMarkError (the
    session has not begun, the person is not registered, or the report shows them).
    """
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("session__series")
            .filter(pk=registration_id)
            .first()
        )
        if registration is None:
            raise AttendanceMarkError
        session = registration.session
        if not can_edit_series(user, session.series):
            raise PermissionDenied
        if session.starts_at > timezone.now():
            raise AttendanceMarkError(
                _("The session has not taken place yet, so there is no attendance to mark.")
            )
        if registration.status != Registration.Status.CONFIRMED:
            raise AttendanceMarkError(
                _("Only registered people can be marked. %(name)s is: %(status)s.")
                % {"name": registration.name, "status": registration.get_status_display()}
            )
        in_report = Participant.objects.filter(
            attendance_import__session=session, registration=registration
        ).exists()
        if in_report:
            raise AttendanceMarkError(
                _(
                    "The Teams report shows %(name)s in the meeting. Upload a corrected "
                    "report to change it."
                )
                % {"name": registration.name}
            )
        old = registration.attendance
        new = Registration.Attendance.ATTENDED if attended else Registration.Attendance.MISSED
        registration.attendance = new
        registration.minutes_present = None
        registration.attendance_by_hand = True
        registration.save(update_fields=["attendance", "minutes_present", "attendance_by_hand"])
        latest = AttendanceImport.objects.filter(session=session).first()
        if latest is not None:
            latest.missed = Registration.objects.filter(
                session=session,
                status=Registration.Status.CONFIRMED,
                attendance=Registration.Attendance.MISSED,
            ).count()
            latest.save(update_fields=["missed"])
        audit(
            "attendance.mark",
            actor=user,
            object_type="registration",
            object_id=str(registration.pk),
            series_id=session.series_id,
            people=1,
            detail={"session": session.pk, "old": old, "new": new},
        )
    return registration
