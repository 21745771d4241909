"""Shared reference data: people and organisations (changed as permissions allow),
municipalities and SDGs (read-only)."""

from django.contrib import admin

from ..forms import (
    OrganisationAdminForm,
    PersonAdminForm,
)
from ..models import (
    SDG,
    Municipality,
    Organisation,
    Person,
)
from ..permissions import (
    can_edit_organisation,
    can_edit_person,
)
from ..services import records
from .common import PublicLinkMixin, SafeAutocompleteMixin


class SharedRecordAdmin(admin.ModelAdmin):
    """People and organisations: shown to every organiser, changed only as
    `tinget.programme.services.records` allows (never by a viewer), every change audited."""

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
class PersonAdmin(SafeAutocompleteMixin, PublicLinkMixin, SharedRecordAdmin):
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
class OrganisationAdmin(SafeAutocompleteMixin, PublicLinkMixin, SharedRecordAdmin):
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
