"""Programme items and the people who appear on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from ..models import (
    SDG,
    Appearance,
    ProgrammeItem,
    Session,
)
from .common import _clean_name, _require_edit
from .organisations import get_or_create_organisation, get_or_create_person


@transaction.atomic
def add_programme_item(
    *,
    user,
    session: Session,
    title: str,
    time: dt.time | None = None,
    description: str = "",
    order: int | None = None,
    sdgs: Iterable[SDG | int] = (),
) -> ProgrammeItem:
    """Append an item to the session's programme (or put it at ``order``).
    Raises NotAllowed, ValidationError."""
    _require_edit(user, session.series)
    if order is None:
        order = (session.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = ProgrammeItem(
        session=session, title=title, time=time, description=description, order=order
    )
    item.full_clean()
    item.save()
    if sdgs:
        item.sdgs.set(sdgs)
    return item


@transaction.atomic
def add_appearance(
    *,
    user,
    item: ProgrammeItem,
    name: str,
    role: str = "",
    organisation: str = "",
    part: str = Appearance.Part.SPEAKER,
    order: int | None = None,
) -> Appearance:
    """Put a person on an item, finding them by name or creating them.

    ``role`` and ``organisation`` are stored as printed for this talk; the organisation is
    also linked (found or created by get_or_create_organisation). A new person takes them as
    their current role and organisation. Raises NotAllowed, ValidationError.
    """
    series = item.session.series
    _require_edit(user, series)
    organisation_name = _clean_name(organisation)
    linked = (
        get_or_create_organisation(name=organisation_name, user=user, series=series)
        if organisation_name
        else None
    )
    person = get_or_create_person(
        name=name, role=_clean_name(role), organisation=linked, user=user, series=series
    )
    if order is None:
        order = (item.appearances.aggregate(m=Max("order"))["m"] or 0) + 1
    if part not in Appearance.Part.values:
        part = Appearance.Part.SPEAKER
    appearance = Appearance(
        item=item,
        person=person,
        role=_clean_name(role),
        organisation_name=organisation_name,
        organisation=linked,
        part=part,
        order=order,
    )
    appearance.full_clean()
    appearance.save()
    return appearance
