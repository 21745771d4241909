"""Admin forms: the organisers' input checked field by field, in Danish, never a 500."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import services
from .models import SDG, Appearance, Organisation, Person, Series, SeriesPartner, Session
from .text import SingleLineFieldsMixin


class SDGCheckboxes(forms.CheckboxSelectMultiple):
    """Seventeen goals fit on screen: checkboxes beat a two-pane selector."""


def _sdg_field(label):
    return forms.ModelMultipleChoiceField(
        queryset=SDG.objects.all(), required=False, widget=SDGCheckboxes, label=label
    )


class SlugFromNameMixin:
    """The slug may be left empty: it is made from the name (or title) and kept unique."""

    slug_source = "name"
    taken_message = _("Another row already uses this address. Choose another.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The last part of the public address. Leave it empty to make one from "
                "the %(source)s."
            ) % {"source": self._meta.model._meta.get_field(self.slug_source).verbose_name}

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        if not slug:
            return slug
        others = self._meta.model.objects.filter(slug=slug)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(self.taken_message, code="unique")
        return slug

    def _post_clean(self):
        if not self.cleaned_data.get("slug") and self.cleaned_data.get(self.slug_source):
            self.cleaned_data["slug"] = services.unique_slug(
                self._meta.model,
                self.cleaned_data[self.slug_source],
                exclude_pk=self.instance.pk,
            )
        super()._post_clean()


class SeriesAdminForm(SingleLineFieldsMixin, SlugFromNameMixin, forms.ModelForm):
    slug_source = "title"
    taken_message = _("Another series already uses this address. Choose another.")
    sdgs = _sdg_field(_("SDGs"))

    class Meta:
        model = Series
        widgets = {"title": forms.TextInput(attrs={"class": "vLargeTextField"})}
        fields = [
            "title",
            "slug",
            "status",
            "description",
            "moderator",
            "is_free",
            "platform",
            "contact_email",
            "contact_phone",
            "default_capacity",
            "remind_24h",
            "remind_1h",
            "sdgs",
        ]


class SessionAdminForm(SingleLineFieldsMixin, forms.ModelForm):
    # Zero seats makes no sense either; Teams itself holds 1,000 interactive attendees.
    capacity = forms.IntegerField(
        label=capfirst(Session._meta.get_field("capacity").verbose_name),
        required=False,
        min_value=1,
        help_text=Session._meta.get_field("capacity").help_text,
        error_messages={"min_value": _("The capacity must be at least 1.")},
    )
    sdgs = _sdg_field(_("SDGs"))

    class Meta:
        model = Session
        fields = [
            "series",
            "title",
            "status",
            "starts_at",
            "ends_at",
            "format",
            "place",
            "join_url",
            "capacity",
            "recap",
            "sdgs",
        ]
        widgets = {
            "starts_at": AdminSplitDateTime,
            "ends_at": AdminSplitDateTime,
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "place": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "join_url": forms.URLInput(attrs={"class": "vLargeTextField", "autocomplete": "off"}),
        }
        error_messages = {
            "join_url": {"invalid": _("The join link must be a web address (https://…).")},
        }

    def clean(self):
        # End before start is the model's own check (Session.clean).
        cleaned = super().clean()
        starts_at = cleaned.get("starts_at")
        status = cleaned.get("status")
        if (
            not self.instance.pk
            and status == Session.Status.HELD
            and starts_at
            and starts_at > timezone.now()
        ):
            self.add_error("status", _("A session cannot be marked as held before it has started."))
        elif self.instance.pk and status and status != self.instance_status:
            probe = Session(
                status=self.instance_status, starts_at=starts_at or self.instance.starts_at
            )
            try:
                services.check_session_status_change(probe, status)
            except services.InvalidStatusChange as error:
                self.add_error("status", error.message)
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The stored status, before the form writes the chosen one onto the instance.
        self.instance_status = self.instance.status
        if "series" in self.fields:
            self.fields["series"].error_messages["invalid_choice"] = _(
                "Choose one of the series you help organise."
            )


class OrganisationAdminForm(SingleLineFieldsMixin, SlugFromNameMixin, forms.ModelForm):
    taken_message = _("Another organisation already uses this address. Choose another.")

    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "municipality", "website"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("municipality") and not cleaned.get("kind"):
            cleaned["kind"] = Organisation.Kind.MUNICIPALITY
        return cleaned


class PersonAdminForm(SingleLineFieldsMixin, SlugFromNameMixin, forms.ModelForm):
    taken_message = _("Another person already uses this address. Choose another.")

    class Meta:
        model = Person
        fields = ["name", "slug", "role", "organisation", "bio"]


class AppearanceInlineForm(SingleLineFieldsMixin, forms.ModelForm):
    """Role and organisation are kept as printed for the talk; empty ones are copied from the
    person's current role and organisation when saved, so the record stays true later."""

    class Meta:
        model = Appearance
        fields = ["person", "part", "role", "organisation_name", "organisation", "order"]

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        if person is not None:
            if not cleaned.get("role") and person.role:
                cleaned["role"] = person.role
                self.instance.role = person.role
            organisation = cleaned.get("organisation") or person.organisation
            if not cleaned.get("organisation") and organisation is not None:
                cleaned["organisation"] = organisation
                self.instance.organisation = organisation
            if not cleaned.get("organisation_name") and organisation is not None:
                cleaned["organisation_name"] = organisation.name
                self.instance.organisation_name = organisation.name
        return cleaned


class SeriesPartnerFormSet(BaseInlineFormSet):
    """Partners of a series: no organisation twice, and an organiser keeps their own."""

    # Set by SeriesPartnerInline.get_formset for the request at hand.
    request_user = None

    def validate_unique(self):
        seen = {}
        duplicate = False
        for form in self.forms:
            if (
                not form.is_valid()
                or form in self.deleted_forms
                or (not form.has_changed() and not form.instance.pk)
            ):
                continue
            organisation = form.cleaned_data.get("organisation")
            if organisation is None:
                continue
            if organisation.pk in seen:
                form.add_error(
                    "organisation",
                    _("%(name)s is already a partner of this series.") % {"name": organisation},
                )
                duplicate = True
            seen[organisation.pk] = form
        if duplicate:
            raise ValidationError(_("Each organisation can be a partner only once."))
        super().validate_unique()

    def clean(self):
        super().clean()
        user = self.request_user
        if user is None or user.is_superuser or not self.instance.pk:
            # A new series gets the organiser's organisation from create_series.
            return
        own = set(user.memberships.filter(role="editor").values_list("organisation_id", flat=True))
        kept = {
            form.cleaned_data["organisation"].pk
            for form in self.forms
            if form.is_valid()
            and form not in self.deleted_forms
            and form.cleaned_data.get("organisation") is not None
        }
        if not own & kept:
            raise ValidationError(
                _(
                    "One of your own organisations must stay a partner, or you can no longer "
                    "open the series."
                )
            )


class SeriesPartnerInlineForm(forms.ModelForm):
    class Meta:
        model = SeriesPartner
        fields = ["organisation", "part", "order"]

    def validate_constraints(self):
        # Say in plain Danish what the unique constraint means, instead of Django's generic
        # "Partner with this Series and Organisation already exists".
        organisation = self.cleaned_data.get("organisation")
        series_id = self.instance.series_id
        if organisation is not None and series_id:
            others = SeriesPartner.objects.filter(series_id=series_id, organisation=organisation)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "organisation",
                    _("%(name)s is already a partner of this series.") % {"name": organisation},
                )
                return
        super().validate_constraints()
