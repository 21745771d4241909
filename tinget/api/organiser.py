"""The organiser part of the API: a partner organisation's systems, with an API token.

The same rules as the screens: a token reaches only the series its organisation takes part in
(and only while the editor who made it may still edit them); everything else answers 404, so
other organisations' series do not even show that they exist. Writes go through the
registration services.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status
from ninja.decorators import decorate_view
from ninja.security import HttpBearer

from tinget.backoffice.exports import CONSENT_COLUMNS, covered_fields
from tinget.programme.models import Municipality, Organisation
from tinget.registrations import ratelimit
from tinget.registrations import services as registration_services
from tinget.registrations.models import Language, Registration
from tinget.registrations.notice import PARTNER_FOLLOWUP, consent_active, notice_shown

from . import selectors, services
from .models import ApiToken, Scope
from .paging import conditional, next_url, page_by_id, page_by_start
from .problems import problem
from .public import Paging
from .schemas import (
    AttendancePage,
    OrganiserSessionPage,
    Problem,
    RegistrationIn,
    RegistrationOut,
    RegistrationPage,
)


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: a live token whose maker may still act for it."""

    openapi_description = "An API token made by an editor under /arrangoer/api/."

    def authenticate(self, request, token):
        if not token.startswith(services.TOKEN_PREFIX) or len(token) > 100:
            return None
        row = (
            ApiToken.objects.select_related("organisation", "created_by")
            .filter(digest=services.digest(token), revoked_at__isnull=True)
            .first()
        )
        if row is None or not selectors.maker_may_act(row):
            return None
        allowed, retry_after = ratelimit.hit(
            "api-token", str(row.pk), settings.TINGET_API_TOKEN_RATE
        )
        if not allowed:
            raise RateLimited(max(retry_after, 1))
        now = timezone.now()
        if row.last_used_at is None or row.last_used_at < now - timedelta(minutes=1):
            # At most one write a minute per token, not one per request.
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return row


router = Router(tags=["organiser"], auth=TokenAuth())

AUTH_ERRORS = {401: Problem, 403: Problem, 429: Problem}
READ = {304: None, 400: Problem, 404: Problem, 422: Problem, **AUTH_ERRORS}
WRITE = {400: Problem, 404: Problem, 409: Problem, 422: Problem, **AUTH_ERRORS}


def _forbidden_without(request, scope: str):
    if scope not in request.auth.scopes:
        return problem(
            403, _("The API token does not have the permission “%(scope)s”.") % {"scope": scope}
        )
    return None


def _session(request, session_id: int):
    return selectors.token_sessions(request.auth).filter(pk=session_id).first()


def _person(registration: Registration, ignore: tuple[str, ...]) -> dict:
    """The person's details, each only when the text they were shown (the privacy notice,
    or for older sign-ups the consent text) names it, as in the exports."""
    shown = notice_shown(registration) or registration.consent_text
    allowed = {
        column
        for field in covered_fields(shown, ignore=ignore)
        for column in CONSENT_COLUMNS[field]
    }
    if registration.erased_at is not None:
        allowed = set()
    answers = {
        key: str(value.get("answer", "")) if isinstance(value, dict) else str(value)
        for key, value in (registration.answers or {}).items()
    }
    values = {
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation,
        "organisation_kind": registration.organisation_kind,
        "municipality_code": registration.municipality_id,
        "job_title": registration.job_title,
        "answers": answers,
    }
    column_of = {"municipality_code": "municipality"}
    person = {
        key: value if column_of.get(key, key) in allowed else None for key, value in values.items()
    }
    consents = registration.consents
    if not consents and registration.subscription_id:
        consents = registration.subscription.consents
    person["partner_followup"] = consent_active(consents, PARTNER_FOLLOWUP)
    return person


def _ignore(session) -> tuple[str, ...]:
    series = session.series
    return (
        series.title,
        *(p.organisation.name for p in series.partnerships.select_related("organisation")),
    )


def registration_data(registration: Registration, ignore: tuple[str, ...]) -> dict:
    return {
        "id": registration.pk,
        "session": registration.session_id,
        "status": registration.status,
        "signed_up_at": registration.created_at,
        "confirmed_at": registration.confirmed_at,
        "cancelled_at": registration.cancelled_at,
        "person": _person(registration, ignore),
    }


class RegistrationFilters(Paging):
    status: str | None = Field(
        None,
        pattern="^(pending|confirmed|waiting|awaiting_approval|declined|cancelled|expired)$",
        description="Only this status.",
    )


