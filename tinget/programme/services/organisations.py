"""Organisations and people: found by name (ignoring case and spacing) or created."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from tinget.audit import audit

from ..models import (
    Municipality,
    Organisation,
    Person,
)
from .common import _clean_name, unique_slug


def find_municipality(name: str) -> Municipality | None:
    """The kommune a printed name means: "Gentofte Kommune", "gentofte kommune",
    "Københavns Kommune", "Bornholms Regionskommune". None when it is no kommune."""
    folded = _clean_name(name).casefold()
    if not folded:
        return None
    # 98 rows: matching in Python handles æ/ø/å case-insensitively on every database.
    for municipality in Municipality.objects.all():
        if folded == municipality.official_name.casefold():
            return municipality
        if folded == f"{municipality.name.casefold()} kommune":
            return municipality
    return None


def infer_organisation_kind(name: str) -> str:
    """A best guess from the name; organisers correct it in the admin when it is wrong."""
    folded = _clean_name(name).casefold()
    if find_municipality(name):
        return Organisation.Kind.MUNICIPALITY
    if folded.startswith("region "):
        return Organisation.Kind.REGION
    if folded in {"kl", "kommunernes landsforening", "danske regioner"}:
        return Organisation.Kind.ASSOCIATION
    if re.search(r"\b(a/s|aps|a\.m\.b\.a\.|i/s|p/s)$", folded):
        return Organisation.Kind.COMPANY
    if re.search(r"(universitet|university|professionshøjskole|akademi)", folded):
        return Organisation.Kind.RESEARCH
    if re.search(r"(ministeri|styrelse)", folded):
        return Organisation.Kind.STATE
    return Organisation.Kind.OTHER


def _find_by_name(model, name: str):
    """The row whose name equals ``name`` ignoring case and spacing."""
    found = model.objects.filter(name__iexact=name).first()
    if found is None and not name.isascii():
        # SQLite folds only ASCII letters in iexact; compare Danish letters in Python.
        folded = name.casefold()
        found = next((row for row in model.objects.all() if row.name.casefold() == folded), None)
    return found


def get_or_create_organisation(
    *, name: str, website: str = "", user=None, series=None
) -> Organisation:
    """The organisation a printed name means, created when new (and the creation audited:
    by ``user``, tied to ``series`` when it is created for one).

    Kommuner are matched against the 98 municipalities (so "Gentofte kommune" finds
    "Gentofte Kommune") and created under their official name with the municipality code;
    "Region …" becomes a region, KL an association. Raises ValidationError on an empty name.
    """
    clean = _clean_name(name)
    if not clean:
        raise ValidationError({"name": _("Give the organisation a name.")})
    municipality = find_municipality(clean)
    if municipality is not None:
        existing = Organisation.objects.filter(
            Q(municipality=municipality) | Q(name__iexact=municipality.official_name)
        ).first()
        if existing is not None:
            return existing
        created = Organisation.objects.create(
            name=municipality.official_name,
            slug=unique_slug(Organisation, municipality.official_name),
            kind=Organisation.Kind.MUNICIPALITY,
            municipality=municipality,
            website=website,
        )
        return _audited("organisation.created", created, user=user, series=series)
    existing = _find_by_name(Organisation, clean)
    if existing is not None:
        return existing
    created = Organisation.objects.create(
        name=clean,
        slug=unique_slug(Organisation, clean),
        kind=infer_organisation_kind(clean),
        website=website,
    )
    return _audited("organisation.created", created, user=user, series=series)


def _audited(action: str, record, *, user, series):
    """Audit a record found missing and created on the way (ids and kind, no names)."""
    detail = {"found_by_name": True}
    if isinstance(record, Organisation):
        detail["kind"] = record.kind
    if isinstance(record, Person) and record.organisation_id:
        detail["organisation"] = record.organisation_id
    audit(action, actor=user, obj=record, series=series, detail=detail)
    return record


def get_or_create_person(
    *,
    name: str,
    role: str = "",
    organisation: Organisation | None = None,
    user=None,
    series=None,
) -> Person:
    """The person with this name (case and spacing ignored), created when new (and the
    creation audited: by ``user``, tied to ``series`` when it is created for one).

    A new person takes the role and organisation given as their current ones; an existing
    person is left as they are (their appearance records what was printed then).
    """
    clean = _clean_name(name)
    if not clean:
        raise ValidationError({"name": _("Give the person a name.")})
    person = _find_by_name(Person, clean)
    if person is not None:
        return person
    created = Person.objects.create(
        name=clean, slug=unique_slug(Person, clean), role=role or "", organisation=organisation
    )
    return _audited("person.created", created, user=user, series=series)
