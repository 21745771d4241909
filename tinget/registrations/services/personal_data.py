"""The person's own data: changing details, export (art. 15/20), erasure (art. 17), retention.

Erasure ("delete my data") keeps each registration row with its session, status, attendance,
kind of organisation and municipality — the anonymous counts organisers report on — and wipes
everything that says who the person was. Series subscriptions are deleted.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tinget.audit import audit
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import Organisation, Series

from ..models import (
    Feedback,
    GroupMailOptOut,
    Participant,
    Registration,
    SeriesSubscription,
    new_token,
)
from .common import EDITABLE_FIELDS, Status, SubStatus, _upcoming_sessions, normalise_email
from .signup import cancel_registration


def _anonymise(registration_ids: list[int], now) -> int:
    """Wipe what identifies people on these registrations, keeping what counts anonymously
    (session, status, dates, attendance, kind of organisation, municipality). Feedback
    loses its comment, matched Teams rows their name and email, the manage link its token.
    Call inside a transaction (the rows are locked)."""

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
            registration.notice_text = ""
            registration.consents = {}
            registration.token = new_token()
            registration.feed_token = new_token()
            registration.feedback_token = new_token()
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
                "notice_text",
                "consents",
                "token",
                "feed_token",
                "feedback_token",
                "erased_at",
            ],
        )
        ids = [registration.pk for registration in batch]
        Feedback.objects.filter(registration_id__in=ids).update(comment="")
        Participant.objects.filter(registration_id__in=ids).update(name="", email="")
        erased += len(batch)
    return erased


def apply_retention(*, now: datetime | None = None) -> dict[str, int]:
    """Forget personal data the privacy notice says we no longer keep.

    - Expired (never confirmed) sign-ups are anonymised and expired subscriptions deleted.
    - Two years (TINGET_RETENTION_DAYS) after a series' last session, its registrations are
      anonymised, its subscriptions deleted and its Teams participants lose name and email.

    Idempotent (erased rows are skipped); sends nothing; writes one audit entry per run that
    erased anything. Returns counts.
    """

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
            audit("personal_data.retention", people=sum(counts.values()), detail=counts)
    return counts


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
            audit(
                "subscription.details_changed",
                obj=subscription,
                series_id=subscription.series_id,
                people=1,
                detail={"fields": sorted(changes)},
            )
        if registration_id is not None:
            registration = Registration.objects.select_related("session").get(pk=registration_id)
            for name, value in changes.items():
                setattr(registration, name, value)
            registration.save(update_fields=list(changes))
            audit(
                "registration.details_changed",
                obj=registration,
                series_id=registration.session.series_id,
                people=1,
                detail={"fields": sorted(changes)},
            )


def _when(value):
    return value.isoformat() if value else None


def export_my_data(*, email: str) -> dict:
    """Everything stored about an email address, as JSON-ready data (GDPR art. 15 and 20).

    Read-only; the caller logs nothing personal.
    """

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
            "privacy_notice_shown": obj.notice_text,
            "optional_consents": obj.consents,
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


def delete_my_data(*, email: str, now: datetime | None = None) -> int:
    """Erase everything that identifies the person behind an email address (GDPR art. 17).

    Active registrations for upcoming sessions are cancelled first (their seats go to the
    waiting list). Each registration row then keeps only what counts anonymously: session,
    status, dates, attendance, kind of organisation and municipality; name, email,
    organisation, job title, answers, consent text and feedback comments are wiped and the
    manage link stops working. Series subscriptions and stored emails to the address are
    deleted; Teams attendance rows matched to the person lose name and email.
    Returns the number of registrations and subscriptions erased. Sends nothing.
    """

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
        GroupMailOptOut.objects.filter(email__iexact=email).delete()
        audit(
            "personal_data.erased",
            people=1 if erased else 0,
            detail={"registrations": len(registration_ids), "subscriptions": subscriptions},
        )
    return erased


@transaction.atomic
def renew_feed_token(*, registration_id: int) -> Registration:
    """Give the person's calendar feed a new address; every old one stops working.

    The feed lists all registrations of the same email address, and each of their emails
    carried a feed link, so all of them get a new feed token. Returns the registration with
    its new token.
    """
    registration = Registration.objects.select_for_update().get(pk=registration_id)
    same_person = list(
        Registration.objects.select_for_update()
        .filter(email__iexact=registration.email)
        .exclude(email="")
        .only("pk", "feed_token")
    )
    for row in same_person or [registration]:
        row.feed_token = new_token()
    Registration.objects.bulk_update(same_person or [registration], ["feed_token"])
    audit(
        "registration.feed_renewed",
        obj=registration,
        series_id=registration.session.series_id,
        people=1,
        detail={"registrations": len(same_person)},
    )
    registration.refresh_from_db(fields=["feed_token"])
    return registration
