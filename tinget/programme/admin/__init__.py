"""The organisers' Django admin, in Danish, one module per group of pages.

Organisers (staff users with Membership rows, in the "Organisers" group) see and change only
the series their organisations take part in, and those series' sessions, items and materials;
anything else answers 404. People and organisations are shared reference data. Writes that
change a lifecycle (creating, publishing, rescheduling, cancelling) go through the services so
they are audited and reach the calendar invites.

Importing this package registers every page (``common``, ``series``, ``sessions``,
``reference``, ``accounts``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import accounts, reference, series, sessions  # noqa: F401 — registers the pages

admin.site.site_header = _("Tinget administration")
admin.site.site_title = _("Tinget administration")
admin.site.index_title = _("Series, sessions and speakers")
