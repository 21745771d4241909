"""One registration's page: the person's details, answers to the series' extra questions,
the consent text they were shown, their history and the emails sent to them.

Viewers get 403 (personal data) and organisers of other series 404, as on the list.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy

from tinget.mailings.models import OutboundEmail
from tinget.programme.models import AuditEntry
from tinget.registrations import notice
from tinget.registrations.selectors import series_questions

from .. import selectors
from .common import _registration, organiser_view

HISTORY_LIMIT = 50
EMAIL_LIMIT = 50
# What the history on a registration's page calls each audit action.
HISTORY_LABELS = {
    "registration.created": gettext_lazy("Signed up"),
    "registration.reactivated": gettext_lazy("Signed up again"),
    "registration.confirmed": gettext_lazy("Got a seat"),
    "registration.waiting": gettext_lazy("Put on the waiting list"),
    "registration.promoted": gettext_lazy("Moved up from the waiting list"),
    "registration.awaiting_approval": gettext_lazy("Confirmed their email, awaits approval"),
    "registration.approved": gettext_lazy("Approved"),
    "registration.declined": gettext_lazy("Declined"),
    "registration.cancelled": gettext_lazy("Registration cancelled"),
    "registration.expired": gettext_lazy("Expired without confirmation"),
    "registration.details_changed": gettext_lazy("Changed their details"),
    "registration.attendance_marked": gettext_lazy("Attendance marked by hand"),
}


def _history(registration) -> list[dict]:
    entries = AuditEntry.objects.filter(
        object_type="registration", object_id=str(registration.pk)
    ).select_related("actor")[:HISTORY_LIMIT]
    return [
        {
            "when": entry.created_at,
            "what": HISTORY_LABELS.get(entry.action, entry.action),
            "who": entry.actor.get_full_name() or entry.actor.username if entry.actor else "",
        }
        for entry in entries
    ]


@organiser_view
def registration_detail(request, pk):
    """Everything about one registration: details, answers, consent, history and emails."""
    registration = _registration(request, pk)
    session = registration.session
    questions = series_questions(session.series)
    emails = OutboundEmail.objects.filter(registration=registration).only(
        "subject", "status", "created_at", "sent_at", "last_error", "to"
    )[:EMAIL_LIMIT]
    return render(
        request,
        "backoffice/registration.html",
        {
            "session": session,
            "series": session.series,
            "registration": registration,
            "answers": selectors.answer_list(registration, questions),
            "notice_text": notice.notice_shown(registration),
            "consents": notice.consent_records(registration),
            "history": _history(registration),
            "emails": emails,
        },
    )
