"""Sign-up, confirmation, the waiting list and series subscriptions: every write lives here.

One module per concern; this package re-exports the public names, so
``from tinget.registrations.services import register_for_session`` keeps working.

- ``common``: errors, the registrant's input, locks and the audit entry.
- ``seats``: seats and the waiting list under the session lock; capacity changes.
- ``signup``: signing up for one session, confirming, cancelling, expiring.
- ``subscriptions``: series subscriptions ("Tilmeld hele rækken").
- ``personal_data``: changing details, export, erasure, retention.
- ``organiser``: what organisers do by hand from the back office.
- ``approval``: approving or declining sign-ups for sessions that need approval.
- ``messages``: organisers' messages and follow-ups to registrants, and their feedback.
- ``email_texts``: the series' own email texts (save, reset, send a test).
- ``outbox``: sending a failed email of a series again.
- ``attendance``: recording a Teams attendance report (the parser is ``registrations.attendance``).

Emails. Services call ``tinget.registrations.notifications``, whose functions store the email
in the outbox when the transaction commits; a rolled-back decision sends nothing.

Audit. Every status change writes a ``programme.AuditEntry`` (ids and statuses, never personal
data), with the acting user when an organiser did it.
"""

from .approval import (
    NotAwaitingApproval,
    approve_registration,
    decide_registrations,
    decline_registration,
)
from .attendance import (
    AttendanceMarkError,
    AttendanceReportMismatch,
    ImportResult,
    Mismatch,
    import_participants,
    import_report,
    link_participant,
    mark_attendance,
    report_mismatches,
)
from .common import (
    ACTIVE_STATUSES,
    DETAIL_FIELDS,
    EDITABLE_FIELDS,
    STATE_FIELDS,
    AlreadyRegistered,
    ConfirmationExpired,
    Registrant,
    RegistrationError,
    SessionFull,
    SignupClosed,
    SignupDeadlinePassed,
    Status,
    SubStatus,
    normalise_email,
    require_signup_open,
    session_open,
    signup_open,
)
from .email_texts import reset_email_text, save_email_text, send_test_email
from .join import JoinState, join_state, opens_at, record_join_opened
from .messages import (
    SessionNotOver,
    followup_content,
    message_key,
    record_feedback,
    send_followups,
    send_message_to_group,
)
from .optout import opt_out_of_group_mail
from .organiser import (
    add_registration_by_organiser,
    cancel_by_organiser,
    promote_by_organiser,
    record_past_registration,
)
from .outbox import NotFailed, retry_failed_email
from .personal_data import (
    apply_retention,
    delete_my_data,
    export_my_data,
    renew_feed_token,
    update_registrant_details,
)
from .questions import add_question, delete_question
from .seats import (
    change_capacity,
    promote_from_waitlist,
    rebalance_session,
    sessions_to_rebalance,
)
from .signup import (
    cancel_registration,
    confirm_registration,
    expire_unconfirmed,
    register_for_session,
)
from .subscriptions import (
    cancel_subscription,
    confirm_subscription,
    register_subscribers_for_session,
    subscribe_to_series,
)

__all__ = [
    "ACTIVE_STATUSES",
    "DETAIL_FIELDS",
    "EDITABLE_FIELDS",
    "STATE_FIELDS",
    "AlreadyRegistered",
    "AttendanceMarkError",
    "AttendanceReportMismatch",
    "ConfirmationExpired",
    "ImportResult",
    "JoinState",
    "Mismatch",
    "NotAwaitingApproval",
    "NotFailed",
    "Registrant",
    "RegistrationError",
    "SessionFull",
    "SessionNotOver",
    "SignupClosed",
    "SignupDeadlinePassed",
    "Status",
    "SubStatus",
    "add_question",
    "add_registration_by_organiser",
    "apply_retention",
    "approve_registration",
    "cancel_by_organiser",
    "cancel_registration",
    "cancel_subscription",
    "change_capacity",
    "confirm_registration",
    "confirm_subscription",
    "decide_registrations",
    "decline_registration",
    "delete_my_data",
    "delete_question",
    "expire_unconfirmed",
    "export_my_data",
    "followup_content",
    "import_participants",
    "import_report",
    "join_state",
    "link_participant",
    "mark_attendance",
    "message_key",
    "normalise_email",
    "opens_at",
    "opt_out_of_group_mail",
    "promote_by_organiser",
    "promote_from_waitlist",
    "rebalance_session",
    "record_feedback",
    "record_join_opened",
    "record_past_registration",
    "register_for_session",
    "register_subscribers_for_session",
    "renew_feed_token",
    "report_mismatches",
    "require_signup_open",
    "reset_email_text",
    "retry_failed_email",
    "save_email_text",
    "send_followups",
    "send_message_to_group",
    "send_test_email",
    "session_open",
    "sessions_to_rebalance",
    "signup_open",
    "subscribe_to_series",
    "update_registrant_details",
]
