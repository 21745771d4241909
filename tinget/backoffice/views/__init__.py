"""Organiser screens under /arrangoer/, one module per screen, plus the public feedback form
reached by a token. This package re-exports the views the URLconfs name.

Who may see what is decided in ``common.organiser_view`` and the look-ups next to it.
"""

from .attendance_report import (
    REPORT_ERRORS,
    attendance,
    link,
)
from .common import (
    PAGE_SIZE,
    organiser_view,
)
from .dashboards import (
    home,
    series_dashboard,
    session_dashboard,
)
from .export import (
    export_csv,
    export_xlsx,
)
from .follow_up import (
    FOLLOWUP_TEMPLATES,
    followup,
)
from .group_message import (
    MESSAGE_TEMPLATE,
    message,
)
from .public_feedback import (
    feedback,
)
from .registrant_list import (
    add_registration,
    cancel_registration,
    promote_registration,
    registrants,
)
from .registration_detail import (
    registration_detail,
)

__all__ = [
    "FOLLOWUP_TEMPLATES",
    "MESSAGE_TEMPLATE",
    "PAGE_SIZE",
    "REPORT_ERRORS",
    "add_registration",
    "attendance",
    "cancel_registration",
    "export_csv",
    "export_xlsx",
    "feedback",
    "followup",
    "home",
    "link",
    "message",
    "organiser_view",
    "promote_registration",
    "registrants",
    "registration_detail",
    "series_dashboard",
    "session_dashboard",
]
