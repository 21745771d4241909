"""Sessions: create, change, and the status transitions (cancel, reinstate, held).

What happened is announced as a domain event (``tinget.events``) so that other apps, such as
registrations, can react without the programme knowing them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinget import events
from tinget.audit import audit

from ..models import (
    SDG,
    Series,
    Session,
)
from .common import SCHEDULE_FIELDS, SESSION_FIELDS, InvalidStatusChange, _require_edit


def check_session_status_change(session: Session, new_status: str) -> None:
    """Raise InvalidStatusChange when ``session`` may not move to ``new_status``.

    Scheduled → cancelled or held (once it has started); cancelled → scheduled (reinstated);
    held → scheduled (a mistake undone).
    """
    old = session.status
    if old == new_status:
        return
    allowed = {
        Session.Status.SCHEDULED: {Session.Status.CANCELLED, Session.Status.HELD},
        Session.Status.CANCELLED: {Session.Status.SCHEDULED},
        Session.Status.HELD: {Session.Status.SCHEDULED},
    }
    if new_status not in allowed.get(old, set()):
        if old == Session.Status.HELD and new_status == Session.Status.CANCELLED:
            message = _("A session that has been held cannot be cancelled.")
        elif old == Session.Status.CANCELLED and new_status == Session.Status.HELD:
            message = _("A cancelled session cannot be marked as held.")
        else:
            message = _("The session cannot change to that status.")
        raise InvalidStatusChange(message, field="status")
    if (
        new_status == Session.Status.HELD
        and session.starts_at
        and session.starts_at > timezone.now()
    ):
        raise InvalidStatusChange(
            _("A session cannot be marked as held before it has started."), field="status"
        )


@transaction.atomic
def create_session(
    *,
    user,
    series: Series,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    status: str = Session.Status.SCHEDULED,
    sdgs: Iterable[SDG | int] = (),
    **fields,
) -> Session:
    """Add a session to a series and announce ``events.SessionCreated``. Raises NotAllowed,
    ValidationError (end before start, a join link that is no URL, ...)."""
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"create_session() got unknown fields: {sorted(unknown)}")
    _require_edit(user, series)
    session = Session(series=series, starts_at=starts_at, ends_at=ends_at, status=status, **fields)
    session.full_clean()
    session.save()
    if sdgs:
        session.sdgs.set(sdgs)
    audit(
        "session.created",
        actor=user,
        obj=session,
        series=series,
        detail={"starts_at": starts_at, "ends_at": ends_at, "status": status},
    )
    events.publish(events.SessionCreated(session_id=session.pk, series_id=series.pk))
    return session


def update_session(
    *, user, session: Session, sdgs: Iterable[SDG | int] | None = None, **changes
) -> bool:
    """Change a session's fields (not its status: see cancel_session and friends).

    ``session`` may already carry the new values (as a ModelForm leaves it); the comparison
    is against the stored row. When the start, end or join link changes, the calendar
    SEQUENCE rises and ``events.SessionRescheduled`` is published (for a scheduled session);
    a changed capacity publishes ``events.CapacityChanged``.
    Returns whether the time or join link changed.
    Raises NotAllowed, ValidationError.
    """
    unknown = set(changes) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"update_session() got unknown fields: {sorted(unknown)}")
    _require_edit(user, session.series)
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        for name, value in changes.items():
            setattr(session, name, value)
        session.full_clean()
        changed = [name for name in changes if getattr(session, name) != getattr(current, name)]
        schedule_changed = any(name in SCHEDULE_FIELDS for name in changed)
        if schedule_changed:
            session.sequence = current.sequence + 1
        else:
            session.sequence = current.sequence
        if changed:
            update_fields = [*changed, "updated_at"]
            if schedule_changed:
                update_fields.append("sequence")
            session.save(update_fields=update_fields)
            detail = {"fields": changed}
            if schedule_changed:
                detail.update(
                    {
                        "old_starts_at": current.starts_at,
                        "old_ends_at": current.ends_at,
                        "starts_at": session.starts_at,
                        "ends_at": session.ends_at,
                        "join_url_changed": "join_url" in changed,
                        "sequence": session.sequence,
                    }
                )
            audit(
                "session.rescheduled" if schedule_changed else "session.updated",
                actor=user,
                obj=session,
                series=session.series,
                detail=detail,
            )
        if sdgs is not None:
            session.sdgs.set(sdgs)
        if changed and not schedule_changed:
            events.publish(
                events.SessionUpdated(
                    session_id=session.pk, series_id=session.series_id, fields=tuple(changed)
                )
            )
        if "capacity" in changed:
            events.publish(
                events.CapacityChanged(series_id=session.series_id, session_id=session.pk)
            )
        if schedule_changed and session.status == Session.Status.SCHEDULED:
            events.publish(
                events.SessionRescheduled(
                    session_id=session.pk, series_id=session.series_id, sequence=session.sequence
                )
            )
    return schedule_changed


def _change_session_status(
    *, user, session: Session, status: str, action: str, detail: dict | None = None
) -> str:
    """Move the session to ``status``; returns the status it had (equal when nothing changed)."""
    _require_edit(user, session.series)
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        if current.status == status:
            session.status = status
            return current.status
        check_session_status_change(current, status)
        session.status = status
        update_fields = ["status", "updated_at"]
        # Calendar clients must see cancellation and reinstatement; "held" changes nothing
        # for them.
        if status != Session.Status.HELD:
            session.sequence = current.sequence + 1
            update_fields.append("sequence")
        session.save(update_fields=update_fields)
        audit(
            action,
            actor=user,
            obj=session,
            series=session.series,
            detail={"from": current.status, **(detail or {})},
        )
    return current.status


def cancel_session(*, user, session: Session, reason: str = "", notify: bool = True) -> Session:
    """Cancel a scheduled session: SEQUENCE rises and ``events.SessionCancelled`` is published
    (``notify=False``: the organiser chose not to tell the registrants). Cancelling a
    cancelled session does nothing. Raises NotAllowed, InvalidStatusChange."""
    with transaction.atomic():
        detail = {"reason": reason} if reason else {}
        if not notify:
            detail["notified"] = False
        previous = _change_session_status(
            user=user,
            session=session,
            status=Session.Status.CANCELLED,
            action="session.cancelled",
            detail=detail or None,
        )
        if previous != Session.Status.CANCELLED:
            events.publish(
                events.SessionCancelled(
                    session_id=session.pk,
                    series_id=session.series_id,
                    sequence=session.sequence,
                    notify=notify,
                )
            )
    return session


def reinstate_session(*, user, session: Session) -> Session:
    """Undo a cancellation (or a mistaken "held"): the session is scheduled again, SEQUENCE
    rises and ``events.SessionReinstated`` is published. Raises NotAllowed,
    InvalidStatusChange."""
    with transaction.atomic():
        previous = _change_session_status(
            user=user, session=session, status=Session.Status.SCHEDULED, action="session.reinstated"
        )
        if previous == Session.Status.CANCELLED:
            events.publish(
                events.SessionReinstated(
                    session_id=session.pk, series_id=session.series_id, sequence=session.sequence
                )
            )
    return session


def mark_session_held(*, user, session: Session) -> Session:
    """Record that the session took place (``events.SessionHeld``). Raises NotAllowed,
    InvalidStatusChange."""
    with transaction.atomic():
        previous = _change_session_status(
            user=user, session=session, status=Session.Status.HELD, action="session.held"
        )
        if previous != Session.Status.HELD:
            events.publish(events.SessionHeld(session_id=session.pk, series_id=session.series_id))
    return session


def change_session_status(*, user, session: Session, status: str) -> Session:
    """Route a status chosen in a form to the service that owns that transition."""
    if status == Session.Status.CANCELLED:
        return cancel_session(user=user, session=session)
    if status == Session.Status.HELD:
        return mark_session_held(user=user, session=session)
    return reinstate_session(user=user, session=session)
