"""Forms of the integration screens."""

import ipaddress
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tinget.backoffice.forms import DKFDSMixin
from tinget.programme.models import Organisation

from .models import EventType, GraphConnection


def _private_host(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host == "localhost" or host.endswith(".localhost")
    return not address.is_global


class WebhookEndpointForm(DKFDSMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("Where Tinget sends the messages, for example https://crm.example.dk/tinget."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("For yourselves: what receives the messages."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations.first().pk

    def clean_url(self):
        url = self.cleaned_data["url"]
        parts = urlsplit(url)
        if not settings.TINGET_WEBHOOK_ALLOW_HTTP:
            if parts.scheme != "https":
                raise forms.ValidationError(_("The address must begin with https://."))
            if _private_host(parts.hostname or ""):
                raise forms.ValidationError(
                    _("The address must be reachable on the internet, not a local address.")
                )
        if parts.username or parts.password:
            raise forms.ValidationError(_("Leave user name and password out of the address."))
        return url


class GraphConnectionForm(DKFDSMixin, forms.Form):
    tenant_id = forms.CharField(
        label=_("Tenant ID"),
        max_length=100,
        help_text=_("The directory (tenant) ID of your Microsoft Entra ID."),
    )
    client_id = forms.CharField(
        label=_("Application (client) ID"),
        max_length=100,
        help_text=_("From the app registration's overview page in Microsoft Entra."),
    )
    credential_kind = forms.ChoiceField(
        label=_("Credential"),
        choices=GraphConnection.Credential.choices,
        widget=forms.RadioSelect,
        initial=GraphConnection.Credential.SECRET,
        error_messages={
            "required": _("Choose a client secret or a certificate."),
            "invalid_choice": _("Choose a client secret or a certificate."),
        },
    )
    credential = forms.CharField(
        label=_("Client secret, or private key and certificate (PEM)"),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
        required=False,
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the stored one."),
    )
    organiser_user = forms.CharField(
        label=_("Meeting organiser"),
        max_length=254,
        help_text=_(
            "The user (object ID or user principal name) in whose name Tinget creates the "
            "meetings. The Teams application access policy must include this user."
        ),
    )

    def __init__(self, *args, has_credential: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_credential = has_credential

    def clean(self):
        data = super().clean()
        credential = (data.get("credential") or "").strip()
        if not credential and not self.has_credential:
            self.add_error("credential", _("Enter the client secret or the certificate."))
        if (
            credential
            and data.get("credential_kind") == GraphConnection.Credential.CERTIFICATE
            and ("PRIVATE KEY" not in credential or "CERTIFICATE" not in credential)
        ):
            self.add_error(
                "credential",
                _("Paste both the private key and the certificate, in PEM format."),
            )
        data["credential"] = credential
        return data
