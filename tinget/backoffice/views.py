"""Organiser screens under /arrangoer/: dashboards, registrants, exports, messages,
Teams attendance and follow-ups; plus the public feedback form reached by a token.

Who may see what (tinget.programme.permissions): an organiser sees the series of their
organisations and nothing else (404 for the rest, so other series do not even show that
they exist). Viewers see figures; the screens with personal data (registrant list, exports,
messages, attendance, follow-ups) answer them 403. Anonymous visitors go to the login page;
logged-in users who are not staff get 403.
"""

from __future__ import annotations

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tinget.programme.models import AuditEntry, Material, Membership, Municipality, Series, Session
from tinget.programme.permissions import can_view_personal_data, series_for_user
from tinget.registrations.attendance import AttendanceReportError, import_report, link_participant
from tinget.registrations.models import AttendanceImport, Feedback, Participant, Registration

from . import exports, selectors
from .forms import (
    GROUP_CHOICES,
    AddRegistrationForm,
    AttendanceUploadForm,
    FeedbackForm,
    FollowUpForm,
    LinkParticipantForm,
    MessageForm,
    RecapForm,
    RegistrantFilterForm,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
MESSAGE_TEMPLATE = "organiser_message_to_registrant"
FOLLOWUP_TEMPLATES = {
    "attended": "followup_attended_to_registrant",
    "missed": "followup_missed_to_registrant",
}

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


# --- access -------------------------------------------------------------------------------


def organiser_view(view):
    """Login required (else the login page); staff only; PermissionDenied → our 403 page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            if not user.is_active or not (user.is_staff or user.is_superuser):
                raise PermissionDenied
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return render(request, "backoffice/forbidden.html", status=403)

    return wrapper


def _series(request, slug: str) -> Series:
    return get_object_or_404(series_for_user(request.user), slug=slug)


def _session(request, pk: int, *, personal: bool = False) -> Session:
    """A session of a series the user may open; 403 for a viewer when personal data shows."""
    session = get_object_or_404(
        Session.objects.select_related("series").filter(series__in=series_for_user(request.user)),
        pk=pk,
    )
    if personal and not can_view_personal_data(request.user, session.series):
        raise PermissionDenied
    return session


def _registration(request, pk: int) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("session__series").filter(
            session__series__in=series_for_user(request.user)
        ),
        pk=pk,
    )
    if not can_view_personal_data(request.user, registration.session.series):
        raise PermissionDenied
    return registration


def _audit(request, action: str, session: Session, people: int, **detail) -> None:
    AuditEntry.objects.create(
        actor=request.user,
        action=action,
        object_type="session",
        object_id=str(session.pk),
        series=session.series,
        people_count=people,
        detail=detail,
    )


def _session_url(session: Session, name: str = "session") -> str:
    return reverse(f"backoffice:{name}", kwargs={"pk": session.pk})


# --- dashboards -----------------------------------------------------------------------------


@organiser_view
def home(request):
    series_list = series_for_user(request.user).order_by("title")
    can_import = (
        request.user.is_superuser
        or request.user.memberships.filter(role=Membership.Role.EDITOR).exists()
    )
    return render(
        request, "backoffice/home.html", {"series_list": series_list, "can_import": can_import}
    )


@organiser_view
def series_dashboard(request, slug):
    series = _series(request, slug)
    dashboard = selectors.series_dashboard(series)
    return render(
        request,
        "backoffice/series.html",
        {
            "series": series,
            "dashboard": dashboard,
            "can_see_people": can_view_personal_data(request.user, series),
        },
    )


@organiser_view
def session_dashboard(request, pk):
    session = _session(request, pk)
    can_see_people = can_view_personal_data(request.user, session.series)
    comments = []
    if can_see_people:
        comments = list(
            Feedback.objects.filter(registration__session=session)
            .exclude(comment="")
            .order_by("-created_at")
            .values("score", "comment", "created_at")[:200]
        )
    return render(
        request,
        "backoffice/session.html",
        {
            "session": session,
            "series": session.series,
            "figures": selectors.session_figures(session),
            "latest_import": AttendanceImport.objects.filter(session=session).first(),
            "comments": comments,
            "can_see_people": can_see_people,
        },
    )


# --- registrants -----------------------------------------------------------------------------


@organiser_view
def registrants(request, pk):
    session = _session(request, pk, personal=True)
    municipalities = Municipality.objects.order_by("name").values_list("code", "name")
    form = RegistrantFilterForm(request.GET or None, municipalities=municipalities)
    queryset = selectors.registrant_list(session, form.filters())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("side"))
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
            "query": query.urlencode(),
            "filtered": any(value for key, value in request.GET.items() if key != "side"),
        },
    )


# --- exports ---------------------------------------------------------------------------------


def _export_filename(session: Session, extension: str) -> str:
    day = timezone.localtime(session.starts_at).strftime("%Y-%m-%d")
    return f"tilmeldte-{session.series.slug}-{day}-{session.pk}.{extension}"


@organiser_view
def export_csv(request, pk):
    session = _session(request, pk, personal=True)
    count = exports.count_exportable(session)
    _audit(request, "registrations.exported", session, count, format="csv")
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in exports.csv_stream(session)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(session, "csv")}"'
    response["Cache-Control"] = "no-store"
    return response


@organiser_view
def export_xlsx(request, pk):
    session = _session(request, pk, personal=True)
    count = exports.count_exportable(session)
    _audit(request, "registrations.exported", session, count, format="xlsx")
    response = FileResponse(
        exports.xlsx_file(session),
        as_attachment=True,
        filename=_export_filename(session, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "no-store"
    return response


# --- messages --------------------------------------------------------------------------------


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
        _audit(
            request,
            "message.sent",
            session,
            count,
            group=data["group"],
            subject=data["subject"],
            key=key,
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


# --- attendance ------------------------------------------------------------------------------


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
            if participant.role.strip().lower() in _organiser_roles():
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


def _organiser_roles():
    from tinget.registrations.attendance import ORGANISER_ROLES

    return ORGANISER_ROLES


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


# --- follow-up -------------------------------------------------------------------------------


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
        _audit(request, f"followup.{kind}.sent", session, queued, template=template)
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


# --- hand actions (through the registrations services) ---------------------------------


@organiser_view
def add_registration(request, pk):
    session = _session(request, pk, personal=True)
    form = AddRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from tinget.registrations import services

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
    from tinget.registrations import services

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
    from tinget.registrations import services

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


# --- public feedback form ----------------------------------------------------------------


def feedback(request, token):
    """The short form in the follow-up emails: one answer per registration."""
    registration = (
        Registration.objects.select_related("session__series")
        .filter(token=token, status=Registration.Status.CONFIRMED)
        # Someone who deleted their data has no name left (and a new token anyway).
        .exclude(name="")
        .first()
    )
    if registration is None:
        raise Http404
    session = registration.session
    context = {"session": session, "series": session.series}
    if Feedback.objects.filter(registration=registration).exists():
        return render(request, "backoffice/feedback_thanks.html", {**context, "already": True})
    if session.starts_at > timezone.now():
        return render(request, "backoffice/feedback_thanks.html", {**context, "too_early": True})
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                Feedback.objects.create(
                    registration=registration,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"].strip(),
                )
        except IntegrityError:
            # Sent twice at once: the first answer counts.
            pass
        return render(request, "backoffice/feedback_thanks.html", context)
    return render(
        request,
        "backoffice/feedback.html",
        {**context, "form": form},
        status=400 if form.is_bound else 200,
    )
