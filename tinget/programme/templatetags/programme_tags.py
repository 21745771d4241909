"""Template helpers for the public pages: dates, Markdown, URLs, SDG labels, JSON-LD.

{% load programme_tags %}
  {{ session|when }}              1. november kl. 09.00-10.00 / 1 November, 09:00–10:00
  {{ session.starts_at|day }}     1. november
  {{ item.time|clock }}           09.10 / 09:10
  {{ datetime|moment }}           27. november 2026 kl. 15.35 / 27 November 2026, 15:35
  {{ text|markdown }}             sanitised HTML (h3 for "#"); {{ text|markdown:2 }} for h2
  {% absolute_url obj %}          TINGET_BASE_URL + obj.get_absolute_url (or a path)
  {% translated_url "en" %}       this page in another language
  {% sdg_labels sdgs %}           coloured goal labels linking to the goal pages
  {% event_jsonld session %}      schema.org Event as <script type="application/ld+json">
"""

import json

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import formatting
from ..markdown import markdown_to_text, render_markdown
from ..models import Session

register = template.Library()


@register.filter
def when(session) -> str:
    if not session:
        return ""
    # With the weekday, and the year when it is not this year: as the emails write it.
    return formatting.format_when(session.starts_at, session.ends_at, weekday=True)


@register.filter
def day(value, arg="") -> str:
    if not value:
        return ""
    return formatting.format_day(value, weekday=arg == "weekday", year=True if arg else None)


@register.filter
def clock(value) -> str:
    return formatting.format_clock(value) if value else ""


@register.filter
def moment(value) -> str:
    return formatting.format_moment(value) if value else ""


@register.filter
def markdown(text, top_heading=3):
    return render_markdown(text, top_heading=int(top_heading))


