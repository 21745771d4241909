"""A message from the organiser to a group of a session's registrants."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from tinget.audit import audit
from tinget.programme.models import Session
from tinget.registrations.models import Registration

from .. import selectors
from ..forms import (
    GROUP_CHOICES,
    MessageForm,
)
from .common import _session, _session_url, organiser_view

MESSAGE_TEMPLATE = "organiser_message_to_registrant"


def _group_counts(session: Session) -> dict[str, int]:
    return {key: selectors.recipients(session, key).count() for key, _label in GROUP_CHOICES}


def _email_context(registration: Registration, session: Session, **extra) -> dict:
    """What the back office's email templates get, in the recipient's language."""
    from tinget.programme.formatting import session_when

    language = registration.language or "da"
    with translation.override(language):
        try:
            manage_url = settings.TINGET_BASE_URL + reverse(
                "registrations:manage", kwargs={"token": registration.token}
            )
        except Exception:  # the manage page is another engineer's; mail works without it
            manage_url = ""
        return {
            "registration": registration,
            "name": registration.name,
            "session": session,
            "series": session.series,
            "title": session.display_title,
            "when": session_when(session, language),
            "session_url": settings.TINGET_BASE_URL + session.get_absolute_url(),
            "contact_email": session.series.contact_email,
            "manage_url": manage_url,
            **extra,
        }


def _message_key(session: Session, data: dict) -> str:
    text = "\n".join([data["group"], data["subject"], data["body"]])
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@organiser_view
def message(request, pk):
    """Two steps: write (group, subject, text) → preview with the count → send."""
    session = _session(request, pk, personal=True)
    counts = _group_counts(session)
    if request.method != "POST":
        form = MessageForm(initial={"group": request.GET.get("gruppe", "confirmed")})
        return _message_form(request, session, form, counts)
    form = MessageForm(request.POST)
    if not form.is_valid() or "edit" in request.POST:
        return _message_form(request, session, form, counts)
    data = form.cleaned_data
    recipients = selectors.recipients(session, data["group"])
    count = counts[data["group"]]
    if "send" not in request.POST or data.get("expected") != count:
        return _message_preview(
            request, session, form, recipients, count, changed="send" in request.POST
        )
    key = _message_key(session, data)
    from tinget.mailings.services import batched_sending, queue_email

    with transaction.atomic(), batched_sending():
        for registration in recipients.select_related("session__series").iterator(chunk_size=500):
            queue_email(
                to=registration.email,
                template=MESSAGE_TEMPLATE,
                context=_email_context(
                    registration, session, subject=data["subject"], body=data["body"]
                ),
                language=registration.language or "da",
                registration=registration,
                dedupe_key=f"message:{key}:{registration.pk}",
                reply_to=session.series.contact_email,
            )
        audit(
            "message.sent",
            actor=request.user,
            obj=session,
            series=session.series,
            people=count,
            detail={"group": data["group"], "subject": data["subject"], "key": key},
        )
    messages.success(
        request,
        ngettext(
            "The message is in the outbox for %(count)d person.",
            "The message is in the outbox for %(count)d people.",
            count,
        )
        % {"count": count},
    )
    return redirect(_session_url(session))


def _message_form(request, session, form, counts):
    return render(
        request,
        "backoffice/message.html",
        {
            "session": session,
            "series": session.series,
            "form": form,
            "groups": [(key, label, counts[key]) for key, label in GROUP_CHOICES],
        },
    )


def _message_preview(request, session, form, recipients, count, *, changed=False):
    from tinget.mailings.services import render_email

    data = form.cleaned_data
    sample = recipients.first()
    preview = None
    if sample is not None:
        language = sample.language or "da"
        subject, text, _html = render_email(
            MESSAGE_TEMPLATE,
            _email_context(sample, session, subject=data["subject"], body=data["body"]),
            language,
        )
        preview = {"subject": subject, "text": text, "to": sample.email}
    confirm = MessageForm(
        initial={**data, "expected": count},
    )
    return render(
        request,
        "backoffice/message_preview.html",
        {
            "session": session,
            "series": session.series,
            "form": confirm,
            "data": data,
            "group_label": dict(GROUP_CHOICES)[data["group"]],
            "count": count,
            "preview": preview,
            "changed": changed,
        },
    )
