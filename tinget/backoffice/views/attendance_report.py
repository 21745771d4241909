"""The Teams attendance report: upload, result, and linking unmatched participants."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tinget.registrations.attendance import ORGANISER_ROLES, AttendanceReportError
from tinget.registrations.models import AttendanceImport, Participant
from tinget.registrations.services import import_report, link_participant

from ..forms import (
    AttendanceUploadForm,
    LinkParticipantForm,
)
from .common import _session, _session_url, organiser_view

REPORT_ERRORS = {
    "empty": gettext_lazy("The file is empty. Download the report from Teams again."),
    "binary": gettext_lazy(
        "The file is not a text file. Download the attendance report from Teams as .csv "
        "(not as an Excel workbook or PDF)."
    ),
    "not_started": gettext_lazy(
        "The session has not taken place yet. Upload the attendance report after the session."
    ),
    "no_participants": gettext_lazy(
        "We could not find a list of participants in the file. Is it the attendance "
        "report from Teams?"
    ),
}


@organiser_view
def attendance(request, pk):
    session = _session(request, pk, personal=True)
    form = AttendanceUploadForm()
    if request.method == "POST":
        form = AttendanceUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["report"]
            data = upload.read()
            try:
                result = import_report(
                    session=session, data=data, filename=upload.name, user=request.user
                )
            except AttendanceReportError as error:
                form.add_error("report", REPORT_ERRORS.get(error.code, REPORT_ERRORS["empty"]))
            else:
                if result.unchanged:
                    messages.info(
                        request, _("This report is already imported. Nothing was changed.")
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Attendance is imported: %(matched)d attended, %(missed)d did not "
                            "attend, and %(unmatched)d in the report were not matched."
                        )
                        % {
                            "matched": result.matched,
                            "missed": result.missed,
                            "unmatched": result.unmatched,
                        },
                    )
                return redirect(_session_url(session, "attendance"))
    return _attendance_page(request, session, form)


def _attendance_page(request, session, form, link_form=None, link_participant_id=None, status=200):
    latest = AttendanceImport.objects.filter(session=session).first()
    unmatched = []
    others = []
    if latest is not None:
        for participant in Participant.objects.filter(
            attendance_import=latest, registration__isnull=True
        ):
            if participant.role.strip().lower() in ORGANISER_ROLES:
                others.append(participant)
            else:
                unmatched.append(participant)
    link_form_blank = LinkParticipantForm(session=session)
    return render(
        request,
        "backoffice/attendance.html",
        {
            "session": session,
            "series": session.series,
            "form": form,
            "latest": latest,
            "unmatched": unmatched,
            "others": others,
            "link_form": link_form,
            "link_participant_id": link_participant_id,
            "choices": list(link_form_blank.fields["registration"].queryset),
        },
        status=status,
    )


@organiser_view
@require_POST
def link(request, pk):
    session = _session(request, pk, personal=True)
    form = LinkParticipantForm(request.POST, session=session)
    participant = None
    if form.is_valid():
        participant = Participant.objects.filter(
            pk=form.cleaned_data["participant"],
            attendance_import__session=session,
            registration__isnull=True,
        ).first()
        if participant is None:
            raise Http404
        registration = form.cleaned_data["registration"]
        result = link_participant(
            participant=participant, registration=registration, user=request.user
        )
        messages.success(
            request,
            _("%(participant)s is linked to %(registration)s. Attended now: %(matched)d.")
            % {
                "participant": participant.name,
                "registration": registration.name or registration.email,
                "matched": result.matched,
            },
        )
        return redirect(_session_url(session, "attendance"))
    return _attendance_page(
        request,
        session,
        AttendanceUploadForm(),
        link_form=form,
        link_participant_id=form.data.get("participant"),
        status=400,
    )
