"""Template helpers for the frame of every page: the header navigation and alert icons.

{% load site_tags %}
  {% site_navigation as items %}   [{"url", "label", "current"}] for the header's menu
  {% alert_icon "info" %}          Det Fælles Designsystem's icon for an alert (info, success,
                                   warning, error) from its icon sprite

Neither reads the database, so they also work on the error pages.
"""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()

# The sprite's symbol and the icon's accessible name, per kind of alert.
_ALERT_ICONS = {
    "info": ("info", lambda: pgettext("alert icon", "Information")),
    "success": ("success", lambda: pgettext("alert icon", "Success")),
    "warning": ("warning", lambda: pgettext("alert icon", "Warning")),
    "error": ("error", lambda: pgettext("alert icon", "Error")),
}


def _current_name(context) -> str:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return f"{match.namespace}:{match.url_name}" if match else ""


@register.simple_tag(takes_context=True)
def site_navigation(context) -> list[dict]:
    """The header's menu: the front page; within a series (``nav_series`` in the context) the
    series' programme, its speakers and its past webinars (the series' title is already in
    the band above); else every speaker and every past webinar."""
    current = _current_name(context)
    series = context.get("nav_series")
    items = [("programme:front", {}, _("Front page"))]
    if series is not None:
        slug = {"slug": series.slug}
        items += [
            ("programme:series", slug, _("Programme")),
            ("programme:series_speakers", slug, _("Speakers")),
            ("programme:series_archive", slug, _("Past webinars")),
        ]
    else:
        items += [
            ("programme:speakers", {}, _("Speakers")),
            ("programme:archive", {}, _("Past webinars")),
        ]
    return [
        {"url": reverse(name, kwargs=kwargs), "label": label, "current": name == current}
        for name, kwargs, label in items
    ]


@register.simple_tag
def alert_icon(kind: str) -> str:
    symbol, label = _ALERT_ICONS.get(kind, _ALERT_ICONS["info"])
    return format_html(
        '<svg class="icon-svg alert-icon" role="img" aria-label="{}" focusable="false">'
        '<use href="{}#{}"></use></svg>',
        label(),
        static("dkfds/img/all-svg-icons.svg"),
        symbol,
    )
