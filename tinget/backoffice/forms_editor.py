"""Forms of the organiser's editing screens: series, sessions, programme, speakers, materials.

They only read and check input; the writes are in tinget.programme.services_editor.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tinget.programme.models import SDG, Appearance, Material, Series, Session
from tinget.programme.uploads import ALLOWED_TYPES_TEXT
from tinget.registrations import email_texts
from tinget.registrations.models import SeriesQuestion

from .forms import DKFDSMixin

MARKDOWN_HELP = _(
    "Markdown: **bold**, *italics*, [link text](https://…), lists with “-”. "
    "Press “Preview” to see how it looks."
)
# Photos of speakers: a portrait needs no more than this.
MAX_PHOTO_BYTES = 5 * 1024 * 1024


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


# The largest id a database row can have (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class SDGField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(queryset=SDG.objects.order_by("number"), required=False, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.title}"

    def _check_values(self, value):
        # A number too large for any row would reach the database (OverflowError on SQLite):
        # it is an invalid choice like any other unknown goal.
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number at all: the usual check below refuses it
            if abs(number) > MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class SeriesForm(DKFDSMixin, forms.ModelForm):
    moderator_name = forms.CharField(
        label=_("Moderator"),
        max_length=200,
        required=False,
        help_text=_("The person who hosts the sessions. A new name is added as a new person."),
    )
    sdgs = SDGField(label=_("Sustainable Development Goals"))

    class Meta:
        model = Series
        fields = [
            "title",
            "slug",
            "description",
            "content_language",
            "contact_email",
            "contact_phone",
            "platform",
            "is_free",
            "default_capacity",
            "remind_24h",
            "remind_1h",
        ]
        labels = {
            "title": _("Title"),
            "slug": _("Web address"),
            "description": _("Description"),
            "content_language": _("Language of the content"),
            "contact_email": _("Contact address"),
            "contact_phone": _("Contact phone"),
            "platform": _("Meeting platform"),
            "is_free": _("Free to attend"),
            "default_capacity": _("Default capacity per session"),
            "remind_24h": _("Send a reminder 24 hours before"),
            "remind_1h": _("Send a reminder 1 hour before"),
        }
        help_texts = {
            "slug": _(
                "The last part of the address, e.g. “klima-i-kommunen”. Empty: made from the title."
            ),
            "description": MARKDOWN_HELP,
            "platform": _("For example Microsoft Teams."),
            "contact_phone": _("Shown at the foot of the series' pages, with the address."),
            "content_language": _(
                "The language you write the titles, descriptions and programme in. Pages in "
                "the other language tell screen readers so."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "content_language": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": _("Give the series a title.")},
            "content_language": {
                "required": _("Choose the language of the content."),
                "invalid_choice": _("Choose the language of the content."),
            },
            "slug": {"unique": _("Another series already has this web address. Choose another.")},
            "contact_email": {"invalid": _("Write an email address like name@example.dk.")},
            "default_capacity": {"invalid": _("Write a whole number.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["content_language"].required = False
        if self.instance.pk:
            if self.instance.moderator:
                self.initial.setdefault("moderator_name", self.instance.moderator.name)
            self.initial.setdefault("sdgs", list(self.instance.sdgs.values_list("pk", flat=True)))
        self.apply_dkfds_classes()

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "slug": data.get("slug") or "",
            "description": data.get("description") or "",
            # Not sent (an old form, a script): the series keeps its language.
            "content_language": data.get("content_language") or self.instance.content_language,
            "contact_email": data.get("contact_email") or "",
            "contact_phone": " ".join((data.get("contact_phone") or "").split()),
            "platform": data.get("platform") or "",
            "is_free": data.get("is_free", True),
            "default_capacity": data.get("default_capacity"),
            "remind_24h": data.get("remind_24h", False),
            "remind_1h": data.get("remind_1h", False),
            "moderator_name": data.get("moderator_name") or "",
            "sdgs": list(data.get("sdgs") or []),
        }


class PartnerForm(DKFDSMixin, forms.Form):
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    part = forms.CharField(
        label=_("Their part"),
        max_length=100,
        required=False,
        help_text=_("For example “fagligt udviklet af”."),
    )


class BasePartnerFormSet(forms.BaseFormSet):
    @staticmethod
    def initial_for(series: Series) -> list[dict]:
        return [
            {"organisation": partner.organisation.name, "part": partner.part}
            for partner in series.partnerships.select_related("organisation")
        ]

    def clean(self):
        seen = set()
        for form in self.forms:
            name = " ".join((form.cleaned_data.get("organisation") or "").split())
            if not name:
                continue
            if name.casefold() in seen:
                form.add_error("organisation", _("This organisation is listed twice."))
            seen.add(name.casefold())

    def cleaned_partners(self) -> list[tuple[str, str]]:
        rows = []
        for form in self.forms:
            name = " ".join((form.cleaned_data.get("organisation") or "").split())
            if name:
                rows.append((name, form.cleaned_data.get("part") or ""))
        return rows


PartnerFormSet = forms.formset_factory(PartnerForm, formset=BasePartnerFormSet, extra=2)


class DuplicateSeriesForm(DKFDSMixin, forms.Form):
    title = forms.CharField(
        label=_("Title of the copy"),
        max_length=300,
        error_messages={"required": _("Give the copy a title.")},
    )
    weeks = forms.IntegerField(
        label=_("Move every date by this many weeks"),
        min_value=0,
        max_value=520,
        initial=52,
        help_text=_("52 weeks is the same weekday one year later."),
        error_messages={
            "required": _("Write how many weeks to move the dates."),
            "invalid": _("Write a whole number."),
            "min_value": _("Write 0 or more weeks."),
            "max_value": _("Write at most 520 weeks."),
        },
    )

    def __init__(self, *args, series: Series, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("title", series.title)

    def shift_days(self) -> int:
        return self.cleaned_data["weeks"] * 7


# --- sessions -----------------------------------------------------------------------------


class SessionTimeMixin:
    """Date, start and end as three inputs that work in every browser; end after start."""

    def _time_fields(self):
        self.fields["date"] = forms.DateField(
            label=_("Date"),
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={
                "required": _("Write the date."),
                "invalid": _("Write the date as dd-mm-yyyy."),
            },
            input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"],
        )
        for name, label in (("start", _("Starts at")), ("end", _("Ends at"))):
            self.fields[name] = forms.TimeField(
                label=label,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                error_messages={
                    "required": _("Write the time."),
                    "invalid": _("Write the time as hh:mm, for example 09:30."),
                },
                input_formats=["%H:%M", "%H.%M"],
            )

    def _initial_times(self, starts_at, ends_at):
        zone = _zone()
        start = starts_at.astimezone(zone)
        self.initial.setdefault("date", start.date())
        self.initial.setdefault("start", start.time().replace(second=0, microsecond=0))
        self.initial.setdefault("end", ends_at.astimezone(zone).time().replace(second=0))

    def clean_times(self, data):
        if data.get("date") and data.get("start") and data.get("end"):
            if data["end"] <= data["start"]:
                self.add_error("end", _("The session must end after it starts."))
                return
            zone = _zone()
            data["starts_at"] = dt.datetime.combine(data["date"], data["start"], tzinfo=zone)
            data["ends_at"] = dt.datetime.combine(data["date"], data["end"], tzinfo=zone)


class SessionForm(SessionTimeMixin, DKFDSMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Empty: the series' title is used."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=Session.Format.choices)
    place = forms.CharField(
        label=_("Place"), max_length=300, required=False, help_text=_("For physical sessions.")
    )
    join_url = forms.URLField(
        label=_("Join link"),
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text=_("Private: sent only to confirmed registrants, never shown publicly."),
        error_messages={"invalid": _("Write the whole link, starting with https://.")},
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        required=False,
        help_text=_("Empty: the series' default, or 1,000."),
        error_messages={
            "invalid": _("Write a whole number."),
            "min_value": _("The capacity must be at least 1."),
        },
    )
    deadline_date = forms.DateField(
        label=_("Last day to sign up"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"],
        error_messages={"invalid": _("Write the date as dd-mm-yyyy.")},
    )
    deadline_time = forms.TimeField(
        label=_("Sign-up closes at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={"invalid": _("Write the time as hh:mm, for example 09:30.")},
    )
    requires_approval = forms.BooleanField(
        label=_("Approve each sign-up by hand"),
        required=False,
        help_text=_(
            "People who sign up and confirm their email address await your approval; they get "
            "a seat (or the waiting list) only when you approve them."
        ),
    )
    sdgs = SDGField(label=_("Sustainable Development Goals"))

    def __init__(self, *args, session: Session | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._time_fields()
        self.order_fields(["title", "date", "start", "end", "format", "place", "join_url"])
        if session is not None:
            self._initial_times(session.starts_at, session.ends_at)
            for name in ("title", "format", "place", "join_url", "capacity", "requires_approval"):
                self.initial.setdefault(name, getattr(session, name))
            if session.signup_deadline:
                deadline = session.signup_deadline.astimezone(_zone())
                self.initial.setdefault("deadline_date", deadline.date())
                self.initial.setdefault("deadline_time", deadline.time().replace(second=0))
            self.initial.setdefault("sdgs", list(session.sdgs.values_list("pk", flat=True)))
        self.apply_dkfds_classes()

    def clean(self):
        data = super().clean()
        self.clean_times(data)
        self._clean_deadline(data)
        return data

    def _clean_deadline(self, data) -> None:
        """Both parts or neither; the deadline may not be after the session starts."""
        day, time = data.get("deadline_date"), data.get("deadline_time")
        data["signup_deadline"] = None
        if day is None and time is None:
            return
        if day is None:
            if "deadline_date" not in self.errors:
                self.add_error("deadline_date", _("Write the last day to sign up as well."))
            return
        if time is None:
            if "deadline_time" not in self.errors:
                self.add_error("deadline_time", _("Write the time sign-up closes as well."))
            return
        deadline = dt.datetime.combine(day, time, tzinfo=_zone())
        if data.get("starts_at") and deadline > data["starts_at"]:
            self.add_error(
                "deadline_date", _("The sign-up deadline must be before the session starts.")
            )
            return
        data["signup_deadline"] = deadline

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data.get("title") or "",
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "format": data["format"],
            "place": data.get("place") or "",
            "join_url": data.get("join_url") or "",
            "capacity": data.get("capacity"),
            "signup_deadline": data.get("signup_deadline"),
            "requires_approval": bool(data.get("requires_approval")),
            "sdgs": list(data.get("sdgs") or []),
        }


class DuplicateSessionForm(SessionTimeMixin, DKFDSMixin, forms.Form):
    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self._time_fields()
        week = dt.timedelta(days=7)
        self._initial_times(session.starts_at + week, session.ends_at + week)
        self.apply_dkfds_classes()

    def clean(self):
        data = super().clean()
        self.clean_times(data)
        return data


class NotifyForm(DKFDSMixin, forms.Form):
    """The organiser's answer on the "who will be told" page."""

    notify = forms.TypedChoiceField(
        label=_("Tell the registrants?"),
        coerce=lambda value: value == "yes",
        choices=[
            ("yes", _("Yes, send the email to them")),
            ("no", _("No, change it without telling anyone")),
        ],
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={
            "required": _("Choose whether to tell the registrants."),
            "invalid_choice": _("Choose whether to tell the registrants."),
        },
    )


