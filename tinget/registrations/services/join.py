"""The personal join link: what it does for a registration at a moment, and the record of a
click ("opened the join link", which is not attendance: only the Teams report says who was in
the meeting)."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from tinget.audit import audit
from tinget.programme.models import Session

from ..models import Registration
from .common import Status


class JoinState(enum.StrEnum):
    OPEN = "open"  # redirect to the session's current meeting link
    NOT_YET = "not_yet"  # too early: say when it opens
    OVER = "over"  # the session has ended
    NO_LINK = "no_link"  # open, but the organisers have not set a meeting link yet
    SESSION_CANCELLED = "session_cancelled"
    WAITING = "waiting"
    PENDING = "pending"
    AWAITING_APPROVAL = "awaiting_approval"  # the organisers have not approved the sign-up
    CANCELLED = "cancelled"  # the person's registration is cancelled, expired or declined


def opens_at(session: Session):
    return session.starts_at - timedelta(minutes=settings.TINGET_JOIN_OPENS_MINUTES)


def join_state(registration: Registration, now: datetime | None = None) -> JoinState:
    """What the link does now. Only a confirmed registration of a scheduled session, from
    TINGET_JOIN_OPENS_MINUTES before the start until the end, leads to the meeting."""
    now = now or timezone.now()
    session = registration.session
    if session.status == Session.Status.CANCELLED:
        return JoinState.SESSION_CANCELLED
    by_status = {
        Status.WAITING: JoinState.WAITING,
        Status.PENDING: JoinState.PENDING,
        Status.AWAITING_APPROVAL: JoinState.AWAITING_APPROVAL,
        Status.CANCELLED: JoinState.CANCELLED,
        Status.EXPIRED: JoinState.CANCELLED,
        Status.DECLINED: JoinState.CANCELLED,
    }
    if registration.status in by_status:
        return by_status[registration.status]
    if now >= session.ends_at:
        return JoinState.OVER
    if now < opens_at(session):
        return JoinState.NOT_YET
    return JoinState.OPEN if session.join_url else JoinState.NO_LINK


def record_join_opened(*, registration_id: int, now: datetime | None = None) -> None:
    """Count a click on the personal join link; the first one is stamped and audited.

    One UPDATE, so simultaneous clicks (a browser and a mail scanner) both count."""
    now = now or timezone.now()
    first = Registration.objects.filter(pk=registration_id, join_opened_at__isnull=True).update(
        join_opened_at=now, join_opened_count=F("join_opened_count") + 1
    )
    if first:
        registration = Registration.objects.select_related("session").get(pk=registration_id)
        series_id = registration.session.series_id
        audit("registration.join_opened", obj=registration, series_id=series_id, people=1)
        return
    Registration.objects.filter(pk=registration_id).update(
        join_opened_count=F("join_opened_count") + 1
    )
