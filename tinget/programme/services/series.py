"""Series: create, change, publish and unpublish, partners."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tinget import events
from tinget.audit import audit

from ..models import (
    SDG,
    Organisation,
    Series,
    SeriesPartner,
)
from .common import (
    SERIES_FIELDS,
    NotAllowed,
    _editor_organisations,
    _require_edit,
    unique_slug,
)


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
    audit("series.created", actor=user, obj=series, series=series, detail={"title": title})
    return series


@transaction.atomic
def update_series(
    *, user, series: Series, sdgs: Iterable[SDG | int] | None = None, **changes
) -> Series:
    """Change a series' fields (not its status: see publish_series). A changed default
    capacity publishes ``events.CapacityChanged`` (without a session).

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
        audit("series.updated", actor=user, obj=series, series=series, detail={"fields": changed})
    if sdgs is not None:
        series.sdgs.set(sdgs)
    if "default_capacity" in changed:
        events.publish(events.CapacityChanged(series_id=series.pk))
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
        audit(action, actor=user, obj=series, series=series, detail={"from": current.status})
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
