"""What each kind of email a registrant or subscriber gets is called on the organisers'
screens (the outbox, the email texts). The key is the outbox row's ``template``."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "confirm_email_to_registrant": _("Confirm your email address"),
    "registered_to_registrant": _("You are registered"),
    "waitlisted_to_registrant": _("On the waiting list"),
    "promoted_to_registrant": _("Moved up from the waiting list"),
    "cancelled_to_registrant": _("Registration cancelled"),
    "already_registered_to_registrant": _("Already signed up"),
    "awaiting_approval_to_registrant": _("Awaiting approval"),
    "declined_to_registrant": _("Sign-up declined"),
    "session_changed_to_registrant": _("Session changed"),
    "session_cancelled_to_registrant": _("Session cancelled"),
    "reminder_24h_to_registrant": _("Reminder the day before"),
    "reminder_1h_to_registrant": _("Reminder an hour before"),
    "followup_attended_to_registrant": _("Follow-up: thank you for taking part"),
    "followup_missed_to_registrant": _("Follow-up: sorry we missed you"),
    "organiser_message_to_registrant": _("Message from the organisers"),
    "subscription_confirm_to_subscriber": _("Confirm following the series"),
    "subscription_confirmed_to_subscriber": _("Following the series"),
}


def label(template: str) -> str:
    """The organiser's name for a kind of email; the template name when it has none."""
    return str(LABELS.get(template, template))
