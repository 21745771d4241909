"""The sign-up box on the public series and session pages (programme/includes/signup_box.html)."""

from django import template

from .. import selectors, services
from ..forms import SignupForm

register = template.Library()


@register.inclusion_tag("registrations/includes/signup_box.html", takes_context=True)
def signup_box(context):
    """On a session page: that session's form. On a series page: the whole-series form and
    links to each coming session's own form. Never cached (it holds a CSRF token)."""
    series = context["series"]
    session = context.get("session")
    box = {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "series": series,
        "session": session,
        "organisation_suggestions": selectors.organisation_suggestions(),
    }
    if session is not None:
        box["open"] = services.signup_open(session)
        if box["open"]:
            box["seats"] = selectors.seats(session)
            box["form"] = SignupForm(series=series)
    else:
        box["sessions"] = list(context.get("signup_sessions", selectors.upcoming_sessions(series)))
        box["form"] = SignupForm(series=series)
    return box
