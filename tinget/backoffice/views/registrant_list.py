"""The registrant list of a session and the hand actions on it (add, cancel, move up)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinget.programme.models import Municipality
from tinget.registrations import services
from tinget.registrations.models import Registration
from tinget.registrations.selectors import series_questions

from .. import selectors
from ..forms import (
    AddRegistrationForm,
    RegistrantFilterForm,
)
from .common import PAGE_SIZE, _registration, _session, _session_url, organiser_view


@organiser_view
def registrants(request, pk):
    session = _session(request, pk, personal=True)
    municipalities = Municipality.objects.order_by("name").values_list("code", "name")
    form = RegistrantFilterForm(request.GET or None, municipalities=municipalities)
    queryset = selectors.registrant_list(session, form.filters())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("side"))
    questions = series_questions(session.series)
    rows = [(row, selectors.answer_cells(row, questions)) for row in page]
    # Attendance can be marked by hand once the session has begun, for those the report
    # does not show.
    begun = session.starts_at <= timezone.now()
    in_report = set()
    if begun:
        in_report = selectors.in_attendance_report(session, [row.pk for row in page])
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "backoffice/registrants.html",
        {
            "session": session,
            "series": session.series,
            "form": form,
            "page": page,
            "rows": rows,
            "questions": questions,
            "begun": begun,
            "in_report": in_report,
            "query": query.urlencode(),
            # Everyone awaiting approval, for the "approve or decline several" form.
            "awaiting": list(
                session.registrations.filter(status=Registration.Status.AWAITING_APPROVAL).order_by(
                    "created_at", "pk"
                )
            ),
            "filtered": any(value for key, value in request.GET.items() if key != "side"),
        },
    )


@organiser_view
def add_registration(request, pk):
    session = _session(request, pk, personal=True)
    form = AddRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        registrant = services.Registrant(
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            organisation_kind=data["organisation_kind"],
            municipality_id=data["municipality"].code if data["municipality"] else None,
            job_title=data["job_title"],
            language=data["language"],
        )
        try:
            registration = services.add_registration_by_organiser(
                session_id=session.pk, registrant=registrant, actor=request.user
            )
        except services.RegistrationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("%(name)s is added: %(status)s.")
                % {"name": registration.name, "status": registration.get_status_display()},
            )
            return redirect(_session_url(session, "registrants"))
    return render(
        request,
        "backoffice/add_registration.html",
        {"session": session, "series": session.series, "form": form},
        status=400 if form.is_bound else 200,
    )


def _back_to_list(request, registration):
    target = request.POST.get("next", "")
    base = _session_url(registration.session, "registrants")
    # Only our own list, with its filters: never an arbitrary URL.
    if target.startswith(base):
        return redirect(target)
    return redirect(base)


@organiser_view
@require_POST
def cancel_registration(request, pk):
    registration = _registration(request, pk)
    try:
        services.cancel_by_organiser(registration_id=registration.pk, actor=request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("The registration of %(name)s is cancelled.") % {"name": registration.name}
        )
    return _back_to_list(request, registration)


@organiser_view
@require_POST
def promote_registration(request, pk):
    registration = _registration(request, pk)
    try:
        services.promote_by_organiser(
            registration_id=registration.pk,
            actor=request.user,
            over_capacity=request.POST.get("over_capacity") == "1",
        )
    except services.SessionFull:
        # Going above capacity is the organiser's explicit decision: ask, then post again.
        session = registration.session
        return render(
            request,
            "backoffice/promote_full.html",
            {
                "session": session,
                "series": session.series,
                "registration": registration,
                "figures": selectors.session_figures(session),
                "next": request.POST.get("next", ""),
            },
            status=409,
        )
    except services.RegistrationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("%(name)s has moved up from the waiting list.") % {"name": registration.name}
        )
    return _back_to_list(request, registration)