@router.get(
    "/sessions", response={200: OrganiserSessionPage, **READ}, summary="Sessions the token reaches"
)
@decorate_view(conditional(public=False))
def organiser_sessions(request, filters: Query[Paging]):
    rows, after = page_by_start(
        selectors.token_sessions(request.auth), filters.cursor, filters.limit
    )
    return {
        "results": [
            {
                "id": s.pk,
                "series": s.series.slug,
                "title": s.display_title,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "status": s.status,
                "capacity": s.effective_capacity,
            }
            for s in rows
        ],
        "next": next_url(request, after),
    }


@router.get(
    "/sessions/{int:session_id}/registrations",
    response={200: RegistrationPage, **READ},
    summary="Registrations of a session",
)
@decorate_view(conditional(public=False))
def list_registrations(request, session_id: int, filters: Query[RegistrationFilters]):
    if denied := _forbidden_without(request, Scope.READ_REGISTRATIONS):
        return denied
    session = _session(request, session_id)
    if session is None:
        return problem(404)
    queryset = selectors.token_registrations(request.auth, session)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    rows, after = page_by_id(queryset, filters.cursor, filters.limit)
    ignore = _ignore(session)
    return {
        "results": [registration_data(r, ignore) for r in rows],
        "next": next_url(request, after),
    }


def _field_errors(data: RegistrationIn) -> list[dict]:
    errors = []
    try:
        validate_email(data.email.strip())
    except Exception:
        errors.append(
            {"field": "email", "message": _("Write an email address like name@example.dk.")}
        )
    if data.organisation_kind and data.organisation_kind not in Organisation.Kind.values:
        errors.append(
            {"field": "organisation_kind", "message": _("Choose the kind of organisation.")}
        )
    if data.language not in Language.values:
        errors.append({"field": "language", "message": _("Choose a language.")})
    if (
        data.municipality_code
        and not Municipality.objects.filter(code=data.municipality_code).exists()
    ):
        errors.append(
            {"field": "municipality_code", "message": _("Choose one of the 98 municipalities.")}
        )
    if not data.name.strip():
        errors.append({"field": "name", "message": _("Write your name.")})
    return errors


@router.post(
    "/sessions/{int:session_id}/registrations",
    response={201: RegistrationOut, **WRITE},
    summary="Register a person",
)
def add_registration(request, session_id: int, data: RegistrationIn):
    if denied := _forbidden_without(request, Scope.WRITE_REGISTRATIONS):
        return denied
    session = _session(request, session_id)
    if session is None:
        return problem(404)
    if errors := _field_errors(data):
        return problem(422, _("Some fields are not filled in correctly."), errors=errors)
    registrant = registration_services.Registrant(
        name=data.name,
        email=data.email,
        organisation=data.organisation,
        organisation_kind=data.organisation_kind,
        municipality_id=data.municipality_code or None,
        job_title=data.job_title,
        language=data.language,
    )
    try:
        registration = services.add_registration(
            token=request.auth,
            session_id=session.pk,
            registrant=registrant,
            confirm_on_behalf=data.confirm_on_behalf,
        )
    except registration_services.RegistrationError as error:
        return problem(409, str(error.message))
    return Status(201, registration_data(registration, _ignore(session)))


@router.post(
    "/registrations/{int:registration_id}/cancel",
    response={200: RegistrationOut, **WRITE},
    summary="Cancel a registration",
)
def cancel_registration(request, registration_id: int):
    if denied := _forbidden_without(request, Scope.WRITE_REGISTRATIONS):
        return denied
    registration = (
        Registration.objects.filter(
            session__in=selectors.token_sessions(request.auth), pk=registration_id
        )
        .select_related("session__series")
        .first()
    )
    if registration is None:
        return problem(404)
    try:
        registration = services.cancel_registration(
            token=request.auth, registration_id=registration.pk
        )
    except registration_services.RegistrationError as error:
        return problem(409, str(error.message))
    return registration_data(registration, _ignore(registration.session))


@router.get(
    "/sessions/{int:session_id}/attendance",
    response={200: AttendancePage, **READ},
    summary="Attendance of a session",
)
@decorate_view(conditional(public=False))
def attendance(request, session_id: int, filters: Query[Paging]):
    if denied := _forbidden_without(request, Scope.READ_ATTENDANCE):
        return denied
    session = _session(request, session_id)
    if session is None:
        return problem(404)
    queryset = selectors.token_registrations(request.auth, session).filter(
        status=Registration.Status.CONFIRMED
    )
    rows, after = page_by_id(queryset, filters.cursor, filters.limit)
    ignore = _ignore(session)
    return {
        "results": [
            {
                "registration": r.pk,
                "status": r.status,
                "attendance": r.attendance,
                "minutes_present": r.minutes_present,
                "person": _person(r, ignore),
            }
            for r in rows
        ],
        "next": next_url(request, after),
    }
