"""The series admin page: partners and extra questions inline; lifecycle through services."""

from django.contrib import admin, messages
from django.db.models import Count, Min, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..forms import (
    SeriesAdminForm,
    SeriesPartnerFormSet,
    SeriesPartnerInlineForm,
)
from ..models import (
    Series,
    SeriesPartner,
    Session,
)
from .common import (
    PublicLinkMixin,
    SafeAutocompleteMixin,
    SeriesScopedAdmin,
    _adopt,
    _concrete_changes,
    when,
)


class SeriesPartnerInline(SafeAutocompleteMixin, admin.TabularInline):
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


@admin.register(Series)
class SeriesAdmin(SafeAutocompleteMixin, PublicLinkMixin, SeriesScopedAdmin):
    form = SeriesAdminForm
    # registrations/admin.py adds the extra questions of the sign-up form.
    inlines = [SeriesPartnerInline]
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
            {
                "fields": [
                    "is_free",
                    "platform",
                    "contact_email",
                    "contact_phone",
                    "default_capacity",
                ]
            },
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
