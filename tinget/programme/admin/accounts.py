"""Organisers' memberships, the user admin with them inline, and the audit log."""

import json

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import (
    AuditEntry,
    Membership,
)
from .common import SafeAutocompleteMixin, SeriesScopedAdmin


@admin.register(Membership)
class MembershipAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A membership is only useful with staff access and the organisers' permissions.
        services.grant_organiser_access(user=request.user, organiser=obj.user)


class MembershipInline(SafeAutocompleteMixin, admin.TabularInline):
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
