"""Render allauth's form fields in Det Fælles Designsystem's markup."""

from django import forms, template

register = template.Library()


@register.filter
def dkfds_widget(bound_field):
    """The field's input with the design system's class (``form-input``/``form-checkbox``)."""
    widget = bound_field.field.widget
    css = "form-checkbox" if isinstance(widget, forms.CheckboxInput) else "form-input"
    attrs = {"class": css}
    if bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_helptext"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)
