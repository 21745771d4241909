"""What every programme service shares: the errors, the editable fields, the audit entry."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinget.errors import DomainError

from ..models import (
    Membership,
    Organisation,
    Series,
)
from ..permissions import can_edit_series

logger = logging.getLogger(__name__)


SERIES_FIELDS = {
    "slug",
    "title",
    "description",
    "content_language",
    "moderator",
    "contact_email",
    "contact_phone",
    "platform",
    "is_free",
    "default_capacity",
    "remind_24h",
    "remind_1h",
}


SESSION_FIELDS = {
    "title",
    "starts_at",
    "ends_at",
    "format",
    "place",
    "join_url",
    "capacity",
    "signup_deadline",
    "requires_approval",
    "recap",
}


# The changes calendar clients must see: they raise the invite's SEQUENCE.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "join_url")


class ProgrammeError(DomainError):
    """A rule of the programme was broken. ``str(error)`` is a translated message."""

    default_message = gettext_lazy("The change could not be made.")


class NotAllowed(ProgrammeError):
    """The acting user may not change this series."""


class InvalidStatusChange(ProgrammeError):
    """The session or series cannot move to the requested status from where it is."""


class InvalidImport(ProgrammeError):
    """The importer's data cannot make a series; nothing was saved."""


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _jsonable(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _require_edit(user, series: Series) -> None:
    if user is None:
        return
    if not can_edit_series(user, series):
        raise NotAllowed(_("You may not change this series."))


def _editor_organisations(user):
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.EDITOR
    ).order_by("memberships__id")


_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def unique_slug(model, text: str, *, exclude_pk=None, max_length: int = 200) -> str:
    """A slug for ``text`` that no other row of ``model`` has ("titel", "titel-2", ...)."""
    base = slugify(text.translate(_DANISH_LETTERS))[: max_length - 6].strip("-") or "x"
    candidate, number = base, 1
    others = model.objects.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    while others.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _clean_name(name: str) -> str:
    return " ".join((name or "").split())
