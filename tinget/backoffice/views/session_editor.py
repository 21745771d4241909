"""Organiser screens for sessions: add, edit (time, join link, capacity …), duplicate,
cancel and mark as held.

A change registrants must hear about (time, join link, cancellation) first shows who will
be told and the email they will get; the organiser sends it or saves without telling
anyone. A capacity below the number already registered is refused: nobody is ever moved
back to the waiting list.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tinget.programme import services
from tinget.programme.models import Session
from tinget.programme.permissions import can_edit_series, series_for_user
from tinget.registrations import notifications
from tinget.registrations.models import Registration

from ..forms_editor import CancelSessionForm, DuplicateSessionForm, NotifyForm, SessionForm
from .common import organiser_view
from .series_editor import _form_errors, _series

# How many names the "who will be told" page lists before "and N more".
SHOWN_RECIPIENTS = 50


def _session(request, pk: int) -> Session:
    """A session of a series the user may open; 403 unless they may change it."""
    session = get_object_or_404(
        Session.objects.select_related("series").filter(series__in=series_for_user(request.user)),
        pk=pk,
    )
    if not can_edit_series(request.user, session.series):
        raise PermissionDenied
    return session


def _edit_url(session: Session) -> str:
    return reverse("backoffice:session_edit", kwargs={"pk": session.pk})


def _confirmed(session: Session) -> int:
    return Registration.objects.filter(
        session=session, status=Registration.Status.CONFIRMED
    ).count()


def _check_capacity(form, session: Session | None) -> None:
    capacity = form.cleaned_data.get("capacity")
    if session is None or capacity is None:
        return
    confirmed = _confirmed(session)
    if capacity < confirmed:
        form.add_error(
            "capacity",
            ngettext(
                "%(count)d person is already registered, so the capacity cannot be lower than "
                "%(count)d. Nobody is moved to the waiting list.",
                "%(count)d people are already registered, so the capacity cannot be lower than "
                "%(count)d. Nobody is moved to the waiting list.",
                confirmed,
            )
            % {"count": confirmed},
        )


@organiser_view
def session_create(request, slug):
    series = _series(request, slug, edit=True)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            session = services.create_session(user=request.user, series=series, **fields)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The session is added. Now write its programme."))
            return redirect(reverse("backoffice:programme", kwargs={"pk": session.pk}))
    return render(
        request,
        "backoffice/editor/session_form.html",
        {"form": form, "series": series, "creating": True},
        status=400 if form.is_bound else 200,
    )


def _after_change(session: Session, *, starts_at, ends_at, join_url) -> Session:
    """An unsaved copy of the session as it will be, for the email preview."""
    future = copy.copy(session)
    future.starts_at, future.ends_at, future.join_url = starts_at, ends_at, join_url
    return future


def _notify_page(request, session, form, change, *, status=200):
    future = _after_change(
        session,
        starts_at=change.starts_at,
        ends_at=change.ends_at,
        join_url=form.cleaned_data["join_url"] or "",
    )
    preview = notifications.preview_change(
        future,
        language=translation.get_language() or "da",
        change=notifications.Change(
            old_starts_at=change.old_starts_at,
            old_ends_at=change.old_ends_at,
            time_changed=change.time_changed,
            join_url_changed=change.join_url_changed,
        ),
    )
    return render(
        request,
        "backoffice/editor/session_notify.html",
        {
            "session": session,
            "series": session.series,
            "form": form,
            "notify_form": NotifyForm(request.POST if "notify" in request.POST else None),
            "change": change,
            "preview": preview,
            "shown": preview.recipients[:SHOWN_RECIPIENTS],
            "more": max(0, len(preview.recipients) - SHOWN_RECIPIENTS),
            "hidden_fields": _hidden_fields(request.POST),
        },
        status=status,
    )


def _hidden_fields(data) -> list[tuple[str, str]]:
    """The editor's values, carried through the confirmation page as hidden inputs."""
    skip = {"csrfmiddlewaretoken", "notify", "confirm"}
    return [(key, value) for key in data if key not in skip for value in data.getlist(key)]


