"""The public feedback form, reached by the token in a follow-up email."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from tinget.registrations import services
from tinget.registrations.models import Feedback, Registration

from ..forms import (
    FeedbackForm,
)


def feedback(request, token):
    """The short form in the follow-up emails: one answer per registration."""
    registration = (
        Registration.objects.select_related("session__series")
        .filter(feedback_token=token, status=Registration.Status.CONFIRMED)
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
        # Sent twice at once: the first answer counts (record_feedback keeps it).
        services.record_feedback(
            registration_id=registration.pk,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
        return render(request, "backoffice/feedback_thanks.html", context)
    return render(
        request,
        "backoffice/feedback.html",
        {**context, "form": form},
        status=400 if form.is_bound else 200,
    )
