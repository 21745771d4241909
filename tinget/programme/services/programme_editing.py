"""The programme editor's writes: items in order, speakers (a known person, or a new one
with bio and photo), materials checked by validate_upload. Same contract as the rest of
the package."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tinget.audit import audit

from ..models import Appearance, Material, Person, ProgrammeItem, Session
from ..uploads import validate_upload
from .common import _require_edit, unique_slug
from .organisations import get_or_create_organisation
from .records import save_person

PHOTO_KINDS = {"png", "jpeg", "webp"}


@transaction.atomic
def save_item(
    *,
    user,
    session: Session,
    title: str,
    time: dt.time | None,
    description: str,
    item: ProgrammeItem | None = None,
) -> ProgrammeItem:
    """Add an item at the end of the programme, or change ``item``. Raises NotAllowed,
    ValidationError."""
    _require_edit(user, session.series)
    if item is None:
        order = (session.items.aggregate(m=Max("order"))["m"] or 0) + 1
        item = ProgrammeItem(session=session, order=order)
        action = "item.created"
    else:
        action = "item.updated"
    item.title, item.time, item.description = title, time, description
    item.full_clean()
    item.save()
    audit(action, actor=user, obj=item, series=session.series, detail={"title": title})
    return item


@transaction.atomic
def delete_item(*, user, item: ProgrammeItem) -> None:
    """Remove an item with its speakers and materials. Raises NotAllowed."""
    series = item.session.series
    _require_edit(user, series)
    audit("item.deleted", actor=user, obj=item, series=series, detail={"title": item.title})
    item.delete()


def _swap_and_renumber(rows: list, pk: int, direction: int) -> bool:
    """Swap the row with this pk with its neighbour (-1 up, +1 down) and save orders as 1..n.
    Returns False, changing nothing, when the row is already at that end."""
    index = next(i for i, row in enumerate(rows) if row.pk == pk)
    target = index + direction
    if not 0 <= target < len(rows):
        return False
    rows[index], rows[target] = rows[target], rows[index]
    for order, row in enumerate(rows, start=1):
        if row.order != order:
            row.order = order
            row.save(update_fields=["order"])
    return True


@transaction.atomic
def move_item(*, user, item: ProgrammeItem, direction: int) -> None:
    """Move an item one place up (-1) or down (+1); orders become 1..n. Raises NotAllowed."""
    session = item.session
    _require_edit(user, session.series)
    items = list(session.items.select_for_update().order_by("order", "id"))
    if not _swap_and_renumber(items, item.pk, direction):
        return
    audit(
        "item.moved",
        actor=user,
        obj=item,
        series=session.series,
        detail={"order": [row.pk for row in items]},
    )


# --- speakers ------------------------------------------------------------------------------


def check_photo(photo) -> None:
    """A speaker's photo: an accepted upload that is a PNG, JPEG or WebP image.
    Raises ValidationError with a ``photo`` field message."""
    try:
        kind = validate_upload(photo)
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from None
    if kind.name not in PHOTO_KINDS:
        raise ValidationError({"photo": _("The photo must be a PNG, JPEG or WebP image.")})


@transaction.atomic
def update_person(
    *,
    user,
    person: Person,
    name: str,
    role: str,
    organisation: str,
    bio: str,
    photo=None,
    photo_alt: str = "",
    remove_photo: bool = False,
) -> Person:
    """Change a person's own record (not what was printed for past talks). Raises NotAllowed
    (records.save_person: only when every series showing them is the user's), ValidationError."""

    clean_name = " ".join(name.split())
    if not clean_name:
        raise ValidationError({"name": _("Write the person's name.")})
    if photo is not None:
        check_photo(photo)
    person.name = clean_name
    person.role = " ".join(role.split())
    clean_org = " ".join(organisation.split())
    person.organisation = (
        get_or_create_organisation(name=clean_org, user=user) if clean_org else None
    )
    person.bio = bio.strip()
    if remove_photo:
        person.photo = ""
    if photo is not None:
        person.photo = photo
    person.photo_alt = photo_alt.strip() if person.photo else ""
    if person.photo and not person.photo_alt:
        raise ValidationError({"photo_alt": _("Describe the photo for people who cannot see it.")})
    person.full_clean()
    return save_person(user=user, person=person)


@transaction.atomic
def add_speaker(
    *,
    user,
    item: ProgrammeItem,
    part: str,
    role: str = "",
    organisation: str = "",
    person: Person | None = None,
    name: str = "",
    bio: str = "",
    photo=None,
    photo_alt: str = "",
) -> Appearance:
    """Put a known ``person`` on the item, or create a new person (name, bio, photo with its
    description) in the same transaction. ``role`` and ``organisation`` are printed for this
    talk; a new person takes them as their current ones. Raises NotAllowed, ValidationError."""
    _require_edit(user, item.session.series)
    clean_org = " ".join(organisation.split())
    linked = (
        get_or_create_organisation(name=clean_org, user=user, series=item.session.series)
        if clean_org
        else None
    )
    if person is None:
        clean_name = " ".join(name.split())
        if not clean_name:
            raise ValidationError({"name": _("Write the speaker's name.")})
        if photo is not None:
            check_photo(photo)
            if not photo_alt.strip():
                raise ValidationError(
                    {"photo_alt": _("Describe the photo for people who cannot see it.")}
                )
        person = Person(
            name=clean_name,
            slug=unique_slug(Person, clean_name),
            role=" ".join(role.split()),
            organisation=linked,
            bio=bio.strip(),
            photo_alt=photo_alt.strip() if photo is not None else "",
        )
        if photo is not None:
            person.photo = photo
        person.full_clean()

        save_person(user=user, person=person)
    if part not in Appearance.Part.values:
        part = Appearance.Part.SPEAKER
    appearance = Appearance(
        item=item,
        person=person,
        role=" ".join(role.split()),
        organisation_name=clean_org,
        organisation=linked,
        part=part,
        order=(item.appearances.aggregate(m=Max("order"))["m"] or 0) + 1,
    )
    appearance.full_clean()
    appearance.save()
    audit(
        "appearance.created",
        actor=user,
        obj=appearance,
        series=item.session.series,
        detail={"person": person.pk, "item": item.pk},
    )
    return appearance


@transaction.atomic
def update_speaker(*, user, appearance: Appearance, part: str, role: str, organisation: str):
    """Change the part and what is printed for this talk (role, organisation); the person's
    own record stays. Raises NotAllowed, ValidationError."""
    series = appearance.item.session.series
    _require_edit(user, series)
    clean_org = " ".join(organisation.split())
    appearance.part = part if part in Appearance.Part.values else Appearance.Part.SPEAKER
    appearance.role = " ".join(role.split())
    appearance.organisation_name = clean_org
    appearance.organisation = (
        get_or_create_organisation(name=clean_org, user=user, series=series) if clean_org else None
    )
    appearance.full_clean()
    appearance.save()
    audit(
        "appearance.updated",
        actor=user,
        obj=appearance,
        series=series,
        detail={"person": appearance.person_id, "item": appearance.item_id},
    )
    return appearance


@transaction.atomic
def move_speaker(*, user, appearance: Appearance, direction: int) -> None:
    """Move a speaker one place up (-1) or down (+1) among the item's speakers; orders become
    1..n. At either end nothing changes. Raises NotAllowed."""
    item = appearance.item
    _require_edit(user, item.session.series)
    rows = list(item.appearances.select_for_update().order_by("order", "id"))
    if not _swap_and_renumber(rows, appearance.pk, direction):
        return
    audit(
        "appearance.moved",
        actor=user,
        obj=appearance,
        series=item.session.series,
        detail={"item": item.pk, "order": [row.pk for row in rows]},
    )


@transaction.atomic
def remove_speaker(*, user, appearance: Appearance) -> None:
    """Take a person off an item (the person stays). Raises NotAllowed."""
    series = appearance.item.session.series
    _require_edit(user, series)
    audit(
        "appearance.deleted",
        actor=user,
        obj=appearance,
        series=series,
        detail={"person": appearance.person_id, "item": appearance.item_id},
    )
    appearance.delete()


@transaction.atomic
def add_material(
    *,
    user,
    session: Session,
    kind: str,
    title: str,
    url: str = "",
    file=None,
    item: ProgrammeItem | None = None,
) -> Material:
    """A link or an uploaded file (checked by validate_upload) for the session or one of its
    items. Raises NotAllowed, ValidationError."""
    _require_edit(user, session.series)
    if file is not None:
        try:
            validate_upload(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
    if item is not None and item.session_id != session.pk:
        raise ValidationError({"item": _("The item belongs to another session.")})
    order = (session.materials.aggregate(m=Max("order"))["m"] or 0) + 1
    material = Material(session=session, item=item, kind=kind, title=title, url=url, order=order)
    if file is not None:
        material.file = file
    material.full_clean()
    material.save()
    audit(
        "material.created",
        actor=user,
        obj=material,
        series=session.series,
        detail={"title": title},
    )
    return material


@transaction.atomic
def update_material(
    *,
    user,
    material: Material,
    kind: str,
    title: str,
    url: str = "",
    file=None,
    item: ProgrammeItem | None = None,
) -> Material:
    """Change a material's kind, title, item, and its link or file. A new ``file`` replaces
    the stored one (or the link); a ``url`` replaces the file; with neither, the material
    keeps what it has. A file no longer used is deleted from storage after commit.
    Raises NotAllowed, ValidationError (nothing is changed)."""
    session = material.session
    _require_edit(user, session.series)
    if file is not None and url:
        raise ValidationError({"url": _("Give either a link or an uploaded file.")})
    if file is not None:
        try:
            validate_upload(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
    if item is not None and item.session_id != session.pk:
        raise ValidationError({"item": _("The item belongs to another session.")})
    old_file = material.file.name if material.file else ""
    storage = material.file.storage
    before = {
        "kind": material.kind,
        "title": material.title,
        "item": material.item_id,
        "url": material.url,
        "file": old_file,
    }
    material.kind, material.title, material.item = kind, title, item
    if file is not None:
        material.file, material.url = file, ""
    elif url:
        material.file, material.url = "", url
    material.full_clean()
    material.save()
    new_file = material.file.name if material.file else ""
    after = {
        "kind": material.kind,
        "title": material.title,
        "item": material.item_id,
        "url": material.url,
        "file": new_file,
    }
    changed = sorted(key for key in before if before[key] != after[key])
    if old_file and old_file != new_file:
        transaction.on_commit(lambda: storage.delete(old_file))
    audit(
        "material.updated",
        actor=user,
        obj=material,
        series=session.series,
        detail={"title": title, "changed": changed},
    )
    return material


@transaction.atomic
def delete_material(*, user, material: Material) -> None:
    """Remove a material (its file is deleted from storage after commit). Raises NotAllowed."""
    series = material.session.series
    _require_edit(user, series)
    audit(
        "material.deleted",
        actor=user,
        obj=material,
        series=series,
        detail={"title": material.title},
    )
    stored = material.file.name if material.file else ""
    storage = material.file.storage if material.file else None
    material.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
