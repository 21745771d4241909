"""Writes for the programme: series, sessions, programme items, speakers and organisations.

Every function takes keyword-only arguments and the acting user explicitly. ``user=None``
means the system itself (the demo loader, a data migration) and skips the permission check;
any other user must be allowed to edit the series by ``permissions.can_edit_series``.

Field problems raise Django's ``ValidationError`` (with a field dict, so forms and the API can
show them next to the field); broken rules raise ``ProgrammeError`` or one of its subclasses,
whose message is translated and fit to show an organiser. Lifecycle changes (create, publish,
time or link change, cancel, held, import) are written to ``AuditEntry``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import (
    SDG,
    Appearance,
    AuditEntry,
    Material,
    Membership,
    Municipality,
    Organisation,
    Person,
    ProgrammeItem,
    Series,
    SeriesPartner,
    Session,
)
from .permissions import can_edit_series

logger = logging.getLogger(__name__)

ORGANISERS_GROUP = "Organisers"

# What the "Organisers" group may do in the admin, per "app_label.model". Organisers never
# delete series or sessions (a session is cancelled, so registrants hear about it), and
# people and organisations are shared reference data that only superusers may delete. Other
# apps may add their models here before ensure_organiser_group() runs (it is idempotent).
ORGANISER_PERMISSIONS = {
    "programme.series": ("add", "change", "view"),
    "programme.seriespartner": ("add", "change", "delete", "view"),
    "programme.session": ("add", "change", "view"),
    "programme.programmeitem": ("add", "change", "delete", "view"),
    "programme.appearance": ("add", "change", "delete", "view"),
    "programme.material": ("add", "change", "delete", "view"),
    "programme.person": ("add", "change", "view"),
    "programme.organisation": ("add", "change", "view"),
    "programme.sdg": ("view",),
    "programme.municipality": ("view",),
    "programme.auditentry": ("view",),
    "registrations.seriesquestion": ("add", "change", "delete", "view"),
}

SERIES_FIELDS = {
    "slug",
    "title",
    "description",
    "moderator",
    "contact_email",
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
    "recap",
}
# The changes calendar clients must see: they raise the invite's SEQUENCE.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "join_url")

DEFAULT_START = dt.time(9, 0)
DEFAULT_END = dt.time(10, 0)


class ProgrammeError(Exception):
    """A rule of the programme was broken. ``str(error)`` is a translated message."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(ProgrammeError):
    """The acting user may not change this series."""


class InvalidStatusChange(ProgrammeError):
    """The session or series cannot move to the requested status from where it is."""


class InvalidImport(ProgrammeError):
    """The importer's data cannot make a series; nothing was saved."""


@dataclass
class ImportResult:
    series: Series
    warnings: list[str] = field(default_factory=list)


# --- helpers -------------------------------------------------------------------------------


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _jsonable(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _audit(*, user, action: str, obj, series: Series | None = None, detail: dict | None = None):
    AuditEntry.objects.create(
        actor=user if user is not None and user.pk else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        series=series,
        detail={key: _jsonable(value) for key, value in (detail or {}).items()},
    )


def _require_edit(user, series: Series) -> None:
    if user is None:
        return
    if not can_edit_series(user, series):
        raise NotAllowed(_("You may not change this series."))


def _editor_organisations(user):
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.EDITOR
    ).order_by("memberships__id")


def _notify(function_name: str, session_id: int) -> None:
    """Call tinget.mailings.notify.<function_name>(session_id) after commit, if it exists.

    The mail side hooks its "session changed/cancelled" messages here. Imported lazily so
    the programme works before (and without) that module.
    """
    try:
        module = importlib.import_module("tinget.mailings.notify")
    except ModuleNotFoundError as error:
        if error.name not in {"tinget.mailings.notify", "tinget.mailings"}:
            raise
        return
    function = getattr(module, function_name, None)
    if function is None:
        return
    transaction.on_commit(lambda: function(session_id))


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


# --- organisations and people --------------------------------------------------------------


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


