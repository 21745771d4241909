"""Start the session clock at every login (SessionLimitsMiddleware reads it)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import mark_login


@receiver(user_logged_in)
def _start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_login(request.session)
