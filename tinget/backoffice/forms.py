"""Forms of the organiser screens (and the public feedback form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tinget.mailings.models import OutboundEmail
from tinget.programme.formatting import format_when
from tinget.programme.models import Municipality, Organisation, Session
from tinget.programme.text import SingleLineFieldsMixin
from tinget.registrations import email_kinds
from tinget.registrations.models import Language, Registration

# A 1,000-person Teams report is about 300 KB in UTF-16; anything this big is not one.
MAX_REPORT_BYTES = 10 * 1024 * 1024

ATTENDANCE_FILTER_CHOICES = [
    ("", _("All")),
    (Registration.Attendance.ATTENDED, _("Attended")),
    (Registration.Attendance.MISSED, _("Did not attend")),
    ("unknown", _("Not recorded")),
]

GROUP_CHOICES = [
    ("confirmed", _("Registered (confirmed)")),
    ("waiting", _("On the waiting list")),
    ("attended", _("Attended")),
    ("missed", _("Registered but did not attend")),
]


class DKFDSMixin(SingleLineFieldsMixin):
    """Det Fælles Designsystem's classes on the inputs, and links for an error summary; no
    control characters in one-line fields (SingleLineFieldsMixin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_dkfds_classes()

    def apply_dkfds_classes(self):
        """Set the classes on every field (forms that add fields later call it again)."""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                self._name_the_radio_group(field)
                continue
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-checkbox")
            elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
                widget.attrs.setdefault("class", "form-file-input")
            else:
                widget.attrs.setdefault("class", "form-input")

    @staticmethod
    def _name_the_radio_group(field):
        """A radio group left with Django's generic "This field is required." or "Select a
        valid choice." says which question is unanswered instead."""
        message = _("Choose one of the answers to “%(question)s”.") % {"question": field.label}
        for code, generic in (
            ("required", forms.Field.default_error_messages["required"]),
            ("invalid_choice", forms.ChoiceField.default_error_messages["invalid_choice"]),
        ):
            if field.error_messages.get(code) is generic:
                field.error_messages[code] = message

    @property
    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for each error, in field order, for the summary at the top."""
        links = [("", str(error)) for error in self.non_field_errors()]
        for name in self.fields:
            if name in self.errors:
                bound = self[name]
                anchor = bound.auto_id
                if isinstance(bound.field.widget, forms.RadioSelect):
                    anchor = f"{bound.auto_id}_0"
                links.append((anchor, str(self.errors[name][0])))
        return links


class RegistrantFilterForm(DKFDSMixin, forms.Form):
    q = forms.CharField(label=_("Search name, email or organisation"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Registration.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All")), *Organisation.Kind.choices],
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    attended = forms.ChoiceField(
        label=_("Attendance"), required=False, choices=ATTENDANCE_FILTER_CHOICES
    )

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("All"))] + [
            (code, name) for code, name in municipalities
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        if data.get("attended") == "unknown":
            data["attended"] = ""
        elif not data.get("attended"):
            data["attended"] = None
        return data


class MessageForm(DKFDSMixin, forms.Form):
    group = forms.ChoiceField(
        label=_("Send to"),
        choices=GROUP_CHOICES,
        widget=forms.RadioSelect,
        initial="confirmed",
        error_messages={
            "required": _("Choose who gets the message."),
            "invalid_choice": _("Choose who gets the message."),
        },
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        error_messages={"required": _("Write a subject.")},
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text. Each person is greeted by name above your message."),
        error_messages={"required": _("Write the message.")},
    )
    # The count the organiser saw in the preview; a different count at sending means the
    # group changed in between, and the preview is shown again.
    expected = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AttendanceUploadForm(DKFDSMixin, forms.Form):
    report = forms.FileField(
        label=_("Attendance report from Teams"),
        help_text=_(
            "The file you download under Attendance in the meeting in Teams (.csv). "
            "Reports in Danish and English, UTF-16 or UTF-8, are all fine."
        ),
        error_messages={
            "required": _("Choose the attendance report file."),
            "empty": _("The file is empty. Download the report from Teams again."),
        },
    )

    def clean_report(self):
        report = self.cleaned_data["report"]
        if report.size > MAX_REPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB, so it is not an attendance report.")
            )
        return report


class LinkParticipantForm(DKFDSMixin, forms.Form):
    participant = forms.IntegerField(widget=forms.HiddenInput)
    registration = forms.ModelChoiceField(
        label=_("Registration"),
        queryset=Registration.objects.none(),
        empty_label=_("Choose a registration"),
        error_messages={
            "required": _("Choose the registration this participant is."),
            "invalid_choice": _("Choose one of the registrations in the list."),
        },
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = (
            Registration.objects.filter(session=session)
            .exclude(attendance=Registration.Attendance.ATTENDED)
            .order_by("name", "id")
        )
        self.fields["registration"].label_from_instance = lambda r: f"{r.name} <{r.email}>"


class RecapForm(DKFDSMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["recap"]
        widgets = {"recap": forms.Textarea(attrs={"rows": 14})}
        help_texts = {
            "recap": _(
                "Markdown: **bold**, *italics*, [link text](https://…), lists with “-”. "
                "Shown on the public session page and in the thank-you email."
            )
        }


class FollowUpForm(DKFDSMixin, forms.Form):
    kind = forms.ChoiceField(
        choices=[("attended", _("Attended")), ("missed", _("Registered but did not attend"))],
        widget=forms.HiddenInput,
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AddRegistrationForm(DKFDSMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Write the name.")}
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": _("Write the email address."),
            "invalid": _("Write an email address like name@example.dk."),
        },
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("Not given")), *Organisation.Kind.choices],
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("None"),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of emails"), choices=Language.choices)

    def clean(self):
        data = super().clean()
        if data.get("organisation_kind") == Organisation.Kind.MUNICIPALITY and not data.get(
            "municipality"
        ):
            self.add_error("municipality", _("Choose the municipality."))
        return data


class FeedbackForm(DKFDSMixin, forms.Form):
    score = forms.TypedChoiceField(
        label=_("How useful was the session for you?"),
        coerce=int,
        choices=[
            (1, _("1 – not useful")),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, _("5 – very useful")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class OutboxFilterForm(DKFDSMixin, forms.Form):
    """Which of the series' emails to list (session, status, kind). A value that is not a
    choice (an edited address) makes the form invalid and the list unfiltered, never an
    error page."""

    session = forms.ChoiceField(label=_("Session"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *OutboundEmail.Status.choices],
    )

    kind = forms.ChoiceField(
        label=_("Kind of email"),
        required=False,
        choices=[("", _("All")), *email_kinds.LABELS.items()],
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", _("All"))] + [
            (str(s.pk), f"{s.display_title} ({format_when(s.starts_at, s.ends_at, year=True)})")
            for s in sessions
        ]

    def filters(self) -> dict:
        return dict(self.cleaned_data) if self.is_valid() else {}
