"""API tokens per partner organisation, and the origins allowed to embed a series' widget."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tinget.programme.models import Organisation, Series


class Scope(models.TextChoices):
    READ_REGISTRATIONS = "registrations:read", _("Read registrations")
    WRITE_REGISTRATIONS = "registrations:write", _("Add and cancel registrations")
    READ_ATTENDANCE = "attendance:read", _("Read attendance")


class ApiToken(models.Model):
    """A secret an organisation's systems send as `Authorization: Bearer <token>`.

    Only the SHA-256 of the token is stored; the token itself is shown once, when it is made.
    `prefix` (its first characters) lets people tell their tokens apart. A token acts for the
    editor who made it and reaches only the series its organisation takes part in.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "-created_at", "id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels[scope]) for scope in self.scopes if scope in labels]


class EmbedOrigin(models.Model):
    """A website (scheme, host and port) whose pages may embed the series' widget."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="embed_origins")
    origin = models.CharField(_("origin"), max_length=300)

    class Meta:
        ordering = ["origin"]
        constraints = [
            models.UniqueConstraint(fields=["series", "origin"], name="unique_embed_origin")
        ]

    def __str__(self):
        return self.origin
