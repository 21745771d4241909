"""One email to thousands: render the templates once per language, fill in each person's parts.

A reminder to 10,000 people differs between them only in a few values (their name, their
manage link, their personal calendar or join link). Rendering the three templates per person
costs most of a fan-out's time, so `PersonalTemplate` renders them once with a marker in place
of each personal value and then replaces the markers per person: escaped as Django's
autoescape would in the HTML part, as it is in the subject and text parts.

It is only used where it gives exactly what a full render gives:
- a person with an empty personal value is rendered in full (a template may say
  `{% if name %}`), and so is everyone once a marker does not come out of the template as it
  went in (a filter changed it);
- `verify()` renders the first people in full and compares; the caller renders everyone in
  full when they differ (a template that reads a personal value some other way).
"""

from __future__ import annotations

from django.utils.html import escape

from .services import render_email

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: no template or escape changes them


def _marker(key: str) -> str:
    return f"{_OPEN}{key}{_CLOSE}"


class PersonalTemplate:
    def __init__(self, *, template: str, language: str, context: dict, personal_keys: list[str]):
        self.template = template
        self.language = language
        self.context = context
        self.keys = list(personal_keys)
        marked = {**context, **{key: _marker(key) for key in self.keys}}
        self.parts = render_email(template, marked, language)
        self.usable = True

    def fill(self, personal: dict) -> tuple[str, str, str] | None:
        """(subject, text, html) for one person, or None when they need a full render."""
        if not self.usable or any(not personal.get(key) for key in self.keys):
            return None
        subject, text, html = self.parts
        for key in self.keys:
            value = str(personal[key])
            marker = _marker(key)
            subject = subject.replace(marker, " ".join(value.split()))
            text = text.replace(marker, value)
            html = html.replace(marker, escape(value))
        if _OPEN in subject or _OPEN in text or _OPEN in html:
            # A filter changed a marker on its way through the template: render everyone.
            self.usable = False
            return None
        return subject, text, html

    def render_in_full(self, personal: dict) -> tuple[str, str, str]:
        return render_email(self.template, {**self.context, **personal}, self.language)

    def verify(self, samples: list[dict]) -> bool:
        """True when filling gives the full render for each of these people."""
        for personal in samples:
            filled = self.fill(personal)
            if filled is not None and filled != self.render_in_full(personal):
                self.usable = False
        return self.usable
