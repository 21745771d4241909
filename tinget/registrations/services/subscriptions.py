"""Series subscriptions ("Tilmeld hele rækken"): one sign-up for every upcoming session."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinget.audit import audit
from tinget.programme.models import Series, Session

from ..models import Registration, SeriesSubscription

# What the person is told, by name: a missing notification is an ImportError.
from ..notifications import subscription_confirm, subscription_confirmed
from .common import (
    ACTIVE_STATUSES,
    DETAIL_FIELDS,
    EDITABLE_FIELDS,
    ConfirmationExpired,
    Registrant,
    RegistrationError,
    SignupClosed,
    Status,
    SubStatus,
    _confirmation_deadline,
    _lock_session,
    _locked_get_or_create,
    _reactivate,
    _upcoming_sessions,
    signup_open,
)
from .seats import _seat_or_approval
from .signup import cancel_registration


def subscribe_to_series(
    *, series_id: int, registrant: Registrant, now: datetime | None = None
) -> SeriesSubscription:
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
            audit("subscription.created", obj=subscription, series_id=series_id, people=1)
            subscription_confirm(subscription.pk)
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
            audit(
                "subscription.reactivated",
                obj=subscription,
                series_id=series_id,
                people=1,
                detail={"from": previous, "to": SubStatus.PENDING},
            )
            subscription_confirm(subscription.pk)
        elif subscription.status == SubStatus.PENDING:
            subscription_confirm(subscription.pk)
        else:
            subscription_confirmed(subscription.pk)
    return subscription


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
        notice_text=subscription.notice_text,
        consents=subscription.consents,
    )
    new_signup = True
    if registration is None:
        registration = Registration(
            session=session, subscription=subscription, created_at=now, **fields
        )
    elif registration.status in (Status.CONFIRMED, Status.WAITING, Status.AWAITING_APPROVAL):
        if registration.subscription_id is None:
            registration.subscription = subscription
            registration.save(update_fields=["subscription"])
        return None
    elif registration.status in (Status.CANCELLED, Status.EXPIRED, Status.DECLINED):
        _reactivate(registration, fields, now)
        registration.subscription = subscription
    else:
        # Pending from a sign-up of its own, already announced.
        new_signup = False
        registration.subscription = subscription
    # Confirming the subscription confirmed the address for every session in it.
    registration.status = Status.PENDING
    registration.confirmed_at = now
    _seat_or_approval(session, registration, now, new_signup=new_signup)
    return registration


def confirm_subscription(
    *, subscription_id: int, now: datetime | None = None
) -> SeriesSubscription:
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
            audit(
                "subscription.active",
                obj=subscription,
                series_id=subscription.series_id,
                people=1,
                detail={"from": SubStatus.PENDING, "to": SubStatus.ACTIVE},
            )
            signed_up = min(subscription.created_at, now)
            for session_id in _upcoming_sessions(subscription.series_id).values_list(
                "pk", flat=True
            ):
                session = _lock_session(session_id)
                # A session whose sign-up deadline had passed when they subscribed is left out.
                if signup_open(session, at=signed_up):
                    _register_subscriber(subscription, session, now)
            subscription_confirmed(subscription.pk)
    if expired:
        raise ConfirmationExpired
    return subscription


def register_subscribers_for_session(*, session_id: int, now: datetime | None = None) -> int:
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


def cancel_subscription(*, subscription_id: int, now: datetime | None = None) -> SeriesSubscription:
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
        audit(
            "subscription.cancelled",
            obj=subscription,
            series_id=subscription.series_id,
            people=1,
            detail={"from": previous, "to": SubStatus.CANCELLED},
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
