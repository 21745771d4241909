"""The session and programme item admin pages; lifecycle changes through services."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..forms import (
    AppearanceInlineForm,
    SDGCheckboxes,
    SessionAdminForm,
)
from ..models import (
    Appearance,
    Material,
    ProgrammeItem,
    Session,
)
from .common import (
    PublicLinkMixin,
    SafeAutocompleteMixin,
    SeriesScopedAdmin,
    _adopt,
    _concrete_changes,
    _editable_series,
    when,
)


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    fields = ["order", "time", "title", "speakers"]
    readonly_fields = ["speakers"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("appearances", queryset=Appearance.objects.select_related("person"))
            )
        )

    @admin.display(description=_("speakers"))
    def speakers(self, obj):
        if not obj.pk:
            return gettext("Save first, then add speakers.")
        names = ", ".join(a.person.name for a in obj.appearances.all()) or "–"
        return format_html(
            '{} · <a href="{}">{}</a>',
            names,
            reverse("admin:programme_programmeitem_change", args=[obj.pk]),
            gettext("Edit description and speakers"),
        )


class MaterialInline(admin.TabularInline):
    model = Material
    fields = ["kind", "title", "url", "file", "item", "order"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        item_field = formset.form.base_fields.get("item")
        if item_field is not None:
            # Only this session's own items can carry its material.
            item_field.queryset = (
                obj.items.all() if obj is not None else ProgrammeItem.objects.none()
            )
        return formset


@admin.register(Session)
class SessionAdmin(PublicLinkMixin, SeriesScopedAdmin):
    form = SessionAdminForm
    series_lookup = "series"
    inlines = [ProgrammeItemInline, MaterialInline]
    list_display = ["label", "series", "when_display", "status", "format", "public_link"]
    list_filter = [
        "status",
        "format",
        ("series", admin.RelatedOnlyFieldListFilter),
        ("starts_at", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "series__title", "items__title", "items__appearances__person__name"]
    list_select_related = ["series"]
    readonly_fields = ["calendar_version"]
    actions = ["cancel_selected", "mark_selected_held"]
    fieldsets = [
        (None, {"fields": ["series", "title", "status"]}),
        (_("Time and place"), {"fields": ["starts_at", "ends_at", "format", "place"]}),
        (_("Taking part"), {"fields": ["join_url", "capacity", "calendar_version"]}),
        (_("After the session"), {"fields": ["recap"]}),
        (_("SDGs"), {"fields": ["sdgs"]}),
    ]

    def series_of(self, obj):
        return obj.series

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "series":
            kwargs["queryset"] = _editable_series(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def view_on_site(self, obj):
        if obj.pk and obj.series.is_published:
            return obj.get_absolute_url()
        return None

    @admin.display(description=_("calendar version"))
    def calendar_version(self, obj):
        # The invite's SEQUENCE: it rises when the time or link changes or on cancellation.
        return obj.sequence if obj and obj.pk else "–"

    @admin.display(description=_("session"), ordering="title")
    def label(self, obj):
        return obj.title or gettext("(no title)")

    @admin.display(description=_("When"), ordering="starts_at")
    def when_display(self, obj):
        return when(obj)

    def save_model(self, request, obj, form, change):
        if not change:
            fields = {
                name: form.cleaned_data[name]
                for name in services.SESSION_FIELDS
                if name in form.cleaned_data
            }
            created = services.create_session(
                user=request.user,
                series=form.cleaned_data["series"],
                status=form.cleaned_data.get("status") or Session.Status.SCHEDULED,
                **{k: v for k, v in fields.items() if k not in {"starts_at", "ends_at"}},
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
            _adopt(obj, created)
            return
        changes = _concrete_changes(form, services.SESSION_FIELDS)
        if "series" in form.changed_data:
            # Moving a session between series is rare and not a calendar change.
            obj.save(update_fields=["series", "updated_at"])
        rescheduled = services.update_session(user=request.user, session=obj, **changes)
        if rescheduled:
            self.message_user(
                request,
                gettext(
                    "The time or join link changed: the calendar invitation is updated "
                    "(version %(sequence)s) and registrants are told."
                )
                % {"sequence": obj.sequence},
                messages.INFO,
            )
        if "status" in form.changed_data:
            services.change_session_status(
                user=request.user, session=obj, status=form.cleaned_data["status"]
            )
            if obj.status == Session.Status.CANCELLED:
                self.message_user(request, _cancelled_message(), messages.INFO)
        if "capacity" in form.changed_data and obj.status == Session.Status.SCHEDULED:
            # Through the reverse relation: the programme does not import registrations.
            seated = obj.registrations.filter(status="confirmed").count()
            if seated > obj.effective_capacity:
                self.message_user(
                    request,
                    gettext(
                        "%(seated)d people are already registered, more than the new capacity "
                        "of %(capacity)d. Nobody loses their seat; new sign-ups go to the "
                        "waiting list."
                    )
                    % {"seated": seated, "capacity": obj.effective_capacity},
                    messages.WARNING,
                )

    @admin.action(description=_("Cancel the selected sessions"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        self._status_action(request, queryset, Session.Status.CANCELLED)

    @admin.action(description=_("Mark the selected sessions as held"), permissions=["change"])
    def mark_selected_held(self, request, queryset):
        self._status_action(request, queryset, Session.Status.HELD)

    def _status_action(self, request, queryset, status):
        done = 0
        for session in queryset.select_related("series"):
            try:
                services.change_session_status(user=request.user, session=session, status=status)
            except services.ProgrammeError as error:
                self.message_user(request, f"{session}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d session changed.", "%(count)d sessions changed.", done)
                % {"count": done},
                messages.SUCCESS,
            )
            if status == Session.Status.CANCELLED:
                self.message_user(request, _cancelled_message(), messages.INFO)


def _cancelled_message():
    return gettext(
        "The registrants are told by email that the session is cancelled, and the webinar "
        "is withdrawn from their calendars."
    )


class AppearanceInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Appearance
    form = AppearanceInlineForm
    autocomplete_fields = ["person", "organisation"]
    extra = 1


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(SafeAutocompleteMixin, SeriesScopedAdmin):
    series_lookup = "session__series"
    inlines = [AppearanceInline]
    list_display = ["title", "session", "time", "speaker_names"]
    list_filter = [("session__series", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "appearances__person__name", "session__title"]
    autocomplete_fields = ["session"]
    readonly_fields = ["session_link"]
    fields = ["session", "session_link", "order", "time", "title", "description", "sdgs"]
    list_select_related = ["session__series"]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"class": "vLargeTextField"})}
    }

    def series_of(self, obj):
        return obj.session.series

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("appearances", queryset=Appearance.objects.select_related("person"))
            )
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "sdgs":
            kwargs["widget"] = SDGCheckboxes
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def view_on_site(self, obj):
        if obj.pk and obj.session.series.is_published:
            return obj.session.get_absolute_url()
        return None

    @admin.display(description=_("speakers"))
    def speaker_names(self, obj):
        return ", ".join(a.person.name for a in obj.appearances.all())

    @admin.display(description=_("Back to the session"))
    def session_link(self, obj):
        if not obj.pk:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:programme_session_change", args=[obj.session_id]),
            obj.session,
        )
