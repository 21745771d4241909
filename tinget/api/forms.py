"""Forms of the API screens: a new token, and the websites that may embed a series."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Scope
from .services import normalise_origin


class TokenForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        empty_label=None,
        help_text=_("The token reaches only the series this organisation takes part in."),
        error_messages={"required": _("Choose the organisation.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What it is for, for example “Our CRM”."),
        error_messages={"required": _("Give the token a name.")},
    )
    scopes = forms.MultipleChoiceField(
        label=_("Permissions"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one permission.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].widget.attrs["class"] = "form-select"
        self.fields["name"].widget.attrs["class"] = "form-input"

    def error_links(self) -> list[tuple[str, str]]:
        links = []
        for bound in self:
            if bound.errors:
                anchor = bound.auto_id
                if bound.name == "scopes":
                    anchor = f"{anchor}_0"
                links.append((anchor, bound.errors[0]))
        return links


class EmbedOriginsForm(forms.Form):
    origins = forms.CharField(
        label=_("Websites that may show the programme"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 4, "spellcheck": "false"}),
        help_text=_(
            "One address per line, for example https://www.example.dk. Only pages on these "
            "websites can show the sessions and sign people up."
        ),
    )

    def clean_origins(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["origins"].splitlines()]
        origins = []
        for line in lines:
            if not line:
                continue
            try:
                origins.append(normalise_origin(line))
            except ValidationError as error:
                raise ValidationError(error.messages[0]) from None
        return sorted(set(origins))

    def error_links(self) -> list[tuple[str, str]]:
        return [(self["origins"].auto_id, error) for error in self["origins"].errors]
