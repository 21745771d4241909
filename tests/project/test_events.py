"""Domain events: who hears what, and when (tinget/events.py)."""

import pytest
from django.db import transaction

from tests.factories import SeriesFactory
from tinget import events
from tinget.programme import services as programme_services


@pytest.fixture
def heard(monkeypatch):
    """A recorder as the only subscriber, on a handler table of its own (nothing leaks)."""
    monkeypatch.setattr(events, "_handlers", {})
    calls = []
    events.subscribe(events.Event, lambda event: calls.append(("now", event)))
    events.subscribe(
        events.Event, lambda event: calls.append(("after_commit", event)), after_commit=True
    )
    return calls


@pytest.mark.django_db(transaction=True)
def test_after_commit_subscriber_runs_only_when_the_transaction_commits(heard):
    with transaction.atomic():
        events.publish(events.SessionCancelled(session_id=1, series_id=2, sequence=3))
        assert [when for when, _event in heard] == ["now"]
    assert [when for when, _event in heard] == ["now", "after_commit"]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_drops_after_commit_subscribers(heard):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish(events.SessionCancelled(session_id=1, series_id=2, sequence=3))
        raise RuntimeError
    assert [when for when, _event in heard] == ["now"]


@pytest.mark.django_db(transaction=True)
def test_creating_a_session_announces_it_with_its_ids(heard):
    series = SeriesFactory()
    draft_times = {"starts_at": "2030-01-07T09:00+01:00", "ends_at": "2030-01-07T10:00+01:00"}

    session = programme_services.create_session(user=None, series=series, **draft_times)

    created = [e for when, e in heard if when == "now" and isinstance(e, events.SessionCreated)]
    assert created == [events.SessionCreated(session_id=session.pk, series_id=series.pk)]


def test_publishing_something_that_is_not_an_event_is_refused():
    with pytest.raises(TypeError):
        events.publish({"session_id": 1})
    with pytest.raises(TypeError):
        events.subscribe(dict, print)
