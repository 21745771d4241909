"""allauth's forms with Tinget's labels (no placeholders: the labels say it)."""

from allauth.account.forms import LoginForm as AllauthLoginForm
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
