from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "tinget.integrations"
    verbose_name = _("Integrations")

    def ready(self):
        from . import hooks  # noqa: PLC0415 — receivers and checks connect once the app registry is ready

        hooks.connect()
