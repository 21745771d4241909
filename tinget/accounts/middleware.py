"""Back-office sessions: an absolute and an idle limit, and two-factor where it is required.

`SessionLimitsMiddleware` ends a logged-in session `TINGET_SESSION_MAX_HOURS` after the login
(default 12) or after `TINGET_SESSION_IDLE_MINUTES` without a request (default 60), and sends
the user to the login page with a message saying why. `RequireTwoFactorMiddleware` sends a
user who must use two-factor authentication (see `policy`) and has not set it up to the
set-up page before any back-office or admin page.
"""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import policy

LOGIN_AT = "tinget_login_at"
SEEN_AT = "tinget_seen_at"
# Writing the session on every request would make every page a database write.
_SEEN_RESOLUTION = 30
_BACK_OFFICE = re.compile(r"^/(?:[a-z]{2}/)?(?:arrangoer|admin)/")


def is_back_office(path: str) -> bool:
    return bool(_BACK_OFFICE.match(path))


def mark_login(session) -> None:
    now = int(time.time())
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._expired(request.session)
            if expired:
                logout(request)
                messages.info(request, expired)
                if is_back_office(request.path):
                    return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _expired(session) -> str:
        now = int(time.time())
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT)
        if login_at is None:
            # A session from before these limits (or a test's force_login): start counting.
            mark_login(session)
            return ""
        if now - login_at > settings.TINGET_SESSION_MAX_HOURS * 3600:
            return _("You have been logged out: a login lasts at most %(hours)d hours.") % {
                "hours": settings.TINGET_SESSION_MAX_HOURS
            }
        if seen_at is not None and now - seen_at > settings.TINGET_SESSION_IDLE_MINUTES * 60:
            return _(
                "You have been logged out because nothing happened for %(minutes)d minutes."
            ) % {"minutes": settings.TINGET_SESSION_IDLE_MINUTES}
        if seen_at is None or now - seen_at >= _SEEN_RESOLUTION:
            session[SEEN_AT] = now
        return ""


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not is_back_office(request.path):
            return None
        if getattr(view_func, "__module__", "").startswith("allauth."):
            # Login, logout and the two-factor pages themselves.
            return None
        if policy.must_use_mfa(user) and not policy.has_mfa(user):
            messages.info(
                request,
                _(
                    "Your account must be protected with two-factor authentication. Set up "
                    "an authenticator app to go on."
                ),
            )
            return redirect("mfa_activate_totp")
        return None
