"""What every organiser screen shares: the access decorator and the object look-ups.

Who may see what (tinget.programme.permissions): an organiser sees the series of their
organisations and nothing else (404 for the rest, so other series do not even show that
they exist). Viewers see figures; the screens with personal data (registrant list, exports,
messages, attendance, follow-ups) answer them 403. Anonymous visitors go to the login page;
logged-in users who are not staff get 403.
"""

from __future__ import annotations

import logging
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from tinget.programme.models import Series, Session
from tinget.programme.permissions import can_view_personal_data, series_for_user
from tinget.registrations.models import Registration

logger = logging.getLogger(__name__)


PAGE_SIZE = 50
# The largest id a database row can have (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def posted_id(value) -> int | None:
    """An id posted by a form, or None for anything that is not one (text, "²", a number no
    row can have): the caller answers None with its 404 or message, never a 500."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and int(value) <= MAX_ID:
        return int(value)
    return None


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


def _session_url(session: Session, name: str = "session") -> str:
    return reverse(f"backoffice:{name}", kwargs={"pk": session.pk})
