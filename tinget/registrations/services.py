"""Sign-up, confirmation, the waiting list and series subscriptions: every write lives here.

Seats. Every decision about a seat runs in one transaction that first locks the session row
(`select_for_update()` on PostgreSQL; on SQLite the connection opens every transaction with
BEGIN IMMEDIATE, which takes the database's write lock at once). The count of confirmed people
and the new status are read and written under that lock, so two confirmations can never both
take the last seat, and the waiting list keeps the order in which people joined it. Locks are
always taken session first, then registration rows, so two transactions cannot deadlock.

Emails. Services call `tinget.mailings.notify`, whose functions store the email in the outbox
when the transaction commits; a rolled-back decision sends nothing.

Audit. Every status change writes a `programme.AuditEntry` (ids and statuses, never personal
data), with the acting user when an organiser did it.

Erasure ("delete my data") keeps each registration row with its session, status, attendance,
kind of organisation and municipality — the anonymous counts organisers report on — and wipes
everything that says who the person was. Series subscriptions are deleted.
"""

import importlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinget.programme.models import AuditEntry, Organisation, Series, Session
from tinget.programme.permissions import can_edit_series

from . import selectors
from .models import Registration, SeriesSubscription, new_token

logger = logging.getLogger(__name__)

Status = Registration.Status
SubStatus = SeriesSubscription.Status
ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITING)


# --- errors ------------------------------------------------------------------------------


class RegistrationError(Exception):
    """A rule of the domain said no. `message` is translatable text for the person."""

    default_message = _("The registration could not be changed.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class SignupClosed(RegistrationError):
    default_message = _("Sign-up for this session is closed.")


class ConfirmationExpired(RegistrationError):
    default_message = _(
        "The confirmation link has expired. Sign up again and we will send you a new one."
    )


class SessionFull(RegistrationError):
    default_message = _("The session is full.")


class AlreadyRegistered(RegistrationError):
    default_message = _("This person is already registered for the session.")


# --- input -------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    """One spelling per address, so the unique constraints also hold across letter case."""
    return email.strip().lower()


@dataclass(frozen=True)
class Registrant:
    """What a person tells us about themselves; the same for a session and for a series."""

    name: str
    email: str
    organisation: str = ""
    organisation_kind: str = ""
    municipality_id: str | None = None
    job_title: str = ""
    language: str = "da"
    # {"<question id>": {"question": label, "answer": value}}
    answers: dict = field(default_factory=dict)
    consent_text: str = ""

    def model_fields(self, now) -> dict:
        municipality = (
            self.municipality_id
            if self.organisation_kind == Organisation.Kind.MUNICIPALITY
            else None
        )
        return {
            "name": self.name.strip(),
            "email": normalise_email(self.email),
            "organisation": self.organisation.strip(),
            "organisation_kind": self.organisation_kind,
            "municipality_id": municipality or None,
            "job_title": self.job_title.strip(),
            "language": self.language,
            "answers": self.answers,
            "consent_text": self.consent_text,
            "consented_at": now if self.consent_text else None,
        }


# Fields a person may change afterwards from their manage page (not the email: a new
# address is a new sign-up that must be confirmed).
EDITABLE_FIELDS = (
    "name",
    "organisation",
    "organisation_kind",
    "municipality_id",
    "job_title",
    "language",
)


# The lifecycle fields a status change may touch, and the fields a sign-up writes.
STATE_FIELDS = (
    "status",
    "created_at",
    "confirmed_at",
    "waitlisted_at",
    "cancelled_at",
    "promoted_at",
)
DETAIL_FIELDS = (
    *EDITABLE_FIELDS,
    "email",
    "answers",
    "consent_text",
    "consented_at",
    "subscription",
)


# --- helpers -----------------------------------------------------------------------------


def _notify(name: str, *ids) -> None:
    """Queue an email through tinget.mailings.notify (it queues on commit).

    Looked up by name so sign-up keeps working while a notification is not built yet.
    """
    try:
        module = importlib.import_module("tinget.mailings.notify")
    except ModuleNotFoundError as exc:
        if exc.name != "tinget.mailings.notify":
            raise
        logger.debug("tinget.mailings.notify is missing; %s%r not sent", name, ids)
        return
    function = getattr(module, name, None)
    if function is None:
        logger.warning("tinget.mailings.notify.%s is missing; %r not sent", name, ids)
        return
    function(*ids)


def _audit(action: str, *, obj, series_id, actor=None, people: int = 1, **detail) -> None:
    AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        series_id=series_id,
        people_count=people,
        detail=detail,
    )


