"""A message from the organiser to a group of a session's registrants."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from tinget.programme.models import Session
from tinget.registrations import organiser_emails, services
from tinget.registrations import selectors as registration_selectors

from ..forms import (
    GROUP_CHOICES,
    MessageForm,
)
from .common import _session, _session_url, organiser_view


def _group_counts(session: Session) -> dict[str, int]:
    return {
        key: registration_selectors.recipients(session, key).count()
        for key, _label in GROUP_CHOICES
    }


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
    recipients = registration_selectors.recipients(session, data["group"])
    count = counts[data["group"]]
    if "send" not in request.POST or data.get("expected") != count:
        return _message_preview(
            request, session, form, recipients, count, changed="send" in request.POST
        )
    count = services.send_message_to_group(
        session_id=session.pk,
        group=data["group"],
        subject=data["subject"],
        body=data["body"],
        actor=request.user,
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
    data = form.cleaned_data
    sample = recipients.select_related("session__series").first()
    preview = None
    if sample is not None:
        subject, text = organiser_emails.preview_organiser_message(
            sample, subject=data["subject"], body=data["body"]
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
