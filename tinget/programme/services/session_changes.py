"""The session screens' writes: duplicate, change the time or join link and decide whether
registrants are told (``events.SessionRescheduled`` carries the old time and that choice),
and the details nobody needs to hear about. Same contract as the rest of the package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinget import events
from tinget.audit import audit

from ..models import SDG, Appearance, ProgrammeItem, Series, Session
from .common import _require_edit
from .sessions import update_session


def copy_session(session: Session, *, series: Series, starts_at, ends_at) -> Session:
    copy = Session.objects.create(
        series=series,
        title=session.title,
        starts_at=starts_at,
        ends_at=ends_at,
        format=session.format,
        place=session.place,
        capacity=session.capacity,
        requires_approval=session.requires_approval,
    )
    copy.sdgs.set(session.sdgs.all())
    events.publish(events.SessionCreated(session_id=copy.pk, series_id=series.pk))
    for item in session.items.all():
        new_item = ProgrammeItem.objects.create(
            session=copy,
            order=item.order,
            time=item.time,
            title=item.title,
            description=item.description,
        )
        new_item.sdgs.set(item.sdgs.all())
        Appearance.objects.bulk_create(
            Appearance(
                item=new_item,
                person_id=appearance.person_id,
                role=appearance.role,
                organisation_name=appearance.organisation_name,
                organisation_id=appearance.organisation_id,
                part=appearance.part,
                order=appearance.order,
            )
            for appearance in item.appearances.all()
        )
    return copy


@transaction.atomic
def duplicate_session(*, user, session: Session, starts_at, ends_at) -> Session:
    """A copy of the session at a new time, with its programme and speakers (no
    registrations, join link, recap or materials). Raises NotAllowed, ValidationError."""
    _require_edit(user, session.series)
    if ends_at <= starts_at:
        raise ValidationError({"end": _("The session must end after it starts.")})
    copy = copy_session(session, series=session.series, starts_at=starts_at, ends_at=ends_at)
    audit(
        "session.duplicated",
        actor=user,
        obj=copy,
        series=session.series,
        detail={"from": session.pk, "starts_at": starts_at, "ends_at": ends_at},
    )
    return copy


@dataclass(frozen=True)
class ScheduleChange:
    """What a change of time or join link would be, before anyone is told."""

    old_starts_at: dt.datetime
    old_ends_at: dt.datetime
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_changed: bool
    join_url_changed: bool

    @property
    def changed(self) -> bool:
        return self.time_changed or self.join_url_changed


def schedule_change(session: Session, *, starts_at, ends_at, join_url: str) -> ScheduleChange:
    """Compare the stored session with the new time and link (reads only)."""
    current = Session.objects.get(pk=session.pk)
    return ScheduleChange(
        old_starts_at=current.starts_at,
        old_ends_at=current.ends_at,
        starts_at=starts_at,
        ends_at=ends_at,
        time_changed=(current.starts_at, current.ends_at) != (starts_at, ends_at),
        join_url_changed=current.join_url != join_url,
    )


def update_session_details(
    *, user, session: Session, sdgs: Iterable[SDG | int] | None = None, **changes
) -> Session:
    """Change what registrants need not hear about: title, format, place, capacity, the
    sign-up deadline, whether sign-ups need approval, goals.

    Time and join link go through reschedule_session. Raises NotAllowed, ValidationError.
    """
    allowed = {"title", "format", "place", "capacity", "signup_deadline", "requires_approval"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"update_session_details() got unknown fields: {sorted(unknown)}")
    update_session(user=user, session=session, sdgs=sdgs, **changes)
    return session


def reschedule_session(
    *, user, session: Session, starts_at, ends_at, join_url: str, notify: bool
) -> ScheduleChange:
    """Move the session or change its join link. The calendar SEQUENCE rises; with
    ``notify`` the confirmed registrants get an updated invite that says what changed.
    Raises NotAllowed, ValidationError (end before start, a link that is no URL)."""
    _require_edit(user, session.series)
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        change = ScheduleChange(
            old_starts_at=current.starts_at,
            old_ends_at=current.ends_at,
            starts_at=starts_at,
            ends_at=ends_at,
            time_changed=(current.starts_at, current.ends_at) != (starts_at, ends_at),
            join_url_changed=current.join_url != join_url,
        )
        if not change.changed:
            return change
        current.starts_at, current.ends_at, current.join_url = starts_at, ends_at, join_url
        current.full_clean()
        current.sequence += 1
        current.save(update_fields=["starts_at", "ends_at", "join_url", "sequence", "updated_at"])
        audit(
            "session.rescheduled",
            actor=user,
            obj=current,
            series=current.series,
            detail={
                "old_starts_at": change.old_starts_at,
                "old_ends_at": change.old_ends_at,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "join_url_changed": change.join_url_changed,
                "sequence": current.sequence,
                "notified": notify,
            },
        )
        if current.status == Session.Status.SCHEDULED:
            events.publish(
                events.SessionRescheduled(
                    session_id=current.pk,
                    series_id=current.series_id,
                    sequence=current.sequence,
                    old_starts_at=change.old_starts_at,
                    old_ends_at=change.old_ends_at,
                    time_changed=change.time_changed,
                    join_url_changed=change.join_url_changed,
                    notify=notify,
                )
            )
    session.refresh_from_db()
    return change


def edit_session(
    *,
    user,
    session: Session,
    starts_at,
    ends_at,
    join_url: str,
    notify: bool,
    sdgs: Iterable[SDG | int] | None = None,
    **details,
) -> ScheduleChange:
    """Save the session editor in one transaction: the details (title, format, place,
    capacity, goals) and then the time and join link (see reschedule_session). Raises
    NotAllowed, ValidationError; on an error nothing is saved."""
    with transaction.atomic():
        update_session_details(user=user, session=session, sdgs=sdgs, **details)
        return reschedule_session(
            user=user,
            session=session,
            starts_at=starts_at,
            ends_at=ends_at,
            join_url=join_url,
            notify=notify,
        )
