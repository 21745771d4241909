"""Who must use two-factor authentication, and how long a back-office session lasts.

Superusers and staff who are not organisers (the site's operators) must set up an
authenticator app (or a passkey) before they reach any back-office page, unless
`TINGET_MFA_REQUIRED_FOR_STAFF` is off (the demo turns it off). Organisers (users with a
Membership) must when `TINGET_MFA_REQUIRED_FOR_ORGANISERS` is on. Everyone may.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings


def is_organiser(user) -> bool:
    return user.memberships.exists()


def must_use_mfa(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or (user.is_staff and not is_organiser(user)):
        return settings.TINGET_MFA_REQUIRED_FOR_STAFF
    if is_organiser(user):
        return settings.TINGET_MFA_REQUIRED_FOR_ORGANISERS
    return False


def has_mfa(user) -> bool:
    """An authenticator app or a passkey/security key (recovery codes alone are no factor)."""
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