@register.filter
def plaintext(text, length=0):
    """Markdown as one line of plain text, cut at `length` characters on a word boundary."""
    plain = markdown_to_text(text)
    length = int(length or 0)
    if length and len(plain) > length:
        plain = plain[: length - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return plain


@register.filter
def isoformat(value) -> str:
    """ISO 8601 with the Copenhagen offset, for <time datetime> and structured data."""
    return formatting.local(value).isoformat() if value else ""


def absolute(path_or_obj) -> str:
    path = path_or_obj if isinstance(path_or_obj, str) else path_or_obj.get_absolute_url()
    if path.startswith(("http://", "https://")):
        return path
    return settings.TINGET_BASE_URL + path


@register.simple_tag
def absolute_url(path_or_obj) -> str:
    return absolute(path_or_obj)


@register.simple_tag(takes_context=True)
def translated_url(context, language: str) -> str:
    request = context.get("request")
    if request is None:
        return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
    return translate_url(request.path, language)


@register.inclusion_tag("programme/includes/sdg_labels.html")
def sdg_labels(sdgs, small=False):
    return {"sdgs": list(sdgs), "small": small}


ATTENDANCE_MODE = {
    Session.Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Session.Format.PHYSICAL: "https://schema.org/OfflineEventAttendanceMode",
    Session.Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def event_data(session: Session, partnerships=None, *, full: bool = False) -> dict:
    """schema.org Event for a public session page; `full` (every seat taken, from the
    registrations' tag `session_is_full`) makes the offer SoldOut.

    The location of an online session is its public page, never the private join link.
    """
    series = session.series
    page = absolute(session)
    if partnerships is None:
        partnerships = series.partnerships.all()
    virtual = {"@type": "VirtualLocation", "url": page}
    place = {"@type": "Place", "name": session.place, "address": session.place}
    if session.format == Session.Format.ONLINE or not session.place:
        location = virtual
    elif session.format == Session.Format.PHYSICAL:
        location = place
    else:
        location = [place, virtual]
    performers, seen = [], set()
    for item in session.items.all():
        for appearance in item.appearances.all():
            if appearance.person_id in seen:
                continue
            seen.add(appearance.person_id)
            performer = {
                "@type": "Person",
                "name": appearance.person.name,
                "url": absolute(appearance.person),
            }
            if appearance.role:
                performer["jobTitle"] = appearance.role
            if appearance.organisation_label:
                performer["affiliation"] = {
                    "@type": "Organization",
                    "name": appearance.organisation_label,
                }
            performers.append(performer)
    organisers = []
    for partnership in partnerships:
        organisation = partnership.organisation
        organiser = {"@type": "Organization", "name": organisation.name}
        organiser["url"] = organisation.website or absolute(organisation)
        organisers.append(organiser)
    cancelled = session.status == Session.Status.CANCELLED
    description = markdown_to_text(session.recap) or " · ".join(
        item.title for item in session.items.all()
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session.display_title,
        "url": page,
        "startDate": formatting.local(session.starts_at).isoformat(),
        "endDate": formatting.local(session.ends_at).isoformat(),
        "eventAttendanceMode": ATTENDANCE_MODE[session.format],
        "eventStatus": (
            "https://schema.org/EventCancelled"
            if cancelled
            else "https://schema.org/EventScheduled"
        ),
        "location": location,
        "inLanguage": "en" if (get_language() or "da").startswith("en") else "da",
        "isAccessibleForFree": series.is_free,
        "superEvent": {"@type": "EventSeries", "name": series.title, "url": absolute(series)},
    }
    if description:
        data["description"] = description[:500]
    if organisers:
        data["organizer"] = organisers
    if performers:
        data["performer"] = performers
    if series.is_free:
        data["offers"] = {
            "@type": "Offer",
            "price": 0,
            "priceCurrency": "DKK",
            "availability": _availability(session, full=full),
            "url": page,
        }
    return data


def _availability(session: Session, *, full: bool) -> str:
    """A cancelled or held webinar is no longer offered; an upcoming one is, unless every
    seat is taken (a sign-up then joins the waiting list)."""
    if not session.is_upcoming:
        return "https://schema.org/Discontinued"
    return "https://schema.org/SoldOut" if full else "https://schema.org/InStock"


# Within a <script> element only "</" and "<!--" could end or confuse it; escaping <, > and &
# as JSON unicode escapes (as Django's json_script does) keeps the data intact and inert.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        _JSON_SCRIPT_ESCAPES
    )


@register.simple_tag
def event_jsonld(session, partnerships=None, full=False):
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json_ld(event_data(session, partnerships, full=full))),  # noqa: S308 - escaped above
    )


def _script(data: dict) -> str:
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json_ld(data)),  # noqa: S308 - escaped by json_ld
    )


def person_data(person) -> dict:
    """schema.org Person for a speaker's page: name, current role and organisation, photo."""
    data = {"@context": "https://schema.org", "@type": "Person", "name": person.name}
    data["url"] = absolute(person)
    if person.role:
        data["jobTitle"] = person.role
    if person.organisation:
        data["worksFor"] = {
            "@type": "Organization",
            "name": person.organisation.name,
            "url": absolute(person.organisation),
        }
    if person.photo:
        data["image"] = absolute(person.photo.url)
    if person.bio:
        data["description"] = markdown_to_text(person.bio)[:500]
    return data


def organisation_data(organisation) -> dict:
    """schema.org Organization (or GovernmentOrganization for public bodies) for its page."""
    public = organisation.kind in {"municipality", "region", "state"}
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization" if public else "Organization",
        "name": organisation.name,
        "url": absolute(organisation),
    }
    if organisation.website:
        data["sameAs"] = organisation.website
    if organisation.logo:
        data["logo"] = absolute(organisation.logo.url)
    if organisation.municipality_id:
        data["areaServed"] = {
            "@type": "AdministrativeArea",
            "name": organisation.municipality.official_name,
        }
    return data


@register.simple_tag
def person_jsonld(person):
    return _script(person_data(person))


@register.simple_tag
def organisation_jsonld(organisation):
    return _script(organisation_data(organisation))


@register.simple_tag
def og_locale() -> str:
    return "en_GB" if (get_language() or "da").startswith("en") else "da_DK"
