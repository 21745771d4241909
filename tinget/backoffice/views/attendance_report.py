"""The Teams attendance report: upload, the check that it is the session's own, the result,
and linking unmatched participants; marking by hand from the registrant list.

A report whose meeting title or day does not fit the session is not applied: the upload is
kept in the organiser's session (the file itself, until they decide) and a page shows what
differs, with "Import anyway" and "Do not import".
"""

from __future__ import annotations

import base64
import binascii

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tinget.registrations.attendance import ORGANISER_ROLES, AttendanceReportError
from tinget.registrations.models import AttendanceImport, Participant
from tinget.registrations.services import (
    AttendanceMarkError,
    AttendanceReportMismatch,
    import_report,
    link_participant,
    mark_attendance,
)

from ..forms import (
    AttendanceUploadForm,
    LinkParticipantForm,
)
from .common import _registration, _session, _session_url, organiser_view
from .registrant_list import _back_to_list

# The upload waiting for the organiser's "Import anyway", by session id.
PENDING_KEY = "tinget_attendance_pending"

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
                    session=session,
                    data=data,
                    filename=upload.name,
                    user=request.user,
                    accept_mismatch=False,
                )
            except AttendanceReportMismatch as mismatch:
                _keep_pending(request, session, data, upload.name)
                return _confirm_page(request, session, mismatch, upload.name)
            except AttendanceReportError as error:
                form.add_error("report", REPORT_ERRORS.get(error.code, REPORT_ERRORS["empty"]))
            else:
                _imported_message(request, result)
                return redirect(_session_url(session, "attendance"))
    return _attendance_page(request, session, form)


def _imported_message(request, result) -> None:
    if result.unchanged:
        messages.info(request, _("This report is already imported. Nothing was changed."))
        return
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


def _keep_pending(request, session, data: bytes, filename: str) -> None:
    pending = dict(request.session.get(PENDING_KEY) or {})
    pending[str(session.pk)] = {
        "data": base64.b64encode(data).decode("ascii"),
        "filename": filename[:255],
    }
    request.session[PENDING_KEY] = pending


def _take_pending(request, session) -> dict | None:
    pending = dict(request.session.get(PENDING_KEY) or {})
    entry = pending.pop(str(session.pk), None)
    request.session[PENDING_KEY] = pending
    return entry if isinstance(entry, dict) else None


def _confirm_page(request, session, mismatch, filename):
    return render(
        request,
        "backoffice/attendance_confirm.html",
        {
            "session": session,
            "series": session.series,
            "filename": filename,
            "mismatches": mismatch.mismatches,
            "participants": len(mismatch.report.participants),
        },
        status=409,
    )


@organiser_view
@require_POST
def attendance_confirm(request, pk):
    """The organiser's answer to "the report does not fit": import it anyway, or do not."""
    session = _session(request, pk, personal=True)
    entry = _take_pending(request, session)
    if request.POST.get("decision") != "import":
        messages.info(request, _("The report was not imported. Nothing was changed."))
        return redirect(_session_url(session, "attendance"))
    try:
        data = base64.b64decode(entry["data"], validate=True) if entry else None
    except (KeyError, TypeError, binascii.Error):
        data = None
    if data is None:
        messages.error(
            request, _("The uploaded report is no longer waiting. Please upload it again.")
        )
        return redirect(_session_url(session, "attendance"))
    try:
        result = import_report(
            session=session,
            data=data,
            filename=str(entry.get("filename", "")),
            user=request.user,
            accept_mismatch=True,
        )
    except AttendanceReportError as error:
        messages.error(request, REPORT_ERRORS.get(error.code, REPORT_ERRORS["empty"]))
    else:
        _imported_message(request, result)
    return redirect(_session_url(session, "attendance"))


@organiser_view
@require_POST
def attendance_mark(request, pk):
    """Mark one registrant attended or missed by hand, from the registrant list."""
    registration = _registration(request, pk)
    decision = request.POST.get("attendance")
    if decision not in ("attended", "missed"):
        messages.error(request, _("Choose attended or did not attend."))
        return _back_to_list(request, registration)
    try:
        marked = mark_attendance(
            registration_id=registration.pk, attended=decision == "attended", user=request.user
        )
    except AttendanceMarkError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(name)s is marked: %(attendance)s.")
            % {"name": marked.name, "attendance": marked.get_attendance_display()},
        )
    return _back_to_list(request, registration)


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
