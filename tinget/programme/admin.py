"""The organisers' Django admin, in Danish.

Organisers (staff users with Membership rows, in the "Organisers" group) see and change only
the series their organisations take part in, and those series' sessions, items and materials;
anything else answers 404. People and organisations are shared reference data. Writes that
change a lifecycle (creating, publishing, rescheduling, cancelling) go through services.py so
they are audited and reach the calendar invites.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Min, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tinget.registrations.models import Registration, SeriesQuestion

from . import records, services
from .forms import (
    AppearanceInlineForm,
    OrganisationAdminForm,
    PersonAdminForm,
    SDGCheckboxes,
    SeriesAdminForm,
    SeriesPartnerFormSet,
    SeriesPartnerInlineForm,
    SessionAdminForm,
)
from .models import (
    SDG,
    Appearance,
    AuditEntry,
    Material,
    Membership,
    Municipality,
    Organisation,
    Person,
    ProgrammeItem,
    Series,
    SeriesPartner,
    Session,
)
from .permissions import (
    can_edit_organisation,
    can_edit_person,
    can_edit_series,
    series_for_user,
)

admin.site.site_header = _("Tinget administration")
admin.site.site_title = _("Tinget administration")
admin.site.index_title = _("Series, sessions and speakers")


def when(session: Session) -> str:
    """ "1. november 2026 kl. 09.00-10.00" in Europe/Copenhagen."""
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    return gettext("%(date)s at %(start)s-%(end)s") % {
        "date": date_format(start, "j. F Y"),
        "start": start.strftime("%H.%M"),
        "end": end.strftime("%H.%M"),
    }


def _adopt(obj, saved) -> None:
    """Make the admin's unsaved instance the row a service just created.

    The admin goes on to save the form's many-to-many data and the inlines against its own
    instance, so that instance must carry the new primary key and stored values.
    """
    for model_field in saved._meta.concrete_fields:
        setattr(obj, model_field.attname, getattr(saved, model_field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


def _concrete_changes(form, allowed: set[str]) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in allowed}


class PublicLinkMixin:
    @admin.display(description=_("Public page"))
    def public_link(self, obj):
        url = self.view_on_site(obj)
        if not url:
            return "–"
        return format_html('<a href="{}">{}</a>', url, gettext("See public page"))


class SeriesScopedAdmin(admin.ModelAdmin):
    """Rows reachable from a series the user may edit; others do not exist for them (404)."""

    # The lookup from this model to Series ("pk" for Series itself).
    series_lookup = "pk"

    def series_of(self, obj) -> Series | None:
        return obj

    def scope(self, request, queryset):
        if request.user.is_superuser:
            return queryset
        editable = series_for_user(request.user, personal_data=True).values("pk")
        return queryset.filter(**{f"{self.series_lookup}__in": editable})

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def _in_scope(self, request, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        series = self.series_of(obj)
        return series is not None and can_edit_series(request.user, series)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def _404_unless_visible(self, request, object_id):
        # The stock admin redirects to the index with "doesn't exist"; a plain 404 says the
        # same without a hint, and never renders the other organisation's data.
        try:
            pk = self.opts.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        if not self.get_queryset(request).filter(pk=pk).exists():
            raise Http404

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._404_unless_visible(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._404_unless_visible(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._404_unless_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)


def _editable_series(request):
    if request.user.is_superuser:
        return Series.objects.all()
    return Series.objects.filter(
        pk__in=series_for_user(request.user, personal_data=True).values("pk")
    )


# --- series --------------------------------------------------------------------------------


class SeriesPartnerInline(admin.TabularInline):
    model = SeriesPartner
    form = SeriesPartnerInlineForm
    formset = SeriesPartnerFormSet
    autocomplete_fields = ["organisation"]
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request_user = request.user
        return formset


class SeriesQuestionInline(admin.TabularInline):
    """Extra questions on the series' sign-up form (short text, choice, yes/no)."""

    model = SeriesQuestion
    extra = 0
    fields = ["order", "label", "kind", "choices", "required"]