def _confirmation_deadline(now):
    return now - timedelta(hours=settings.TINGET_CONFIRMATION_HOURS)


def _lock_session(session_id) -> Session:
    """Lock the session row for the rest of the transaction (the seat lock)."""
    return (
        Session.objects.select_for_update(of=("self",)).select_related("series").get(pk=session_id)
    )


def _lock_registration(registration_id) -> Registration:
    return Registration.objects.select_for_update(of=("self",)).get(pk=registration_id)


def _session_id_of(registration_id) -> int:
    try:
        return Registration.objects.values_list("session_id", flat=True).get(pk=registration_id)
    except Registration.DoesNotExist:
        raise RegistrationError(_("The registration does not exist.")) from None


def signup_open(session: Session) -> bool:
    return session.is_upcoming and session.series.status == Series.Status.PUBLISHED


def _fill_free_seats(session: Session, now, *, actor=None) -> tuple[int, list[Registration]]:
    """Give free seats to the waiting list in order. Call with the session row locked.

    Returns the seats still free afterwards and the people promoted (each gets `promoted`).
    """
    seats = selectors.seats(session)
    free = seats.free
    promoted: list[Registration] = []
    if free and seats.waiting:
        promoted = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(session=session, status=Status.WAITING)
            .order_by("waitlisted_at", "id")[:free]
        )
        for registration in promoted:
            registration.status = Status.CONFIRMED
            registration.promoted_at = now
            registration.save(update_fields=["status", "promoted_at"])
            _audit(
                "registration.promoted",
                obj=registration,
                series_id=session.series_id,
                actor=actor,
                **{"from": Status.WAITING, "to": Status.CONFIRMED},
            )
            _notify("promoted", registration.pk)
    return free - len(promoted), promoted


def _waitlist_stamp(session: Session, now):
    """When a person joins the waiting list: now, but always after everyone already waiting.

    The list is ordered by this stamp, so its order is the order in which the decisions
    were taken under the session lock, even when app servers' clocks disagree or a request
    read the clock before it waited for the lock.
    """
    last = (
        Registration.objects.filter(session=session, status=Status.WAITING)
        .order_by("-waitlisted_at")
        .values_list("waitlisted_at", flat=True)
        .first()
    )
    if last is not None and last >= now:
        return last + timedelta(microseconds=1)
    return now


def _seat_or_waitlist(session: Session, registration: Registration, now, *, actor=None) -> None:
    """Give a confirmed person a seat, or the end of the waiting list. Session row locked.

    People already waiting get free seats first, so nobody jumps the queue.
    """
    previous = registration.status
    free, _promoted = _fill_free_seats(session, now, actor=actor)
    if free > 0:
        registration.status = Status.CONFIRMED
        registration.waitlisted_at = None
        notification = "registered"
    else:
        registration.status = Status.WAITING
        registration.waitlisted_at = _waitlist_stamp(session, now)
        notification = "waitlisted"
    if registration._state.adding:
        registration.save()
    else:
        registration.save(update_fields=[*STATE_FIELDS, *DETAIL_FIELDS])
    _audit(
        f"registration.{registration.status}",
        obj=registration,
        series_id=session.series_id,
        actor=actor,
        **{"from": previous, "to": registration.status},
    )
    _notify(notification, registration.pk)


def _reactivate(registration: Registration, fields: dict, now) -> None:
    for name, value in fields.items():
        setattr(registration, name, value)
    registration.status = Status.PENDING
    # Expiry counts from the new sign-up.
    registration.created_at = now
    registration.confirmed_at = None
    registration.waitlisted_at = None
    registration.cancelled_at = None
    registration.promoted_at = None


# --- signing up for one session ----------------------------------------------------------


