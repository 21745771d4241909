"""Calendar downloads and feeds: public ones without the join link, a secret personal one.

Public: one session (.ics, METHOD:PUBLISH) and the series feed (webcal://), both with only
what the public page shows. Personal: a registrant's own feed, reached by their secret
registration token; it carries the join link for their confirmed sessions only.
"""

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tinget.registrations.join import personal_join_url
from tinget.registrations.models import Registration

from . import calendars
from .models import Series, Session
from .views import public_programme_page


def _calendar_response(text: str, *, filename: str, public: bool) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if public:
        response["Cache-Control"] = "public, max-age=900"
    else:
        # The personal feed holds join links: no shared caches, no search engines.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
@public_programme_page
def session_ics(request, slug, pk):
    session = get_object_or_404(
        Session.objects.select_related("series").prefetch_related("items"),
        pk=pk,
        series__slug=slug,
        series__status=Series.Status.PUBLISHED,
    )
    return _calendar_response(
        calendars.public_session_calendar(session),
        filename=f"{slug}-{session.starts_at:%Y-%m-%d}.ics",
        public=True,
    )


@require_safe
@public_programme_page
def series_feed(request, slug):
    series = get_object_or_404(Series, slug=slug, status=Series.Status.PUBLISHED)
    sessions = (
        series.sessions.filter(status__in=[Session.Status.SCHEDULED, Session.Status.HELD])
        .select_related("series")
        .prefetch_related("items")
        .order_by("starts_at")
    )
    return _calendar_response(
        calendars.series_feed(series, sessions), filename=f"{slug}.ics", public=True
    )


@require_safe
def personal_feed(request, token):
    # The feed's own token: it reads the feed and nothing else (no manage page rights).
    owner = Registration.objects.filter(feed_token=token).only("email").first()
    if owner is None or not owner.email:
        raise Http404
    registrations = (
        Registration.objects.filter(
            email__iexact=owner.email,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
            session__series__status=Series.Status.PUBLISHED,
        )
        .exclude(session__status=Session.Status.CANCELLED, status=Registration.Status.WAITING)
        .filter(~Q(email=""))
        .select_related("session__series")
        .prefetch_related("session__items")
        .order_by("session__starts_at")
    )
    registrations = [r for r in registrations if not getattr(r, "erased_at", None)]
    return _calendar_response(
        calendars.personal_feed(
            registrations, name=_("My webinars"), join_url_of=personal_join_url
        ),
        filename="tinget.ics",
        public=False,
    )
