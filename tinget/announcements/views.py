"""Importér annoncering: paste an announcement, review what was understood, save a draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature, dumps, loads
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tinget.backoffice.views import organiser_view
from tinget.programme.models import Membership
from tinget.programme.services import ProgrammeError

from .forms import PasteForm, ReviewForm
from .services import import_announcement, preview_announcement

SIGNING_SALT = "tinget.announcements.review"


def _require_editor(user) -> None:
    """Only people who can own a new series may import one."""
    if user.is_superuser:
        return
    if not Membership.objects.filter(user=user, role=Membership.Role.EDITOR).exists():
        raise PermissionDenied


def _warning_targets(warnings: list[str], form: ReviewForm) -> set[tuple[int, int]]:
    """(session, item) positions whose title (as the form now holds it) a warning quotes."""
    marked = set()
    for s, item_count in enumerate(form.shape):
        for i in range(item_count):
            title = (form[f"s{s}-i{i}-title"].value() or "").strip()
            if title and any(title[:40] in warning for warning in warnings):
                marked.add((s, i))
    return marked


def _sessions_for_template(form: ReviewForm, marked: set[tuple[int, int]]) -> list[dict]:
    sessions = []
    for s, item_count in enumerate(form.shape):
        p = f"s{s}-"
        sessions.append(
            {
                "number": s + 1,
                "item_count": item_count,
                "include": form[p + "include"],
                "fields": [
                    form[p + name] for name in ("title", "date", "start", "end", "place", "sdgs")
                ],
                "choices": [form[p + "status"], form[p + "format"]],
                "items": [
                    {
                        "number": i + 1,
                        "warned": (s, i) in marked,
                        "include": form[f"{p}i{i}-include"],
                        "fields": [
                            form[f"{p}i{i}-{name}"]
                            for name in ("time", "title", "description", "speakers")
                        ],
                    }
                    for i in range(item_count)
                ],
            }
        )
    return sessions


def _render_review(request, form: ReviewForm, warnings: list[str], token: str):
    return render(
        request,
        "announcements/review.html",
        {
            "form": form,
            "warnings": warnings,
            "sessions": _sessions_for_template(form, _warning_targets(warnings, form)),
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
        if not data.get("sessions"):
            form.add_error(
                None,
                _(
                    "We found no sessions in the text. Check that it is the announcement "
                    "itself, with dates, and not a PDF or another kind of file."
                ),
            )
        else:
            shape, initial = ReviewForm.initial_from(data)
            # The warnings travel signed, so the review page can show them again after a
            # failed save without trusting text the browser sends back.
            warnings = data.get("warnings", [])
            token = dumps({"warnings": warnings}, salt=SIGNING_SALT, compress=True)
            review = ReviewForm(shape=shape, initial=initial)
            return _render_review(request, review, warnings, token)
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
    return _render_review(request, form, warnings, request.POST.get("token", ""))