class CancelSessionForm(DKFDSMixin, forms.Form):
    reason = forms.CharField(label=_("Reason (for the audit log)"), max_length=500, required=False)


# --- programme ----------------------------------------------------------------------------


class ItemForm(DKFDSMixin, forms.Form):
    time = forms.TimeField(
        label=_("Clock time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={"invalid": _("Write the time as hh:mm, for example 09:30.")},
    )
    title = forms.CharField(
        label=_("Title"), max_length=500, error_messages={"required": _("Give the item a title.")}
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )


class AppearanceForm(DKFDSMixin, forms.Form):
    """Put a person on an item: a known person (chosen from the search) or a new one."""

    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Start typing to find someone who has spoken before."),
    )
    part = forms.ChoiceField(label=_("Part"), choices=Appearance.Part.choices)
    role = forms.CharField(
        label=_("Role for this talk"),
        max_length=200,
        required=False,
        help_text=_("As it should be printed, e.g. “Klimachef”."),
    )
    organisation = forms.CharField(
        label=_("Organisation for this talk"), max_length=200, required=False
    )
    bio = forms.CharField(
        label=_("Short bio (new person)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.FileField(
        label=_("Photo (new person)"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 5 MB."),
    )
    photo_alt = forms.CharField(
        label=_("Description of the photo"),
        max_length=300,
        required=False,
        help_text=_("What the photo shows, for people who cannot see it."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("person") and not " ".join((data.get("name") or "").split()):
            self.add_error("name", _("Write the speaker's name."))
        photo = data.get("photo")
        if photo is not None:
            if photo.size > MAX_PHOTO_BYTES:
                self.add_error("photo", _("The photo is larger than 5 MB. Choose a smaller one."))
            elif not data.get("photo_alt"):
                self.add_error("photo_alt", _("Describe the photo for people who cannot see it."))
        return data


class MaterialForm(DKFDSMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Material.Kind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=300, error_messages={"required": _("Give it a title.")}
    )
    url = forms.URLField(
        label=_("Link"),
        max_length=1000,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Write the whole link, starting with https://.")},
    )
    file = forms.FileField(
        label=_("Or upload a file"), required=False, help_text=ALLOWED_TYPES_TEXT
    )
    item = forms.TypedChoiceField(
        label=_("Belongs to"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, session: Session, material: Material | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Editing: a material keeps its link or file unless a new one is given.
        self.material = material
        self.fields["item"].choices = [("", _("The whole session"))] + [
            (item.pk, item.title) for item in session.items.all()
        ]
        if material is not None and material.file:
            self.fields["file"].label = _("Or upload a new file")
        self.apply_dkfds_classes()

    def clean(self):
        data = super().clean()
        given = bool(data.get("url")) + bool(data.get("file"))
        keeps_file = self.material is not None and bool(self.material.file)
        if not self.errors and (given == 2 or (given == 0 and not keeps_file)):
            self.add_error("url", _("Give either a link or an uploaded file."))
        return data


class PersonForm(DKFDSMixin, forms.Form):
    """A person's own record: what every series that shows them prints by default."""

    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Write the person's name.")}
    )
    role = forms.CharField(label=_("Current role"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Current organisation"), max_length=200, required=False)
    bio = forms.CharField(
        label=_("Short bio"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photo = forms.FileField(
        label=_("Photo"), required=False, help_text=_("PNG, JPEG or WebP, at most 5 MB.")
    )
    photo_alt = forms.CharField(
        label=_("Description of the photo"),
        max_length=300,
        required=False,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo is not None and photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB. Choose a smaller one."))
        return photo


class OrganisationForm(DKFDSMixin, forms.Form):
    """What the public pages show of a partner: its website and its logo with the logo's text."""

    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Write a web address, for example https://www.kl.dk/.")},
    )
    logo = forms.FileField(
        label=_("Logo"), required=False, help_text=_("PNG, JPEG or WebP, at most 5 MB.")
    )
    logo_alt = forms.CharField(
        label=_("Text of the logo"),
        max_length=300,
        required=False,
        help_text=_(
            "What the logo says, usually the organisation's name. Screen readers read it aloud."
        ),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def __init__(self, *args, has_logo: bool = False, **kwargs):
        self.has_logo = has_logo
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        logo = data.get("logo")
        keeps_logo = logo is not None or (self.has_logo and not data.get("remove_logo"))
        if logo is not None and logo.size > MAX_PHOTO_BYTES:
            self.add_error("logo", _("The logo is larger than 5 MB. Choose a smaller one."))
        elif keeps_logo and not " ".join((data.get("logo_alt") or "").split()):
            self.add_error("logo_alt", _("Write what the logo says, for people who cannot see it."))
        return data


class SpeakerPartForm(DKFDSMixin, forms.Form):
    """What is printed for one talk: the part, the role and the organisation then."""

    part = forms.ChoiceField(label=_("Part"), choices=Appearance.Part.choices)
    role = forms.CharField(label=_("Role for this talk"), max_length=200, required=False)
    organisation = forms.CharField(
        label=_("Organisation for this talk"), max_length=200, required=False
    )


class QuestionForm(DKFDSMixin, forms.Form):
    label = forms.CharField(
        label=_("Question"),
        max_length=300,
        error_messages={"required": _("Write the question.")},
    )
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=SeriesQuestion.Kind.choices)
    choices = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for a question with choices."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)


class EmailTextForm(DKFDSMixin, forms.Form):
    """A series' own subject and opening text for one kind of email. The placeholders and
    brackets are checked here for the field errors, and again by the service."""

    subject = forms.CharField(
        label=_("Subject"),
        max_length=email_texts.SUBJECT_MAX,
        error_messages={"required": _("Write a subject.")},
    )
    body = forms.CharField(
        label=_("Opening text"),
        max_length=email_texts.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Plain text; an empty line starts a new paragraph. The greeting, the session's "
            "details, the links the person needs and the footer are added by Tinget."
        ),
        error_messages={"required": _("Write the text.")},
    )

    def __init__(self, *args, event: str, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def _placeholders(self, name: str) -> str:
        value = self.cleaned_data[name]
        if found := email_texts.problems(self.event, value):
            raise forms.ValidationError(found)
        return value

    def clean_subject(self):
        return self._placeholders("subject")

    def clean_body(self):
        return self._placeholders("body")
