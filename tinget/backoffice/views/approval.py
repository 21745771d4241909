"""Approving and declining sign-ups for sessions whose organisers approve each one: one
person at a time from the registrant list, or several chosen at once. Editors only (a
viewer gets 403, another organisation's editor 404); the writes are
``registrations.services.approval``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tinget.registrations import services
from tinget.registrations.models import Registration

from .common import _registration, _session, _session_url, organiser_view, posted_id
from .registrant_list import _back_to_list


def _decided(registration: Registration) -> str:
    if registration.status == Registration.Status.CONFIRMED:
        return _("%(name)s is approved and registered. They get the invitation.")
    if registration.status == Registration.Status.WAITING:
        return _("%(name)s is approved, but the session is full: they are on the waiting list.")
    return _("%(name)s is declined and gets a polite email about it.")


def _decide(request, pk, decide):
    """Run one decision (approve or decline) on one sign-up and say how it went."""
    registration = _registration(request, pk)
    try:
        decided = decide(registration_id=registration.pk, actor=request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _decided(decided) % {"name": registration.name})
    return _back_to_list(request, registration)


@organiser_view
@require_POST
def approve_registration(request, pk):
    return _decide(request, pk, services.approve_registration)


@organiser_view
@require_POST
def decline_registration(request, pk):
    return _decide(request, pk, services.decline_registration)


def _chosen_ids(request) -> list[int]:
    """The ids ticked in the form; anything else (text, "²", a number no row can have) is
    left out rather than answered with an error page."""
    ids = (posted_id(value) for value in request.POST.getlist("registration"))
    return [pk for pk in ids if pk is not None]


@organiser_view
@require_POST
def decide_registrations(request, pk):
    """The chosen people of this session who await approval, approved or declined at once."""
    session = _session(request, pk, personal=True)
    back = redirect(_session_url(session, "registrants"))
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        messages.error(request, _("Choose whether to approve or decline."))
        return back
    ids = list(
        Registration.objects.filter(
            session=session,
            status=Registration.Status.AWAITING_APPROVAL,
            pk__in=_chosen_ids(request),
        ).values_list("pk", flat=True)
    )
    if not ids:
        messages.error(request, _("Choose at least one person awaiting approval."))
        return back
    try:
        decided = services.decide_registrations(
            registration_ids=ids, approve=decision == "approve", actor=request.user
        )
    except services.RegistrationError as error:
        messages.error(request, str(error.message))
        return back
    if decision == "approve":
        waiting = sum(1 for r in decided if r.status == Registration.Status.WAITING)
        text = ngettext(
            "%(count)d person is approved.", "%(count)d people are approved.", len(decided)
        ) % {"count": len(decided)}
        if waiting:
            text += " " + ngettext(
                "%(count)d of them is on the waiting list: the session is full.",
                "%(count)d of them are on the waiting list: the session is full.",
                waiting,
            ) % {"count": waiting}
    else:
        text = ngettext(
            "%(count)d person is declined and told so.",
            "%(count)d people are declined and told so.",
            len(decided),
        ) % {"count": len(decided)}
    messages.success(request, text)
    return back
