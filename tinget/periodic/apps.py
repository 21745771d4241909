from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeriodicConfig(AppConfig):
    """The project's periodic round and its `tinget tick` command (no models)."""

    name = "tinget.periodic"
    verbose_name = _("Periodic work")
