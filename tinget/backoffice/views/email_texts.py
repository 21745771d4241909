"""The series' email texts: each kind of email a registrant gets, its subject and opening
words per language (the default, or the series' own), with the placeholders next to the
editor, a preview filled with a real registration's values, "send a test to me" and
"reset to the default".

Everyone who may open the series sees the texts and a preview; only its editors change
them or send a test (viewers get 403 on POST), and a viewer's preview uses an example
person rather than a registrant's name. Writes go through registrations.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinget.programme.permissions import can_edit_series
from tinget.registrations import email_preview, email_texts, services
from tinget.registrations.models import Language

from ..forms_editor import EmailTextForm
from .common import _series, organiser_view
from .series_editor import _form_errors

LANGUAGE_NAMES = {Language.DA: gettext_lazy("Danish"), Language.EN: gettext_lazy("English")}
# "Edit “You are registered” in Danish": the link's name for a screen reader.
LANGUAGE_PHRASES = {Language.DA: gettext_lazy("in Danish"), Language.EN: gettext_lazy("in English")}


@organiser_view
def email_text_list(request, slug):
    series = _series(request, slug)
    stored = email_texts.for_series(series)
    rows = [
        {
            "kind": kind,
            "languages": [
                (code, name, LANGUAGE_PHRASES[code], (kind.event, code) in stored)
                for code, name in LANGUAGE_NAMES.items()
            ],
        }
        for kind in email_texts.KINDS.values()
    ]
    return render(
        request,
        "backoffice/editor/email_texts.html",
        {"series": series, "rows": rows, "can_edit": can_edit_series(request.user, series)},
    )


def _edit_url(series, event, language) -> str:
    return reverse(
        "backoffice:email_text",
        kwargs={"slug": series.slug, "event": event, "language": language},
    )


@organiser_view
def email_text(request, slug, event, language):
    series = _series(request, slug)
    if event not in email_texts.KINDS or language not in LANGUAGE_NAMES:
        raise Http404
    can_edit = can_edit_series(request.user, series)
    stored = email_texts.for_series(series).get((event, language))
    if request.method != "POST":
        subject, body = (
            (stored.subject, stored.body) if stored else email_texts.default_text(event, language)
        )
        form = EmailTextForm(initial={"subject": subject, "body": body}, event=event)
        return _page(request, series, event, language, form, stored=stored, can_edit=can_edit)
    if not can_edit:
        raise PermissionDenied
    action = request.POST.get("action", "preview")
    if action == "reset":
        if services.reset_email_text(
            series=series, event=event, language=language, actor=request.user
        ):
            messages.success(request, _("The email uses the default text again."))
        return redirect(_edit_url(series, event, language))
    form = EmailTextForm(request.POST, event=event)
    if not form.is_valid():
        return _page(request, series, event, language, form, stored=stored, status=400)
    fields = {
        "series": series,
        "event": event,
        "language": language,
        "subject": form.cleaned_data["subject"],
        "body": form.cleaned_data["body"],
        "actor": request.user,
    }
    try:
        if action == "save":
            services.save_email_text(**fields)
            messages.success(
                request, _("The text is saved. Emails of this kind use it from now on.")
            )
            return redirect(_edit_url(series, event, language))
        if action == "test":
            email = services.send_test_email(**fields)
            messages.success(
                request,
                _("A test is on its way to %(address)s. The text is not saved yet.")
                % {"address": email.to},
            )
    except ValidationError as error:
        _form_errors(form, error)
        return _page(request, series, event, language, form, stored=stored, status=400)
    return _page(request, series, event, language, form, stored=stored)


def _page(request, series, event, language, form, *, stored, can_edit=True, status=200):
    spec = email_texts.kind(event)
    preview = None
    if form.is_bound and form.is_valid():
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
    elif form.is_bound:
        subject = body = None
    else:
        subject, body = form.initial["subject"], form.initial["body"]
    if subject is not None:
        try:
            preview = email_preview.preview(
                series=series,
                event=event,
                language=language,
                subject=subject,
                body=body,
                real=can_edit,
            )
        except ValueError:
            # A stored text changed behind the screen's back: shown, but no preview (the
            # emails fall back to the default; email_texts.custom_parts logs it).
            preview = None
    return render(
        request,
        "backoffice/editor/email_text.html",
        {
            "series": series,
            "kind": spec,
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "placeholders": [
                (email_texts.placeholder(p.name(language)), p.description)
                for p in spec.placeholders
            ],
            "form": form,
            "stored": stored,
            "can_edit": can_edit,
            "preview": preview,
        },
        status=status,
    )