def _locked_get_or_create(model, *, lookup: dict, values: dict):
    """The row matching ``lookup``, locked for this transaction, or a new one made from
    ``lookup`` and ``values``. Returns (row, created). When a simultaneous request inserts
    the same row first (the unique constraint fires), its row is read back as existing."""
    rows = model.objects.select_for_update(of=("self",)).filter(**lookup)
    row = rows.first()
    if row is not None:
        return row, False
    try:
        with transaction.atomic():
            return model.objects.create(**{**lookup, **values}), True
    except IntegrityError:
        row = rows.first()
        if row is None:
            raise
        return row, False


def register_for_session(*, session_id, registrant: Registrant, now=None) -> Registration:
    """Sign a person up for a session, awaiting email confirmation (no seat held yet).

    The same address again makes no second row: a pending person gets the confirmation email
    again, a registered or waiting one gets `already_registered` (their manage link), and a
    cancelled or expired registration starts over as pending with the new details. The caller
    shows the same "check your email" in every case. Raises SignupClosed.
    """
    now = now or timezone.now()
    session = Session.objects.select_related("series").get(pk=session_id)
    if not signup_open(session):
        raise SignupClosed
    fields = registrant.model_fields(now)
    with transaction.atomic():
        registration, created = _locked_get_or_create(
            Registration,
            lookup={"session_id": session_id, "email": fields["email"]},
            values={"status": Status.PENDING, "created_at": now, **fields},
        )
        if created:
            _audit("registration.created", obj=registration, series_id=session.series_id)
            _notify("confirm_email", registration.pk)
            return registration
        if registration.status in (Status.CANCELLED, Status.EXPIRED):
            previous = registration.status
            _reactivate(registration, fields, now)
            registration.save(update_fields=[*STATE_FIELDS, *DETAIL_FIELDS])
            _audit(
                "registration.reactivated",
                obj=registration,
                series_id=session.series_id,
                **{"from": previous, "to": Status.PENDING},
            )
            _notify("confirm_email", registration.pk)
        elif registration.status == Status.PENDING:
            _notify("confirm_email", registration.pk)
        else:
            _notify("already_registered", registration.pk)
    return registration


def confirm_registration(*, registration_id, now=None) -> Registration:
    """The person clicked the link: take a seat if one is free, else join the waiting list.

    Idempotent: a second click changes nothing. Sends `registered` or `waitlisted`.
    Raises ConfirmationExpired (older than TINGET_CONFIRMATION_HOURS, or already expired)
    and SignupClosed (the session is over or cancelled).
    """
    session_id = _session_id_of(registration_id)
    with transaction.atomic():
        session = _lock_session(session_id)
        registration = _lock_registration(registration_id)
        # Read the clock once the lock is ours: the stamps follow the order of decisions.
        now = now or timezone.now()
        if registration.status == Status.EXPIRED:
            raise ConfirmationExpired
        if registration.status != Status.PENDING:
            return registration
        if registration.created_at < _confirmation_deadline(now):
            registration.status = Status.EXPIRED
            registration.save(update_fields=["status"])
            _audit(
                "registration.expired",
                obj=registration,
                series_id=session.series_id,
                **{"from": Status.PENDING, "to": Status.EXPIRED},
            )
            expired = True
        else:
            expired = False
            if not signup_open(session):
                raise SignupClosed
            registration.confirmed_at = now
            _seat_or_waitlist(session, registration, now)
    if expired:
        # Raised after the block so that the expiry itself is committed.
        raise ConfirmationExpired
    return registration


def cancel_registration(*, registration_id, actor=None, now=None, notify=True) -> Registration:
    """Cancel; a freed seat goes to the next person waiting in the same transaction.

    Idempotent for registrations that are already cancelled or expired. Sends `cancelled` to
    the person and `promoted` to whoever gets the seat.
    """
    now = now or timezone.now()
    session_id = _session_id_of(registration_id)
    with transaction.atomic():
        session = _lock_session(session_id)
        registration = _lock_registration(registration_id)
        if registration.status not in ACTIVE_STATUSES:
            return registration
        previous = registration.status
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        _audit(
            "registration.cancelled",
            obj=registration,
            series_id=session.series_id,
            actor=actor,
            **{"from": previous, "to": Status.CANCELLED},
        )
        if notify:
            _notify("cancelled", registration.pk)
        if previous == Status.CONFIRMED and session.is_upcoming:
            _fill_free_seats(session, now, actor=actor)
    return registration


