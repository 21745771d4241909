from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    name = "tinget.mailings"
    verbose_name = _("Mailings")

    def ready(self):
        # Organisers may read the outbox of their own series (the admin scopes the rows).
        from tinget.programme.services import ORGANISER_PERMISSIONS

        ORGANISER_PERMISSIONS.setdefault("mailings.outboundemail", ("view",))