def get_or_create_organisation(*, name: str, website: str = "") -> Organisation:
    """The organisation a printed name means, created when new.

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
        return Organisation.objects.create(
            name=municipality.official_name,
            slug=unique_slug(Organisation, municipality.official_name),
            kind=Organisation.Kind.MUNICIPALITY,
            municipality=municipality,
            website=website,
        )
    existing = _find_by_name(Organisation, clean)
    if existing is not None:
        return existing
    return Organisation.objects.create(
        name=clean,
        slug=unique_slug(Organisation, clean),
        kind=infer_organisation_kind(clean),
        website=website,
    )


def get_or_create_person(
    *, name: str, role: str = "", organisation: Organisation | None = None
) -> Person:
    """The person with this name (case and spacing ignored), created when new.

    A new person takes the role and organisation given as their current ones; an existing
    person is left as they are (their appearance records what was printed then).
    """
    clean = _clean_name(name)
    if not clean:
        raise ValidationError({"name": _("Give the person a name.")})
    person = _find_by_name(Person, clean)
    if person is not None:
        return person
    return Person.objects.create(
        name=clean, slug=unique_slug(Person, clean), role=role or "", organisation=organisation
    )


# --- series --------------------------------------------------------------------------------


def ensure_organiser_partner(*, user, series: Series) -> SeriesPartner | None:
    """Make sure a non-superuser organiser's organisation is a partner of the series.

    Without it they could not open the series they just made. Returns the partnership it
    added, or None when nothing was needed.
    """
    if user is None or user.is_superuser:
        return None
    organisations = list(_editor_organisations(user))
    if not organisations:
        raise NotAllowed(_("You are not an editor in any partner organisation."))
    if series.partnerships.filter(organisation__in=organisations).exists():
        return None
    order = (series.partnerships.aggregate(m=Max("order"))["m"] or 0) + 1
    return SeriesPartner.objects.create(series=series, organisation=organisations[0], order=order)


@transaction.atomic
def create_series(
    *,
    user,
    title: str,
    slug: str = "",
    partners: Iterable[Organisation | tuple[Organisation, str]] = (),
    sdgs: Iterable[SDG | int] = (),
    **fields,
) -> Series:
    """Create a draft series.

    ``partners`` are organisations or (organisation, part) pairs, in order. A non-superuser
    organiser's own organisation is added as a partner when missing. Raises NotAllowed for a
    user without an editor membership, ValidationError for bad fields (a taken slug too).
    """
    unknown = set(fields) - SERIES_FIELDS
    if unknown:
        raise TypeError(f"create_series() got unknown fields: {sorted(unknown)}")
    if user is not None and not user.is_superuser and not _editor_organisations(user).exists():
        raise NotAllowed(_("You are not an editor in any partner organisation."))
    series = Series(
        title=title,
        slug=slug or unique_slug(Series, title),
        status=Series.Status.DRAFT,
        **fields,
    )
    series.full_clean()
    series.save()
    for order, partner in enumerate(partners, start=1):
        organisation, part = partner if isinstance(partner, tuple) else (partner, "")
        SeriesPartner.objects.create(
            series=series, organisation=organisation, part=part, order=order
        )
    ensure_organiser_partner(user=user, series=series)
    if sdgs:
        series.sdgs.set(sdgs)
    _audit(user=user, action="series.created", obj=series, series=series, detail={"title": title})
    return series


@transaction.atomic
def update_series(
    *, user, series: Series, sdgs: Iterable[SDG | int] | None = None, **changes
) -> Series:
    """Change a series' fields (not its status: see publish_series).

    Raises NotAllowed, ValidationError.
    """
    unknown = set(changes) - SERIES_FIELDS
    if unknown:
        raise TypeError(f"update_series() got unknown fields: {sorted(unknown)}")
    _require_edit(user, series)
    current = Series.objects.select_for_update().get(pk=series.pk)
    for name, value in changes.items():
        setattr(series, name, value)
    series.full_clean()
    changed = [name for name in changes if getattr(series, name) != getattr(current, name)]
    if changed:
        series.save(update_fields=[*changed, "updated_at"])
        _audit(
            user=user,
            action="series.updated",
            obj=series,
            series=series,
            detail={"fields": changed},
        )
    if sdgs is not None:
        series.sdgs.set(sdgs)
    return series


def _set_series_status(*, user, series: Series, status: str, action: str) -> Series:
    _require_edit(user, series)
    with transaction.atomic():
        current = Series.objects.select_for_update().get(pk=series.pk)
        if current.status == status:
            series.status = status
            return series
        series.status = status
        series.save(update_fields=["status", "updated_at"])
        _audit(user=user, action=action, obj=series, series=series, detail={"from": current.status})
    return series


def publish_series(*, user, series: Series) -> Series:
    """Make the series public. Idempotent. Raises NotAllowed."""
    return _set_series_status(
        user=user, series=series, status=Series.Status.PUBLISHED, action="series.published"
    )


def unpublish_series(*, user, series: Series) -> Series:
    """Take the series back to draft (its public pages disappear). Raises NotAllowed."""
    return _set_series_status(
        user=user, series=series, status=Series.Status.DRAFT, action="series.unpublished"
    )


@transaction.atomic
def add_series_partner(
    *, user, series: Series, organisation: Organisation, part: str = "", order: int | None = None
) -> SeriesPartner:
    """Add (or update the part of) a partner organisation. Raises NotAllowed."""
    _require_edit(user, series)
    if order is None:
        order = (series.partnerships.aggregate(m=Max("order"))["m"] or 0) + 1
    partner, _created = SeriesPartner.objects.update_or_create(
        series=series, organisation=organisation, defaults={"part": part, "order": order}
    )
    return partner


# --- sessions ------------------------------------------------------------------------------


def check_session_status_change(session: Session, new_status: str) -> None:
    """Raise InvalidStatusChange when ``session`` may not move to ``new_status``.

    Scheduled → cancelled or held (once it has started); cancelled → scheduled (reinstated);
    held → scheduled (a mistake undone).
    """
    old = session.status
    if old == new_status:
        return
    allowed = {
        Session.Status.SCHEDULED: {Session.Status.CANCELLED, Session.Status.HELD},
        Session.Status.CANCELLED: {Session.Status.SCHEDULED},
        Session.Status.HELD: {Session.Status.SCHEDULED},
    }
    if new_status not in allowed.get(old, set()):
        if old == Session.Status.HELD and new_status == Session.Status.CANCELLED:
            message = _("A session that has been held cannot be cancelled.")
        elif old == Session.Status.CANCELLED and new_status == Session.Status.HELD:
            message = _("A cancelled session cannot be marked as held.")
        else:
            message = _("The session cannot change to that status.")
        raise InvalidStatusChange(message, field="status")
    if (
        new_status == Session.Status.HELD
        and session.starts_at
        and session.starts_at > timezone.now()
    ):
        raise InvalidStatusChange(
            _("A session cannot be marked as held before it has started."), field="status"
        )


@transaction.atomic
def create_session(
    *,
    user,
    series: Series,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    status: str = Session.Status.SCHEDULED,
    sdgs: Iterable[SDG | int] = (),
    **fields,
) -> Session:
    """Add a session to a series. Raises NotAllowed, ValidationError (end before start, a
    join link that is no URL, ...)."""
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"create_session() got unknown fields: {sorted(unknown)}")
    _require_edit(user, series)
    session = Session(series=series, starts_at=starts_at, ends_at=ends_at, status=status, **fields)
    session.full_clean()
    session.save()
    if sdgs:
        session.sdgs.set(sdgs)
    _audit(
        user=user,
        action="session.created",
        obj=session,
        series=series,
        detail={"starts_at": starts_at, "ends_at": ends_at, "status": status},
    )
    return session


def update_session(
    *, user, session: Session, sdgs: Iterable[SDG | int] | None = None, **changes
) -> bool:
    """Change a session's fields (not its status: see cancel_session and friends).

    ``session`` may already carry the new values (as a ModelForm leaves it); the comparison
    is against the stored row. When the start, end or join link changes, the calendar
    SEQUENCE rises and, after commit, ``tinget.mailings.notify.session_changed(session_id)``
    is called if that exists. Returns whether the time or join link changed.
    Raises NotAllowed, ValidationError.
    """
    unknown = set(changes) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"update_session() got unknown fields: {sorted(unknown)}")
    _require_edit(user, session.series)
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        for name, value in changes.items():
            setattr(session, name, value)
        session.full_clean()
        changed = [name for name in changes if getattr(session, name) != getattr(current, name)]
        schedule_changed = any(name in SCHEDULE_FIELDS for name in changed)
        if schedule_changed:
            session.sequence = current.sequence + 1
        else:
            session.sequence = current.sequence
        if changed:
            update_fields = [*changed, "updated_at"]
            if schedule_changed:
                update_fields.append("sequence")
            session.save(update_fields=update_fields)
            detail = {"fields": changed}
            if schedule_changed:
                detail.update(
                    {
                        "old_starts_at": current.starts_at,
                        "old_ends_at": current.ends_at,
                        "starts_at": session.starts_at,
                        "ends_at": session.ends_at,
                        "join_url_changed": "join_url" in changed,
                        "sequence": session.sequence,
                    }
                )
            _audit(
                user=user,
                action="session.rescheduled" if schedule_changed else "session.updated",
                obj=session,
                series=session.series,
                detail=detail,
            )
        if sdgs is not None:
            session.sdgs.set(sdgs)
        if schedule_changed and session.status == Session.Status.SCHEDULED:
            _notify("session_changed", session.pk)
    return schedule_changed


def _change_session_status(
    *, user, session: Session, status: str, action: str, detail: dict | None = None
) -> str:
    """Move the session to ``status``; returns the status it had (equal when nothing changed)."""
    _require_edit(user, session.series)
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        if current.status == status:
            session.status = status
            return current.status
        check_session_status_change(current, status)
        session.status = status
        update_fields = ["status", "updated_at"]
        # Calendar clients must see cancellation and reinstatement; "held" changes nothing
        # for them.
        if status != Session.Status.HELD:
            session.sequence = current.sequence + 1
            update_fields.append("sequence")
        session.save(update_fields=update_fields)
        _audit(
            user=user,
            action=action,
            obj=session,
            series=session.series,
            detail={"from": current.status, **(detail or {})},
        )
    return current.status


def cancel_session(*, user, session: Session, reason: str = "") -> Session:
    """Cancel a scheduled session: SEQUENCE rises and, after commit,
    ``tinget.mailings.notify.session_cancelled(session_id)`` is called if it exists.
    Cancelling a cancelled session does nothing. Raises NotAllowed, InvalidStatusChange."""
    with transaction.atomic():
        previous = _change_session_status(
            user=user,
            session=session,
            status=Session.Status.CANCELLED,
            action="session.cancelled",
            detail={"reason": reason} if reason else None,
        )
        if previous != Session.Status.CANCELLED:
            _notify("session_cancelled", session.pk)
    return session


def reinstate_session(*, user, session: Session) -> Session:
    """Undo a cancellation (or a mistaken "held"): the session is scheduled again, SEQUENCE
    rises and notify.session_changed is called after commit. Raises NotAllowed,
    InvalidStatusChange."""
    with transaction.atomic():
        previous = _change_session_status(
            user=user, session=session, status=Session.Status.SCHEDULED, action="session.reinstated"
        )
        if previous == Session.Status.CANCELLED:
            _notify("session_changed", session.pk)
    return session


def mark_session_held(*, user, session: Session) -> Session:
    """Record that the session took place. Raises NotAllowed, InvalidStatusChange."""
    _change_session_status(
        user=user, session=session, status=Session.Status.HELD, action="session.held"
    )
    return session


def change_session_status(*, user, session: Session, status: str) -> Session:
    """Route a status chosen in a form to the service that owns that transition."""
    if status == Session.Status.CANCELLED:
        return cancel_session(user=user, session=session)
    if status == Session.Status.HELD:
        return mark_session_held(user=user, session=session)
    return reinstate_session(user=user, session=session)


# --- programme items and speakers ----------------------------------------------------------


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
    _require_edit(user, item.session.series)
    organisation_name = _clean_name(organisation)
    linked = get_or_create_organisation(name=organisation_name) if organisation_name else None
    person = get_or_create_person(name=name, role=_clean_name(role), organisation=linked)
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


# --- organisers ----------------------------------------------------------------------------


def ensure_organiser_group() -> Group:
    """The "Organisers" group with the admin permissions of ORGANISER_PERMISSIONS.

    Idempotent; needs the permissions that `migrate` creates.
    """
    group, _created = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    wanted = Q(pk__in=[])
    for key, actions in ORGANISER_PERMISSIONS.items():
        app_label, model = key.split(".")
        wanted |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    group.permissions.add(*Permission.objects.filter(wanted))
    return group


def grant_organiser_access(*, user, organiser) -> None:
    """Give ``organiser`` staff access and the Organisers group's permissions.

    What they may then touch is still decided by their Membership rows. Raises NotAllowed
    unless ``user`` is a superuser or the system (None).
    """
    if user is not None and not user.is_superuser:
        raise NotAllowed(_("Only an administrator can create organisers."))
    if not organiser.is_staff:
        organiser.is_staff = True
        organiser.save(update_fields=["is_staff"])
    organiser.groups.add(ensure_organiser_group())


@transaction.atomic
def create_organiser(
    *,
    user,
    username: str,
    organisations: Iterable[Organisation],
    email: str = "",
    password: str | None = None,
    role: str = Membership.Role.EDITOR,
):
    """Create (or update) a staff user who organises for ``organisations``.

    They join the Organisers group and get a membership in each organisation. Without a
    password the account cannot log in until one is set. Raises NotAllowed unless ``user``
    is a superuser or the system (None).
    """
    if user is not None and not user.is_superuser:
        raise NotAllowed(_("Only an administrator can create organisers."))
    User = get_user_model()
    organiser, created = User.objects.get_or_create(
        username=username, defaults={"email": email, "is_staff": True}
    )
    if not created:
        organiser.is_staff = True
        if email:
            organiser.email = email
    if password is not None:
        organiser.set_password(password)
    elif created:
        organiser.set_unusable_password()
    organiser.save()
    grant_organiser_access(user=user, organiser=organiser)
    for organisation in organisations:
        Membership.objects.update_or_create(
            user=organiser, organisation=organisation, defaults={"role": role}
        )
    if created:
        AuditEntry.objects.create(
            actor=user,
            action="organiser.created",
            object_type="user",
            object_id=str(organiser.pk),
            detail={"organisations": [o.pk for o in organisations]},
        )
    return organiser


# --- the importer's draft series -----------------------------------------------------------

_PARTIAL_DATE = re.compile(r"^--(\d{2})-(\d{2})$")
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def _parse_time(value) -> dt.time | None:
    if not value:
        return None
    match = _TIME.match(str(value))
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _resolve_date(value: str, *, past: bool, today: dt.date) -> dt.date | None:
    """A full date for "YYYY-MM-DD" or "--MM-DD" (the next occurrence for what is to come,
    the latest past one for what has been)."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        pass
    match = _PARTIAL_DATE.match(value or "")
    if not match:
        return None
    month, day = int(match[1]), int(match[2])
    step = -1 if past else 1
    year = today.year
    for _attempt in range(9):  # 29 February may be up to 8 years away
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            year += step
            continue
        if (past and candidate <= today) or (not past and candidate >= today):
            return candidate
        year += step
    return None


