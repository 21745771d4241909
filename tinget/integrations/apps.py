from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "tinget.integrations"
    verbose_name = _("Integrations")

    def ready(self):
        # Inline: the app registry must be ready before the models these import.
        from . import hooks

        hooks.connect()
