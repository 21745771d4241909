"""The public pages. Thin: selectors fetch, templates show.

The series page is the busiest page: its programme (everything under the practical box) is
rendered once per language and series version and cached; see series_page.
"""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.generic import RedirectView

from tinget.pagecache import public_page

from . import checks, formatting, selectors
from .models import Series, Session

# Cached whole for anonymous visitors until the content changes or a session starts or ends.
public_programme_page = public_page(valid_until=selectors.next_public_change)


@public_programme_page
def front_page(request):
    return render(
        request,
        "programme/front.html",
        {
            "series_list": list(selectors.front_page_series()),
            "upcoming": list(selectors.upcoming_public_sessions()),
        },
    )


def _series_cache_key(series: Series) -> str:
    # updated_at moves on every change to anything the programme shows (signals.py), in the
    # database, so every worker process agrees on which rendering is current.
    return f"programme:series:{series.pk}:{get_language()}:{series.updated_at.timestamp():.6f}"


@public_programme_page
def series_page(request, slug):
    """The series with its practical box (never cached: it holds the sign-up form) and its
    programme (cached until the content changes or the next session moves to the past)."""
    series = selectors.get_series_for(request.user, slug)
    key = _series_cache_key(series)
    programme_html = cache.get(key)
    if programme_html is None or timezone.now() >= programme_html["valid_until"]:
        programme = selectors.series_programme(series)
        context = {"series": series, "programme": programme}
        programme_html = {
            part: render_to_string(f"programme/includes/series_{part}.html", context, request)
            for part in ("intro", "sessions")
        }
        # Valid until the next session ends and moves from "upcoming" to "past".
        programme_html["valid_until"] = programme.valid_until()
        cache.set(key, programme_html, timeout=programme.cache_seconds())
    response = render(
        request,
        "programme/series.html",
        {
            "series": series,
            **_series_frame(series),
            "programme_html": programme_html,
            "draft_preview": not series.is_published,
            # Lazy: no query unless the sign-up include lists the sessions.
            "signup_sessions": series.sessions.filter(
                status=Session.Status.SCHEDULED, ends_at__gt=timezone.now()
            ),
        },
    )
    return _private_if_draft(response, series)


def _series_frame(series: Series, partnerships=None) -> dict:
    """The header's series band and menu, and the footer's contact, for a series' pages."""
    if partnerships is None:
        partnerships = selectors.series_partnerships(series)
    return {"nav_series": series, "nav_partnerships": partnerships}


def _private_if_draft(response, series: Series):
    """A draft is shown only to its organisers: never kept by a shared cache or indexed."""
    if not series.is_published:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


@public_programme_page
def session_page(request, slug, pk):
    session = selectors.get_public_session(slug, pk, request.user)
    series = session.series
    response = render(
        request,
        "programme/session.html",
        {
            "session": session,
            "series": series,
            "partnerships": series.partnerships.all(),
            **_series_frame(series, series.partnerships.all()),
            "is_past": session.ends_at <= timezone.now(),
            "draft_preview": not series.is_published,
            "signup_sessions": [session] if session.is_upcoming else [],
        },
    )
    return _private_if_draft(response, series)


@public_programme_page
def series_speakers_page(request, slug):
    series = selectors.get_series_for(request.user, slug)
    response = render(
        request,
        "programme/series_speakers.html",
        {
            "series": series,
            **_series_frame(series),
            "speakers": selectors.series_speakers(series),
            "draft_preview": not series.is_published,
        },
    )
    return _private_if_draft(response, series)


@public_programme_page
def series_archive_page(request, slug):
    series = selectors.get_series_for(request.user, slug)
    response = render(
        request,
        "programme/series_archive.html",
        {
            "series": series,
            **_series_frame(series),
            "sessions": selectors.series_archive(series),
            "draft_preview": not series.is_published,
        },
    )
    return _private_if_draft(response, series)


@public_programme_page
def speakers_page(request):
    return render(request, "programme/speakers.html", {"speakers": selectors.all_speakers()})


@public_programme_page
def archive_page(request):
    return render(request, "programme/archive.html", {"sessions": selectors.archive()})


@public_programme_page
def about_page(request):
    return render(
        request,
        "programme/about.html",
        {
            "operator_name": settings.TINGET_OPERATOR_NAME,
            "operator_url": settings.TINGET_OPERATOR_URL,
            "source_url": settings.TINGET_SOURCE_URL,
        },
    )


@public_programme_page
def person_page(request, slug):
    data = selectors.person_page(slug)
    return render(request, "programme/person.html", {"data": data, "person": data.person})


@public_programme_page
def organisation_page(request, slug):
    data = selectors.organisation_page(slug)
    return render(
        request,
        "programme/organisation.html",
        {"data": data, "organisation": data.organisation},
    )


@public_programme_page
def sdg_page(request, number):
    data = selectors.sdg_page(number)
    return render(request, "programme/sdg.html", {"data": data, "sdg": data.sdg})


@public_programme_page
def privacy_page(request):
    series_list = selectors.published_series().prefetch_related("partnerships__organisation")
    return render(
        request,
        "programme/privacy.html",
        {
            "series_list": list(series_list),
            "contact_email": getattr(settings, "TINGET_CONTACT_EMAIL", ""),
            "confirmation_hours": getattr(settings, "TINGET_CONFIRMATION_HOURS", 48),
            "retention": formatting.retention_in_words(),
        },
    )


@public_programme_page
def accessibility_page(request):
    contacts = sorted(
        {
            email
            for email in selectors.published_series().values_list("contact_email", flat=True)
            if email
        }
    )
    # The statement in the WAS-Tool lives at the standardised address Digitaliseringsstyrelsen
    # gives, the site's domain with dashes for dots (www.was.digst.dk/certifikat-gov-dk for
    # certifikat.gov.dk; digst.dk, "Om tilgængelighedserklæring"). On the demo or a
    # developer's machine there is no public host, so no link to a statement that cannot exist.
    host = checks.public_host().removeprefix("www.")
    was_url = settings.TINGET_WAS_URL or (
        f"https://www.was.digst.dk/{host.replace('.', '-')}" if host else ""
    )
    return render(
        request,
        "programme/accessibility.html",
        {
            "was_url": was_url,
            "contact_email": settings.TINGET_CONTACT_EMAIL,
            "contact_phone": settings.TINGET_CONTACT_PHONE,
            "series_contacts": contacts,
        },
    )


# The "nemURL" Digitaliseringsstyrelsen asks for: www.<domain>/was leads to the statement.
was_redirect = RedirectView.as_view(pattern_name="programme:accessibility", permanent=False)
