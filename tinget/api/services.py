"""Writes of the open interfaces: API tokens, embed origins, and registrations made through
a token (which go through `tinget.registrations.services` like the screens' own)."""

from __future__ import annotations

import hashlib
import secrets
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinget.audit import audit
from tinget.programme.models import Organisation, Series, Session
from tinget.programme.permissions import can_edit_series
from tinget.registrations import services as registration_services
from tinget.registrations.models import Registration

from . import selectors
from .models import ApiToken, EmbedOrigin, Scope

# Not a secret: the fixed start of every token, so that secret scanners can recognise them.
TOKEN_PREFIX = "tinget_"  # noqa: S105


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    *, organisation: Organisation, name: str, scopes: list[str], actor
) -> tuple[ApiToken, str]:
    """Make a token for an organisation the actor is an editor of. Returns the row and the
    secret, which is not stored (only its SHA-256) and so can be shown only now."""
    if not selectors.editable_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise ValidationError(_("Choose at least one permission."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            organisation=organisation,
            name=name.strip(),
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            digest=digest(secret),
            scopes=[scope for scope in Scope.values if scope in scopes],
            created_by=actor,
        )
        audit(
            "api_token.created",
            actor=actor,
            obj=token,
            detail={"organisation": organisation.pk, "scopes": token.scopes},
        )
    return token, secret


def revoke_token(*, token_id: int, actor, now=None) -> ApiToken:
    """Revoke a token at once; idempotent. Raises PermissionDenied outside the actor's
    organisations."""
    now = now or timezone.now()
    with transaction.atomic():
        token = (
            selectors.tokens_for_user(actor).select_for_update(of=("self",)).filter(pk=token_id)
        ).first()
        if token is None:
            raise PermissionDenied
        if token.revoked_at is None:
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
            audit(
                "api_token.revoked",
                actor=actor,
                obj=token,
                detail={"organisation": token.organisation_id},
            )
    return token


def normalise_origin(value: str) -> str:
    """ "https://www.example.dk/page" -> "https://www.example.dk"; raises ValidationError."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            _("“%(value)s” is not a web address. Write it like https://www.example.dk.")
            % {"value": value.strip()}
        )
    origin = f"{parts.scheme}://{parts.hostname.lower()}"
    default_port = {"http": 80, "https": 443}[parts.scheme]
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port != default_port:
        origin += f":{port}"
    return origin


def set_embed_origins(*, series: Series, origins: list[str], actor) -> list[str]:
    """Replace the websites that may embed the series' widget. Raises PermissionDenied and
    ValidationError (then nothing is saved)."""
    if not can_edit_series(actor, series):
        raise PermissionDenied
    cleaned = sorted({normalise_origin(origin) for origin in origins if origin.strip()})
    with transaction.atomic():
        before = selectors.embed_origins(series)
        EmbedOrigin.objects.filter(series=series).exclude(origin__in=cleaned).delete()
        for origin in cleaned:
            EmbedOrigin.objects.get_or_create(series=series, origin=origin)
        if before != cleaned:
            audit(
                "series.embed_origins_changed",
                actor=actor,
                object_type="series",
                object_id=str(series.pk),
                series=series,
                detail={"before": before, "after": cleaned},
            )
    return cleaned


def add_registration(
    *, token: ApiToken, session_id: int, registrant, confirm_on_behalf: bool
) -> Registration:
    """A partner's system signs a person up. Without confirm_on_behalf the person gets the
    confirmation email (double opt-in), exactly as if they had used the sign-up form; with it
    the organiser confirms for them, as the "add a person" screen does, and the audit log
    records that it came through this token. After the session's sign-up deadline both
    ways are refused (SignupDeadlinePassed), as on the public page."""
    actor = token.created_by
    session = Session.objects.select_related("series").get(pk=session_id)
    registration_services.require_signup_open(session)
    if confirm_on_behalf:
        registration = registration_services.add_registration_by_organiser(
            session_id=session_id, registrant=registrant, actor=actor
        )
    else:
        registration = registration_services.register_for_session(
            session_id=session_id, registrant=registrant
        )
    audit(
        "api.registration_added",
        actor=actor,
        obj=registration,
        series_id=registration.session.series_id,
        people=1,
        detail={
            "token": token.prefix,
            "confirmed_on_behalf": confirm_on_behalf,
            "status": registration.status,
        },
    )
    return registration


def cancel_registration(*, token: ApiToken, registration_id: int) -> Registration:
    registration = registration_services.cancel_by_organiser(
        registration_id=registration_id, actor=token.created_by
    )
    audit(
        "api.registration_cancelled",
        actor=token.created_by,
        obj=registration,
        series_id=registration.session.series_id,
        people=1,
        detail={"token": token.prefix},
    )
    return registration
