"""Django admin for registrations: for looking things up. Statuses change only through the
services (the admin actions call them), so the seat rules and the audit log always apply."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tinget.programme.admin.series import SeriesAdmin

from . import (
    outbox_admin,  # noqa: F401 — registers the outbox's admin page, scoped to registrants
    services,
)
from .models import Registration, SeriesQuestion, SeriesSubscription


class SeriesQuestionInline(admin.TabularInline):
    """Extra questions on the series' sign-up form (short text, choice, yes/no)."""

    model = SeriesQuestion
    extra = 0
    fields = ["order", "label", "kind", "choices", "required"]


# The series admin page edits the sign-up form's questions too. Added from here because
# registrations knows the programme, not the other way round (docs/DESIGN.md, Layers).
SeriesAdmin.inlines = [*SeriesAdmin.inlines, SeriesQuestionInline]

LIFECYCLE_FIELDS = (
    "status",
    "token",
    "created_at",
    "confirmed_at",
    "waitlisted_at",
    "promoted_at",
    "cancelled_at",
    "erased_at",
    "consent_text",
    "consented_at",
    "invite_sequence",
)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("email", "name", "session", "status", "organisation", "created_at")
    list_filter = ("status", "organisation_kind", "session__series")
    search_fields = ("email", "name", "organisation")
    list_select_related = ("session__series",)
    raw_id_fields = ("session", "subscription", "municipality")
    readonly_fields = LIFECYCLE_FIELDS
    actions = ("cancel_selected", "promote_selected")

    def has_add_permission(self, request):
        # Adding by hand goes through the back office (add_registration_by_organiser).
        return False

    def _run(self, request, queryset, function, done_message):
        done = 0
        for registration in queryset:
            try:
                function(registration_id=registration.pk, actor=request.user)
                done += 1
            except (services.RegistrationError, PermissionDenied) as error:
                message = getattr(error, "message", _("Not allowed."))
                self.message_user(request, f"{registration.email}: {message}", messages.WARNING)
        self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Cancel the selected registrations"))
    def cancel_selected(self, request, queryset):
        self._run(
            request,
            queryset,
            services.cancel_by_organiser,
            lambda n: (
                ngettext("%(n)d registration cancelled.", "%(n)d registrations cancelled.", n)
                % {"n": n}
            ),
        )

    @admin.action(description=_("Move the selected people up from the waiting list"))
    def promote_selected(self, request, queryset):
        self._run(
            request,
            queryset,
            services.promote_by_organiser,
            lambda n: ngettext("%(n)d person moved up.", "%(n)d people moved up.", n) % {"n": n},
        )


@admin.register(SeriesSubscription)
class SeriesSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("email", "name", "series", "status", "created_at")
    list_filter = ("status", "series")
    search_fields = ("email", "name", "organisation")
    raw_id_fields = ("municipality",)
    readonly_fields = (
        "status",
        "token",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "consent_text",
        "consented_at",
    )

    def has_add_permission(self, request):
        return False
