"""System checks for what the public pages must say in production."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

LOOPBACK_HOSTS = {"localhost", "testserver", "::1"}


def public_host() -> str:
    """The host name of TINGET_BASE_URL, or "" when it is this machine (the demo, tests)."""
    host = urlsplit(settings.TINGET_BASE_URL).hostname or ""
    if host in LOOPBACK_HOSTS or host.startswith("127.") or host.endswith(".localhost"):
        return ""
    return host


def _missing_statement_contacts() -> list[Error]:
    missing = [
        name
        for name in ("TINGET_CONTACT_EMAIL", "TINGET_CONTACT_PHONE")
        if not getattr(settings, name).strip()
    ]
    if not missing:
        return []
    return [
        Error(
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: the "
            "accessibility statement must give both a phone number and an email address "
            "(the Danish web accessibility act, lov nr. 692 af 8. juni 2018).",
            hint="Set TINGET_CONTACT_EMAIL and TINGET_CONTACT_PHONE in the environment.",
            id="tinget.E001",
        )
    ]


@register()
def statement_contacts_in_production(app_configs, **kwargs):
    """A site that really serves (DEBUG off, a public base URL) refuses to start without the
    statement's contact phone and email."""
    if settings.DEBUG or not public_host():
        return []
    return _missing_statement_contacts()


@register(deploy=True)
def statement_contacts_before_deploying(app_configs, **kwargs):
    """`tinget check --deploy` on any machine says so too (once: in production the check
    above has already said it)."""
    if not settings.DEBUG and public_host():
        return []
    return _missing_statement_contacts()
