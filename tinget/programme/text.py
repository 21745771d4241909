"""Single-line text: no line breaks, no control characters, no bidirectional overrides.

A name with BEL or ESC broke the organisers' Excel export, and CR/LF in a name reached the
body (and could reach the headers) of an email. `SingleLineFieldsMixin` gives every text-input
field of a form (``TextInput``, ``EmailInput``, ``URLInput``; not textareas) a field error in
the user's language when the value holds such characters; `strip_control` removes them
defensively where text leaves the system (exports).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters (tab included: it is never typed into a one-line field) and
# the Unicode bidirectional embeddings, overrides and isolates that make text read backwards.
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
SINGLE_LINE_WIDGETS = (forms.TextInput, forms.EmailInput, forms.URLInput)
# What cannot sit in a spreadsheet cell (tab and line breaks can: multi-line answers keep
# them, and neutralise() puts an apostrophe before a leading one).
EXPORT_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MESSAGE = _(
    "Remove the line breaks and special characters (such as tabs or control characters) "
    "from this field."
)


def has_forbidden(value: str) -> bool:
    return bool(FORBIDDEN.search(value))


def strip_control(value):
    """``value`` without the control characters and bidi overrides a spreadsheet cell cannot
    hold or would show misleadingly (tab and line breaks stay; non-strings unchanged)."""
    if isinstance(value, str):
        return EXPORT_FORBIDDEN.sub("", value)
    return value


def validate_single_line(value) -> None:
    if isinstance(value, str) and has_forbidden(value):
        raise ValidationError(MESSAGE, code="control_characters")


class SingleLineFieldsMixin:
    """Refuse control characters in every one-line text field of the form (put it first)."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            widget = field.widget
            if not isinstance(widget, SINGLE_LINE_WIDGETS) or isinstance(
                widget, forms.PasswordInput
            ):
                continue
            value = self.data.get(self.add_prefix(name)) if self.is_bound else None
            if isinstance(value, str) and has_forbidden(value) and name not in self.errors:
                self.add_error(name, ValidationError(MESSAGE, code="control_characters"))
        return cleaned
