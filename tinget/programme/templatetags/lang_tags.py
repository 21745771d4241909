"""Content in another language than the page's is marked with lang (WCAG 3.1.2).

{% load lang_tags %}
  <h1{{ series|content_lang }}>           ' lang="da"' on an English page of a Danish series
  <h3{{ session|title_lang }}>            the same, but nothing for an untitled session, whose
                                          name is its date in the page's language
  {{ item.title|in_lang:session }}        the text, in <span lang="da"> only where it differs
  {{ session|shown_title }}               display_title so, but never the date of an untitled one
  <label{{ "da"|other_lang }}>Dansk       a word in a known language

The object is a series or anything that belongs to one (a session, a programme item, an
appearance, a partnership). Bios and organisation texts belong to no series: they are in
TINGET_CONTENT_LANGUAGE ("da").
"""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

from ..models import Appearance, ProgrammeItem, Series

register = template.Library()


def _series_of(obj) -> Series | None:
    if isinstance(obj, Series):
        return obj
    if isinstance(obj, Appearance):
        obj = obj.item
    if isinstance(obj, ProgrammeItem):
        obj = obj.session
    series = getattr(obj, "series", None)
    return series if isinstance(series, Series) else None


def lang_attribute(language: str) -> str:
    page = (get_language() or settings.LANGUAGE_CODE)[:2]
    return format_html(' lang="{}"', language) if language and language != page else ""


@register.filter
def content_lang(obj) -> str:
    series = _series_of(obj)
    language = series.content_language if series else settings.TINGET_CONTENT_LANGUAGE
    return lang_attribute(language)


@register.filter
def in_lang(text, obj) -> str:
    """The text, in <span lang="…"> when obj's content language is not the page's."""
    attribute = content_lang(obj)
    return format_html("<span{}>{}</span>", attribute, text) if attribute else text


@register.filter
def other_lang(language: str) -> str:
    """' lang="<language>"' unless the page is in that language (a label such as "Dansk")."""
    return lang_attribute(str(language))


@register.filter
def shown_title(session) -> str:
    """The session's display title, in <span lang> when it is a title in another language
    (an untitled session's name is its date, in the page's language)."""
    shown = getattr(session, "display_title", "")
    return in_lang(shown, session) if getattr(session, "title", "") else shown


@register.filter
def title_lang(session) -> str:
    return content_lang(session) if getattr(session, "title", "") else ""
