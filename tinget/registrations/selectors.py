"""Reads about registrations, for pages, emails and the back office."""

import time
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tinget.programme.models import Municipality, Organisation, Session

from .models import Registration, SeriesQuestion, SeriesSubscription

Status = Registration.Status


def confirmed_registrations(session: Session) -> QuerySet[Registration]:
    """The people with a seat, in the order they signed up."""
    return Registration.objects.filter(session=session, status=Status.CONFIRMED).order_by(
        "created_at", "pk"
    )


def waiting_list(session: Session) -> QuerySet[Registration]:
    """The waiting list in the order people joined it (the order they get seats in)."""
    return Registration.objects.filter(session=session, status=Status.WAITING).order_by(
        "waitlisted_at", "pk"
    )


def waiting_position(registration: Registration) -> int | None:
    """1 for the next person to get a seat; None when not waiting."""
    if registration.status != Status.WAITING:
        return None
    ahead = Registration.objects.filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk),
        session_id=registration.session_id,
        status=Status.WAITING,
    ).count()
    return ahead + 1


@dataclass(frozen=True)
class Seats:
    capacity: int
    confirmed: int
    waiting: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.confirmed, 0)


def seats(session: Session) -> Seats:
    counts = Registration.objects.filter(session=session).aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )
    return Seats(session.effective_capacity, counts["confirmed"], counts["waiting"])


def registration_by_token(token: str) -> Registration | None:
    return (
        Registration.objects.select_related("session__series", "municipality", "subscription")
        .filter(token=token, erased_at__isnull=True)
        .first()
    )


def subscription_by_token(token: str) -> SeriesSubscription | None:
    return (
        SeriesSubscription.objects.select_related("series", "municipality")
        .filter(token=token)
        .first()
    )


def subscription_registrations(subscription: SeriesSubscription) -> QuerySet[Registration]:
    """The person's registrations for the series' upcoming sessions, first session first."""
    return (
        Registration.objects.filter(
            session__series_id=subscription.series_id,
            email=subscription.email,
            session__ends_at__gt=timezone.now(),
        )
        .select_related("session__series")
        .order_by("session__starts_at", "pk")
    )


def upcoming_sessions(series) -> QuerySet[Session]:
    return Session.objects.filter(
        series=series, status=Session.Status.SCHEDULED, ends_at__gt=timezone.now()
    ).order_by("starts_at", "pk")


def series_questions(series) -> list[SeriesQuestion]:
    return list(SeriesQuestion.objects.filter(series=series).order_by("order", "pk"))


# Reference lists every sign-up form needs, kept per process: they change by a data
# migration or in the admin, rarely. A change in this process forgets them at once
# (signals.py); other processes read them again after REFERENCE_SECONDS.
REFERENCE_SECONDS = 300
_reference: dict[str, tuple[float, object]] = {}


def _reference_list(name: str, load):
    now = time.monotonic()
    cached = _reference.get(name)
    if cached is None or now - cached[0] > REFERENCE_SECONDS:
        cached = (now, load())
        _reference[name] = cached
    return cached[1]


def forget_reference_lists() -> None:
    _reference.clear()


def municipality_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The 98 municipalities grouped by region, for a <select> with <optgroup>s."""

    def load():
        rows = Municipality.objects.order_by("region", "name").values_list("region", "code", "name")
        return [
            (region, [(code, name) for _region, code, name in group])
            for region, group in groupby(rows, key=lambda row: row[0])
        ]

    return _reference_list("municipalities", load)


def organisation_suggestions() -> list[str]:
    """Known organisations' names, offered as suggestions (the person may type any name)."""
    return list(Organisation.objects.order_by("name").values_list("name", flat=True).distinct())


# --- who an organiser's message or follow-up reaches ---------------------------------------


def recipients(session: Session, group: str) -> QuerySet[Registration]:
    """Who a message to a group reaches: confirmed, waiting, attended or missed."""
    # People who deleted their data keep an anonymous row and a placeholder address.
    queryset = Registration.objects.filter(session=session, erased_at__isnull=True).exclude(
        email=""
    )
    if group == "confirmed":
        return queryset.filter(status=Status.CONFIRMED)
    if group == "waiting":
        return queryset.filter(status=Status.WAITING).order_by("waitlisted_at", "id")
    if group == "attended":
        return queryset.filter(attendance=Registration.Attendance.ATTENDED)
    if group == "missed":
        return queryset.filter(attendance=Registration.Attendance.MISSED, status=Status.CONFIRMED)
    raise ValueError(group)


def next_session(session: Session) -> Session | None:
    """The series' next scheduled session after this one (for the "you missed it" email)."""
    return (
        Session.objects.filter(
            series_id=session.series_id,
            status=Session.Status.SCHEDULED,
            starts_at__gt=session.starts_at,
        )
        .order_by("starts_at", "id")
        .first()
    )