@organiser_view
def session_edit(request, pk):
    session = _session(request, pk)
    if request.method != "POST":
        form = SessionForm(session=session)
        return _session_page(request, session, form)
    form = SessionForm(request.POST, session=session)
    if form.is_valid():
        _check_capacity(form, session)
    if not form.is_valid():
        return _session_page(request, session, form, status=400)
    fields = form.service_fields()
    change = services.schedule_change(
        session,
        starts_at=fields["starts_at"],
        ends_at=fields["ends_at"],
        join_url=fields["join_url"],
    )
    tell = (
        change.changed
        and session.status == Session.Status.SCHEDULED
        and bool(notifications.change_recipients(session))
    )
    notify = False
    if tell:
        notify_form = NotifyForm(request.POST)
        if "confirm" not in request.POST or not notify_form.is_valid():
            return _notify_page(
                request, session, form, change, status=400 if "confirm" in request.POST else 200
            )
        notify = notify_form.cleaned_data["notify"]
    try:
        services.edit_session(
            user=request.user,
            session=Session.objects.select_related("series").get(pk=session.pk),
            notify=notify,
            sdgs=fields.pop("sdgs"),
            **fields,
        )
    except ValidationError as error:
        _form_errors(form, error)
        return _session_page(request, session, form, status=400)
    if notify:
        messages.success(
            request, _("The session is saved, and the registrants get an email about the change.")
        )
    elif tell:
        messages.success(request, _("The session is saved. Nobody was told about the change."))
    else:
        messages.success(request, _("The session is saved."))
    return redirect(_edit_url(session))


def _session_page(request, session, form, *, status=200):
    return render(
        request,
        "backoffice/editor/session_form.html",
        {
            "form": form,
            "session": session,
            "series": session.series,
            "confirmed": _confirmed(session),
            "can_see_people": True,
            "can_mark_held": session.status == Session.Status.SCHEDULED
            and session.starts_at <= timezone.now(),
            "can_cancel": session.status == Session.Status.SCHEDULED,
            "can_reinstate": session.status == Session.Status.CANCELLED,
        },
        status=status,
    )


@organiser_view
def session_duplicate(request, pk):
    session = _session(request, pk)
    form = DuplicateSessionForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.duplicate_session(
                user=request.user,
                session=session,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("The copy is added with the same programme. Add its join link when you have it."),
            )
            return redirect(_edit_url(new))
    return render(
        request,
        "backoffice/editor/session_duplicate.html",
        {"form": form, "session": session, "series": session.series},
        status=400 if form.is_bound else 200,
    )


@organiser_view
def session_cancel(request, pk):
    session = _session(request, pk)
    data = request.POST if request.method == "POST" else None  # an empty POST still counts
    form = CancelSessionForm(data)
    notify_form = NotifyForm(data)
    people = notifications.change_recipients(session, cancelled=True)
    if request.method == "POST" and form.is_valid() and (not people or notify_form.is_valid()):
        notify = bool(people) and notify_form.cleaned_data["notify"]
        try:
            services.cancel_session(
                user=request.user,
                session=session,
                notify=notify,
                reason=form.cleaned_data["reason"],
            )
        except services.ProgrammeError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The session is cancelled, and the registrants get an email about it.")
                if notify
                else _("The session is cancelled. Nobody was told."),
            )
        return redirect(_edit_url(session))
    preview = notifications.preview_change(
        session, language=translation.get_language() or "da", cancelled=True
    )
    return render(
        request,
        "backoffice/editor/session_cancel.html",
        {
            "session": session,
            "series": session.series,
            "form": form,
            "notify_form": notify_form,
            "preview": preview,
            "shown": people[:SHOWN_RECIPIENTS],
            "more": max(0, len(people) - SHOWN_RECIPIENTS),
        },
        status=400 if request.method == "POST" else 200,
    )


@organiser_view
@require_POST
def session_held(request, pk):
    session = _session(request, pk)
    try:
        with transaction.atomic():
            services.mark_session_held(user=request.user, session=session)
    except services.ProgrammeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The session is marked as held."))
    return redirect(_edit_url(session))


@organiser_view
@require_POST
def session_reinstate(request, pk):
    """Undo a cancellation: the session is scheduled again and the registrants get the invite
    again (events.SessionReinstated)."""
    session = _session(request, pk)
    try:
        services.reinstate_session(user=request.user, session=session)
    except services.ProgrammeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The session is scheduled again, and the registrants get the invitation.")
        )
    return redirect(_edit_url(session))
