"""The public, read-only part of the API: no key, only what the public pages show."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from tinget.programme.models import Series, Session
from tinget.registrations.services import signup_open

from . import selectors
from .paging import conditional, next_url, page_by_id, page_by_start
from .problems import problem
from .schemas import (
    OrganisationPage,
    Problem,
    SDGOut,
    SeriesOut,
    SeriesPage,
    SessionOut,
    SessionPage,
)

router = Router(tags=["public"])

ERRORS = {304: None, 400: Problem, 404: Problem, 422: Problem}
LIST_ERRORS = {304: None, 400: Problem, 422: Problem}


def absolute(path: str) -> str:
    return settings.TINGET_BASE_URL + path


# --- shapes -------------------------------------------------------------------------------


def series_data(series: Series) -> dict:
    return {
        "slug": series.slug,
        "title": series.title,
        "description": series.description,
        "is_free": series.is_free,
        "platform": series.platform,
        "moderator": series.moderator.name if series.moderator else None,
        "partners": [
            {"organisation": p.organisation.slug, "name": p.organisation.name, "part": p.part}
            for p in series.partnerships.all()
        ],
        "sdgs": [sdg.number for sdg in series.sdgs.all()],
        "url": absolute(series.get_absolute_url()),
    }


def _speaker(appearance) -> dict:
    return {
        "name": appearance.person.name,
        "person": appearance.person.slug,
        "role": appearance.role,
        "organisation": appearance.organisation_label,
        "organisation_slug": appearance.organisation.slug if appearance.organisation else None,
        "part": appearance.part,
    }


def _item(item) -> dict:
    return {
        "order": item.order,
        "time": item.time.strftime("%H:%M") if item.time else None,
        "title": item.title,
        "description": item.description,
        "sdgs": [sdg.number for sdg in item.sdgs.all()],
        "speakers": [_speaker(a) for a in item.appearances.all()],
    }


def session_data(session: Session) -> dict:
    """A session as the public sees it. There is no join link here, on purpose."""
    open_ = signup_open(session)
    return {
        "id": session.pk,
        "series": session.series.slug,
        "title": session.display_title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "format": session.format,
        "place": session.place,
        "status": session.status,
        "sdgs": [sdg.number for sdg in session.sdgs.all()],
        "url": absolute(session.get_absolute_url()),
        "signup_deadline": session.signup_deadline,
        "requires_approval": session.requires_approval,
        "signup_url": (
            absolute(reverse("registrations:session_signup", kwargs={"pk": session.pk}))
            if open_
            else None
        ),
        "items": [_item(item) for item in session.items.all()],
    }


def organisation_data(organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "website": organisation.website,
        "municipality_code": organisation.municipality_id,
        "url": absolute(organisation.get_absolute_url()),
    }


# --- filters ------------------------------------------------------------------------------


SLUG = r"^[-a-zA-Z0-9_]+$"


class Paging(Schema):
    cursor: str | None = Field(
        None, max_length=200, pattern=r"^[-A-Za-z0-9_=]*$", description="From the “next” link."
    )
    limit: int = Field(50, ge=1, le=200)


class SeriesFilters(Paging):
    sdg: int | None = Field(None, ge=1, le=17, description="An SDG number, 1–17.")
    organisation: str | None = Field(
        None, max_length=200, pattern=SLUG, description="A partner's slug."
    )


class SessionFilters(Paging):
    upcoming: bool | None = Field(None, description="true: not yet over; false: over or cancelled.")
    series: str | None = Field(None, max_length=200, pattern=SLUG, description="A series' slug.")
    sdg: int | None = Field(None, ge=1, le=17, description="An SDG number, 1–17.")
    organisation: str | None = Field(
        None,
        max_length=200,
        pattern=SLUG,
        description="An organisation's slug: partner or speaker's.",
    )


# --- operations ---------------------------------------------------------------------------


@router.get("/series", response={200: SeriesPage, **LIST_ERRORS}, summary="Published series")
@decorate_view(conditional(public=True))
def list_series(request, filters: Query[SeriesFilters]):
    queryset = selectors.public_series(sdg=filters.sdg, organisation=filters.organisation)
    rows, after = page_by_id(queryset, filters.cursor, filters.limit)
    return {"results": [series_data(s) for s in rows], "next": next_url(request, after)}


@router.get("/series/{slug:slug}", response={200: SeriesOut, **ERRORS}, summary="One series")
@decorate_view(conditional(public=True))
def get_series(request, slug: str):
    series = selectors.public_series().filter(slug=slug).first()
    if series is None:
        return problem(404)
    return series_data(series)


@router.get("/sessions", response={200: SessionPage, **LIST_ERRORS}, summary="Sessions")
@decorate_view(conditional(public=True))
def list_sessions(request, filters: Query[SessionFilters]):
    queryset = selectors.public_sessions(
        upcoming=filters.upcoming,
        series=filters.series,
        sdg=filters.sdg,
        organisation=filters.organisation,
        now=timezone.now(),
    )
    rows, after = page_by_start(queryset, filters.cursor, filters.limit)
    return {"results": [session_data(s) for s in rows], "next": next_url(request, after)}


@router.get(
    "/sessions/{int:session_id}", response={200: SessionOut, **ERRORS}, summary="One session"
)
@decorate_view(conditional(public=True))
def get_session(request, session_id: int):
    session = selectors.public_sessions().filter(pk=session_id).first()
    if session is None:
        return problem(404)
    return session_data(session)


@router.get(
    "/organisations", response={200: OrganisationPage, **LIST_ERRORS}, summary="Organisations"
)
@decorate_view(conditional(public=True))
def list_organisations(request, filters: Query[Paging]):
    rows, after = page_by_id(selectors.public_organisations(), filters.cursor, filters.limit)
    return {"results": [organisation_data(o) for o in rows], "next": next_url(request, after)}


@router.get("/sdgs", response={200: list[SDGOut], 304: None}, summary="The 17 SDGs")
@decorate_view(conditional(public=True))
def list_sdgs(request):
    return list(selectors.sdgs())
