"""How registrations reacts to what the programme announces (``tinget.events``).

Subscribed once at start-up (``RegistrationsConfig.ready``). The emails go out after the
programme's transaction commits; a rolled-back change tells nobody.
"""

from tinget import events

from . import notifications


@events.subscriber(events.SessionRescheduled, after_commit=True)
def _send_updated_invites(event: events.SessionRescheduled) -> None:
    notifications.session_changed(event.session_id)


@events.subscriber(events.SessionReinstated, after_commit=True)
def _send_reinstated_invites(event: events.SessionReinstated) -> None:
    notifications.session_changed(event.session_id)


@events.subscriber(events.SessionCancelled, after_commit=True)
def _send_cancellations(event: events.SessionCancelled) -> None:
    notifications.session_cancelled(event.session_id)
