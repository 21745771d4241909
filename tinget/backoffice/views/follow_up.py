"""Follow-up emails after a session, to those who came and those who did not."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinget.mailings.models import OutboundEmail
from tinget.programme.markdown import render_markdown
from tinget.programme.models import Material, Session
from tinget.programme.services import update_session
from tinget.registrations import selectors as registration_selectors
from tinget.registrations import services
from tinget.registrations.models import AttendanceImport
from tinget.registrations.organiser_emails import FOLLOWUP_TEMPLATES

from ..forms import (
    FollowUpForm,
    RecapForm,
)
from .common import _session, _session_url, organiser_view


def _followup_counts(session: Session) -> dict[str, dict[str, int]]:
    """Per kind: how many get it and how many already got it (never sent twice)."""
    result = {}
    for kind in FOLLOWUP_TEMPLATES:
        recipients = registration_selectors.recipients(session, kind)
        total = recipients.count()
        sent = OutboundEmail.objects.filter(
            template=FOLLOWUP_TEMPLATES[kind], registration__in=recipients
        ).count()
        result[kind] = {"total": total, "sent": sent, "pending": total - sent}
    return result


@organiser_view
def followup(request, pk):
    """Recap (Markdown, shown publicly) and the follow-up emails after the session."""
    session = _session(request, pk, personal=True)
    recap_form = RecapForm(instance=session)
    recap_preview = render_markdown(session.recap)
    previewing = request.method == "POST" and "preview_recap" in request.POST
    if previewing:
        # The text as it would look, before it is saved (nothing is saved).
        recap_form = RecapForm(request.POST, instance=Session.objects.get(pk=session.pk))
        recap_preview = render_markdown(request.POST.get("recap", ""))
    elif request.method == "POST" and "save_recap" in request.POST:
        recap_form = RecapForm(request.POST, instance=Session.objects.get(pk=session.pk))
        if recap_form.is_valid():
            try:
                update_session(
                    user=request.user, session=session, recap=recap_form.cleaned_data["recap"]
                )
            except ValidationError as error:
                recap_form.add_error(None, error)
            else:
                messages.success(request, _("The recap is saved and shown on the session page."))
                return redirect(_session_url(session, "followup"))
    elif request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            return _send_followups(request, session, form.cleaned_data["kind"])
    materials = list(Material.objects.filter(session=session).order_by("order", "id"))
    return render(
        request,
        "backoffice/followup.html",
        {
            "session": session,
            "series": session.series,
            "recap_form": recap_form,
            "recap_preview": recap_preview,
            "previewing_recap": previewing,
            "materials": materials,
            "counts": _followup_counts(session),
            "next_session": registration_selectors.next_session(session),
            "is_over": session.ends_at <= timezone.now(),
            "has_import": AttendanceImport.objects.filter(session=session).exists(),
            "admin_materials_url": _admin_materials_url(session),
        },
    )


def _admin_materials_url(session):
    try:
        return reverse("admin:programme_session_change", args=[session.pk])
    except Exception:  # the admin registration is another engineer's
        return ""


def _send_followups(request, session: Session, kind: str):
    try:
        queued = services.send_followups(session_id=session.pk, kind=kind, actor=request.user)
    except services.SessionNotOver as error:
        messages.error(request, error.message)
        return redirect(_session_url(session, "followup"))
    messages.success(
        request,
        ngettext(
            "%(count)d follow-up email is in the outbox.",
            "%(count)d follow-up emails are in the outbox.",
            queued,
        )
        % {"count": queued},
    )
    return redirect(_session_url(session, "followup"))