def promote_from_waitlist(*, session_id, now=None, actor=None) -> list[Registration]:
    """Give every free seat to the waiting list, in order; returns the people promoted.

    Call after anything that frees seats or raises capacity. Does nothing for a session that
    is over or cancelled.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session_id)
        if not session.is_upcoming:
            return []
        _free, promoted = _fill_free_seats(session, now, actor=actor)
    return promoted


def sessions_to_rebalance(*, series_id=None, session_id=None, capacity_from_series=False):
    """Ids of upcoming sessions with people waiting: the only ones a capacity change can move.

    capacity_from_series=True keeps only sessions without a capacity of their own.
    """
    sessions = _upcoming_sessions(series_id) if series_id else Session.objects.all()
    if session_id is not None:
        sessions = sessions.filter(pk=session_id)
    if capacity_from_series:
        sessions = sessions.filter(capacity__isnull=True)
    return list(
        sessions.filter(
            pk__in=Registration.objects.filter(status=Status.WAITING).values("session_id")
        ).values_list("pk", flat=True)
    )


def rebalance_session(session_id) -> list[Registration]:
    """Promote while seats are free: for whoever changed a session's or series' capacity."""
    return promote_from_waitlist(session_id=session_id)


def change_capacity(*, session_id, capacity: int | None, actor=None, now=None) -> Session:
    """Set a session's own capacity (None: the series' default) and promote into new seats.

    Lowering capacity never removes anyone who already has a seat.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session_id)
        if actor is not None:
            _require_editor(actor, session.series)
        previous = session.capacity
        session.capacity = capacity
        session.save(update_fields=["capacity", "updated_at"])
        _audit(
            "session.capacity_changed",
            obj=session,
            series_id=session.series_id,
            actor=actor,
            people=0,
            **{"from": previous, "to": capacity},
        )
        if session.is_upcoming:
            _fill_free_seats(session, now, actor=actor)
    return session


def expire_unconfirmed(*, now=None) -> int:
    """Expire sign-ups and series subscriptions left unconfirmed for too long.

    Pending rows older than TINGET_CONFIRMATION_HOURS become expired (they never held a
    seat). Idempotent; returns how many rows it expired. Sends nothing.
    """
    now = now or timezone.now()
    deadline = _confirmation_deadline(now)
    with transaction.atomic():
        # One UPDATE each: a row confirmed meanwhile no longer matches status=pending.
        registrations = Registration.objects.filter(
            status=Status.PENDING, created_at__lt=deadline
        ).update(status=Status.EXPIRED)
        subscriptions = SeriesSubscription.objects.filter(
            status=SubStatus.PENDING, created_at__lt=deadline
        ).update(status=SubStatus.EXPIRED)
        if registrations or subscriptions:
            AuditEntry.objects.create(
                action="registrations.expired",
                people_count=registrations + subscriptions,
                detail={"registrations": registrations, "subscriptions": subscriptions},
            )
    return registrations + subscriptions


def _anonymise(registration_ids: list[int], now) -> int:
    """Wipe what identifies people on these registrations, keeping what counts anonymously
    (session, status, dates, attendance, kind of organisation, municipality). Feedback
    loses its comment, matched Teams rows their name and email, the manage link its token.
    Call inside a transaction (the rows are locked)."""
    from tinget.registrations.models import Feedback, Participant

    erased = 0
    for start in range(0, len(registration_ids), 500):
        batch = list(
            Registration.objects.select_for_update(of=("self",)).filter(
                pk__in=registration_ids[start : start + 500]
            )
        )
        for registration in batch:
            registration.name = ""
            registration.email = f"erased-{registration.pk}@erased.invalid"
            registration.organisation = ""
            registration.job_title = ""
            registration.answers = {}
            registration.consent_text = ""
            registration.consented_at = None
            registration.token = new_token()
            registration.erased_at = now
        Registration.objects.bulk_update(
            batch,
            [
                "name",
                "email",
                "organisation",
                "job_title",
                "answers",
                "consent_text",
                "consented_at",
                "token",
                "erased_at",
            ],
        )
        ids = [registration.pk for registration in batch]
        Feedback.objects.filter(registration_id__in=ids).update(comment="")
        Participant.objects.filter(registration_id__in=ids).update(name="", email="")
        erased += len(batch)
    return erased


