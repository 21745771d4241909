"""{% error_title_prefix %}: "Fejl: " ("Error: ") before the page title while a form on the
page has errors, as the sign-up form has always done. base.html puts it in every <title>, so
no form's template has to remember it (WCAG 3.3.1: the first thing a screen reader says)."""

from django import forms, template
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

register = template.Library()


def _has_errors(value) -> bool:
    # A lazy form (the sign-up box's) is never built just to ask: it is always empty.
    if type(value) is SimpleLazyObject:
        return False
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, forms.BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    if any(_has_errors(value) for value in context.flatten().values()):
        return gettext("Error:") + " "
    return ""
