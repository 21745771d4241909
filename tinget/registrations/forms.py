"""The sign-up form (one session or the whole series) and the change-my-details form.

Field names are part of the contract: name, email, organisation, organisation_kind,
municipality, job_title, language; optional consents are consent_<key>, extra questions
question_<id>; `website` is the honeypot. Error messages are English msgids with Danish
translations, written as instructions ("Write your name"), as Det Fælles Designsystem recommends.
"""

from django import forms
from django.core import signing
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tinget.programme.models import Organisation
from tinget.programme.text import SingleLineFieldsMixin

from . import notice, selectors
from .models import Language, SeriesQuestion
from .services import Registrant

HONEYPOT = "website"


class RegistrantFields(SingleLineFieldsMixin, forms.Form):
    """What a person tells about themselves; shared by sign-up and change-my-details."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Write your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("Choose a suggestion or write the name."),
        error_messages={"required": _("Write the name of your organisation.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "organization", "list": "organisation-suggestions"}
        ),
    )
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", pgettext_lazy("select prompt", "Choose")), *Organisation.Kind.choices],
        error_messages={
            "required": _("Choose the kind of organisation."),
            "invalid_choice": _("Choose the kind of organisation."),
        },
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        required=False,
        help_text=_("If you work for a municipality. Type the first letters to find it."),
        error_messages={"invalid_choice": _("Choose one of the 98 municipalities.")},
    )
    job_title = forms.CharField(
        label=_("Job title (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a language."),
            "invalid_choice": _("Choose a language."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            ("", pgettext_lazy("select prompt", "Choose municipality")),
            *selectors.municipality_groups(),
        ]
        if not self.is_bound and "language" not in self.initial:
            self.initial["language"] = "en" if (get_language() or "").startswith("en") else "da"
        self.style_widgets()

    def style_widgets(self) -> None:
        """Det Fælles Designsystem's classes on every input."""
        # Fields, not bound fields: a BoundField made now would keep a label set later.
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-checkbox")
            elif isinstance(widget, forms.TextInput | forms.EmailInput):
                widget.attrs.setdefault("class", "form-input")

    def error_links(self) -> list[tuple[str, str]]:
        """(element id, message) for the error summary, in the order fields appear."""
        links = []
        for bound in self:
            if bound.errors:
                anchor = bound.auto_id
                if isinstance(bound.field.widget, forms.RadioSelect):
                    anchor = f"{anchor}_0"
                links.append((anchor, bound.errors[0]))
        return links

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("organisation_kind")
        if kind == Organisation.Kind.MUNICIPALITY:
            if not cleaned.get("municipality") and "municipality" not in self.errors:
                self.add_error("municipality", _("Choose your municipality."))
        elif "municipality" in cleaned:
            # Only municipal staff belong to a municipality in the figures.
            cleaned["municipality"] = ""
        return cleaned

    def registrant_changes(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "organisation": data["organisation"],
            "organisation_kind": data["organisation_kind"],
            "municipality_id": data.get("municipality") or None,
            "job_title": data["job_title"],
            "language": data["language"],
        }


class SignupForm(RegistrantFields):
    """Sign-up for one session or for the whole series, with the series' extra questions."""

    # Field order on the page: who you are, then where you work.
    field_order = [
        "name",
        "email",
        "organisation",
        "organisation_kind",
        "municipality",
        "job_title",
        "language",
    ]

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send a link to this address that you click to confirm."),
        error_messages={
            "required": _("Write your email address."),
            "invalid": _("Write an email address like name@example.dk."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    # The exact notice and consent wordings shown, signed so that we store what the person
    # saw even when the partners change between showing the form and sending it.
    notice_shown = forms.CharField(widget=forms.HiddenInput, required=False)
    # The honeypot: hidden from people (CSS and aria-hidden), tempting to bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, series, **kwargs):
        super().__init__(*args, **kwargs)
        self.series = series
        partners = notice.partner_names(series)
        self.notice = notice.notice_text(series, partners=partners)
        self.consent_labels = notice.optional_consents(series, partners=partners)
        for key, label in self.consent_labels.items():
            self.fields[f"consent_{key}"] = forms.BooleanField(label=label, required=False)
        self.initial["notice_shown"] = signing.dumps(
            {"notice": self.notice, "consents": self.consent_labels}, salt=notice.NOTICE_SALT
        )
        self.questions = selectors.series_questions(series)
        for question in self.questions:
            self.fields[self.question_field(question)] = self._question_field(question)
        self.style_widgets()

    @staticmethod
    def question_field(question: SeriesQuestion) -> str:
        return f"question_{question.pk}"

    def _question_field(self, question: SeriesQuestion) -> forms.Field:
        required_message = {
            "required": _("Answer the question."),
            "invalid_choice": _("Choose one of the answers."),
        }
        label = question.label
        if not question.required:
            label = gettext("%(question)s (optional)") % {"question": label}
        if question.kind == SeriesQuestion.Kind.TEXT:
            return forms.CharField(
                label=label,
                max_length=500,
                required=question.required,
                error_messages=required_message,
            )
        if question.kind == SeriesQuestion.Kind.YESNO:
            choices = [("yes", _("Yes")), ("no", _("No"))]
        else:
            choices = [(choice, choice) for choice in question.choice_list]
        return forms.ChoiceField(
            label=label,
            choices=choices,
            required=question.required,
            widget=forms.RadioSelect,
            error_messages=required_message,
        )

    def question_fields(self):
        return [self[self.question_field(question)] for question in self.questions]

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def consent_fields(self):
        return [self[f"consent_{key}"] for key in self.consent_labels]

    def shown(self) -> tuple[str, dict[str, str]]:
        """The notice and consent wordings the person saw (the current ones if unsigned)."""
        try:
            data = signing.loads(
                self.cleaned_data.get("notice_shown") or "", salt=notice.NOTICE_SALT
            )
            return str(data["notice"]), {str(k): str(v) for k, v in data["consents"].items()}
        except (signing.BadSignature, KeyError, TypeError, AttributeError):
            return self.notice, self.consent_labels

    def answers(self) -> dict:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.question_field(question))
            if value not in (None, ""):
                answers[str(question.pk)] = {"question": question.label, "answer": value}
        return answers

    def registrant(self) -> Registrant:
        shown_notice, shown_consents = self.shown()
        ticked = {key for key in shown_consents if self.cleaned_data.get(f"consent_{key}")}
        return Registrant(
            email=self.cleaned_data["email"],
            answers=self.answers(),
            notice_text=f"{shown_notice} {notice.privacy_sentence()}",
            consents=notice.consents_given(shown_consents, ticked),
            **self.registrant_changes(),
        )


class DetailsForm(RegistrantFields):
    """Change-my-details on the manage page: everything but the email address."""

    @classmethod
    def for_registrant(cls, obj, data=None):
        initial = {
            "name": obj.name,
            "organisation": obj.organisation,
            "organisation_kind": obj.organisation_kind,
            "municipality": obj.municipality_id or "",
            "job_title": obj.job_title,
            "language": obj.language,
        }
        return cls(data=data, initial=initial)
