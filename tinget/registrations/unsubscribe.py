"""One-click unsubscribe from bulk mail to a group (RFC 8058): the organisers' messages and
the follow-ups of one series. The link carries a signed (email, series, kind), so it needs
no stored token and works for every registration of that address in the series."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import GroupMailOptOut

SALT = "tinget.registrations.unsubscribe"


def unsubscribe_url(registration, kind: str) -> str:
    token = signing.dumps(
        {"e": registration.email, "s": registration.session.series_id, "k": kind},
        salt=SALT,
        compress=True,
    )
    # Language-neutral: a mail client posts to it without a language prefix.
    return settings.TINGET_BASE_URL + reverse("registrations:unsubscribe", kwargs={"token": token})


def read_token(token: str) -> tuple[str, int, str] | None:
    try:
        data = signing.loads(token, salt=SALT)
        email, series_id, kind = str(data["e"]), int(data["s"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if kind not in GroupMailOptOut.Kind.values:
        return None
    return email, series_id, kind


def without_opted_out(registrations, *, series_id: int, kind: str):
    """The registrations minus the addresses that stopped this kind of mail in the series."""
    stopped = GroupMailOptOut.objects.filter(series_id=series_id, kind=kind).values("email")
    return registrations.exclude(email__in=stopped)
