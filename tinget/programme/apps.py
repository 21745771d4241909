from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "tinget.programme"
    verbose_name = _("Programme")

    def ready(self):
        # Cache invalidation for the public pages (see signals.py) and the system checks.
        from . import checks, signals  # noqa: F401, PLC0415 — receivers and checks connect once the app registry is ready
