"""The one base class of domain errors, for every app.

A service raises a subclass when a rule of the domain says no. ``message`` is text fit to
show the person (translated, or lazily translatable); ``field`` names the form field it is
about, when there is one. Views turn it into a message or a field error; the API into a
problem document. Plain Python (no Django import), so the pure parsers can use it too.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain said no. Subclasses set ``default_message``."""

    default_message = "The change could not be made."

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))
