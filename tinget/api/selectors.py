"""Reads for the API: what is public, and what a token reaches."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from tinget.programme.models import (
    SDG,
    Appearance,
    Membership,
    Organisation,
    ProgrammeItem,
    Series,
    SeriesPartner,
    Session,
)
from tinget.programme.permissions import series_for_user
from tinget.programme.selectors import published_series
from tinget.registrations.models import Registration

from .models import ApiToken, EmbedOrigin


def public_series(*, sdg: int | None = None, organisation: str | None = None) -> QuerySet:
    queryset = (
        published_series()
        .prefetch_related(
            Prefetch("partnerships", queryset=SeriesPartner.objects.select_related("organisation")),
            "sdgs",
        )
        .select_related("moderator")
    )
    if sdg is not None:
        queryset = queryset.filter(
            Q(sdgs__number=sdg)
            | Q(sessions__sdgs__number=sdg)
            | Q(sessions__items__sdgs__number=sdg)
        )
    if organisation:
        queryset = queryset.filter(partnerships__organisation__slug=organisation)
    return queryset.distinct()


def _items() -> QuerySet[ProgrammeItem]:
    appearances = Appearance.objects.select_related("person", "organisation")
    return ProgrammeItem.objects.prefetch_related(
        Prefetch("appearances", queryset=appearances), "sdgs"
    )


def public_sessions(
    *,
    upcoming: bool | None = None,
    series: str | None = None,
    sdg: int | None = None,
    organisation: str | None = None,
    now=None,
) -> QuerySet[Session]:
    """Sessions of published series, with their programme; never a join link (the API's
    session shape has no such field)."""
    now = now or timezone.now()
    queryset = Session.objects.filter(series__in=published_series())
    if upcoming is True:
        queryset = queryset.filter(status=Session.Status.SCHEDULED, ends_at__gt=now)
    elif upcoming is False:
        queryset = queryset.exclude(status=Session.Status.SCHEDULED, ends_at__gt=now)
    if series:
        queryset = queryset.filter(series__slug=series)
    if sdg is not None:
        has_item = ProgrammeItem.objects.filter(session=OuterRef("pk"), sdgs__number=sdg)
        queryset = queryset.filter(Q(sdgs__number=sdg) | Exists(has_item))
    if organisation:
        by_speaker = Appearance.objects.filter(
            item__session=OuterRef("pk"), organisation__slug=organisation
        )
        queryset = queryset.filter(
            Q(series__partnerships__organisation__slug=organisation) | Exists(by_speaker)
        )
    return (
        queryset.distinct()
        .select_related("series")
        .prefetch_related(Prefetch("items", queryset=_items()), "sdgs")
    )


def public_organisations() -> QuerySet[Organisation]:
    """Organisations that a published series shows: as partner or as a speaker's organisation."""
    published = published_series()
    return (
        Organisation.objects.filter(
            Q(seriespartner__series__in=published)
            | Q(appearances__item__session__series__in=published)
        )
        .distinct()
        .select_related("municipality")
    )


def sdgs() -> QuerySet[SDG]:
    return SDG.objects.order_by("number")


# --- tokens -------------------------------------------------------------------------------


def token_series(token: ApiToken) -> QuerySet[Series]:
    """The series a token reaches: its organisation's, and only while its maker may edit them."""
    return Series.objects.filter(partnerships__organisation=token.organisation).filter(
        pk__in=series_for_user(token.created_by, personal_data=True).values("pk")
    )


def token_sessions(token: ApiToken) -> QuerySet[Session]:
    return Session.objects.filter(series__in=token_series(token)).select_related("series")


def token_registrations(token: ApiToken, session: Session) -> QuerySet[Registration]:
    return Registration.objects.filter(session=session).select_related(
        "municipality", "subscription"
    )


def maker_may_act(token: ApiToken) -> bool:
    """The editor who made the token is still active and an editor of its organisation."""
    user = token.created_by
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, organisation=token.organisation, role=Membership.Role.EDITOR
    ).exists()


def tokens_for_user(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation__in=editable_organisations(user)).select_related(
        "organisation", "created_by"
    )


def editable_organisations(user) -> QuerySet[Organisation]:
    """The partner organisations a user may make tokens for: where they are an editor."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.filter(seriespartner__isnull=False).distinct()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.EDITOR
    ).distinct()


def embed_origins(series: Series) -> list[str]:
    return list(EmbedOrigin.objects.filter(series=series).values_list("origin", flat=True))


def origin_allowed(series: Series, origin: str) -> bool:
    return bool(origin) and EmbedOrigin.objects.filter(series=series, origin=origin).exists()
