"""Follow-up emails after a session, to those who came and those who did not."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinget.audit import audit
from tinget.programme.models import Material, Session
from tinget.registrations.models import AttendanceImport, Registration

from .. import selectors
from ..forms import (
    FollowUpForm,
    RecapForm,
)
from .common import _session, _session_url, organiser_view
from .group_message import _email_context

FOLLOWUP_TEMPLATES = {
    "attended": "followup_attended_to_registrant",
    "missed": "followup_missed_to_registrant",
}


def _absolute(href: str) -> str:
    return settings.TINGET_BASE_URL + href if href.startswith("/") else href


def _followup_context(registration: Registration, session: Session, kind: str, extras) -> dict:
    from tinget.programme.markdown import markdown_to_email_text, render_markdown

    language = registration.language or "da"
    with translation.override(language):
        feedback_url = settings.TINGET_BASE_URL + reverse(
            "feedback:form", kwargs={"token": registration.token}
        )
        next_url = (
            settings.TINGET_BASE_URL + extras["next"].get_absolute_url() if extras["next"] else ""
        )
    from tinget.programme.formatting import session_when

    return _email_context(
        registration,
        session,
        kind=kind,
        recap_html=render_markdown(session.recap),
        recap_text=markdown_to_email_text(session.recap),
        materials=[m for m in extras["materials"] if m["kind"] != Material.Kind.RECORDING],
        recordings=[m for m in extras["materials"] if m["kind"] == Material.Kind.RECORDING],
        next_session=extras["next"],
        next_url=next_url,
        next_when=session_when(extras["next"], language) if extras["next"] else "",
        feedback_url=feedback_url,
    )


def _followup_counts(session: Session) -> dict[str, dict[str, int]]:
    """Per kind: how many get it and how many already got it (never sent twice)."""
    from tinget.mailings.models import OutboundEmail

    result = {}
    for kind in FOLLOWUP_TEMPLATES:
        recipients = selectors.recipients(session, kind)
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
    if request.method == "POST" and "save_recap" in request.POST:
        recap_form = RecapForm(request.POST, instance=Session.objects.get(pk=session.pk))
        if recap_form.is_valid():
            from tinget.programme.services import update_session

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
    from tinget.programme.markdown import render_markdown

    materials = list(Material.objects.filter(session=session).order_by("order", "id"))
    return render(
        request,
        "backoffice/followup.html",
        {
            "session": session,
            "series": session.series,
            "recap_form": recap_form,
            "recap_preview": render_markdown(session.recap),
            "materials": materials,
            "counts": _followup_counts(session),
            "next_session": selectors.next_session(session),
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
    from tinget.mailings.services import batched_sending, queue_email

    if session.ends_at > timezone.now():
        messages.error(request, _("Follow-up emails can be sent when the session is over."))
        return redirect(_session_url(session, "followup"))
    extras = {
        "materials": [
            {"title": m.title, "href": _absolute(m.href), "kind": m.kind}
            for m in Material.objects.filter(session=session).order_by("order", "id")
            if m.href
        ],
        "next": selectors.next_session(session),
    }
    template = FOLLOWUP_TEMPLATES[kind]
    queued = 0
    with transaction.atomic(), batched_sending():
        for registration in (
            selectors.recipients(session, kind)
            .select_related("session__series")
            .iterator(chunk_size=500)
        ):
            email = queue_email(
                to=registration.email,
                template=template,
                context=_followup_context(registration, session, kind, extras),
                language=registration.language or "da",
                registration=registration,
                dedupe_key=f"followup:{kind}:{registration.pk}",
                reply_to=session.series.contact_email,
            )
            queued += 1 if getattr(email, "is_new", True) else 0
        audit(
            f"followup.{kind}.sent",
            actor=request.user,
            obj=session,
            series=session.series,
            people=queued,
            detail={"template": template},
        )
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
