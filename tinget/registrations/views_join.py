"""The personal join link (/deltag/<join token>/): redirects a confirmed registrant to the
session's current meeting link from shortly before the start, and says plainly why not
otherwise. The token is its own and read-only: the page shows only what the public session
page shows, never the manage link."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from tinget.programme import calendars
from tinget.programme.formatting import format_clock, session_when

from . import selectors, services
from .join import manage_url, personal_join_url
from .models import Registration
from .views import _link_not_found


@never_cache
@require_safe
def join(request, token):
    registration = (
        Registration.objects.select_related("session__series")
        .filter(join_token=token, erased_at__isnull=True)
        .first()
    )
    if registration is None:
        return _link_not_found(request)
    state = services.join_state(registration)
    if state == services.JoinState.OPEN:
        services.record_join_opened(registration_id=registration.pk)
        response = HttpResponseRedirect(registration.session.join_url)
        response["Referrer-Policy"] = "no-referrer"
        return response
    session = registration.session
    response = render(
        request,
        "registrations/join.html",
        {
            "state": str(state),
            "session": session,
            "series": session.series,
            "when": session_when(session),
            "opens": format_clock(services.opens_at(session)),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_safe
def my_invite(request, token):
    """The registrant's own calendar entry (by the manage token), with the personal join
    link: for a confirmed registration of a coming session only."""
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _link_not_found(request)
    session = registration.session
    if registration.status != Registration.Status.CONFIRMED or not session.is_upcoming:
        return _link_not_found(request)
    text = calendars.personal_session_calendar(
        session,
        join_url=personal_join_url(registration),
        manage_url=manage_url(registration),
        sequence=max(session.sequence, registration.invite_sequence),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invitation.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
