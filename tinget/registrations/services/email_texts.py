"""The series' own email texts, written by its editors from the back office: save, reset
to the default, send a test. Each checks that the acting user may edit the series, refuses
a text whose placeholders or brackets cannot be used (ValidationError by field, in the
active language), and is audited (the event and language, never the text)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinget.audit import audit
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import Series

from .. import email_preview, email_texts
from ..models import EmailText, Language
from .common import _require_editor


def _check(event: str, language: str, subject: str, body: str) -> tuple[str, str]:
    if event not in email_texts.KINDS or language not in Language.values:
        raise ValidationError(_("This email cannot be edited."))
    subject = " ".join(subject.split())
    body = body.strip().replace("\r\n", "\n")
    errors = {}
    if not subject:
        errors["subject"] = [_("Write a subject.")]
    elif len(subject) > email_texts.SUBJECT_MAX:
        errors["subject"] = [_("Write a shorter subject.")]
    elif found := email_texts.problems(event, subject):
        errors["subject"] = found
    if not body:
        errors["body"] = [_("Write the text.")]
    elif len(body) > email_texts.BODY_MAX:
        errors["body"] = [_("Write a shorter text.")]
    elif found := email_texts.problems(event, body):
        errors["body"] = found
    if errors:
        raise ValidationError(errors)
    return subject, body


@transaction.atomic
def save_email_text(
    *, series: Series, event: str, language: str, subject: str, body: str, actor
) -> EmailText:
    """Store the series' subject and opening text for one email and language; every email
    of that kind queued from now on uses it. Raises PermissionDenied, ValidationError."""
    _require_editor(actor, series)
    subject, body = _check(event, language, subject, body)
    text, created = EmailText.objects.update_or_create(
        series=series,
        event=event,
        language=language,
        defaults={"subject": subject, "body": body, "updated_at": timezone.now()},
    )
    email_texts.forget(series)
    audit(
        "email_text.saved",
        actor=actor,
        obj=text,
        series=series,
        detail={"event": event, "language": language, "created": created},
    )
    return text


@transaction.atomic
def reset_email_text(*, series: Series, event: str, language: str, actor) -> bool:
    """Back to the default wording; True when the series had its own text. Raises
    PermissionDenied."""
    _require_editor(actor, series)
    deleted, _by_model = EmailText.objects.filter(
        series=series, event=event, language=language
    ).delete()
    email_texts.forget(series)
    if deleted:
        audit(
            "email_text.reset",
            actor=actor,
            object_type="emailtext",
            series=series,
            detail={"event": event, "language": language},
        )
    return bool(deleted)


@transaction.atomic
def send_test_email(
    *, series: Series, event: str, language: str, subject: str, body: str, actor
) -> OutboundEmail:
    """The email with this text (saved or not) to the acting organiser's own address,
    marked as a test; it leaves after the commit. Raises PermissionDenied, ValidationError
    (the text, or an account without an email address)."""
    _require_editor(actor, series)
    subject, body = _check(event, language, subject, body)
    if not actor.email:
        raise ValidationError(_("Your account has no email address to send the test to."))
    email = email_preview.queue_test(
        series=series, event=event, language=language, subject=subject, body=body, to=actor.email
    )
    audit(
        "email_text.test_sent",
        actor=actor,
        object_type="outboundemail",
        object_id=str(email.pk),
        series=series,
        detail={"event": event, "language": language},
    )
    return email
