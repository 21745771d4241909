from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "tinget.registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from . import reactions, signals  # noqa: F401, PLC0415 — receivers and checks connect once the app registry is ready
