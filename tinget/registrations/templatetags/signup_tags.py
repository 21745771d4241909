"""The sign-up box on the public series and session pages (programme/includes/signup_box.html)."""

from django import template
from django.utils.functional import SimpleLazyObject

from .. import selectors, services
from ..forms import SignupForm

register = template.Library()


@register.inclusion_tag("registrations/includes/signup_box.html", takes_context=True)
def signup_box(context):
    """On a session page: that session's form. On a series page: the whole-series form and
    links to each coming session's own form.

    The empty form is the costly part of the page (98 municipalities, the partners' consent
    text, the questions), so its fields are a cached fragment (signup_form.html) and the form
    and suggestions are built only when that fragment is rendered. The CSRF token and the
    seats left stay outside the fragment, per request."""
    series = context["series"]
    session = context.get("session")
    box = {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "series": series,
        "session": session,
        # Only here is the form always empty, so its fields may come from the cache.
        "cache_fields": True,
        # A callable: the template calls it only when the cached fragment is rendered.
        "organisation_suggestions": selectors.organisation_suggestions,
    }
    if session is not None:
        box["open"] = services.signup_open(session)
        if box["open"]:
            box["seats"] = selectors.seats(session)
            box["form"] = SimpleLazyObject(lambda: SignupForm(series=series))
    else:
        box["sessions"] = list(context.get("signup_sessions", selectors.upcoming_sessions(series)))
        box["form"] = SimpleLazyObject(lambda: SignupForm(series=series))
    return box


@register.simple_tag
def session_is_full(session) -> bool:
    """Every seat of an upcoming session is taken (a sign-up now goes on the waiting list).
    The page cache stays right: the seat services bump its version when a session turns
    full or gets a seat back."""
    return session.is_upcoming and not selectors.seats(session).free
