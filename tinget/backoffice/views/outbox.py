"""The series' outbox: what Tinget sent to whom and when, what is waiting and what failed
(in plain words), filtered by session and status; a failed email can be sent again.

The list shows email addresses, so it is for the series' editors (viewers get 403, other
organisations 404, as every screen with personal data)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tinget.mailings.models import OutboundEmail
from tinget.programme.permissions import can_view_personal_data
from tinget.registrations import email_kinds, services

from .. import selectors
from ..forms import OutboxFilterForm
from .common import PAGE_SIZE, _series, organiser_view

# The start of each reason mailings.services.classify() records, and what it means to an
# organiser. The technical reason is shown below it, for whoever runs the mail server.
_UNREACHABLE = gettext_lazy("Tinget could not reach its mail server.")
NOT_SENT = "not sent:"
_REASONS = (
    (
        NOT_SENT,
        gettext_lazy(
            "Not sent: the registration changed before the email went out, "
            "so what it said was no longer true."
        ),
    ),
    ("recipient refused", gettext_lazy("The recipient's mail server refused the address.")),
    ("message refused", gettext_lazy("The recipient's mail server refused the email.")),
    ("address or content cannot be sent", gettext_lazy("The address cannot receive email.")),
    ("reset:", gettext_lazy("Sending was interrupted. Tinget tries again.")),
    ("server disconnected", _UNREACHABLE),
    ("ConnectionRefusedError", _UNREACHABLE),
    ("TimeoutError", _UNREACHABLE),
    ("SMTP", gettext_lazy("Tinget's mail server did not accept the email.")),
)


def plain_error(reason: str) -> str:
    """What went wrong, in the organiser's language, for a stored `last_error`."""
    if not reason:
        return ""
    given_up = reason.startswith("gave up after")
    core = reason.split(": ", 1)[1] if given_up and ": " in reason else reason
    text = _("Sending failed.")
    for start, meaning in _REASONS:
        if core.startswith(start):
            text = str(meaning)
            break
    if given_up:
        text = _("%(reason)s Tinget has stopped trying.") % {"reason": text}
    return text


def _series_for_people(request, slug):
    series = _series(request, slug)
    if not can_view_personal_data(request.user, series):
        raise PermissionDenied
    return series


@organiser_view
def outbox(request, slug):
    series = _series_for_people(request, slug)
    sessions = list(series.sessions.order_by("starts_at", "pk"))
    form = OutboxFilterForm(request.GET or None, sessions=sessions)
    queryset = selectors.series_outbox(series, form.filters())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("side"))
    rows = [
        {
            "email": email,
            "kind": email_kinds.label(email.template),
            "problem": plain_error(email.last_error),
            # Not sent because it no longer applied: sending it again would say the same.
            "retryable": email.status == OutboundEmail.Status.FAILED
            and not email.last_error.startswith(NOT_SENT),
        }
        for email in page
    ]
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "backoffice/outbox.html",
        {
            "series": series,
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "filtered": any(value for key, value in request.GET.items() if key != "side"),
        },
    )


@organiser_view
@require_POST
def outbox_retry(request, slug, pk):
    series = _series_for_people(request, slug)
    email = get_object_or_404(
        OutboundEmail.objects.select_related("registration__session__series"),
        pk=pk,
        registration__session__series=series,
    )
    try:
        services.retry_failed_email(email=email, actor=request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("The email to %(address)s is queued again.") % {"address": email.to}
        )
    target = request.POST.get("next", "")
    base = reverse("backoffice:outbox", kwargs={"slug": series.slug})
    # Only our own list, with its filters: never an arbitrary URL.
    return redirect(target if target.startswith(base) else base)
