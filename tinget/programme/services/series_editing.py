"""The series screens' writes: a series with its partners by name, and a copy for the next
season. Same contract as the rest of the package: keyword-only, the acting user, NotAllowed
and ValidationError, one transaction, an audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinget import events
from tinget.audit import audit

from ..models import SDG, Person, Series, SeriesPartner
from .common import SERIES_FIELDS, _editor_organisations, _require_edit, unique_slug
from .organisations import get_or_create_organisation, get_or_create_person
from .series import create_series, update_series
from .session_changes import copy_session

COPIED_SERIES_FIELDS = SERIES_FIELDS - {"slug", "title"}


def _moderator(name: str, user=None) -> Person | None:
    name = " ".join(name.split())
    return get_or_create_person(name=name, user=user) if name else None


def _organisations(partners: Iterable[tuple[str, str]], user=None):
    return [(get_or_create_organisation(name=name, user=user), part) for name, part in partners]


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
    return create_series(
        user=user,
        title=title,
        partners=_organisations(partners, user),
        sdgs=sdgs,
        moderator=_moderator(moderator_name, user),
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
    wanted = _organisations(partners, user)
    if user is not None and not user.is_superuser:
        own = set(_editor_organisations(user).values_list("pk", flat=True))
        if not any(organisation.pk in own for organisation, _part in wanted):
            raise ValidationError(
                _("One of your own organisations must stay a partner of the series.")
            )
    update_series(
        user=user, series=series, sdgs=sdgs, moderator=_moderator(moderator_name, user), **fields
    )
    before = [(p.organisation_id, p.part) for p in series.partnerships.all()]
    series.partnerships.exclude(organisation__in=[o for o, _p in wanted]).delete()
    for order, (organisation, part) in enumerate(wanted, start=1):
        SeriesPartner.objects.update_or_create(
            series=series, organisation=organisation, defaults={"part": part, "order": order}
        )
    after = [(o.pk, part) for o, part in wanted]
    if before != after:
        audit(
            "series.partners_changed",
            actor=user,
            obj=series,
            series=series,
            detail={"partners": [pk for pk, _part in after]},
        )
    return series


@transaction.atomic
def duplicate_series(*, user, series: Series, title: str, shift_days: int) -> Series:
    """A new draft for the next season: settings, partners, goals, sessions, programme items
    and speakers copied (and, through ``events.SeriesDuplicated``, what other apps keep per
    series, such as the extra sign-up questions), every date moved by ``shift_days``. Not
    copied: registrations, join links, recaps, materials and the status of sessions (all
    scheduled again).
    Raises NotAllowed."""
    _require_edit(user, series)
    shift = dt.timedelta(days=shift_days)
    copy = Series.objects.create(
        title=title,
        slug=unique_slug(Series, title),
        status=Series.Status.DRAFT,
        **{name: getattr(series, name) for name in sorted(COPIED_SERIES_FIELDS)},
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
        copy_session(
            session,
            series=copy,
            starts_at=session.starts_at + shift,
            ends_at=session.ends_at + shift,
        )
    events.publish(events.SeriesDuplicated(series_id=copy.pk, source_id=series.pk))
    audit(
        "series.duplicated",
        actor=user,
        obj=copy,
        series=copy,
        detail={"from": series.pk, "shift_days": shift_days},
    )
    return copy
