"""Recording a Teams attendance report for a session: who came, who did not.

The parser (`tinget.registrations.attendance`) reads the file and knows nothing of Django;
this module applies what it read to the session's registrations, in one transaction, and
writes the audit entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tinget import events
from tinget.audit import audit
from tinget.programme.models import Session

from ..attendance import (
    ORGANISER_ROLES,
    AttendanceReportError,
    ReportParticipant,
    name_key,
    parse_report,
    sha256_of,
)
from ..models import AttendanceImport, Participant, Registration


@dataclass
class ImportResult:
    attendance_import: object  # AttendanceImport
    matched: int
    unmatched: int
    missed: int
    unchanged: bool = False


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
    absent = registrations.exclude(pk__in=linked)
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
                attendance=Registration.Attendance.ATTENDED, minutes_present=present
            )
    missed = registrations.filter(
        status=Registration.Status.CONFIRMED, attendance=Registration.Attendance.MISSED
    ).count()
    return len(minutes), unmatched, missed


def import_report(*, session, data: bytes, filename: str = "", user=None) -> ImportResult:
    """Store a Teams attendance report for a session and record who attended or missed.

    Side effects, in one transaction: the session's earlier imports are replaced (a
    corrected report replaces the earlier result; links made by hand are kept for people
    still in the report), each registration is marked attended (with minutes present),
    missed (confirmed but absent) or not recorded, and an audit entry is written.
    Importing the file that is already the session's latest import changes nothing and
    returns that import with unchanged=True.

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
    return _store(session, report.participants, digest=digest, filename=filename, user=user)


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


def _store(session, participants, *, digest: str, filename: str, user) -> ImportResult:
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