def _import_status(value) -> str:
    value = (value or "").strip().lower()
    if value in {"past", "held"}:
        return Session.Status.HELD
    if value == "cancelled":
        return Session.Status.CANCELLED
    return Session.Status.SCHEDULED


def _sdg_numbers(values) -> list[int]:
    numbers = []
    for value in values or []:
        if isinstance(value, dict):
            value = value.get("number") or value.get("sdg")
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 1 <= number <= 17 and number not in numbers:
            numbers.append(number)
    return numbers


def _link_material(link, *, index: int) -> dict | None:
    if isinstance(link, str):
        url, title, kind = link, link, Material.Kind.LINK
    elif isinstance(link, dict):
        url = link.get("url") or link.get("href") or ""
        title = link.get("title") or link.get("text") or url
        kind = link.get("kind") if link.get("kind") in Material.Kind.values else Material.Kind.LINK
    else:
        return None
    try:
        URLValidator()(url)
    except ValidationError:
        return None
    return {"url": url, "title": title[:300], "kind": kind, "order": index}


def create_draft_series_from_import(
    parsed: dict, *, user, today: dt.date | None = None
) -> ImportResult:
    """Build a whole draft series from the importer's JSON dict, in one transaction.

    The dict has the shape of the seed's gold JSON (series_title, organisers, sessions with
    items and speakers, registration, suggested_sdgs). Partial dates ("--MM-DD") become the
    next occurrence for upcoming sessions and the latest past one for past sessions (counted
    from ``today``, default the local date); missing times become 09:00-10:00 and undated
    sessions are placed a week after the one before, each with a warning. The slug is made
    unique. Returns the draft series and the warnings; nothing is saved when it raises
    InvalidImport, NotAllowed or ValidationError.
    """
    if not isinstance(parsed, dict):
        raise InvalidImport(_("The import is not a JSON object."))
    title = _clean_name(parsed.get("series_title") or parsed.get("title") or "")
    if not title:
        raise InvalidImport(_("The import has no series title."))
    sessions = parsed.get("sessions") or []
    if not isinstance(sessions, list):
        raise InvalidImport(_("The import's sessions are not a list."))
    today = today or timezone.localdate()
    tz = _tz()
    warnings: list[str] = []

    with transaction.atomic():
        partners = []
        for entry in parsed.get("organisers") or []:
            name, part = (
                (entry.get("name", ""), entry.get("part", ""))
                if isinstance(entry, dict)
                else (entry, "")
            )
            if _clean_name(name):
                organisation = get_or_create_organisation(name=name)
                if organisation not in [p for p, _part in partners]:
                    partners.append((organisation, part or ""))
        registration = parsed.get("registration") or {}
        contact = (registration.get("contact_email") or "").strip()
        if contact:
            try:
                validate_email(contact)
            except ValidationError:
                warnings.append(
                    _("The contact address %(address)s is not valid and was left out.")
                    % {"address": contact}
                )
                contact = ""
        series = create_series(
            user=user,
            title=title[:300],
            description=parsed.get("description") or "",
            partners=partners,
            contact_email=contact,
            platform=(registration.get("platform") or "")[:100],
            is_free=bool(registration.get("free", True)),
        )
        moderator = parsed.get("moderator")
        if isinstance(moderator, dict) and moderator.get("name"):
            moderator = moderator["name"]
        if isinstance(moderator, str) and _clean_name(moderator):
            series.moderator = get_or_create_person(name=moderator)
            series.save(update_fields=["moderator"])

        series_sdgs = _sdg_numbers(parsed.get("suggested_sdgs"))
        previous_start: dt.datetime | None = None
        for number, data in enumerate(sessions, start=1):
            if not isinstance(data, dict):
                raise InvalidImport(_("Session %(number)s is not an object.") % {"number": number})
            status = _import_status(data.get("status"))
            day = _resolve_date(
                data.get("date") or "", past=status == Session.Status.HELD, today=today
            )
            if day is None:
                day = (
                    previous_start.astimezone(tz).date() if previous_start else today
                ) + dt.timedelta(days=7)
                warnings.append(
                    _("Session %(number)s has no date; it was placed on %(date)s. Check it.")
                    % {"number": number, "date": date_format(day, "j. F Y")}
                )
            start, end = _parse_time(data.get("start")), _parse_time(data.get("end"))
            if start is None:
                start = DEFAULT_START
                end = end if end and end > start else DEFAULT_END
                warnings.append(
                    _("Session %(number)s has no start time; it was set to 09:00-10:00. Check it.")
                    % {"number": number}
                )
            elif end is None or end <= start:
                end = (dt.datetime.combine(day, start) + dt.timedelta(hours=1)).time()
                if end <= start:  # a start after 23:00 would wrap past midnight
                    end = dt.time(23, 59)
                warnings.append(
                    _(
                        "Session %(number)s has no end time; it was set to one hour after "
                        "the start. Check it."
                    )
                    % {"number": number}
                )
            starts_at = dt.datetime.combine(day, start, tzinfo=tz)
            ends_at = dt.datetime.combine(day, end, tzinfo=tz)
            if status == Session.Status.HELD and day > today:
                warnings.append(
                    _("Session %(number)s is marked as held but lies in the future. Check it.")
                    % {"number": number}
                )
            elif status == Session.Status.SCHEDULED and day < today:
                warnings.append(
                    _("Session %(number)s is announced as upcoming but lies in the past. Check it.")
                    % {"number": number}
                )
            session_format = (
                data.get("format")
                if data.get("format") in Session.Format.values
                else Session.Format.ONLINE
            )
            session_sdgs = _sdg_numbers(data.get("suggested_sdgs"))
            series_sdgs += [n for n in session_sdgs if n not in series_sdgs]
            session = create_session(
                user=user,
                series=series,
                starts_at=starts_at,
                ends_at=ends_at,
                status=status,
                title=(data.get("title") or "")[:300],
                format=session_format,
                place=(data.get("place") or "")[:300],
                sdgs=session_sdgs,
            )
            previous_start = starts_at
            for order, item_data in enumerate(data.get("items") or [], start=1):
                if not isinstance(item_data, dict) or not _clean_name(item_data.get("title") or ""):
                    warnings.append(
                        _("An item in session %(number)s has no title and was left out.")
                        % {"number": number}
                    )
                    continue
                item = add_programme_item(
                    user=user,
                    session=session,
                    title=_clean_name(item_data["title"])[:500],
                    time=_parse_time(item_data.get("time")),
                    description=item_data.get("description") or "",
                    order=order,
                    sdgs=_sdg_numbers(item_data.get("suggested_sdgs")),
                )
                for position, speaker in enumerate(item_data.get("speakers") or [], start=1):
                    if isinstance(speaker, str):
                        speaker = {"name": speaker}
                    if not isinstance(speaker, dict) or not _clean_name(speaker.get("name") or ""):
                        continue
                    add_appearance(
                        user=user,
                        item=item,
                        name=speaker["name"],
                        role=(speaker.get("role") or "")[:200],
                        organisation=(speaker.get("organisation") or "")[:200],
                        part=speaker.get("event_role") or Appearance.Part.SPEAKER,
                        order=position,
                    )
                for index, link in enumerate(item_data.get("links") or [], start=1):
                    material = _link_material(link, index=index)
                    if material is None:
                        warnings.append(
                            _("A link in session %(number)s is not a web address and was left out.")
                            % {"number": number}
                        )
                        continue
                    Material.objects.create(session=session, item=item, **material)
        if series_sdgs:
            series.sdgs.set(series_sdgs)
        _audit(
            user=user,
            action="series.imported",
            obj=series,
            series=series,
            detail={
                "sessions": len(sessions),
                "warnings": warnings,
                "source_url": parsed.get("url"),
                "language": parsed.get("language"),
            },
        )
    return ImportResult(series=series, warnings=warnings)
