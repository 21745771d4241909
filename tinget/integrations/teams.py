"""Teams meetings of sessions: when to create, move or delete them through Graph, and when to
pull their attendance. The Graph calls run in the worker, never in a request.

* A session is a Teams session when it is not purely physical, its series' platform names
  Teams, and one of its partner organisations has an enabled Graph connection (the first in
  partner order is used).
* `schedule_sync` (called in the transaction of a session change) marks the session's
  `TeamsMeeting` for syncing and enqueues `sync_teams_meeting` after the commit. The sync
  reads the session as it is then: cancelled → the meeting is deleted; no meeting yet →
  one is created and its join link stored on the session (through
  `programme.services.update_session`, so registrants hear of a new link as of any other);
  otherwise the meeting's subject and times are updated (a meeting deleted in Teams is made
  again). A session whose join link was typed in by hand gets no meeting.
* Failures are kept on the row and retried with backoff by the periodic round.
* After the session (15 minutes after its end, then hourly for a day) the periodic round
  pulls the attendance and applies it with `registrations.services.import_participants`,
  exactly like an uploaded report; the same records again change nothing.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import httpx
from django.db import transaction
from django.utils import timezone

from tinget.programme.models import SeriesPartner, Session
from tinget.programme.services import update_session
from tinget.registrations.attendance import AttendanceReportError, ReportParticipant
from tinget.registrations.services import import_participants

from .graph import GraphClient, GraphError, MeetingGone, Throttled
from .models import GraphConnection, TeamsMeeting

logger = logging.getLogger(__name__)

RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
PULL_AFTER_END = timedelta(minutes=15)
PULL_FOR = timedelta(days=1)
PULL_EVERY = timedelta(hours=1)
SOURCE = "Microsoft Graph"


def connection_for(session: Session) -> GraphConnection | None:
    if session.format == Session.Format.PHYSICAL:
        return None
    if "teams" not in (session.series.platform or "").lower():
        return None
    organisations = SeriesPartner.objects.filter(series_id=session.series_id).order_by(
        "order", "id"
    )
    connections = {
        connection.organisation_id: connection
        for connection in GraphConnection.objects.filter(
            is_active=True, organisation__in=organisations.values("organisation_id")
        )
    }
    for organisation_id in organisations.values_list("organisation_id", flat=True):
        if organisation_id in connections:
            return connections[organisation_id]
    return None


def schedule_sync(session_id: int) -> None:
    """Mark the session's meeting for syncing; enqueue the sync after the commit."""
    session = Session.objects.select_related("series").filter(pk=session_id).first()
    if session is None:
        return
    meeting = TeamsMeeting.objects.filter(session=session).first()
    if meeting is None:
        connection = connection_for(session)
        if connection is None or session.status == Session.Status.CANCELLED:
            return
        if session.join_url:
            return  # typed in by hand: the organiser runs that meeting
        meeting = TeamsMeeting.objects.create(
            session=session, connection=connection, organiser_user=connection.organiser_user
        )
    TeamsMeeting.objects.filter(pk=meeting.pk).update(
        needs_sync=True, attempts=0, next_attempt_at=timezone.now()
    )

    def enqueue():
        from . import tasks  # noqa: PLC0415 — tasks imports this module

        try:
            tasks.sync_teams_meeting.enqueue(session_id)
        except Exception:
            logger.exception("could not enqueue the Teams sync of session %s", session_id)

    transaction.on_commit(enqueue)


def _subject(session: Session) -> str:
    if session.title and session.title != session.series.title:
        return f"{session.series.title}: {session.title}"[:255]
    return session.series.title[:255]


def _claim(meeting: TeamsMeeting, now) -> bool:
    return bool(
        TeamsMeeting.objects.filter(
            pk=meeting.pk, needs_sync=True, next_attempt_at__lte=now
        ).update(needs_sync=False)
    )


def _failed(meeting: TeamsMeeting, error: Exception, now) -> None:
    attempts = meeting.attempts + 1
    if isinstance(error, Throttled):
        retry_at = now + timedelta(seconds=error.retry_after)
    elif attempts <= len(RETRY_DELAYS):
        retry_at = now + RETRY_DELAYS[attempts - 1]
    else:
        retry_at = None
    logger.warning("Teams sync of session %s failed: %s", meeting.session_id, error)
    TeamsMeeting.objects.filter(pk=meeting.pk).update(
        needs_sync=retry_at is not None,
        attempts=attempts,
        next_attempt_at=retry_at or now,
        last_error=str(error)[:2000],
    )


