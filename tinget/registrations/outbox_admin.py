"""The organisers' outbox: every email Tinget stored, read-only (the outbox is a record).

Superusers see every row; organisers (the Organisers group has the view permission) see the
emails to registrants of the series where they may see personal data. It lives here, not in
the generic `mailings` app, because that scoping is about registrants. Registered by
`registrations/admin.py`.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tinget.mailings.models import OutboundEmail
from tinget.programme.permissions import series_for_user


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "template", "language")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    list_per_page = 50
    fields = (
        "to",
        "reply_to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "template",
        "language",
        "attachment_names",
        "body_text",
    )
    readonly_fields = fields

    @admin.display(description=_("attachments"))
    def attachment_names(self, obj):
        return ", ".join(a.get("filename", "") for a in obj.attachments) or "—"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("registration")
        if request.user.is_superuser:
            return queryset
        # An organiser sees the emails to registrants of series they may see people in.
        return queryset.filter(
            registration__session__series__in=series_for_user(request.user, personal_data=True)
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
