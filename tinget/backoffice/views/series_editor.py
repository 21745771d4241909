"""Organiser screens for series: the start page, create, edit, preview as a visitor,
publish and unpublish, duplicate for the next season.

Who may do what comes from tinget.programme.permissions: the series a user may open
(series_for_user, 404 for the rest) and whether they may change it (can_edit_series,
403 for viewers). Every write goes through tinget.programme.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tinget.programme import services
from tinget.programme.markdown import render_markdown
from tinget.programme.models import Membership, Series
from tinget.programme.permissions import can_edit_series, series_for_user
from tinget.programme.services import ProgrammeError
from tinget.registrations import services as registration_services

from ..forms_editor import DuplicateSeriesForm, PartnerFormSet, QuestionForm, SeriesForm
from .common import organiser_view, posted_id


def _series(request, slug: str, *, edit: bool = False) -> Series:
    series = get_object_or_404(series_for_user(request.user), slug=slug)
    if edit and not can_edit_series(request.user, series):
        raise PermissionDenied
    return series


def _is_editor(user) -> bool:
    return user.is_superuser or user.memberships.filter(role=Membership.Role.EDITOR).exists()


def _series_url(series: Series) -> str:
    return reverse("backoffice:series", kwargs={"slug": series.slug})


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _series_form_page(request, form, partners, *, series=None, status=200):
    preview = ""
    if form.is_bound and "preview" in request.POST:
        preview = render_markdown(form.data.get("description", ""))
    return render(
        request,
        "backoffice/editor/series_form.html",
        {
            "form": form,
            "partners": partners,
            "series": series,
            "edited": series,
            "description_preview": preview,
            "showing_preview": "preview" in request.POST,
        },
        status=status,
    )


@organiser_view
def series_create(request):
    if not _is_editor(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _series_form_page(request, SeriesForm(), PartnerFormSet(prefix="partners"))
    form = SeriesForm(request.POST)
    partners = PartnerFormSet(request.POST, prefix="partners")
    valid = form.is_valid() & partners.is_valid()
    if "preview" in request.POST or not valid:
        return _series_form_page(request, form, partners, status=200 if valid else 400)
    try:
        series = services.create_series_with_partners(
            user=request.user, partners=partners.cleaned_partners(), **form.service_fields()
        )
    except ValidationError as error:
        _form_errors(form, error)
        return _series_form_page(request, form, partners, status=400)
    except ProgrammeError as error:
        form.add_error(None, error.message)
        return _series_form_page(request, form, partners, status=400)
    messages.success(
        request,
        _("The series is saved as a draft. Add its sessions, then preview and publish it."),
    )
    return redirect(_series_url(series))


@organiser_view
def series_edit(request, slug):
    series = _series(request, slug, edit=True)
    if request.method != "POST":
        return _series_form_page(
            request,
            SeriesForm(instance=series),
            PartnerFormSet(prefix="partners", initial=PartnerFormSet.initial_for(series)),
            series=series,
        )
    form = SeriesForm(request.POST, instance=Series.objects.get(pk=series.pk))
    partners = PartnerFormSet(request.POST, prefix="partners")
    valid = form.is_valid() & partners.is_valid()
    if "preview" in request.POST or not valid:
        return _series_form_page(
            request, form, partners, series=series, status=200 if valid else 400
        )
    try:
        series = services.update_series_with_partners(
            user=request.user,
            series=Series.objects.get(pk=series.pk),
            partners=partners.cleaned_partners(),
            **form.service_fields(),
        )
    except ValidationError as error:
        _form_errors(form, error)
        return _series_form_page(request, form, partners, series=series, status=400)
    except ProgrammeError as error:
        form.add_error(None, error.message)
        return _series_form_page(request, form, partners, series=series, status=400)
    messages.success(request, _("The series is saved."))
    return redirect(_series_url(series))


@organiser_view
def series_publish(request, slug):
    """A confirmation page (GET), then publish or unpublish (POST)."""
    series = _series(request, slug, edit=True)
    if request.method == "POST":
        if series.is_published:
            services.unpublish_series(user=request.user, series=series)
            messages.success(request, _("The series is a draft again and no longer public."))
        else:
            services.publish_series(user=request.user, series=series)
            messages.success(request, _("The series is published and can be seen by everyone."))
        return redirect(_series_url(series))
    return render(
        request,
        "backoffice/editor/series_publish.html",
        {"series": series, "sessions": series.sessions.count()},
    )


@organiser_view
def series_duplicate(request, slug):
    series = _series(request, slug, edit=True)
    form = DuplicateSeriesForm(request.POST or None, series=series)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.duplicate_series(
                user=request.user,
                series=series,
                title=form.cleaned_data["title"],
                shift_days=form.shift_days(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The copy is saved as a draft. Check the dates and the programme "
                    "before you publish it."
                ),
            )
            return redirect(_series_url(copy))
    return render(
        request,
        "backoffice/editor/series_duplicate.html",
        {"series": series, "form": form},
        status=400 if form.is_bound else 200,
    )


@organiser_view
def series_questions(request, slug):
    """The extra questions of the series' sign-up form: add and remove them."""
    series = _series(request, slug, edit=True)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and "delete" in request.POST:
        question = get_object_or_404(series.questions, pk=posted_id(request.POST.get("delete")))
        registration_services.delete_question(question=question, actor=request.user)
        messages.success(request, _("The question is removed from the form."))
        return redirect(reverse("backoffice:series_questions", kwargs={"slug": series.slug}))
    if request.method == "POST" and form.is_valid():
        try:
            registration_services.add_question(
                series=series, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The question is added to the sign-up form."))
            return redirect(reverse("backoffice:series_questions", kwargs={"slug": series.slug}))
    return render(
        request,
        "backoffice/editor/series_questions.html",
        {"series": series, "form": form, "questions": list(series.questions.all())},
        status=400 if form.is_bound and form.errors else 200,
    )
