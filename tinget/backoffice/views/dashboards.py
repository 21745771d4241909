"""The organiser's start page (their series, drafts included, with the next session and
its figures), the series dashboard and the session dashboard."""

from __future__ import annotations

from django.shortcuts import render

from tinget.programme.models import Membership
from tinget.programme.permissions import can_view_personal_data, series_for_user
from tinget.registrations.models import AttendanceImport, Feedback

from .. import selectors
from .common import _series, _session, organiser_view


@organiser_view
def home(request):
    """The start page: every series of the user's organisations, drafts included, with the
    next session and its figures."""
    visible = series_for_user(request.user)
    editable = set(series_for_user(request.user, personal_data=True).values_list("pk", flat=True))
    rows = selectors.start_page(visible, editable)
    return render(
        request,
        "backoffice/home.html",
        {"rows": rows, "can_create": _may_create(request.user)},
    )


def _may_create(user) -> bool:
    return user.is_superuser or user.memberships.filter(role=Membership.Role.EDITOR).exists()


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
            "partnerships": series.partnerships.select_related("organisation"),
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
