"""Writes for the programme: series, sessions, programme items, speakers and organisations.

Every function takes keyword-only arguments and the acting user explicitly. ``user=None``
means the system itself (the demo loader, a data migration) and skips the permission check;
any other user must be allowed to edit the series by ``permissions.can_edit_series``.

Field problems raise Django's ``ValidationError`` (with a field dict, so forms and the API can
show them next to the field); broken rules raise ``ProgrammeError`` or one of its subclasses,
whose message is translated and fit to show an organiser. Lifecycle changes (create, publish,
time or link change, cancel, held, import) are written to ``AuditEntry``; what happened to a
session is announced as a domain event (``tinget.events``).

One module per concern; this package re-exports the public names:
``common`` (errors, fields), ``organisations`` (organisations and people), ``series``,
``sessions``, ``items`` (programme items and speakers), ``organisers`` (accounts and the
Organisers group), ``team`` (an organisation's team: invitations and members), ``records``
(shared organisations and people, changed as permissions allow). The importer's mapping
lives in ``tinget.announcements.mapping``.
"""

from .common import (
    SCHEDULE_FIELDS,
    SERIES_FIELDS,
    SESSION_FIELDS,
    InvalidImport,
    InvalidStatusChange,
    NotAllowed,
    ProgrammeError,
    unique_slug,
)
from .items import (
    add_appearance,
    add_programme_item,
)
from .organisations import (
    find_municipality,
    get_or_create_organisation,
    get_or_create_person,
    infer_organisation_kind,
)
from .organisers import (
    ORGANISER_PERMISSIONS,
    ORGANISERS_GROUP,
    create_organiser,
    ensure_organiser_group,
    grant_organiser_access,
)
from .programme_editing import (
    add_material,
    add_speaker,
    delete_item,
    delete_material,
    move_item,
    move_speaker,
    remove_speaker,
    save_item,
    update_material,
    update_person,
    update_speaker,
)
from .records import (
    delete_records,
    save_organisation,
    save_person,
    update_organisation,
)
from .series import (
    add_series_partner,
    create_series,
    ensure_organiser_partner,
    publish_series,
    unpublish_series,
    update_series,
)
from .series_editing import (
    create_series_with_partners,
    duplicate_series,
    update_series_with_partners,
)
from .session_changes import (
    ScheduleChange,
    duplicate_session,
    edit_session,
    reschedule_session,
    schedule_change,
    update_session_details,
)
from .sessions import (
    cancel_session,
    change_session_status,
    check_session_status_change,
    create_session,
    mark_session_held,
    reinstate_session,
    update_session,
)
from .team import (
    InvitationUnusable,
    TeamError,
    accept_invitation,
    accept_invitation_as,
    invite_member,
    open_invitation,
    remove_member,
    revoke_invitation,
)

__all__ = [
    "ORGANISERS_GROUP",
    "ORGANISER_PERMISSIONS",
    "SCHEDULE_FIELDS",
    "SERIES_FIELDS",
    "SESSION_FIELDS",
    "InvalidImport",
    "InvalidStatusChange",
    "InvitationUnusable",
    "NotAllowed",
    "ProgrammeError",
    "ScheduleChange",
    "TeamError",
    "accept_invitation",
    "accept_invitation_as",
    "add_appearance",
    "add_material",
    "add_programme_item",
    "add_series_partner",
    "add_speaker",
    "cancel_session",
    "change_session_status",
    "check_session_status_change",
    "create_organiser",
    "create_series",
    "create_series_with_partners",
    "create_session",
    "delete_item",
    "delete_material",
    "delete_records",
    "duplicate_series",
    "duplicate_session",
    "edit_session",
    "ensure_organiser_group",
    "ensure_organiser_partner",
    "find_municipality",
    "get_or_create_organisation",
    "get_or_create_person",
    "grant_organiser_access",
    "infer_organisation_kind",
    "invite_member",
    "mark_session_held",
    "move_item",
    "move_speaker",
    "open_invitation",
    "publish_series",
    "reinstate_session",
    "remove_member",
    "remove_speaker",
    "reschedule_session",
    "revoke_invitation",
    "save_item",
    "save_organisation",
    "save_person",
    "schedule_change",
    "unique_slug",
    "unpublish_series",
    "update_material",
    "update_organisation",
    "update_person",
    "update_series",
    "update_series_with_partners",
    "update_session",
    "update_session_details",
    "update_speaker",
]