@admin.register(Series)
class SeriesAdmin(PublicLinkMixin, SeriesScopedAdmin):
    form = SeriesAdminForm
    inlines = [SeriesPartnerInline, SeriesQuestionInline]
    list_display = [
        "title",
        "status",
        "partner_list",
        "session_count",
        "next_session",
        "public_link",
    ]
    list_filter = ["status", ("partners", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "slug", "partners__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["moderator"]
    readonly_fields = ["session_list", "created_at", "updated_at"]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "description", "moderator"]}),
        (
            _("Taking part"),
            {"fields": ["is_free", "platform", "contact_email", "default_capacity"]},
        ),
        (_("Reminders"), {"fields": ["remind_24h", "remind_1h"]}),
        (_("SDGs"), {"fields": ["sdgs"]}),
        (_("Sessions"), {"fields": ["session_list"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_sessions=Count("sessions", distinct=True),
                next_start=Min(
                    "sessions__starts_at",
                    filter=Q(
                        sessions__starts_at__gte=timezone.now(),
                        sessions__status=Session.Status.SCHEDULED,
                    ),
                ),
            )
            .prefetch_related(
                Prefetch(
                    "partnerships",
                    queryset=SeriesPartner.objects.select_related("organisation"),
                )
            )
        )

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.pk and obj.is_published else None

    @admin.display(description=_("partners"))
    def partner_list(self, obj):
        return ", ".join(p.organisation.name for p in obj.partnerships.all())

    @admin.display(description=_("Sessions"), ordering="n_sessions")
    def session_count(self, obj):
        return obj.n_sessions

    @admin.display(description=_("Next session"), ordering="next_start")
    def next_session(self, obj):
        if not obj.next_start:
            return "–"
        return date_format(timezone.localtime(obj.next_start), "j. F Y H.i")

    @admin.display(description=_("Sessions"))
    def session_list(self, obj):
        if not obj or not obj.pk:
            return gettext("Save the series first, then add its sessions.")
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> – {} ({})</li>',
            (
                (
                    reverse("admin:programme_session_change", args=[session.pk]),
                    session.title or gettext("(no title)"),
                    when(session),
                    session.get_status_display(),
                )
                for session in obj.sessions.all()
            ),
        )
        add = format_html(
            '<a class="addlink" href="{}?series={}">{}</a>',
            reverse("admin:programme_session_add"),
            obj.pk,
            gettext("Add a session"),
        )
        if not rows:
            return add
        return format_html("<ul>{}</ul>{}", rows, add)

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.SERIES_FIELDS
            if name in form.cleaned_data
        }
        if not change:
            created = services.create_series(user=request.user, **fields)
            _adopt(obj, created)
        else:
            services.update_series(
                user=request.user,
                series=obj,
                **_concrete_changes(form, services.SERIES_FIELDS),
            )
        wanted = form.cleaned_data.get("status")
        if wanted == Series.Status.PUBLISHED and (not change or "status" in form.changed_data):
            services.publish_series(user=request.user, series=obj)
        elif change and "status" in form.changed_data:
            services.unpublish_series(user=request.user, series=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not SeriesPartner:
            return super().save_formset(request, form, formset, change)
        # create_series may already have added the organiser's own organisation; a row for
        # it in the form updates that partnership instead of colliding with it.
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for instance in instances:
            if instance.pk is None:
                existing = SeriesPartner.objects.filter(
                    series=instance.series, organisation=instance.organisation
                ).first()
                if existing is not None:
                    instance.pk = existing.pk
                    instance._state.adding = False
            instance.save()
        formset.save_m2m()

    @admin.action(description=_("Publish the selected series"), permissions=["change"])
    def publish_selected(self, request, queryset):
        for series in queryset:
            services.publish_series(user=request.user, series=series)
        self.message_user(
            request,
            ngettext("%(count)d series published.", "%(count)d series published.", len(queryset))
            % {"count": len(queryset)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Take the selected series back to draft"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        for series in queryset:
            services.unpublish_series(user=request.user, series=series)
        self.message_user(
            request,
            ngettext(
                "%(count)d series is a draft again.",
                "%(count)d series are drafts again.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )


# --- sessions ------------------------------------------------------------------------------


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
            seated = Registration.objects.filter(
                session=obj, status=Registration.Status.CONFIRMED
            ).count()
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


class AppearanceInline(admin.TabularInline):
    model = Appearance
    form = AppearanceInlineForm
    autocomplete_fields = ["person", "organisation"]
    extra = 1


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(SeriesScopedAdmin):
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


# --- shared reference data: people, organisations, municipalities, SDGs ---------------------


class SharedRecordAdmin(admin.ModelAdmin):
    """People and organisations: shown to every organiser, changed only as
    `tinget.programme.records` allows (never by a viewer), every change audited."""

    # can_edit_person or can_edit_organisation (user, record) -> bool
    may_edit = None

    def _may_edit(self, request, obj) -> bool:
        return type(self).may_edit(request.user, obj or self.model())

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._may_edit(request, None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    def delete_model(self, request, obj):
        records.delete_records(user=request.user, records=[obj])

    def delete_queryset(self, request, queryset):
        records.delete_records(user=request.user, records=queryset)


@admin.register(Person)
class PersonAdmin(PublicLinkMixin, SharedRecordAdmin):
    form = PersonAdminForm
    list_display = ["name", "role", "organisation", "public_link"]
    search_fields = ["name", "role", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    prepopulated_fields = {"slug": ["name"]}

    may_edit = can_edit_person

    def save_model(self, request, obj, form, change):
        records.save_person(user=request.user, person=obj)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.pk else None


@admin.register(Organisation)
class OrganisationAdmin(PublicLinkMixin, SharedRecordAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "municipality", "website", "public_link"]
    list_filter = ["kind"]
    search_fields = ["name", "municipality__name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    prepopulated_fields = {"slug": ["name"]}

    may_edit = can_edit_organisation

    def save_model(self, request, obj, form, change):
        records.save_organisation(user=request.user, organisation=obj)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.pk else None


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["code", "official_name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "official_name", "code"]


@admin.register(SDG)
class SDGAdmin(ReadOnlyAdmin):
    list_display = ["number", "title_da", "title_en", "colour"]
    search_fields = ["title_da", "title_en"]


# --- organisers and the audit log ----------------------------------------------------------


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A membership is only useful with staff access and the organisers' permissions.
        services.grant_organiser_access(user=request.user, organiser=obj.user)


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["organisation"]
    extra = 0


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class TingetUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        # Memberships only work with staff access and the organisers' permissions.
        if not user.is_superuser and user.memberships.exists():
            services.grant_organiser_access(user=request.user, organiser=user)


class ActionFilter(admin.AllValuesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = gettext("action")


@admin.register(AuditEntry)
class AuditEntryAdmin(SeriesScopedAdmin):
    """The audit log, read-only. Organisers see the entries of their own series."""

    series_lookup = "series"
    list_display = ["when", "actor_name", "action_name", "object_label", "series"]
    list_filter = [("action", ActionFilter), ("series", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["action", "object_id", "series__title"]
    list_select_related = ["actor", "series"]
    fields = ["when", "actor_name", "action_name", "object_label", "series", "people", "details"]
    readonly_fields = fields

    def series_of(self, obj):
        return obj.series

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("When"), ordering="created_at")
    def when(self, obj):
        return date_format(timezone.localtime(obj.created_at), "j. F Y H.i.s")

    @admin.display(description=_("who"), ordering="actor__username")
    def actor_name(self, obj):
        return obj.actor.get_username() if obj.actor else gettext("the system")

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, obj):
        return obj.action

    @admin.display(description=_("object"))
    def object_label(self, obj):
        return f"{obj.object_type} {obj.object_id}".strip()

    @admin.display(description=_("people"))
    def people(self, obj):
        return obj.people_count

    @admin.display(description=_("details"))
    def details(self, obj):
        return format_html(
            "<pre>{}</pre>", json.dumps(obj.detail, indent=2, ensure_ascii=False, sort_keys=True)
        )
