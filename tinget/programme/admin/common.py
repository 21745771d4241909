"""What the programme's admin pages share: scoping to the user's series, public links."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import (
    Series,
    Session,
)
from ..permissions import (
    can_edit_series,
    series_for_user,
)


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


class _SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks the posted value up to show it again; a value that
    is not a key at all (a hostile post) made that lookup raise, a 500. Leave such values out:
    the form already answers them with a field error."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field
        key = target.model._meta.get_field(getattr(target, "field_name", None) or "pk")
        valid = []
        for item in value:
            try:
                clean = key.to_python(item)
            except ValidationError:
                continue
            if isinstance(clean, int) and not -(2**63) <= clean < 2**63:
                continue  # no database key is that large (SQLite would overflow)
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteMixin:
    """For admin pages and inlines with autocomplete_fields (see _SafeAutocompleteSelect)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = _SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
