"""Writes to the shared records: organisations and people.

Many series show the same organisation or speaker, so a change here changes other partners'
pages. Each function checks `can_edit_organisation` / `can_edit_person` (an organiser may
change a record only when every series it appears in is one they may edit; viewers change
nothing; everything else is for a superuser) and writes one audit entry with the old and the
new value of each changed field. Refusals raise `NotAllowed` with a translated message that
says who can make the change instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinget.audit import audit

from ..models import Organisation, Person
from ..permissions import (
    can_edit_organisation,
    can_edit_person,
    series_showing_organisation,
    series_showing_person,
)
from ..uploads import validate_image
from .common import NotAllowed

# Fields whose values the audit entry records (the rest are named only).
_ORGANISATION_FIELDS = (
    "name",
    "slug",
    "kind",
    "municipality_id",
    "website",
    "logo",
    "logo_alt",
)
_PERSON_FIELDS = ("name", "slug", "role", "organisation_id", "bio", "photo", "photo_alt")


def _value(obj, field: str):
    value = getattr(obj, field)
    return value if value is None or isinstance(value, str | int | bool) else str(value)


def _changes(obj, before, fields: tuple[str, ...]) -> dict[str, list]:
    """{field: [old, new]} for what changed (everything, for a new row)."""
    changes = {}
    for field in fields:
        new = _value(obj, field)
        old = _value(before, field) if before is not None else None
        if before is None or old != new:
            changes[field.removesuffix("_id")] = [old, new]
    return changes


def _refuse_organisation():
    raise NotAllowed(
        _(
            "Other partners' series show this organisation, so only an administrator can "
            "change it. Ask an administrator to make the change."
        )
    )


def _refuse_person():
    raise NotAllowed(
        _(
            "This person appears in series you cannot edit, so only an administrator can "
            "change the record. Ask an administrator to make the change."
        )
    )


@transaction.atomic
def save_organisation(*, user, organisation: Organisation) -> Organisation:
    """Create or update ``organisation`` (its fields already set) for ``user``, audited.

    Raises NotAllowed when ``user`` may not change it; nothing is saved then.
    """
    before = None
    if organisation.pk is not None:
        before = Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if user is not None and not can_edit_organisation(user, before or organisation):
        _refuse_organisation()
    organisation.save()
    series_ids = list(series_showing_organisation(organisation).values_list("pk", flat=True))
    audit(
        "organisation.changed" if before is not None else "organisation.created",
        actor=user,
        obj=organisation,
        detail={
            "changes": _changes(organisation, before, _ORGANISATION_FIELDS),
            "series": series_ids,
        },
    )
    return organisation


@transaction.atomic
def update_organisation(
    *,
    user,
    organisation: Organisation,
    website: str,
    logo=None,
    logo_alt: str = "",
    remove_logo: bool = False,
) -> Organisation:
    """Change what the public pages show of an organisation: its website and its logo with
    the logo's text. A new ``logo`` (an uploaded file) is checked by validate_image; a logo
    needs its text. Raises ValidationError (field dict) or NotAllowed; nothing is saved then.
    """
    if logo is not None:
        try:
            validate_image(logo)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from None
    organisation.website = website.strip()
    if remove_logo:
        organisation.logo = ""
    if logo is not None:
        organisation.logo = logo
    organisation.logo_alt = " ".join(logo_alt.split()) if organisation.logo else ""
    organisation.full_clean()
    return save_organisation(user=user, organisation=organisation)


@transaction.atomic
def save_person(*, user, person: Person) -> Person:
    """Create or update ``person`` (its fields already set) for ``user``, audited.

    Raises NotAllowed when ``user`` may not change them; nothing is saved then.
    """
    before = None
    if person.pk is not None:
        before = Person.objects.select_for_update().filter(pk=person.pk).first()
    if user is not None and not can_edit_person(user, before or person):
        _refuse_person()
    person.save()
    series_ids = list(series_showing_person(person).values_list("pk", flat=True))
    audit(
        "person.changed" if before is not None else "person.created",
        actor=user,
        obj=person,
        detail={"changes": _changes(person, before, _PERSON_FIELDS), "series": series_ids},
    )
    return person


@transaction.atomic
def delete_records(*, user, records: Iterable[Organisation | Person]) -> int:
    """Delete organisations or people, each checked and audited; all or none.

    Raises NotAllowed (and deletes nothing) when ``user`` may not change one of them.
    """
    records = list(records)
    for record in records:
        if isinstance(record, Organisation):
            allowed = user is None or can_edit_organisation(user, record)
            if not allowed:
                _refuse_organisation()
        elif user is not None and not can_edit_person(user, record):
            _refuse_person()
    for record in records:
        fields = _ORGANISATION_FIELDS if isinstance(record, Organisation) else _PERSON_FIELDS
        audit(
            f"{record._meta.model_name}.deleted",
            actor=user,
            obj=record,
            detail={"values": {f.removesuffix("_id"): _value(record, f) for f in fields}},
        )
        record.delete()
    return len(records)