def apply_retention(*, now=None) -> dict[str, int]:
    """Forget personal data the privacy notice says we no longer keep.

    - Expired (never confirmed) sign-ups are anonymised and expired subscriptions deleted.
    - Two years (TINGET_RETENTION_DAYS) after a series' last session, its registrations are
      anonymised, its subscriptions deleted and its Teams participants lose name and email.

    Idempotent (erased rows are skipped); sends nothing; writes one audit entry per run that
    erased anything. Returns counts.
    """
    from tinget.registrations.models import Participant

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TINGET_RETENTION_DAYS)
    finished_series = Series.objects.exclude(sessions__ends_at__gte=cutoff).filter(
        sessions__isnull=False
    )
    with transaction.atomic():
        expired_ids = list(
            Registration.objects.filter(status=Status.EXPIRED, erased_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        old_ids = list(
            Registration.objects.filter(
                session__series__in=finished_series, erased_at__isnull=True
            ).values_list("pk", flat=True)
        )
        counts = {
            "unconfirmed": _anonymise(expired_ids, now),
            "after_series": _anonymise(old_ids, now),
        }
        subscriptions, _by_model = SeriesSubscription.objects.filter(
            Q(status=SubStatus.EXPIRED) | Q(series__in=finished_series)
        ).delete()
        counts["subscriptions"] = subscriptions
        Participant.objects.filter(attendance_import__session__series__in=finished_series).exclude(
            name="", email=""
        ).update(name="", email="")
        if any(counts.values()):
            AuditEntry.objects.create(
                action="personal_data.retention",
                people_count=sum(counts.values()),
                detail=counts,
            )
    return counts


# --- series subscriptions ("Tilmeld hele rækken") -----------------------------------------


def subscribe_to_series(*, series_id, registrant: Registrant, now=None) -> SeriesSubscription:
    """Sign a person up for the whole series, awaiting email confirmation.

    Repeats behave as for sessions: a pending subscription gets `subscription_confirm` again,
    an active one `subscription_confirmed` (with the manage link), and a cancelled or expired
    one starts over as pending. Raises SignupClosed for an unpublished series.
    """
    now = now or timezone.now()
    series = Series.objects.get(pk=series_id)
    if series.status != Series.Status.PUBLISHED:
        raise SignupClosed
    fields = registrant.model_fields(now)
    with transaction.atomic():
        subscription, created = _locked_get_or_create(
            SeriesSubscription,
            lookup={"series_id": series_id, "email": fields["email"]},
            values={"status": SubStatus.PENDING, "created_at": now, **fields},
        )
        if created:
            _audit("subscription.created", obj=subscription, series_id=series_id)
            _notify("subscription_confirm", subscription.pk)
            return subscription
        if subscription.status in (SubStatus.CANCELLED, SubStatus.EXPIRED):
            previous = subscription.status
            for name, value in fields.items():
                setattr(subscription, name, value)
            subscription.status = SubStatus.PENDING
            subscription.created_at = now
            subscription.confirmed_at = None
            subscription.cancelled_at = None
            subscription.save(
                update_fields=[
                    *(name for name in DETAIL_FIELDS if name != "subscription"),
                    "status",
                    "created_at",
                    "confirmed_at",
                    "cancelled_at",
                ]
            )
            _audit(
                "subscription.reactivated",
                obj=subscription,
                series_id=series_id,
                **{"from": previous, "to": SubStatus.PENDING},
            )
            _notify("subscription_confirm", subscription.pk)
        elif subscription.status == SubStatus.PENDING:
            _notify("subscription_confirm", subscription.pk)
        else:
            _notify("subscription_confirmed", subscription.pk)
    return subscription


def _upcoming_sessions(series_id):
    # Ordered by pk: code that locks several sessions in one transaction locks them in this
    # order (and cancel_subscription in session_id order), so two such transactions cannot
    # deadlock.
    return Session.objects.filter(
        series_id=series_id, status=Session.Status.SCHEDULED, ends_at__gt=timezone.now()
    ).order_by("pk")


def _register_subscriber(
    subscription: SeriesSubscription, session: Session, now
) -> Registration | None:
    """Give a confirmed subscriber a place on one session. Session row locked by the caller."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .filter(session=session, email=subscription.email)
        .first()
    )
    fields = {name: getattr(subscription, name) for name in (*EDITABLE_FIELDS, "email")}
    fields.update(
        answers=subscription.answers,
        consent_text=subscription.consent_text,
        consented_at=subscription.consented_at,
    )
    if registration is None:
        registration = Registration(
            session=session, subscription=subscription, created_at=now, **fields
        )
    elif registration.status in (Status.CONFIRMED, Status.WAITING):
        if registration.subscription_id is None:
            registration.subscription = subscription
            registration.save(update_fields=["subscription"])
        return None
    elif registration.status in (Status.CANCELLED, Status.EXPIRED):
        _reactivate(registration, fields, now)
        registration.subscription = subscription
    else:
        registration.subscription = subscription
    # Confirming the subscription confirmed the address for every session in it.
    registration.status = Status.PENDING
    registration.confirmed_at = now
    _seat_or_waitlist(session, registration, now)
    return registration


def confirm_subscription(*, subscription_id, now=None) -> SeriesSubscription:
    """The person clicked the link: register them for every upcoming session of the series.

    Each session gets a seat or a waiting-list place (and its own `registered` or
    `waitlisted` email with the invite); then `subscription_confirmed`. Idempotent.
    Raises ConfirmationExpired, or RegistrationError for a cancelled subscription.
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscription = SeriesSubscription.objects.select_for_update().get(pk=subscription_id)
        if subscription.status == SubStatus.ACTIVE:
            return subscription
        if subscription.status == SubStatus.EXPIRED:
            raise ConfirmationExpired
        if subscription.status == SubStatus.CANCELLED:
            raise RegistrationError(_("This subscription has been cancelled."))
        if subscription.created_at < _confirmation_deadline(now):
            subscription.status = SubStatus.EXPIRED
            subscription.save(update_fields=["status"])
            expired = True
        else:
            expired = False
            subscription.status = SubStatus.ACTIVE
            subscription.confirmed_at = now
            subscription.save(update_fields=["status", "confirmed_at"])
            _audit(
                "subscription.active",
                obj=subscription,
                series_id=subscription.series_id,
                **{"from": SubStatus.PENDING, "to": SubStatus.ACTIVE},
            )
            for session_id in _upcoming_sessions(subscription.series_id).values_list(
                "pk", flat=True
            ):
                _register_subscriber(subscription, _lock_session(session_id), now)
            _notify("subscription_confirmed", subscription.pk)
    if expired:
        raise ConfirmationExpired
    return subscription


def register_subscribers_for_session(session_id, *, now=None) -> int:
    """Register every active subscriber of the series for a (new) session.

    Called when a session is created (a post_save signal, see signals.py). Does nothing for
    a session that is over, cancelled or in an unpublished series. Returns how many people
    got a seat or a waiting-list place.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session_id)
        if not session.is_upcoming:
            return 0
        # Read after taking the lock, so a subscription cancelled meanwhile is seen as such.
        subscriptions = SeriesSubscription.objects.filter(
            series_id=session.series_id, status=SubStatus.ACTIVE
        ).order_by("confirmed_at", "pk")
        added = 0
        for subscription in subscriptions:
            if _register_subscriber(subscription, session, now) is not None:
                added += 1
    return added


def cancel_subscription(*, subscription_id, now=None) -> SeriesSubscription:
    """Stop the subscription and leave every upcoming session it registered the person for.

    Freed seats go to the waiting lists at once. Registrations the person made for single
    sessions on their own are kept. Idempotent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscription = SeriesSubscription.objects.select_for_update().get(pk=subscription_id)
        if subscription.status in (SubStatus.CANCELLED, SubStatus.EXPIRED):
            return subscription
        previous = subscription.status
        subscription.status = SubStatus.CANCELLED
        subscription.cancelled_at = now
        subscription.save(update_fields=["status", "cancelled_at"])
        _audit(
            "subscription.cancelled",
            obj=subscription,
            series_id=subscription.series_id,
            **{"from": previous, "to": SubStatus.CANCELLED},
        )
        registration_ids = (
            Registration.objects.filter(
                subscription=subscription,
                status__in=ACTIVE_STATUSES,
                session__in=_upcoming_sessions(subscription.series_id),
            )
            .order_by("session_id")
            .values_list("pk", flat=True)
        )
        for registration_id in list(registration_ids):
            cancel_registration(registration_id=registration_id, now=now)
    return subscription


# --- the person's own data ---------------------------------------------------------------


def update_registrant_details(*, registration_id=None, subscription_id=None, changes: dict) -> None:
    """Change name, organisation, kind, municipality, job title or language.

    For a subscription the change also applies to its registrations for upcoming sessions.
    Changes no status and sends nothing.
    """
    changes = {name: value for name, value in changes.items() if name in EDITABLE_FIELDS}
    if "organisation_kind" in changes and (
        changes["organisation_kind"] != Organisation.Kind.MUNICIPALITY
    ):
        changes["municipality_id"] = None
    with transaction.atomic():
        if subscription_id is not None:
            subscription = SeriesSubscription.objects.select_for_update().get(pk=subscription_id)
            for name, value in changes.items():
                setattr(subscription, name, value)
            subscription.save(update_fields=list(changes))
            Registration.objects.filter(
                subscription=subscription,
                session__in=_upcoming_sessions(subscription.series_id),
            ).update(**changes)
            _audit(
                "subscription.details_changed",
                obj=subscription,
                series_id=subscription.series_id,
                fields=sorted(changes),
            )
        if registration_id is not None:
            registration = Registration.objects.select_related("session").get(pk=registration_id)
            for name, value in changes.items():
                setattr(registration, name, value)
            registration.save(update_fields=list(changes))
            _audit(
                "registration.details_changed",
                obj=registration,
                series_id=registration.session.series_id,
                fields=sorted(changes),
            )


def _when(value):
    return value.isoformat() if value else None


def export_my_data(*, email: str) -> dict:
    """Everything stored about an email address, as JSON-ready data (GDPR art. 15 and 20).

    Read-only; the caller logs nothing personal.
    """
    from tinget.mailings.models import OutboundEmail

    email = normalise_email(email)
    registrations = (
        Registration.objects.filter(email=email)
        .select_related("session__series", "municipality", "feedback")
        .order_by("session__starts_at", "pk")
    )

    def details(obj) -> dict:
        return {
            "name": obj.name,
            "email": obj.email,
            "organisation": obj.organisation,
            "organisation_kind": obj.organisation_kind,
            "municipality": (
                {"code": obj.municipality.code, "name": obj.municipality.official_name}
                if obj.municipality
                else None
            ),
            "job_title": obj.job_title,
            "language": obj.language,
            "answers": obj.answers,
            "consent": {"text": obj.consent_text, "given_at": _when(obj.consented_at)},
        }

    def feedback(registration):
        try:
            given = registration.feedback
        except Registration.feedback.RelatedObjectDoesNotExist:
            return None
        return {"score": given.score, "comment": given.comment, "given_at": _when(given.created_at)}

    return {
        "email": email,
        "exported_at": _when(timezone.now()),
        "registrations": [
            {
                "series": r.session.series.title,
                "session": r.session.display_title,
                "starts_at": _when(r.session.starts_at),
                "status": r.status,
                "signed_up_at": _when(r.created_at),
                "confirmed_at": _when(r.confirmed_at),
                "waitlisted_at": _when(r.waitlisted_at),
                "promoted_at": _when(r.promoted_at),
                "cancelled_at": _when(r.cancelled_at),
                "attendance": r.attendance or None,
                "minutes_present": r.minutes_present,
                "via_series_subscription": r.subscription_id is not None,
                "feedback": feedback(r),
                **details(r),
            }
            for r in registrations
        ],
        "series_subscriptions": [
            {
                "series": s.series.title,
                "status": s.status,
                "signed_up_at": _when(s.created_at),
                "confirmed_at": _when(s.confirmed_at),
                "cancelled_at": _when(s.cancelled_at),
                **details(s),
            }
            for s in SeriesSubscription.objects.filter(email=email).select_related(
                "series", "municipality"
            )
        ],
        "emails": [
            {"subject": subject, "status": status, "created_at": _when(created_at)}
            for subject, status, created_at in OutboundEmail.objects.filter(
                Q(to__iexact=email) | Q(registration__email=email)
            )
            .order_by("created_at", "pk")
            .values_list("subject", "status", "created_at")
        ],
    }


def delete_my_data(*, email: str, now=None) -> int:
    """Erase everything that identifies the person behind an email address (GDPR art. 17).

    Active registrations for upcoming sessions are cancelled first (their seats go to the
    waiting list). Each registration row then keeps only what counts anonymously: session,
    status, dates, attendance, kind of organisation and municipality; name, email,
    organisation, job title, answers, consent text and feedback comments are wiped and the
    manage link stops working. Series subscriptions and stored emails to the address are
    deleted; Teams attendance rows matched to the person lose name and email.
    Returns the number of registrations and subscriptions erased. Sends nothing.
    """
    from tinget.mailings.models import OutboundEmail
    from tinget.registrations.models import Participant

    now = now or timezone.now()
    email = normalise_email(email)
    registration_ids = list(
        Registration.objects.filter(email=email).order_by("session_id").values_list("pk", flat=True)
    )
    for registration_id in registration_ids:
        cancel_registration(registration_id=registration_id, now=now, notify=False)
    with transaction.atomic():
        erased = _anonymise(registration_ids, now)
        # Teams rows never matched to a registration may still carry the address.
        Participant.objects.filter(email__iexact=email).update(name="", email="")
        OutboundEmail.objects.filter(
            Q(to__iexact=email) | Q(registration_id__in=registration_ids)
        ).exclude(status=OutboundEmail.Status.SENDING).delete()
        subscriptions, _by_model = SeriesSubscription.objects.filter(email=email).delete()
        erased += subscriptions
        AuditEntry.objects.create(
            action="personal_data.erased",
            people_count=1 if erased else 0,
            detail={"registrations": len(registration_ids), "subscriptions": subscriptions},
        )
    return erased


# --- organisers (the back office calls these) --------------------------------------------


def _require_editor(actor, series: Series) -> None:
    if not can_edit_series(actor, series):
        raise PermissionDenied


def add_registration_by_organiser(
    *, session_id, registrant: Registrant, actor, now=None
) -> Registration:
    """An organiser registers someone by hand: no email confirmation, a seat if one is free,
    else the waiting list. Sends `registered` or `waitlisted`.

    Raises PermissionDenied (not an editor of the series), AlreadyRegistered (the address is
    pending, registered or waiting) and SignupClosed (the session is over or cancelled).
    """
    now = now or timezone.now()
    fields = registrant.model_fields(now)
    with transaction.atomic():
        session = _lock_session(session_id)
        _require_editor(actor, session.series)
        if not session.is_upcoming:
            raise SignupClosed
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .filter(session=session, email=fields["email"])
            .first()
        )
        if registration is None:
            registration = Registration(session=session, created_at=now, **fields)
        elif registration.status in ACTIVE_STATUSES:
            raise AlreadyRegistered
        else:
            _reactivate(registration, fields, now)
        registration.confirmed_at = now
        _seat_or_waitlist(session, registration, now, actor=actor)
    return registration


def cancel_by_organiser(*, registration_id, actor, now=None) -> Registration:
    """An organiser cancels someone; the seat goes to the waiting list. Raises PermissionDenied."""
    registration = Registration.objects.select_related("session__series").get(pk=registration_id)
    _require_editor(actor, registration.session.series)
    return cancel_registration(registration_id=registration_id, actor=actor, now=now)


def promote_by_organiser(
    *, registration_id, actor, over_capacity: bool = False, now=None
) -> Registration:
    """An organiser gives a waiting person a seat. Sends `promoted`.

    With no free seat this raises SessionFull unless over_capacity=True (the organiser's
    explicit decision to go above capacity, which the audit log records). Raises
    PermissionDenied and RegistrationError (the person is not on the waiting list).
    """
    now = now or timezone.now()
    session_id = _session_id_of(registration_id)
    with transaction.atomic():
        session = _lock_session(session_id)
        _require_editor(actor, session.series)
        registration = _lock_registration(registration_id)
        if registration.status != Status.WAITING:
            raise RegistrationError(_("Only people on the waiting list can be moved up."))
        full = selectors.seats(session).free == 0
        if full and not over_capacity:
            raise SessionFull
        registration.status = Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _audit(
            "registration.promoted",
            obj=registration,
            series_id=session.series_id,
            actor=actor,
            over_capacity=full,
            **{"from": Status.WAITING, "to": Status.CONFIRMED},
        )
        _notify("promoted", registration.pk)
    return registration
