"""What organisers may do with the emails of their series in the outbox: send a failed one
again. The outbox itself (``mailings``) knows no series or user, so the check and the audit
entry live here."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tinget.audit import audit
from tinget.mailings import services as mailings
from tinget.mailings.models import OutboundEmail

from .common import RegistrationError, _require_editor


class NotFailed(RegistrationError):
    default_message = _("Only an email that failed can be sent again.")


@transaction.atomic
def retry_failed_email(*, email: OutboundEmail, actor) -> None:
    """Queue a failed email to a registrant of the series again; it leaves after the commit.

    Raises PermissionDenied (not an editor of the email's series) and NotFailed (the email
    is queued, sent or already retried)."""
    series = email.registration.session.series
    _require_editor(actor, series)
    if not mailings.requeue_failed(email.pk):
        raise NotFailed
    audit(
        "email.retried",
        actor=actor,
        object_type="outboundemail",
        object_id=str(email.pk),
        series=series,
        people=1,
        detail={"template": email.template},
    )
