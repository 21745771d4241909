"""Importér annoncering: paste an announcement, review what was understood, save a draft."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature, dumps, loads
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from tinget.backoffice.views import organiser_view
from tinget.programme.models import Membership
from tinget.programme.services import ProgrammeError

from .forms import SPEAKER_FIELDS, PasteForm, ReviewForm
from .services import import_announcement, parse_failed, preview_announcement

SIGNING_SALT = "tinget.announcements.review"


def _require_editor(user) -> None:
    """Only people who can own a new series may import one."""
    if user.is_superuser:
        return
    if not Membership.objects.filter(user=user, role=Membership.Role.EDITOR).exists():
        raise PermissionDenied


#: What the review page says beside a value the parser inferred (Flag.code -> text).
FLAG_TEXT = {
    "year_not_stated": _lazy("The year is not in the text: write it before you save."),
    "year_inferred": _lazy(
        "The year is not written with this date but inferred from the rest of the text. Check it."
    ),
    "possible_publication_date": _lazy(
        "This date may be when the text was published, not an event. Check it."
    ),
    "organisation_guessed": _lazy(
        "The organisation is not written with the name; it is guessed from the item's title."
    ),
    "possible_topic": _lazy(
        "This may be a topic from the description rather than a programme item."
    ),
}
_FLAG_FIELD = (
    (re.compile(r"^sessions\.(\d+)\.date$"), "s{0}-date"),
    (re.compile(r"^sessions\.(\d+)\.items\.(\d+)$"), "s{0}-i{1}-title"),
    (
        re.compile(r"^sessions\.(\d+)\.items\.(\d+)\.speakers\.(\d+)\.organisation$"),
        "s{0}-i{1}-p{2}-organisation",
    ),
)


def review_notes(data: dict, guessed_years: set[int]) -> tuple[dict[str, list[str]], list[str]]:
    """The parser's flags as notes beside form fields, and those that concern the whole text.

    A session whose year the review proposes gets that said instead of "year not stated"."""
    notes: dict[str, list[str]] = {}
    general: list[str] = []
    for s in sorted(guessed_years):
        year = (data["sessions"][s].get("proposed_date") or "")[:4]
        notes.setdefault(f"s{s}-date", []).append(
            _("The year is not in the text; %(year)s is a guess. Check it.") % {"year": year}
        )
    for flag in data.get("flags") or []:
        where, code = flag.get("where", ""), flag.get("code", "")
        for pattern, name in _FLAG_FIELD:
            match = pattern.match(where)
            if match:
                field = name.format(*match.groups())
                if code in FLAG_TEXT and not (code == "year_not_stated" and field in notes):
                    notes.setdefault(field, []).append(str(FLAG_TEXT[code]))
                break
        else:
            if code == "skipped_date":
                general.append(flag.get("message", ""))
    return notes, general


def _entry(form: ReviewForm, name: str) -> dict:
    return {"field": form[name], "notes": form.notes.get(name, [])}


def _sessions_for_template(form: ReviewForm, warnings: list[str]) -> list[dict]:
    sessions = []
    for s, items in enumerate(form.shape):
        p = f"s{s}-"
        sessions.append(
            {
                "number": s + 1,
                "item_count": len(items),
                "include": form[p + "include"],
                "fields": [
                    _entry(form, p + name)
                    for name in ("title", "date", "start", "end", "place", "sdgs")
                ],
                "choices": [_entry(form, p + "status"), _entry(form, p + "format")],
                "items": [
                    _item_for_template(form, f"{p}i{i}-", i, rows, warnings)
                    for i, rows in enumerate(items)
                ],
            }
        )
    return sessions


def _item_for_template(form: ReviewForm, q: str, i: int, rows: int, warnings: list[str]) -> dict:
    title = (form[q + "title"].value() or "").strip()
    return {
        "number": i + 1,
        # a parser warning that quotes this item's title (as the form now holds it)
        "warned": bool(title) and any(title[:40] in warning for warning in warnings),
        "prefix": q,
        "speaker_count": rows,
        "include": form[q + "include"],
        "fields": [_entry(form, q + name) for name in ("time", "title", "description")],
        "speakers": [
            {
                "number": k + 1,
                "fields": [_entry(form, f"{q}p{k}-{name}") for name in SPEAKER_FIELDS],
            }
            for k in range(rows)
        ],
    }


def _render_review(request, form: ReviewForm, review: dict, token: str):
    form.add_notes(review.get("notes") or {})
    warnings = review.get("warnings") or []
    return render(
        request,
        "announcements/review.html",
        {
            "form": form,
            "warnings": [*warnings, *(review.get("general") or [])],
            "sessions": _sessions_for_template(form, warnings),
            "session_count": len(form.shape),
            "token": token,
        },
    )


@organiser_view
@require_http_methods(["GET", "POST"])
def paste(request):
    _require_editor(request.user)
    form = PasteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = preview_announcement(form.raw())
        if parse_failed(data):
            # the parser broke (the trace is in the log): say so, in the organiser's language
            form.add_error(
                None,
                _(
                    "The importer could not read this text because of an internal error. "
                    "The error has been logged so that we can fix it. You can try again "
                    "later or create the series by hand."
                ),
            )
        elif not data.get("sessions"):
            form.add_error(
                None,
                _(
                    "We found no sessions in the text. Check that it is the announcement "
                    "itself, with dates, and not a PDF or another kind of file."
                ),
            )
        else:
            shape, initial, guessed = ReviewForm.initial_from(data, timezone.localdate())
            for s in guessed:
                data["sessions"][s]["proposed_date"] = initial[f"s{s}-date"]
            notes, general = review_notes(data, guessed)
            # The warnings and notes travel signed, so the review page can show them again
            # after a failed save without trusting text the browser sends back.
            review = {"warnings": data.get("warnings", []), "notes": notes, "general": general}
            token = dumps(review, salt=SIGNING_SALT, compress=True)
            form = ReviewForm(shape=shape, initial=initial)
            return _render_review(request, form, review, token)
    return render(request, "announcements/paste.html", {"form": form})


@organiser_view
@require_http_methods(["POST"])
def save(request):
    _require_editor(request.user)
    try:
        signed = loads(request.POST.get("token", ""), salt=SIGNING_SALT)
    except BadSignature:
        messages.error(request, _("The review expired. Paste the announcement again."))
        return redirect("announcements:paste")
    warnings = signed.get("warnings", [])
    form = ReviewForm(request.POST, shape=ReviewForm.shape_from_post(request.POST))
    if form.is_valid():
        try:
            result = import_announcement(parsed=form.to_import(), user=request.user)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            for warning in result.warnings:
                if warning not in warnings:
                    messages.warning(request, warning)
            messages.success(
                request,
                _('The draft series "%(title)s" is saved. It is not public until you publish it.')
                % {"title": result.series.title},
            )
            return redirect(reverse("backoffice:series", kwargs={"slug": result.series.slug}))
    return _render_review(request, form, signed, request.POST.get("token", ""))