def sync_meeting(session_id: int, *, now=None) -> str:
    """Bring the session's Teams meeting in line with the session. Returns what was done:
    "created", "updated", "unchanged", "deleted", "skipped" or "failed". Runs in the worker."""
    now = now or timezone.now()
    meeting = (
        TeamsMeeting.objects.select_related("session__series", "connection")
        .filter(session_id=session_id)
        .first()
    )
    if meeting is None or meeting.connection is None or not _claim(meeting, now):
        return "skipped"
    session = meeting.session
    try:
        with GraphClient(meeting.connection) as client:
            outcome = _sync(client, meeting, session)
    except (GraphError, httpx.HTTPError, OSError, ValueError) as error:
        _failed(meeting, error, now)
        return "failed"
    TeamsMeeting.objects.filter(pk=meeting.pk).update(attempts=0, last_error="")
    return outcome


def _sync(client: GraphClient, meeting: TeamsMeeting, session: Session) -> str:
    if session.status == Session.Status.CANCELLED:
        if meeting.meeting_id and not meeting.deleted:
            client.delete_meeting(meeting.meeting_id)
        TeamsMeeting.objects.filter(pk=meeting.pk).update(deleted=True)
        return "deleted"
    subject = _subject(session)
    state = f"{subject}|{session.starts_at.isoformat()}|{session.ends_at.isoformat()}"[:400]
    if meeting.meeting_id and not meeting.deleted and meeting.synced_state == state:
        return "unchanged"
    created = False
    if meeting.meeting_id and not meeting.deleted:
        try:
            result = client.update_meeting(
                meeting.meeting_id, subject=subject, start=session.starts_at, end=session.ends_at
            )
        except MeetingGone:
            result = client.create_meeting(
                subject=subject, start=session.starts_at, end=session.ends_at
            )
            created = True
    else:
        result = client.create_meeting(
            subject=subject, start=session.starts_at, end=session.ends_at
        )
        created = True
    join_url = result.join_url or meeting.join_url
    TeamsMeeting.objects.filter(pk=meeting.pk).update(
        meeting_id=result.id,
        join_url=join_url,
        deleted=False,
        synced_sequence=session.sequence,
        synced_state=state,
    )
    if join_url and session.join_url != join_url:
        # The programme's own service: the calendar sequence rises and registrants are told.
        update_session(user=None, session=session, join_url=join_url)
    return "created" if created else "updated"


def pull_attendance(session_id: int, *, now=None) -> str:
    """Pull the meeting's attendance from Graph and apply it like an uploaded report.
    Returns "imported", "unchanged", "empty", "skipped" or "failed"."""
    now = now or timezone.now()
    meeting = (
        TeamsMeeting.objects.select_related("session__series", "connection")
        .filter(session_id=session_id, deleted=False)
        .exclude(meeting_id="")
        .first()
    )
    if meeting is None or meeting.connection is None:
        return "skipped"
    try:
        with GraphClient(meeting.connection) as client:
            records = client.attendance(meeting.meeting_id)
    except (GraphError, httpx.HTTPError, OSError, ValueError) as error:
        logger.warning("Teams attendance of session %s: %s", session_id, error)
        TeamsMeeting.objects.filter(pk=meeting.pk).update(last_error=str(error)[:2000])
        return "failed"
    TeamsMeeting.objects.filter(pk=meeting.pk).update(attendance_pulled_at=now, last_error="")
    if not records:
        return "empty"
    people: dict[str, ReportParticipant] = {}
    for record in records:
        person = ReportParticipant(
            name=record.name, email=record.email, seconds=record.seconds, role=record.role
        )
        if person.key in people:
            people[person.key].seconds += person.seconds
        else:
            people[person.key] = person
    try:
        result = import_participants(
            session=meeting.session, participants=list(people.values()), source=SOURCE
        )
    except AttendanceReportError:
        return "skipped"
    return "unchanged" if result.unchanged else "imported"


def due_attendance(now) -> list[int]:
    """Sessions whose attendance is due to be pulled (see the module docstring)."""
    meetings = TeamsMeeting.objects.filter(
        deleted=False,
        session__ends_at__lte=now - PULL_AFTER_END,
        session__ends_at__gte=now - PULL_FOR,
        connection__is_active=True,
    ).exclude(meeting_id="")
    due = []
    for meeting in meetings.select_related("session"):
        pulled = meeting.attendance_pulled_at
        if pulled is None or pulled <= now - PULL_EVERY:
            due.append(meeting.session_id)
    return due


def periodic(*, now=None) -> dict[str, int]:
    """The periodic round's part: syncs that are due again, attendance that is due."""
    from . import tasks  # noqa: PLC0415 — tasks imports this module

    now = now or timezone.now()
    syncs = list(
        TeamsMeeting.objects.filter(needs_sync=True, next_attempt_at__lte=now).values_list(
            "session_id", flat=True
        )[:200]
    )
    pulls = due_attendance(now)
    for session_id in syncs:
        tasks.sync_teams_meeting.enqueue(session_id)
    for session_id in pulls:
        tasks.pull_teams_attendance.enqueue(session_id)
    return {"teams_syncs": len(syncs), "teams_pulls": len(pulls)}
