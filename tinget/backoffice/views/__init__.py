"""Organiser screens under /arrangoer/, one module per screen, plus the public feedback form
reached by a token. This package re-exports the views the URLconfs name.

Who may see what is decided in ``common.organiser_view`` and the look-ups next to it.
"""

from .approval import (
    approve_registration,
    decide_registrations,
    decline_registration,
)
from .attendance_report import (
    REPORT_ERRORS,
    attendance,
    attendance_confirm,
    attendance_mark,
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
from .email_texts import (
    email_text,
    email_text_list,
)
from .export import (
    export_csv,
    export_xlsx,
)
from .follow_up import (
    followup,
)
from .group_message import (
    message,
)
from .organisation_editor import (
    organisation_edit,
)
from .outbox import (
    outbox,
    outbox_retry,
)
from .programme_editor import (
    item_delete,
    item_edit,
    item_move,
    material_delete,
    material_edit,
    materials,
    person_edit,
    person_search,
    programme,
    speaker_add,
    speaker_edit,
    speaker_move,
    speaker_remove,
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
from .series_editor import (
    series_create,
    series_duplicate,
    series_edit,
    series_publish,
    series_questions,
)
from .session_editor import (
    session_cancel,
    session_create,
    session_duplicate,
    session_edit,
    session_held,
    session_reinstate,
)
from .team import (
    team,
    team_accept,
    team_invite,
    team_remove,
    team_revoke,
)

__all__ = [
    "PAGE_SIZE",
    "REPORT_ERRORS",
    "add_registration",
    "approve_registration",
    "attendance",
    "attendance_confirm",
    "attendance_mark",
    "cancel_registration",
    "decide_registrations",
    "decline_registration",
    "email_text",
    "email_text_list",
    "export_csv",
    "export_xlsx",
    "feedback",
    "followup",
    "home",
    "item_delete",
    "item_edit",
    "item_move",
    "link",
    "material_delete",
    "material_edit",
    "materials",
    "message",
    "organisation_edit",
    "organiser_view",
    "outbox",
    "outbox_retry",
    "person_edit",
    "person_search",
    "programme",
    "promote_registration",
    "registrants",
    "registration_detail",
    "series_create",
    "series_dashboard",
    "series_duplicate",
    "series_edit",
    "series_publish",
    "series_questions",
    "session_cancel",
    "session_create",
    "session_dashboard",
    "session_duplicate",
    "session_edit",
    "session_held",
    "session_reinstate",
    "speaker_add",
    "speaker_edit",
    "speaker_move",
    "speaker_remove",
    "team",
    "team_accept",
    "team_invite",
    "team_remove",
    "team_revoke",
]
