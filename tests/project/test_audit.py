"""The one audit helper (tinget/audit.py): what an entry records, and what it leaves out."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import SessionFactory, UserFactory
from tinget.audit import audit

pytestmark = pytest.mark.django_db


def test_entry_names_the_object_its_series_and_the_logged_in_actor():
    session = SessionFactory()
    organiser = UserFactory()
    when = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)

    entry = audit(
        "session.rescheduled",
        actor=organiser,
        obj=session,
        series=session.series,
        people=3,
        detail={"starts_at": when, "session": session},
    )

    entry.refresh_from_db()
    assert (entry.action, entry.object_type, entry.object_id) == (
        "session.rescheduled",
        "session",
        str(session.pk),
    )
    assert entry.actor == organiser
    assert entry.series == session.series
    assert entry.people_count == 3
    assert entry.detail == {"starts_at": "2030-01-07T09:00:00+00:00", "session": session.pk}


def test_anonymous_or_system_actor_is_left_empty():
    session = SessionFactory()

    by_visitor = audit("registration.created", actor=AnonymousUser(), obj=session)
    by_system = audit("registrations.expired", series_id=session.series_id, people=2)

    assert by_visitor.actor is None
    assert by_system.actor is None
    assert by_system.series_id == session.series_id
    assert (by_system.object_type, by_system.object_id) == ("", "")
