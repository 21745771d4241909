"""Forms of the team screens: invite a colleague, and accept an invitation with a new account."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from tinget.programme.models import Membership

from .forms import DKFDSMixin

ROLE_CHOICES = [
    (Membership.Role.EDITOR, _("Editor: may change the series and see the registrants")),
    (Membership.Role.VIEWER, _("Viewer: sees the figures, no personal data, changes nothing")),
]


class InviteForm(DKFDSMixin, forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        error_messages={
            "required": _("Write the email address of the person you invite."),
            "invalid": _("Write an email address like name@example.dk."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role in the team"),
        choices=ROLE_CHOICES,
        initial=Membership.Role.EDITOR,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose editor or viewer.")},
    )

    def __init__(self, *args, organisation=None, **kwargs):
        self.organisation = organisation
        prefix = f"invite-{organisation.pk}" if organisation is not None else None
        super().__init__(*args, prefix=prefix, **kwargs)


class AcceptInvitationForm(DKFDSMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What you log in with. Letters, digits and @ . + - _ only."),
        error_messages={"required": _("Choose a username.")},
        validators=[
            RegexValidator(
                regex=r"^[\w.@+-]+\Z",
                message=_("Use only letters, digits and @ . + - _ in the username."),
            )
        ],
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not a common password, and not only digits."),
        error_messages={"required": _("Choose a password.")},
    )
    password2 = forms.CharField(
        label=_("The password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Write the password again.")},
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        return data
