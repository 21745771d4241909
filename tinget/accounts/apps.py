from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tinget.accounts"
    verbose_name = _("Organiser accounts")

    def ready(self):
        # Signal receivers and system checks register on import.
        from . import checks, signals  # noqa: F401, PLC0415 — receivers and checks connect once the app registry is ready
