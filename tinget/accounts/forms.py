"""allauth's forms with Tinget's labels (no placeholders: the labels say it)."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.adapter import get_adapter
from allauth.mfa.webauthn.forms import (
    AddWebAuthnForm,
    AuthenticateWebAuthnForm,
    LoginWebAuthnForm,
    ReauthenticateWebAuthnForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Username or email address")
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"
        password = self.fields["password"]
        password.widget.attrs.pop("placeholder", None)
        # The login page shows its own "Forgot your password?" link next to the button.
        password.help_text = ""


# --- passkeys and security keys (WebAuthn) ------------------------------------------------

# What fido2 raises on a credential that is not the shape WebAuthn gives (a hand-made POST):
# allauth catches some of these, not all (a missing "rawId" is a KeyError), and an uncaught
# one is a 500. A malformed credential is simply a wrong one.
MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def _wrong_credential() -> ValidationError:
    return get_adapter().validation_error("incorrect_code")


class _SafeAuthenticateMixin:
    def clean_credential(self):
        try:
            return super().clean_credential()
        except MALFORMED:
            raise _wrong_credential() from None


class AuthenticatePasskeyForm(_SafeAuthenticateMixin, AuthenticateWebAuthnForm):
    """The second step of a login with a passkey or security key."""


class LoginPasskeyForm(_SafeAuthenticateMixin, LoginWebAuthnForm):
    """The passkey alone, no password ("Log ind med en adgangsnøgle")."""


class ReauthenticatePasskeyForm(_SafeAuthenticateMixin, ReauthenticateWebAuthnForm):
    """Confirming who you are with a passkey before a change to the account."""


class AddPasskeyForm(AddWebAuthnForm):
    """Adding a passkey or security key. A passkey (one that also logs in without the
    password) is what organisers are offered first, so the box starts ticked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = self.fields["name"]
        name.label = _("Name of the key")
        name.help_text = _("So that you can tell your keys apart, for example “Work laptop”.")
        if "passwordless" in self.fields:
            passwordless = self.fields["passwordless"]
            passwordless.initial = True
            passwordless.label = _("Use it as a passkey: log in with it without a password")
            passwordless.help_text = _(
                "The device asks for your fingerprint, face or PIN each time. Untick it for a "
                "security key used only as the second step after your password."
            )

    def clean(self):
        try:
            return super().clean()
        except MALFORMED:
            raise _wrong_credential() from None
