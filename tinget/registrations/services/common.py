"""What every registrations service shares: errors, the registrant's input, locks, audit.

Locks are always taken session first, then registration rows, so two transactions cannot
deadlock.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinget.errors import DomainError
from tinget.programme.formatting import format_moment
from tinget.programme.models import Organisation, Series, Session
from tinget.programme.permissions import can_edit_series

from ..models import Registration, SeriesSubscription

logger = logging.getLogger(__name__)


Status = Registration.Status


SubStatus = SeriesSubscription.Status


ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITING, Status.AWAITING_APPROVAL)


class RegistrationError(DomainError):
    """A rule of sign-up said no. `message` is translatable text for the person."""

    default_message = _("The registration could not be changed.")


class SignupClosed(RegistrationError):
    default_message = _("Sign-up for this session is closed.")


class SignupDeadlinePassed(SignupClosed):
    """The session's own sign-up deadline is behind us (the session itself is still ahead)."""

    def __init__(self, session: Session | None = None):
        message = None
        if session is not None and session.signup_deadline is not None:
            message = _(
                "Sign-up for this webinar closed on %(deadline)s. If you still want to take "
                "part, please write to the organisers."
            ) % {"deadline": format_moment(session.signup_deadline)}
        super().__init__(message)


class ConfirmationExpired(RegistrationError):
    default_message = _(
        "The confirmation link has expired. Sign up again and we will send you a new one."
    )


class SessionFull(RegistrationError):
    default_message = _("The session is full.")


class AlreadyRegistered(RegistrationError):
    default_message = _("This person is already registered for the session.")


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
    # Sign-ups before the privacy notice: the text of the consent box then required.
    consent_text: str = ""
    # The privacy notice exactly as shown, and the optional consents given
    # ({"<key>": {"text": wording, "given_at": ISO time}}; see registrations/notice.py).
    notice_text: str = ""
    consents: dict = field(default_factory=dict)

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
            "notice_text": self.notice_text,
            "consents": self.consents,
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
    "notice_text",
    "consents",
    "subscription",
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


def _registration_of(registration_id) -> Registration:
    try:
        return Registration.objects.get(pk=registration_id)
    except Registration.DoesNotExist:
        raise RegistrationError(_("The registration does not exist.")) from None


def _session_id_of(registration_id) -> int:
    try:
        return Registration.objects.values_list("session_id", flat=True).get(pk=registration_id)
    except Registration.DoesNotExist:
        raise RegistrationError(_("The registration does not exist.")) from None


def session_open(session: Session) -> bool:
    """Whether anyone can still be registered: an upcoming session of a published series.
    Organisers may add people by hand until then, past the sign-up deadline too."""
    return session.is_upcoming and session.series.status == Series.Status.PUBLISHED


def signup_open(session: Session, *, at=None) -> bool:
    """Whether people can sign up themselves (page, widget, API): the session is open and
    its sign-up deadline (if any) is after ``at`` (default: now)."""
    if not session_open(session):
        return False
    deadline = session.signup_deadline
    return deadline is None or deadline > (at or timezone.now())


def require_signup_open(session: Session, *, at=None) -> None:
    """Raise SignupDeadlinePassed or SignupClosed unless people may sign up at ``at``."""
    if signup_open(session, at=at):
        return
    if session_open(session):
        raise SignupDeadlinePassed(session)
    raise SignupClosed


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


def _locked_get_or_create(model, *, lookup: dict, values: dict):
    """The row matching ``lookup``, locked for this transaction, or a new one made from
    ``lookup`` and ``values``. Returns (row, created).

    Insert or ignore, then read: one INSERT ... ON CONFLICT DO NOTHING (a unique constraint
    on ``lookup`` turns a duplicate into nothing; a simultaneous insert of the same row is
    waited for), then the row, locked. Ours when it carries the random token we made (the
    model has one). Two statements whether the row is new or not, and no savepoint."""
    candidate = model(**{**lookup, **values})
    model.objects.bulk_create([candidate], ignore_conflicts=True)
    row = model.objects.select_for_update(of=("self",)).get(**lookup)
    return row, row.token == candidate.token


def _upcoming_sessions(series_id):
    # Ordered by pk: code that locks several sessions in one transaction locks them in this
    # order (and cancel_subscription in session_id order), so two such transactions cannot
    # deadlock.
    return Session.objects.filter(
        series_id=series_id, status=Session.Status.SCHEDULED, ends_at__gt=timezone.now()
    ).order_by("pk")


def _require_editor(actor, series: Series) -> None:
    if not can_edit_series(actor, series):
        raise PermissionDenied
