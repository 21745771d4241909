"""How registrations reacts to what the programme announces (``tinget.events``).

Subscribed once at start-up (``RegistrationsConfig.ready``), in this order:

- Seats, synchronously inside the programme's transaction (all or nothing with the change):
  a new upcoming session registers every active series subscriber ("Tilmeld hele rækken"
  includes sessions added later); a changed capacity, a moved or a reinstated session gives
  free seats to the waiting list at once. Sessions nobody waits for cost one query, no lock.
- Settings: a series copied for the next season gets the source's extra sign-up questions.
- Emails, after the programme's transaction commits (a rolled-back change tells nobody):
  updated invites for a moved or reinstated session, cancellations for a cancelled one.
"""

from tinget import events

from . import notifications, services
from .models import EmailText, SeriesQuestion


@events.subscriber(events.SeriesDuplicated)
def _copy_questions(event: events.SeriesDuplicated) -> None:
    SeriesQuestion.objects.bulk_create(
        SeriesQuestion(
            series_id=event.series_id,
            label=question.label,
            kind=question.kind,
            choices=question.choices,
            required=question.required,
            order=question.order,
        )
        for question in SeriesQuestion.objects.filter(series_id=event.source_id)
    )


@events.subscriber(events.SeriesDuplicated)
def _copy_email_texts(event: events.SeriesDuplicated) -> None:
    """The next season speaks with the same words (the organisers' own email texts)."""
    EmailText.objects.bulk_create(
        EmailText(
            series_id=event.series_id,
            event=text.event,
            language=text.language,
            subject=text.subject,
            body=text.body,
        )
        for text in EmailText.objects.filter(series_id=event.source_id)
    )


@events.subscriber(events.SessionCreated)
def _register_subscribers(event: events.SessionCreated) -> None:
    services.register_subscribers_for_session(session_id=event.session_id)


def _rebalance(*, series_id: int, session_id: int | None) -> None:
    if session_id is not None:
        waiting = services.sessions_to_rebalance(session_id=session_id)
    else:
        waiting = services.sessions_to_rebalance(series_id=series_id, capacity_from_series=True)
    for waiting_session_id in waiting:
        services.rebalance_session(session_id=waiting_session_id)


@events.subscriber(events.CapacityChanged)
def _fill_new_seats(event: events.CapacityChanged) -> None:
    _rebalance(series_id=event.series_id, session_id=event.session_id)


@events.subscriber(events.SessionRescheduled)
@events.subscriber(events.SessionReinstated)
def _fill_seats_of_an_upcoming_session(
    event: events.SessionRescheduled | events.SessionReinstated,
) -> None:
    _rebalance(series_id=event.series_id, session_id=event.session_id)


@events.subscriber(events.SessionRescheduled, after_commit=True)
def _send_updated_invites(event: events.SessionRescheduled) -> None:
    if not event.notify:
        return
    if event.old_starts_at is None:
        notifications.session_changed(event.session_id)
        return
    notifications.session_changed(
        event.session_id,
        change=notifications.Change(
            old_starts_at=event.old_starts_at,
            old_ends_at=event.old_ends_at,
            time_changed=event.time_changed,
            join_url_changed=event.join_url_changed,
        ),
    )


@events.subscriber(events.SessionReinstated, after_commit=True)
def _send_reinstated_invites(event: events.SessionReinstated) -> None:
    notifications.session_changed(event.session_id)


@events.subscriber(events.SessionCancelled, after_commit=True)
def _send_cancellations(event: events.SessionCancelled) -> None:
    if event.notify:
        notifications.session_cancelled(event.session_id)
