"""Writes behind the organiser's editing screens: series with partners, duplicates, session
changes the organiser decides whether to announce, programme items, speakers and materials.

Same contract as ``services``: keyword-only arguments, the acting user first, the permission
check of ``permissions.can_edit_series`` (``NotAllowed``), field problems as ``ValidationError``
with a field dict, each write in one transaction and written to the audit log. Registrants
are told about a change only when the caller asks (``notify=True``): after commit,
``tinget.mailings.notify_changes`` queues the emails, so a rollback sends nothing.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from . import services
from .models import (
    SDG,
    Appearance,
    Material,
    Person,
    ProgrammeItem,
    Series,
    SeriesPartner,
    Session,
)
from .services import (
    _audit,
    _require_edit,
    get_or_create_organisation,
    unique_slug,
)
from .uploads import validate_upload

PHOTO_KINDS = {"png", "jpeg", "webp"}


def _announce(function_name: str, session_id: int, **detail) -> None:
    """After commit, call tinget.mailings.notify_changes.<function_name>(session_id, ...).

    Imported lazily: the programme knows nothing of who is registered; the mail side
    decides who hears about the change.
    """
    module = importlib.import_module("tinget.mailings.notify_changes")
    function = getattr(module, function_name)
    transaction.on_commit(lambda: function(session_id, **detail))


def _moderator(name: str) -> Person | None:
    name = " ".join(name.split())
    return services.get_or_create_person(name=name) if name else None


def _organisations(partners: Iterable[tuple[str, str]]):
    return [(get_or_create_organisation(name=name), part) for name, part in partners]


# --- series --------------------------------------------------------------------------------


@transaction.atomic
def create_series_with_partners(
    *,
    user,
    title: str,
    partners: Iterable[tuple[str, str]],
    moderator_name: str = "",
    sdgs: Iterable[SDG | int] = (),
    **fields,
) -> Series:
    """A draft series with its partners (organisation names with their part, in order),
    found or created by name. Raises NotAllowed, ValidationError (a taken slug, ...)."""
    if fields.get("slug") and Series.objects.filter(slug=fields["slug"]).exists():
        raise ValidationError(
            {"slug": _("Another series already has this web address. Choose another.")}
        )
    return services.create_series(
        user=user,
        title=title,
        partners=_organisations(partners),
        sdgs=sdgs,
        moderator=_moderator(moderator_name),
        **fields,
    )


@transaction.atomic
def update_series_with_partners(
    *,
    user,
    series: Series,
    partners: Iterable[tuple[str, str]],
    moderator_name: str = "",
    sdgs: Iterable[SDG | int] = (),
    **fields,
) -> Series:
    """Change the series and set its partners to exactly ``partners`` (in order).

    A non-superuser must keep one of their own organisations as a partner, or they would
    lose the series. Raises NotAllowed, ValidationError.
    """
    _require_edit(user, series)
    if not fields.get("slug"):
        fields["slug"] = series.slug
    elif Series.objects.filter(slug=fields["slug"]).exclude(pk=series.pk).exists():
        raise ValidationError(
            {"slug": _("Another series already has this web address. Choose another.")}
        )
    wanted = _organisations(partners)
    if user is not None and not user.is_superuser:
        own = set(services._editor_organisations(user).values_list("pk", flat=True))
        if not any(organisation.pk in own for organisation, _part in wanted):
            raise ValidationError(
                _("One of your own organisations must stay a partner of the series.")
            )
    services.update_series(
        user=user, series=series, sdgs=sdgs, moderator=_moderator(moderator_name), **fields
    )
    before = [(p.organisation_id, p.part) for p in series.partnerships.all()]
    series.partnerships.exclude(organisation__in=[o for o, _p in wanted]).delete()
    for order, (organisation, part) in enumerate(wanted, start=1):
        SeriesPartner.objects.update_or_create(
            series=series, organisation=organisation, defaults={"part": part, "order": order}
        )
    after = [(o.pk, part) for o, part in wanted]
    if before != after:
        _audit(
            user=user,
            action="series.partners_changed",
            obj=series,
            series=series,
            detail={"partners": [pk for pk, _part in after]},
        )
    return series


@transaction.atomic
def duplicate_series(*, user, series: Series, title: str, shift_days: int) -> Series:
    """A new draft for the next season: settings, partners, goals, sessions, programme items
    and speakers copied, every date moved by ``shift_days``. Not copied: registrations,
    join links, recaps, materials and the status of sessions (all scheduled again).
    Raises NotAllowed."""
    _require_edit(user, series)
    shift = dt.timedelta(days=shift_days)
    copy = Series.objects.create(
        title=title,
        slug=unique_slug(Series, title),
        status=Series.Status.DRAFT,
        **{
            name: getattr(series, name)
            for name in sorted(services.SERIES_FIELDS - {"slug", "title"})
        },
    )
    copy.sdgs.set(series.sdgs.all())
    for partner in series.partnerships.all():
        SeriesPartner.objects.create(
            series=copy,
            organisation_id=partner.organisation_id,
            part=partner.part,
            order=partner.order,
        )
    for session in series.sessions.prefetch_related("items__appearances", "items__sdgs", "sdgs"):
        _copy_session(
            session,
            series=copy,
            starts_at=session.starts_at + shift,
            ends_at=session.ends_at + shift,
        )
    _audit(
        user=user,
        action="series.duplicated",
        obj=copy,
        series=copy,
        detail={"from": series.pk, "shift_days": shift_days},
    )
    return copy


def _copy_session(session: Session, *, series: Series, starts_at, ends_at) -> Session:
    copy = Session.objects.create(
        series=series,
        title=session.title,
        starts_at=starts_at,
        ends_at=ends_at,
        format=session.format,
        place=session.place,
        capacity=session.capacity,
    )
    copy.sdgs.set(session.sdgs.all())
    for item in session.items.all():
        new_item = ProgrammeItem.objects.create(
            session=copy,
            order=item.order,
            time=item.time,
            title=item.title,
            description=item.description,
        )
        new_item.sdgs.set(item.sdgs.all())
        Appearance.objects.bulk_create(
            Appearance(
                item=new_item,
                person_id=appearance.person_id,
                role=appearance.role,
                organisation_name=appearance.organisation_name,
                organisation_id=appearance.organisation_id,
                part=appearance.part,
                order=appearance.order,
            )
            for appearance in item.appearances.all()
        )
    return copy


# --- sessions ------------------------------------------------------------------------------


@transaction.atomic
def duplicate_session(*, user, session: Session, starts_at, ends_at) -> Session:
    """A copy of the session at a new time, with its programme and speakers (no
    registrations, join link, recap or materials). Raises NotAllowed, ValidationError."""
    _require_edit(user, session.series)
    if ends_at <= starts_at:
        raise ValidationError({"end": _("The session must end after it starts.")})
    copy = _copy_session(session, series=session.series, starts_at=starts_at, ends_at=ends_at)
    _audit(
        user=user,
        action="session.duplicated",
        obj=copy,
        series=session.series,
        detail={"from": session.pk, "starts_at": starts_at, "ends_at": ends_at},
    )
    return copy


@dataclass(frozen=True)
class ScheduleChange:
    """What a change of time or join link would be, before anyone is told."""

    old_starts_at: dt.datetime
    old_ends_at: dt.datetime
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_changed: bool
    join_url_changed: bool

    @property
    def changed(self) -> bool:
        return self.time_changed or self.join_url_changed


def schedule_change(session: Session, *, starts_at, ends_at, join_url: str) -> ScheduleChange:
    """Compare the stored session with the new time and link (reads only)."""
    current = Session.objects.get(pk=session.pk)
    return ScheduleChange(
        old_starts_at=current.starts_at,
        old_ends_at=current.ends_at,
        starts_at=starts_at,
        ends_at=ends_at,
        time_changed=(current.starts_at, current.ends_at) != (starts_at, ends_at),
        join_url_changed=current.join_url != join_url,
    )


def update_session_details(
    *, user, session: Session, sdgs: Iterable[SDG | int] | None = None, **changes
) -> Session:
    """Change what registrants need not hear about: title, format, place, capacity, goals.

    Time and join link go through reschedule_session. Raises NotAllowed, ValidationError.
    """
    allowed = {"title", "format", "place", "capacity"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"update_session_details() got unknown fields: {sorted(unknown)}")
    services.update_session(user=user, session=session, sdgs=sdgs, **changes)
    return session


def reschedule_session(
    *, user, session: Session, starts_at, ends_at, join_url: str, notify: bool
) -> ScheduleChange:
    """Move the session or change its join link. The calendar SEQUENCE rises; with
    ``notify`` the confirmed registrants get an updated invite that says what changed.
    Raises NotAllowed, ValidationError (end before start, a link that is no URL)."""
    _require_edit(user, session.series)
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        change = ScheduleChange(
            old_starts_at=current.starts_at,
            old_ends_at=current.ends_at,
            starts_at=starts_at,
            ends_at=ends_at,
            time_changed=(current.starts_at, current.ends_at) != (starts_at, ends_at),
            join_url_changed=current.join_url != join_url,
        )
        if not change.changed:
            return change
        current.starts_at, current.ends_at, current.join_url = starts_at, ends_at, join_url
        current.full_clean()
        current.sequence += 1
        current.save(update_fields=["starts_at", "ends_at", "join_url", "sequence", "updated_at"])
        _audit(
            user=user,
            action="session.rescheduled",
            obj=current,
            series=current.series,
            detail={
                "old_starts_at": change.old_starts_at,
                "old_ends_at": change.old_ends_at,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "join_url_changed": change.join_url_changed,
                "sequence": current.sequence,
                "notified": notify,
            },
        )
        if notify and current.status == Session.Status.SCHEDULED:
            _announce(
                "session_rescheduled",
                current.pk,
                old_starts_at=change.old_starts_at,
                old_ends_at=change.old_ends_at,
                time_changed=change.time_changed,
                join_url_changed=change.join_url_changed,
            )
    session.refresh_from_db()
    return change


def cancel_session(*, user, session: Session, notify: bool, reason: str = "") -> Session:
    """Cancel a scheduled session; with ``notify`` registrants and the waiting list are told
    (and calendars get METHOD:CANCEL). Raises NotAllowed, InvalidStatusChange."""
    with transaction.atomic():
        previous = services._change_session_status(
            user=user,
            session=session,
            status=Session.Status.CANCELLED,
            action="session.cancelled",
            detail={"reason": reason, "notified": notify},
        )
        if previous != Session.Status.CANCELLED and notify:
            _announce("session_cancelled", session.pk)
    return session


# --- programme items -----------------------------------------------------------------------


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
    _audit(user=user, action=action, obj=item, series=session.series, detail={"title": title})
    return item


@transaction.atomic
def delete_item(*, user, item: ProgrammeItem) -> None:
    """Remove an item with its speakers and materials. Raises NotAllowed."""
    series = item.session.series
    _require_edit(user, series)
    _audit(user=user, action="item.deleted", obj=item, series=series, detail={"title": item.title})
    item.delete()


@transaction.atomic
def move_item(*, user, item: ProgrammeItem, direction: int) -> None:
    """Move an item one place up (-1) or down (+1); orders become 1..n. Raises NotAllowed."""
    session = item.session
    _require_edit(user, session.series)
    items = list(session.items.select_for_update().order_by("order", "id"))
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    target = index + direction
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for order, row in enumerate(items, start=1):
        if row.order != order:
            row.order = order
            row.save(update_fields=["order"])
    _audit(
        user=user,
        action="item.moved",
        obj=item,
        series=session.series,
        detail={"order": [row.pk for row in items]},
    )


# --- speakers ------------------------------------------------------------------------------


def _check_photo(photo) -> None:
    kind = validate_upload(photo)
    if kind.name not in PHOTO_KINDS:
        raise ValidationError({"photo": _("The photo must be a PNG, JPEG or WebP image.")})


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
    linked = get_or_create_organisation(name=clean_org) if clean_org else None
    if person is None:
        clean_name = " ".join(name.split())
        if not clean_name:
            raise ValidationError({"name": _("Write the speaker's name.")})
        if photo is not None:
            try:
                _check_photo(photo)
            except ValidationError as error:
                raise ValidationError({"photo": error.messages}) from None
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
        person.save()
        _audit(user=user, action="person.created", obj=person, series=item.session.series)
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
    _audit(
        user=user,
        action="appearance.created",
        obj=appearance,
        series=item.session.series,
        detail={"person": person.pk, "item": item.pk},
    )
    return appearance


@transaction.atomic
def remove_speaker(*, user, appearance: Appearance) -> None:
    """Take a person off an item (the person stays). Raises NotAllowed."""
    series = appearance.item.session.series
    _require_edit(user, series)
    _audit(
        user=user,
        action="appearance.deleted",
        obj=appearance,
        series=series,
        detail={"person": appearance.person_id, "item": appearance.item_id},
    )
    appearance.delete()


# --- materials -----------------------------------------------------------------------------


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
    _audit(
        user=user,
        action="material.created",
        obj=material,
        series=session.series,
        detail={"title": title},
    )
    return material


@transaction.atomic
def delete_material(*, user, material: Material) -> None:
    """Remove a material (its file is deleted from storage after commit). Raises NotAllowed."""
    series = material.session.series
    _require_edit(user, series)
    _audit(
        user=user,
        action="material.deleted",
        obj=material,
        series=series,
        detail={"title": material.title},
    )
    stored = material.file.name if material.file else ""
    storage = material.file.storage if material.file else None
    material.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def edit_session(
    *,
    user,
    session: Session,
    starts_at,
    ends_at,
    join_url: str,
    notify: bool,
    sdgs: Iterable[SDG | int] | None = None,
    **details,
) -> ScheduleChange:
    """Save the session editor in one transaction: the details (title, format, place,
    capacity, goals) and then the time and join link (see reschedule_session). Raises
    NotAllowed, ValidationError; on an error nothing is saved."""
    with transaction.atomic():
        update_session_details(user=user, session=session, sdgs=sdgs, **details)
        return reschedule_session(
            user=user,
            session=session,
            starts_at=starts_at,
            ends_at=ends_at,
            join_url=join_url,
            notify=notify,
        )
